"""The Alembic migrations build exactly the schema the models declare, on SQLite and PostgreSQL, and re-running
them changes nothing."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from data_access.db import get_engine
from data_access.models import Base
from data_access.schema import migrate


def test_migrations_match_the_models(db_url):
    migrate(db_url)
    migrate(db_url)  # idempotent
    with get_engine(db_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
