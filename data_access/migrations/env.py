"""Alembic environment: the URL comes from the caller (data_access.schema.migrate), never from a file."""

from alembic import context

from data_access.db import get_engine
from data_access.models import Base

config = context.config
url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")


def run() -> None:
    if not url:
        raise LookupError("no database URL: run migrations through data_access.schema.migrate")
    engine = get_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.driver_connection  # the sqlite3 connection itself: PRAGMAs before SQLAlchemy's BEGIN
        if sqlite:
            # batch mode rebuilds a table (copy, drop, rename): the foreign keys that point at it are switched off
            # for the rebuild (SQLite takes this only outside a transaction) and checked once it is done
            raw.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            conn.commit()
            raw.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]
            if broken:
                raise RuntimeError(f"migration left rows whose foreign keys point nowhere: {broken[:5]}")
        conn.commit()


run()
