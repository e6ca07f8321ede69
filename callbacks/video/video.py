"""视频汇聚 video wall: channel tree and search, alert linkage, the review queue, algorithm and quality panels.
Tiles and streams live in the browser (assets/video.js); the server only sends lists and alert records."""

from __future__ import annotations

import re
from datetime import timedelta

from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, no_update

from callbacks.refresh import register_page_refresh, send_changed
from callbacks.video import render as vr
from callbacks.wall.alarms import alarms_now
from data_access.db import read_session
from data_access.roles import ACT_ROLES, ALL_ROLES
from data_access.video import channels as video
from data_access.wall import alarms
from data_access.worktime import local_day
from web import live
from web.auth import actor, allow, current_principal
from web.commands import video as video_cmd
from web.commands.base import Refused, execute
from web.context import db_url
from web.i18n import current_lang, t
from web.live import LiveView
from web.panels import Panel, ReadContext

LINK_WINDOW = timedelta(minutes=10)  # alerts younger than this may take over the pinned tile
SEARCH_OK = re.compile(r"^[\w\u4e00-\u9fff·\- ]{0,40}$")


class ID:
    FILTER = "video-filter"
    SEARCH = "video-search"
    SEARCH_MSG = "video-search-msg"
    TREE = "video-tree"
    CHANNELS = "video-channels"
    COUNT = "video-count"
    GROUP = "video-group"
    ALERTS = "video-alerts"
    QUEUE = "video-queue"
    REVIEW_MSG = "video-review-msg"
    REVIEWED = "video-reviewed"
    TREE_HASH = "video-tree-hash"
    QUEUE_HASH = "video-queue-hash"
    SINK_GROUP = "video-sink-group"
    SINK_ALERTS = "video-sink-alerts"


def _stats(s, ctx: ReadContext):
    return video.algorithm_stats(s, end=local_day(ctx.now))


def _quality(s, ctx: ReadContext):
    rows, counts = video.quality_faults(s)
    return {"rows": rows, "counts": counts}


PANELS = [
    Panel("stats", "video_stats", _stats, vr.algorithm_table, kind="table", periods=6),
    Panel("quality", "video_quality", _quality, vr.quality, kind="table"),
]
IDS = register_page_refresh("video", PANELS)


TREE = LiveView("video-tree", lambda s, _now: video.channel_tree(s))


def _linked_alerts(s, now) -> list[dict]:
    """The alerts of the last minutes, then the severe ones still unreviewed since (the alarms a seat opening the
    page gets pinned), each once, newest first."""
    recent = _alert_records(video.latest_alerts(s, since=now - LINK_WINDOW, until=now, limit=12))
    severe = _alert_records(video.severe_unreviewed(s, since=now - alarms.ALARM_WINDOW, until=now))
    seen = {r["event_id"] for r in recent}
    return sorted(recent + [r for r in severe if r["event_id"] not in seen], key=lambda r: r["at"], reverse=True)


ALERTS = LiveView("video-alerts", _linked_alerts)
QUEUE = LiveView("video-queue", lambda s, now: video.review_queue(s, until=now))


def _read(fn, *args, **kwargs):
    with read_session(db_url()) as s:
        return fn(s, *args, **kwargs)


@callback(
    Output(ID.TREE, "children"),
    Output(ID.TREE_HASH, "data"),
    Input(IDS.tick, "data"),
    Input(ID.FILTER, "data"),
    State(ID.TREE_HASH, "data"),
)
@allow(*ALL_ROLES)
def refresh_video_tree(_tick, selected, shown):
    """The tree, re-rendered only when counts or the selection change (a re-render would swallow clicks)."""
    snap, lang = live.snapshot(TREE), current_lang()
    if not snap.ok:
        return no_update, no_update
    return send_changed(shown, live.digest(snap.hash, selected, lang), lambda: vr.tree(snap.value, selected, lang))


@callback(
    Output(ID.FILTER, "data"),
    Input(vr.node_id(ALL, ALL), "n_clicks"),
    prevent_initial_call=True,
)
@allow(*ALL_ROLES)
def select_video_group(clicks):
    trig = ctx.triggered_id
    if not trig or not any(clicks) or not (ctx.triggered and ctx.triggered[0]["value"]):
        return no_update
    dim, key = trig["dim"], trig["key"]
    if dim not in ("all", "town", "kind") or (dim == "kind" and key not in video.KINDS) or len(str(key)) > 20:
        return no_update
    return {"dim": dim, "key": key}


