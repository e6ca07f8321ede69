"""数据底座 (/data): vital signs, dimensions, departments, exchange as panels (shared snapshots); the catalogue's
search and filters as one callback. Every read is of kept counters and rollups: no page load scans records."""

from __future__ import annotations

import re

from dash import Input, Output, callback

from callbacks.data import render as dr
from callbacks.refresh import register_page_refresh
from data_access.data import catalog, exchange
from data_access.db import read_session
from data_access.roles import ALL_ROLES
from data_access.worktime import utcnow
from web.auth import allow
from web.context import db_url
from web.i18n import current_lang, t
from web.panels import Panel, ReadContext

SEARCH_OK = re.compile(r"^[\w\u4e00-\u9fff·+\- ]{0,40}$")


class ID:
    SEARCH = "data-search"
    DEPT = "data-dept"
    SHARE = "data-share"
    CADENCE = "data-cadence"
    STATUS = "data-status"
    TABLE = "data-table"
    COUNT = "data-count"
    MSG = "data-search-msg"


def _vitals(s, ctx: ReadContext):
    return catalog.vitals(s, ctx.now)


def _dims(s, ctx: ReadContext):
    return catalog.dimension_summary(s, ctx.now)


def _depts(s, ctx: ReadContext):
    return catalog.departments(s, ctx.now)


def _flows(s, ctx: ReadContext):
    return exchange.flows(s, ctx.now)


def _share(s, ctx: ReadContext):
    return exchange.ranking(s, ctx.now)


def _rects(s, _ctx: ReadContext):
    return catalog.rectifications(s).head(12)


KPIS = [
    Panel("records", "data_kpi_records", _vitals, dr.vitals_tile("records"), width=2),
    Panel("resources", "data_kpi_resources", _vitals, dr.vitals_tile("resources"), width=2),
    Panel("synced", "data_kpi_synced", _vitals, dr.vitals_tile("synced_today"), width=2),
    Panel("stale", "data_kpi_stale", _vitals, dr.vitals_tile("stale"), width=2),
    Panel("score", "data_kpi_score", _vitals, dr.vitals_tile("score"), width=2),
    Panel("sharing", "data_kpi_sharing", _vitals, dr.vitals_tile("sharing"), width=2),
]
SIDE = [
    Panel("dims", "data_dimensions", _dims, dr.dimensions, kind="table"),
    Panel("depts", "data_dept_rank", _depts, dr.dept_ranking, kind="table"),
]
BOTTOM = [
    Panel("matrix", "data_matrix", _flows, dr.matrix, kind="series", periods=6),
    Panel("share", "data_share_rank", _share, dr.share_ranking, kind="table", periods=6),
    Panel("rects", "data_rects", _rects, dr.rect_table, kind="table"),
]
PANELS = KPIS + SIDE + BOTTOM
IDS = register_page_refresh("data", PANELS)


def clean_filters(q, dept, share, cadence, status) -> dict | None:
    """The catalogue's filters from the page, or None when the search text is not acceptable."""
    q = q if isinstance(q, str) else ""
    if not SEARCH_OK.match(q):
        return None

    def one(v, allowed=None):
        return v if isinstance(v, str) and len(v) <= 20 and (allowed is None or v in allowed) else None

    return {
        "q": q.strip(),
        "dept": one(dept),
        "share": one(share, catalog.SHARE_CLASSES),
        "cadence": one(cadence, catalog.CADENCES),
        "status": one(status, catalog.STATUSES),
    }


@callback(
    Output(ID.TABLE, "children"),
    Output(ID.COUNT, "children"),
    Output(ID.MSG, "children"),
    Input(ID.SEARCH, "value"),
    Input(ID.DEPT, "value"),
    Input(ID.SHARE, "value"),
    Input(ID.CADENCE, "value"),
    Input(ID.STATUS, "value"),
    Input(IDS.tick, "data"),
)
@allow(*ALL_ROLES)
def search_catalogue(q, dept, share, cadence, status, _tick):
    lang = current_lang()
    filters = clean_filters(q, dept, share, cadence, status)
    if filters is None:
        return dr.empty(lang), "", t("data_search_bad", lang)
    with read_session(db_url()) as s:
        df = catalog.catalogue(s, utcnow(), **filters)
    count = t("data_count", lang, n=len(df), records=f"{int(df['records'].sum()) if len(df) else 0:,}")
    return dr.catalogue_table(df, lang), count, ""


@callback(Output(ID.DEPT, "options"), Input(IDS.interval, "id"))
@allow(*ALL_ROLES)
def department_options(_id):
    with read_session(db_url()) as s:
        df = catalog.catalogue(s, utcnow())
    pairs = df[["dept_code", "department"]].drop_duplicates().sort_values("dept_code")
    return [{"label": name, "value": code} for code, name in pairs.itertuples(index=False)]
