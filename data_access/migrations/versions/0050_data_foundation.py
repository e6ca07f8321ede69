"""data foundation and digital government: catalogue columns, fields, records, quality checks and scores,
rectification, exchange log; extranet sites and findings, inspection campaign, 互联网+监管 uploads, IT projects

Revision ID: 0050
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0050"
down_revision = "0040"
branch_labels = None
depends_on = None

SOURCE_COLUMNS = (
    ("description", sa.String(length=200)),
    ("format", sa.String(length=12)),
    ("share_class", sa.String(length=14)),
    ("open_class", sa.String(length=14)),
    ("tags", sa.String(length=80)),
    ("sampled", sa.Boolean()),
    ("q_completeness", sa.Float()),
    ("q_accuracy", sa.Float()),
    ("q_usability", sa.Float()),
)
RUN_COLUMNS = (
    ("started_at", sa.DateTime()),
    ("error", sa.String(length=200)),
    ("new_records", sa.Integer()),
    ("failed_checks", sa.Integer()),
)


def upgrade() -> None:
    with op.batch_alter_table("data_source") as b:
        for name, type_ in SOURCE_COLUMNS:
            b.add_column(sa.Column(name, type_, nullable=True))
    with op.batch_alter_table("sync_run") as b:
        for name, type_ in RUN_COLUMNS:
            b.add_column(sa.Column(name, type_, nullable=True))
    op.create_table(
        "data_field",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=60), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["data_source.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_data_field_source_id", "data_field", ["source_id"])
    op.create_table(
        "data_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("rid", sa.String(length=40), nullable=False),
        sa.Column("dup_key", sa.String(length=60), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("synced_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["data_source.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "rid", name="uq_data_record_source_rid"),
    )
    op.create_index("ix_data_record_dup", "data_record", ["source_id", "dup_key"])
    op.create_table(
        "quality_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("dimension", sa.String(length=14), nullable=False),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("fields", sa.String(length=200), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("checked", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["data_source.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_quality_check_source_id", "quality_check", ["source_id"])
    op.create_table(
        "record_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("rid", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["check_id"], ["quality_check.id"]),
        sa.ForeignKeyConstraint(["source_id"], ["data_source.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_record_failure_check", "record_failure", ["check_id", "rid"])
    op.create_index("ix_record_failure_source_id", "record_failure", ["source_id"])
    op.create_table(
        "quality_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("completeness", sa.Float(), nullable=True),
        sa.Column("accuracy", sa.Float(), nullable=True),
        sa.Column("usability", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["data_source.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_quality_score_at", "quality_score", ["at"])
    op.create_index("ix_quality_score_source_id", "quality_score", ["source_id"])
    op.create_table(
        "rectification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("failed_at_open", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["check_id"], ["quality_check.id"]),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"]),
        sa.ForeignKeyConstraint(["source_id"], ["data_source.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rectification_source_id", "rectification", ["source_id"])
    op.create_table(
        "data_exchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("consumer_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["consumer_id"], ["department.id"]),
        sa.ForeignKeyConstraint(["source_id"], ["data_source.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day", "consumer_id", "source_id", name="uq_data_exchange_day"),
    )
    op.create_index("ix_data_exchange_day", "data_exchange", ["day"])
    op.create_table(
        "extranet_site",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=80), nullable=False),
        sa.Column("segment", sa.String(length=20), nullable=False),
        sa.Column("devices", sa.Integer(), nullable=False),
        sa.Column("last_inspected_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["extranet_unit.id"]),
        sa.PrimaryKeyConstraint("unit_id"),
    )
    op.create_table(
        "inspection_campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("partner", sa.String(length=40), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "extranet_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("rectified_on", sa.Date(), nullable=True),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["inspection_campaign.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["extranet_unit.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_extranet_finding_unit_id", "extranet_finding", ["unit_id"])
    op.create_table(
        "supervision_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("staff_registered", sa.Integer(), nullable=False),
        sa.Column("inspections", sa.Integer(), nullable=False),
        sa.Column("penalties", sa.Integer(), nullable=False),
        sa.Column("on_time", sa.Integer(), nullable=False),
        sa.Column("uploads", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("department_id", "month", name="uq_supervision_upload_month"),
    )
    op.create_table(
        "it_project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("budget", sa.Float(), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    for name in (
        "it_project", "supervision_upload", "extranet_finding", "inspection_campaign", "extranet_site",
        "data_exchange", "rectification", "quality_score", "record_failure", "quality_check", "data_record",
        "data_field",
    ):  # fmt: skip
        op.drop_table(name)
    with op.batch_alter_table("sync_run") as b:
        for name, _ in RUN_COLUMNS:
            b.drop_column(name)
    with op.batch_alter_table("data_source") as b:
        for name, _ in SOURCE_COLUMNS:
            b.drop_column(name)
