"""事件指挥 (/emergency/incident?id=...): the command view of one incident (facts, level, clocks, timeline, plan
checklist, dispatched resources with ETAs and routes, nearest resources by road ETA, cameras, tickets and AI alerts
near it, shelters) re-read every refresh period and after each action; the actions are officers' and commanders'
only, each one command on the version the screen shows (a stale one is refused and the view re-reads)."""

from __future__ import annotations

import hashlib
import json
import math

import dash_leaflet as dl
import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, html, no_update
from dash.exceptions import PreventUpdate
from dash_extensions.javascript import Namespace

from callbacks.emergency import render as er
from data_access.db import read_session
from data_access.emergency import catalog as C
from data_access.emergency import incidents as iq
from data_access.roles import ACT_ROLES, ALL_ROLES
from data_access.worktime import to_local, utcnow
from settings import SETTINGS
from web.auth import actor, allow, current_principal
from web.commands import emergency as cmd
from web.commands.base import Code, Refused, execute
from web.context import db_url
from web.i18n import current_lang, refusal, t
from web.render import camera_list, empty

JS = Namespace("emergency", "map")


class ID:
    INCIDENT = "emergency-c-incident"
    VERSION = "emergency-c-version"
    SHOWN = "emergency-c-shown"
    TICK = "emergency-c-tick"
    REFRESH = "emergency-c-refresh"
    HEAD = "emergency-c-head"
    FACTS = "emergency-c-facts"
    CLOCKS = "emergency-c-clocks"
    TIMELINE = "emergency-c-timeline"
    TASKS = "emergency-c-tasks"
    NEAREST = "emergency-c-nearest"
    DISPATCHED = "emergency-c-dispatched"
    CAMERAS = "emergency-c-cameras"
    TICKETS = "emergency-c-tickets"
    ALERTS = "emergency-c-alerts"
    SHELTERS = "emergency-c-shelters"
    GEO = "emergency-c-geo"
    MAP = "emergency-c-map"
    PAGE = "emergency-c-page"
    REPORT = "emergency-c-report"
    XLSX = "emergency-c-xlsx"
    ACTION = "emergency-c-action"
    LEVEL = "emergency-c-level"
    NOTE = "emergency-c-note"
    SUBMIT = "emergency-c-submit"
    PLAN = "emergency-c-plan"
    PLAN_GO = "emergency-c-plan-go"
    DEAD = "emergency-c-dead"
    INJURED = "emergency-c-injured"
    MISSING = "emergency-c-missing"
    EVACUATED = "emergency-c-evacuated"
    CASUALTIES = "emergency-c-casualties-go"
    MESSAGE = "emergency-c-message"


def pid(kind: str, **keys) -> dict:
    """Pattern ids of the view's row buttons (dispatch a resource, tick a task, move a dispatch on)."""
    return {"type": f"emergency-c-{kind}", **keys}


def next_actions(stage: str, status: str, lang: str, reported: set[str]) -> list[dict]:
    """The actions the current stage allows, in the order an officer meets them."""
    if status == "closed":
        return []
    out = [
        {"label": t(f"em_act_{a}", lang), "value": a}
        for a, (before, _after) in C.TRANSITIONS.items()
        if stage in before
    ]
    for target in C.CHAIN:
        if target not in reported:
            out.append(
                {"label": f"{t('em_act_report', lang)} · {t(f'em_target_{target}', lang)}", "value": f"report:{target}"}
            )
            break
    if "county" in reported:
        out.append({"label": t("em_act_followup", lang), "value": "followup"})
    if stage in ("response", "expanded"):
        out.append({"label": t("em_act_relevel", lang), "value": "relevel"})
    out.append({"label": t("em_act_note", lang), "value": "note"})
    return out


def _stepper(stage: str, lang: str) -> html.Ol:
    k = C.STAGES.index(stage) if stage in C.STAGES else 0
    return html.Ol(
        [
            html.Li(t(f"em_stage_{s}", lang), className="emc-step" + (" done" if i < k else " now" if i == k else ""))
            for i, s in enumerate(C.STAGES)
        ],
        className="emc-steps",
    )


