"""12345 诉求中心 (/hotline): every channel's live feed, the ticket grid, the ticket drawer, assessment."""

import dash
import dash_ag_grid as dag
import dash_leaflet as dl
from dash import dcc, html
from dash_extensions.javascript import Namespace

from callbacks.hotline.hotline import ID, IDS, PANELS, initial_filters
from data_access.hotline.grid import SLA_STATES, STATUSES, WHEN
from data_access.roles import ACT_ROLES
from layouts._panels import CENTER, panel_box
from settings import SETTINGS
from web.auth import current_principal
from web.i18n import current_lang, t

dash.register_page(__name__, path="/hotline", title="12345 诉求中心", title_key="page_hotline", nav=True, order=1)

STATUS_CHOICES = ("open", *STATUSES)  # "open" = every status not final


def _columns(lang: str) -> list[dict]:
    def col(field, key, width, sort=True, **kw):
        return {"field": field, "headerName": t(key, lang), "width": width, "sortable": sort, **kw}

    return [
        col("ticket_no", "hotline_col_ticket_no", 160, colId="ticket_no"),
        col("created", "hotline_col_created", 150, colId="created"),
        col("channel_name", "hotline_col_channel", 110, colId="channel"),
        col("category_name", "hotline_col_category", 130, colId="category"),
        col("summary", "hotline_col_summary", 320, sort=False, flex=1, minWidth=240),
        col("department_name", "hotline_col_department", 170, colId="department"),
        col("town_name", "hotline_col_town", 100, colId="town"),
        col("status_label", "hotline_col_status", 100, colId="status"),
        col("sla_label", "hotline_col_sla", 90, sort=False),
        col("due", "hotline_col_due", 150, colId="due"),
        col("hours_left", "hotline_col_hours_left", 110, sort=False),
        col("satisfaction_label", "hotline_col_satisfaction", 90, sort=False),
    ]


def _dd(id_, key, lang, options=None, **kw):
    return dcc.Dropdown(id=id_, options=options or [], placeholder=t(key, lang), className="hl-filter", **kw)


def _filters(lang: str, f: dict | None = None) -> html.Div:
    f = f or {}
    return html.Div(
        [
            _dd(
                ID.WHEN,
                "hotline_f_when",
                lang,
                [{"label": t(f"hotline_when_{w}", lang), "value": w} for w in WHEN],
                value=f.get("when"),
            ),
            _dd(
                ID.STREAM,
                "hotline_f_stream",
                lang,
                [
                    {"label": t("stream_hotline", lang), "value": "hotline"},
                    {"label": t("stream_cm", lang), "value": "cm"},
                ],
                value=f.get("stream"),
            ),
            _dd(ID.CHANNEL, "hotline_f_channel", lang, value=f.get("channel")),
            _dd(ID.CATEGORY, "hotline_f_category", lang, value=f.get("category")),
            _dd(ID.DEPARTMENT, "hotline_f_department", lang, value=f.get("department")),
            _dd(ID.TOWN, "hotline_f_town", lang, value=f.get("town")),
            _dd(
                ID.STATUS,
                "hotline_f_status",
                lang,
                [
                    {"label": t("hotline_status_open", lang) if s == "open" else t(f"st_{s}", lang), "value": s}
                    for s in STATUS_CHOICES
                ],
                value=f.get("status"),
            ),
            _dd(
                ID.SLA,
                "hotline_f_sla",
                lang,
                [{"label": t(f"hotline_sla_{s}", lang), "value": s} for s in SLA_STATES],
                value=f.get("sla"),
            ),
            dcc.Input(
                id=ID.TEXT,
                value=f.get("text") or "",
                type="search",
                debounce=True,
                maxLength=40,
                placeholder=t("hotline_f_text", lang),
                className="hl-search",
            ),
            html.Span(id=ID.COUNT, className="hl-count-total"),
            html.A(
                t("hotline_export_csv", lang), id=ID.CSV, href="/hotline/export.csv", className="shell-btn hl-export"
            ),
            html.A(
                t("hotline_export_xlsx", lang), id=ID.XLSX, href="/hotline/export.xlsx", className="shell-btn hl-export"
            ),
        ],
        className="hl-filters",
    )


