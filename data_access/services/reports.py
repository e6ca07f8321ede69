"""统一报表 on the data layer: a catalogue of report templates over one shared field dictionary ("fill once": a value a
department fills for one report fills every report using that field for the same period), submissions per
department with status (due, submitted, late, returned), validation, and the count of fields saved by reuse."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.errors import WriteError
from data_access.models import Department, ReportField, ReportSubmission, ReportTemplate, ReportValue
from data_access.worktime import to_local

PERIOD_RE = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")
KINDS = ("int", "decimal", "text", "date", "choice")
TEXT_MAX = 500
# the field dictionary: key, label, kind, unit, choices, min, max
FIELDS: tuple[tuple[str, str, str, str, tuple[str, ...] | None, float | None, float | None], ...] = (
    ("pop_resident", "常住人口", "int", "人", None, 0, 2_000_000),
    ("households", "户数", "int", "户", None, 0, 1_000_000),
    ("grid_workers", "专职网格员人数", "int", "人", None, 0, 5_000),
    ("rental_occupied", "公租房在住户数", "int", "户", None, 0, 100_000),
    ("rental_registrations", "本月租住登记数", "int", "次", None, 0, 100_000),
    ("shops_total", "沿街商铺数", "int", "户", None, 0, 100_000),
    ("shop_inspections", "本月商铺检查户次", "int", "户次", None, 0, 100_000),
    ("shop_rectify", "本月限期整改户次", "int", "户次", None, 0, 100_000),
    ("complaints_12345", "12345 本月受理量", "int", "件", None, 0, 1_000_000),
    ("complaints_closed", "12345 本月办结量", "int", "件", None, 0, 1_000_000),
    ("satisfaction", "群众满意率", "decimal", "%", None, 0, 100),
    ("safety_checks", "本月安全检查次数", "int", "次", None, 0, 100_000),
    ("hazards_found", "本月发现隐患数", "int", "处", None, 0, 100_000),
    ("hazards_fixed", "本月整改隐患数", "int", "处", None, 0, 100_000),
    ("fire_drills", "本月消防演练次数", "int", "次", None, 0, 10_000),
    ("risk_level", "辖区总体风险等级", "choice", "", ("低", "一般", "较大", "重大"), None, None),
    ("checked_on", "数据核实日期", "date", "", None, None, None),
    ("contact", "填报联系人", "text", "", None, None, None),
    ("note", "情况说明", "text", "", None, None, None),
)
# the catalogue: code, name, owner department, cadence, due day (of the next month), fields, required
TEMPLATES: tuple[tuple[str, str, str, str, int, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "TB01",
        "乡镇（街道）基本情况月报",
        "B13",
        "monthly",
        5,
        ("pop_resident", "households", "grid_workers", "rental_occupied", "checked_on", "contact"),
        ("pop_resident", "households", "contact"),
    ),
    (
        "TB02",
        "市场监管工作月报",
        "B03",
        "monthly",
        5,
        ("shops_total", "shop_inspections", "shop_rectify", "complaints_12345", "contact", "note"),
        ("shops_total", "shop_inspections", "contact"),
    ),
    (
        "TB03",
        "安全生产检查月报",
        "B14",
        "monthly",
        3,
        ("safety_checks", "hazards_found", "hazards_fixed", "fire_drills", "shop_inspections", "risk_level", "contact"),
        ("safety_checks", "hazards_found", "hazards_fixed", "risk_level", "contact"),
    ),
    (
        "TB04",
        "住房保障工作月报",
        "B21",
        "monthly",
        8,
        ("rental_occupied", "rental_registrations", "households", "contact"),
        ("rental_occupied", "contact"),
    ),
    (
        "TB05",
        "基层治理综合月报",
        "C00",
        "monthly",
        10,
        (
            "pop_resident",
            "households",
            "grid_workers",
            "complaints_12345",
            "complaints_closed",
            "satisfaction",
            "hazards_found",
            "risk_level",
            "contact",
            "note",
        ),
        ("pop_resident", "complaints_12345", "complaints_closed", "contact"),
    ),
)


def ensure_catalogue(session: Session) -> int:
    """Insert the dictionary and the templates that are missing; returns how many rows were added."""
    added = 0
    have_f = set(session.scalars(select(ReportField.key)))
    for key, label, kind, unit, choices, lo, hi in FIELDS:
        if key not in have_f:
            session.add(
                ReportField(
                    key=key,
                    label=label,
                    kind=kind,
                    unit=unit,
                    choices=list(choices) if choices else None,
                    min_value=lo,
                    max_value=hi,
                )
            )
            added += 1
    session.flush()
    have_t = set(session.scalars(select(ReportTemplate.code)))
    for code, name, owner, cadence, due_day, fields, required in TEMPLATES:
        if code not in have_t:
            session.add(
                ReportTemplate(
                    code=code,
                    name=name,
                    owner_code=owner,
                    cadence=cadence,
                    due_day=due_day,
                    fields=list(fields),
                    required=list(required),
                )
            )
            added += 1
    session.flush()
    return added


def check_period(period: str) -> str:
    if not isinstance(period, str) or not PERIOD_RE.match(period):
        raise WriteError("a period is YYYY-MM")
    return period


def due_at(template: ReportTemplate, period: str) -> datetime:
    """The deadline (naive UTC): 18:00 local on the template's due day of the month after the period."""
    y, m = (int(x) for x in check_period(period).split("-"))
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    local = datetime.combine(date(y, m, min(template.due_day, 28)), time(18, 0))
    return local - (to_local(local) - local)