def head(view: dict, lang: str) -> list:
    f = view["facts"]
    title = [html.Span(str(f["title"]), className="emc-title")]
    if f["exercise"]:
        title.insert(0, er.drill_tag(lang))
    meta = [
        er.level_badge(int(f["level"]), lang, long=True),
        html.Span(t(f"em_cat_{f['category']}", lang) + " · " + str(f["kind"]), className="emc-kind"),
        html.Span(str(f["town"]), className="em-muted"),
        html.Span(t("em_c_started", lang, t=er.hm(f["started_at"])), className="em-muted em-num"),
    ]
    return [
        html.Div(title, className="emc-title-row"),
        html.Div(meta, className="emc-meta"),
        _stepper(f["stage"], lang),
    ]


def facts(view: dict, lang: str) -> list:
    f = view["facts"]
    cas = [
        html.Div(
            [html.Span(t(f"em_c_{k}", lang), className="em-muted"), html.B(f"{int(f[k]):,}", className="em-num")],
            className="emc-cas",
        )
        for k in ("dead", "injured", "missing", "evacuated")
    ]
    out = [html.P(str(f["description"] or ""), className="emc-desc")] if f["description"] else []
    out.append(html.Div(cas, className="emc-cas-row"))
    if f["plan_code"]:
        out.append(
            html.Div(
                [html.Span(t("em_act_plan", lang), className="em-muted"), html.Span(str(f["plan_code"]))],
                className="emc-plan",
            )
        )
    return out


