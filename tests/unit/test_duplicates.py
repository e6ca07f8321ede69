"""重复件 through the write API: a link row, the duplicate closed as merged (counted once), replays skipped, every
refusal (self, unknown, twice, cycle, ...) writing nothing; the drawer's read; the simulator's duplicates."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.errors import VersionConflict, WriteError
from data_access.hotline import stats as hotline_stats
from data_access.hotline.ticket import duplicate_links
from data_access.models import DailyCounter, DuplicateLink, EventLog, Gauge, Ticket, TicketEvent
from data_access.writes import apply
from simulators.feeds import hotline as sim
from tests.factories import new_ticket

T0 = datetime(2024, 3, 4, 2, 0)  # a Monday, 10:00 in Lingwu


def link(no: str, master: str, *, eid: str | None = None, minutes: int = 30, **kw) -> ev.DuplicateLinked:
    return ev.DuplicateLinked(eid or f"link-{no}-{master}", no, master, T0 + timedelta(minutes=minutes), **kw)


def state(url: str) -> dict:
    """Everything a write can touch, as comparable values."""
    with read_session(url) as s:
        return {
            "links": set(s.execute(select(DuplicateLink.ticket_id, DuplicateLink.other_id, DuplicateLink.kind))),
            "tickets": set(s.execute(select(Ticket.ticket_no, Ticket.status, Ticket.version, Ticket.is_open))),
            "events": s.scalar(select(func.count()).select_from(TicketEvent)),
            "log": s.scalar(select(func.count()).select_from(EventLog)),
            "counters": set(s.execute(select(DailyCounter.metric, DailyCounter.n))),
            "gauge": set(s.execute(select(Gauge.key, Gauge.n).where(Gauge.n != 0))),
        }


def metrics(url: str) -> dict[str, int]:
    with read_session(url) as s:
        q = select(DailyCounter.metric, func.sum(DailyCounter.n)).where(DailyCounter.subject == "hotline")
        return {m: int(n) for m, n in s.execute(q.group_by(DailyCounter.metric))}


def five(url: str, p: str = "") -> None:
    """Tickets A, B, C, D (accepted, hotline) and E (a city-management report), numbers prefixed with `p`."""
    with write_session(url) as s:
        apply(s, [new_ticket(p + no, T0 + timedelta(minutes=i), summary=f"小区停水 {no}，电话13900000001")
                  for i, no in enumerate("ABCD")] + [new_ticket(p + "E", T0, stream="cm")])  # fmt: skip


@pytest.fixture
def city(city_url):
    five(city_url)
    return city_url


def test_merge_writes_the_link_closes_the_duplicate_and_counts_it_once(city):
    with write_session(city) as s:
        r = apply(s, [link("B", "A", actor="officer", note="同一小区停水")])
    assert (r.applied, r.skipped) == (1, 0)
    with read_session(city) as s:
        ids = dict(s.execute(select(Ticket.ticket_no, Ticket.id)).all())
        assert s.execute(select(DuplicateLink.ticket_id, DuplicateLink.other_id, DuplicateLink.kind)).all() == [
            (ids["B"], ids["A"], "merged")
        ]
        b = s.scalars(select(Ticket).where(Ticket.ticket_no == "B")).one()
        a = s.scalars(select(Ticket).where(Ticket.ticket_no == "A")).one()
        assert (b.status, b.is_open, b.closed_at, b.version) == ("merged", False, T0 + timedelta(minutes=30), 2)
        assert (a.status, a.is_open, a.version) == ("accepted", True, 2)  # the master's timeline row bumps it
        rows = s.execute(select(TicketEvent.ticket_id, TicketEvent.action, TicketEvent.actor, TicketEvent.note)).all()
        assert (ids["B"], "merge", "officer", "同一小区停水") in rows
        assert (ids["A"], "merged_in", "officer", "重复件 B 并入本单") in rows
    m = metrics(city)
    assert (m["received"], m["merged"], m.get("closed", 0)) == (4, 1, 0)  # the citizen's request stays received
    with read_session(city) as s:
        gauge = dict(s.execute(select(Gauge.key, func.sum(Gauge.n)).where(Gauge.subject == "hotline")
                               .group_by(Gauge.key)).all())  # fmt: skip
        assert {k: v for k, v in gauge.items() if v} == {"accepted": 3, "merged": 1}
        total = hotline_stats.assessment(s, T0.date(), T0.date()).set_index("code").loc["TOTAL"]
        assert (total["received"], total["merged"]) == (4, 1)


def test_replaying_a_link_changes_nothing(city):
    with write_session(city) as s:
        apply(s, [link("B", "A")])
    before = state(city)
    with write_session(city) as s:
        r = apply(s, [link("B", "A"), link("B", "A")])
    assert (r.applied, r.skipped) == (0, 2)
    assert state(city) == before


def test_the_master_and_the_duplicate_can_arrive_in_the_same_batch(city):
    with write_session(city) as s:
        apply(s, [new_ticket("N1", T0), new_ticket("N2", T0 + timedelta(minutes=5)), link("N2", "N1")])
    with read_session(city) as s:
        assert duplicate_links(s, "N1", role="officer")["ticket_no"].tolist() == ["N2"]
        assert s.scalar(select(Ticket.status).where(Ticket.ticket_no == "N2")) == "merged"


REFUSALS = {  # (links written first, the refused link, its message); a link is (duplicate, master, link() keywords)
    "itself": ([], ("A", "A", {}), "itself"),
    "unknown master": ([], ("B", "NOPE", {}), "to link to"),
    "unknown duplicate": ([], ("NOPE", "A", {}), "no ticket"),
    "twice, same master": ([("B", "A", {})], ("B", "A", {"eid": "again"}), "already a duplicate"),
    "twice, another master": ([("B", "A", {})], ("B", "C", {}), "already a duplicate"),
    "a cycle of two": ([("B", "A", {})], ("A", "B", {}), "cycle"),
    "a cycle of three": ([("B", "A", {}), ("A", "C", {"minutes": 40})], ("C", "B", {"minutes": 50}), "cycle"),
    "the master is itself a duplicate": ([("B", "A", {})], ("C", "B", {}), "is itself a duplicate"),
    "another stream": ([], ("E", "A", {}), "same stream"),
    "before the master existed": ([], ("B", "A", {"minutes": -60}), "did not exist yet"),
    "someone else moved the ticket": ([], ("B", "A", {"expected_version": 7}), "changed by someone else"),
    "no room for the master's timeline row id": ([], ("B", "A", {"eid": "x" * 60}), "event id"),
}


def test_refusals_raise_and_write_nothing(city_url):

    def mk(p: str, spec: tuple) -> ev.DuplicateLinked:
        dup, master, kw = spec
        kw = {**kw, "eid": p + kw["eid"]} if "eid" in kw else kw
        return link(p + dup, p + master, **kw)

    for i, (case, (setup, bad, message)) in enumerate(REFUSALS.items()):
        p = f"R{i}-"
        five(city_url, p)
        with write_session(city_url) as s:
            apply(s, [mk(p, x) for x in setup])
        before = state(city_url)
        with pytest.raises(WriteError, match=message), write_session(city_url) as s:
            apply(s, [mk(p, ("D", "C", {"eid": "ok-in-the-same-batch"})), mk(p, bad)])
        assert state(city_url) == before, case
    with pytest.raises(WriteError, match="DuplicateLinked"), write_session(city_url) as s:
        apply(s, [ev.TicketAction("plain-merge", "R0-B", "merge", T0 + timedelta(minutes=30))])
    assert state(city_url) == before


def test_a_dispatched_ticket_is_not_merged_and_a_stale_version_conflicts(city):
    with write_session(city) as s:
        apply(s, [ev.TicketAction("d-1", "B", "dispatch", T0 + timedelta(minutes=10), department_id=23)])
    before = state(city)
    with pytest.raises(WriteError, match="merge is not allowed"), write_session(city) as s:
        apply(s, [link("B", "A")])
    with pytest.raises(VersionConflict), write_session(city) as s:
        apply(s, [link("C", "A", expected_version=2)])
    assert state(city) == before


def test_the_drawer_read_shows_both_ends_and_scrubs_by_role(city):
    with write_session(city) as s:
        apply(s, [link("B", "A"), link("C", "A", minutes=35)])
    with read_session(city) as s:
        master = duplicate_links(s, "A", role="officer")
        dup = duplicate_links(s, "B", role="auditor")
        public = duplicate_links(s, "B", role="visitor")
        none = duplicate_links(s, "D", role="officer")
        missing = duplicate_links(s, "NOPE", role="officer")
    assert master[["relation", "ticket_no", "status"]].values.tolist() == [
        ["duplicate", "B", "merged"],
        ["duplicate", "C", "merged"],
    ]
    assert dup[["relation", "ticket_no", "status"]].values.tolist() == [["master", "A", "accepted"]]
    assert "13900000001" not in dup.at[0, "summary"] and "小区停水" in dup.at[0, "summary"]
    assert public.empty  # a merge often links one caller's tickets: never for wall, visitor or anonymous
    assert none.empty and missing.empty and list(none.columns) == list(master.columns)


def test_the_simulator_repeats_requests_in_the_hour_and_links_most_deterministically():
    hours = [datetime(2024, 3, 4) + timedelta(hours=h) for h in range(24 * 14)]
    events = [e for h in hours for e in sim.generate(7, h)]
    assert events == [e for h in hours for e in sim.generate(7, h)]
    created = {e.ticket_no: e for e in events if isinstance(e, ev.TicketCreated)}
    links = [e for e in events if isinstance(e, ev.DuplicateLinked)]
    assert 0.005 < len(links) / len(created) < 0.05, (len(links), len(created))
    for e in links:
        dup, master = created[e.ticket_no], created[e.duplicate_of]
        assert (dup.category, dup.area_code, dup.town_code) == (master.category, master.area_code, master.town_code)
        assert master.at < dup.at < e.at < dup.at + timedelta(hours=1)
        assert abs(dup.lat - master.lat) < 1e-3 and dup.channel != "weibo"
        assert not any(isinstance(x, ev.TicketAction) and x.ticket_no == e.ticket_no for x in events)
    assert len({e.duplicate_of for e in links} & {e.ticket_no for e in links}) == 0  # masters are never duplicates
