"""The app factory: Dash pages from layouts/, the shared cache, the API blueprints, the shell."""

from __future__ import annotations

import re

import dash
from flask import Flask, request

from api import register_api
from layouts import _shell
from settings import SETTINGS, Settings
from web import inputs
from web.auth import check_deployment
from web.cache import cache, cache_config
from web.limits import init_limits

# Component libraries only some pages use, by the path prefixes that use them. Other pages are served without their
# bundles (deck.gl alone is 0.9 MB gzipped, 3 MB to parse: a wall or tour never needs it); a link from such a page
# to one that needs them loads that page in full (assets/app.js reads the meta tag below).
PAGE_LIBRARIES = {"deckgl_dash": ("/gis",), "dash_ag_grid": ("/hotline",)}


def _needs(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def _lean_index(interpolate):
    """Dash's index page minus the bundles this page does not use, plus the paths that need a full load and the
    libraries left out (the renderer checks callback props against every page's layout: assets/app.js gives it an
    empty stand-in for those, which never renders: their pages always load in full)."""

    def index(**kw):
        path = request.path
        missing = {lib: prefixes for lib, prefixes in PAGE_LIBRARIES.items() if not _needs(path, prefixes)}
        for lib in missing:
            kw["scripts"] = re.sub(
                rf'<script src="[^"]*/_dash-component-suites/{lib}/[^"]*"></script>\s*', "", kw["scripts"]
            )
        full = " ".join(sorted({p for prefixes in missing.values() for p in prefixes}))
        kw["metas"] = (
            kw.get("metas", "")
            + f'<meta name="cc-full-load" content="{full}">'
            + f'<meta name="cc-absent-libraries" content="{" ".join(sorted(missing))}">'
        )
        return interpolate(**kw)

    return index


_DASH_GLOBALS: dict[str, object] = {}


def _share_callbacks() -> None:
    """Dash moves the callbacks registered with `dash.callback` (and clientside scripts) into the first app set up in
    a process and empties its globals: a copy taken here gives every later app of the process (tests make many)
    the same callbacks, instead of none (a second app used to answer every callback with an error)."""
    from dash import _callback as dcb

    if dcb.GLOBAL_CALLBACK_MAP:
        _DASH_GLOBALS.update(
            map=dict(dcb.GLOBAL_CALLBACK_MAP),
            list=list(dcb.GLOBAL_CALLBACK_LIST),
            scripts=list(dcb.GLOBAL_INLINE_SCRIPTS),
        )
    elif _DASH_GLOBALS:
        dcb.GLOBAL_CALLBACK_MAP.update(_DASH_GLOBALS["map"])  # type: ignore[call-overload]
        dcb.GLOBAL_CALLBACK_LIST.extend(_DASH_GLOBALS["list"])  # type: ignore[arg-type]
        dcb.GLOBAL_INLINE_SCRIPTS.extend(_DASH_GLOBALS["scripts"])  # type: ignore[arg-type]


def create_app(settings: Settings = SETTINGS) -> dash.Dash:
    check_deployment(settings)  # outside development: no default secret key, demo users or demo Open311 key
    server = Flask(__name__)
    server.config.update(
        SECRET_KEY=settings.secret_key,
        CC_SETTINGS=settings,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    cache.init_app(server, config=cache_config(settings))
    init_limits(server, settings)
    app = dash.Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder="layouts",
        # Callback-to-layout checks are for developers (dev tools, test_pages): in production they cost every page
        # load the whole site's layout inlined in the HTML (135 kB) and a walk over it before the first render.
        suppress_callback_exceptions=not settings.debug,
        serve_locally=True,
        assets_path_ignore=["vendor"],  # vendored libraries load on demand (assets/video.js loads hls.js)
        compress=True,
        title="灵武市智慧城市运营中心",
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],  # phones lay out
    )
    _share_callbacks()
    app.layout = _shell.layout
    if not settings.debug:  # dev tools check every page's props up front, so they need every bundle
        app.interpolate_index = _lean_index(app.interpolate_index)
    if settings.debug:  # dev tools (callback graph, error overlay) for developers; never in production
        app.enable_dev_tools(debug=True, dev_tools_hot_reload=False, dev_tools_disable_version_check=True)
    register_api(server, app)
    inputs.install(server, app)  # the callback boundary: malformed Dash bodies get 400 before Dash reads them
    return app


if __name__ == "__main__":
    create_app().run(host=SETTINGS.host, port=SETTINGS.port, debug=SETTINGS.debug)
