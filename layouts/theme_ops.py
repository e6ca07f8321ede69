"""城市运营 city operations (/theme/ops): the city score, drilled to a domain, an indicator of the catalogue, its
history against its thresholds and the records behind it."""

import dash
from dash import dcc, html

from callbacks.themes.theme_ops import ID, initial, interval_ms
from layouts._themes import theme_nav
from web.i18n import current_lang, t

dash.register_page(__name__, path="/theme/ops", title="城市运营", title_key="page_theme_ops", nav=True, order=21)


def layout(domain: str | None = None, indicator: str | None = None, **_query):
    lang = current_lang()
    return html.Div(
        [
            theme_nav("ops", lang),
            dcc.Store(id=ID.SEL, data=initial(domain, indicator)),
            dcc.Interval(id=ID.INTERVAL, interval=interval_ms()),
            html.Div(
                [
                    html.Section(
                        [html.Div(id=ID.CITY), html.Div(id=ID.DOMAINS, className="ops-doms")],
                        className="panel ops-col ops-col-city",
                    ),
                    html.Section(
                        html.Div(t("loading", lang), id=ID.INDICATORS), className="panel ops-col ops-col-inds"
                    ),
                    html.Section(html.Div(t("loading", lang), id=ID.DETAIL), className="panel ops-col ops-col-detail"),
                ],
                className="ops-grid",
            ),
        ],
        className="theme-page theme-ops-page",
    )
