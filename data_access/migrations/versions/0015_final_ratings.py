"""final ratings: each callback's rating in the ticket timeline, and the satisfied/basic/dissatisfied counters
holding a request's final rating only

满意率 is read per request on its final rating (data_access/hotline/stats.py): when a redone request is called
back again, its earlier rating stops counting. The write API now keeps the counters that way (a new rating
subtracts the one it supersedes, on that rating's day); here the counters are rebuilt from the tickets (a ticket
row holds its final rating and when it was given), and ticket_event gets a satisfaction column, filled on each
ticket's last callback (earlier ratings were never stored: their rows stay empty). The downgrade drops the column
and leaves the counters as they are (per-callback counts cannot be recovered).

Revision ID: 0015
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0008"
branch_labels = None
depends_on = None

RATINGS = ("satisfied", "basic", "dissatisfied")


def upgrade() -> None:
    with op.batch_alter_table("ticket_event") as t:
        t.add_column(sa.Column("satisfaction", sa.String(12), nullable=True))
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    day = "(t.callback_at + interval '8 hours')::date" if pg else "date(t.callback_at, '+8 hours')"
    op.execute(
        sa.text(
            "UPDATE ticket_event SET satisfaction = (SELECT t.satisfaction FROM ticket t WHERE t.id = ticket_event.ticket_id) "
            "WHERE action = 'callback' AND id IN (SELECT max(e.id) FROM ticket_event e WHERE e.action = 'callback' "
            "GROUP BY e.ticket_id)"
        )
    )
    rated = sa.bindparam("rated", RATINGS, expanding=True)
    op.execute(sa.text("DELETE FROM daily_counter WHERE metric IN :rated").bindparams(rated))
    op.execute(sa.text("DELETE FROM daily_category WHERE metric IN :rated").bindparams(rated))
    op.execute(
        sa.text(
            "INSERT INTO daily_counter (day, subject, channel, category, department_id, area_code, metric, n) "
            f"SELECT {day}, t.stream, t.channel_code, t.category_code, coalesce(t.department_id, 0), "
            "coalesce(t.town_code, ''), t.satisfaction, count(*) FROM ticket t "
            "WHERE t.satisfaction IN :rated AND t.callback_at IS NOT NULL "
            f"GROUP BY {day}, t.stream, t.channel_code, t.category_code, coalesce(t.department_id, 0), "
            "coalesce(t.town_code, ''), t.satisfaction"
        ).bindparams(rated)
    )
    op.execute(
        sa.text(
            "INSERT INTO daily_category (subject, metric, day, category, n) "
            "SELECT subject, metric, day, category, sum(n) FROM daily_counter WHERE metric IN :rated "
            "GROUP BY subject, metric, day, category"
        ).bindparams(rated)
    )


def downgrade() -> None:
    with op.batch_alter_table("ticket_event") as t:
        t.drop_column("satisfaction")
