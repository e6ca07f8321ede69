"""数字乡村 digital village (/theme/village): villages with their tickets and cameras, 三务公开, 灵武长枣 orchards and
canal irrigation against each village's allocation."""

import dash
from dash import html

from callbacks.themes.theme_village import IDS, PANELS
from layouts._themes import theme_nav, theme_page
from web.i18n import current_lang

dash.register_page(
    __name__, path="/theme/village", title="数字乡村", title_key="page_theme_village", nav=False, order=23
)


def layout(**_query):
    lang = current_lang()
    return html.Div(
        [theme_nav("village", lang), theme_page(IDS, PANELS, lang, grid_class="theme-village-grid", zoom=9)],
        className="theme-page theme-village-page",
    )