def _grid(lang: str) -> dag.AgGrid:
    return dag.AgGrid(
        id=ID.GRID,
        rowModelType="infinite",
        columnDefs=_columns(lang),
        defaultColDef={"resizable": True, "sortable": False},
        getRowId="params.data.ticket_no",
        dashGridOptions={
            "rowBuffer": 0,
            "cacheBlockSize": 100,
            "maxBlocksInCache": 20,
            "infiniteInitialRowCount": 100,
            "rowHeight": 34,
            "headerHeight": 36,
            "animateRows": False,
            "localeText": {"loadingOoo": t("loading", lang), "noRowsToShow": t("no_data", lang)},
        },
        className="hl-grid",
        style={"height": "100%", "width": "100%"},
    )


def _field(label_key, control, lang):
    return html.Label([html.Span(t(label_key, lang), className="hl-label"), control], className="hl-field")


def _map() -> dl.Map:
    """The drawer's map, built once: the offline base layer from settings, the ticket and its cameras."""
    layers = []
    if SETTINGS.tile_url:
        layers.append(dl.TileLayer(url=SETTINGS.tile_url, attribution=SETTINGS.tile_attribution))
    layers.append(
        dl.GeoJSON(
            id=ID.GEO,
            data={"type": "FeatureCollection", "features": []},
            pointToLayer=Namespace("hotline", "map")("pointToLayer"),
        )
    )
    return dl.Map(
        layers, id=ID.MAP, center=CENTER, zoom=14, className="panel-map", attributionControl=bool(SETTINGS.tile_url)
    )


def _drawer(lang: str) -> html.Aside:
    sat_opts = [{"label": t(f"hotline_sat_{s}", lang), "value": s} for s in ("satisfied", "basic", "dissatisfied")]
    return html.Aside(
        [
            html.Header(
                [
                    html.H2(id=ID.DRAWER_TITLE, className="hl-drawer-title"),
                    html.Button(t("hotline_drawer_close", lang), id=ID.DRAWER_CLOSE, className="shell-btn"),
                ],
                className="hl-drawer-head",
            ),
            html.Div(id=ID.STAGES, className="hl-stages-box"),
            html.Div(id=ID.DETAIL, className="hl-detail"),
            html.Section(
                [
                    html.H3(t("hotline_d_citizen", lang)),
                    html.Div(id=ID.CITIZEN),
                    html.Div(
                        [
                            dcc.Input(
                                id=ID.REVEAL_REASON,
                                type="text",
                                maxLength=200,
                                placeholder=t("hotline_reveal_reason", lang),
                                className="hl-input",
                            ),
                            html.Button(t("hotline_reveal", lang), id=ID.REVEAL, className="shell-btn"),
                        ],
                        className="hl-reveal",
                    ),
                    dcc.Interval(id=ID.REVEAL_TIMER, interval=60_000, disabled=True),
                ],
                className="hl-section",
            ),
            html.Section(
                [
                    html.H3(t("hotline_d_actions", lang)),
                    html.Div(
                        [
                            html.Div(id=ID.SUGGEST, className="hl-suggest"),
                            html.Button(t("hotline_d_accept", lang), id=ID.ACCEPT, className="shell-btn"),
                        ],
                        className="hl-suggest-row",
                    ),
                    _field("hotline_d_action", dcc.Dropdown(id=ID.ACTION, options=[], clearable=True), lang),
                    _field("hotline_d_dept", dcc.Dropdown(id=ID.ACT_DEPT, options=[]), lang),
                    _field("hotline_d_codepts", dcc.Dropdown(id=ID.ACT_CO, options=[], multi=True), lang),
                    _field(
                        "hotline_d_satisfaction",
                        dcc.RadioItems(id=ID.ACT_SAT, options=sat_opts, inline=True, className="hl-radio"),
                        lang,
                    ),
                    _field(
                        "hotline_d_days",
                        dcc.Input(id=ID.ACT_DAYS, type="number", min=1, max=30, step=1, value=3, className="hl-input"),
                        lang,
                    ),
                    _field("hotline_d_note", dcc.Textarea(id=ID.ACT_NOTE, maxLength=500, className="hl-note"), lang),
                    html.Button(t("hotline_d_submit", lang), id=ID.SUBMIT, className="shell-btn hl-submit"),
                    html.Div(id=ID.MESSAGE, className="hl-message"),
                ],
                className="hl-section hl-acts",
            ),
            html.Section([html.H3(t("hotline_d_timeline", lang)), html.Div(id=ID.TIMELINE)], className="hl-section"),
            html.Section([html.H3(t("hotline_d_similar", lang)), html.Div(id=ID.SIMILAR)], className="hl-section"),
            html.Section(
                [
                    html.H3(t("hotline_d_place_map", lang)),
                    html.Div(_map(), className="hl-map"),
                    html.Div(id=ID.CAMERAS),
                ],
                className="hl-section",
            ),
        ],
        id=ID.DRAWER,
        className="hl-drawer",
    )


