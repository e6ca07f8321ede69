"""community theme: communities and their register counts, their staff, the elderly living alone on the care watch
list, their signs of life (water, door access) and the check-on visits

Revision ID: 0071
Revises: 0070
"""

import sqlalchemy as sa
from alembic import op

revision = "0071"
down_revision = "0070"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "community",
        sa.Column("code", sa.String(20), sa.ForeignKey("grid_area.code"), primary_key=True),
        *(sa.Column(c, sa.Integer(), nullable=False)
          for c in ("households", "residents", "houses", "places", "facilities", "organisations")),
    )  # fmt: skip
    op.create_table(
        "community_staff",
        sa.Column("username", sa.String(40), primary_key=True),
        sa.Column("community_code", sa.String(20), sa.ForeignKey("community.code"), primary_key=True),
    )
    op.create_table(
        "elder_resident",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("community_code", sa.String(20), sa.ForeignKey("community.code"), nullable=False),
        sa.Column("grid_code", sa.String(20), nullable=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=False),
        sa.Column("last_water_at", sa.DateTime(), nullable=True),
        sa.Column("last_door_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_elder_resident_community_code", "elder_resident", ["community_code"])
    op.create_table(
        "resident_activity",
        sa.Column("resident_id", sa.Integer(), sa.ForeignKey("elder_resident.id"), primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("at", sa.DateTime(), primary_key=True),
    )
    op.create_table(
        "care_check",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.String(64), nullable=False, unique=True),
        sa.Column("resident_id", sa.Integer(), sa.ForeignKey("elder_resident.id"), nullable=False),
        sa.Column("reason", sa.String(12), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("raised_by", sa.String(40), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("outcome", sa.String(8), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(40), nullable=True),
        sa.Column("note", sa.String(200), nullable=False),
    )
    op.create_index("ix_care_check_resident_id", "care_check", ["resident_id"])
    op.create_index("ix_care_check_raised_at", "care_check", ["raised_at"])


def downgrade() -> None:
    op.drop_index("ix_care_check_raised_at", "care_check")
    op.drop_index("ix_care_check_resident_id", "care_check")
    op.drop_table("care_check")
    op.drop_table("resident_activity")
    op.drop_index("ix_elder_resident_community_code", "elder_resident")
    op.drop_table("elder_resident")
    op.drop_table("community_staff")
    op.drop_table("community")
