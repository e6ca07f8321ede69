"""What should interrupt the wall now: each alarm source (data_access/wall/alarms.py) read as a live view at its own
period, shared by every screen; merged once a second into the takeover's top alarm and the seats' alarm list."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy.orm import Session

from data_access.video import channels
from data_access.wall import alarms
from data_access.worktime import to_local
from web import live
from web.live import LiveView

COLUMNS = [*alarms.CORE]
NONE = {"items": [], "rows": pd.DataFrame(columns=COLUMNS), "top": None}
VIEWS = {kind: LiveView(f"alarms-{kind}", src.read, period=src.period) for kind, src in alarms.SOURCES.items()}


def _merged(s: Session, now: datetime) -> dict:
    found: list[alarms.Alarm] = []
    for view in VIEWS.values():
        snap = live.snapshot(view, now)
        found += snap.value if snap.ok else []  # a failing source leaves the others on the wall
    ranked = alarms.ordered(found)
    if not ranked:
        return NONE
    rows = pd.DataFrame([a.row() for a in ranked])
    top = ranked[0].row()
    near = channels.nearest_cameras(s, top["lat"], top["lon"], limit=4)
    top["cameras"] = near[["id", "name", "online", "distance_m"]].to_dict("records")
    top["at"] = to_local(top["at"]).strftime("%H:%M:%S")
    return {"items": [{"key": a.key, "severity": a.severity} for a in ranked], "rows": rows, "top": top}


ALARMS = LiveView("alarms", _merged, period=1)


def alarms_now() -> dict:
    """{"items": [{key, severity}], "rows": DataFrame of every alarm (core columns and facts), "top": the top alarm
    as a row with its nearest cameras}."""
    snap = live.snapshot(ALARMS)
    return snap.value if snap.ok else NONE
