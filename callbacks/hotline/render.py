"""Pure renderers of the 12345 page: data in, Dash children out (no I/O; data text is always text)."""

from __future__ import annotations

import math

import pandas as pd
from dash import html

from web.i18n import t
from web.i18n.names import en, name

HOTLINE_STAGES = (
    ("hotline_stage_accept", {"create"}),
    ("hotline_stage_dispatch", {"dispatch", "answer"}),
    ("hotline_stage_sign", {"sign", "answer"}),
    ("hotline_stage_handle", {"sign", "extend_request", "extend_approve", "answer"}),
    ("hotline_stage_reply", {"reply", "answer"}),
    ("hotline_stage_close", {"close", "answer"}),
    ("hotline_stage_callback", {"callback"}),
    ("hotline_stage_rate", {"callback"}),
)
CM_STAGES = (
    ("hotline_stage_collect", {"create"}),
    ("hotline_stage_register", {"register"}),
    ("hotline_stage_cm_dispatch", {"dispatch"}),
    ("hotline_stage_dispose", {"feedback"}),
    ("hotline_stage_feedback", {"feedback"}),
    ("hotline_stage_verify", {"close", "rework"}),
    ("hotline_stage_cm_close", {"close"}),
)
ALERT_ACTIONS = {"return", "redo", "rework", "supervise", "extend_request", "extend_reject"}


def action_label(action: str, stream: str, lang: str) -> str:
    if stream == "cm" and action in ("close", "dispatch", "create"):
        return t(f"hotline_a_cm_{action}", lang)
    return t(f"hotline_a_{action}", lang)


def pct(v, digits: int = 1) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{v * 100:.{digits}f}%"


def hours_text(left: float | None, lang: str, *, sign: bool = False) -> str:
    if left is None:
        return ""
    if left >= 0:
        return t("hotline_d_sign_left" if sign else "hotline_d_left", lang, h=f"{left:.1f}")
    return t("hotline_d_sign_over" if sign else "hotline_d_over", lang, h=f"{-left:.1f}")


def grid_rows(df: pd.DataFrame, lang: str) -> list[dict]:
    """Grid rows with display labels (status, SLA, rating) in `lang`."""
    out = []
    for rec in df.to_dict("records"):
        rec["channel_name"] = name("channel", rec["channel"], rec["channel_name"], lang)
        rec["category_name"] = name("category", rec["category"], rec["category_name"], lang)
        rec["department_name"] = en("department", rec["department_name"], lang)
        rec["town_name"] = name("town", rec["town"], rec["town_name"], lang)
        rec["status_label"] = t(f"st_{rec['status']}", lang)
        rec["sla_label"] = t(f"hotline_sla_{rec['sla']}", lang)
        rec["satisfaction_label"] = t(f"hotline_sat_{rec['satisfaction']}", lang) if rec["satisfaction"] else ""
        hl = rec["hours_left"]
        rec["hours_left"] = None if hl is None or (isinstance(hl, float) and math.isnan(hl)) else hl
        rec["department_id"] = None if pd.isna(rec["department_id"]) else int(rec["department_id"])
        out.append(rec)
    return out


def feed(df: pd.DataFrame, lang: str) -> object:
    """The live feed: one button per ticket (opens the drawer); channel, time, category, status, text."""
    if df.empty:
        return html.Div(t("no_data", lang), className="panel-empty")
    rows = []
    for rec in df.to_dict("records"):
        rows.append(
            html.Li(
                html.Button(
                    [
                        html.Span(
                            name("channel", rec["channel"], rec["channel_name"], lang),
                            className=f"hl-ch hl-ch-{rec['channel']}",
                        ),
                        html.Span(rec["created_local"], className="hl-feed-time"),
                        html.Span(en("category", rec["category"], lang), className="hl-feed-cat"),
                        html.Span(t(f"st_{rec['status']}", lang), className=f"feed-status st-{rec['status']}"),
                        html.Span(rec["text"], className="hl-feed-text"),
                    ],
                    id={"type": "hotline-open", "no": str(rec["ticket_no"])},
                    className="hl-feed-row",
                    n_clicks=0,
                )
            )
        )
    return html.Ul(rows, className="hl-feed")


REDO = {"redo", "rework"}  # 退回重办 / 核查不通过返工: the ticket goes back to the department
KEPT_BY_REDO = {"create", "dispatch", "sign", "register"}  # the stages a redo keeps (the ticket is back in hand)
DEPT_ACTIONS = {"sign", "return", "extend_request", "reply", "feedback"}  # done by the department holding it
TO_DEPT = {"supervise", "dispatch"}  # the centre acts towards the department holding the ticket
ACTORS = {"sim": "hotline_actor_center", "system": "hotline_actor_system"}  # the programs that write, by name


def reached(actions: list[str]) -> set[str]:
    """The actions that light the stage bar: after a redo only what it keeps and what happened since."""
    last = max((i for i, a in enumerate(actions) if a in REDO), default=None)
    if last is None:
        return set(actions)
    return (set(actions[:last]) & KEPT_BY_REDO) | set(actions[last + 1 :])


