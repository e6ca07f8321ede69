"""Audit as part of the action (security.md A1, A2), on SQLite and PostgreSQL: when the audit row cannot be written
the action fails and nothing of it stays; client values are bounded to the audit columns; TRUNCATE is refused; the
HMAC chain and its anchor file outside the database catch an edited row, a deleted tail and a recomputed chain."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from data_access import accounts
from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.models import AuditLog, Incident, Ticket, VideoAlert, VideoLayout
from data_access.writes import apply
from tests.factories import new_ticket
from web.commands import alarms, video, wall
from web.commands import hotline as cmd
from web.commands.base import Actor, Code, Refused, execute

T0 = datetime(2024, 5, 6, 2, 0)
CAM = "64018100001316000002"
ROOT = Path(__file__).resolve().parents[2]
OFFICER = Actor(accounts.Principal(1, "officer", "officer"), "127.0.0.1", "rid-1")
ADMIN = Actor(accounts.Principal(2, "admin", "admin"), "127.0.0.1", "rid-2")


def break_audit(url: str) -> None:
    """Make every audit insert fail, as a full disk or a revoked grant would: a trigger raising on INSERT."""
    with write_session(url) as s:
        if s.get_bind().dialect.name == "sqlite":
            s.execute(
                text("CREATE TRIGGER audit_fail BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no room'); END")
            )
        else:
            s.execute(
                text(
                    "CREATE FUNCTION audit_fail() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'no room'; END $$"
                )
            )
            s.execute(
                text("CREATE TRIGGER audit_fail BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_fail()")
            )


def audit_rows(url: str) -> int:
    with read_session(url) as s:
        return s.scalar(select(func.count()).select_from(AuditLog))


@pytest.fixture
def city(city_url):
    with write_session(city_url) as s:
        apply(
            s,
            [
                new_ticket("C-1", T0),
                ev.AlertRaised("a-1", CAM, "CG20", 0.9, (0.1, 0.1, 0.3, 0.4), T0, simulated=False),
                ev.IncidentReported("i-1", "natural", "暴雨内涝", 1, "城区积水", 38.1, 106.34, T0),
            ],
        )
    with write_session(city_url) as s:
        video.save_layout(s, OFFICER, {"name": "早班", "layout": {"n": 4, "cams": [[CAM, "大厅"]]}})
    return city_url


def state(url: str, playlist: Path) -> dict:
    """What a user would see of each action's object."""
    with read_session(url) as s:
        return {
            "ticket": s.scalar(select(Ticket.status).where(Ticket.ticket_no == "C-1")),
            "alert": s.scalar(select(VideoAlert.status).where(VideoAlert.event_id == "a-1")),
            "incident_ack": s.scalar(select(Incident.acknowledged_at).where(Incident.event_id == "i-1")),
            "layouts": sorted(s.scalars(select(VideoLayout.name))),
            "playlist": playlist.read_text(encoding="utf-8") if playlist.exists() else None,
        }


def test_when_the_audit_row_cannot_be_written_no_action_takes_effect(city, tmp_path):
    playlist = tmp_path / "playlist.json"
    playlist.write_text("[]", encoding="utf-8")
    with read_session(city) as s:
        layout_id = s.scalar(select(VideoLayout.id))
    before, rows = state(city, playlist), audit_rows(city)
    break_audit(city)
    actions = {
        "incident_ack": lambda s: alarms.acknowledge(s, OFFICER, "incident:i-1"),
        "video_review": lambda s: video.review_alert(s, OFFICER, "a-1", "confirmed"),
        "video_layout_save": lambda s: video.save_layout(s, OFFICER, {"name": "晚班", "layout": {"n": 1, "cams": []}}),
        "video_layout_delete": lambda s: video.delete_layout(s, OFFICER, {"id": layout_id}),
        "wall_playlist_save": lambda s: wall.save_playlist(
            s, ADMIN, str(playlist), json.dumps([{"scene": "city", "dwell": 60}])
        ),
        "ticket_dispatch": lambda s: cmd.act_on_ticket(
            s, OFFICER, cmd.TicketRequest("C-1", 1, "dispatch", department=1, note="请处理")
        ),
    }
    for name, act in actions.items():
        with pytest.raises(Refused) as exc:
            execute(city, OFFICER, name, "x", act)
        assert exc.value.code is Code.FAILED, name
    assert state(city, playlist) == before  # nothing changed: not the alert, the incident, a layout, the walls' file
    assert audit_rows(city) == rows
    assert not list(tmp_path.glob("*.staged"))  # the staged playlist is cleaned up


