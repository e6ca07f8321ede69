"""Drives the feeds: backfill (history, fast) and live (real time or faster, resumable after a kill)."""

from __future__ import annotations

import heapq
import itertools
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.errors import WriteError
from data_access.kpi import event_span
from data_access.writes import apply
from simulators import community, village, water
from simulators.city import check_seed
from simulators.common import LOCAL, day_start_utc, days
from simulators.feeds import cases, convenience, emergency, hotline, sensors, shops, syncs, video

log = logging.getLogger("simulators")
TICKET_FEEDS = ("hotline", "cases")
ALL_FEEDS = ("hotline", "cases", "video", "shops", "emergency", "syncs", "convenience", "water", "community", "village")
LIFECYCLE_LOOKBACK = timedelta(days=40)
SHORT_LOOKBACK = timedelta(days=1)
READING_EVERY_BACKFILL, READING_EVERY_LIVE = timedelta(hours=1), timedelta(seconds=30)
PRIORITY = {ev.AlertRaised: 0, ev.TicketCreated: 1, ev.TicketAction: 2, ev.AlertReviewed: 3}
APPLY_CHUNK = 5000


def hour_events(seed: int, local_hour: datetime, scale: float, feeds: Iterable[str] = ALL_FEEDS) -> list:
    """Everything that starts in one local hour, for the chosen feeds (pure)."""
    feeds = set(feeds)
    out: list = []
    if "hotline" in feeds:
        out += hotline.generate(seed, local_hour, scale)
    if "cases" in feeds:
        out += cases.generate(seed, local_hour, scale)
    if "video" in feeds:
        out += video.generate(seed, local_hour, scale)
    if "shops" in feeds:
        out += shops.generate(seed, local_hour, scale)
    if "convenience" in feeds:
        out += convenience.generate(seed, local_hour, scale)
    if local_hour.hour == 0:
        if "emergency" in feeds:
            out += emergency.generate(seed, local_hour, scale)
        if "syncs" in feeds:
            out += syncs.generate(seed, local_hour.date())
        if "water" in feeds:  # the bursts and leaks injected that day (ground truth)
            out += water.truth_events(seed, local_hour.date())
        if "community" in feeds:  # the watched elderly's signs of life, and the checks their silences raise
            out += community.generate(seed, local_hour.date())
        if "village" in feeds:  # the canal water each village draws that day (in an irrigation season)
            out += village.irrigation(seed, local_hour.date())
    return out


@dataclass
class Queue:
    """Pending events ordered by time (ties: alert, ticket creation, actions, reviews)."""

    heap: list = field(default_factory=list)
    seq: itertools.count = field(default_factory=itertools.count)

    def push(self, events: Iterable) -> None:
        for e in events:
            heapq.heappush(self.heap, (e.at, PRIORITY.get(type(e), 4), next(self.seq), e))

    def pop_until(self, cutoff: datetime) -> list:
        """Events with at < cutoff, in order."""
        out = []
        while self.heap and self.heap[0][0] < cutoff:
            out.append(heapq.heappop(self.heap)[3])
        return out


@dataclass
class Stats:
    applied: int = 0
    skipped: int = 0
    dropped: int = 0
    seconds: float = 0.0

    def add(self, applied: int, skipped: int, dropped: int = 0) -> None:
        self.applied, self.skipped, self.dropped = (
            self.applied + applied,
            self.skipped + skipped,
            self.dropped + dropped,
        )


def write(url: str, events: list, stats: Stats) -> None:
    """Apply events in order; a batch that fails (e.g. an officer moved a ticket) is retried one by one."""
    for i in range(0, len(events), APPLY_CHUNK):
        part = events[i : i + APPLY_CHUNK]
        try:
            with write_session(url) as s:
                r = apply(s, part)
            stats.add(r.applied, r.skipped)
        except WriteError:
            for e in part:
                try:
                    with write_session(url) as s:
                        r = apply(s, [e])
                    stats.add(r.applied, r.skipped)
                except WriteError as exc:
                    stats.add(0, 0, 1)
                    log.debug("dropped %s: %s", getattr(e, "event_id", e), exc)


def _capped(events: list, until: datetime | None) -> list:
    return events if until is None else [e for e in events if e.at <= until]