def previous_period(now: datetime) -> str:
    d = to_local(now).date().replace(day=1) - timedelta(days=1)
    return f"{d:%Y-%m}"


def departments(session: Session) -> list[tuple[str, str]]:
    """The departments that file the reports: the towns and streets."""
    return [
        (c, n)
        for c, n in session.execute(
            select(Department.code, Department.name).where(Department.kind == "town").order_by(Department.code)
        )
    ]


def catalogue(session: Session) -> pd.DataFrame:
    """Columns code, name, owner, owner_name, cadence, due_day, fields, shared (fields also in another template)."""
    rows = session.scalars(select(ReportTemplate).order_by(ReportTemplate.code)).all()
    names = dict(session.execute(select(Department.code, Department.name)).all())
    uses: dict[str, int] = {}
    for r in rows:
        for f in r.fields:
            uses[f] = uses.get(f, 0) + 1
    out = [
        (
            r.code,
            r.name,
            r.owner_code,
            names.get(r.owner_code, r.owner_code),
            r.cadence,
            r.due_day,
            len(r.fields),
            sum(1 for f in r.fields if uses[f] > 1),
        )
        for r in rows
    ]
    return pd.DataFrame(out, columns=["code", "name", "owner", "owner_name", "cadence", "due_day", "fields", "shared"])


def _template(session: Session, code: str) -> ReportTemplate:
    t = session.scalars(select(ReportTemplate).where(ReportTemplate.code == code)).first() if code else None
    if t is None:
        raise WriteError(f"unknown report {code!r}")
    return t


def _department(session: Session, code: str) -> str:
    if not code or session.scalar(select(Department.code).where(Department.code == code)) is None:
        raise WriteError(f"unknown department {code!r}")
    return code


def form(session: Session, template_code: str, department_code: str, period: str) -> dict:
    """A template as a department sees it for a period: each field with its value (from any report) and where the
    value came from; the submission's status."""
    t = _template(session, template_code)
    _department(session, department_code)
    check_period(period)
    fields = {f.key: f for f in session.scalars(select(ReportField).where(ReportField.key.in_(t.fields)))}
    values = {
        v.field_key: v
        for v in session.scalars(
            select(ReportValue).where(
                ReportValue.department_code == department_code,
                ReportValue.period == period,
                ReportValue.field_key.in_(t.fields),
            )
        )
    }
    sub = _submission(session, t.code, department_code, period)
    return dict(
        code=t.code,
        name=t.name,
        owner=t.owner_code,
        department=department_code,
        period=period,
        due_at=due_at(t, period),
        status=sub.status if sub else None,
        note=sub.note if sub else "",
        reused_fields=sub.reused_fields if sub else 0,
        fields=[
            dict(
                key=k,
                label=fields[k].label,
                kind=fields[k].kind,
                unit=fields[k].unit,
                choices=fields[k].choices or [],
                required=k in t.required,
                value=values[k].value if k in values else "",
                source=values[k].template_code if k in values and values[k].template_code != t.code else "",
            )
            for k in t.fields
        ],
    )


def _submission(session: Session, template_code: str, department_code: str, period: str) -> ReportSubmission | None:
    return session.scalars(
        select(ReportSubmission).where(
            ReportSubmission.template_code == template_code,
            ReportSubmission.department_code == department_code,
            ReportSubmission.period == period,
        )
    ).first()


def validate(field: ReportField, raw: str) -> str:
    """The value normalised, or WriteError('<key>: <why>')."""
    v = (raw or "").strip()
    if field.kind == "int":
        if not re.fullmatch(r"-?\d{1,12}", v.replace(",", "")):
            raise WriteError(f"{field.key}: a whole number")
        n = float(int(v.replace(",", "")))
    elif field.kind == "decimal":
        try:
            n = float(v.replace(",", "").rstrip("%"))
        except ValueError:
            raise WriteError(f"{field.key}: a number") from None
        v = f"{n:g}"
    elif field.kind == "date":
        try:
            v = date.fromisoformat(v).isoformat()
        except ValueError:
            raise WriteError(f"{field.key}: a date YYYY-MM-DD") from None
        return v
    elif field.kind == "choice":
        if v not in (field.choices or []):
            raise WriteError(f"{field.key}: one of {'/'.join(field.choices or [])}")
        return v
    else:
        if len(v) > TEXT_MAX:
            raise WriteError(f"{field.key}: at most {TEXT_MAX} characters")
        return v
    lo = field.min_value if field.min_value is not None else float("-inf")
    hi = field.max_value if field.max_value is not None else float("inf")
    if not lo <= n <= hi:
        raise WriteError(f"{field.key}: between {lo:g} and {hi:g}")
    return str(int(n)) if field.kind == "int" else v


