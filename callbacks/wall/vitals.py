"""Panels of the city's vital signs, shared by the wall scenes, the tour and the overview."""

from __future__ import annotations

import math
from datetime import timedelta

import pandas as pd
from dash import html

from callbacks.emergency import tiles as em
from data_access import queries
from data_access.wall import alarms
from data_access.wall import map as city
from data_access.wall import vitals as wall
from data_access.worktime import local_day, to_local
from web import render as r
from web.i18n import t
from web.panels import Panel, ReadContext


def _vitals(s, ctx: ReadContext):
    return wall.vital_signs(s, ctx.now).set_index("key")


def _num(v) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def vital(
    key: str,
    unit: str = "unit_items",
    *,
    higher_is_good: bool = True,
    digits: int = 0,
    alarm_above: float | None = None,
    warn_below: float | None = None,
    scope: str | None = None,
):
    """A renderer for one row of vital_signs: value, trend vs the same time yesterday and last week, threshold
    colour; `scope` (a translation key) says on the tile what the number counts."""

    def render(df: pd.DataFrame, lang: str):
        if key not in df.index or _num(df.loc[key, "value"]) is None:
            return r.empty(lang)
        row = df.loc[key]
        value = float(row["value"])
        level = "normal"
        if alarm_above is not None and value > alarm_above:
            level = "alarm"
        if warn_below is not None and value < warn_below:
            level = "warn"
        return r.kpi(
            value,
            unit,
            lang,
            yesterday=_num(row["yesterday"]),
            last_week=_num(row["last_week"]),
            higher_is_good=higher_is_good,
            digits=digits,
            level=level,
            scope=t(scope, lang) if scope else None,
        )

    return render


def _signing(s, ctx: ReadContext):
    return wall.signing_rate(s, ctx.now)


def _render_signing(df: pd.DataFrame, lang: str):
    """按时签收率 over 7 days (departments do not sign on rest days: a daily rate would blank at weekends)."""
    row = df.iloc[0]
    if _num(row["value"]) is None:
        return r.empty(lang)
    return r.kpi(
        float(row["value"]),
        "unit_pct",
        lang,
        yesterday=_num(row["yesterday"]),
        last_week=_num(row["last_week"]),
        digits=1,
        level="normal" if row["value"] >= 90 else "warn",
        labels=("vs_yesterday_7d", "vs_last_week_7d"),  # 7-day windows, not the same time of day
    )


def _cameras(s, _ctx):
    return wall.camera_status(s)


def _render_cameras(df: pd.DataFrame, lang: str):
    rate = _num(df["rate"].iloc[0])
    if rate is None:
        return r.empty(lang)
    row = df.iloc[0]
    return html.Div(
        [
            r.kpi(rate * 100, "unit_pct", lang, digits=1, level="normal" if rate >= 0.95 else "warn"),
            html.Div(
                f"{t('wall_online', lang)} {int(row['online']):,} · {t('wall_offline', lang)} {int(row['offline']):,}",
                className="kpi-foot",
            ),
        ],
        className="kpi-stack",
    )


def _freshness(s, ctx: ReadContext):
    return wall.data_freshness(s, ctx.now)


def _render_freshness(df: pd.DataFrame, lang: str):
    row = df.iloc[0]
    if not row["sources"]:
        return r.empty(lang)
    rate = 100 * row["fresh"] / row["sources"]
    return html.Div(
        [
            r.kpi(rate, "unit_pct", lang, digits=0, level="normal" if rate >= 90 else "warn"),
            html.Div(f"{int(row['fresh'])} / {int(row['sources'])} · {int(row['records']):,}", className="kpi-foot"),
        ],
        className="kpi-stack",
    )


def _alerts(s, ctx: ReadContext):
    return wall.alerts_by_category(s, ctx.now)


def _render_alerts(df: pd.DataFrame, lang: str):
    if df.empty:
        return r.empty(lang)
    d = df.assign(label=[t(f"alert_cat_{c}", lang) if f"alert_cat_{c}" in _known() else c for c in df["category"]])
    return r.ranking(d, lang, label="label", value="n")


def _known() -> set[str]:
    from web.i18n import TR

    return set(TR)


def _incidents(s, _ctx):
    return wall.active_incidents(s)


def _render_incidents(df: pd.DataFrame, lang: str):
    items = [
        html.Li(
            [
                html.Span(t(f"wall_level_{int(lv)}", lang), className=f"lvl lvl-{int(lv)}"),
                html.Span(f"{int(n)}", className="lvl-n"),
            ],
            className="lvl-row",
        )
        for lv, n in zip(df["level"], df["n"], strict=True)
    ]
    return html.Ul(items, className="lvl-list")


def _water(s, ctx: ReadContext):
    return wall.water_status(s, ctx.now)


