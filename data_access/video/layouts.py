"""Saved video-wall layouts per user (some shared with every seat): list, validated upsert, delete."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_access.errors import WriteError
from data_access.models import VideoLayout

SIZES = (1, 4, 9, 16, 25, 36)  # the tile wall's layouts (layouts/_video.py)
NAME_MAX = 20
CAM_NAME_MAX = 80
MAX_PER_USER = 50
LAYOUT_COLUMNS = ["id", "name", "n", "cams", "shared", "mine", "updated_at"]
_CAMERA = re.compile(r"[0-9]{20}")  # ASCII only: \d would take full-width and other scripts' digits
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Saved:
    name: str
    outcome: str  # created | updated
    layout: dict
    shared: bool


def layouts(session: Session, *, owner: str | None) -> pd.DataFrame:
    """Layouts `owner` may apply, own first then shared, by name: id, name, n, cams, shared, mine, updated_at.
    `owner=None` (anonymous visitors) gets the shared ones only."""
    q = select(VideoLayout).where(or_(VideoLayout.shared.is_(True), VideoLayout.owner == (owner or "")))
    rows = []
    for v in session.scalars(q):
        mine = owner is not None and v.owner == owner
        rows.append((v.id, v.name, v.layout["n"], v.layout["cams"], v.shared, mine, v.updated_at))
    df = pd.DataFrame(rows, columns=LAYOUT_COLUMNS)
    if df.empty:
        return df
    return df.sort_values(["mine", "name", "id"], ascending=[False, True, True], ignore_index=True)


def clean(name: object, layout: object) -> tuple[str, dict]:
    """The validated name and layout ({"n", "cams"} with nothing else); raises WriteError on bad input."""
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= NAME_MAX:
        raise WriteError(f"a layout name is 1 to {NAME_MAX} characters")
    name = name.strip()
    if _CONTROL.search(name):
        raise WriteError("a layout name cannot contain control characters")
    if not isinstance(layout, dict):
        raise WriteError("a layout is an object with n and cams")
    n, cams = layout.get("n"), layout.get("cams")
    if type(n) is not int or n not in SIZES:
        raise WriteError(f"n must be one of {', '.join(map(str, SIZES))}")
    if not isinstance(cams, list) or len(cams) > n:
        raise WriteError(f"cams is a list of at most {n} tiles")
    out = []
    for cam in cams:
        if not isinstance(cam, list | tuple) or len(cam) != 2 or not all(isinstance(x, str) for x in cam):
            raise WriteError("each tile is [camera id, name]")
        cam_id, cam_name = cam
        if cam_id and not _CAMERA.fullmatch(cam_id):
            raise WriteError("a camera id is 20 digits (or empty for an empty tile)")
        if len(cam_name) > CAM_NAME_MAX or _CONTROL.search(cam_name):
            raise WriteError(f"a camera name is at most {CAM_NAME_MAX} characters of text")
        out.append([cam_id, cam_name if cam_id else ""])
    return name, {"n": n, "cams": out}


def save_layout(
    session: Session, *, owner: str, name: object, layout: object, shared: bool = False, at: datetime
) -> Saved:
    """Create or replace `owner`'s layout called `name` (what was stored, after validation)."""
    if not owner:
        raise WriteError("only a signed-in user can save a layout")
    name, layout = clean(name, layout)
    existing = session.scalars(
        select(VideoLayout).where(VideoLayout.owner == owner, VideoLayout.name == name)
    ).one_or_none()
    if existing is None:
        count = session.scalar(select(func.count()).select_from(VideoLayout).where(VideoLayout.owner == owner)) or 0
        if count >= MAX_PER_USER:
            raise WriteError(f"at most {MAX_PER_USER} saved layouts per user; delete one first")
        row = VideoLayout(owner=owner, name=name, layout=layout, shared=bool(shared), created_at=at, updated_at=at)
        try:
            with session.begin_nested():  # why: another seat of the same user may insert the same name first
                session.add(row)
            return Saved(name, "created", layout, bool(shared))
        except IntegrityError:
            existing = session.scalars(
                select(VideoLayout).where(VideoLayout.owner == owner, VideoLayout.name == name)
            ).one()
    existing.layout, existing.shared, existing.updated_at = layout, bool(shared), at
    session.flush()
    return Saved(name, "updated", layout, bool(shared))


def delete_layout(session: Session, *, layout_id: object, owner: str, curator: bool = False) -> str:
    """Delete a layout of `owner` (or, for a `curator`, any shared layout); returns its name."""
    if type(layout_id) is not int or not 0 < layout_id < 2**31:  # an INTEGER column on PostgreSQL
        raise WriteError("no such layout")
    row = session.get(VideoLayout, layout_id)
    if row is None or not owner or (row.owner != owner and not row.shared):
        raise WriteError("no such layout")  # others' own layouts are indistinguishable from missing ones
    if row.owner != owner and not curator:
        raise WriteError("only its owner, a supervisor or an admin can delete a shared layout")
    session.delete(row)
    session.flush()
    return row.name
