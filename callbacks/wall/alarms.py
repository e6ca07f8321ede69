"""What should interrupt the wall now (incidents, fire alerts, hotspots): a live view read once per second for all
screens; hotspots (a heavier read) a live view of their own, once a minute."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy.orm import Session

from data_access.video import channels
from data_access.wall import vitals as wall
from data_access.worktime import to_local
from web import live
from web.live import LiveView

NONE = {"items": [], "rows": pd.DataFrame(), "top": None}
HOTSPOTS = LiveView("hotspot-alarms", lambda s, now: wall.hotspot_alarms(s, now), period=60)


def _alarms(s: Session, now: datetime) -> dict:
    events = wall.takeover_candidates(s, now)
    spots = live.snapshot(HOTSPOTS, now)
    spots = spots.value if spots.ok else pd.DataFrame(columns=events.columns)
    cands = pd.concat([events, spots[events.columns]], ignore_index=True) if not spots.empty else events
    cands = cands.sort_values(["severity", "at"], ascending=[True, False]).reset_index(drop=True)
    if cands.empty:
        return {"items": [], "rows": cands, "top": None}
    top = cands.iloc[0].to_dict()
    near = channels.nearest_cameras(s, top["lat"], top["lon"], limit=4)
    cams = near[["id", "name", "online", "distance_m"]].to_dict("records")
    top["at"] = to_local(top["at"]).strftime("%H:%M:%S")
    return {"items": cands[["key", "severity"]].to_dict("records"), "rows": cands, "top": {**top, "cameras": cams}}


ALARMS = LiveView("alarms", _alarms, period=1)


def alarms_now() -> dict:
    """{"items": [{key, severity}], "rows": DataFrame of all candidates, "top": the top one with nearest cameras}."""
    snap = live.snapshot(ALARMS)
    return snap.value if snap.ok else NONE
