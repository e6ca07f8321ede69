"""A data resource (/data/resource?id=N): its schema, scores and trend, checks (each failed one drills to its
failing records, masked by role, and opens a rectification item), rectification steps, sync history and a masked
sample. Reads are kept counters and indexed lookups of at most a page of records, never a scan."""

from __future__ import annotations

import hashlib
import json

from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from callbacks.data import render as dr
from data_access.data import catalog
from data_access.db import read_session
from data_access.roles import ACT_ROLES, ALL_ROLES
from data_access.worktime import utcnow
from web.auth import actor, allow, current_principal
from web.commands import data as data_cmd
from web.commands.base import Refused, execute
from web.context import db_url
from web.i18n import current_lang, refusal, t


class ID:
    SOURCE = "data_resource-source"
    INTERVAL = "data_resource-interval"
    DIGEST = "data_resource-digest"
    ACTED = "data_resource-acted"
    HEAD = "data_resource-head"
    SCORES = "data_resource-scores"
    TREND = "data_resource-trend"
    CHECKS = "data_resource-checks"
    RECTS = "data_resource-rects"
    SCHEMA = "data_resource-schema"
    HISTORY = "data_resource-history"
    SAMPLE = "data_resource-sample"
    DRILL = "data_resource-drill-check"
    FAILING = "data_resource-failing"
    MSG = "data_resource-msg"


def source_id(raw: object) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw if 0 < raw < 10**9 else None
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 9:
        return int(raw)
    return None


def read_page(sid: int, role: str) -> dict | None:
    """Everything the page shows of one resource, as plain data (masked by role)."""
    now = utcnow()
    with read_session(db_url()) as s:
        row = catalog.resource(s, sid, now)
        if row is None:
            return None
        schema = catalog.fields(s, sid)
        return {
            "row": row,
            "checks": catalog.source_checks(s, sid, now),
            "points": catalog.points(s, sid),
            "rects": catalog.rectifications(s, sid),
            "schema": schema,
            "history": catalog.sync_history(s, sid),
            "sample": catalog.sample(s, sid, role) if row["sampled"] else None,
        }


