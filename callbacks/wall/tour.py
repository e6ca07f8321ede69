"""Visitors' tour (/tour): guided steps across the platforms, the seed's headline figures beside live data.

Always reads as a visitor (masked data only), whoever is signed in; advancing is client-side (assets/tour.js).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from callbacks.refresh import register_page_refresh
from callbacks.wall.vitals import panels
from web.panels import Panel

DWELL_S = 20


@dataclass(frozen=True)
class Step:
    key: str
    figures: tuple[tuple[str, str], ...]  # (value as printed in the seed, translation key of its label)
    panels: tuple[str, ...]  # vital-signs panel keys shown live beside the figures


STEPS = (
    Step(
        "center",
        (("43", "tour_fig_seats"), ("5", "tour_fig_zones"), ("4", "tour_fig_platforms"), ("4", "tour_fig_apps")),
        ("received", "satisfaction", "trend"),
    ),
    Step("data", (("186.7", "tour_fig_records"),), ("data", "top")),
    Step("gis", (("40", "tour_fig_km2"),), ("map",)),
    Step("video", (("2,028", "tour_fig_channels"), ("56", "tour_fig_algorithms")), ("cameras", "alert-cats")),
    Step("safety", (("I–IV", "wall_level_1"),), ("incident-levels", "water")),
    Step(
        "hotline",
        (
            ("11,282", "tour_fig_requests"),
            ("88.71%", "tour_fig_satisfaction"),
            ("5,541", "tour_fig_cm"),
            ("1,500+", "tour_fig_supervision"),
        ),
        ("received", "closed", "feed"),
    ),
    Step("gov", (("60+", "tour_fig_units"), ("150", "tour_fig_award")), ("cm", "cm-closed")),
)
_SIZES = {
    "map": (12, 3),
    "trend": (12, 2),
    "feed": (12, 3),
    "top": (12, 2),
    "alert-cats": (12, 2),
    "water": (6, 2),
    "incident-levels": (6, 2),
}  # KPI tiles take one row, charts two or three


def step_panels(step: Step) -> list[Panel]:
    """The live panels of one step, sized for the tour's right-hand grid (12 columns)."""
    base = panels(f"tour-{step.key}-")
    kpis = [k for k in step.panels if k not in _SIZES]
    out = [dataclasses.replace(base[k], width=12 // max(1, len(kpis)), height=1, href=None) for k in kpis]
    for k in step.panels:
        if k in _SIZES:
            w, h = _SIZES[k]
            out.append(dataclasses.replace(base[k], width=w, height=h, href=None))
    return out


ALL_PANELS = [p for step in STEPS for p in step_panels(step)]
IDS = register_page_refresh("tour", ALL_PANELS, public=True)
