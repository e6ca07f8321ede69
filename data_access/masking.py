"""Masking of citizens' personal information by role, on the server (rules: reference/security.md)."""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np

from data_access.roles import PUBLIC_ROLES, SEAT_ROLES  # noqa: F401 - PUBLIC_ROLES: read by callers
from settings import SETTINGS

_HOUSE_NO = re.compile(r"\d+(号楼|号|栋|单元|室|幢|层)")

# Numbers in free text, after normalising: digits (or the Chinese numerals callers dictate them with) in one run,
# with up to two separators between any two of them (spaces, dots, dashes, slashes, brackets), an ID's X at the end.
_NUMERALS = str.maketrans("〇零一二三四五六七八九幺", "001234567891")
_DIGIT = r"[0-9〇零一二三四五六七八九幺]"
_SEP = r"[\s.\-/_·•()~–—]"
_RUN = re.compile(rf"(?<![0-9]){_DIGIT}(?:{_SEP}{{0,2}}{_DIGIT})*(?:{_SEP}{{0,2}}[Xx](?![A-Za-z]))?")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(rf"([{_PROVINCES}])\s?([A-Za-z])[\s·.\-]?([A-Za-z0-9]{{3}})([A-Za-z0-9]{{2,3}})(?![A-Za-z0-9])")
_ADDRESS_PART = re.compile(
    r".+?(?:街道|小区|社区|花园|家园|公寓|大厦|广场|号楼|号院|单元|镇|乡|村|组|苑|路|街|巷|弄|号|栋|幢|室|层)"
)
_TOWN_LEVEL = ("街道", "镇", "乡")  # what the public may see of an address
PUBLIC_MASK = "***"  # wall, visitor, anonymous: no number at all, not even its first or last digits


def normalise(text: str) -> str:
    """NFKC (full-width digits become ASCII) so masks cannot be dodged with 全角 numbers."""
    return unicodedata.normalize("NFKC", text or "")


def _fold(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 and (n.isascii() and (n.isalnum() or n.isspace() or n in "+-./_")) else ch


def fold_text(text: str) -> str:
    """Free text with full-width (and other compatibility) digits, letters, spaces and separators as ASCII, one
    character for one: numbers cannot dodge the masks, and Chinese punctuation stays as the caller wrote it."""
    return "".join(map(_fold, text or ""))


def is_public(role: str) -> bool:
    return role not in SEAT_ROLES


def mask_phone(phone: str | None, role: str) -> str | None:
    if not phone or is_public(role):
        return None
    p = normalise(phone).replace(" ", "").replace("-", "")
    p = p[3:] if p.startswith("+86") else p
    if re.fullmatch(r"1[3-9]\d{9}", p):
        return f"{p[:3]}****{p[-4:]}"
    m = re.fullmatch(r"(0\d{2,3})(\d{7,8})", p)
    if m:
        return f"{m.group(1)}-****{m.group(2)[-4:]}"
    return "****"  # malformed: mask, never echo


def mask_name(name: str | None, role: str) -> str | None:
    if not name or is_public(role):
        return None
    name = normalise(name).strip()
    return name[0] + "*" * max(1, len(name) - 1)


def mask_id_no(id_no: str | None, role: str) -> str | None:
    if not id_no or is_public(role):
        return None
    s = normalise(id_no).strip()
    return f"{s[:3]}{'*' * max(0, len(s) - 7)}{s[-4:]}" if len(s) >= 8 else "****"


def mask_address(address: str | None, role: str, town: str | None = None) -> str | None:
    """Public: town/street only; seats: house numbers replaced by **."""
    if not address:
        return town if is_public(role) else None
    if is_public(role):
        return town
    return _HOUSE_NO.sub(lambda m: "**" + m.group(1), normalise(address))


def _number(run: str, public: bool) -> str:
    """One number found in free text, masked: public roles see no digit of it; seats as in the list view."""
    digits = "".join(ch for ch in run.translate(_NUMERALS) if ch.isdigit() or ch in "Xx").upper()
    if len(digits) < 7 or _DATE.fullmatch(run.strip()):
        return run  # quantities, dates, house numbers: not personal on their own
    if public:
        return PUBLIC_MASK
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) == 18 and digits[:17].isdigit():
        return f"{digits[:3]}{'*' * 11}{digits[-4:]}"
    if digits[0] == "0" and 10 <= len(digits) <= 12:
        area = 3 if digits[1] in "12" else 4
        return f"{digits[:area]}-****{digits[-4:]}"
    return "*" * 4  # bank cards, long digit runs, malformed numbers: masked, never echoed


