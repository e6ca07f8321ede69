"""What should interrupt the wall now (incidents, fire alerts, hotspots), computed once per second for all
screens; hotspots (a heavier read) once a minute."""

from __future__ import annotations

import pandas as pd

from data_access.db import read_session
from data_access.video import channels
from data_access.wall import vitals as wall
from data_access.worktime import to_local, utcnow
from web.cache import cached
from web.context import db_url


def _hotspots(now) -> pd.DataFrame:
    def read() -> pd.DataFrame:
        with read_session(db_url()) as s:
            return wall.hotspot_alarms(s, now)

    return cached(f"hotspot-alarms:{int(now.timestamp()) // 60}", 120, read)


def alarms_now() -> dict:
    """{"items": [{key, severity}], "rows": DataFrame of all candidates, "top": the top one with nearest cameras}."""
    now = utcnow()

    def read() -> dict:
        with read_session(db_url()) as s:
            events = wall.takeover_candidates(s, now)
            spots = _hotspots(now)
            cands = pd.concat([events, spots[events.columns]], ignore_index=True) if not spots.empty else events
            cands = cands.sort_values(["severity", "at"], ascending=[True, False]).reset_index(drop=True)
            if cands.empty:
                return {"items": [], "rows": cands, "top": None}
            top = cands.iloc[0].to_dict()
            near = channels.nearest_cameras(s, top["lat"], top["lon"], limit=4)
            cams = near[["id", "name", "online", "distance_m"]].to_dict("records")
        top["at"] = to_local(top["at"]).strftime("%H:%M:%S")
        return {"items": cands[["key", "severity"]].to_dict("records"), "rows": cands, "top": {**top, "cameras": cams}}

    return cached(f"alarms:{int(now.timestamp())}", 3, read) or {"items": [], "rows": pd.DataFrame(), "top": None}