def backfill(
    url: str,
    start: date,
    end: date,
    *,
    seed: int = 1,
    scale: float = 1.0,
    settle: date | None = None,
    feeds: Iterable[str] = ALL_FEEDS,
    readings_days: int = 14,
    until: datetime | None = None,
    water_days: int = 91,
) -> Stats:
    """Simulate arrivals on local days start..end and run their lifecycles until the end of `settle`.

    `until` (UTC) caps what is written: nothing after it (a recent backfill never writes the future; the live
    simulator writes the rest when it becomes due, with the same event ids). SeedMismatch when the database's
    static city was built with another seed. Zone inflow (the water feed) is written for the last `water_days`
    days, so that its burst detector has the 12 weeks of history its forecast needs.
    """
    check_seed(url, seed)
    t0 = time.perf_counter()
    settle = settle or end + timedelta(days=57)  # the seed: H1 ends 06-30, reported 08-26
    feeds = tuple(feeds)
    q, stats = Queue(), Stats()
    if "water" in feeds and readings_days:  # zone inflow `water_days` back from the end (before `start` too)
        for day in days(end - timedelta(days=water_days - 1), end):
            if day < start:
                q.push(water.truth_events(seed, day))
            if (end - day).days >= readings_days:
                q.push(water.flows(seed, day_start_utc(day), day_start_utc(day + timedelta(days=1))))
    if "village" in feeds and readings_days:  # the irrigation seasons of the last 240 days (the page compares them)
        for day in days(end - timedelta(days=240), start - timedelta(days=1)):
            q.push(village.irrigation(seed, day))
    for day in days(start, end):
        base = datetime(day.year, day.month, day.day)
        for h in range(24):
            q.push(hour_events(seed, base + timedelta(hours=h), scale, feeds))
        if readings_days and (end - day).days < readings_days:
            q.push(
                sensors.generate(
                    seed, day_start_utc(day), day_start_utc(day + timedelta(days=1)), READING_EVERY_BACKFILL
                )
            )
        write(url, _capped(q.pop_until(day_start_utc(day + timedelta(days=1))), until), stats)
    for day in days(end + timedelta(days=1), settle):
        write(url, _capped(q.pop_until(day_start_utc(day + timedelta(days=1))), until), stats)
    stats.seconds = time.perf_counter() - t0
    return stats


def _floor_hour(at_utc: datetime) -> datetime:
    """The local hour containing UTC `at_utc`, as a naive local datetime."""
    return (at_utc + LOCAL).replace(minute=0, second=0, microsecond=0)


class Live:
    """The live simulator's state: a clock, the queue of pending events and the last hour generated."""

    def __init__(
        self,
        url: str,
        *,
        seed: int = 1,
        scale: float = 1.0,
        speed: float = 1.0,
        start: datetime | None = None,
        clock: Callable[[], datetime] | None = None,
    ):
        check_seed(url, seed)  # SeedMismatch: the feeds would refer to another city's cells and cameras
        self.url, self.seed, self.scale = url, seed, scale
        with read_session(url) as s:
            first, last = event_span(s)
        if start is not None:
            anchor = max(start, last) if last else start
        else:
            anchor = datetime.utcnow()
            anchor = max(anchor, last) if last and speed != 1.0 else anchor
        real0 = time.monotonic()
        self.clock = clock or (lambda: anchor + timedelta(seconds=(time.monotonic() - real0) * speed))
        now = self.clock()
        origin = first if first is not None else anchor
        self.queue, self.stats = Queue(), Stats()
        hour = _floor_hour(max(origin, now - LIFECYCLE_LOOKBACK))
        self.reading_mark = max(origin, now - timedelta(hours=1))
        self.next_hour = hour
        self._generate_until(now)

    def _generate_until(self, now: datetime) -> None:
        current = _floor_hour(now)
        while self.next_hour <= current:
            recent = self.next_hour - LOCAL >= now - SHORT_LOOKBACK
            self.queue.push(hour_events(self.seed, self.next_hour, self.scale, ALL_FEEDS if recent else TICKET_FEEDS))
            self.next_hour += timedelta(hours=1)

    def step(self, until: datetime | None = None) -> datetime:
        """Generate what became due, write it in order; returns the simulated time written up to."""
        now = self.clock() if until is None else min(self.clock(), until)
        self._generate_until(now)
        due = self.queue.pop_until(now)
        if now > self.reading_mark:
            due += sensors.generate(self.seed, self.reading_mark, now, READING_EVERY_LIVE)
        due.append(ev.FeedHeartbeat("simulator", now))  # why: "the feed is alive" even when nothing new happened
        write(self.url, due, self.stats)
        self.reading_mark = max(self.reading_mark, now)
        return now


def live(
    url: str,
    *,
    seed: int = 1,
    speed: float = 1.0,
    scale: float = 1.0,
    tick: float = 3.0,
    start: datetime | None = None,
    until: datetime | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Stats:
    """Write due events every `tick` seconds until `until` (simulated UTC) or forever."""
    sim = Live(url, seed=seed, scale=scale, speed=speed, start=start, clock=clock)
    while True:
        now = sim.step(until)
        log.info(
            "sim %s applied=%d skipped=%d", now.isoformat(timespec="seconds"), sim.stats.applied, sim.stats.skipped
        )
        if until is not None and now >= until:
            return sim.stats
        time.sleep(tick)