def timeline(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return empty(lang)
    rows = []
    for r in df.iloc[::-1].to_dict("records"):
        kind = r["kind"]
        label = next((t(k, lang) for k in (f"em_tl_{kind}", f"em_act_{kind}") if k in _keys()), kind)
        detail = []
        if kind == "report_up" and r["target"]:
            detail.append(t(f"em_target_{r['target']}", lang))
        if kind in ("dispatch", "dispatch_state") and r["resource"]:
            detail.append(str(r["resource"]))
            if r["target"]:
                detail.append(t(f"em_dstate_{r['target']}", lang))
            if r["eta_minutes"] is not None and not pd.isna(r["eta_minutes"]):
                detail.append(t("em_c_eta", lang, n=f"{float(r['eta_minutes']):.0f}"))
        if kind in ("respond", "relevel", "expand") and r["level"]:
            detail.append(t(f"em_lv_{int(r['level'])}", lang))
        if kind == "supervise" and r["target"]:
            detail.append(t(f"em_clock_{r['target']}", lang))
        note = str(r["note"] or "")
        rows.append(
            html.Li(
                [
                    html.Span(to_local(r["at"]).strftime("%m-%d %H:%M:%S"), className="emc-tl-time em-num"),
                    html.Span(label, className=f"emc-tl-kind emc-k-{kind}"),
                    html.Span(" · ".join(detail), className="emc-tl-detail"),
                    html.Span(str(r["actor"] or ""), className="emc-tl-actor em-muted"),
                    html.Div(note, className="emc-tl-note") if note and note not in detail else None,
                ],
                className="emc-tl",
                **{"data-kind": kind},
            )
        )
    return html.Ol(rows, className="emc-tls")


def _keys():
    from web.i18n import TR

    return TR


def tasks(df: pd.DataFrame, lang: str, acts: bool) -> object:
    if df.empty:
        return html.Div(t("em_none", lang), className="em-muted")
    rows = []
    for r in df.to_dict("records"):
        state = r["state"]
        cells = [
            html.Span(str(r["seq"]), className="em-num em-muted"),
            html.Span(str(r["action"]), className="emc-task-action"),
            html.Span(str(r["department"]), className="em-muted"),
            html.Span(er.hm(r["due_at"]), className="em-num"),
            html.Span(t(f"em_task_{state}", lang), className=f"emc-ts emc-ts-{state}"),
        ]
        if acts and state not in ("done", "done_late"):
            cells.append(
                html.Button(t("em_c_task_mark", lang), id=pid("task", tid=int(r["id"])), className="shell-btn emc-btn")
            )
        rows.append(html.Li(cells, className=f"emc-task emc-task-{state}"))
    return html.Ul(rows, className="emc-tasks")


def nearest(df: pd.DataFrame, dispatched: pd.DataFrame, lang: str, acts: bool) -> object:
    if df is None or df.empty:
        return html.Div(t("em_none", lang), className="em-muted")
    busy = set(dispatched[dispatched["state"] != "returned"]["resource_id"]) if not dispatched.empty else set()
    rows = []
    for r in df.to_dict("records"):
        eta = t("em_c_eta", lang, n=f"{float(r['eta_minutes']):.0f}") if r["eta_minutes"] is not None else "—"
        cells = [
            html.Span(str(r["name"]), className="emc-res-name"),
            html.Span(t(f"em_rkind_{r['kind']}", lang), className="em-muted"),
            html.Span(eta, className="em-num emc-eta"),
            html.Span(
                t("em_c_km", lang, n=f"{float(r['distance_km']):.1f}") if r["distance_km"] is not None else "",
                className="em-num em-muted",
            ),
        ]
        if acts and r["id"] not in busy:
            cells.append(
                html.Button(
                    t("em_c_dispatch", lang), id=pid("dispatch", rid=int(r["id"])), className="shell-btn emc-btn"
                )
            )
        elif r["id"] in busy:
            cells.append(html.Span(t("em_dstate_dispatched", lang), className="emc-ds emc-ds-dispatched"))
        rows.append(html.Li(cells, className="emc-res", **{"data-resource": str(r["id"])}))
    return html.Ul(rows, className="emc-ress")


def dispatched(df: pd.DataFrame, lang: str, acts: bool) -> object:
    if df.empty:
        return html.Div(t("em_none", lang), className="em-muted")
    rows = []
    for r in df.to_dict("records"):
        arrive = (
            t("em_c_arrives", lang, t=to_local(r["arrives_at"]).strftime("%H:%M"))
            if r["arrives_at"] is not None and not pd.isna(r["arrives_at"])
            else ""
        )
        cells = [
            html.Span(str(r["name"]), className="emc-res-name"),
            html.Span(t(f"em_dstate_{r['state']}", lang), className=f"emc-ds emc-ds-{r['state']}"),
            html.Span(
                t("em_c_eta", lang, n=f"{float(r['eta_minutes']):.0f}") if r["eta_minutes"] is not None else "—",
                className="em-num emc-eta",
            ),
            html.Span(arrive, className="em-muted em-num"),
        ]
        if acts:
            for to, key in (("on_scene", "em_c_arrive"), ("returned", "em_c_return")):
                if to in C.DISPATCH_NEXT.get(r["state"], ()):
                    cells.append(
                        html.Button(
                            t(key, lang), id=pid("dstate", did=int(r["id"]), to=to), className="shell-btn emc-btn"
                        )
                    )
        rows.append(html.Li(cells, className="emc-res emc-disp", **{"data-dispatch": str(r["id"])}))
    return html.Ul(rows, className="emc-ress")


def related(df: pd.DataFrame, lang: str, cols: list[str]) -> object:
    if df.empty:
        return html.Div(t("em_none", lang), className="em-muted")
    rows = []
    for r in df.to_dict("records"):
        cells = [html.Span(er.hm(r["at"]), className="em-num em-muted")]
        cells += [html.Span(str(r[c])) for c in cols]
        cells.append(html.Span(t("meters", lang, n=f"{int(r['distance_m']):,}"), className="em-muted em-num"))
        rows.append(html.Li(cells, className="emc-rel"))
    return html.Ul(rows, className="emc-rels")


def shelters(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return html.Div(t("em_none", lang), className="em-muted")
    rows = []
    for r in df.to_dict("records"):
        cap = int(r["capacity"]) or 1
        pct = min(100, int(r["occupancy"]) * 100 // cap)
        rows.append(
            html.Li(
                [
                    html.Span(str(r["name"])),
                    html.Span(
                        t("em_c_occupancy", lang, n=f"{int(r['occupancy']):,}", cap=f"{int(r['capacity']):,}"),
                        className="em-num",
                    ),
                    html.Span(t("em_c_night", lang, n=f"{int(r['capacity_night']):,}"), className="em-muted"),
                    html.Span(t("meters", lang, n=f"{int(r.get('distance_m') or 0):,}"), className="em-muted em-num"),
                    html.Div(html.Div(style={"width": f"{pct}%"}, className="emc-bar-fill"), className="emc-bar"),
                ],
                className="emc-shelter",
            )
        )
    return html.Ul(rows, className="emc-shelters")


def geo(view: dict) -> dict:
    f = view["facts"]
    feats: list[dict] = []
    for r in view["dispatches"].to_dict("records") if not view["dispatches"].empty else []:
        if r["route"] and r["state"] != "returned":
            feats.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": r["route"]},
                    "properties": {"layer": "route", "state": r["state"], "name": r["name"]},
                }
            )
    feats += er.points(view["shelters"], "resource", kind="shelter")
    feats += er.points(view["cameras"], "camera")
    near = view["nearest"]
    if near is not None and not near.empty:
        pass  # the list carries the nearest resources; the map shows where dispatched ones drive
    feats.append(
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [f["lon"], f["lat"]]},
            "properties": {"layer": "incident", "level": int(f["level"]), "focus": True, "drill": bool(f["exercise"])},
        }
    )
    return {"type": "FeatureCollection", "features": feats}


