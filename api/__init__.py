"""Plain Flask routes (health, sign-in, language, later Open311 and media): one blueprint each."""

from __future__ import annotations

from flask import Flask


def register_api(server: Flask, app) -> None:
    from api import auth, headers, health, media

    server.register_blueprint(health.bp)
    server.register_blueprint(auth.bp)
    server.register_blueprint(media.bp)
    from api import hotline as hotline_api
    from api import open311

    server.register_blueprint(hotline_api.bp)
    server.register_blueprint(open311.bp)
    from api import services as services_api

    server.register_blueprint(services_api.bp)
    from api import portal

    server.register_blueprint(portal.bp)
    from api import reports as reports_api

    server.register_blueprint(reports_api.bp)

    from api import emergency as emergency_api

    server.register_blueprint(emergency_api.bp)

    from api import ckan

    server.register_blueprint(ckan.bp)
    headers.install(server, app)
    from api import notfound

    notfound.install(server)
