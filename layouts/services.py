"""公共服务 (/services): 一铺一码, 一户一码, 统一报表 and 便民服务 at a glance for the seats and the hall."""

import dash
from dash import html

from callbacks.services.services import IDS, PANELS
from layouts._panels import panel_page
from web.i18n import current_lang, t

dash.register_page(__name__, path="/services", title="公共服务", title_key="page_services", nav=True, order=60)


def layout(**_query):
    lang = current_lang()
    links = html.P(
        [
            html.A(t("svc_plates_title", lang), href="/services/plates"),
            " · ",
            html.A(t("rep_title", lang), href="/reports"),
            " · ",
            html.A(t("portal_portal", lang), href="/portal"),
        ],
        className="services-links",
    )
    return html.Div([links, panel_page(IDS, PANELS, lang, grid_class="services-grid")], className="services-page")
