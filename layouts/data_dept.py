"""部门数据 (/data/dept?code=B03): one department's data resources, its quality trend and its exchange."""

import dash
from dash import dcc, html

from callbacks.data.data_dept import ID
from layouts._data import box
from web.context import current_settings
from web.i18n import current_lang, t

dash.register_page(__name__, path="/data/dept", title="部门数据", title_key="page_data_dept", nav=False, order=52)


def layout(code: str | None = None, **_query):
    lang = current_lang()
    return html.Div(
        [
            dcc.Store(id=ID.CODE, data=(code or "")[:8]),
            dcc.Interval(id=ID.INTERVAL, interval=current_settings().refresh_seconds * 1000 * 5),
            html.Section(
                html.Div(t("loading", lang), className="data-res-headbody", id=ID.HEAD), className="panel data-res-head"
            ),
            box("data_dept_resources", ID.RESOURCES, lang, "data-res-sample"),
            html.Div(
                [
                    box("data_dept_trend", ID.TREND, lang),
                    box("data_dept_consumers", ID.CONSUMERS, lang),
                    box("data_dept_uses", ID.USES, lang),
                ],
                className="data-res-row data-res-row3",
            ),
        ],
        className="data-page data-res-page",
    )