def stages(stream: str, actions: list[str], lang: str) -> html.Ol:
    """The canonical stage bar (受理→…→评价 or 信息收集→…→结案) with the stages reached lit (in the ticket's
    current round: a 退回重办 puts it back to 办理)."""
    spec = HOTLINE_STAGES if stream == "hotline" else CM_STAGES
    done = reached(list(actions))
    items = [html.Li(t(key, lang), className="hl-stage done" if done & needs else "hl-stage") for key, needs in spec]
    return html.Ol(items, className="hl-stages")


def who_did(action: str, actor: str, department: str, lang: str) -> str:
    """Whose act a timeline row is: the department's (sign, return, reply...) under the department and its user;
    the centre's (督办, 核查结案, dispatch, callback...) under the officer's own name, towards the department."""
    who = t(ACTORS[actor], lang) if actor in ACTORS else actor
    department = en("department", department, lang)
    if action in DEPT_ACTIONS:
        return " · ".join(x for x in (department, "" if actor in ACTORS else who) if x)
    if action in TO_DEPT and department:
        return f"{who} → {department}" if who else department
    return who


def timeline(df: pd.DataFrame, stream: str, lang: str) -> object:
    """The lifecycle log as a vertical timeline; 退回/延期/督办/重办 stand out."""
    if df.empty:
        return html.Div(t("no_data", lang), className="panel-empty")
    items = []
    for rec in df.to_dict("records"):
        a = rec["action"]
        cls = "hl-tl-item alert" if a in ALERT_ACTIONS else "hl-tl-item"
        who = who_did(a, rec["actor"], rec["department"], lang)
        items.append(
            html.Li(
                [
                    html.Span(rec["at"], className="hl-tl-at"),
                    html.Span(action_label(a, stream, lang), className=f"hl-tl-action act-{a}"),
                    html.Span(t(f"st_{rec['status_after']}", lang), className=f"feed-status st-{rec['status_after']}"),
                    html.Span(who, className="hl-tl-who"),
                    html.Div(rec["note"], className="hl-tl-note") if rec["note"] else None,
                ],
                className=cls,
            )
        )
    return html.Ol(items, className="hl-timeline")


def detail(d: dict, lang: str) -> html.Div:
    """The drawer's header block: texts, place, department, deadlines with working-hour countdowns."""
    sla_cls = {"overdue": "alarm", "near_due": "warn"}.get(d["sla"], "good")

    def row(label_key: str, value) -> html.Div:
        return html.Div([html.Dt(t(label_key, lang)), html.Dd(value or "—")], className="hl-dl-row")

    countdown = []
    if d.get("sign_hours_left") is not None:
        left = d["sign_hours_left"]
        countdown.append(
            html.Div(hours_text(left, lang, sign=True), className=f"hl-count {'alarm' if left < 0 else 'warn'}")
        )
    if d.get("hours_left") is not None:
        countdown.append(html.Div(hours_text(d["hours_left"], lang), className=f"hl-count {sla_cls}"))
    c = d["counts"]
    return html.Div(
        [
            html.Div(d["summary"], className="hl-d-summary"),
            html.P(d["content"], className="hl-d-content"),
            html.Div(countdown, className="hl-counts"),
            html.Dl(
                [
                    row("hotline_d_status", t(f"st_{d['status']}", lang)),
                    row(
                        "hotline_d_category",
                        f"{name('category', d['category'], d['category_name'], lang)} · {en('domain', d['domain'], lang)}",
                    ),
                    row("hotline_d_department", en("department", d["department_name"], lang)),
                    row(
                        "hotline_d_co",
                        ("、" if lang == "zh" else ", ").join(en("department", c, lang) for c in d["co_departments"]),
                    ),
                    row(
                        "hotline_d_place",
                        " · ".join(x for x in (en("town", d["town_name"], lang), d["area_name"]) if x),
                    ),
                    row("hotline_d_created", d["created"]),
                    row("hotline_d_sign_due", d["sign_due"]),
                    row("hotline_d_due", d["due"]),
                    row("hotline_d_sla", t(f"hotline_sla_{d['sla']}", lang)),
                ],
                className="hl-dl",
            ),
            html.Div(
                t("hotline_d_counts", lang, r=c["return"], d=c["redo"], e=c["extension"], s=c["supervise"]),
                className="hl-d-counts",
            ),
            extension_request(d.get("extension_request"), lang),
        ]
    )


def extension_request(req: dict | None, lang: str) -> html.Div | None:
    """The pending 延期申请 as the approver sees it: how many working days, why, who asked and when."""
    if not req:
        return None
    days = req.get("days")
    asked = t("hotline_ext_days", lang, n=f"{days:g}") if days else t("hotline_ext_days_unsaid", lang)
    return html.Div(
        [
            html.B(t("hotline_ext_title", lang) + "："),
            html.Span(asked, className="hl-ext-days"),
            html.Span(" · " + " · ".join(x for x in (req.get("by"), req.get("at")) if x), className="hl-muted"),
            html.Div(req.get("note") or "", className="hl-ext-note") if req.get("note") else None,
        ],
        className="hl-ext-request",
        role="note",
    )


