"""emergency command (#14): the incident lifecycle (stage, version, drill flag, casualties), who did each timeline
step, dispatches with ETA and route, plans and their copied checklists, warnings and their CAP messages, the duty
roster and handovers, hazard sources, store items; resources gain a status, shelter occupancy and team skills.

Revision ID: 0040
Revises: 0015
"""

from alembic import op
import sqlalchemy as sa


revision = "0040"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duty_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("shift_start", sa.DateTime(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("acked_at", sa.DateTime(), nullable=True),
        sa.Column("acked_by", sa.String(length=60), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    with op.batch_alter_table("duty_handover", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_handover_shift_start"), ["shift_start"], unique=False)

    op.create_table(
        "duty_roster",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post", sa.String(length=20), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "emergency_plan",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("worst_level", sa.Integer(), nullable=False),
        sa.Column("mildest_level", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "hazard_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("town_code", sa.String(length=20), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("inspect_days", sa.Integer(), nullable=False),
        sa.Column("last_inspected_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "warning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("hazard", sa.String(length=20), nullable=False),
        sa.Column("color", sa.String(length=8), nullable=False),
        sa.Column("headline", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("instruction", sa.Text(), nullable=False),
        sa.Column("area_desc", sa.String(length=200), nullable=False),
        sa.Column("area_codes", sa.String(length=400), nullable=False),
        sa.Column("polygon", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
        sa.Column("exercise", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("issued_by", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    with op.batch_alter_table("warning", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_warning_issued_at"), ["issued_at"], unique=False)

    op.create_table(
        "emergency_plan_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_code", sa.String(length=20), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=120), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("due_minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_code"],
            ["emergency_plan.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("emergency_plan_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_emergency_plan_task_plan_code"), ["plan_code"], unique=False)

    op.create_table(
        "store_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("min_quantity", sa.Integer(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resource.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("store_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_store_item_resource_id"), ["resource_id"], unique=False)

    op.create_table(
        "warning_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=64), nullable=False),
        sa.Column("warning_id", sa.Integer(), nullable=False),
        sa.Column("msg_type", sa.String(length=8), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("color", sa.String(length=8), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["warning_id"],
            ["warning.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("identifier"),
    )
    with op.batch_alter_table("warning_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_warning_message_sent_at"), ["sent_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_warning_message_warning_id"), ["warning_id"], unique=False)

    op.create_table(
        "incident_dispatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("eta_minutes", sa.Float(), nullable=True),
        sa.Column("distance_km", sa.Float(), nullable=True),
        sa.Column("route", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resource.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_dispatch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_dispatch_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incident_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("plan_code", sa.String(length=20), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=120), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_by", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_task_incident_id"), ["incident_id"], unique=False)

    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stage", sa.String(length=16), server_default="reported", nullable=False))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("exercise", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("reported_by", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("description", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("plan_code", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("dead", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("injured", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("missing", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("evacuated", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index(batch_op.f("ix_incident_exercise"), ["exercise"], unique=False)

    with op.batch_alter_table("incident_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("stage", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("level", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("target", sa.String(length=16), nullable=True))

    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=12), server_default="available", nullable=False))
        batch_op.add_column(sa.Column("occupancy", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("capacity_night", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("skills", sa.String(length=200), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.drop_column("skills")
        batch_op.drop_column("capacity_night")
        batch_op.drop_column("occupancy")
        batch_op.drop_column("status")

    with op.batch_alter_table("incident_event", schema=None) as batch_op:
        batch_op.drop_column("target")
        batch_op.drop_column("level")
        batch_op.drop_column("stage")
        batch_op.drop_column("actor")

    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_exercise"))
        batch_op.drop_column("evacuated")
        batch_op.drop_column("missing")
        batch_op.drop_column("injured")
        batch_op.drop_column("dead")
        batch_op.drop_column("plan_code")
        batch_op.drop_column("description")
        batch_op.drop_column("reported_by")
        batch_op.drop_column("exercise")
        batch_op.drop_column("version")
        batch_op.drop_column("stage")

    with op.batch_alter_table("incident_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_task_incident_id"))

    op.drop_table("incident_task")
    with op.batch_alter_table("incident_dispatch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_dispatch_incident_id"))

    op.drop_table("incident_dispatch")
    with op.batch_alter_table("warning_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_warning_message_warning_id"))
        batch_op.drop_index(batch_op.f("ix_warning_message_sent_at"))

    op.drop_table("warning_message")
    with op.batch_alter_table("store_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_store_item_resource_id"))

    op.drop_table("store_item")
    with op.batch_alter_table("emergency_plan_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emergency_plan_task_plan_code"))

    op.drop_table("emergency_plan_task")
    with op.batch_alter_table("warning", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_warning_issued_at"))

    op.drop_table("warning")
    op.drop_table("hazard_source")
    op.drop_table("emergency_plan")
    op.drop_table("duty_roster")
    with op.batch_alter_table("duty_handover", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_handover_shift_start"))

    op.drop_table("duty_handover")
