"""Wall profiles (canvas sizes and type scale) and scenes (which vital-signs panels, at which size, per grid width):
a wider wall shows more panels, not bigger ones."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from callbacks.wall.vitals import panels, town_panels
from data_access.wall.playlist import SCENE_NAMES
from web.panels import Panel


@dataclass(frozen=True)
class Profile:
    name: str
    width: int
    height: int
    columns: int
    font_px: int  # root type size: lowercase ~29 mm at 10 m on a 1.2-1.5 mm pitch LED wall


PROFILES = {
    p.name: p
    for p in (
        Profile("1080p", 1920, 1080, 12, 16),
        Profile("4k", 3840, 2160, 12, 32),
        Profile("5760", 5760, 2160, 18, 30),
        Profile("8k", 7680, 2160, 24, 30),
    )
}

# scene -> columns -> [(panel key, width, height)] ; a wider wall shows more panels, not bigger ones
# The city map is the hero of the city and safety scenes: the centre of the canvas over its full height, shaped like
# the county (taller than wide), with the panels on its two wings (the layout visitors know from operation centres).
SCENES: dict[str, dict[int, list[tuple[str, int, int]]]] = {
    "city": {
        12: [
            ("received", 2, 1),
            ("closed", 2, 1),
            ("hero", 4, 3),
            ("overdue", 2, 1),
            ("satisfaction", 2, 1),
            ("trend", 4, 1),
            ("feed", 4, 2),
            ("top", 4, 1),
        ],
        18: [(k, 2, 1) for k in ("received", "dispatched", "signed")]
        + [("hero", 6, 3)]
        + [(k, 2, 1) for k in ("closed", "overdue", "satisfaction")]
        + [("trend", 6, 1), ("feed", 6, 2), ("top", 6, 1)],
        24: [(k, 2, 1) for k in ("received", "dispatched", "signed", "closed")]
        + [("hero", 8, 3)]
        + [(k, 2, 1) for k in ("overdue", "satisfaction", "cm", "alerts")]
        + [
            ("trend", 5, 1),
            ("incident-levels", 3, 1),
            ("feed", 5, 2),
            ("alert-cats", 3, 1),
            ("top", 5, 1),
            ("water", 3, 1),
            ("satisfaction30", 3, 1),
        ],
    },
    "safety": {
        12: [
            ("alerts", 2, 1),
            ("incidents-today", 2, 1),
            ("hero", 4, 3),
            ("cameras", 2, 1),
            ("data", 2, 1),
            ("alert-cats", 4, 1),
            ("incident-levels", 4, 1),
            ("water", 4, 1),
            ("hotspots", 4, 1),
        ],
        18: [(k, 2, 1) for k in ("alerts", "incidents-today", "cameras")]
        + [("hero", 6, 3)]
        + [(k, 2, 1) for k in ("data", "cm", "cm-closed")]
        + [("alert-cats", 6, 1), ("incident-levels", 6, 1), ("water", 6, 1), ("hotspots", 6, 1)],
        24: [(k, 2, 1) for k in ("alerts", "incidents-today", "cameras", "data")]
        + [("hero", 8, 3)]
        + [(k, 2, 1) for k in ("cm", "cm-closed", "received", "overdue")]
        + [
            ("alert-cats", 5, 1),
            ("incident-levels", 3, 1),
            ("feed", 8, 2),
            ("water", 5, 1),
            ("hotspots", 5, 1),
            ("em-warnings", 5, 1),
            ("em-resources", 5, 1),
        ],
    },
}
SCENES["town"] = {
    12: [
        ("received", 3, 1),
        ("closed", 3, 1),
        ("overdue", 3, 1),
        ("satisfaction", 3, 1),
        ("trend", 6, 1),
        ("feed", 6, 2),
        ("top", 6, 1),
    ],
    18: [
        ("received", 4, 1),
        ("closed", 4, 1),
        ("overdue", 5, 1),
        ("satisfaction", 5, 1),
        ("trend", 9, 1),
        ("feed", 9, 2),
        ("top", 9, 1),
    ],
    24: [
        ("received", 6, 1),
        ("closed", 6, 1),
        ("overdue", 6, 1),
        ("satisfaction", 6, 1),
        ("trend", 12, 1),
        ("feed", 12, 2),
        ("top", 12, 1),
    ],
}


def scene_panels(scene: str, profile: Profile) -> list[Panel]:
    """The panels of a scene on a profile, sized for its grid."""
    base = town_panels("town-") if scene == "town" else panels(f"{scene}-")
    return [dataclasses.replace(base[key], width=w, height=h) for key, w, h in SCENES[scene][profile.columns]]


assert set(SCENES) == set(SCENE_NAMES), "every scene the playlist accepts is laid out here"
