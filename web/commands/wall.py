"""Wall commands: an admin saves the wall playlist (validated as data; any error writes nothing)."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from data_access.wall import playlist
from web.commands.base import Actor, Code, Refused, audit

MAX_CHARS = 20000


def save_playlist(s: Session, actor: Actor, path: str, text: object) -> list[dict]:
    """Parse, validate and store the playlist typed in the editor; returns the items saved."""
    if actor.who.role != "admin":
        raise Refused(Code.DENIED)
    if not isinstance(text, str) or len(text) > MAX_CHARS:
        raise Refused(Code.INVALID, "walls_too_long")
    try:
        items = json.loads(text)
    except ValueError as exc:
        raise Refused(Code.INVALID, f"walls_bad_json: {exc}") from exc
    good, errors = playlist.validate_playlist(items)
    if errors:
        raise Refused(Code.INVALID, "; ".join(errors))
    audit(s, actor, "wall_playlist_save", path, detail=json.dumps(good, ensure_ascii=False))
    playlist.save_playlist(path, good)  # last: the audit row is in the transaction, committed right after
    return good