@callback(
    Output(ID.CHANNELS, "children"),
    Output(ID.COUNT, "children"),
    Output(ID.GROUP, "data"),
    Output(ID.SEARCH_MSG, "children"),
    Input(ID.FILTER, "data"),
    Input(ID.SEARCH, "value"),
)
@allow(*ALL_ROLES)
def refresh_video_channels(selected, query):
    lang = current_lang()
    query = query if isinstance(query, str) else ""
    if not SEARCH_OK.match(query):
        return no_update, no_update, no_update, t("video_search_bad", lang)
    sel = selected if isinstance(selected, dict) else {}
    town = sel.get("key") if sel.get("dim") == "town" else None
    kind = sel.get("key") if sel.get("dim") == "kind" else None
    df, total = _read(video.channels, town=town, kind=kind, query=query)
    group, _ = _read(video.channels, town=town, kind=kind, query=query, limit=len(video.KINDS) * 1000)
    online = group[group.online.astype(bool)]
    return (
        vr.channel_list(df, lang),
        t("video_count", lang, total=total, shown=len(df)),
        {"cams": online[["id", "name"]].values.tolist()},
        "",
    )


def _alert_records(df) -> list[dict]:
    return [
        {
            "event_id": r.event_id,
            "camera_id": r.camera_id,
            "camera": r.camera,
            "algorithm": r.algorithm,
            "severity": int(r.severity),
            "confidence": round(float(r.confidence), 3),
            "bbox": [float(x) for x in r.bbox],
            "at": r.occurred_at.isoformat() + "Z",
            "local": r.occurred_local,
        }
        for r in df.itertuples()
    ]


@callback(Output(ID.ALERTS, "data"), Input(IDS.tick, "data"))
@allow(*ALL_ROLES)
def refresh_video_alerts(_tick):
    """Alerts of the last minutes and the severe unreviewed ones, newest first, each marked `live` while it is an
    alarm waiting for a seat: assets/video.js pins the newest one it has not seen, and on opening the page the
    newest live one (a seat that opens /video after a fire alert gets it pinned)."""
    snap = live.snapshot(ALERTS)
    if not snap.ok:
        return no_update
    waiting = {a.key for a in alarms_now().alarms if a.kind == "alert"}
    return [{**r, "live": f"alert:{r['event_id']}" in waiting} for r in snap.value]


@callback(
    Output(ID.QUEUE, "children"),
    Output(ID.QUEUE_HASH, "data"),
    Input(IDS.tick, "data"),
    Input(ID.REVIEWED, "data"),
    State(ID.QUEUE_HASH, "data"),
)
@allow(*ALL_ROLES)
def refresh_video_queue(_tick, _reviewed, shown):
    """Alerts waiting for review; sent only when the list changed, so buttons stay put under the pointer."""
    lang = current_lang()
    who = current_principal()
    if who.role in ("wall", "visitor"):
        return (no_update, no_update) if shown == "login" else (vr.login_note(lang), "login")
    snap = live.snapshot(QUEUE, fresh=ctx.triggered_id == ID.REVIEWED)  # just reviewed: the row goes now
    if not snap.ok:
        return no_update, no_update
    can_act = who.role in ACT_ROLES
    return send_changed(
        shown, live.digest(snap.hash, can_act, lang), lambda: vr.queue(snap.value, lang, can_act=can_act)
    )


@callback(
    Output(ID.REVIEW_MSG, "children"),
    Output(ID.REVIEWED, "data"),
    Input(vr.review_id(ALL, ALL), "n_clicks"),
    prevent_initial_call=True,
)
@allow("officer", "supervisor", "admin", acts=True)
def review_video_alert(_clicks):
    trig = ctx.triggered_id
    if not trig or not (ctx.triggered and ctx.triggered[0]["value"]):
        return no_update, no_update
    lang = current_lang()
    alert_id, decision = str(trig.get("alert", ""))[:64], trig.get("decision")
    try:
        res = execute(db_url(), actor(), video_cmd.review_action(decision), alert_id,
                      lambda s: video_cmd.review_alert(s, actor(), alert_id, decision))  # fmt: skip
    except Refused as r:
        return t("video_done_error", lang, why=r.detail[:80]), alert_id
    if res.outcome == "already":
        return t("video_done_already", lang), alert_id
    return t(f"video_done_{decision}", lang, ticket=res.ticket_no or ""), alert_id


clientside_callback(ClientsideFunction("cc_video", "group"), Output(ID.SINK_GROUP, "data"), Input(ID.GROUP, "data"))
clientside_callback(ClientsideFunction("cc_video", "alerts"), Output(ID.SINK_ALERTS, "data"), Input(ID.ALERTS, "data"))
