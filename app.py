"""The app factory: Dash pages from layouts/, the shared cache, the API blueprints, the shell."""

from __future__ import annotations

import dash
from flask import Flask

from api import register_api
from callbacks._panels import cache, cache_config
from layouts import _shell
from settings import SETTINGS, Settings


def create_app(settings: Settings = SETTINGS) -> dash.Dash:
    server = Flask(__name__)
    server.config.update(
        SECRET_KEY=settings.secret_key,
        CC_SETTINGS=settings,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    cache.init_app(server, config=cache_config(settings))
    app = dash.Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder="layouts",
        suppress_callback_exceptions=False,
        serve_locally=True,
        assets_path_ignore=["vendor"],  # vendored libraries load on demand (assets/video.js loads hls.js)
        compress=True,
        title="灵武市智慧城市运营中心",
        update_title=None,
    )
    app.layout = _shell.layout
    if settings.debug:  # dev tools (callback graph, error overlay) for developers; never in production
        app.enable_dev_tools(debug=True, dev_tools_hot_reload=False, dev_tools_disable_version_check=True)
    register_api(server, app)
    return app


if __name__ == "__main__":
    create_app().run(host=SETTINGS.host, port=SETTINGS.port, debug=SETTINGS.debug)