def test_the_same_actions_commit_with_their_audit_row_when_it_can_be_written(city, tmp_path):
    playlist = tmp_path / "playlist.json"
    rows = audit_rows(city)
    execute(city, OFFICER, "incident_ack", "incident:i-1", lambda s: alarms.acknowledge(s, OFFICER, "incident:i-1"))
    execute(city, OFFICER, "video_review", "a-1", lambda s: video.review_alert(s, OFFICER, "a-1", "confirmed"))
    items = json.dumps([{"scene": "city", "dwell": 60}])
    execute(city, ADMIN, "wall_playlist_save", "p", lambda s: wall.save_playlist(s, ADMIN, str(playlist), items))
    after = state(city, playlist)
    assert after["incident_ack"] is not None and after["alert"] == "confirmed"
    assert json.loads(after["playlist"])[0]["scene"] == "city"
    assert audit_rows(city) == rows + 3


def test_a_41_character_request_id_and_other_oversized_values_never_fail_the_audit(city):
    """A 41-character X-Request-Id once failed the audit insert on PostgreSQL (a 40-character column) after the change
    had committed. Every value is now cut to its column; NUL bytes (PostgreSQL refuses them) are replaced."""
    long = Actor(accounts.Principal(1, "o" * 60, "officer"), "1" * 60, "r" * 41)
    execute(city, long, "incident_ack", "incident:i-1", lambda s: alarms.acknowledge(s, long, "incident:i-1"))
    with read_session(city) as s:
        row = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert s.scalar(select(Incident.acknowledged_at).where(Incident.event_id == "i-1")) is not None
        assert (len(row.request_id), len(row.username), len(row.ip)) == (40, 40, 45)
        assert row.action == "incident_ack"
    with write_session(city) as s:  # a NUL from a client (a form field, a header) in any audit value
        accounts.audit(s, who=long.who, action="x\x00" * 30, obj="o\x00" * 50, result="ok", detail="d\x00" * 10)
    with read_session(city) as s:
        row = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert "\x00" not in row.action + row.object + row.detail and len(row.action) == 40


def test_truncate_and_delete_of_the_audit_log_are_refused(migrated_url):
    who = accounts.Principal(1, "li", "officer")
    with write_session(migrated_url) as s:
        accounts.audit(s, who=who, action="dispatch", obj="T-1", result="ok")
    pg = migrated_url.startswith("postgresql")
    statements = ["DELETE FROM audit_log"] + (["TRUNCATE audit_log", "TRUNCATE audit_log CASCADE"] if pg else [])
    for stmt in statements:
        with pytest.raises(DBAPIError, match="append-only"), write_session(migrated_url) as s:
            s.execute(text(stmt))
    assert audit_rows(migrated_url) == 1


def lift_guard(url: str):
    """What an attacker with the database's owner rights does first: lift the append-only triggers."""
    with write_session(url) as s:
        if s.get_bind().dialect.name == "sqlite":
            s.execute(text("DROP TRIGGER audit_log_no_update"))
            s.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            s.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))


def write_rows(url: str, n: int) -> None:
    who = accounts.Principal(1, "li", "officer")
    for i in range(n):
        with write_session(url) as s:
            accounts.audit(s, who=who, action="dispatch", obj=f"T-{i}", result="ok")


