"""Wall (/wall/<profile>): profiles, scenes, the playlist, the page's refresh and the alert takeover."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, html, no_update

from callbacks._alarms import alarms_now
from callbacks._auth import ALL_ROLES, allow, current_principal
from callbacks._context import current_settings, db_url
from callbacks._i18n import current_lang, t
from callbacks._panels import Panel, register_page_refresh
from callbacks._wall_panels import panels, town_panels
from data_access import wall
from data_access.db import read_session


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
KPIS = [
    "received",
    "dispatched",
    "signed",
    "closed",
    "overdue",
    "satisfaction",
    "cm",
    "alerts",
    "cameras",
    "cm-closed",
    "incidents-today",
    "data",
]
SCENES: dict[str, dict[int, list[tuple[str, int, int]]]] = {
    "city": {
        12: [(k, 2, 1) for k in KPIS[:6]] + [("trend", 5, 1), ("map", 4, 2), ("feed", 3, 2), ("top", 5, 1)],
        18: [(k, 2, 1) for k in KPIS[:9]]
        + [
            ("trend", 5, 1),
            ("map", 4, 2),
            ("feed", 3, 2),
            ("alert-cats", 3, 1),
            ("incident-levels", 3, 1),
            ("top", 5, 1),
            ("water", 3, 1),
            ("satisfaction30", 3, 1),
        ],
        24: [(k, 2, 1) for k in KPIS]
        + [
            ("trend", 6, 1),
            ("map", 7, 2),
            ("feed", 5, 2),
            ("alert-cats", 3, 1),
            ("incident-levels", 3, 1),
            ("top", 6, 1),
            ("water", 3, 1),
            ("satisfaction30", 3, 1),
        ],
    },
    "safety": {
        12: [(k, 2, 1) for k in ("alerts", "incidents-today", "cameras", "data", "cm", "cm-closed")]
        + [("alert-cats", 4, 1), ("map", 5, 2), ("incident-levels", 3, 1), ("water", 4, 1), ("hotspots", 3, 1)],
        18: [
            (k, 2, 1)
            for k in (
                "alerts",
                "incidents-today",
                "cameras",
                "data",
                "cm",
                "cm-closed",
                "received",
                "overdue",
                "satisfaction",
            )
        ]
        + [
            ("alert-cats", 4, 1),
            ("map", 6, 2),
            ("incident-levels", 4, 1),
            ("feed", 4, 2),
            ("water", 4, 1),
            ("hotspots", 4, 1),
        ],
        24: [(k, 2, 1) for k in KPIS]
        + [
            ("alert-cats", 5, 1),
            ("map", 8, 2),
            ("incident-levels", 5, 1),
            ("feed", 6, 2),
            ("water", 5, 1),
            ("hotspots", 5, 1),
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
DEFAULT_PLAYLIST = [
    {"scene": "city", "dwell": 60},
    {"scene": "safety", "dwell": 30},
    {"scene": "town", "town": "640181001", "dwell": 20},  # 城区街道
    {"scene": "town", "town": "640181103", "dwell": 20},  # 宁东镇
    {"scene": "city", "dwell": 60, "hours": [7, 22]},
]
TAKEOVER_TIMEOUT_S = 300
TAKEOVER_COOLDOWN_S = 20


class ID:
    ROOT = "wall-root"
    TAKEOVER = "wall-takeover"
    TAKEOVER_BODY = "wall-takeover-body"
    TAKEOVER_STATE = "wall-takeover-state"
    TAKEOVER_INTERVAL = "wall-takeover-interval"
    TAKEOVER_MAP = "wall-takeover-map"
    TAKEOVER_GEO = "wall-takeover-geo"
    PLAYLIST = "wall-playlist"


def scene_panels(scene: str, profile: Profile) -> list[Panel]:
    """The panels of a scene on a profile, sized for its grid."""
    base = town_panels("town-") if scene == "town" else panels(f"{scene}-")
    return [dataclasses.replace(base[key], width=w, height=h) for key, w, h in SCENES[scene][profile.columns]]


ALL_PANELS = {p.id: p for prof in PROFILES.values() for scene in SCENES for p in scene_panels(scene, prof)}
IDS = register_page_refresh("wall", list(ALL_PANELS.values()))


def validate_playlist(items: object) -> tuple[list[dict], list[str]]:
    """The valid items and a message per invalid one (the wall runs the valid ones; the editor refuses any error)."""
    good, errors = [], []
    if not isinstance(items, list):
        return [], ["the playlist must be a JSON list of items"]
    for n, it in enumerate(items, start=1):
        if not isinstance(it, dict) or it.get("scene") not in SCENES:
            errors.append(f"item {n}: scene must be one of {sorted(SCENES)}")
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


@callback(Output(ID.PLAYLIST, "data"), Input(ID.ROOT, "id"))
@allow(*ALL_ROLES)
def load_wall_playlist(_root):
    """The playlist, with each town item's name (unknown towns are dropped, never shown empty)."""
    items = load_playlist(current_settings().wall_playlist)
    codes = [it["town"] for it in items if it.get("town")]
    if codes:
        with read_session(db_url()) as s:
            names = wall.town_names(s, codes)
        items = [
            {**it, "name": names[it["town"]]} if it.get("town") else it
            for it in items
            if not it.get("town") or it["town"] in names
        ]
    return items


