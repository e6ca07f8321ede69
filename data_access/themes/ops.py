"""City operations (/theme/ops): the vital-signs hierarchy as data. The indicator catalogue (indicators.csv: id,
name, domain, unit, formula over the rollups, direction and thresholds, owner department, cadence) is evaluated from
the rollups, scored into domains and a city score, and each indicator leads to its history and the records behind it.

A formula is arithmetic (+ - * /, numbers, parentheses) over three functions, checked before anything is read:
- count(subject.metric[, channel="..", category=".."]): the daily counters summed over the indicator's window
  (cadence day: today; week: 7 days; month: 30 days; now: today);
- gauge(subject.key): the current-state gauge (open tickets by status, cameras online, alerts awaiting review);
- sensors(kind.total|abnormal|silent): the sensors of a kind, outside their limits, or silent for an hour.
Scores: ok 100, warn 60, alarm 0; a domain scores the mean of its indicators with a value, the city the mean of its
domains.
"""

from __future__ import annotations

import ast
import csv
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.masking import scrub_text
from data_access.models import (
    Algorithm,
    Camera,
    Category,
    DailyCounter,
    DataSource,
    Gauge,
    Incident,
    Sensor,
    Shop,
    ShopInspection,
    SyncRun,
    Ticket,
    VideoAlert,
)
from data_access.worktime import local_day, to_local

CATALOGUE = Path(__file__).with_name("indicators.csv")
DOMAINS = ("hotline", "cm", "video", "safety", "water", "data", "services")
CADENCE_DAYS = {"day": 1, "week": 7, "month": 30, "now": 1}
DIRECTIONS = ("up", "down")
UNITS = ("件", "%", "条", "路", "次", "起", "个", "处", "星")
COUNT_SUBJECTS = {
    "hotline": ("received", "dispatched", "signed", "signed_on_time", "closed", "closed_on_time", "satisfied", "basic",
                "dissatisfied", "returned", "redone", "extend_requested", "extended", "supervised", "callback",
                "merged", "replied", "cancelled"),
    "cm": ("received", "registered", "dispatched", "closed", "closed_on_time", "redone", "cancelled", "supervised",
           "replied"),
    "alert": ("raised", "confirmed", "false_positive", "dismissed"),
    "camera": ("went_offline", "went_online"),
    "incident": ("reported", "closed"),
    "shop": ("inspected", "failed_inspection", "rated", "stars"),
    "sync": ("ok", "failed", "records"),
}  # fmt: skip
GAUGE_SUBJECTS = {
    "hotline": ("accepted", "pending_sign", "in_progress", "extension_pending", "replied"),
    "cm": ("reported", "registered", "dispatched", "disposed"),
    "camera": ("online", "offline"),
    "alert": ("new",),
}
SENSOR_KINDS = ("pressure", "quality", "river", "well", "waterlog", "flow", "chlorine", "ph", "rain")
SENSOR_METRICS = ("total", "abnormal", "silent")
FILTERS = ("channel", "category")
SCORE = {"ok": 100.0, "warn": 60.0, "alarm": 0.0}
HISTORY_DAYS = 30


class CatalogueError(ValueError):
    """The catalogue file is not valid (the message says which line and why)."""


@dataclass(frozen=True)
class Term:
    fn: str  # count | gauge | sensors
    subject: str
    metric: str
    channel: str = ""
    category: str = ""


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    domain: str
    unit: str
    formula: str
    direction: str
    warn: float
    alarm: float
    owner: str
    cadence: str

    @property
    def terms(self) -> tuple[Term, ...]:
        return parse(self.formula)

    def state(self, value: float | None) -> str:
        """ok | warn | alarm against the thresholds (none: no value)."""
        if value is None or math.isnan(value):
            return "none"
        if self.direction == "up":
            return "alarm" if value < self.alarm else "warn" if value < self.warn else "ok"
        return "alarm" if value > self.alarm else "warn" if value > self.warn else "ok"


