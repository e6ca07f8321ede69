"""Wall commands: an admin saves the wall playlist (validated as data; any error writes nothing)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from data_access.wall import playlist
from web.commands.base import Actor, Code, Refused, after_commit, audit, on_rollback

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
    # The file is staged beside the live one now and swapped in (atomically) only once the audit row has committed:
    # if the audit cannot be written, the walls keep the playlist they had.
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f"{target.name}.{uuid.uuid4().hex[:8]}.staged")
    staged.write_text(json.dumps(good, ensure_ascii=False, indent=2), encoding="utf-8")
    after_commit(s, lambda: staged.replace(target))
    on_rollback(s, lambda: staged.unlink(missing_ok=True))
    return good
