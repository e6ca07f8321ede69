"""The settings of the running app (create_app(settings) stores them; defaults outside an app)."""

from __future__ import annotations

from flask import current_app, has_app_context

from settings import SETTINGS, Settings


def current_settings() -> Settings:
    if has_app_context():
        return current_app.config.get("CC_SETTINGS", SETTINGS)
    return SETTINGS


def db_url() -> str:
    """The database URL every callback and route reads and writes."""
    return current_settings().database_url
