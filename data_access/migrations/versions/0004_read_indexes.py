"""indexes for the panel reads: rollups by (subject, metric, day); open tickets newest first

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_daily_counter_subject_metric_day", "daily_counter", ["subject", "metric", "day"])
    op.create_index("ix_ticket_open_created", "ticket", ["is_open", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_ticket_open_created", table_name="ticket")
    op.drop_index("ix_daily_counter_subject_metric_day", table_name="daily_counter")
