"""水务专题 water affairs (/theme/water): supply zones against their forecast band, burst and leak alarms, water
quality against GB 5749-2022, the Yellow River, waterlogging, and dispatching an alert as a work order."""

import dash
from dash import html

from callbacks.themes.theme_water import ID, IDS, PANELS
from layouts._themes import theme_nav, theme_page
from web.i18n import current_lang

dash.register_page(__name__, path="/theme/water", title="水务专题", title_key="page_theme_water", nav=False, order=20)


def layout(**_query):
    return html.Div(
        [
            theme_nav("water", current_lang()),
            html.Div(id=ID.RESULT, className="theme-result", role="status"),
            theme_page(IDS, PANELS, current_lang(), grid_class="theme-water-grid"),
        ],
        className="theme-page theme-water-page",
    )
