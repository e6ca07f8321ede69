"""Shared fixtures: `db_url` runs a test on a temporary SQLite file and on a fresh PostgreSQL database (empty);
`migrated_url` and `city_url` do the same on a copy of the session's template (schema; schema and static city);
`apps` builds the app, or a bare Flask app with the cache, on a test database."""

from __future__ import annotations

import contextlib
import dataclasses
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from sqlalchemy.engine import make_url

from data_access.db import dispose
from settings import SETTINGS, Settings
from tests.templates import CITY, MIGRATED, PgTemplates, SqliteTemplates, admin_dsn, copied
from web.cache import cache, cache_config, clear_local_memo

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_session_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (cc_test_<random>), dropped at the end.

    Unreachable server: skip, or fail when CC_REQUIRE_POSTGRES is true.
    """
    base = SETTINGS.test_postgres_url
    name = f"cc_test_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(admin_dsn(base), autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        if SETTINGS.require_postgres:
            pytest.fail(f"PostgreSQL required (CC_REQUIRE_POSTGRES) but unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    yield url
    dispose(url)
    with psycopg.connect(admin_dsn(base), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reset_pg(url: str) -> None:
    """Empty the session database (drop and recreate the public schema)."""
    dispose(url)
    with psycopg.connect(admin_dsn(url, make_url(url).database), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> Iterator[str]:
    """An empty database URL (no schema yet): a temp SQLite file, then the session's PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        yield url
        dispose(url)
    else:
        url = request.getfixturevalue("pg_session_url")
        reset_pg(url)
        yield url
        dispose(url)


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory) -> SqliteTemplates:
    """The session's SQLite templates (module-scoped fixtures copy one with `.copy(path, recipe)`)."""
    return SqliteTemplates(tmp_path_factory.mktemp("templates"))


@pytest.fixture(scope="session")
def pg_templates(pg_session_url) -> Iterator[PgTemplates]:
    """The session's PostgreSQL templates, dropped at the end."""
    templates = PgTemplates(pg_session_url)
    yield templates
    templates.close()


@pytest.fixture(scope="session")
def h1(request, sqlite_templates, tmp_path_factory):
    """The session's simulated H1 2024 backfills (tests/h1.py), one per seed and backend, built on first use."""
    from tests.h1 import H1Cities

    return H1Cities(tmp_path_factory.mktemp("h1"), sqlite_templates, lambda: request.getfixturevalue("pg_templates"))


@pytest.fixture(params=BACKENDS)
def migrated_url(request, tmp_path) -> Iterator[str]:
    """A migrated database with no rows, on SQLite then PostgreSQL (a copy of the session's template)."""
    with copied(request, request.param, tmp_path, MIGRATED) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def city_url(request, tmp_path) -> Iterator[str]:
    """A migrated database holding the static city of seed 1 (what `seeded()` loads), on SQLite then PostgreSQL."""
    with copied(request, request.param, tmp_path, CITY) as url:
        yield url


class Apps:
    """Apps on a test database, each with its own file cache and wall playlist and no Redis unless asked."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory):
        self._tmp = tmp_path_factory

    def settings(self, url: str, **overrides) -> Settings:
        tmp: Path = self._tmp.mktemp("app")
        base = {"cache_dir": str(tmp / "cache"), "redis_url": "", "wall_playlist": str(tmp / "playlist.json")}
        return dataclasses.replace(SETTINGS, database_url=url, **{**base, **overrides})

    def dash(self, url: str, **overrides) -> Flask:
        """The whole app (pages, callbacks, API routes) as served, with Flask's TESTING on."""
        from app import create_app  # why: importing app imports every page's callbacks; most tests need none

        server = create_app(self.settings(url, **overrides)).server
        server.config["TESTING"] = True
        return server

    def flask(self, url: str, **overrides) -> Flask:
        """A bare Flask app with the settings and the cache bound, for callbacks and blueprints called alone."""
        settings = self.settings(url, **overrides)
        server = Flask(__name__)
        server.config["CC_SETTINGS"] = settings
        cache.init_app(server, config=cache_config(settings))
        clear_local_memo()
        return server


@pytest.fixture(scope="session")
def apps(tmp_path_factory) -> Apps:
    return Apps(tmp_path_factory)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with empty rate-limit counters: the limiter is one per process, shared by the apps the tests
    build, so one test's posts must not count against the next one's."""
    from web.limits import limiter

    yield
    with contextlib.suppress(Exception):  # a limiter never bound to an app has no storage to reset
        limiter.reset()