def digest(data: dict | None) -> str:
    if data is None:
        return "none"
    parts = {k: (v.to_json(date_format="iso") if hasattr(v, "to_json") else str(v)) for k, v in data.items()}
    return hashlib.sha1(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def render_page(data: dict | None, lang: str, can_act: bool) -> tuple:
    if data is None:
        missing = html.Div(t("data_not_found", lang), className="panel-empty")
        return (missing, None, None, None, None, None, None, None)
    row = data["rects"]
    open_checks = set()
    if not row.empty:
        checks = data["checks"]
        ids = dict(zip(checks["code"], checks["id"], strict=True))
        open_checks = {int(ids[c]) for c, st in zip(row["check"], row["status"], strict=True) if st != "verified"}
    labels = dict(zip(data["schema"]["name"], data["schema"]["label"], strict=True)) if not data["schema"].empty else {}
    labels["rid"] = "ID"
    return (
        dr.resource_head(data["row"], lang),
        dr.score_tiles(data["row"], lang),
        dr.trend_chart(data["points"], lang, x="at"),
        dr.checks_table(data["checks"], lang, can_act=can_act, sampled=data["row"]["sampled"], open_checks=open_checks),
        dr.rect_table(data["rects"], lang, actions=can_act),
        dr.schema_table(data["schema"], lang),
        dr.history_table(data["history"], lang),
        dr.records_table(data["sample"], labels, lang)
        if data["sample"] is not None
        else html.Div(t("data_sample_none", lang), className="panel-empty"),
    )


@callback(
    Output(ID.HEAD, "children"),
    Output(ID.SCORES, "children"),
    Output(ID.TREND, "children"),
    Output(ID.CHECKS, "children"),
    Output(ID.RECTS, "children"),
    Output(ID.SCHEMA, "children"),
    Output(ID.HISTORY, "children"),
    Output(ID.SAMPLE, "children"),
    Output(ID.DIGEST, "data"),
    Input(ID.SOURCE, "data"),
    Input(ID.INTERVAL, "n_intervals"),
    Input(ID.ACTED, "data"),
    State(ID.DIGEST, "data"),
)
@allow(*ALL_ROLES)
def show_resource(raw_id, _n, _acted, shown):
    lang = current_lang()
    role = current_principal().role
    sid = source_id(raw_id)
    data = read_page(sid, role) if sid is not None else None
    d = digest(data)
    if d == shown:
        return (no_update,) * 9
    return (*render_page(data, lang, role in ACT_ROLES), d)


@callback(
    Output(ID.DRILL, "data"),
    Input({"type": "data_resource-drill", "check": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
@allow(*ALL_ROLES)
def pick_check(_clicks):
    trig = ctx.triggered_id
    if not trig or not (ctx.triggered and ctx.triggered[0]["value"]):
        return no_update
    return source_id(trig.get("check"))


@callback(
    Output(ID.FAILING, "children"),
    Input(ID.DRILL, "data"),
    Input(ID.DIGEST, "data"),
    State(ID.SOURCE, "data"),
)
@allow(*ALL_ROLES)
def show_failing(check_id, _digest, raw_id):
    lang = current_lang()
    sid, cid = source_id(raw_id), source_id(check_id)
    if sid is None or cid is None:
        return html.Div(t("data_failing_pick", lang), className="panel-empty")
    role = current_principal().role
    with read_session(db_url()) as s:
        checks = catalog.source_checks(s, sid, utcnow())
        if cid not in set(checks["id"]):
            return html.Div(t("data_failing_pick", lang), className="panel-empty")
        n, df = catalog.failing(s, sid, cid, role)
        schema = catalog.fields(s, sid)
    code = checks.loc[checks["id"] == cid, "code"].iloc[0]
    labels = dict(zip(schema["name"], schema["label"], strict=True))
    labels["rid"] = "ID"
    caption = t("data_failing_of", lang, check=t(f"check_{code}", lang), n=f"{n:,}", shown=len(df))
    return html.Div([html.Div(caption, className="data-caption"), dr.records_table(df, labels, lang)])


@callback(
    Output(ID.MSG, "children"),
    Output(ID.ACTED, "data"),
    Input({"type": "data_resource-rect", "check": ALL}, "n_clicks"),
    Input({"type": "data_resource-rect-step", "rect": ALL, "to": ALL, "version": ALL}, "n_clicks"),
    State(ID.SOURCE, "data"),
    State(ID.ACTED, "data"),
    prevent_initial_call=True,
)
@allow(*sorted(ACT_ROLES), acts=True)
def act_on_rectification(_open, _step, raw_id, acted):
    trig = ctx.triggered_id
    if not trig or not (ctx.triggered and ctx.triggered[0]["value"]):
        return no_update, no_update
    lang = current_lang()
    sid = source_id(raw_id)
    who = actor()
    try:
        if trig.get("type") == "data_resource-rect":
            cid = trig.get("check")
            item = execute(db_url(), who, "data_rect_open", f"source:{sid}",
                           lambda s: data_cmd.open_rectification(s, who, sid, cid))  # fmt: skip
            msg = t("data_rect_done", lang, id=item.id)
        else:
            rid, to, ver = trig.get("rect"), trig.get("to"), trig.get("version")
            item = execute(db_url(), who, f"data_rect_{to}"[:40], f"rect:{rid}",
                           lambda s: data_cmd.advance_rectification(s, who, rid, to, ver))  # fmt: skip
            msg = t("data_rect_moved", lang, id=item.id, status=t(f"rect_{item.status}", lang))
    except Refused as r:
        return refusal(r.code, r.detail, lang), (acted or 0) + 1
    return msg, (acted or 0) + 1
