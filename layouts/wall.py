"""Wall (/wall/<profile>): kiosk scenes that rotate on a playlist, filling the canvas, with alert takeover."""

import dash
import dash_leaflet as dl
from dash import dcc, html

from callbacks.refresh import live_plumbing
from callbacks.wall.scenes import PROFILES, SCENES, scene_panels
from callbacks.wall.wall import ID, IDS, TAKEOVER_COOLDOWN_S, TAKEOVER_TIMEOUT_S
from layouts._panels import CENTER, MAP_JS, panel_box
from web.auth import current_principal
from web.context import app_version, current_settings
from web.i18n import current_lang, t

dash.register_page(__name__, path_template="/wall/<profile>", title="大屏", title_key="page_wall", nav=False)


def _scene(name: str, profile, lang: str) -> html.Section:
    return html.Section(
        [
            html.H2(
                t(f"wall_scene_{name}", lang, town="—") if name == "town" else t(f"wall_scene_{name}", lang),
                className="scene-title burn-shift",
                **({"data-template": t("wall_scene_town", lang, town="{town}")} if name == "town" else {}),
            ),
            html.Div(
                [panel_box(IDS, p, lang) for p in scene_panels(name, profile)],
                className="panel-grid wall-grid",
                style={"gridTemplateColumns": f"repeat({profile.columns}, minmax(0, 1fr))"},
            ),
        ],
        className="wall-scene",
        id=f"wall-scene-{name}",
        **{"data-scene": name},
    )


def layout(profile: str = "4k", **_query):
    lang = current_lang()
    prof = PROFILES.get(profile)
    if prof is None:
        return html.Div(t("wall_unknown_profile", lang) + f": {', '.join(PROFILES)}", className="wall-error")
    settings = current_settings()
    sound = settings.wall_sound and current_principal().role == "wall"
    return html.Div(
        [
            *IDS.plumbing(),
            dcc.Store(id=ID.PLAYLIST),
            *live_plumbing(ID.TAKEOVER_STATE, ID.TAKEOVER_INTERVAL, every_ms=700),
            html.Div([_scene(name, prof, lang) for name in SCENES], className="wall-scenes"),
            html.Div(
                [
                    html.Div(id=ID.TAKEOVER_BODY, className="to-card"),
                    dl.Map(
                        [
                            dl.GeoJSON(
                                id=ID.TAKEOVER_GEO,
                                pointToLayer=MAP_JS("pointToLayer"),
                                data={"type": "FeatureCollection", "features": []},
                            )
                        ],
                        id=ID.TAKEOVER_MAP,
                        center=CENTER,
                        zoom=12,
                        className="to-map",
                        zoomControl=False,
                        attributionControl=False,
                    ),
                ],
                id=ID.TAKEOVER,
                className="wall-takeover",
            ),
        ],
        id=ID.ROOT,
        className="wall",
        **{
            "data-font": str(prof.font_px),
            "data-width": str(prof.width),
            "data-height": str(prof.height),
            "data-dim": settings.wall_dim_hours,
            "data-sound": "1" if sound else "",
            "data-version": app_version(),
            "data-timeout": str(TAKEOVER_TIMEOUT_S),
            "data-cooldown": str(TAKEOVER_COOLDOWN_S),
        },
    )