def render_takeover(top: dict, lang: str, public: bool) -> list:
    """The takeover card: what, where, when, and the nearest cameras (no personal data exists here)."""
    kind = t(f"wall_takeover_{top['kind']}", lang)
    level = t(f"wall_level_{int(top['severity'])}", lang) if top["kind"] == "incident" else ""
    if top["kind"] == "hotspot":
        level = t("wall_hotspot_vs", lang, today=int(top["today"]), base=top["baseline"])
    cams = [
        html.Li(
            [
                html.Span(c["name"], className="to-cam-name"),
                html.Span(t("wall_meters", lang, n=int(c["distance_m"])), className="to-cam-dist"),
                html.Span(
                    t("wall_online" if c["online"] else "wall_offline", lang),
                    className="to-cam-on" if c["online"] else "to-cam-off",
                ),
            ],
            className="to-cam",
        )
        for c in top["cameras"]
    ]
    return [
        html.Div(
            [
                html.Span(t("wall_takeover", lang), className="to-badge"),
                html.Span(kind, className="to-kind"),
                html.Span(level, className="to-level"),
            ],
            className="to-head",
        ),
        html.H2(top["title"], className="to-title"),
        html.Div(
            f"{t('wall_takeover_started', lang)} {top['at']} · {top['lat']:.4f}N {top['lon']:.4f}E",
            className="to-facts",
        ),
        html.H3(t("wall_takeover_cameras", lang), className="to-sub"),
        html.Ul(cams, className="to-cams"),
        html.Div(t("wall_takeover_ack_hint", lang), className="to-hint") if public else None,
    ]


@callback(
    Output(ID.TAKEOVER_BODY, "children"),
    Output(ID.TAKEOVER_STATE, "data"),
    Output(ID.TAKEOVER_GEO, "data"),
    Output(ID.TAKEOVER_MAP, "viewport"),
    Input(ID.TAKEOVER_INTERVAL, "n_intervals"),
    State(ID.TAKEOVER_STATE, "data"),
)
@allow(*ALL_ROLES)
def refresh_takeover(_n, state):
    """Severe events for the client's takeover logic (assets/wall.js: pin, time-out, hysteresis)."""
    snap = alarms_now()
    top = snap["top"]
    new_state = {
        "items": snap["items"],
        "top": top["key"] if top else None,
        "severity": int(top["severity"]) if top else None,
    }
    if (state or {}).get("top") == new_state["top"] and (state or {}).get("items") == new_state["items"]:
        return no_update, no_update, no_update, no_update
    public = current_principal().role in ("wall", "visitor")
    if not top:
        return [], new_state, {"type": "FeatureCollection", "features": []}, no_update
    point = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [top["lon"], top["lat"]]},
        "properties": {"id": top["key"], "kind": "alarm", "state": "overdue"},
    }
    geo = {"type": "FeatureCollection", "features": [point]}
    view = {"center": [top["lat"], top["lon"]], "zoom": 13}
    return render_takeover(top, current_lang(), public), new_state, geo, view


clientside_callback(ClientsideFunction("cc_wall", "playlist"), Input(ID.PLAYLIST, "data"))
clientside_callback(ClientsideFunction("cc_wall", "takeover"), Input(ID.TAKEOVER_STATE, "data"))
