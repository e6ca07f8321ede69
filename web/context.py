"""The settings of the running app (create_app(settings) stores them; defaults outside an app)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from flask import current_app, has_app_context

from settings import SETTINGS, Settings


def current_settings() -> Settings:
    if has_app_context():
        return current_app.config.get("CC_SETTINGS", SETTINGS)
    return SETTINGS


def db_url() -> str:
    """The database URL every callback and route reads and writes."""
    return current_settings().database_url


@functools.cache
def app_version() -> str:
    """A digest of the code and assets this process serves, plus the release label: walls that see it change
    reload themselves."""
    root = Path(__file__).resolve().parents[1]
    files = [
        p
        for folder in ("layouts", "callbacks", "assets", "api", "data_access")
        for p in sorted((root / folder).rglob("*"))
        if p.suffix in {".py", ".js", ".css"} and p.is_file()
    ]
    blob = current_settings().release.encode() + b"".join(p.read_bytes() for p in files)
    return hashlib.sha1(blob).hexdigest()[:12]
