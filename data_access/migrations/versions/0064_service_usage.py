"""便民服务: the mini-program's usage feed (services used per day, service and town)

Revision ID: 0064
Revises: 0063
"""

import sqlalchemy as sa
from alembic import op

revision = "0064"
down_revision = "0063"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_usage",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service", sa.String(20), nullable=False),
        sa.Column("town_code", sa.String(20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day", "service", "town_code"),
    )


def downgrade() -> None:
    op.drop_table("service_usage")
