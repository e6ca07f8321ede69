"""Template databases: each recipe (schema only, or the static city of a seed, with or without the demo users) is
built once per test session and copied for every test that asks for it: a file copy on SQLite, CREATE DATABASE ...
TEMPLATE on PostgreSQL. Under pytest-xdist every worker is its own session, so it builds its own templates."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from data_access import accounts
from data_access.db import dispose, write_session
from data_access.schema import migrate
from tests.factories import seeded


def admin_dsn(url: str, dbname: str = "postgres") -> str:
    u = make_url(url).set(drivername="postgresql", database=dbname)
    return u.render_as_string(hide_password=False)


@dataclass(frozen=True)
class Recipe:
    """What a template holds: the migrated schema, the static city of `seed` (None: none), the demo users."""

    seed: int | None = 1
    demo_users: bool = False

    @property
    def name(self) -> str:
        return ("schema" if self.seed is None else f"city{self.seed}") + ("_users" if self.demo_users else "")


MIGRATED = Recipe(seed=None)
CITY = Recipe()
CITY_USERS = Recipe(demo_users=True)


def build(url: str, recipe: Recipe) -> None:
    """Fill an empty database as the tests used to by hand (migrate, seeded(), ensure_demo_users), then let go of it."""
    if recipe.seed is None:
        migrate(url)
    else:
        seeded(url, recipe.seed)
    if recipe.demo_users:
        with write_session(url) as s:
            accounts.ensure_demo_users(s)
    dispose(url)


class SqliteTemplates:
    """One template file per recipe under `root`; a test gets a copy of it."""

    def __init__(self, root: Path):
        self.root = root

    def template(self, recipe: Recipe) -> Path:
        path = self.root / f"{recipe.name}.db"
        if not path.exists():
            part = self.root / f"{recipe.name}.building.db"  # why: a build that fails half-way is never reused
            wal, shm = Path(f"{part}-wal"), Path(f"{part}-shm")
            for p in (part, wal, shm):  # city.seed skips tables that hold rows: never build over a failed attempt
                p.unlink(missing_ok=True)
            build(f"sqlite:///{part}", recipe)
            sidecars = [p for p in (wal, shm) if p.exists()]
            assert not sidecars, f"template not checkpointed: {sidecars}"  # the copy must be the whole database
            part.rename(path)
        return path

    def copy(self, dest: Path, recipe: Recipe = CITY) -> str:
        """A fresh database file at `dest` holding what `recipe` builds; returns its URL."""
        shutil.copyfile(self.template(recipe), dest)
        return f"sqlite:///{dest}"


class PgTemplates:
    """One template database per recipe, named after the session's database; a test gets a new database from it."""

    def __init__(self, session_url: str):
        self.session_url = session_url
        self.prefix = make_url(session_url).database
        self._built: dict[Recipe, str] = {}
        self._created: list[str] = []
        self._n = itertools.count(1)
        self._dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-drop")
        self._drops: list[Future] = []

    def _url(self, name: str) -> str:
        return make_url(self.session_url).set(database=name).render_as_string(hide_password=False)

    def _admin(self, sql: str) -> None:
        with psycopg.connect(admin_dsn(self.session_url), autocommit=True) as conn:
            conn.execute(sql)

    def template(self, recipe: Recipe) -> str:
        if recipe not in self._built:
            name = f"{self.prefix}_t_{recipe.name}"
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # a half-built one from a failed build
            self._admin(f'CREATE DATABASE "{name}"')
            self._created.append(name)
            build(self._url(name), recipe)  # disposes its engine: CREATE ... TEMPLATE needs no one connected
            self._built[recipe] = name
        return self._built[recipe]

    def copy(self, recipe: Recipe = CITY) -> str:
        """A new database holding what `recipe` builds; returns its URL (drop it with `drop`)."""
        template = self.template(recipe)
        name = f"{self.prefix}_{next(self._n)}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self._url(name)

    def drop(self, url: str) -> None:
        """Close this process's connections, then drop the database behind the next test's back (a drop can take
        seconds on a busy disk; the name is never reused)."""
        dispose(url)
        sql = f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'
        self._drops.append(self._dropper.submit(self._admin, sql))

    def close(self) -> None:
        self._dropper.shutdown(wait=True)
        for name in self._created:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for done in self._drops:
            done.result()  # a failed drop fails the session's teardown, not silently


@contextmanager
def copied(request: pytest.FixtureRequest, backend: str, directory: Path, recipe: Recipe = CITY) -> Iterator[str]:
    """A database made from the `recipe` template on `backend` ("sqlite": a file in `directory`), removed after."""
    if backend == "sqlite":
        url = request.getfixturevalue("sqlite_templates").copy(directory / "test.db", recipe)
        try:
            yield url
        finally:
            dispose(url)
    else:
        pg = request.getfixturevalue("pg_templates")
        url = pg.copy(recipe)
        try:
            yield url
        finally:
            pg.drop(url)
