"""water theme: supply zones (DMAs), the simulator's injected-leak ground truth, water alerts turned into orders

Revision ID: 0070
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0070"
down_revision = "0064"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "water_zone",
        sa.Column("code", sa.String(12), primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("town_code", sa.String(20), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("flow_sensor_id", sa.String(24), sa.ForeignKey("sensor.id"), nullable=False, unique=True),
        sa.Column("pressure_sensor_id", sa.String(24), sa.ForeignKey("sensor.id"), nullable=True),
        sa.Column("base_flow", sa.Float(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
    )
    op.create_table(
        "water_leak_truth",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("zone_code", sa.String(12), sa.ForeignKey("water_zone.code"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("start_at", sa.DateTime(), nullable=False),
        sa.Column("end_at", sa.DateTime(), nullable=False),
        sa.Column("excess", sa.Float(), nullable=False),
        sa.Column("ramp_hours", sa.Float(), nullable=False),
    )
    op.create_index("ix_water_leak_truth_zone_code", "water_leak_truth", ["zone_code"])
    op.create_index("ix_water_leak_truth_start_at", "water_leak_truth", ["start_at"])
    op.create_table(
        "water_alert_order",
        sa.Column("alert_key", sa.String(80), primary_key=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("subject", sa.String(24), nullable=False),
        sa.Column("ticket_no", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("water_alert_order")
    op.drop_index("ix_water_leak_truth_start_at", "water_leak_truth")
    op.drop_index("ix_water_leak_truth_zone_code", "water_leak_truth")
    op.drop_table("water_leak_truth")
    op.drop_table("water_zone")