def cli(url: str, anchor: Path, what: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "data_access", "audit", what, "--url", url, "--anchor-file", str(anchor)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_deleted_tail_is_caught_by_the_anchor_and_the_verify_command(migrated_url, tmp_path):
    anchor = tmp_path / "anchor.log"
    write_rows(migrated_url, 3)
    assert cli(migrated_url, anchor, "anchor").returncode == 0
    write_rows(migrated_url, 2)
    assert cli(migrated_url, anchor, "anchor").returncode == 0
    assert len(anchor.read_text().splitlines()) == 2
    ok = cli(migrated_url, anchor, "verify")
    assert ok.returncode == 0 and "intact" in ok.stdout
    lift_guard(migrated_url)
    with write_session(migrated_url) as s:  # the last two rows go: what is left is a perfectly valid chain
        s.execute(text("DELETE FROM audit_log WHERE id > 3"))
    with read_session(migrated_url) as s:
        assert accounts.verify_audit_chain(s) is None  # the chain alone cannot see it...
    bad = cli(migrated_url, anchor, "verify")
    assert bad.returncode == 1 and "row 5" in bad.stdout and "missing" in bad.stdout  # ...the anchor does


def test_an_edit_with_the_chain_recomputed_is_caught(migrated_url, tmp_path):
    anchor = tmp_path / "anchor.log"
    write_rows(migrated_url, 4)
    with read_session(migrated_url) as s:
        accounts.anchor_head(s, anchor)
    lift_guard(migrated_url)
    with write_session(migrated_url) as s:
        s.execute(text("UPDATE audit_log SET result = 'denied' WHERE id = 2"))
    with read_session(migrated_url) as s:
        assert accounts.verify_audit_chain(s) == 2  # an edit breaks the keyed chain

    def recompute(key: bytes | None) -> None:
        """Rewrite every hash from row 1 on, with plain SHA-256 (the old scheme) or with HMAC under `key`."""
        with write_session(migrated_url) as s:
            prev = accounts.GENESIS
            for row in s.scalars(select(AuditLog).order_by(AuditLog.id)).all():
                body = json.dumps(accounts._fields(row), sort_keys=True, ensure_ascii=False, default=str)
                if key is None:
                    digest = hashlib.sha256((prev + body).encode()).hexdigest()
                else:
                    digest = accounts._digest(prev, accounts._fields(row), key)
                s.execute(
                    text("UPDATE audit_log SET prev_hash=:p, hash=:h WHERE id=:i"),
                    {"p": prev, "h": digest, "i": row.id},
                )
                prev = digest

    recompute(None)  # without the key: the chain no longer verifies
    with read_session(migrated_url) as s:
        assert accounts.verify_audit_chain(s) == 1
        assert not accounts.verify_audit(s, anchor).ok
    recompute(accounts.audit_key())  # even with the key (a stolen settings file): the anchor outside disagrees
    with read_session(migrated_url) as s:
        assert accounts.verify_audit_chain(s) is None
        verdict = accounts.verify_audit(s, anchor)
    assert not verdict.ok and any("rewritten" in p for p in verdict.problems)


def test_the_anchor_file_is_appended_only_when_the_head_moves_and_its_lines_are_signed(migrated_url, tmp_path):
    anchor = tmp_path / "anchor.log"
    with read_session(migrated_url) as s:
        assert accounts.anchor_head(s, anchor) is None  # an empty log has no head
    write_rows(migrated_url, 1)
    with read_session(migrated_url) as s:
        first = accounts.anchor_head(s, anchor)
        assert accounts.anchor_head(s, anchor) is None  # unchanged head: no new line
    forged = dict(first, id=1, hash="f" * 64)
    with anchor.open("a") as f:
        f.write(json.dumps(forged) + "\n")
    with read_session(migrated_url) as s:
        verdict = accounts.verify_audit(s, anchor)
    assert not verdict.ok and any("not signed" in p for p in verdict.problems)


def test_migration_0025_rekeys_an_older_sha256_chain(db_url):
    """An older database's chain (plain SHA-256) verifies under the key after the upgrade; the lockout column exists."""
    from alembic import command

    from data_access.schema import alembic_config, migrate

    command.upgrade(alembic_config(db_url), "0015")
    prev = accounts.GENESIS
    with write_session(db_url) as s:
        for i in range(3):
            fields = dict(at=T0.replace(minute=i), username="li", role="officer", action="dispatch", object=f"T-{i}",
                          result="ok", ip="-", request_id="-", detail="")  # fmt: skip
            body = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
            digest = hashlib.sha256((prev + body).encode()).hexdigest()
            s.execute(AuditLog.__table__.insert().values(**fields, prev_hash=prev, hash=digest))
            prev = digest
    migrate(db_url)
    with read_session(db_url) as s:
        assert accounts.verify_audit_chain(s) is None and audit_rows(db_url) == 3
    write_rows(db_url, 1)  # the chain goes on from the re-keyed head
    with read_session(db_url) as s:
        assert accounts.verify_audit_chain(s) is None
