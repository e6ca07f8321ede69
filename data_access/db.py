"""The only module that builds engines and sessions (SQLite pragmas, PostgreSQL pool and timeouts)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

_engines: dict[str, Engine] = {}


def _sqlite_engine(url: str) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # why: pysqlite's own BEGIN handling must be off for BEGIN IMMEDIATE
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _postgres_engine(url: str) -> Engine:
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_timeout=10,
        connect_args={
            "connect_timeout": 5,
            "options": "-c statement_timeout=15000 -c lock_timeout=5000 -c timezone=UTC",
        },
    )


def get_engine(url: str) -> Engine:
    """One engine per URL for the whole process."""
    if url not in _engines:
        _engines[url] = _sqlite_engine(url) if url.startswith("sqlite") else _postgres_engine(url)
    return _engines[url]


def url_of(session: Session) -> str:
    """The URL the session's engine was built from, as this process was given it (for work that opens sessions of
    its own, e.g. in a background thread; never rendered back from the engine)."""
    engine = session.get_bind().engine  # a Connection's engine, or the Engine itself
    for url, known in _engines.items():
        if known is engine or known.url == engine.url:
            return url
    raise LookupError("the session's engine was not built by data_access.db")


def dispose(url: str) -> None:
    engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


@contextmanager
def read_session(url: str) -> Iterator[Session]:
    """A read-only unit of work (rolled back at the end)."""
    with sessionmaker(get_engine(url))() as session:
        yield session
        session.rollback()


@contextmanager
def write_session(url: str) -> Iterator[Session]:
    """A write transaction: BEGIN IMMEDIATE on SQLite, committed on success, rolled back on error."""
    engine = get_engine(url)
    if engine.dialect.name == "sqlite":
        engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    with sessionmaker(engine)() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
