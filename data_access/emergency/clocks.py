"""Reporting clocks (domain.md §5): the first report to the county within 1 h of 接报, each step up the chain
(city, region, state, as far as the level requires) within 2 h of the step below, and 续报 on a cadence (every
24 h for III/IV, 12 h for I/II) until the incident closes. Pure: the timeline in, the clocks out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from data_access.emergency import catalog as C

STATES = ("done", "late", "running", "amber", "overdue", "waiting")


@dataclass(frozen=True)
class Step:
    """A timeline row as the clocks read it."""

    kind: str
    at: datetime
    level: int | None = None
    target: str | None = None


@dataclass(frozen=True)
class Clock:
    key: str  # county | city | region | state | followup
    starts: datetime | None  # None: waiting for the step below
    due: datetime | None
    filed_at: datetime | None
    state: str

    def seconds_left(self, now: datetime) -> float | None:
        return None if self.due is None or self.filed_at is not None else (self.due - now).total_seconds()


def _state(starts: datetime | None, due: datetime | None, filed: datetime | None, now: datetime) -> str:
    if starts is None or due is None:
        return "waiting"
    if filed is not None:
        return "done" if filed <= due else "late"
    left = due - now
    if left < timedelta(0):
        return "overdue"
    return "amber" if left <= min(C.AMBER_AT, (due - starts) / 3) else "running"


def clocks(started_at: datetime, level: int, steps: Iterable[Step], now: datetime, closed_at: datetime | None = None):
    """Every clock of one incident at `now` (a closed incident's clocks stop at its close)."""
    steps = sorted(steps, key=lambda s: s.at)
    until = min(now, closed_at) if closed_at else now
    filed: dict[str, datetime] = {}
    for s in steps:
        if s.kind == "report_up" and s.target and s.target not in filed:
            filed[s.target] = s.at
    # when each step up became required: the first moment the level reached its threshold
    top, required = level, {"county": started_at}
    levels = [(s.at, s.level) for s in steps if s.level is not None] or [(started_at, level)]
    for at, lv in sorted(levels):
        top = min(top, lv)
        depth = C.CHAIN_FOR_LEVEL[lv]
        for target in C.CHAIN[:depth]:
            required.setdefault(target, at)
    depth = C.CHAIN_FOR_LEVEL[top]
    out: list[Clock] = []
    below: datetime | None = None
    for k, target in enumerate(C.CHAIN):
        if k >= depth and target not in filed:
            break
        if k == 0:
            starts: datetime | None = started_at
            due: datetime | None = started_at + C.FIRST_REPORT
        else:
            starts = max(below, required.get(target, below)) if below is not None else None
            due = starts + C.STEP_UP if starts is not None else None
        out.append(Clock(target, starts, due, filed.get(target), _state(starts, due, filed.get(target), until)))
        below = filed.get(target)
    if "county" in filed and closed_at is None:
        last = max([filed["county"], *(s.at for s in steps if s.kind == "followup")])
        cadence = C.FOLLOWUP[min(top, level)]
        out.append(Clock("followup", last, last + cadence, None, _state(last, last + cadence, None, until)))
    return out


def worst(clock_list: list[Clock]) -> str:
    """The state to show for an incident: overdue > amber > running > waiting > late > done."""
    order = ("overdue", "amber", "running", "waiting", "late", "done")
    states = {c.state for c in clock_list}
    return next((s for s in order if s in states), "done")


def next_due(clock_list: list[Clock]) -> datetime | None:
    running = [c.due for c in clock_list if c.filed_at is None and c.due is not None]
    return min(running) if running else None
