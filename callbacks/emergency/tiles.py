"""Emergency tiles for the wall and the overview (panels composed in callbacks/wall/vitals.py): warnings in force
by colour, resources out and shelter occupancy. Drills never count; no personal data."""

from __future__ import annotations

import pandas as pd
from dash import html

from data_access.emergency import incidents as iq
from data_access.emergency import warnings as wq
from web.i18n import t
from web.panels import ReadContext
from web.render import empty

COLOR_LEVEL = {"red": 1, "orange": 2, "yellow": 3, "blue": 4}


def warnings_reader(s, ctx: ReadContext) -> pd.DataFrame:
    df = wq.in_force(s, ctx.now)
    return df[~df["exercise"].astype(bool)][["color", "hazard", "headline"]] if not df.empty else df


def render_warnings(df: pd.DataFrame, lang: str):
    if df.empty:
        return html.Div(t("em_w_none", lang), className="panel-empty")
    return html.Ul(
        [
            html.Li(
                [
                    html.Span(t(f"em_color_{c}", lang), className=f"lvl lvl-{COLOR_LEVEL[c]}"),
                    html.Span(str(h), className="lvl-text"),
                ],
                className="lvl-row",
            )
            for c, h in zip(df["color"], df["headline"], strict=True)
        ][:5],
        className="lvl-list",
    )


def resources_reader(s, _ctx: ReadContext) -> dict:
    sh = iq.shelters(s)
    cap = int(sh["capacity"].sum()) if not sh.empty else 0
    return {"out": iq.resources_out(s), "occupancy": int(sh["occupancy"].sum()) if cap else 0, "capacity": cap}


def render_resources(d: dict, lang: str):
    if not d:
        return empty(lang)
    return html.Ul(
        [
            html.Li(
                [html.Span(t("em_kpi_out", lang)), html.Span(f"{d['out']:,}", className="lvl-n")], className="lvl-row"
            ),
            html.Li(
                [
                    html.Span(t("em_kpi_shelter", lang)),
                    html.Span(f"{d['occupancy']:,} / {d['capacity']:,}", className="lvl-n"),
                ],
                className="lvl-row",
            ),
        ],
        className="lvl-list",
    )