def submit(
    session: Session,
    template_code: str,
    department_code: str,
    period: str,
    values: dict[str, str],
    by: str,
    now: datetime,
) -> dict:
    """File a template: every given value is validated and stored in the shared dictionary (so it fills the same
    field of every other report of this department and period); a field left empty keeps the value another report
    filled. Returns status, reused (fields taken from another report) and filled (fields typed here)."""
    t = _template(session, template_code)
    _department(session, department_code)
    check_period(period)
    unknown = set(values) - set(t.fields)
    if unknown:
        raise WriteError(f"{sorted(unknown)[0]}: not a field of {t.code}")
    sub = _submission(session, t.code, department_code, period)
    if sub is not None and sub.status in ("submitted", "late"):
        raise WriteError(f"{t.code} {period} is submitted already (it can be refiled once returned)")
    fields = {f.key: f for f in session.scalars(select(ReportField).where(ReportField.key.in_(t.fields)))}
    existing = {
        v.field_key: v
        for v in session.scalars(
            select(ReportValue).where(
                ReportValue.department_code == department_code,
                ReportValue.period == period,
                ReportValue.field_key.in_(t.fields),
            )
        )
    }
    clean: dict[str, str] = {}
    for k in t.fields:
        raw = values.get(k, "")
        if raw is not None and str(raw).strip() != "":
            clean[k] = validate(fields[k], str(raw))
    missing = [k for k in t.required if k not in clean and k not in existing]
    if missing:
        raise WriteError(f"{missing[0]}: required")
    reused = filled = 0
    for k in t.fields:
        old = existing.get(k)
        if k in clean:
            if old is not None and old.value == clean[k] and old.template_code != t.code:
                reused += 1
            elif old is None:
                session.add(
                    ReportValue(
                        department_code=department_code,
                        period=period,
                        field_key=k,
                        value=clean[k],
                        template_code=t.code,
                        filled_at=now,
                        filled_by=by[:40],
                    )
                )
                filled += 1
            elif old.value != clean[k]:
                old.value, old.filled_at, old.filled_by = clean[k], now, by[:40]
                filled += 1
        elif old is not None and old.template_code != t.code:
            reused += 1
    status = "late" if now > due_at(t, period) else "submitted"
    if sub is None:
        sub = ReportSubmission(template_code=t.code, department_code=department_code, period=period)
        session.add(sub)
    sub.status, sub.submitted_at, sub.submitted_by, sub.reused_fields, sub.note = status, now, by[:40], reused, ""
    session.flush()
    return dict(status=status, reused=reused, filled=filled)


def return_submission(session: Session, template_code: str, department_code: str, period: str, reason: str) -> None:
    """The owner sends a submission back (退回) with a reason; the department refiles it."""
    sub = _submission(session, template_code, department_code, period)
    if sub is None or sub.status not in ("submitted", "late"):
        raise WriteError("only a submitted report can be returned")
    reason = reason.strip()
    if not 2 <= len(reason) <= 200:
        raise WriteError("a return needs a reason of 2 to 200 characters")
    sub.status, sub.note = "returned", reason
    session.flush()


def board(session: Session, period: str, now: datetime) -> pd.DataFrame:
    """Every template x filing department for a period with its status: submitted, late, returned, or - not filed -
    due (before the deadline) or late. Columns template, name, department, department_name, status, reused."""
    check_period(period)
    subs = {
        (s.template_code, s.department_code): s
        for s in session.scalars(select(ReportSubmission).where(ReportSubmission.period == period))
    }
    rows = []
    deps = departments(session)
    for t in session.scalars(select(ReportTemplate).order_by(ReportTemplate.code)):
        late = now > due_at(t, period)
        for code, name in deps:
            s = subs.get((t.code, code))
            status = s.status if s else ("late" if late else "due")
            rows.append((t.code, t.name, code, name, status, s.reused_fields if s else 0))
    return pd.DataFrame(rows, columns=["template", "name", "department", "department_name", "status", "reused"])


def reuse_saved(session: Session, period: str | None = None) -> int:
    """Fields not retyped because another report of the same department and period had filled them."""
    q = select(func.coalesce(func.sum(ReportSubmission.reused_fields), 0))
    if period:
        q = q.where(ReportSubmission.period == period)
    return int(session.scalar(q) or 0)
