"""Quality checks as data: each quality_check row names a rule below, the fields it reads and its parameters.
A rule is compiled once per sync into a function payload -> failure detail (or None). Scores are arithmetic on
the kept counters (checked, failed), never a scan of records.

Dimensions (the seed's 完整性、真实性、可用性、鲜活性; GB/T 36344): completeness (required fields present),
accuracy (ID-card and credit-code checksums, phone formats, coordinates within Lingwu, plausible dates),
usability (schema conformance and encoding, duplicates), freshness (last sync against the declared cadence:
udata's update_fulfilled_in_time)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import mul

DIMENSIONS = ("completeness", "accuracy", "usability", "freshness")
CADENCE = {  # how late a sync may be before the resource is stale: the cadence as the exchange batches it (real-time
    # and hourly resources arrive in four batches a day), plus slack
    "realtime": timedelta(hours=7),
    "hourly": timedelta(hours=7),
    "daily": timedelta(days=2),
    "monthly": timedelta(days=40),
}
BOUNDS = (37.58, 38.36, 106.18, 106.87)  # Lingwu: N37°35'-38°21', E106°11'-106°52'
EARLIEST = date(1950, 1, 1)

_ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"\d{17}[\dX]")
_USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VAL = {c: i for i, c in enumerate(_USCC_ALPHA)}
_USCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")
_PHONE_RE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-\d{7,8}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character of an 18-digit citizen ID."""
    return _ID_CHECK[sum(map(mul, map(int, first17), _ID_W)) % 11]