def _term(node: ast.Call) -> Term:
    if not isinstance(node.func, ast.Name) or node.func.id not in ("count", "gauge", "sensors"):
        raise CatalogueError("only count(), gauge() and sensors() may be called")
    fn = node.func.id
    if (
        len(node.args) != 1
        or not isinstance(node.args[0], ast.Attribute)
        or not isinstance(node.args[0].value, ast.Name)
    ):
        raise CatalogueError(f"{fn}() takes one subject.metric")
    subject, metric = node.args[0].value.id, node.args[0].attr
    known = {"count": COUNT_SUBJECTS, "gauge": GAUGE_SUBJECTS}.get(fn)
    if known is not None and metric not in known.get(subject, ()):
        raise CatalogueError(f"{fn}({subject}.{metric}): no such rollup")
    if fn == "sensors" and (subject not in SENSOR_KINDS or metric not in SENSOR_METRICS):
        raise CatalogueError(f"sensors({subject}.{metric}): no such sensor kind or metric")
    kw: dict[str, str] = {}
    for k in node.keywords:
        if (
            fn != "count"
            or k.arg not in FILTERS
            or not isinstance(k.value, ast.Constant)
            or not isinstance(k.value.value, str)
        ):
            raise CatalogueError(f'{fn}(): filters are channel=".." or category=".." on count() only')
        kw[k.arg] = k.value.value
    return Term(fn, subject, metric, **kw)


