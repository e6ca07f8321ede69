"""Write handler for alarm acknowledgements: the first seat's acknowledgement of an alarm key is kept."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import AlarmAck, Category, GridArea, VideoAlert
from data_access.writes.batch import Batch

KEY = re.compile(r"^(alert:[\w.:-]{1,64}|hotspot:[A-Z0-9]{1,20}:\d{6,15}:\d{4}-\d{2}-\d{2})$")


def acknowledge(batch: Batch, e: ev.AlarmAcknowledged) -> None:
    """Keep the acknowledgement unless the key was acknowledged already (a second seat's changes nothing). The
    alarm must exist: an alert not yet reviewed, a hotspot of a known category and town."""
    if not isinstance(e.key, str) or not KEY.match(e.key) or len(e.key) > 80:
        raise WriteError("not an alert or hotspot alarm key")
    if not e.actor:
        raise WriteError("an acknowledgement needs its actor")
    s = batch.session
    kind, _, rest = e.key.partition(":")
    if kind == "alert":
        status = s.scalar(select(VideoAlert.status).where(VideoAlert.event_id == rest))
        if status is None:
            raise WriteError("no such alert")
        if status != "new":
            raise WriteError("the alert was reviewed already")
    else:
        category, town, day = rest.split(":")
        try:
            date.fromisoformat(day)
        except ValueError as exc:
            raise WriteError("not a hotspot alarm") from exc
        if batch.get(Category, category) is None or batch.get(GridArea, town) is None:
            raise WriteError("no such hotspot")
    if s.get(AlarmAck, e.key) is None:
        s.add(AlarmAck(key=e.key, at=e.at, actor=e.actor[:60]))
        s.flush()
