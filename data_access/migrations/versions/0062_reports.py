"""统一报表: the shared field dictionary, report templates, the values filled once per department and period, and
the submissions with their status and reuse count

Revision ID: 0062
Revises: 0061
"""

import sqlalchemy as sa
from alembic import op

revision = "0062"
down_revision = "0061"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_field",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("label", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=True),
        sa.Column("min_value", sa.Float(), nullable=True),
        sa.Column("max_value", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "report_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("owner_code", sa.String(20), nullable=False),
        sa.Column("cadence", sa.String(10), nullable=False),
        sa.Column("due_day", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("required", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "report_value",
        sa.Column("department_code", sa.String(20), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("field_key", sa.String(40), nullable=False),
        sa.Column("value", sa.String(500), nullable=False),
        sa.Column("template_code", sa.String(20), nullable=False),
        sa.Column("filled_at", sa.DateTime(), nullable=False),
        sa.Column("filled_by", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(["field_key"], ["report_field.key"]),
        sa.PrimaryKeyConstraint("department_code", "period", "field_key"),
    )
    op.create_table(
        "report_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_code", sa.String(20), nullable=False),
        sa.Column("department_code", sa.String(20), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_by", sa.String(40), nullable=False),
        sa.Column("reused_fields", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("report_submission") as t:
        t.create_index("ux_report_submission", ["template_code", "department_code", "period"], unique=True)


def downgrade() -> None:
    op.drop_table("report_submission")
    op.drop_table("report_value")
    op.drop_table("report_template")
    op.drop_table("report_field")
