"""全域安全指挥 (/emergency): incidents by level and category with their reporting clocks, warnings in force, the
map of incidents, resources and hazard sources, overdue reports, the duty roster, hazard sources and stores; the
officers' forms (report, warn, hand over). Every incident opens its command view (/emergency/incident?id=...)."""

import dash
import dash_leaflet as dl
from dash import dcc, html
from dash_extensions.javascript import Namespace

from callbacks.emergency.emergency import ID, IDS, PANELS
from data_access.emergency import catalog as C
from data_access.roles import ACT_ROLES
from layouts._panels import panel_box
from settings import SETTINGS
from web.auth import current_principal
from web.i18n import current_lang, t

dash.register_page(__name__, path="/emergency", title="全域安全指挥", title_key="page_emergency", nav=True, order=4)

JS = Namespace("emergency", "map")


def _map(lang: str) -> html.Section:
    layers = []
    if SETTINGS.tile_url:
        layers.append(dl.TileLayer(url=SETTINGS.tile_url, attribution=SETTINGS.tile_attribution))
    layers.append(dl.GeoJSON(url="/assets/geo/basemap.json", style=JS("baseStyle"), interactive=False))
    layers.append(
        dl.GeoJSON(
            id=IDS.part("geo", "map"),
            data={"type": "FeatureCollection", "features": []},
            pointToLayer=JS("pointToLayer"),
        )
    )
    body = dl.Map(
        layers,
        center=(37.97, 106.53),
        zoom=9,
        zoomSnap=0.25,
        className="panel-map",
        attributionControl=bool(SETTINGS.tile_url),
    )
    return html.Section(
        [
            html.Header(
                [
                    html.H2(t("em_panel_map", lang), className="panel-title"),
                    html.Span(className="panel-age", id=IDS.part("meta", "map"), **{"data-meta": ""}),
                ],
                className="panel-head",
            ),
            html.Div(body, className="panel-body"),
        ],
        className="panel panel-map state-loading",
        **{"data-panel": "map"},
    )


def _kinds(lang: str) -> list[dict]:
    out = []
    for cat, groups in C.TYPE_TREE.items():
        for group, kinds in groups.items():
            out += [{"label": f"{t(f'em_cat_{cat}', lang)} / {group} / {k}", "value": k} for k in kinds]
    return out


def _field(key: str, control, lang: str, cls: str = "") -> html.Label:
    return html.Label([html.Span(t(key, lang), className="em-label"), control], className=f"em-field {cls}")


def _level_options(lang: str) -> list[dict]:
    return [{"label": t(f"em_level_{n}", lang), "value": n} for n in C.LEVELS]


