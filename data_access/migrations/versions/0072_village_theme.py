"""village theme: villages' orchards and canal water allocation, 三务公开 disclosures, daily irrigation use

Revision ID: 0072
Revises: 0071
"""

import sqlalchemy as sa
from alembic import op

revision = "0072"
down_revision = "0071"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "village_profile",
        sa.Column("code", sa.String(20), sa.ForeignKey("grid_area.code"), primary_key=True),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("jujube_mu", sa.Float(), nullable=False),
        sa.Column("jujube_kg_per_mu", sa.Float(), nullable=False),
        sa.Column("canal", sa.String(20), nullable=False),
        sa.Column("quota_m3", sa.Float(), nullable=False),
    )
    op.create_table(
        "village_disclosure",
        sa.Column("code", sa.String(20), sa.ForeignKey("village_profile.code"), primary_key=True),
        sa.Column("period", sa.String(8), primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "irrigation_use",
        sa.Column("code", sa.String(20), sa.ForeignKey("village_profile.code"), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("m3", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("irrigation_use")
    op.drop_table("village_disclosure")
    op.drop_table("village_profile")
