"""Pure renderers of the emergency pages: data in, Dash children out (text from data always as text). Clocks are
spans carrying their due time: assets/emergency.js counts them down every second and sets amber/red."""

from __future__ import annotations

import math
from datetime import datetime
from urllib.parse import quote

import pandas as pd
from dash import dcc, html

from data_access.emergency import catalog as C
from data_access.emergency.clocks import Clock
from data_access.worktime import to_local
from web.i18n import t
from web.render import empty

ISO = "%Y-%m-%dT%H:%M:%SZ"


def hm(at: datetime | None) -> str:
    return "—" if at is None or pd.isna(at) else to_local(at).strftime("%m-%d %H:%M")


def level_badge(level: int, lang: str, *, long: bool = False) -> html.Span:
    return html.Span(t(f"em_level_{level}" if long else f"em_lv_{level}", lang), className=f"em-lv em-lv-{level}")


def drill_tag(lang: str) -> html.Span:
    return html.Span(t("em_drill", lang), className="em-drill-tag")


def countdown(due: datetime | None, starts: datetime | None, lang: str, *, state: str = "running") -> html.Span:
    """A clock that assets/emergency.js keeps ticking (data-due, data-amber in seconds)."""
    if due is None or pd.isna(due):
        return html.Span(t("em_clock_waiting", lang), className="em-clock em-clock-waiting")
    span = (due - starts).total_seconds() if starts is not None and not pd.isna(starts) else 3600
    amber = min(C.AMBER_AT.total_seconds(), span / 3)
    return html.Span(
        to_local(due).strftime("%H:%M"),
        className=f"em-clock em-clock-{state}",
        **{"data-due": due.strftime(ISO), "data-amber": str(int(amber))},
    )


def clock_row(c: Clock, lang: str, *, closed: bool = False) -> html.Li:
    if c.filed_at is None and closed:
        right = html.Span(
            t("em_clock_overdue" if c.state == "overdue" else "em_clock_waiting", lang),
            className=f"em-clock em-clock-static-{c.state}",
        )
    elif c.filed_at is not None:
        right = html.Span(
            f"{t('em_clock_done' if c.state == 'done' else 'em_clock_late', lang)} {hm(c.filed_at)}",
            className=f"em-clock em-clock-{c.state}",
        )
    else:
        right = countdown(c.due, c.starts, lang, state=c.state)
    return html.Li(
        [html.Span(t(f"em_clock_{c.key}", lang), className="em-clock-name"), right],
        className=f"em-clock-row em-cs-{c.state}",
        **{"data-clock": c.key},
    )


def clocks(cl: list[Clock], lang: str, *, closed: bool = False) -> html.Ul:
    return html.Ul([clock_row(c, lang, closed=closed) for c in cl], className="em-clocks")


def incident_rows(df: pd.DataFrame, lang: str) -> object:
    """The incident list: level, category, title (a link to its command view), town, stage, report clock."""
    if df.empty:
        return empty(lang)
    head = html.Tr(
        [
            html.Th(t(k, lang))
            for k in (
                "em_col_level",
                "em_col_category",
                "em_col_title",
                "em_col_town",
                "em_col_stage",
                "em_col_time",
                "em_col_clock",
            )
        ]
    )
    rows = []
    for r in df.to_dict("records"):
        title = [html.Span(str(r["title"]))]
        if r["exercise"]:
            title.insert(0, drill_tag(lang))
        due = r["next_due"] if r["status"] == "active" and not pd.isna(r["next_due"]) else None
        clock = (
            countdown(due, None, lang, state=r["clock_state"])
            if due
            else html.Span(t(f"em_stage_{r['stage']}", lang) if r["status"] == "closed" else "—", className="em-muted")
        )
        rows.append(
            html.Tr(
                [
                    html.Td(level_badge(int(r["level"]), lang)),
                    html.Td(t(f"em_cat_{r['category']}", lang), className="em-cat"),
                    html.Td(dcc.Link(title, href=f"/emergency/incident?id={int(r['id'])}", className="em-link")),
                    html.Td(str(r["town"])),
                    html.Td(html.Span(t(f"em_stage_{r['stage']}", lang), className=f"em-stage em-stage-{r['stage']}")),
                    html.Td(hm(r["started_at"]), className="em-num"),
                    html.Td(clock),
                ],
                className="em-row"
                + (" em-row-drill" if r["exercise"] else "")
                + (" em-row-closed" if r["status"] == "closed" else ""),
                **{"data-level": str(int(r["level"]))},
            )
        )
    return html.Table([html.Thead(head), html.Tbody(rows)], className="em-table")


def warnings(df: pd.DataFrame, lang: str, *, actions: bool = False) -> object:
    if df.empty:
        return html.Div(t("em_w_none", lang), className="em-muted")
    items = []
    for r in df.to_dict("records"):
        name = C.HAZARDS.get(r["hazard"], (r["hazard"],))[0]
        head = [html.Span(t(f"em_color_{r['color']}", lang), className=f"em-wc em-wc-{r['color']}"), html.Span(name)]
        if r["exercise"]:
            head.insert(0, drill_tag(lang))
        until = t("em_w_until", lang, t=hm(r["expires_at"])) if r["expires_at"] is not None else ""
        body = [
            html.Div(head, className="em-w-head"),
            html.Div(str(r["headline"]), className="em-w-title"),
            html.Div([html.Span(str(r["area_desc"])), html.Span(until, className="em-muted")], className="em-w-meta"),
            html.Div(
                [
                    html.Span(str(r["identifier"]), className="em-w-id"),
                    html.A(
                        t("em_w_cap", lang),
                        href=f"/api/cap/{quote(str(r['identifier']))}.xml",
                        className="em-w-cap",
                        target="_blank",
                    ),
                ],
                className="em-w-meta",
            ),
        ]
        if actions:
            body.append(
                html.Div(
                    [
                        html.Button(
                            t("em_w_lift", lang),
                            className="shell-btn em-w-btn",
                            id={"type": "emergency-w-lift", "key": str(r["event_id"]), "v": int(r["version"])},
                        ),
                    ]
                )
            )
        items.append(html.Li(body, className=f"em-w em-w-{r['color']}"))
    return html.Ul(items, className="em-ws")