def citizen(info: dict | None, lang: str, *, revealed: bool = False) -> html.Div:
    if info is None:
        return html.Div()
    if all(v is None for v in info.values()):
        return html.Div(t("hotline_d_hidden", lang), className="hl-muted")
    rows = [
        html.Div(
            [html.Dt(t(f"hotline_d_{k}", lang)), html.Dd(info.get(k) or "—", className=f"hl-pi-{k}")],
            className="hl-dl-row",
        )
        for k in ("name", "phone", "id_no", "address")
    ]
    note = html.Div(t("hotline_revealed", lang), className="hl-revealed") if revealed else None
    return html.Div([html.Dl(rows, className="hl-dl"), note], className="revealed" if revealed else "")


def similar(df: pd.DataFrame, lang: str, *, can_merge: bool = False) -> object:
    if df.empty:
        return html.Div(t("hotline_d_no_similar", lang), className="hl-muted")
    items = []
    for rec in df.to_dict("records"):
        dist = rec["distance_m"]
        dist_s = (
            "" if dist is None or (isinstance(dist, float) and math.isnan(dist)) else t("hotline_m", lang, m=int(dist))
        )
        items.append(
            html.Li(
                [
                    html.Button(
                        [
                            html.Span(
                                t(f"hotline_kind_{rec['kind']}", lang), className=f"hl-kind hl-kind-{rec['kind']}"
                            ),
                            html.Span(rec["ticket_no"], className="hl-sim-no"),
                            html.Span(rec["created"], className="hl-sim-at"),
                            html.Span(dist_s, className="hl-sim-dist"),
                            html.Span(t(f"st_{rec['status']}", lang), className=f"feed-status st-{rec['status']}"),
                            html.Span(rec["summary"], className="hl-sim-text"),
                        ],
                        id={"type": "hotline-open-similar", "no": str(rec["ticket_no"])},
                        n_clicks=0,
                        className="hl-sim-row",
                    ),
                    None
                    if not can_merge or rec["status"] == "merged"  # a duplicate is never a master
                    else html.Button(
                        t("hotline_merge", lang),
                        id={"type": "hotline-merge", "no": str(rec["ticket_no"])},
                        n_clicks=0,
                        className="hl-chip hl-merge",
                        title=t("hotline_merge_title", lang),
                    ),
                ],
                className="hl-sim-item",
            )
        )
    return html.Ul(items, className="hl-similar")


def links(df: pd.DataFrame, lang: str) -> object:
    """重复件 links: the master this ticket was merged into, the duplicates merged into it (text only, each opens)."""
    if df.empty:
        return None
    items = [
        html.Li(
            html.Button(
                [
                    html.Span(
                        t(f"hotline_link_{rec['relation']}", lang), className=f"hl-kind hl-kind-{rec['relation']}"
                    ),
                    html.Span(rec["ticket_no"], className="hl-sim-no"),
                    html.Span(rec["created"], className="hl-sim-at"),
                    html.Span(t(f"st_{rec['status']}", lang), className=f"feed-status st-{rec['status']}"),
                    html.Span(rec["summary"], className="hl-sim-text"),
                ],
                id={"type": "hotline-open-link", "no": str(rec["ticket_no"])},
                n_clicks=0,
                className="hl-sim-row",
            ),
            className="hl-sim-item hl-link-item",
        )
        for rec in df.to_dict("records")
    ]
    return html.Ul(items, className="hl-links")


ASSESS_COLS = (
    ("sign_on_time_rate", "hotline_as_sign"),
    ("close_on_time_rate", "hotline_as_close"),
    ("closure_rate", "hotline_as_closure"),
    ("satisfaction_rate", "hotline_as_satisfaction"),
    ("return_rate", "hotline_as_return"),
    ("redo_rate", "hotline_as_redo"),
    ("callback_rate", "hotline_as_callback"),
)


def location_geojson(d: dict, cams: pd.DataFrame) -> dict:
    """The ticket's point and its nearest cameras (ids and states only, never personal data)."""
    feats = []
    if d.get("lat") is not None and d.get("lon") is not None:
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(d["lon"], 6), round(d["lat"], 6)]},
                "properties": {
                    "id": d["ticket_no"],
                    "kind": d["stream"],
                    "state": "overdue" if d["sla"] == "overdue" else "ok",
                },
            }
        )
    for rec in cams.to_dict("records"):
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(rec["lon"], 6), round(rec["lat"], 6)]},
                "properties": {"id": rec["id"], "kind": "camera", "state": "ok" if rec["online"] else "offline"},
            }
        )
    return {"type": "FeatureCollection", "features": feats}