@lru_cache(maxsize=512)
def parse(formula: str) -> tuple[Term, ...]:
    """The terms of a formula, in order; anything but arithmetic over the three functions raises CatalogueError."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as exc:
        raise CatalogueError(f"not a formula: {formula!r}") from exc
    terms: list[Term] = []

    def walk(n: ast.AST) -> None:
        if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, ast.Constant) and isinstance(n.value, (int, float)) and not isinstance(n.value, bool):
            return
        elif isinstance(n, ast.Call):
            terms.append(_term(n))
        else:
            raise CatalogueError(f"not allowed in a formula: {ast.dump(n)[:60]}")

    walk(tree.body)
    if not terms:
        raise CatalogueError("a formula reads at least one rollup")
    return tuple(terms)


def load_catalogue(path: Path = CATALOGUE) -> list[Indicator]:
    """The catalogue, validated row by row (CatalogueError names the line)."""
    out, seen = [], set()
    with open(path, encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                ind = Indicator(
                    id=row["id"].strip(), name_zh=row["name_zh"].strip(), name_en=row["name_en"].strip(),
                    domain=row["domain"].strip(), unit=row["unit"].strip(), formula=row["formula"].strip(),
                    direction=row["direction"].strip(), warn=float(row["warn"]), alarm=float(row["alarm"]),
                    owner=row["owner"].strip(), cadence=row["cadence"].strip(),
                )  # fmt: skip
                if not ind.id or ind.id in seen:
                    raise CatalogueError(f"id {ind.id!r} empty or repeated")
                if not (ind.name_zh and ind.name_en and ind.owner):
                    raise CatalogueError("names and owner are required")
                if ind.domain not in DOMAINS or ind.direction not in DIRECTIONS or ind.cadence not in CADENCE_DAYS:
                    raise CatalogueError(
                        f"domain, direction or cadence unknown: {ind.domain}/{ind.direction}/{ind.cadence}"
                    )
                if ind.unit not in UNITS:
                    raise CatalogueError(f"unit {ind.unit!r} unknown")
                if (ind.direction == "up" and ind.alarm > ind.warn) or (
                    ind.direction == "down" and ind.alarm < ind.warn
                ):
                    raise CatalogueError("the alarm threshold lies beyond the warning one")
                parse(ind.formula)
            except (CatalogueError, KeyError, ValueError) as exc:
                raise CatalogueError(f"{path.name}:{line}: {exc}") from exc
            seen.add(ind.id)
            out.append(ind)
    return out


@lru_cache(maxsize=1)
def catalogue() -> tuple[Indicator, ...]:
    return tuple(load_catalogue())


def by_id() -> dict[str, Indicator]:
    return {i.id: i for i in catalogue()}


# ---- evaluation ----------------------------------------------------------------------------------------------------
def _counters(session: Session, since: date) -> pd.DataFrame:
    rows = session.execute(
        select(DailyCounter.day, DailyCounter.subject, DailyCounter.metric, DailyCounter.channel,
               DailyCounter.category, func.sum(DailyCounter.n))
        .where(DailyCounter.day >= since)
        .group_by(DailyCounter.day, DailyCounter.subject, DailyCounter.metric, DailyCounter.channel,
                  DailyCounter.category)
    ).all()  # fmt: skip
    return pd.DataFrame(rows, columns=["day", "subject", "metric", "channel", "category", "n"])


def _gauges(session: Session) -> dict[tuple[str, str], float]:
    rows = session.execute(select(Gauge.subject, Gauge.key, func.sum(Gauge.n)).group_by(Gauge.subject, Gauge.key))
    return {(s, k): float(n or 0) for s, k, n in rows}


def _sensors(session: Session, now: datetime) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    for kind, low, high, value, at in session.execute(
        select(Sensor.kind, Sensor.low, Sensor.high, Sensor.last_value, Sensor.last_at)
    ):
        out[(kind, "total")] = out.get((kind, "total"), 0) + 1
        bad = value is not None and not (low <= value <= high)
        out[(kind, "abnormal")] = out.get((kind, "abnormal"), 0) + bad
        out[(kind, "silent")] = out.get((kind, "silent"), 0) + (at is None or now - at > timedelta(hours=1))
    return out


@dataclass
class Rollups:
    """What formulas read, loaded once: daily counters (since `start`), gauges, sensors."""

    days: pd.DatetimeIndex
    counters: pd.DataFrame
    gauges: dict[tuple[str, str], float]
    sensors: dict[tuple[str, str], float]


def load(session: Session, now: datetime, history: int = HISTORY_DAYS) -> Rollups:
    today = local_day(now)
    start = today - timedelta(days=history + max(CADENCE_DAYS.values()))
    days = pd.date_range(start, today, freq="D")
    return Rollups(days, _counters(session, start), _gauges(session), _sensors(session, now))


def _series(term: Term, data: Rollups, window: int) -> pd.Series:
    if term.fn == "count":
        c = data.counters
        m = (c["subject"] == term.subject) & (c["metric"] == term.metric)
        if term.channel:
            m &= c["channel"] == term.channel
        if term.category:
            m &= c["category"] == term.category
        daily = c[m].groupby(pd.to_datetime(c[m]["day"]))["n"].sum().reindex(data.days, fill_value=0).astype(float)
        return daily.rolling(window, min_periods=1).sum()
    value = (data.gauges if term.fn == "gauge" else data.sensors).get((term.subject, term.metric), 0.0)
    s = pd.Series(float("nan"), index=data.days)  # current state only: no history
    s.iloc[-1] = value
    return s


def series(ind: Indicator, data: Rollups) -> pd.Series:
    """The indicator's value per local day (NaN where it has none: a state indicator before today)."""
    window = CADENCE_DAYS[ind.cadence]
    values = iter([_series(t, data, window) for t in ind.terms])

    def ev(n: ast.AST):
        if isinstance(n, ast.BinOp):
            a, b = ev(n.left), ev(n.right)
            if isinstance(n.op, ast.Add):
                return a + b
            if isinstance(n.op, ast.Sub):
                return a - b
            if isinstance(n.op, ast.Mult):
                return a * b
            return a / (b.replace(0, float("nan")) if isinstance(b, pd.Series) else (b or float("nan")))
        if isinstance(n, ast.Constant) and isinstance(n.value, (int, float)):
            return float(n.value)
        return next(values)

    out = ev(ast.parse(ind.formula, mode="eval").body)
    if not isinstance(out, pd.Series):
        out = pd.Series(float(out), index=data.days)
    return out.replace([float("inf"), float("-inf")], float("nan"))


def values(session: Session, now: datetime) -> pd.DataFrame:
    """Columns id, name_zh, name_en, domain, unit, value, state, score, owner, cadence, warn, alarm, direction:
    every indicator now."""
    data = load(session, now)
    rows = []
    for ind in catalogue():
        v = series(ind, data).iloc[-1]
        v = None if pd.isna(v) else round(float(v), 2)
        state = ind.state(v)
        rows.append(
            {"id": ind.id, "name_zh": ind.name_zh, "name_en": ind.name_en, "domain": ind.domain, "unit": ind.unit,
             "value": v, "state": state, "score": SCORE.get(state), "owner": ind.owner, "cadence": ind.cadence,
             "warn": ind.warn, "alarm": ind.alarm, "direction": ind.direction}
        )  # fmt: skip
    return pd.DataFrame(rows)