def scene_map(view: dict) -> dl.Map:
    """The map of the scene, built around it: the base layer, the scene, routes, shelters and cameras, zoomed to
    hold the scene and every active route."""
    (s, w), (n, e) = bounds(view)["bounds"]
    extent = max(e - w, (n - s) * 1.3, 1e-3)
    zoom = max(8.0, min(15.0, math.floor(math.log2(3.2 * 360 / extent) * 4) / 4))
    layers = []
    if SETTINGS.tile_url:
        layers.append(dl.TileLayer(url=SETTINGS.tile_url, attribution=SETTINGS.tile_attribution))
    layers.append(dl.GeoJSON(url="/assets/geo/basemap.json", style=JS("baseStyle"), interactive=False))
    layers.append(dl.GeoJSON(id=ID.GEO, data=geo(view), style=JS("routeStyle"), pointToLayer=JS("pointToLayer")))
    return dl.Map(
        layers,
        center=((s + n) / 2, (w + e) / 2),
        zoom=zoom,
        zoomSnap=0.25,
        className="panel-map",
        attributionControl=bool(SETTINGS.tile_url),
    )


def bounds(view: dict) -> dict:
    """The scene and every active route, with a margin (about 2 km around the scene at least)."""
    f = view["facts"]
    lats, lons = [f["lat"] - 0.02, f["lat"] + 0.02], [f["lon"] - 0.025, f["lon"] + 0.025]
    d = view["dispatches"]
    for r in d.to_dict("records") if not d.empty else []:
        if r["state"] != "returned":
            lons += [p[0] for p in r["route"]]
            lats += [p[1] for p in r["route"]]
    return {"bounds": [[min(lats), min(lons)], [max(lats), max(lons)]], "transition": "fitBounds"}


def _digest(view: dict, acts: bool, lang: str) -> str:
    f = view["facts"]
    parts = [
        lang,
        acts,
        f["version"],
        [c.state for c in view["clocks"]],
        len(view["timeline"]),
        view["tasks"]["state"].tolist() if not view["tasks"].empty else [],
        view["dispatches"]["state"].tolist() if not view["dispatches"].empty else [],
        len(view["tickets"]),
        len(view["alerts"]),
        view["cameras"]["online"].tolist() if not view["cameras"].empty else [],
    ]
    return hashlib.sha1(json.dumps(parts, default=str).encode()).hexdigest()[:16]