def _forms(lang: str) -> html.Div:
    report = html.Section(
        [
            html.H2(t("em_report_new", lang), className="panel-title"),
            _field("em_f_kind", dcc.Dropdown(id=ID.R_KIND, options=_kinds(lang), className="em-dd"), lang),
            _field(
                "em_f_level",
                dcc.Dropdown(id=ID.R_LEVEL, options=_level_options(lang), value=4, className="em-dd"),
                lang,
            ),
            _field("em_f_title", dcc.Input(id=ID.R_TITLE, type="text", maxLength=120, className="em-input"), lang),
            html.Div(
                [
                    _field(
                        "em_f_place",
                        dcc.Input(id=ID.R_LAT, type="number", value=38.10, step=0.0001, className="em-input"),
                        lang,
                    ),
                    dcc.Input(id=ID.R_LON, type="number", value=106.34, step=0.0001, className="em-input em-lon"),
                ],
                className="em-pair",
            ),
            _field("em_f_desc", dcc.Textarea(id=ID.R_DESC, maxLength=2000, className="em-note"), lang),
            dcc.Checklist(
                id=ID.R_DRILL, options=[{"label": t("em_f_drill", lang), "value": "drill"}], className="em-check"
            ),
            html.Button(t("em_f_submit", lang), id=ID.R_SUBMIT, className="shell-btn em-submit"),
            html.Div(id=ID.R_MSG),
        ],
        className="panel em-form",
    )
    hazards = [{"label": name, "value": code} for code, (name, _c, _d) in C.HAZARDS.items()]
    colors = [{"label": t(f"em_color_{c}", lang), "value": c} for c in C.COLORS]
    warn = html.Section(
        [
            html.H2(t("em_w_issue", lang), className="panel-title"),
            html.Div(
                [
                    _field("em_w_hazard", dcc.Dropdown(id=ID.W_HAZARD, options=hazards, className="em-dd"), lang),
                    _field("em_w_color", dcc.Dropdown(id=ID.W_COLOR, options=colors, className="em-dd"), lang),
                ],
                className="em-pair",
            ),
            _field(
                "em_w_headline", dcc.Input(id=ID.W_HEADLINE, type="text", maxLength=120, className="em-input"), lang
            ),
            html.Div(
                [
                    _field(
                        "em_w_area",
                        dcc.Input(id=ID.W_AREA, type="text", maxLength=200, value="灵武市全境", className="em-input"),
                        lang,
                    ),
                    _field(
                        "em_w_hours",
                        dcc.Input(id=ID.W_HOURS, type="number", min=1, max=240, value=24, className="em-input"),
                        lang,
                    ),
                ],
                className="em-pair",
            ),
            dcc.Checklist(
                id=ID.W_DRILL, options=[{"label": t("em_f_drill", lang), "value": "drill"}], className="em-check"
            ),
            html.Button(t("em_w_issue", lang), id=ID.W_SUBMIT, className="shell-btn em-submit"),
            html.Hr(className="em-hr"),
            dcc.Dropdown(id=ID.W_PICK, options=[], className="em-dd"),
            html.Div(
                [
                    dcc.Dropdown(id=ID.W_NEWCOLOR, options=colors, className="em-dd"),
                    html.Button(t("em_w_update", lang), id=ID.W_UPDATE, className="shell-btn"),
                    html.Button(t("em_w_lift", lang), id=ID.W_LIFT, className="shell-btn"),
                ],
                className="em-pair em-pair-btns",
            ),
            html.Div(id=ID.W_MSG),
        ],
        className="panel em-form",
    )
    duty = html.Section(
        [
            html.H2(t("em_duty_handover", lang), className="panel-title"),
            dcc.Textarea(id=ID.D_NOTE, maxLength=1000, className="em-note"),
            html.Div(
                [
                    html.Button(t("em_duty_handover_submit", lang), id=ID.D_SUBMIT, className="shell-btn"),
                    html.Button(t("em_duty_ack", lang), id=ID.D_ACK, className="shell-btn"),
                ],
                className="em-pair em-pair-btns",
            ),
            html.Div(id=ID.D_MSG),
            html.Hr(className="em-hr"),
            html.H2(t("em_panel_supervision", lang), className="panel-title"),
            html.Button(t("em_sup_sweep", lang), id=ID.S_SWEEP, className="shell-btn"),
            html.Div(id=ID.S_MSG),
        ],
        className="panel em-form",
    )
    return html.Div([report, warn, duty], className="em-forms")


def _list(lang: str) -> html.Section:
    levels = [{"label": t("em_kpi_major", lang), "value": "12"}] + [
        {"label": t(f"em_level_{n}", lang), "value": n} for n in C.LEVELS
    ]
    cats = [{"label": t(f"em_cat_{c}", lang), "value": c} for c in C.CATEGORIES]
    return html.Section(
        [
            html.Div(
                [
                    html.H2(t("em_panel_incidents", lang), className="panel-title"),
                    dcc.Dropdown(
                        id=ID.F_LEVEL,
                        options=levels,
                        placeholder=t("em_filter_level", lang),
                        className="em-dd em-filter",
                    ),
                    dcc.Dropdown(
                        id=ID.F_CATEGORY,
                        options=cats,
                        placeholder=t("em_filter_category", lang),
                        className="em-dd em-filter",
                    ),
                    dcc.Checklist(
                        id=ID.F_CLOSED, options=[{"label": t("em_show_closed", lang), "value": 1}], className="em-check"
                    ),
                ],
                className="em-list-head",
            ),
            html.Div(html.Div(t("loading", lang), className="panel-loading"), id=ID.LIST, className="em-list-body"),
        ],
        className="panel em-list",
    )


def layout(**_query):
    lang = current_lang()
    role = current_principal().role  # only hides the forms; every callback and command checks the role again
    by_id = {p.id: p for p in PANELS}

    def box(pid: str, cls: str = "") -> html.Div:
        return html.Div(panel_box(IDS, by_id[pid], lang), className=f"em-slot {cls}")

    kpis = ("active", "major", "l3", "l4", "warnings", "overdue", "out", "occupancy")
    return html.Div(
        [
            *IDS.plumbing(),
            dcc.Store(id=ID.REFRESH, data=0),
            html.Div([box(p) for p in kpis], className="em-kpis"),
            html.Div([_list(lang), box("warning-list", "em-warn-slot")], className="em-main"),
            _forms(lang),
            html.Div(
                [html.Div(_map(lang), className="em-slot em-map-slot"), box("supervision"), box("duty")],
                className="em-row3",
            ),
            html.Div([box("hazards"), box("stores")], className="em-row4"),
        ],
        className="em-page" + ("" if role in ACT_ROLES else " em-readonly"),
    )