def valid_id(value: str) -> bool:
    return bool(_ID_RE.fullmatch(value)) and id_check_digit(value[:17]) == value[17]


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015 check character of a unified social credit code."""
    r = 31 - sum(map(mul, map(_USCC_VAL.__getitem__, first17), _USCC_W)) % 31
    return _USCC_ALPHA[0 if r == 31 else r]


def valid_uscc(value: str) -> bool:
    return bool(_USCC_RE.fullmatch(value)) and uscc_check_char(value[:17]) == value[17]


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


Compiled = Callable[[dict], str | None]


def _required(fields: list[str], _p: dict, _ctx: Context) -> Compiled:
    def run(rec: dict) -> str | None:
        for f in fields:
            v = rec.get(f)
            if v is None or v == "" or (v.__class__ is str and v.isspace()):
                return f
        return None

    return run


def _each(fields: list[str], ok: Callable[[object], bool]) -> Compiled:
    if len(fields) == 1:  # the common case, without a loop (a sync checks every row: this is its inner loop)
        (f,) = fields

        def one(rec: dict) -> str | None:
            v = rec.get(f)
            if v is None or v == "" or (isinstance(v, str) and not v.strip()):
                return None
            return None if ok(v) else f

        return one

    def run(rec: dict) -> str | None:
        for f in fields:
            v = rec.get(f)
            if not _missing(v) and not ok(v):
                return f
        return None

    return run


def _id(fields, _p, _ctx) -> Compiled:
    return _each(fields, lambda v: isinstance(v, str) and valid_id(v))


def _uscc(fields, _p, _ctx) -> Compiled:
    return _each(fields, lambda v: isinstance(v, str) and valid_uscc(v))


def _phone(fields, _p, _ctx) -> Compiled:
    match = _PHONE_RE.fullmatch
    return _each(fields, lambda v: isinstance(v, str) and match(v) is not None)


def _within(fields, _p, _ctx) -> Compiled:
    lat_f, lon_f = fields
    s, n, w, e = BOUNDS

    def run(rec: dict) -> str | None:
        lat, lon = rec.get(lat_f), rec.get(lon_f)
        if _missing(lat) or _missing(lon):
            return None
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            return lat_f
        return None if s <= lat <= n and w <= lon <= e else lat_f

    return run


def _dates(fields, _p, ctx: Context) -> Compiled:
    latest = ctx.today.isoformat()
    first = EARLIEST.isoformat()

    def ok(v: object) -> bool:
        if not isinstance(v, str) or not _DATE_RE.fullmatch(v) or not first <= v <= latest:
            return False
        try:
            date.fromisoformat(v)
        except ValueError:
            return False
        return True

    return _each(fields, ok)


def _conforms(kind: str) -> Callable[[object], bool]:
    if kind == "int":
        return lambda v: isinstance(v, int) and not isinstance(v, bool)
    if kind in ("number", "lat", "lon"):
        return lambda v: isinstance(v, int | float) and not isinstance(v, bool)
    if kind.startswith("enum:"):
        options = frozenset(kind[5:].split("|"))
        return lambda v: v in options
    return lambda v: isinstance(v, str) and "\ufffd" not in v and "Ã" not in v  # text: no broken encoding


def _schema(fields, p: dict, _ctx) -> Compiled:
    types: dict[str, str] = p["types"]
    checks = [(f, _conforms(types[f])) for f in fields]
    known = frozenset(fields)

    def run(rec: dict) -> str | None:
        for f, ok in checks:
            v = rec.get(f)
            if v is not None and v != "" and not ok(v):
                return f
        if len(rec) > len(known) or not known.issuperset(rec):
            return next((k[:40] for k in rec if k not in known), None)
        return None

    return run


RULES: dict[str, Callable[[list[str], dict, Context], Compiled]] = {
    "required": _required,
    "id_checksum": _id,
    "uscc_checksum": _uscc,
    "phone_format": _phone,
    "within_county": _within,
    "date_plausible": _dates,
    "schema": _schema,
}
SPECIAL = ("duplicate", "sync_missing", "sync_invalid", "freshness")  # run by the sync itself or at read time


@dataclass(frozen=True)
class Context:
    today: date


@dataclass(frozen=True)
class CheckDef:
    code: str
    dimension: str
    rule: str
    fields: tuple[str, ...] = ()
    params: dict | None = None


def checks_for(fields: Iterable[tuple[str, str, bool]], dup_key: str | None) -> list[CheckDef]:
    """The default checks of a resource with a schema of (name, type, required); no schema: the sync's own counts."""
    fields = list(fields)
    if not fields:
        return [
            CheckDef("sync_missing", "completeness", "sync_missing"),
            CheckDef("sync_invalid", "accuracy", "sync_invalid"),
            CheckDef("freshness", "freshness", "freshness"),
        ]

    def of(*types: str) -> tuple[str, ...]:
        return tuple(n for n, t, _ in fields if t in types)

    out = [CheckDef("required", "completeness", "required", tuple(n for n, _, req in fields if req))]
    for code, rule, types in (
        ("id_checksum", "id_checksum", ("id",)),
        ("uscc_checksum", "uscc_checksum", ("uscc",)),
        ("phone_format", "phone_format", ("phone",)),
        ("date_plausible", "date_plausible", ("date",)),
    ):
        if of(*types):
            out.append(CheckDef(code, "accuracy", rule, of(*types)))
    if of("lat") and of("lon"):
        out.append(CheckDef("within_county", "accuracy", "within_county", (of("lat")[0], of("lon")[0])))
    out.append(
        CheckDef(
            "schema", "usability", "schema", tuple(n for n, _, _ in fields), {"types": {n: t for n, t, _ in fields}}
        )
    )
    if dup_key:
        out.append(CheckDef("duplicate", "usability", "duplicate", (dup_key,)))
    out.append(CheckDef("freshness", "freshness", "freshness"))
    return out


def compile_check(rule: str, fields: list[str], params: dict, ctx: Context) -> Compiled:
    return RULES[rule](fields, params or {}, ctx)


def fresh(cadence: str, last_sync_at: datetime | None, now: datetime) -> bool:
    """udata's update_fulfilled_in_time: synced within the declared cadence (never synced: not fresh)."""
    return last_sync_at is not None and now - last_sync_at <= CADENCE.get(cadence, timedelta(days=2))


def dimension_score(counts: Iterable[tuple[int, int]]) -> float | None:
    """100 x (1 - failed / checked) over a dimension's checks; None when nothing was checked."""
    checked = failed = 0
    for c, f in counts:
        checked, failed = checked + c, failed + f
    return None if checked == 0 else round(100.0 * (1 - failed / checked), 2)


def overall(completeness: float | None, accuracy: float | None, usability: float | None, is_fresh: bool) -> float:
    """The resource's score: the mean of its measured dimensions, freshness counting 100 or 0."""
    dims = [d for d in (completeness, accuracy, usability) if d is not None] + [100.0 if is_fresh else 0.0]
    return round(sum(dims) / len(dims), 2)
