"""Overview (城市运行态势) panels: readers, renderers and the page's one refresh callback."""

from __future__ import annotations

import dataclasses

from dash import ALL, Input, Output, State, callback, html, no_update
from dash import ctx as dash_ctx

from callbacks.refresh import register_page_refresh, send_changed
from callbacks.wall.alarms import alarms_now, evidence, local_time
from callbacks.wall.vitals import panels, vital
from data_access.roles import ACT_ROLES, SEAT_ROLES
from data_access.wall.alarms import Alarm
from web import live
from web import render as r
from web.auth import actor, allow, current_principal
from web.commands import alarms
from web.commands.base import Refused, execute
from web.context import db_url
from web.i18n import current_lang, refusal, t
from web.i18n.names import en, name
from web.panels import Panel


def _render_satisfaction30(df, lang: str):
    """满意率 over 30 days, saying how many rated requests it is over (the number its drill-down lists)."""
    rate = df["rate"].iloc[0] if not df.empty else None
    if rate is None or rate != rate:
        return r.empty(lang)
    pct = rate * 100
    return r.kpi(
        pct,
        "unit_pct",
        lang,
        digits=1,
        level="normal" if pct >= 88 else ("warn" if pct >= 80 else "alarm"),
        scope=t("scope_rated", lang, n=f"{int(df['rated'].iloc[0]):,}"),
    )


def _render_feed(df, lang: str):
    """The live tickets, categories and towns in the page's language."""
    if lang == "en" and not df.empty:
        df = df.assign(
            category=[en("category", c, lang) for c in df["category"]],
            town=[en("town", c, lang) for c in df["town"]],
        )
    return r.feed(df, lang, ["created_local", "category", "town", "status", "text"], status_col="status")


def _render_top(df, lang: str):
    if lang == "en" and not df.empty:
        df = df.assign(name=[name("category", c, n, lang) for c, n in zip(df["category"], df["name"], strict=True)])
    return r.ranking(df, lang, label="name", value="n")


# tile -> (its renderer, saying what it counts; the list it drills to, filtered the same way)
DRILLS = {
    "received": (vital("hotline_received", scope="scope_hotline"), "/hotline?stream=hotline&when=received_today"),
    "closed": (vital("hotline_closed", scope="scope_hotline"), "/hotline?stream=hotline&when=closed_today"),
    "cm": (vital("cm_received", scope="scope_cm"), "/hotline?stream=cm&when=received_today"),
    "alerts": (vital("alert_raised", higher_is_good=False, scope="scope_alerts"), "/video"),
    "overdue": (
        vital("overdue", higher_is_good=False, alarm_above=0, scope="scope_overdue_all"),
        "/hotline?sla=overdue",
    ),
    "satisfaction30": (_render_satisfaction30, "/hotline?stream=hotline&when=rated_30d"),
}


def _compose() -> list[Panel]:
    """The overview is a composition of the shared vital-signs panels (the same ones the wall shows); its KPI
    tiles say what they count and drill to the tickets they count."""
    base = panels("")
    for key, (renderer, href) in DRILLS.items():
        base[key] = dataclasses.replace(base[key], renderer=renderer, href=href)
    base["feed"] = dataclasses.replace(base["feed"], renderer=_render_feed)
    base["top"] = dataclasses.replace(base["top"], renderer=_render_top)
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


def render_alarms(items: list[Alarm], lang: str, can_ack: bool) -> list:
    """One row per alarm waiting for a seat (the one holding the wall, and those whose takeover timed out), most
    severe first: kind, its evidence, title, since when; every kind gets an acknowledge button for seats that act."""
    rows = []
    for a in items:
        button = (
            html.Button(t("wall_ack", lang), id=ID.ack(a.key), className="alarm-ack", n_clicks=0) if can_ack else None
        )
        rows.append(
            html.Div(
                [
                    html.Span(t(f"wall_takeover_{a.kind}", lang), className="alarm-kind"),
                    html.Span(evidence(a.facts, lang), className=f"lvl lvl-{min(a.severity, 4)}"),
                    html.Span(a.title, className="alarm-title"),
                    html.Span(local_time(a.at), className="alarm-at"),
                    button,
                ],
                className="alarm-row",
                **{"data-key": a.key},  # type: ignore[arg-type]
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
    items, lang = alarms_now().alarms, current_lang()
    shown = [(a.key, evidence(a.facts, lang), local_time(a.at)) for a in items]
    can_ack = who.role in ACK_ROLES
    return send_changed(seen, live.digest(shown, can_ack, lang), lambda: render_alarms(items, lang, can_ack))


@callback(Output(ID.ACK_RESULT, "children"), Input(ID.ack(ALL), "n_clicks"), prevent_initial_call=True)
@allow(*ACK_ROLES, acts=True)
def acknowledge_alarm(clicks):
    """Acknowledge an alarm of any kind (releases the wall's takeover and rail); audited; a stale or repeated click
    changes nothing."""
    key = (dash_ctx.triggered_id or {}).get("key", "")
    if not any(clicks or []) or not isinstance(key, str) or not key:
        return no_update
    try:
        execute(db_url(), actor(), alarms.action(key), key[:80], lambda s: alarms.acknowledge(s, actor(), key))
    except Refused as r:
        return r.detail or refusal(r.code, "", current_lang())
    return t("wall_acked", current_lang())
