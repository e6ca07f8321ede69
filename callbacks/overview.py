"""Overview (城市运行态势) panels: readers, renderers and the page's one refresh callback."""

from __future__ import annotations

import uuid
from datetime import timedelta

from dash import ALL, Input, Output, State, callback, html, no_update
from dash import ctx as dash_ctx

from callbacks import _render as r
from callbacks._alarms import alarms_now
from callbacks._auth import SEAT_ROLES, allow, current_principal, record
from callbacks._context import db_url
from callbacks._i18n import current_lang, t
from callbacks._panels import Panel, ReadContext, register_page_refresh
from data_access import events as ev
from data_access import queries
from data_access.db import write_session
from data_access.lifecycle import WriteError
from data_access.worktime import local_day, to_local, utcnow
from data_access.writes import apply


def _kpis(s, ctx: ReadContext):
    return queries.today_kpis(s, ctx.now).set_index("key")


def _kpi_renderer(key: str, *, higher_is_good: bool = True):
    def render(df, lang):
        if key not in df.index:
            return r.empty(lang)
        row = df.loc[key]
        return r.kpi(
            float(row["value"]),
            "unit_items",
            lang,
            yesterday=float(row["yesterday"]),
            last_week=float(row["last_week"]),
            higher_is_good=higher_is_good,
        )

    return render


def _open(s, ctx: ReadContext):
    return queries.open_tickets(s, ctx.now)


def _render_open(df, lang):
    return r.kpi(float(df["open"].sum()), "unit_items", lang)


def _render_overdue(df, lang):
    n = float(df["overdue"].sum())
    return r.kpi(n, "unit_items", lang, level="alarm" if n > 0 else "normal")


def _satisfaction(s, ctx: ReadContext):
    end = local_day(ctx.now)
    return queries.satisfaction(s, start=end - timedelta(days=29), end=end)


def _render_satisfaction(df, lang):
    rate = float(df["rate"].iloc[0]) * 100
    level = "normal" if rate >= 88 else ("warn" if rate >= 80 else "alarm")
    return r.kpi(rate, "unit_pct", lang, digits=1, level=level)


def _trend(s, ctx: ReadContext):
    return queries.trend(s, end=local_day(ctx.now), days=30)


def _top(s, ctx: ReadContext):
    return queries.top_categories(s, end=local_day(ctx.now), days=7, limit=8)


def _feed(s, ctx: ReadContext):
    return queries.latest_tickets(s, role=ctx.role, limit=14)


def _map(s, ctx: ReadContext):
    return {"towns": queries.town_outlines(s), "points": queries.open_ticket_points(s, limit=2000), "now": ctx.now}


def _render_map(data, lang):
    towns = r.outlines_geojson(data["towns"])
    points = r.points_geojson(data["points"], now=data["now"], kind_col="stream")
    return {"type": "FeatureCollection", "features": towns["features"] + points["features"]}


PANELS = [
    Panel("hotline-today", "kpi_hotline_received", _kpis, _kpi_renderer("hotline_received"), width=2, href="/hotline"),
    Panel("cm-today", "kpi_cm_received", _kpis, _kpi_renderer("cm_received"), width=2, href="/hotline"),
    Panel(
        "alerts-today",
        "kpi_alert_raised",
        _kpis,
        _kpi_renderer("alert_raised", higher_is_good=False),
        width=2,
        href="/video",
    ),
    Panel("open", "kpi_open", _open, _render_open, width=2, href="/hotline"),
    Panel("overdue", "kpi_overdue", _open, _render_overdue, width=2, href="/hotline"),
    Panel("satisfaction", "kpi_satisfaction", _satisfaction, _render_satisfaction, width=2, href="/hotline"),
    Panel(
        "trend",
        "panel_trend",
        _trend,
        lambda df, lang: r.series(df, lang, x="day", y="n", by="stream", label_prefix="stream_"),
        kind="series",
        width=5,
    ),
    Panel("map", "panel_map", _map, _render_map, kind="map", width=4, height=2, href="/gis"),
    Panel(
        "feed",
        "panel_feed",
        _feed,
        lambda df, lang: r.feed(df, lang, ["created_local", "category", "town", "status", "text"], status_col="status"),
        kind="feed",
        width=3,
        height=2,
        href="/hotline",
    ),
    Panel(
        "top",
        "panel_top_categories",
        _top,
        lambda df, lang: r.ranking(df, lang, label="name", value="n"),
        kind="bar",
        width=5,
    ),
]

IDS = register_page_refresh("overview", PANELS)


# ---- alarms for seats: what holds the wall, and the acknowledgement that releases it ----------------------
ACK_ROLES = ("officer", "supervisor", "admin")


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
        return [], []
    rows = alarms_now()["rows"]
    keys = [] if rows.empty else list(rows["key"])
    if keys == seen:
        return no_update, no_update
    return render_alarms(rows, current_lang(), who.role in ACK_ROLES), keys


@callback(Output(ID.ACK_RESULT, "children"), Input(ID.ack(ALL), "n_clicks"), prevent_initial_call=True)
@allow(*ACK_ROLES, acts=True)
def acknowledge_alarm(clicks):
    """Acknowledge an incident (releases the wall takeover); audited; a stale or repeated click changes nothing."""
    key = (dash_ctx.triggered_id or {}).get("key", "")
    if not any(clicks or []) or not isinstance(key, str) or not key.startswith("incident:"):
        return no_update
    who, lang = current_principal(), current_lang()
    update = ev.IncidentUpdate(
        event_id=f"ack:{uuid.uuid4().hex}",
        incident_event_id=key.split(":", 1)[1],
        kind="ack",
        at=utcnow(),
        actor=who.username,
        note="席位确认",
    )
    try:
        with write_session(db_url()) as s:
            apply(s, [update])
    except WriteError as exc:
        record(who, "incident_ack", key, "error", str(exc))
        return str(exc)
    record(who, "incident_ack", key, "ok")
    return t("wall_acked", lang)
