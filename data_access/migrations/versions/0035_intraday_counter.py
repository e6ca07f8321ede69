"""same-time comparisons: intraday_counter (subject x metric x local day x local minute of the day x town)

From here on the write API keeps intraday_counter in the same transaction as daily_counter (data_access/rollups.py).
An existing database is backfilled here from what its raw rows say happened when: tickets received, every
lifecycle step of the timeline, each request's final rating on the minute it was given (the counters' definition:
a superseded rating does not count), AI alerts raised and reviewed, incidents reported and closed, data syncs and
shop inspections and ratings. Not backfilled, because the raw rows do not keep what decided them: signed_on_time and
closed_on_time (the deadline at that moment) and cameras going on- or offline; they count from the upgrade on.

Revision ID: 0035
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0030"
branch_labels = None
depends_on = None

# ticket_event.action -> the metric the write API counts for it (lifecycle.EFFECTS); extend_reject counts nothing
ACTION_METRIC = {
    "create": "received",
    "dispatch": "dispatched",
    "register": "registered",
    "sign": "signed",
    "return": "returned",
    "extend_request": "extend_requested",
    "extend_approve": "extended",
    "reply": "replied",
    "feedback": "replied",
    "close": "closed",
    "answer": "closed",
    "callback": "callback",
    "redo": "redone",
    "rework": "redone",
    "supervise": "supervised",
    "cancel": "cancelled",
    "merge": "merged",
}


def _local(pg: bool, col: str) -> tuple[str, str]:
    """SQL for the local (UTC+8) day and minute of the day of a naive UTC column."""
    if pg:
        t = f"({col} + interval '8 hours')"
        return f"{t}::date", f"(extract(hour from {t}) * 60 + extract(minute from {t}))::integer"
    return (
        f"date({col}, '+8 hours')",
        f"(cast(strftime('%H', {col}, '+8 hours') as integer) * 60 + cast(strftime('%M', {col}, '+8 hours') as integer))",
    )


def upgrade() -> None:
    op.create_table(
        "intraday_counter",
        sa.Column("subject", sa.String(length=12), nullable=False),
        sa.Column("metric", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("subject", "metric", "day", "minute", "area_code"),
    )
    pg = op.get_bind().dialect.name == "postgresql"
    case = " ".join(f"WHEN '{a}' THEN '{m}'" for a, m in ACTION_METRIC.items())
    sources = []

    def source(subject: str, metric: str, at: str, area: str, n: str, rest: str) -> None:
        day, minute = _local(pg, at)
        sources.append(
            f"SELECT {subject} AS subject, {metric} AS metric, {day} AS day, {minute} AS minute, "
            f"coalesce({area}, '') AS area_code, {n} AS n {rest}"
        )

    source(
        "t.stream",
        f"CASE e.action {case} END",
        "e.at",
        "t.town_code",
        "1",
        f"FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE e.action IN ({', '.join(repr(a) for a in ACTION_METRIC)})",
    )
    source(
        "t.stream",
        "t.satisfaction",
        "t.callback_at",
        "t.town_code",
        "1",
        "FROM ticket t WHERE t.satisfaction IN ('satisfied', 'basic', 'dissatisfied') AND t.callback_at IS NOT NULL",
    )
    source(
        "'alert'",
        "'raised'",
        "a.occurred_at",
        "c.town_code",
        "1",
        "FROM video_alert a JOIN camera c ON c.id = a.camera_id",
    )
    source(
        "'alert'",
        "a.status",
        "a.reviewed_at",
        "c.town_code",
        "1",
        "FROM video_alert a JOIN camera c ON c.id = a.camera_id WHERE a.status <> 'new' AND a.reviewed_at IS NOT NULL",
    )
    source("'incident'", "'reported'", "i.started_at", "''", "1", "FROM incident i")
    source("'incident'", "'closed'", "i.closed_at", "''", "1", "FROM incident i WHERE i.closed_at IS NOT NULL")
    source("'sync'", "CASE WHEN r.ok THEN 'ok' ELSE 'failed' END", "r.at", "''", "1", "FROM sync_run r")
    source("'sync'", "'records'", "r.at", "''", "r.records", "FROM sync_run r WHERE r.ok")
    source(
        "'shop'",
        "CASE WHEN s.passed THEN 'inspected' ELSE 'failed_inspection' END",
        "s.at",
        "''",
        "1",
        "FROM shop_inspection s",
    )
    source("'shop'", "'rated'", "s.at", "''", "1", "FROM shop_rating s")
    source("'shop'", "'stars'", "s.at", "''", "s.stars", "FROM shop_rating s")
    union = " UNION ALL ".join(sources)
    op.execute(
        sa.text(
            "INSERT INTO intraday_counter (subject, metric, day, minute, area_code, n) "
            f"SELECT subject, metric, day, minute, area_code, sum(n) FROM ({union}) AS raw "
            "GROUP BY subject, metric, day, minute, area_code HAVING sum(n) <> 0"
        )
    )


def downgrade() -> None:
    op.drop_table("intraday_counter")
