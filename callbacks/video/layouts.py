"""Saved video-wall layouts (/video toolbar): listed per user, saved and deleted by seats (validated, audited).
The tiles live in the browser: assets/video_layouts.js hands the current layout over and applies a chosen one."""

from __future__ import annotations

import json

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, html, no_update

from data_access.db import read_session
from data_access.roles import ALL_ROLES
from data_access.video import layouts as video_layouts
from data_access.worktime import utcnow
from web.auth import actor, allow, current_principal
from web.commands import video as video_cmd
from web.commands.base import Code, Refused, execute
from web.context import db_url
from web.i18n import current_lang, t

SAVE_ROLES, SHARE_ROLES = video_cmd.SAVE_ROLES, video_cmd.SHARE_ROLES


class ID:
    TOOLS = "video-save-tools"
    NAME = "video-save-name"
    SHARED = "video-save-shared"
    SHARED_BOX = "video-save-shared-box"
    SAVE = "video-save"
    SAVED = "video-saved"
    DELETE = "video-saved-delete"
    MSG = "video-layout-msg"
    SAVE_REQ = "video-layout-save"
    DELETE_REQ = "video-layout-delete"
    CHANGED = "video-layout-changed"


def _toast(text: str) -> html.Span:
    """The result, shown briefly: a new id is a new React key, so the element remounts and its fade-out restarts."""
    return html.Span(text, id=f"video-layout-toast-{int(utcnow().timestamp() * 1e6)}", className="video-layout-toast")


def layout_options(df, lang: str) -> list[html.Option]:
    """The <select> options: a placeholder, then each layout (names as text; the layout as a data attribute)."""
    # ids are the React keys: the selection stays with its option when the list changes under it
    opts = [html.Option(t("video_saved", lang), value="", id="video-saved-opt-none")]
    for r in df.itertuples():
        label = r.name if r.mine else t("video_shared_name", lang, name=r.name)
        opts.append(
            html.Option(
                label,
                value=str(r.id),
                id=f"video-saved-opt-{r.id}",
                **{"data-layout": json.dumps({"n": int(r.n), "cams": r.cams}, ensure_ascii=False),
                   "data-mine": "1" if r.mine else "0", "data-shared": "1" if r.shared else "0"},
            )
        )  # fmt: skip
    return opts


@callback(Output(ID.SAVED, "children"), Input(ID.CHANGED, "data"))
@allow(*ALL_ROLES)
def refresh_video_layouts(_changed):
    """The user's own layouts and the shared ones, read at page load and after each save or delete."""
    with read_session(db_url()) as s:
        df = video_layouts.layouts(s, owner=video_cmd.owner(current_principal()))
    return layout_options(df, current_lang())


@callback(
    Output(ID.NAME, "disabled"),
    Output(ID.SAVE, "disabled"),
    Output(ID.DELETE, "disabled"),
    Output(ID.TOOLS, "title"),
    Output(ID.SHARED_BOX, "hidden"),
    Input(ID.TOOLS, "id"),
)
@allow(*ALL_ROLES)
def video_layout_controls(_id):
    """Read-only roles see the save controls disabled, with a tooltip; only curators see the 'shared' box."""
    role = current_principal().role
    can_save = role in SAVE_ROLES
    tip = "" if can_save else t("video_layouts_readonly", current_lang())
    return not can_save, not can_save, not can_save, tip, role not in SHARE_ROLES


@callback(
    Output(ID.MSG, "children"),
    Output(ID.CHANGED, "data"),
    Input(ID.SAVE_REQ, "data"),
    Input(ID.DELETE_REQ, "data"),
    prevent_initial_call=True,
)
@allow(*SAVE_ROLES, acts=True)
def change_video_layouts(save_req, delete_req):
    """Save (upsert by name) or delete one layout of the signed-in user; refused input writes nothing."""
    lang = current_lang()
    deleting = ctx.triggered_id == ID.DELETE_REQ
    req = delete_req if deleting else save_req
    if not isinstance(req, dict):
        return no_update, no_update
    by = actor()
    action = "video_layout_delete" if deleting else "video_layout_save"
    obj = str(req.get("id", ""))[:20] if deleting else str(req.get("name", ""))[:40]

    def change(s) -> str:
        return video_cmd.delete_layout(s, by, req) if deleting else video_cmd.save_layout(s, by, req).name

    try:
        name = execute(db_url(), by, action, obj, change)
    except Refused as r:
        if r.code is Code.DENIED:
            return _toast(t("video_layouts_no_share", lang)), no_update
        return _toast(t("video_layouts_error", lang, why=r.detail[:80])), no_update
    key = "video_layouts_deleted" if deleting else "video_layouts_saved"
    return _toast(t(key, lang, name=name)), {"at": utcnow().isoformat(), "name": name}


# why: the tiles are browser state (and html.Select reports no value), so a click becomes a request in a store
# (the current layout, the selected option) that the acting server callback reads
clientside_callback(
    ClientsideFunction("cc_video_layouts", "save"),
    Output(ID.SAVE_REQ, "data"),
    Input(ID.SAVE, "n_clicks"),
    State(ID.NAME, "value"),
    State(ID.SHARED, "value"),
    prevent_initial_call=True,
)
clientside_callback(
    ClientsideFunction("cc_video_layouts", "remove"),
    Output(ID.DELETE_REQ, "data"),
    Input(ID.DELETE, "n_clicks"),
    prevent_initial_call=True,
)
