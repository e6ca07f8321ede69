"""Test data for the smart-community theme: signs of life for the watched, one resident left silent."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.models import ElderResident
from data_access.themes import community as cm
from data_access.writes import apply


def silence_one(url: str, now: datetime, hours: float = 30) -> ElderResident:
    """Every watched resident active an hour ago but the first of the demo worker's community, last seen `hours`
    ago; also makes the demo worker (grid1). Returns the silent one (detached)."""
    with write_session(url) as s:
        cm.ensure_demo_staff(s)
    with read_session(url) as s:
        staff = sorted(cm.staff_of(s, "grid1"))[0]
        residents = list(s.scalars(select(ElderResident).order_by(ElderResident.id)))
        s.expunge_all()
    silent = next(r for r in residents if r.community_code == staff)
    acts = []
    for r in residents:
        at = now - timedelta(hours=hours if r.id == silent.id else 1)
        acts += [ev.ResidentActivityIn(r.id, "water", at), ev.ResidentActivityIn(r.id, "door", at)]
    with write_session(url) as s:
        apply(s, acts)
    return silent