def scores(vals: pd.DataFrame) -> tuple[float | None, pd.DataFrame]:
    """The city score and, per domain (columns domain, score, n, ok, warn, alarm), in DOMAINS order."""
    rows = []
    for d in DOMAINS:
        part = vals[vals["domain"] == d]
        scored = part["score"].dropna()
        rows.append(
            {"domain": d, "score": round(float(scored.mean()), 1) if len(scored) else None, "n": len(part),
             "ok": int((part["state"] == "ok").sum()), "warn": int((part["state"] == "warn").sum()),
             "alarm": int((part["state"] == "alarm").sum())}
        )  # fmt: skip
    df = pd.DataFrame(rows)
    valid = df["score"].dropna()
    return (round(float(valid.mean()), 1) if len(valid) else None), df


def history(session: Session, now: datetime, indicator_id: str) -> pd.DataFrame:
    """Columns day, value: the indicator over the last 30 days (state indicators: today only). KeyError: unknown."""
    ind = by_id()[indicator_id]
    s = series(ind, load(session, now)).iloc[-HISTORY_DAYS:]
    return pd.DataFrame({"day": [d.date() for d in s.index], "value": s.to_numpy()})


# ---- the records behind an indicator --------------------------------------------------------------------------------
RECORD_COLUMNS = ["key", "at", "what", "status", "href"]
RECORD_LIMIT = 30


def _ticket_records(session: Session, t: Term, since: datetime, role: str, gauge: bool) -> list[dict]:
    q = select(Ticket.ticket_no, Ticket.created_at, Ticket.closed_at, Category.name, Ticket.summary, Ticket.status,
               Ticket.citizen_name, Ticket.address).join(Category, Category.code == Ticket.category_code)  # fmt: skip
    q = q.where(Ticket.stream == t.subject)
    by_close = t.metric in ("closed", "closed_on_time", "satisfied", "basic", "dissatisfied", "callback")
    if gauge:
        q = q.where(Ticket.status == t.metric).order_by(Ticket.created_at.desc())
    elif by_close:
        q = q.where(Ticket.closed_at >= since).order_by(Ticket.closed_at.desc())
    elif t.metric == "received":
        q = q.where(Ticket.created_at >= since).order_by(Ticket.created_at.desc())
    else:
        q = q.where(Ticket.updated_at >= since).order_by(Ticket.updated_at.desc())
    if t.channel:
        q = q.where(Ticket.channel_code == t.channel)
    if t.category:
        q = q.where(Ticket.category_code == t.category)
    out = []
    for no, created, closed, cat, summary, status, name, address in session.execute(q.limit(RECORD_LIMIT)):
        at = closed if by_close and closed else created
        what = f"{cat} · {scrub_text(summary, role, (name, address))}"
        out.append({"key": no, "at": at, "what": what, "status": status, "href": f"/hotline?ticket={no}"})
    return out


def _alert_records(session: Session, t: Term, since: datetime, gauge: bool) -> list[dict]:
    q = (
        select(VideoAlert.event_id, VideoAlert.occurred_at, Algorithm.name, Camera.name, VideoAlert.status, Camera.id)
        .join(Algorithm, Algorithm.code == VideoAlert.algorithm_code)
        .join(Camera, Camera.id == VideoAlert.camera_id)
    )
    if gauge:
        q = q.where(VideoAlert.status == "new")
    else:
        q = q.where(VideoAlert.occurred_at >= since)
        if t.metric != "raised":
            q = q.where(VideoAlert.status == t.metric)
    if t.channel:
        q = q.where(Algorithm.category == t.channel)
    if t.category:
        q = q.where(Algorithm.code == t.category)
    rows = session.execute(q.order_by(VideoAlert.occurred_at.desc()).limit(RECORD_LIMIT)).all()
    return [
        {"key": e, "at": at, "what": f"{algo} · {cam}", "status": st, "href": f"/video?camera={cid}"}
        for e, at, algo, cam, st, cid in rows
    ]


