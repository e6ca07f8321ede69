"""数据底座 data foundation (/data): the catalogue of data resources with search and filters, the 1.867 M records,
quality by dimension and department (measured from the data on each sync), exchange between departments."""

import dash
from dash import dcc, html

from callbacks.data.data import BOTTOM, ID, IDS, KPIS, SIDE
from data_access.data import catalog
from layouts._panels import panel_box
from web.i18n import current_lang, t

dash.register_page(__name__, path="/data", title="数据底座", title_key="page_data", nav=True, order=5)


def _dd(id_, key, lang, options):
    return dcc.Dropdown(id=id_, options=options, placeholder=t(key, lang), className="data-filter")


def layout(**_query):
    lang = current_lang()
    filters = html.Div(
        [
            dcc.Input(
                id=ID.SEARCH,
                type="search",
                placeholder=t("data_search", lang),
                debounce=True,
                className="data-search",
                maxLength=40,
            ),
            _dd(ID.DEPT, "data_f_dept", lang, []),
            _dd(
                ID.SHARE,
                "data_f_share",
                lang,
                [{"label": t(f"share_{v}", lang), "value": v} for v in catalog.SHARE_CLASSES],
            ),
            _dd(
                ID.CADENCE,
                "data_f_cadence",
                lang,
                [{"label": t(f"cadence_{v}", lang), "value": v} for v in catalog.CADENCES],
            ),
            _dd(
                ID.STATUS,
                "data_f_status",
                lang,
                [{"label": t(f"data_status_{v}", lang), "value": v} for v in catalog.STATUSES],
            ),
            html.Span(id=ID.MSG, className="data-msg", role="alert"),
            html.Span(id=ID.COUNT, className="data-count"),
        ],
        className="data-filters",
    )
    catalogue = html.Section(
        [
            html.Header(html.H2(t("data_catalogue", lang), className="panel-title"), className="panel-head"),
            filters,
            html.Div(html.Div(t("loading", lang), className="panel-loading"), id=ID.TABLE, className="data-table-box"),
            html.Div(t("data_open_api", lang), className="data-foot"),
        ],
        className="panel data-catalogue",
    )
    return html.Div(
        [
            *IDS.plumbing(),
            html.Div([panel_box(IDS, p, lang) for p in KPIS], className="data-kpis"),
            html.Div(
                [catalogue, html.Div([panel_box(IDS, p, lang) for p in SIDE], className="data-side")],
                className="data-main",
            ),
            html.Div([panel_box(IDS, p, lang) for p in BOTTOM], className="data-bottom"),
        ],
        className="data-page",
    )
