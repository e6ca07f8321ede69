"""Walls admin (/walls): load and save the wall playlist (admins only; validated; audited)."""

from __future__ import annotations

import json

from dash import Input, Output, State, callback, no_update

from data_access.roles import SEAT_ROLES
from data_access.wall.playlist import load_playlist, save_playlist, validate_playlist
from web.auth import allow, current_principal, record
from web.context import current_settings
from web.i18n import current_lang, t

MAX_CHARS = 20000


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
    lang, who = current_lang(), current_principal()
    if not isinstance(text, str) or len(text) > MAX_CHARS:
        return t("walls_too_long", lang)
    try:
        items = json.loads(text)
    except ValueError as exc:
        return f"{t('walls_bad_json', lang)}: {exc}"
    good, errors = validate_playlist(items)
    if errors:
        return "; ".join(errors)
    save_playlist(current_settings().wall_playlist, good)
    record(who, "wall_playlist_save", current_settings().wall_playlist, "ok", json.dumps(good, ensure_ascii=False))
    return t("walls_saved", lang, n=len(good))