def layout(ticket=None, **query):
    lang = current_lang()
    role = current_principal().role  # only hides controls; every callback checks the role again
    by_id = {p.id: p for p in PANELS}
    box = lambda pid, cls="": html.Div(panel_box(IDS, by_id[pid], lang), className=f"hl-slot {cls}")  # noqa: E731
    ticket = ticket if isinstance(ticket, str) and ticket.isascii() and len(ticket) <= 32 else None
    return html.Div(
        [
            *IDS.plumbing(),
            dcc.Store(id=ID.OPTIONS, data=1),
            dcc.Store(id=ID.RESET),
            dcc.Store(id=ID.GRID_LIVE),
            dcc.Interval(id=ID.GRID_TICK, interval=max(15, SETTINGS.refresh_seconds * 3) * 1000),
            dcc.Store(id=ID.TICKET, data=ticket),
            dcc.Store(id=ID.VERSION),
            dcc.Store(id=ID.REFRESH, data=0),
            dcc.Store(id=ID.SUGGESTED),
            dcc.Store(id=ID.MERGE_INTO),
            html.Div(
                [box(p) for p in ("received", "dispatched", "sign-rate", "closed", "open", "overdue", "satisfaction")],
                className="hl-kpis",
            ),
            html.Div(
                [
                    box("feed", "hl-feed-slot"),
                    html.Section(
                        [
                            html.H2(t("hotline_grid", lang), className="panel-title"),
                            _filters(lang, initial_filters(query)),
                            html.Div(_grid(lang), className="hl-grid-box", **{"data-ag-theme-mode": "dark-blue"}),
                        ],
                        className="panel hl-grid-panel",
                    ),
                ],
                className="hl-main",
            ),
            html.Div([box("hotspots"), box("summary"), box("dispatch")], className="hl-row3"),
            html.Div(
                [
                    html.Button(t("hotline_remind", lang), id=ID.REMIND, className="shell-btn"),
                    html.Div(id=ID.REMIND_MSG, className="hl-remind-msg"),
                ],
                className="hl-remind",
            ),
            html.Div(
                [
                    box("assessment", "hl-wide"),
                    html.Div(
                        [
                            html.A(
                                t("hotline_export_report", lang) + " (XLSX)",
                                href="/hotline/assessment.xlsx",
                                className="shell-btn",
                            ),
                            html.A(
                                t("hotline_export_report", lang) + " (CSV)",
                                href="/hotline/assessment.csv",
                                className="shell-btn",
                            ),
                        ],
                        className="hl-report-links hl-export",
                    ),
                ],
                className="hl-row4",
            ),
            _drawer(lang),
        ],
        className="hl-page"
        + ("" if role in ACT_ROLES else " hl-readonly")
        + ("" if role in ("supervisor", "admin") else " hl-no-remind"),
    )
