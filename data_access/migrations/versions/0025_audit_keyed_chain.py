"""audit hardening: TRUNCATE refused on PostgreSQL, the chain re-keyed with HMAC, and app_user.locked_at (a lockout
lifts after a set time)

The chain's hashes were plain SHA-256 (anyone with the database could recompute them after an edit); from here they
are HMAC-SHA-256 with the audit key from settings (data_access.accounts.audit_key). Existing rows are re-hashed once,
here, with the append-only triggers lifted for the duration of this transaction. TRUNCATE fires no row trigger, so
PostgreSQL gets a statement trigger of its own (SQLite has no TRUNCATE; its DELETE trigger already covers it).

Revision ID: 0025
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0015"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = {
    verb: f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    for verb in ("UPDATE", "DELETE")
}


def _rehash(bind) -> None:
    from data_access.accounts import GENESIS, _digest

    rows = bind.execute(
        sa.text(
            "SELECT id, at, username, role, action, object, result, ip, request_id, detail FROM audit_log ORDER BY id"
        )
    ).mappings()
    prev = GENESIS
    updates = []
    for r in rows:
        at = r["at"]
        if isinstance(at, str):  # SQLite hands back text through a plain SELECT
            from datetime import datetime

            at = datetime.fromisoformat(at)
        fields = {k: r[k] for k in ("username", "role", "action", "object", "result", "ip", "request_id", "detail")}
        fields["at"] = at
        digest = _digest(prev, fields)
        updates.append({"i": r["id"], "p": prev, "h": digest})
        prev = digest
    for u in updates:
        bind.execute(sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :i"), u)


def upgrade() -> None:
    op.add_column("app_user", sa.Column("locked_at", sa.DateTime(), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        _rehash(bind)
        op.execute(_SQLITE_TRIGGERS["UPDATE"])
    else:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        _rehash(bind)
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
    with op.batch_alter_table("app_user") as t:
        t.drop_column("locked_at")
