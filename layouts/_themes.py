"""The theme pages' panel grid: the shared panel boxes, with maps zoomed on the urban core (no I/O here)."""

from __future__ import annotations

from dash import dcc, html

from callbacks.refresh import PageIds
from layouts._panels import panel_box
from web.i18n import t
from web.panels import Panel

CORE_ZOOM = 12  # the supply zones, quality sensors and waterlogging points lie mostly in the 40 km2 core


def theme_page(ids: PageIds, panels: list[Panel], lang: str, *, grid_class: str = "", zoom: int = CORE_ZOOM):
    """A page of panels plus its refresh plumbing, like layouts._panels.panel_page, its maps at `zoom`."""
    boxes = []
    for p in panels:
        box = panel_box(ids, p, lang)
        if (
            p.kind == "map"
        ):  # why: panel maps are framed on the whole county (assets/app.js); a theme map shows the core
            m = box.children[1].children
            m.zoom, m.className = zoom, "theme-map"
        boxes.append(box)
    return html.Div(
        [*ids.plumbing(), html.Div(boxes, className=f"panel-grid {grid_class}")],
        className="panel-page",
    )


THEMES = (
    ("ops", "/theme/ops"),
    ("water", "/theme/water"),
    ("community", "/theme/community"),
    ("village", "/theme/village"),
)


def theme_nav(current: str, lang: str) -> html.Nav:
    """The four thematic applications as tabs (the shell's navigation carries one entry for all of them)."""
    return html.Nav(
        [
            dcc.Link(
                t(f"theme_nav_{key}", lang), href=href, className="theme-tab" + (" current" if key == current else "")
            )
            for key, href in THEMES
        ],
        className="theme-nav",
    )
