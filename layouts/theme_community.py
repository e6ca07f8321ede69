"""智慧社区 smart community (/theme/community): communities and grids with 人地物情事组织, their requests, the
elderly living alone under the care rule, and the check-on visits a community worker raises and closes."""

import dash
from dash import dcc, html

from callbacks.themes.theme_community import ID, IDS, PANELS
from layouts._themes import theme_nav, theme_page
from web.context import current_settings
from web.i18n import current_lang, t

dash.register_page(
    __name__, path="/theme/community", title="智慧社区", title_key="page_theme_community", nav=False, order=22
)


def _section(title_key: str, body_id: str, lang: str, cls: str) -> html.Section:
    return html.Section(
        [
            html.Header(html.H2(t(title_key, lang), className="panel-title"), className="panel-head"),
            html.Div(html.Div(t("loading", lang), className="panel-loading"), id=body_id, className="panel-body"),
        ],
        className=f"panel comm-section {cls}",
    )


def layout(**_query):
    lang = current_lang()
    return html.Div(
        [
            theme_nav("community", lang),
            html.Div(id=ID.RESULT, className="theme-result", role="status"),
            dcc.Store(id=ID.SHOWN),
            dcc.Interval(id=ID.INTERVAL, interval=current_settings().refresh_seconds * 1000),
            theme_page(IDS, PANELS, lang, grid_class="theme-community-grid"),
            html.Div(
                [
                    _section("theme_comm_watch", ID.WATCH, lang, "comm-watch"),
                    _section("theme_comm_access", ID.ACCESS, lang, "comm-access"),
                ],
                className="comm-care-grid",
            ),
        ],
        className="theme-page theme-community-page",
    )