def _known_parts(value: str) -> list[tuple[str, str, str]]:
    """A known personal string with what replaces it for the public and for seats. A name: ** (seats 张**). An
    address: its town (城区街道**) for the public, and its parts below the town (幸福小区, 12号楼, 3单元...) go
    wherever they appear alone; seats see it to the community, house numbers as ** (as in mask_address)."""
    pieces = _ADDRESS_PART.findall(value)
    if not pieces or pieces == [value]:
        return [(value, "**", value[0] + "*" * (len(value) - 1))]
    rest = value[sum(len(p) for p in pieces) :]
    town = "".join(p for p in pieces if p.endswith(_TOWN_LEVEL))
    below = [p for p in (*pieces, rest) if len(p) >= 2 and not p.endswith(_TOWN_LEVEL)]
    seat = _HOUSE_NO.sub(lambda m: "**" + m.group(1), value)
    return [(value, town + "**", seat), *((p, "**", _HOUSE_NO.sub(lambda m: "**" + m.group(1), p)) for p in below)]


def _spaced(value: str) -> re.Pattern:
    """A known string as written in free text: any whitespace or separators between its characters."""
    return re.compile(r"[\s·.\-]*".join(re.escape(ch) for ch in value if not ch.isspace()))


def scrub_text(text: str | None, role: str, known: tuple[str | None, ...] = ()) -> str:
    """Free text masked for `role`: the ticket's `known` personal strings (the caller's name, address and its parts
    below the town) wherever they appear, then phones, ID numbers, bank cards and long digit runs in every format
    (separators, full-width digits, Chinese numerals), then plates. Public roles see no digit of a number at all."""
    public = is_public(role)
    s = fold_text(text or "")
    values = {v for v in (fold_text(k).strip() for k in known if k) if len(v) >= 2}
    parts = {p for v in values for p in _known_parts(v) if len(p[0].replace(" ", "")) >= 2}
    for value, hidden, seat in sorted(parts, key=lambda p: len(p[0]), reverse=True):
        s = _spaced(value).sub(hidden if public else seat, s)
    s = _PLATE.sub(lambda m: f"{m.group(1)}{m.group(2).upper()}***{m.group(4)[-2:].upper()}", s)
    s = _RUN.sub(lambda m: _number(m.group(0), public), s)
    if public:
        s = _HOUSE_NO.sub(lambda m: "**" + m.group(1), s)
    return s


_M_PER_DEG = 111_320.0
_REF_LAT = 38.0  # the grid's longitude step is fixed at the county's latitude: one grid for every map


def snap_points(lat, lon, role: str, grid_m: float | None = None):
    """(lat, lon) as `role` may see them: seats exact; wall, visitor and anonymous the centre of the public grid
    cell (settings.public_grid_m, default 150 m) that holds the point. Floats or arrays; None/NaN stay missing."""
    if not is_public(role):
        return lat, lon
    size = float(grid_m or SETTINGS.public_grid_m)
    dlat = size / _M_PER_DEG
    dlon = size / (_M_PER_DEG * math.cos(math.radians(_REF_LAT)))
    la = np.asarray(lat, dtype=float)
    lo = np.asarray(lon, dtype=float)
    out_la = np.round((np.floor(la / dlat) + 0.5) * dlat, 5)
    out_lo = np.round((np.floor(lo / dlon) + 0.5) * dlon, 5)
    if out_la.ndim == 0:
        return (None if math.isnan(out_la) else float(out_la)), (None if math.isnan(out_lo) else float(out_lo))
    return out_la, out_lo