def kpi_tile(value, lang: str, *, level: str = "normal", unit: str = "unit_items") -> html.Div:
    text = "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,}"
    return html.Div(
        [html.Span(text, className=f"kpi-value kpi-{level}"), html.Span(t(unit, lang), className="kpi-unit")],
        className="kpi",
    )


def supervision(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return html.Div(t("em_none", lang), className="em-muted")
    items = []
    for r in df.head(12).to_dict("records"):
        text = t("em_sup_item", lang, clock=t(f"em_clock_{r['clock']}", lang), n=int(r["minutes_late"]))
        title = [html.Span(str(r["title"]))]
        if r["exercise"]:
            title.insert(0, drill_tag(lang))
        items.append(
            html.Li(
                [
                    level_badge(int(r["level"]), lang),
                    dcc.Link(title, href=f"/emergency/incident?id={int(r['id'])}", className="em-link"),
                    html.Span(text, className="em-sup-late"),
                ],
                className="em-sup",
            )
        )
    return html.Ul(items, className="em-sups")


def duty(data: dict, lang: str) -> object:
    ros: pd.DataFrame = data["roster"]
    if ros.empty:
        return empty(lang)
    blocks = []
    for k, (start, part) in enumerate(ros.groupby("starts_at", sort=True)):
        label = t("em_duty_now" if k == 0 else "em_duty_next", lang)
        rows = [
            html.Li(
                [
                    html.Span(t(f"em_duty_post_{r['post']}", lang), className="em-muted"),
                    html.Span(str(r["person"] or "—")),
                    html.Span(str(r["phone"] or ""), className="em-num em-muted"),
                ],
                className="em-duty-row",
            )
            for r in part.to_dict("records")
        ]
        end = part["ends_at"].iloc[0]
        blocks.append(
            html.Div([html.H3(f"{label} {hm(start)}–{to_local(end):%H:%M}"), html.Ul(rows)], className="em-duty")
        )
        if k >= 1:
            break
    hos: pd.DataFrame = data["handovers"]
    if not hos.empty:
        h = hos.iloc[0]
        state = (
            t("em_duty_acked", lang, who=h["acked_by"], t=hm(h["acked_at"]))
            if h["acked_at"] is not None and not pd.isna(h["acked_at"])
            else t("em_duty_unacked", lang)
        )
        ho = [
            html.H3(t("em_duty_handover", lang)),
            html.Div(str(h["note"]), className="em-ho-note"),
            html.Div(
                [
                    html.Span(f"{h['by']} {hm(h['at'])}", className="em-muted"),
                    html.Span(state, className="em-ho-state" + (" late" if h["late"] else "")),
                ],
                className="em-w-meta",
            ),
        ]
        blocks.append(html.Div(ho, className="em-duty em-ho", **{"data-handover": str(h["event_id"])}))
    return html.Div(blocks, className="em-duties")


def hazards(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return empty(lang)
    rows = []
    for r in df.head(14).to_dict("records"):
        late = int(r["days_overdue"])
        state = t("em_hz_overdue", lang, n=late) if late else t("em_hz_next", lang, d=str(r["next_due"])[5:])
        rows.append(
            html.Tr(
                [
                    html.Td(str(r["name"])),
                    html.Td(str(r["kind"]), className="em-muted"),
                    html.Td(t("em_hz_level", lang, n=int(r["level"])), className=f"em-hz-l{int(r['level'])}"),
                    html.Td(str(r["town"]), className="em-muted"),
                    html.Td(state, className="em-bad" if late else "em-muted"),
                ]
            )
        )
    return html.Table(html.Tbody(rows), className="em-table em-table-tight")


def stores(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return empty(lang)
    rows = []
    for r in df.to_dict("records"):
        flags = []
        if r["low"]:
            flags.append(html.Span(t("em_store_low", lang), className="em-flag em-bad"))
        if r["expiring"]:
            flags.append(html.Span(t("em_store_expiring", lang), className="em-flag em-warn"))
        rows.append(
            html.Tr(
                [
                    html.Td(str(r["store"]), className="em-muted"),
                    html.Td(str(r["item"])),
                    html.Td(f"{int(r['quantity']):,} {r['unit']}", className="em-num"),
                    html.Td(f"≥ {int(r['min_quantity']):,}", className="em-num em-muted"),
                    html.Td(flags),
                ]
            )
        )
    return html.Table(html.Tbody(rows), className="em-table em-table-tight")


def points(df: pd.DataFrame, layer: str, **extra) -> list[dict]:
    feats = []
    for r in df.to_dict("records"):
        if r.get("lat") is None or r.get("lon") is None:
            continue
        props = {"layer": layer, **{k: (r.get(v) if isinstance(v, str) and v in r else v) for k, v in extra.items()}}
        feats.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]}, "properties": props}
        )
    return feats


def overview_map(data: dict, _lang: str) -> dict:
    inc = data["incidents"]
    inc = inc[inc["status"] == "active"] if not inc.empty else inc
    feats = points(inc, "incident", level="level", drill="exercise")
    feats += points(data["resources"], "resource", kind="kind", state="status")
    feats += points(data["hazards"], "hazard", level="level")
    return {"type": "FeatureCollection", "features": feats}
