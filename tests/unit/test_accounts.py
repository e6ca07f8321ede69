"""Accounts and audit: lockout, rotation, revocation, password policy, append-only hash-chained audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from data_access import accounts
from data_access.db import read_session, write_session
from data_access.errors import WriteError
from data_access.models import AppUser, AuditLog

GOOD = "Seat-2024!officer"


def test_lockout_after_five_failures_and_same_answer_for_unknown_users(migrated_url):
    with write_session(migrated_url) as s:
        accounts.create_user(s, "li", GOOD, "officer")
    for _ in range(6):
        with write_session(migrated_url) as s:
            assert accounts.authenticate(s, "li", "wrong-password") is None
    with write_session(migrated_url) as s:
        assert accounts.authenticate(s, "li", GOOD) is None  # locked
        assert accounts.authenticate(s, "nobody", GOOD) is None


def test_login_rotates_and_revocation_kills_old_sessions(migrated_url):
    with write_session(migrated_url) as s:
        uid = accounts.create_user(s, "wang", GOOD, "supervisor").id
    with write_session(migrated_url) as s:
        v1 = accounts.authenticate(s, "wang", GOOD).session_version
    with write_session(migrated_url) as s:
        v2 = accounts.authenticate(s, "wang", GOOD).session_version
    with read_session(migrated_url) as s:
        assert accounts.principal_for(s, uid, v1) is None
        assert accounts.principal_for(s, uid, v2).role == "supervisor"
    with write_session(migrated_url) as s:
        accounts.revoke_sessions(s, uid)
    with read_session(migrated_url) as s:
        assert accounts.principal_for(s, uid, v2) is None


@pytest.mark.parametrize("weak", ["short1!", "alllowercaseletters", "NoDigitsOrSymbolsHere"])
def test_weak_passwords_are_refused_and_hashes_are_not_plaintext(migrated_url, weak):
    with pytest.raises(WriteError), write_session(migrated_url) as s:
        accounts.create_user(s, "zhao", weak, "officer")
    with write_session(migrated_url) as s:
        accounts.create_user(s, "zhao", GOOD, "officer")
    with read_session(migrated_url) as s:
        assert GOOD not in s.scalars(select(AppUser.password_hash)).one()


def test_audit_is_append_only_and_tamper_evident(migrated_url):
    who = accounts.Principal(1, "li", "officer")
    with write_session(migrated_url) as s:
        for i in range(3):
            accounts.audit(s, who=who, action="dispatch", obj=f"T-{i}", result="ok")
    with read_session(migrated_url) as s:
        assert accounts.verify_audit_chain(s) is None
        assert s.scalar(select(AuditLog.prev_hash).where(AuditLog.id == 2)) == s.scalar(
            select(AuditLog.hash).where(AuditLog.id == 1)
        )
    for stmt in ("UPDATE audit_log SET result = 'denied' WHERE id = 2", "DELETE FROM audit_log WHERE id = 1"):
        with pytest.raises(DBAPIError), write_session(migrated_url) as s:
            s.execute(text(stmt))
    with read_session(migrated_url) as s:
        assert s.scalar(select(AuditLog.result).where(AuditLog.id == 2)) == "ok"