def parse_id(raw: object) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw if raw > 0 else None
    if isinstance(raw, str) and raw.isdigit() and len(raw) <= 12:
        return int(raw)
    return None


OUTPUTS = [
    Output(ID.HEAD, "children"),
    Output(ID.FACTS, "children"),
    Output(ID.CLOCKS, "children"),
    Output(ID.TIMELINE, "children"),
    Output(ID.TASKS, "children"),
    Output(ID.NEAREST, "children"),
    Output(ID.DISPATCHED, "children"),
    Output(ID.CAMERAS, "children"),
    Output(ID.TICKETS, "children"),
    Output(ID.ALERTS, "children"),
    Output(ID.SHELTERS, "children"),
    Output(ID.MAP, "children"),
    Output(ID.ACTION, "options"),
    Output(ID.PLAN, "options"),
    Output(ID.VERSION, "data"),
    Output(ID.PAGE, "className"),
    Output(ID.SHOWN, "data"),
]


@callback(
    *OUTPUTS,
    Input(ID.TICK, "n_intervals"),
    Input(ID.REFRESH, "data"),
    State(ID.INCIDENT, "data"),
    State(ID.SHOWN, "data"),
)
@allow(*ALL_ROLES)
def render_command_view(_n, _refresh, raw_id, shown):
    lang = current_lang()
    role = current_principal().role
    acts = role in ACT_ROLES
    iid = parse_id(raw_id)
    with read_session(db_url()) as s:
        view = iq.command_view(s, iid, role=role, now=utcnow()) if iid else None
        reported = set()
        if view is not None:
            tl = view["timeline"]
            reported = set(tl[tl["kind"] == "report_up"]["target"].dropna())
    if view is None:
        missing = html.Div(t("em_c_missing_incident", lang), className="em-msg bad")
        return [
            missing,
            *[no_update] * 10,
            [],
            [],
            [],
            None,
            "emc-page",
            None,
        ]
    digest = _digest(view, acts, lang)
    if shown == digest:
        return [no_update] * len(OUTPUTS)
    f = view["facts"]
    plans = [{"label": f"{r['name']}", "value": r["code"]} for r in view["plans"].to_dict("records")]
    page_cls = "emc-page" + (" emc-drill" if f["exercise"] else "") + ("" if acts else " emc-readonly")
    return [
        head(view, lang),
        facts(view, lang),
        er.clocks(view["clocks"], lang, closed=f["status"] == "closed"),
        timeline(view["timeline"], lang),
        tasks(view["tasks"], lang, acts),
        nearest(view["nearest"], view["dispatches"], lang, acts),
        dispatched(view["dispatches"], lang, acts),
        camera_list(view["cameras"], lang, prefix="emc", view=True, link=True),
        related(view["tickets"], lang, ["category", "text"]),
        related(view["alerts"], lang, ["algorithm", "camera"]),
        shelters(view["shelters"], lang),
        scene_map(view),
        next_actions(f["stage"], f["status"], lang, reported),
        plans,
        {"incident": f["event_id"], "version": int(f["version"])},
        page_cls,
        digest,
    ]


def _held(held: object) -> tuple[str | None, int | None]:
    if not isinstance(held, dict):
        return None, None
    return held.get("incident"), held.get("version")


def _run(label: str, incident, fn):
    lang = current_lang()
    try:
        done = execute(db_url(), actor(), f"incident:{label}", f"incident:{str(incident)[:60]}", fn)
    except Refused as r:
        cls = "em-msg conflict" if r.code is Code.CONFLICT else "em-msg bad"
        return html.Div(t("em_c_bad", lang, msg=refusal(r.code, r.detail, lang)), className=cls, role="status")
    v = getattr(done, "version", "")
    return html.Div(t("em_c_ok", lang, action=t(f"em_act_{label}", lang), v=v), className="em-msg ok", role="status")


def _bump(n) -> int:
    return (n if isinstance(n, int) and not isinstance(n, bool) else 0) + 1


