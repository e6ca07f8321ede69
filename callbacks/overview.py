"""Overview (城市运行态势) panels: readers, renderers and the page's one refresh callback."""

from __future__ import annotations

from datetime import timedelta

from callbacks import _render as r
from callbacks._panels import Panel, ReadContext, register_page_refresh
from data_access import queries
from data_access.worktime import local_day


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
