"""延期申请 days: ticket.extension_requested_days keeps the working days a department asked for until the centre
approves (they are then applied unless the approver sets others) or rejects; a request pending at the upgrade has
none (the approver's days, else 3, as before).

Revision ID: 0036
Revises: 0035
"""

import sqlalchemy as sa
from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket") as t:
        t.add_column(sa.Column("extension_requested_days", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ticket") as t:
        t.drop_column("extension_requested_days")
