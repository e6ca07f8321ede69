"""Shared fixtures: `db_url` runs a test on a temporary SQLite file and on a fresh PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from data_access.db import dispose
from settings import SETTINGS

BACKENDS = ("sqlite", "postgresql")


def _admin_dsn(url: str, dbname: str = "postgres") -> str:
    u = make_url(url).set(drivername="postgresql", database=dbname)
    return u.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_session_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (cc_test_<random>), dropped at the end.

    Unreachable server: skip, or fail when CC_REQUIRE_POSTGRES is true.
    """
    base = SETTINGS.test_postgres_url
    name = f"cc_test_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(_admin_dsn(base), autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        if SETTINGS.require_postgres:
            pytest.fail(f"PostgreSQL required (CC_REQUIRE_POSTGRES) but unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    yield url
    dispose(url)
    with psycopg.connect(_admin_dsn(base), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reset_pg(url: str) -> None:
    """Empty the session database (drop and recreate the public schema)."""
    dispose(url)
    with psycopg.connect(_admin_dsn(url, make_url(url).database), autocommit=True) as conn:
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
