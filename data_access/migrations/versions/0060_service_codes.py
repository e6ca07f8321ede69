"""service codes (一铺一码 / 一户一码): revocable plate tokens, the shop's public licence fields, rating guards,
inspection records with checklist, deadline and photo

Revision ID: 0060
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0060"
down_revision = "0050"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("short_code", sa.String(12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token"),
    )
    with op.batch_alter_table("service_code") as t:
        t.create_index("ix_service_code_short_code", ["short_code"], unique=False)
        t.create_index("ix_service_code_subject", ["kind", "subject_id", "status"], unique=False)
    op.create_table(
        "inspection_photo",
        sa.Column("inspection_event_id", sa.String(64), nullable=False),
        sa.Column("mime", sa.String(20), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("inspection_event_id"),
    )
    with op.batch_alter_table("shop") as t:
        t.add_column(sa.Column("scope", sa.String(200), nullable=True))
        t.add_column(sa.Column("licence_no", sa.String(32), nullable=True))
        t.add_column(sa.Column("licence_until", sa.Date(), nullable=True))
    with op.batch_alter_table("shop_rating") as t:
        t.add_column(sa.Column("device_hash", sa.String(64), nullable=True))
        t.add_column(sa.Column("ip_hash", sa.String(64), nullable=True))
        t.create_index("ix_shop_rating_device_hash", ["device_hash"], unique=False)
    with op.batch_alter_table("shop_inspection") as t:
        t.add_column(sa.Column("result", sa.String(12), nullable=True))
        t.add_column(sa.Column("checklist", sa.JSON(), nullable=True))
        t.add_column(sa.Column("issues", sa.Text(), nullable=True))
        t.add_column(sa.Column("rectify_by", sa.DateTime(), nullable=True))
        t.add_column(sa.Column("rectified_at", sa.DateTime(), nullable=True))
        t.add_column(sa.Column("cm_ticket_no", sa.String(32), nullable=True))
        t.add_column(sa.Column("has_photo", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("shop_inspection") as t:
        for c in ("has_photo", "cm_ticket_no", "rectified_at", "rectify_by", "issues", "checklist", "result"):
            t.drop_column(c)
    with op.batch_alter_table("shop_rating") as t:
        t.drop_index("ix_shop_rating_device_hash")
        t.drop_column("ip_hash")
        t.drop_column("device_hash")
    with op.batch_alter_table("shop") as t:
        for c in ("licence_until", "licence_no", "scope"):
            t.drop_column(c)
    op.drop_table("inspection_photo")
    with op.batch_alter_table("service_code") as t:
        t.drop_index("ix_service_code_subject")
        t.drop_index("ix_service_code_short_code")
    op.drop_table("service_code")
