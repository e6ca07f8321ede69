"""The wall playlist: items (scene, dwell, hours, town) validated as data, stored as a JSON file written atomically;
a missing or broken file runs the built-in playlist (the wall never crashes)."""

from __future__ import annotations

import json
from pathlib import Path

SCENE_NAMES = ("city", "safety", "town")  # the wall's scenes (callbacks/wall/scenes.py lays them out)

DEFAULT_PLAYLIST = [
    {"scene": "city", "dwell": 60},
    {"scene": "safety", "dwell": 30},
    {"scene": "town", "town": "640181001", "dwell": 20},  # 城区街道
    {"scene": "town", "town": "640181103", "dwell": 20},  # 宁东镇
    {"scene": "city", "dwell": 60, "hours": [7, 22]},
]


def validate_playlist(items: object) -> tuple[list[dict], list[str]]:
    """The valid items and a message per invalid one (the wall runs the valid ones; the editor refuses any error)."""
    good, errors = [], []
    if not isinstance(items, list):
        return [], ["the playlist must be a JSON list of items"]
    for n, it in enumerate(items, start=1):
        if not isinstance(it, dict) or it.get("scene") not in SCENE_NAMES:
            errors.append(f"item {n}: scene must be one of {sorted(SCENE_NAMES)}")
            continue
        dwell, hours = it.get("dwell", 30), it.get("hours")
        if isinstance(dwell, bool) or not isinstance(dwell, int | float) or not 5 <= dwell <= 3600:
            errors.append(f"item {n}: dwell must be 5 to 3600 seconds")
            continue
        if hours is not None and not (
            isinstance(hours, list) and len(hours) == 2 and all(isinstance(h, int) and 0 <= h <= 24 for h in hours)
        ):
            errors.append(f"item {n}: hours must be [from, to], whole hours 0 to 24")
            continue
        town = it.get("town")
        if (it["scene"] == "town") != (town is not None) or (
            town is not None and not (isinstance(town, str) and town.isdigit() and 6 <= len(town) <= 12)
        ):
            errors.append(f'item {n}: the town scene needs "town" (an area code of 6-12 digits), others none')
            continue
        unknown = set(it) - {"scene", "dwell", "hours", "town"}
        if unknown:
            errors.append(f"item {n}: unknown keys {sorted(unknown)}")
            continue
        good.append(
            {
                "scene": it["scene"],
                "dwell": dwell,
                **({"hours": hours} if hours else {}),
                **({"town": town} if town else {}),
            }
        )
    if not good and not errors:
        errors.append("the playlist is empty")
    return good, errors


def load_playlist(path: str) -> list[dict]:
    """The playlist file; while it is missing or broken the built-in playlist runs (the wall never crashes)."""
    try:
        items = json.loads(Path(path).read_text(encoding="utf-8")) if path else DEFAULT_PLAYLIST
    except (OSError, ValueError):
        items = DEFAULT_PLAYLIST
    good, _errors = validate_playlist(items)
    return good or DEFAULT_PLAYLIST


def save_playlist(path: str, items: list[dict]) -> None:
    """Write atomically (a wall reading at the same moment sees the old or the new file, never half)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(target)
