"""alarm_ack: seats' acknowledgements of AI alerts and hotspots (they leave the wall's alarm rail)

Revision ID: 0030
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alarm_ack",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_alarm_ack_at", "alarm_ack", ["at"])


def downgrade() -> None:
    op.drop_index("ix_alarm_ack_at", table_name="alarm_ack")
    op.drop_table("alarm_ack")
