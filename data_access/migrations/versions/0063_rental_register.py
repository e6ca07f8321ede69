"""一户一码: the tenant register per rental unit (move-in, move-out) and the grid workers' checks

Revision ID: 0063
Revises: 0062
"""

import sqlalchemy as sa
from alembic import op

revision = "0063"
down_revision = "0062"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rental_tenant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("id_no", sa.String(18), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("moved_in_on", sa.Date(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("registered_by", sa.String(40), nullable=False),
        sa.Column("moved_out_on", sa.Date(), nullable=True),
        sa.Column("moved_out_by", sa.String(40), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["rental_unit.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rental_tenant") as t:
        t.create_index("ix_rental_tenant_unit_id", ["unit_id"], unique=False)
    op.create_table(
        "rental_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(40), nullable=False),
        sa.Column("matches", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["rental_unit.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rental_check") as t:
        t.create_index("ix_rental_check_unit_id", ["unit_id"], unique=False)


def downgrade() -> None:
    op.drop_table("rental_check")
    op.drop_table("rental_tenant")