def _render_water(df: pd.DataFrame, lang: str):
    if df.empty:
        return r.empty(lang)
    rows = []
    for rec in df.to_dict("records"):
        bad = int(rec["abnormal"])
        state = t("wall_water_abnormal", lang, n=bad) if bad else t("wall_water_ok", lang)
        rows.append(
            html.Li(
                [
                    html.Span(t(f"wall_water_{rec['kind']}", lang)),
                    html.Span(f"{int(rec['total'])}", className="water-total"),
                    html.Span(state, className="water-bad" if bad else "water-ok"),
                ],
                className="water-row",
            )
        )
    return html.Ul(rows, className="water-list")


def _hotspots(s, ctx: ReadContext):
    return pd.DataFrame(
        [a.row() for a in alarms.hotspot_alarms(s, ctx.now)], columns=[*alarms.CORE, "today", "baseline"]
    )


def _render_hotspots(df: pd.DataFrame, lang: str):
    """Hotspot warnings: category x town spiking against its own baseline (evidence: today vs baseline)."""
    if df.empty:
        return html.Div(t("wall_no_hotspots", lang), className="panel-empty")
    rows = [
        html.Li(
            [
                html.Span(rec["title"], className="hs-title"),
                html.Span(t("wall_hotspot_vs", lang, today=int(rec["today"]), base=rec["baseline"]), className="hs-vs"),
            ],
            className="hs-row",
        )
        for rec in df.to_dict("records")
    ]
    return html.Ul(rows, className="hs-list")


def _trend(s, ctx: ReadContext):
    return queries.trend(s, end=local_day(ctx.now), days=30)


def _top(s, ctx: ReadContext):
    return queries.top_categories(s, end=local_day(ctx.now), days=7, limit=8)


def dated(df: pd.DataFrame, now) -> pd.DataFrame:
    """The feed's times, or the date (MM-DD) for a row that is not today's: yesterday's 16:17 never sits above
    today's 10:26 looking like today's (the column keeps its width)."""
    if df.empty or "created_at" not in df.columns:
        return df
    today = to_local(now).date()
    stamps = [to_local(at) for at in df["created_at"]]
    out = df.copy()
    out["created_local"] = [t.strftime("%H:%M") if t.date() == today else t.strftime("%m-%d") for t in stamps]
    return out


def _feed(s, ctx: ReadContext):
    return dated(queries.latest_tickets(s, role=ctx.role, limit=20), ctx.now)


def _map(s, ctx: ReadContext):
    return {
        "towns": queries.town_outlines(s),
        "points": queries.open_ticket_points(s, now=ctx.now, limit=2000, role=ctx.role),
    }


def _render_map(data, _lang):
    towns = r.outlines_geojson(data["towns"])
    points = r.points_geojson(data["points"], kind_col="stream")
    return {"type": "FeatureCollection", "features": towns["features"] + points["features"]}


def _city_map(s, ctx: ReadContext):
    return city.city_map(s, ctx.now)


def _satisfaction30(s, ctx: ReadContext):
    end = local_day(ctx.now)
    return queries.satisfaction(s, start=end - timedelta(days=29), end=end)


def _render_satisfaction30(df: pd.DataFrame, lang: str):
    rate = _num(df["rate"].iloc[0])
    if rate is None:
        return r.empty(lang)
    pct = rate * 100
    return r.kpi(pct, "unit_pct", lang, digits=1, level="normal" if pct >= 88 else ("warn" if pct >= 80 else "alarm"))


def _town(ctx: ReadContext) -> str | None:
    return ctx.params.get("town")


def _town_vitals(s, ctx: ReadContext):
    return wall.town_vitals(s, ctx.now, _town(ctx)).set_index("key")


def _town_trend(s, ctx: ReadContext):
    town = _town(ctx)
    return (
        queries.trend(s, end=local_day(ctx.now), days=30, town=town)
        if town
        else pd.DataFrame(columns=["day", "stream", "n"])
    )


def _town_top(s, ctx: ReadContext):
    town = _town(ctx)
    return (
        queries.top_categories(s, end=local_day(ctx.now), days=7, limit=8, town=town)
        if town
        else pd.DataFrame(columns=["category", "name", "n"])
    )


def _town_feed(s, ctx: ReadContext):
    town = _town(ctx)
    return (
        dated(queries.latest_tickets(s, role=ctx.role, limit=20, town_code=town), ctx.now)
        if town
        else pd.DataFrame(columns=["ticket_no", "created_local", "category", "town", "status", "text"])
    )


