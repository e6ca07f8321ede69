"""满意率 per request on its final rating: a redone request called back again counts once, with its new rating, in
every satisfaction read; each callback keeps its own rating in the timeline; migration 0015 rebuilds the counters
of a database written before."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from alembic import command
from sqlalchemy import func, select

from data_access import events as ev
from data_access import kpi, queries
from data_access.db import dispose, read_session, write_session
from data_access.hotline import stats as hs
from data_access.models import DailyCategory, DailyCounter, TicketEvent
from data_access.schema import alembic_config, migrate
from data_access.writes import apply
from tests.factories import new_ticket

T0 = datetime(2024, 3, 4, 1, 0)  # Monday 09:00 local
DAY1, DAY3 = date(2024, 3, 5), date(2024, 3, 6)  # the first and the second callback


def act(no: str, k: int, action: str, at: datetime, **kw) -> ev.TicketAction:
    return ev.TicketAction(f"{no}-{k}", no, action, at, **kw)


def redone(no: str, second: str | None) -> list:
    """A request rated dissatisfied on Tuesday (DAY1), redone, closed again and (if `second`) rated again on Wednesday."""
    h = timedelta(hours=1)
    out = [
        new_ticket(no, T0),
        act(no, 1, "dispatch", T0 + h, department_id=3),
        act(no, 2, "sign", T0 + 2 * h),
        act(no, 3, "reply", T0 + 5 * h),
        act(no, 4, "close", T0 + 6 * h),
        act(no, 5, "callback", T0 + 24 * h, satisfaction="dissatisfied"),
        act(no, 6, "redo", T0 + 25 * h),
        act(no, 7, "reply", T0 + 40 * h),
        act(no, 8, "close", T0 + 42 * h),
    ]
    if second:
        out.append(act(no, 9, "callback", T0 + 48 * h, satisfaction=second))
    return out


def rated(s) -> dict:
    rows = s.execute(
        select(DailyCounter.day, DailyCounter.metric, func.sum(DailyCounter.n))
        .where(DailyCounter.metric.in_(("satisfied", "basic", "dissatisfied", "callback")))
        .group_by(DailyCounter.day, DailyCounter.metric)
    )
    return {(d, m): int(n) for d, m, n in rows if n}


def test_a_redone_request_counts_once_on_its_final_rating_everywhere(city_url):
    with write_session(city_url) as s:
        apply(s, [*redone("R-1", "satisfied"), *redone("R-2", None)])
    with read_session(city_url) as s:
        # rated again (its day-1 dissatisfaction is taken back); R-2: never reached again, stays dissatisfied
        assert rated(s) == {
            (DAY1, "callback"): 2,
            (DAY1, "dissatisfied"): 1,
            (DAY3, "callback"): 1,
            (DAY3, "satisfied"): 1,
        }
        totals = kpi.stream_totals(s, "hotline", DAY1 - timedelta(days=1), DAY3)
        assert totals.callbacks == 3 and totals.satisfaction_rate == 0.5
        assert queries.satisfaction(s, start=DAY1, end=DAY3).iloc[0]["rate"] == 0.5
        a = hs.assessment(s, DAY1 - timedelta(days=1), DAY3)
        assert a[a["code"] == "TOTAL"].iloc[0]["satisfaction_rate"] == 0.5
        timeline = s.execute(
            select(TicketEvent.satisfaction).where(TicketEvent.action == "callback").order_by(TicketEvent.id)
        )
        assert [r for (r,) in timeline] == ["dissatisfied", "satisfied", "dissatisfied"]  # R-1 twice, then R-2
        by_cat = s.scalar(select(func.sum(DailyCategory.n)).where(DailyCategory.metric == "dissatisfied"))
        assert by_cat == 1


def test_migration_rebuilds_the_ratings_of_an_older_database(city_url):
    with write_session(city_url) as s:
        apply(s, redone("R-1", "satisfied"))
    with read_session(city_url) as s:
        want = rated(s)
    dispose(city_url)
    command.downgrade(alembic_config(city_url), "0008")  # before: counters per callback, no rating in the timeline
    with write_session(city_url) as s:  # what the write API of then had counted: the superseded rating too
        s.execute(
            DailyCounter.__table__.update()
            .where(DailyCounter.day == DAY1, DailyCounter.metric == "callback")
            .values(metric="dissatisfied")
        )
        s.add(
            DailyCounter(
                day=DAY1, subject="hotline", channel="phone", category="H0201", department_id=3, area_code="",
                metric="callback", n=1,
            )
        )  # fmt: skip
    dispose(city_url)
    migrate(city_url)
    with read_session(city_url) as s:
        assert rated(s) == want
        last = s.execute(
            select(TicketEvent.satisfaction).where(TicketEvent.action == "callback").order_by(TicketEvent.id)
        )
        assert [r for (r,) in last] == [None, "satisfied"]  # the earlier rating was never stored
