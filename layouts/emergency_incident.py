"""事件指挥 (/emergency/incident?id=...): the command view of one incident. Facts, level and stage, reporting
clocks, timeline, plan checklist, dispatches and their routes on the map, nearest resources by road ETA, cameras,
12345 tickets and AI alerts near it, shelters; the actions for officers and commanders; the situation report."""

import dash
from dash import dcc, html

from callbacks.emergency.emergency_incident import ID
from data_access.emergency import catalog as C
from data_access.roles import ACT_ROLES
from web.auth import current_principal
from web.context import current_settings
from web.i18n import current_lang, t

dash.register_page(
    __name__, path="/emergency/incident", title="事件指挥", title_key="page_emergency_incident", nav=False
)


def _box(key: str, body_id: str | None, lang: str, *extra, cls: str = "") -> html.Section:
    body = [html.Div(html.Div(t("loading", lang), className="panel-loading"), id=body_id)] if body_id else []
    return html.Section(
        [html.Header(html.H2(t(key, lang), className="panel-title"), className="panel-head"), *body, *extra],
        className=f"panel emc-box {cls}",
    )


def _num(id_: str, key: str, lang: str) -> html.Label:
    return html.Label(
        [
            html.Span(t(key, lang), className="em-label"),
            dcc.Input(id=id_, type="number", min=0, step=1, className="em-input"),
        ],
        className="em-field",
    )


def _actions(lang: str) -> html.Section:
    levels = [{"label": t(f"em_level_{n}", lang), "value": n} for n in C.LEVELS]
    return _box(
        "em_c_actions",
        None,
        lang,
        html.Div(
            [
                dcc.Dropdown(id=ID.ACTION, options=[], placeholder=t("em_c_pick_action", lang), className="em-dd"),
                dcc.Dropdown(id=ID.LEVEL, options=levels, placeholder=t("em_c_level", lang), className="em-dd"),
                dcc.Textarea(id=ID.NOTE, maxLength=500, placeholder=t("em_c_note", lang), className="em-note"),
                html.Button(t("em_c_submit", lang), id=ID.SUBMIT, className="shell-btn em-submit"),
                html.Hr(className="em-hr"),
                dcc.Dropdown(id=ID.PLAN, options=[], placeholder=t("em_c_plan_pick", lang), className="em-dd"),
                html.Button(t("em_c_plan_go", lang), id=ID.PLAN_GO, className="shell-btn"),
                html.Hr(className="em-hr"),
                html.Div(
                    [
                        _num(ID.DEAD, "em_c_dead", lang),
                        _num(ID.INJURED, "em_c_injured", lang),
                        _num(ID.MISSING, "em_c_missing", lang),
                        _num(ID.EVACUATED, "em_c_evacuated", lang),
                    ],
                    className="emc-cas-form",
                ),
                html.Button(t("em_act_casualties", lang), id=ID.CASUALTIES, className="shell-btn"),
                html.Div(id=ID.MESSAGE, className="emc-message"),
            ],
            className="emc-actions",
        ),
        cls="emc-acts",
    )


def layout(id=None, **_query):
    lang = current_lang()
    role = current_principal().role  # only hides the controls; every callback and command checks the role again
    incident = id if isinstance(id, str) and id.isdigit() and len(id) <= 12 else None
    every = max(2, current_settings().refresh_seconds) * 1000
    return html.Div(
        [
            dcc.Store(id=ID.INCIDENT, data=incident),
            dcc.Store(id=ID.VERSION),
            dcc.Store(id=ID.SHOWN),
            dcc.Store(id=ID.REFRESH, data=0),
            dcc.Interval(id=ID.TICK, interval=every),
            html.Div(t("em_drill", lang), className="emc-watermark", **{"aria-hidden": "true"}),
            html.Header(
                [
                    dcc.Link(t("em_c_back", lang), href="/emergency", className="shell-btn emc-back"),
                    html.Div(id=ID.HEAD, className="emc-head-body"),
                    html.Div(
                        [
                            html.A(
                                t("em_c_report", lang), id=ID.REPORT, href="#", target="_blank", className="shell-btn"
                            ),
                            html.A(t("em_c_xlsx", lang), id=ID.XLSX, href="#", className="shell-btn emc-export"),
                        ],
                        className="emc-head-links",
                    ),
                ],
                className="emc-head",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            _box("em_c_facts", ID.FACTS, lang),
                            _box("em_c_clocks", ID.CLOCKS, lang, cls="emc-clocks-box"),
                            _actions(lang),
                        ],
                        className="emc-col",
                    ),
                    html.Div(
                        [
                            html.Section(
                                html.Div(id=ID.MAP, className="emc-map"), className="panel emc-box emc-map-box"
                            ),
                            _box("em_c_dispatched", ID.DISPATCHED, lang),
                            _box("em_c_resources", ID.NEAREST, lang),
                        ],
                        className="emc-col",
                    ),
                    html.Div(
                        [_box("em_c_timeline", ID.TIMELINE, lang, cls="emc-tl-box"), _box("em_c_plan", ID.TASKS, lang)],
                        className="emc-col",
                    ),
                ],
                className="emc-grid",
            ),
            html.Div(
                [
                    _box("em_c_cameras", ID.CAMERAS, lang),
                    _box("em_c_tickets", ID.TICKETS, lang),
                    _box("em_c_alerts", ID.ALERTS, lang),
                    _box("em_c_shelters", ID.SHELTERS, lang),
                ],
                className="emc-row",
            ),
        ],
        id=ID.PAGE,
        className="emc-page" + ("" if role in ACT_ROLES else " emc-readonly"),
    )