def town_panels(prefix: str) -> dict[str, Panel]:
    """The panels of one town (the wall playlist's "town" parameter picks which)."""
    feed_cols = ["created_local", "category", "status", "text"]
    items = [
        Panel(f"{prefix}received", "kpi_hotline_received", _town_vitals, vital("received"), width=3, params=("town",)),
        Panel(f"{prefix}closed", "wall_kpi_closed", _town_vitals, vital("closed"), width=3, params=("town",)),
        Panel(
            f"{prefix}overdue",
            "kpi_overdue",
            _town_vitals,
            vital("overdue", higher_is_good=False, alarm_above=0),
            width=3,
            params=("town",),
        ),
        Panel(
            f"{prefix}satisfaction",
            "kpi_satisfaction",
            _town_vitals,
            vital("satisfaction", "unit_pct", digits=1, warn_below=85),
            width=3,
            params=("town",),
        ),
        Panel(
            f"{prefix}trend",
            "panel_trend",
            _town_trend,
            lambda df, lang: r.series(df, lang, x="day", y="n", by="stream", label_prefix="stream_"),
            kind="series",
            width=6,
            params=("town",),
        ),
        Panel(
            f"{prefix}feed",
            "panel_feed",
            _town_feed,
            lambda df, lang: r.feed(df, lang, feed_cols, status_col="status"),
            kind="feed",
            width=6,
            height=2,
            params=("town",),
        ),
        Panel(
            f"{prefix}top",
            "panel_top_categories",
            _town_top,
            lambda df, lang: r.ranking(df, lang, label="name", value="n"),
            kind="bar",
            width=6,
            params=("town",),
        ),
    ]
    return {pn.id.removeprefix(prefix): pn for pn in items}


def _convenience(s, ctx: ReadContext):
    from callbacks.services.services import _trend_groups  # 便民服务 usage (#16): one reader for overview and page

    return _trend_groups(s, ctx)


def _render_convenience(df, lang: str):
    from callbacks.services.services import render_groups

    return render_groups(df, lang)


def panels(prefix: str) -> dict[str, Panel]:
    """Every vital-signs panel, with ids prefixed so several scenes can show the same data."""

    def p(pid: str, title: str, reader, renderer, **kw) -> Panel:
        return Panel(f"{prefix}{pid}", title, reader, renderer, **kw)

    items = [
        p("received", "kpi_hotline_received", _vitals, vital("hotline_received"), width=2, href="/hotline"),
        p("dispatched", "wall_kpi_dispatched", _vitals, vital("hotline_dispatched"), width=2, href="/hotline"),
        p("signed", "wall_kpi_signed_rate", _signing, _render_signing, width=2, href="/hotline"),
        p("closed", "wall_kpi_closed", _vitals, vital("hotline_closed"), width=2, href="/hotline"),
        p(
            "overdue",
            "kpi_overdue",
            _vitals,
            vital("overdue", higher_is_good=False, alarm_above=0),
            width=2,
            href="/hotline",
        ),
        p(
            "satisfaction",
            "wall_kpi_satisfaction",
            _vitals,
            vital("hotline_satisfaction", "unit_pct", digits=1, warn_below=85),
            width=2,
            href="/hotline",
        ),
        p("cm", "kpi_cm_received", _vitals, vital("cm_received"), width=2, href="/hotline"),
        p("cm-closed", "wall_kpi_cm_closed", _vitals, vital("cm_closed"), width=2, href="/hotline"),
        p("alerts", "kpi_alert_raised", _vitals, vital("alert_raised", higher_is_good=False), width=2, href="/video"),
        p("incidents-today", "wall_kpi_incidents", _vitals, vital("incident_reported", higher_is_good=False), width=2),
        p("cameras", "wall_kpi_cameras", _cameras, _render_cameras, width=2, href="/video"),
        p("data", "wall_kpi_data", _freshness, _render_freshness, width=2),
        p(
            "trend",
            "panel_trend",
            _trend,
            lambda df, lang: r.series(df, lang, x="day", y="n", by="stream", label_prefix="stream_"),
            kind="series",
            width=5,
        ),
        p(
            "top",
            "panel_top_categories",
            _top,
            lambda df, lang: r.ranking(df, lang, label="name", value="n"),
            kind="bar",
            width=5,
        ),
        p("map", "panel_map", _map, _render_map, kind="map", width=4, height=2, href="/gis"),
        p("hero", "wall_panel_map", _city_map, lambda d, _lang: r.city_map_geojson(d), kind="map", width=5, height=2),
        p(
            "feed",
            "panel_feed",
            _feed,
            lambda df, lang: r.feed(
                df, lang, ["created_local", "category", "town", "status", "text"], status_col="status"
            ),
            kind="feed",
            width=3,
            height=2,
            href="/hotline",
        ),
        p("alert-cats", "wall_panel_alerts", _alerts, _render_alerts, kind="bar", width=3, href="/video"),
        p("incident-levels", "wall_panel_incidents", _incidents, _render_incidents, width=3),
        p("water", "wall_panel_water", _water, _render_water, width=3),
        p("hotspots", "wall_panel_hotspots", _hotspots, _render_hotspots, width=3, href="/hotline"),
        p("satisfaction30", "kpi_satisfaction", _satisfaction30, _render_satisfaction30, width=3, href="/hotline"),
        p(
            "convenience",
            "conv_panel_trend",
            _convenience,
            _render_convenience,
            kind="series",
            width=5,
            href="/services",
        ),
        p("em-warnings", "wall_panel_em_warnings", em.warnings_reader, em.render_warnings, width=3, href="/emergency"),
        p(
            "em-resources",
            "wall_panel_em_resources",
            em.resources_reader,
            em.render_resources,
            width=3,
            href="/emergency",
        ),
    ]
    return {pn.id.removeprefix(prefix): pn for pn in items}
