"""Schema management: run the Alembic migrations (SQLite and PostgreSQL alike)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

HERE = Path(__file__).resolve().parent


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["url"] = url
    return cfg


def migrate(url: str) -> None:
    """Bring the database at `url` to the newest revision."""
    command.upgrade(alembic_config(url), "head")
