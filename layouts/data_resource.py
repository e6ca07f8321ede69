"""数据资源 (/data/resource?id=N): one catalogue resource: schema, quality by dimension with its trend, checks that
drill to the failing records (masked by role) and to rectification, sync history and a masked sample."""

import dash
from dash import dcc, html

from callbacks.data.data_resource import ID
from layouts._data import box
from web.context import current_settings
from web.i18n import current_lang, t

dash.register_page(
    __name__, path="/data/resource", title="数据资源", title_key="page_data_resource", nav=False, order=51
)


def layout(id: str | None = None, **_query):
    lang = current_lang()
    every = current_settings().refresh_seconds * 1000
    return html.Div(
        [
            dcc.Store(id=ID.SOURCE, data=(id or "")[:12]),
            dcc.Store(id=ID.DIGEST),
            dcc.Store(id=ID.ACTED, data=0),
            dcc.Store(id=ID.DRILL),
            dcc.Interval(id=ID.INTERVAL, interval=every),
            html.Section(
                html.Div(t("loading", lang), className="data-res-headbody", id=ID.HEAD), className="panel data-res-head"
            ),
            html.Div(id=ID.SCORES, className="data-res-scores"),
            html.Div(id=ID.MSG, className="data-msg data-res-msg", role="status"),
            html.Div(
                [box("data_checks", ID.CHECKS, lang, "data-res-checks"), box("data_trend", ID.TREND, lang)],
                className="data-res-row",
            ),
            html.Div(
                [box("data_failing", ID.FAILING, lang, "data-res-failing"), box("data_rects", ID.RECTS, lang)],
                className="data-res-row",
            ),
            html.Div(
                [box("data_schema", ID.SCHEMA, lang), box("data_history", ID.HISTORY, lang)],
                className="data-res-row",
            ),
            box("data_sample", ID.SAMPLE, lang, "data-res-sample"),
        ],
        className="data-page data-res-page",
    )
