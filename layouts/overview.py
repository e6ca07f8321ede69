"""城市运行态势 overview (/): the city's vital signs, one refresh callback for all panels."""

import dash
from dash import html

from callbacks.overview import ID, IDS, PANELS
from callbacks.refresh import live_plumbing
from layouts._panels import panel_page
from web.i18n import current_lang

dash.register_page(__name__, path="/", title="城市运行态势", title_key="page_overview", nav=True, order=0)


def layout(**_query):
    return html.Div(
        [
            html.Div(
                [
                    html.Div(id=ID.ALARMS, className="alarm-list"),
                    html.Span(id=ID.ACK_RESULT, className="alarm-result", role="status"),
                ],
                className="alarm-strip",
            ),
            *live_plumbing(ID.ALARMS_SEEN, ID.ALARMS_INTERVAL, every_ms=2000),
            panel_page(IDS, PANELS, current_lang(), grid_class="overview-grid"),
        ],
        className="overview",
    )
