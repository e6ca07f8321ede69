"""overview reads: daily_category (daily_counter summed per subject x metric x day x category) and the map's
covering index of open tickets

daily_category is backfilled here from daily_counter; from then on the write API keeps it in the same transaction.
ix_ticket_open_map is partial (open tickets only), so it stays small and cheap to keep.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "daily_category",
        sa.Column("subject", sa.String(length=12), nullable=False),
        sa.Column("metric", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("subject", "metric", "day", "category"),
    )
    dc = sa.table(
        "daily_counter",
        sa.column("subject"),
        sa.column("metric"),
        sa.column("day"),
        sa.column("category"),
        sa.column("n", sa.Integer),
    )
    keys = (dc.c.subject, dc.c.metric, dc.c.day, dc.c.category)
    op.execute(
        table.insert().from_select(
            ["subject", "metric", "day", "category", "n"], sa.select(*keys, sa.func.sum(dc.c.n)).group_by(*keys)
        )
    )
    is_open = sa.column("is_open", sa.Boolean).is_(True)
    op.create_index(
        "ix_ticket_open_map",
        "ticket",
        ["is_open", "created_at", "id", "lat", "lon", "stream", "due_at"],
        sqlite_where=is_open,
        postgresql_where=is_open,
    )


def downgrade() -> None:
    op.drop_index("ix_ticket_open_map", table_name="ticket")
    op.drop_table("daily_category")
