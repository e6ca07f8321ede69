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
        with context.begin_transaction():
            context.run_migrations()
        conn.commit()


run()
