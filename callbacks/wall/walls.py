"""Walls admin (/walls): load and save the wall playlist (admins only; validated; audited)."""

from __future__ import annotations

import json

from dash import Input, Output, State, callback, no_update

from data_access.roles import SEAT_ROLES
from data_access.wall.playlist import load_playlist
from web.auth import actor, allow, current_principal
from web.commands import wall as wall_cmd
from web.commands.base import Refused, execute
from web.context import current_settings, db_url
from web.i18n import current_lang, refusal, t


class ID:
    EDITOR = "walls-editor"
    SAVE = "walls-save"
    RESULT = "walls-result"


@callback(Output(ID.EDITOR, "value"), Output(ID.EDITOR, "disabled"), Input(ID.EDITOR, "id"))
@allow(*SEAT_ROLES, "wall", "visitor")
def load_playlist_text(_id):
    text = json.dumps(load_playlist(current_settings().wall_playlist), ensure_ascii=False, indent=2)
    return text, current_principal().role != "admin"


@callback(
    Output(ID.RESULT, "children"), Input(ID.SAVE, "n_clicks"), State(ID.EDITOR, "value"), prevent_initial_call=True
)
@allow("admin", acts=True)
def save_playlist_text(n_clicks, text):
    """Validate and save; any error is shown and nothing is written."""
    if not n_clicks:
        return no_update
    lang, path = current_lang(), current_settings().wall_playlist
    try:
        good = execute(
            db_url(), actor(), "wall_playlist_save", path, lambda s: wall_cmd.save_playlist(s, actor(), path, text)
        )
    except Refused as r:
        return refusal(r.code, r.detail, lang)
    return t("walls_saved", lang, n=len(good))
