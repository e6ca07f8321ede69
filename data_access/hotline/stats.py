"""Hotline statistics from rollups: today's numbers, the department assessment, the daily supervision
summary and hotspot early warnings (spikes by category x town against their own baseline).

Definitions (used by the page, the published report and the tests):
- assigned = dispatched - returned (orders that stayed with the department)
- 按时签收率 = signed_on_time / signed;  按时办结率 = closed_on_time / closed, where on time means the department's
  answer (回复, 处置反馈) came by the (extended) deadline, whenever the centre then closed it
- 办结率 = first closes / assigned, capped at 1. A 12345 request closes again after each 退回重办, so its first
  closes are closed - redone; a 数字城管 case is reworked (返工) before it is closed, once: its first closes are
  its closes (reworks are never subtracted)
- 退回率 = returned / dispatched;  重办率 = redone / first closes (数字城管: 返工率, reworks / closes)
- 回访率 = callbacks / closed (capped at 1)
- 满意率 (the report's satisfaction rate) = requests whose final rating is 满意 or 基本满意 / requests rated.
  Per request, on its final rating: a redone request called back again counts once, with its new rating; a
  request never reached on callback is not rated. The satisfied / basic / dissatisfied counters hold exactly
  these final ratings (the write API takes back a superseded one), counted on the day the rating was given, so
  a window rates the requests whose final rating fell in it. Other readings, for comparison (they are not the
  report's): every callback as a rating (the redone request's first, dissatisfied, rating counted again: lower),
  or each request's first rating (before any redo: lower still); ticket_event keeps each callback's rating, so
  both can be computed from the timeline (tests/unit/test_calibration.py prints them).
- 重复件 (merged) count as received, never as closed (their master closes); the TOTAL 办结率 is over distinct
  requests: first closes / (received - merged); for 数字城管 over registered cases (立案; a report found untrue
  is cancelled, not closed)
Returns are counted from the lifecycle log (the returning department), everything else from daily_counter.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.kpi import OPEN_STATUSES
from data_access.models import Category, DailyCounter, Department, Gauge, GridArea, Ticket, TicketEvent
from data_access.worktime import LOCAL, local_day

METRICS = (
    "received",
    "dispatched",
    "signed",
    "signed_on_time",
    "closed",
    "closed_on_time",
    "redone",
    "callback",
    "satisfied",
    "basic",
    "dissatisfied",
    "supervised",
    "merged",
    "registered",
)
RATES = (
    "sign_on_time_rate",
    "close_on_time_rate",
    "closure_rate",
    "satisfaction_rate",
    "return_rate",
    "redo_rate",
    "callback_rate",
)
WEIGHTS = {  # the composite score behind the ranking (higher is better; 退回/重办 count inverted)
    "sign_on_time_rate": 0.20,
    "close_on_time_rate": 0.25,
    "closure_rate": 0.10,
    "satisfaction_rate": 0.30,
    "return_rate": 0.05,
    "redo_rate": 0.05,
    "callback_rate": 0.05,
}
ASSESSMENT_COLUMNS = ["rank", "department_id", "code", "name", *METRICS, "returned", "assigned", *RATES, "score"]


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """UTC [from, to) of local days start..end."""
    a = datetime(start.year, start.month, start.day) - LOCAL
    b = datetime(end.year, end.month, end.day) - LOCAL + timedelta(days=1)
    return a, b


def today_numbers(session: Session, now: datetime, stream: str = "hotline") -> dict[str, float]:
    """received, dispatched, signed, signed_on_time, closed, callback, satisfied+basic today; open and overdue now."""
    day = local_day(now)
    rows = session.execute(
        select(DailyCounter.metric, func.sum(DailyCounter.n))
        .where(DailyCounter.day == day, DailyCounter.subject == stream, DailyCounter.metric.in_(METRICS))
        .group_by(DailyCounter.metric)
    ).all()
    out: dict[str, float] = dict.fromkeys(METRICS, 0)
    out.update({m: int(n or 0) for m, n in rows})
    out["open"] = int(
        session.scalar(
            select(func.coalesce(func.sum(Gauge.n), 0)).where(
                Gauge.subject == stream, Gauge.key.in_(OPEN_STATUSES[stream])
            )
        )
        or 0
    )
    out["overdue"] = int(
        session.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.is_open.is_(True), Ticket.due_at < now, Ticket.stream == stream)
        )
        or 0
    )
    return out


def _rate(num: float, den: float) -> float:
    return num / den if den else math.nan


def assessment(
    session: Session, start: date, end: date, *, stream: str = "hotline", min_assigned: int = 1
) -> pd.DataFrame:
    """The department assessment over local days start..end (ASSESSMENT_COLUMNS), best first.

    Rates are 0..1 (NaN when there is nothing to rate); departments with fewer than `min_assigned`
    orders are left out of the ranking (rank NaN) but kept in the table. A last row (code "TOTAL")
    holds the totals of the whole stream, including requests answered directly by the centre.
    """
    dc = DailyCounter
    rows = session.execute(
        select(dc.department_id, dc.metric, func.sum(dc.n))
        .where(dc.subject == stream, dc.day >= start, dc.day <= end, dc.metric.in_(METRICS))
        .group_by(dc.department_id, dc.metric)
    ).all()
    lo, hi = _day_bounds(start, end)
    returned = dict(
        session.execute(
            select(TicketEvent.department_id, func.count())
            .join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .where(TicketEvent.action == "return", TicketEvent.at >= lo, TicketEvent.at < hi, Ticket.stream == stream)
            .group_by(TicketEvent.department_id)
        ).all()
    )
    depts = {i: (c, n) for i, c, n in session.execute(select(Department.id, Department.code, Department.name))}
    counts: dict[int, dict[str, int]] = {}
    for dept, metric, n in rows:
        counts.setdefault(int(dept or 0), dict.fromkeys(METRICS, 0))[metric] = int(n or 0)
    for dept_id in returned:
        counts.setdefault(int(dept_id or 0), dict.fromkeys(METRICS, 0))
    table = []
    total = dict.fromkeys(METRICS, 0)
    total_returned = 0
    for dept_id, m in counts.items():
        ret = int(returned.get(dept_id if dept_id else None, 0) or 0)
        for k in METRICS:
            total[k] += m[k]
        total_returned += ret
        if dept_id == 0:
            continue
        code, name = depts.get(dept_id, (str(dept_id), str(dept_id)))
        table.append({"department_id": dept_id, "code": code, "name": name, **m, "returned": ret})
    table.append({"department_id": 0, "code": "TOTAL", "name": "", **total, "returned": total_returned})
    df = pd.DataFrame(table)
    if df.empty:
        return pd.DataFrame(columns=ASSESSMENT_COLUMNS)
    # dispatched counts the re-dispatch after a return to the new department, so assigned needs no correction
    df["assigned"] = (df["dispatched"] - df["returned"]).clip(lower=0)
    # a 12345 request closes again after a redo; a 数字城管 case is reworked before its one close
    first_close = df["closed"] - df["redone"] if stream == "hotline" else df["closed"]
    df["sign_on_time_rate"] = [_rate(a, b) for a, b in zip(df["signed_on_time"], df["signed"], strict=True)]
    df["close_on_time_rate"] = [_rate(a, b) for a, b in zip(df["closed_on_time"], df["closed"], strict=True)]
    df["closure_rate"] = [
        min(1.0, _rate(a, b)) if b else math.nan for a, b in zip(first_close, df["assigned"], strict=True)
    ]
    df["satisfaction_rate"] = [
        _rate(s + b, s + b + d) for s, b, d in zip(df["satisfied"], df["basic"], df["dissatisfied"], strict=True)
    ]
    df["return_rate"] = [_rate(a, b) for a, b in zip(df["returned"], df["dispatched"], strict=True)]
    df["redo_rate"] = [_rate(a, b) for a, b in zip(df["redone"], first_close, strict=True)]
    # a window can hold callbacks of tickets closed before it: the rate is capped at 1
    df["callback_rate"] = [
        min(1.0, _rate(a, b)) if b else math.nan for a, b in zip(df["callback"], df["closed"], strict=True)
    ]
    total_row = df["code"] == "TOTAL"
    # the TOTAL closure counts every closed ticket (incl. 直办) over every distinct request received
    t_idx = df.index[total_row][0]
    # over distinct requests (duplicates merged away); a 数字城管 case counts once registered (立案: a report found
    # untrue is cancelled, never closed)
    rec = df.at[t_idx, "received"] - df.at[t_idx, "merged"] if stream == "hotline" else df.at[t_idx, "registered"]
    df.at[t_idx, "closure_rate"] = min(1.0, _rate(first_close[t_idx], rec)) if rec else math.nan

    def score(r) -> float:
        if r["assigned"] < min_assigned:
            return math.nan
        s = 0.0
        for k, w in WEIGHTS.items():
            v = r[k]
            if v is None or (isinstance(v, float) and math.isnan(v)):
                v = 0.0
            s += w * ((1 - v) if k in ("return_rate", "redo_rate") else v)
        return round(s * 100, 2)

    df["score"] = [math.nan if t else score(r) for t, (_, r) in zip(total_row, df.iterrows(), strict=True)]
    body = df[~total_row].sort_values(["score", "code"], ascending=[False, True], na_position="last")
    ranked = body["score"].notna()
    body["rank"] = math.nan
    body.loc[ranked, "rank"] = range(1, int(ranked.sum()) + 1)
    df = pd.concat([body, df[total_row].assign(rank=math.nan)], ignore_index=True)
    return df[ASSESSMENT_COLUMNS]


def assessment_trend(
    session: Session, start: date, end: date, *, stream: str = "hotline", min_assigned: int = 1
) -> pd.DataFrame:
    """assessment() plus score_prev and rank_prev: the same departments over the window just before."""
    df = assessment(session, start, end, stream=stream, min_assigned=min_assigned)
    span = end - start + timedelta(days=1)
    prev = assessment(session, start - span, start - timedelta(days=1), stream=stream, min_assigned=min_assigned)
    prev = prev[prev["code"] != "TOTAL"].set_index("code")
    df["score_prev"] = [prev["score"].get(c, math.nan) if not prev.empty else math.nan for c in df["code"]]
    df["rank_prev"] = [prev["rank"].get(c, math.nan) if not prev.empty else math.nan for c in df["code"]]
    return df


def daily_summary(session: Session, day: date, now: datetime, *, stream: str = "hotline") -> pd.DataFrame:
    """每日汇总督办 for one local day, by department: new (dispatched), closed, overdue (open now and past due),
    returned, redone, dissatisfied, supervised. Columns department_id, name, new, closed, overdue, returned,
    redone, dissatisfied, supervised; departments with nothing to report are left out; worst first."""
    dc = DailyCounter
    wanted = ("dispatched", "closed", "redone", "dissatisfied", "supervised")
    rows = session.execute(
        select(dc.department_id, dc.metric, func.sum(dc.n))
        .where(dc.subject == stream, dc.day == day, dc.metric.in_(wanted))
        .group_by(dc.department_id, dc.metric)
    ).all()
    lo, hi = _day_bounds(day, day)
    returned = session.execute(
        select(TicketEvent.department_id, func.count())
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.action == "return", TicketEvent.at >= lo, TicketEvent.at < hi, Ticket.stream == stream)
        .group_by(TicketEvent.department_id)
    ).all()
    overdue = session.execute(
        select(Ticket.department_id, func.count())
        .where(Ticket.is_open.is_(True), Ticket.due_at < now, Ticket.stream == stream)
        .group_by(Ticket.department_id)
    ).all()
    data: dict[int, dict[str, int]] = {}

    def put(dept, key, n):
        data.setdefault(
            int(dept or 0),
            dict.fromkeys(("new", "closed", "overdue", "returned", "redone", "dissatisfied", "supervised"), 0),
        )[key] += int(n or 0)

    rename = {"dispatched": "new"}
    for dept, metric, n in rows:
        put(dept, rename.get(metric, metric), n)
    for dept_id, n in returned:
        put(dept_id, "returned", n)
    for dept_id, n in overdue:
        put(dept_id, "overdue", n)
    names = dict(session.execute(select(Department.id, Department.name)).all())
    out = [{"department_id": d, "name": names.get(d, "—"), **v} for d, v in data.items() if any(v.values())]
    cols = ["department_id", "name", "new", "closed", "overdue", "returned", "redone", "dissatisfied", "supervised"]
    df = pd.DataFrame(out, columns=cols)
    if df.empty:
        return df
    return df.sort_values(["overdue", "dissatisfied", "returned", "new"], ascending=False, ignore_index=True)


def hotspots(
    session: Session,
    now: datetime,
    *,
    baseline_days: int = 28,
    min_count: int = 4,
    factor: float = 3.0,
    z: float = 3.0,
) -> pd.DataFrame:
    """Spikes of received requests by category x town today against that pair's own baseline.

    A pair is a hotspot when today's count >= min_count, >= factor x its daily baseline mean, and
    >= mean + z x std (baseline: the `baseline_days` local days before today, missing days = 0).
    Columns category, category_name, town, town_name, today, baseline_mean, baseline_std, ratio, samples
    (newest ticket numbers as evidence); strongest first.
    """
    cols = [
        "category",
        "category_name",
        "town",
        "town_name",
        "today",
        "baseline_mean",
        "baseline_std",
        "ratio",
        "samples",
    ]
    today = local_day(now)
    first = today - timedelta(days=baseline_days)
    dc = DailyCounter
    rows = session.execute(
        select(dc.category, dc.area_code, dc.day, func.sum(dc.n))
        .where(dc.subject.in_(("hotline", "cm")), dc.metric == "received", dc.day >= first, dc.day <= today)
        .group_by(dc.category, dc.area_code, dc.day)
    ).all()
    if not rows:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame(rows, columns=["category", "town", "day", "n"])
    now_df = df[df["day"] == today]
    base = df[df["day"] < today].groupby(["category", "town"])["n"].agg(["sum", lambda s: float((s**2).sum())])
    base.columns = ["s", "ss"]
    out = []
    for rec in now_df.itertuples(index=False):
        if rec.n < min_count:
            continue
        s, ss = base.loc[(rec.category, rec.town)] if (rec.category, rec.town) in base.index else (0.0, 0.0)
        mean = s / baseline_days
        std = math.sqrt(max(0.0, ss / baseline_days - mean * mean))
        if rec.n >= factor * max(mean, 0.2) and rec.n >= mean + z * std:
            out.append(
                (rec.category, rec.town, int(rec.n), round(mean, 2), round(std, 2), round(rec.n / max(mean, 0.2), 1))
            )
    if not out:
        return pd.DataFrame(columns=cols)
    cats = dict(session.execute(select(Category.code, Category.name)).all())
    towns = dict(session.execute(select(GridArea.code, GridArea.name).where(GridArea.level == 2)).all())
    lo, hi = _day_bounds(today, today)
    result = []
    for cat, town, n, mean, std, ratio in sorted(out, key=lambda x: -x[5]):
        samples = list(
            session.scalars(
                select(Ticket.ticket_no)
                .where(
                    Ticket.created_at >= lo,
                    Ticket.created_at < hi,
                    Ticket.category_code == cat,
                    Ticket.town_code == town,
                )
                .order_by(Ticket.created_at.desc())
                .limit(5)
            )
        )
        result.append((cat, cats.get(cat, cat), town, towns.get(town, town), n, mean, std, ratio, samples))
    return pd.DataFrame(result, columns=cols)


def repeat_callers(
    session: Session, now: datetime, *, days: int = 7, min_tickets: int = 3, limit: int = 20
) -> pd.DataFrame:
    """Callers with >= min_tickets requests of one category in the last `days` (重复诉求), most first.

    Columns category, category_name, tickets, last_ticket; never the phone number itself.
    """
    lo = now - timedelta(days=days)
    rows = session.execute(
        select(Ticket.category_code, Category.name, func.count(), func.max(Ticket.ticket_no))
        .join(Category, Category.code == Ticket.category_code)
        .where(Ticket.created_at >= lo, Ticket.citizen_phone.is_not(None))
        .group_by(Ticket.citizen_phone, Ticket.category_code, Category.name)
        .having(func.count() >= min_tickets)
        .order_by(func.count().desc())
        .limit(limit)
    ).all()
    return pd.DataFrame(rows, columns=["category", "category_name", "tickets", "last_ticket"])
