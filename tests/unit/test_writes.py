"""The write API: idempotent, rollups match raw rows, state machine and version checks change nothing on error."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.errors import InvalidTransition, VersionConflict, WriteError
from data_access.lifecycle import EFFECTS, LIFECYCLES
from data_access.models import DailyCounter, EventLog, Gauge, SupervisionMessage, Ticket, TicketEvent
from data_access.writes import apply
from tests.factories import new_ticket

T0 = datetime(2024, 3, 4, 2, 0)  # a Monday, 10:00 in Lingwu


def counts(url: str) -> dict:
    with read_session(url) as s:
        return {
            "tickets": s.scalar(select(func.count()).select_from(Ticket)),
            "events": s.scalar(select(func.count()).select_from(TicketEvent)),
            "log": s.scalar(select(func.count()).select_from(EventLog)),
            "counters": s.scalar(select(func.sum(DailyCounter.n))),
            "gauge": s.scalar(select(func.sum(Gauge.n))),
        }


def lifecycle(no: str, dept: int) -> list:
    at = T0
    steps = [("dispatch", 10), ("sign", 60), ("reply", 600), ("close", 30)]
    out = [new_ticket(no, at)]
    for i, (action, minutes) in enumerate(steps):
        at += timedelta(minutes=minutes)
        out.append(
            ev.TicketAction(
                event_id=f"{no}-{i}",
                ticket_no=no,
                action=action,
                at=at,
                department_id=dept if action == "dispatch" else None,
            )
        )
    out.append(
        ev.TicketAction(
            event_id=f"{no}-cb", ticket_no=no, action="callback", at=at + timedelta(days=1), satisfaction="satisfied"
        )
    )
    return out


def test_every_effect_belongs_to_an_action_of_a_lifecycle():
    # a misspelt key would leave its action changing only the status: no deadline, no counter
    actions = {a for machine in LIFECYCLES.values() for a in machine}
    assert set(EFFECTS) == actions  # extend_reject too: it drops the days a pending request asked for


def test_replaying_events_changes_nothing(city_url):
    batch = lifecycle("T-1", 1) + lifecycle("T-2", 2)
    with write_session(city_url) as s:
        first = apply(s, batch)
    before = counts(city_url)
    with write_session(city_url) as s:
        again = apply(s, list(reversed(batch)) + batch)
    assert first.applied == len(batch) and first.skipped == 0
    assert again.applied == 0 and again.skipped == 2 * len(batch)
    assert counts(city_url) == before


def test_rollups_agree_with_raw_rows(city_url):
    with write_session(city_url) as s:
        apply(s, lifecycle("T-1", 1) + lifecycle("T-2", 2) + [new_ticket("T-3", T0)])
    with read_session(city_url) as s:
        metric = dict(
            s.execute(
                select(DailyCounter.metric, func.sum(DailyCounter.n))
                .where(DailyCounter.subject == "hotline")
                .group_by(DailyCounter.metric)
            ).all()
        )
        gauge = dict(
            s.execute(select(Gauge.key, func.sum(Gauge.n)).where(Gauge.subject == "hotline").group_by(Gauge.key)).all()
        )
        statuses = dict(s.execute(select(Ticket.status, func.count()).group_by(Ticket.status)).all())
    assert metric["received"] == 3 and metric["closed"] == 2 and metric["satisfied"] == 2
    assert metric["signed_on_time"] == 2 and metric["closed_on_time"] == 2
    assert {k: v for k, v in gauge.items() if v} == statuses == {"rated": 2, "accepted": 1}


def test_invalid_transition_writes_nothing(city_url):
    with write_session(city_url) as s:
        apply(s, [new_ticket("T-1", T0)])
    before = counts(city_url)
    with pytest.raises(InvalidTransition), write_session(city_url) as s:
        apply(
            s,
            [
                new_ticket("T-2", T0),
                ev.TicketAction(event_id="bad", ticket_no="T-1", action="close", at=T0 + timedelta(hours=1)),
            ],
        )
    assert counts(city_url) == before


@pytest.mark.parametrize(
    "bad",
    [
        dict(action="dispatch", department_id=None),
        dict(action="return", note="   "),
        dict(action="no-such-action"),
    ],
)
def test_bad_actions_are_refused_with_a_reason(city_url, bad):
    with write_session(city_url) as s:
        apply(s, [new_ticket("T-1", T0)])
    before = counts(city_url)
    with pytest.raises(WriteError) as err, write_session(city_url) as s:
        apply(s, [ev.TicketAction(event_id="x", ticket_no="T-1", at=T0 + timedelta(hours=1), **bad)])
    assert str(err.value)
    assert counts(city_url) == before


def test_unknown_category_and_ticket_are_refused(city_url):
    with pytest.raises(WriteError, match="unknown category"), write_session(city_url) as s:
        apply(
            s,
            [
                ev.TicketCreated(
                    event_id="c",
                    ticket_no="X",
                    stream="hotline",
                    channel="phone",
                    category="nope",
                    summary="s",
                    content="c",
                    at=T0,
                )
            ],
        )
    with pytest.raises(WriteError, match="no ticket"), write_session(city_url) as s:
        apply(s, [ev.TicketAction(event_id="a", ticket_no="missing", action="sign", at=T0)])
    assert counts(city_url)["tickets"] == 0


def test_stale_version_loses_and_is_told(city_url):
    with write_session(city_url) as s:
        apply(s, [new_ticket("T-1", T0)])
    first = ev.TicketAction(
        event_id="o1",
        ticket_no="T-1",
        action="dispatch",
        at=T0 + timedelta(minutes=5),
        department_id=1,
        expected_version=1,
    )
    second = ev.TicketAction(
        event_id="o2",
        ticket_no="T-1",
        action="dispatch",
        at=T0 + timedelta(minutes=6),
        department_id=2,
        expected_version=1,
    )
    with write_session(city_url) as s:
        apply(s, [first])
    with pytest.raises((VersionConflict, InvalidTransition)), write_session(city_url) as s:
        apply(s, [second])
    with read_session(city_url) as s:
        t = s.scalars(select(Ticket)).one()
        assert (t.department_id, t.version, t.status) == (1, 2, "pending_sign")


def test_supervision_creates_a_message_for_the_department(city_url):
    at = T0 + timedelta(hours=2)
    with write_session(city_url) as s:
        apply(
            s,
            [
                *lifecycle("T-1", 3)[:2],
                ev.TicketAction("sv", "T-1", "supervise", at, reminder="overdue", note="已超期，请加快办理"),
                ev.TicketAction("sv2", "T-1", "supervise", at, actor="li", note="overdue: 市民再次来电"),
                ev.TicketAction("sv3", "T-1", "supervise", at, actor="li"),
            ],
        )
    with read_session(city_url) as s:
        msgs = s.execute(select(SupervisionMessage.kind, SupervisionMessage.department_id, SupervisionMessage.text))
        assert sorted(msgs) == [
            ("overdue", 3, "已超期，请加快办理"),  # the kind from the event, the text as written
            ("supervise", 3, "overdue: 市民再次来电"),  # what a person types is only text
            ("supervise", 3, "督办"),
        ]
        notes = s.scalars(select(TicketEvent.note).where(TicketEvent.action == "supervise").order_by(TicketEvent.id))
        assert list(notes) == ["已超期，请加快办理", "overdue: 市民再次来电", ""]


@pytest.mark.parametrize(
    "bad", [dict(action="supervise", reminder="soon"), dict(action="dispatch", department_id=3, reminder="sign")]
)
def test_a_reminder_is_one_of_its_kinds_on_a_supervise_action(city_url, bad):
    with write_session(city_url) as s:
        apply(s, lifecycle("T-1", 3)[:2])
    before = counts(city_url)
    with (
        pytest.raises(WriteError, match="a reminder is a supervise action of kind sign, near, overdue"),
        write_session(city_url) as s,
    ):
        apply(s, [ev.TicketAction(event_id="x", ticket_no="T-1", at=T0 + timedelta(hours=2), **bad)])
    assert counts(city_url) == before


def test_redo_after_dissatisfaction_reopens_with_a_new_deadline(city_url):
    events = [
        *lifecycle("T-1", 1)[:-1],
        ev.TicketAction(
            event_id="cb", ticket_no="T-1", action="callback", at=T0 + timedelta(days=1), satisfaction="dissatisfied"
        ),
        ev.TicketAction(event_id="redo", ticket_no="T-1", action="redo", at=T0 + timedelta(days=1, hours=1)),
    ]
    with write_session(city_url) as s:
        apply(s, events)
    with read_session(city_url) as s:
        t = s.scalars(select(Ticket)).one()
        assert t.status == "in_progress" and t.is_open and t.redo_count == 1 and t.closed_at is None
        assert t.due_at > T0 + timedelta(days=3)
