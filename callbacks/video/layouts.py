"""Saved video-wall layouts (/video toolbar): listed per user, saved and deleted by seats (validated, audited).
The tiles live in the browser: assets/video_layouts.js hands the current layout over and applies a chosen one."""

from __future__ import annotations

import json

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, html, no_update

from data_access.db import read_session, write_session
from data_access.errors import WriteError
from data_access.roles import ALL_ROLES, SEAT_ROLES, SUPERVISE_ROLES
from data_access.video import layouts as video_layouts
from data_access.worktime import utcnow
from web.auth import allow, current_principal, record
from web.context import db_url
from web.i18n import current_lang, t

SAVE_ROLES = SEAT_ROLES  # a personal view preference, so auditors keep theirs too; wall and visitors only read
SHARE_ROLES = SUPERVISE_ROLES  # may share a layout with every seat, and delete shared ones


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


def _owner(who) -> str | None:
    return who.username if who.user_id is not None else None  # never "anonymous": that is not a user


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
        df = video_layouts.layouts(s, owner=_owner(current_principal()))
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
    lang, who = current_lang(), current_principal()
    deleting = ctx.triggered_id == ID.DELETE_REQ
    req = delete_req if deleting else save_req
    if not isinstance(req, dict):
        return no_update, no_update
    if deleting:
        action, obj = "video_layout_delete", str(req.get("id", ""))[:20]
    else:
        action, obj = "video_layout_save", str(req.get("name", ""))[:40]
    if not deleting and req.get("shared") and who.role not in SHARE_ROLES:
        record(who, action, obj, "denied", "shared needs a supervisor or admin")
        return _toast(t("video_layouts_no_share", lang)), no_update
    try:
        with write_session(db_url()) as s:
            if deleting:
                ident = req.get("id")
                ident = int(ident) if isinstance(ident, str) and ident.isascii() and ident.isdigit() else ident
                name = video_layouts.delete_layout(
                    s, layout_id=ident, owner=_owner(who) or "", curator=who.role in SHARE_ROLES
                )
                outcome = "deleted"
            else:
                saved = video_layouts.save_layout(
                    s, owner=_owner(who) or "", name=req.get("name"), layout=req.get("layout"),
                    shared=bool(req.get("shared")), at=utcnow(),
                )  # fmt: skip
                name, outcome = saved.name, f"{saved.outcome} shared={saved.shared} {json.dumps(saved.layout)}"
    except WriteError as exc:
        record(who, action, obj, "rejected", str(exc)[:200])
        return _toast(t("video_layouts_error", lang, why=str(exc)[:80])), no_update
    record(who, action, name, "ok", outcome)
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
