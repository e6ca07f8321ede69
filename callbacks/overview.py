"""Overview (城市运行态势) panels: readers, renderers and the page's one refresh callback."""

from __future__ import annotations

import dataclasses

from dash import ALL, Input, Output, State, callback, html, no_update
from dash import ctx as dash_ctx

from callbacks.refresh import register_page_refresh, send_changed
from callbacks.wall.alarms import alarms_now
from callbacks.wall.vitals import panels
from data_access.roles import ACT_ROLES, SEAT_ROLES
from data_access.worktime import to_local
from web import live
from web.auth import actor, allow, current_principal
from web.commands import alarms
from web.commands.base import Refused, execute
from web.context import db_url
from web.i18n import current_lang, refusal, t
from web.panels import Panel


def _compose() -> list[Panel]:
    """The overview is a composition of the shared vital-signs panels (the same ones the wall shows)."""
    base = panels("")
    layout = [
        ("received", 2, 1),
        ("closed", 2, 1),
        ("cm", 2, 1),
        ("alerts", 2, 1),
        ("overdue", 2, 1),
        ("satisfaction30", 2, 1),
        ("trend", 5, 1),
        ("map", 4, 2),
        ("feed", 3, 2),
        ("top", 5, 1),
        ("convenience", 12, 1),
    ]
    return [dataclasses.replace(base[key], width=w, height=h) for key, w, h in layout]


PANELS = _compose()
IDS = register_page_refresh("overview", PANELS)


# ---- alarms for seats: what holds the wall, and the acknowledgement that releases it ----------------------
ACK_ROLES = ACT_ROLES


class ID:
    ALARMS = "overview-alarms"
    ALARMS_INTERVAL = "overview-alarms-interval"
    ACK_RESULT = "overview-ack-result"
    ALARMS_SEEN = "overview-alarms-seen"

    @staticmethod
    def ack(key: str) -> dict:
        return {"type": "overview-ack", "key": key}


def render_alarms(df, lang: str, can_ack: bool) -> list:
    """One row per alarm holding the wall; incidents get an acknowledge button for seats that may act."""
    rows = []
    for rec in df.to_dict("records"):
        button = (
            html.Button(t("wall_ack", lang), id=ID.ack(rec["key"]), className="alarm-ack", n_clicks=0)
            if can_ack and rec["kind"] == "incident"
            else None
        )
        rows.append(
            html.Div(
                [
                    html.Span(t(f"wall_takeover_{rec['kind']}", lang), className="alarm-kind"),
                    html.Span(
                        t(f"wall_level_{int(rec['severity'])}", lang) if rec["kind"] == "incident" else "",
                        className=f"lvl lvl-{int(rec['severity'])}",
                    ),
                    html.Span(rec["title"], className="alarm-title"),
                    html.Span(to_local(rec["at"]).strftime("%H:%M:%S"), className="alarm-at"),
                    button,
                ],
                className="alarm-row",
            )
        )
    return rows


@callback(
    Output(ID.ALARMS, "children"),
    Output(ID.ALARMS_SEEN, "data"),
    Input(ID.ALARMS_INTERVAL, "n_intervals"),
    State(ID.ALARMS_SEEN, "data"),
)
@allow(*SEAT_ROLES, "wall", "visitor")
def refresh_alarms(_n, seen):
    """Alarms for seats; re-sent only when the set changes (buttons stay put under the pointer)."""
    who = current_principal()
    if who.role not in SEAT_ROLES:
        return send_changed(seen, "", [])
    rows, lang = alarms_now()["rows"], current_lang()
    keys = [] if rows.empty else list(rows["key"])
    can_ack = who.role in ACK_ROLES
    return send_changed(seen, live.digest(keys, can_ack, lang), lambda: render_alarms(rows, lang, can_ack))


@callback(Output(ID.ACK_RESULT, "children"), Input(ID.ack(ALL), "n_clicks"), prevent_initial_call=True)
@allow(*ACK_ROLES, acts=True)
def acknowledge_alarm(clicks):
    """Acknowledge an incident (releases the wall takeover); audited; a stale or repeated click changes nothing."""
    key = (dash_ctx.triggered_id or {}).get("key", "")
    if not any(clicks or []) or not isinstance(key, str) or not key.startswith("incident:"):
        return no_update
    try:
        execute(db_url(), actor(), "incident_ack", key[:80], lambda s: alarms.acknowledge(s, actor(), key))
    except Refused as r:
        return r.detail or refusal(r.code, "", current_lang())
    return t("wall_acked", current_lang())
