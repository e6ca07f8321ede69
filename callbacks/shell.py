"""Shell callbacks: the global heartbeat (age of the newest data)."""

from __future__ import annotations

import json

from dash import Input, Output, callback

from data_access.roles import ALL_ROLES
from data_access.worktime import utcnow
from settings import SETTINGS
from web.auth import allow
from web.panels import heartbeat


class ID:
    LOCATION = "shell-location"
    HEARTBEAT = "shell-heartbeat"
    HEARTBEAT_INTERVAL = "shell-heartbeat-interval"
    CLOCK = "shell-clock"
    LANG = "shell-lang"


@callback(Output(ID.HEARTBEAT, "data-meta"), Input(ID.HEARTBEAT_INTERVAL, "n_intervals"))
@allow(*ALL_ROLES)
def refresh_heartbeat(_n):
    now = utcnow()
    at = heartbeat(now)
    age = "" if at is None else str(max(0, int((now - at).total_seconds() * 1000)))
    return json.dumps(
        {
            "data-age-ms": age,
            "data-period-ms": str(SETTINGS.refresh_seconds * 1000),
            "data-stale-periods": "2",
            "data-error": "",
        }
    )