def _other_records(session: Session, t: Term, since: datetime, now: datetime) -> list[dict]:
    if t.subject == "incident":
        q = select(Incident.event_id, Incident.started_at, Incident.title, Incident.status).where(
            Incident.started_at >= since
        )
        if t.category:
            q = q.where(Incident.category == t.category)
        if t.channel:
            q = q.where(Incident.level == int(t.channel))
        rows = session.execute(q.order_by(Incident.started_at.desc()).limit(RECORD_LIMIT)).all()
        return [{"key": k, "at": at, "what": title, "status": st, "href": None} for k, at, title, st in rows]
    if t.subject == "camera":
        qc = select(Camera.id, Camera.status_at, Camera.name, Camera.online)
        qc = qc.where(Camera.online.is_(t.metric not in ("offline", "went_offline")))
        cams = session.execute(qc.order_by(Camera.status_at.desc().nulls_last()).limit(RECORD_LIMIT)).all()
        return [
            {"key": i, "at": at, "what": name, "status": "online" if on else "offline", "href": f"/video?camera={i}"}
            for i, at, name, on in cams
        ]
    if t.subject == "shop":
        qs = (
            select(ShopInspection.event_id, ShopInspection.at, Shop.name, ShopInspection.passed)
            .join(Shop, Shop.id == ShopInspection.shop_id)
            .where(ShopInspection.at >= since)
        )
        shops = session.execute(qs.order_by(ShopInspection.at.desc()).limit(RECORD_LIMIT)).all()
        return [
            {"key": k, "at": at, "what": n, "status": "passed" if p else "failed", "href": None}
            for k, at, n, p in shops
        ]
    if t.subject == "sync":
        qr = (
            select(SyncRun.event_id, SyncRun.at, DataSource.name, SyncRun.ok, SyncRun.records)
            .join(DataSource, DataSource.id == SyncRun.source_id)
            .where(SyncRun.at >= since)
        )
        runs = session.execute(qr.order_by(SyncRun.at.desc()).limit(RECORD_LIMIT)).all()
        return [
            {"key": k, "at": at, "what": f"{n} · {r:,}", "status": "ok" if ok else "failed", "href": None}
            for k, at, n, ok, r in runs
        ]
    # sensors of a kind, those outside their limits first
    sensors = session.scalars(select(Sensor).where(Sensor.kind == t.subject).order_by(Sensor.id)).all()
    recs = []
    for s in sensors:
        bad = s.last_value is not None and not (s.low <= s.last_value <= s.high)
        silent = s.last_at is None or now - s.last_at > timedelta(hours=1)
        st = "silent" if silent else "abnormal" if bad else "ok"
        recs.append({"key": s.id, "at": s.last_at, "what": f"{s.name} · {s.last_value} {s.unit}", "status": st,
                     "href": "/theme/water"})  # fmt: skip
    order = {"abnormal": 0, "silent": 1, "ok": 2}
    return sorted(recs, key=lambda r: order[str(r["status"])])[:RECORD_LIMIT]


def records(session: Session, now: datetime, indicator_id: str, role: str) -> pd.DataFrame:
    """The records behind an indicator (RECORD_COLUMNS), newest first, masked for `role`: the tickets, alerts,
    incidents, cameras, inspections, sync runs or sensors its first term counts, in its window. KeyError: unknown."""
    ind = by_id()[indicator_id]
    t = ind.terms[0]
    since = datetime.combine(local_day(now) - timedelta(days=CADENCE_DAYS[ind.cadence] - 1), datetime.min.time())
    since_utc = since - timedelta(hours=8)
    if t.subject in ("hotline", "cm") and t.fn in ("count", "gauge"):
        rows = _ticket_records(session, t, since_utc, role, t.fn == "gauge")
    elif t.subject == "alert":
        rows = _alert_records(session, t, since_utc, t.fn == "gauge")
    else:
        rows = _other_records(session, t, since_utc, now)
    df = pd.DataFrame(rows, columns=RECORD_COLUMNS)
    df["at"] = [to_local(a).strftime("%m-%d %H:%M") if isinstance(a, datetime) else "" for a in df["at"]]
    return df
