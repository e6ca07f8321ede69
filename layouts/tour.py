"""Visitors' tour (/tour): an auto-advancing guided tour with bilingual captions and live, masked data."""

import dash
from dash import dcc, html

from callbacks.wall.tour import DWELL_S, IDS, STEPS, step_panels
from layouts._panels import panel_box
from web.i18n import current_lang, t

dash.register_page(__name__, path="/tour", title="参观导览", title_key="page_tour", nav=True, order=90)


def _step(i: int, step, lang: str) -> html.Section:
    other = "en" if lang == "zh" else "zh"
    return html.Section(
        [
            html.Div(
                [
                    html.Div(f"{i + 1:02d} / {len(STEPS):02d}", className="tour-count"),
                    html.H2(t(f"tour_{step.key}_title", lang), className="tour-title"),
                    html.Div(t(f"tour_{step.key}_title", other), className="tour-title-2"),
                    html.P(t(f"tour_{step.key}_caption", lang), className="tour-caption"),
                    html.P(t(f"tour_{step.key}_caption", other), className="tour-caption-2"),
                    html.Div(
                        [
                            html.Div(
                                [
                                    html.Span(v, className="tour-fig-value"),
                                    html.Span(t(label, lang), className="tour-fig-label"),
                                ],
                                className="tour-fig",
                            )
                            for v, label in step.figures
                        ],
                        className="tour-figs",
                    ),
                ],
                className="tour-story",
            ),
            html.Div(
                [
                    html.Div(t("tour_live", lang), className="tour-live"),
                    html.Div([panel_box(IDS, p, lang) for p in step_panels(step)], className="panel-grid tour-grid"),
                ],
                className="tour-data",
            ),
        ],
        className="tour-step",
        **{"data-step": str(i)},
    )


def layout(**_query):
    lang = current_lang()
    return html.Div(
        [
            dcc.Interval(id=IDS.interval, interval=5000),
            dcc.Store(id=IDS.tick),
            dcc.Store(id=IDS.done),
            dcc.Store(id=IDS.hashes),
            html.Div([_step(i, s, lang) for i, s in enumerate(STEPS)], className="tour-steps"),
            html.Nav(
                [
                    html.Button(t("tour_prev", lang), className="tour-btn", id="tour-prev"),
                    html.Button(
                        t("tour_pause", lang),
                        className="tour-btn",
                        id="tour-pause",
                        **{"data-pause": t("tour_pause", lang), "data-play": t("tour_play", lang)},
                    ),
                    html.Button(t("tour_next", lang), className="tour-btn", id="tour-next"),
                    html.Div(
                        [html.Span(className="tour-dot", **{"data-step": str(i)}) for i in range(len(STEPS))],
                        className="tour-dots",
                    ),
                ],
                className="tour-controls",
            ),
        ],
        className="tour",
        id="tour-root",
        **{"data-dwell": str(DWELL_S)},
    )