@callback(
    Output(ID.MESSAGE, "children"),
    Output(ID.REFRESH, "data"),
    Input(ID.SUBMIT, "n_clicks"),
    State(ID.VERSION, "data"),
    State(ID.ACTION, "value"),
    State(ID.LEVEL, "value"),
    State(ID.NOTE, "value"),
    State(ID.REFRESH, "data"),
    prevent_initial_call=True,
)
@allow(*ACT_ROLES, acts=True)
def submit_incident_action(n, held, action, level, note, refresh):
    """The action form: one lifecycle step (or a report up the chain) on the version shown."""
    if not n:
        raise PreventUpdate
    incident, version = _held(held)
    action = action if isinstance(action, str) else ""
    name, _sep, target = action.partition(":")
    step = cmd.Step(incident, version, name, level=level, note=note or "", target=target or None)
    label = name if name in C.ACTIONS else "note"
    return _run(label, incident, lambda s: cmd.act(s, actor(), step)), _bump(refresh)


@callback(
    Output(ID.MESSAGE, "children", allow_duplicate=True),
    Output(ID.REFRESH, "data", allow_duplicate=True),
    Input(ID.PLAN_GO, "n_clicks"),
    Input(ID.CASUALTIES, "n_clicks"),
    State(ID.VERSION, "data"),
    State(ID.PLAN, "value"),
    State(ID.DEAD, "value"),
    State(ID.INJURED, "value"),
    State(ID.MISSING, "value"),
    State(ID.EVACUATED, "value"),
    State(ID.REFRESH, "data"),
    prevent_initial_call=True,
)
@allow(*ACT_ROLES, acts=True)
def submit_plan_or_casualties(_p, _c, held, plan, dead, injured, missing, evacuated, refresh):
    if not ctx.triggered_id:
        raise PreventUpdate
    incident, version = _held(held)
    if ctx.triggered_id == ID.PLAN_GO:
        step = cmd.Step(incident, version, "plan", plan_code=plan)
        return _run("plan", incident, lambda s: cmd.act(s, actor(), step)), _bump(refresh)
    step = cmd.Step(incident, version, "casualties", casualties=[dead, injured, missing, evacuated])
    return _run("casualties", incident, lambda s: cmd.act(s, actor(), step)), _bump(refresh)


@callback(
    Output(ID.MESSAGE, "children", allow_duplicate=True),
    Output(ID.REFRESH, "data", allow_duplicate=True),
    Input(pid("dispatch", rid=ALL), "n_clicks"),
    Input(pid("task", tid=ALL), "n_clicks"),
    Input(pid("dstate", did=ALL, to=ALL), "n_clicks"),
    State(ID.VERSION, "data"),
    State(ID.REFRESH, "data"),
    prevent_initial_call=True,
)
@allow(*ACT_ROLES, acts=True)
def submit_row_action(_d, _t, _s, held, refresh):
    """A row's button: dispatch a resource (road ETA), tick a plan task, move a dispatch on."""
    trig = ctx.triggered_id
    if not isinstance(trig, dict) or not any(x.get("value") for x in ctx.triggered):
        raise PreventUpdate
    incident, version = _held(held)
    kind = trig.get("type")
    if kind == "emergency-c-dispatch":
        return _run(
            "dispatch", incident, lambda s: cmd.dispatch(s, actor(), incident, version, trig.get("rid"))
        ), _bump(refresh)
    if kind == "emergency-c-task":
        step = cmd.Step(incident, version, "task_done", task_id=trig.get("tid"))
        return _run("task_done", incident, lambda s: cmd.act(s, actor(), step)), _bump(refresh)
    step = cmd.Step(incident, version, "dispatch_state", dispatch_id=trig.get("did"), state=trig.get("to"))
    return _run("dispatch_state", incident, lambda s: cmd.act(s, actor(), step)), _bump(refresh)


@callback(Output(ID.REPORT, "href"), Output(ID.XLSX, "href"), Input(ID.INCIDENT, "data"))
@allow(*ALL_ROLES)
def report_links(raw_id):
    iid = parse_id(raw_id) or 0
    return f"/emergency/report/{iid}", f"/emergency/report/{iid}.xlsx"
