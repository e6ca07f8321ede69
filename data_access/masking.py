"""Masking of citizens' personal information by role, on the server (rules: reference/security.md)."""

from __future__ import annotations

import re
import unicodedata

from data_access.roles import PUBLIC_ROLES, SEAT_ROLES  # noqa: F401 - PUBLIC_ROLES: read by callers

_MOBILE = re.compile(r"(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})")
_LANDLINE = re.compile(r"(0\d{2,3})[\s-]?(\d{3,4})[\s-]?(\d{4})")
_ID = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")
_CARD = re.compile(r"(?<!\d)\d{4}[\s-]?\d{4}[\s-]?\d{4}[\s-]?\d{4}(?:[\s-]?\d{1,3})?(?!\d)")
_PLATE = re.compile(r"([\u4e00-\u9fa5][A-Z])[\s·]?([A-Z0-9]{3})([A-Z0-9]{2,3})")
_DIGITS = re.compile(r"\d{7,}")
_HOUSE_NO = re.compile(r"\d+(号楼|号|栋|单元|室|幢|层)")


def normalise(text: str) -> str:
    """NFKC (full-width digits become ASCII) so masks cannot be dodged with 全角 numbers."""
    return unicodedata.normalize("NFKC", text or "")


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


def scrub_text(text: str | None, role: str, known: tuple[str | None, ...] = ()) -> str:
    """Replace phones, ID numbers, bank cards, plates and long digit runs in free text; `known` personal
    strings of the ticket (the caller's name, address) are removed wherever they appear."""
    s = normalise(text or "")
    for value in sorted({normalise(k).strip() for k in known if k and len(k.strip()) >= 2}, key=len, reverse=True):
        s = s.replace(value, value[0] + "*" * (len(value) - 1) if not is_public(role) else "**")
    s = _ID.sub(lambda m: m.group(0)[:3] + "*" * 11 + m.group(0)[-4:], s)
    s = _CARD.sub("****", s)
    s = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", s)
    s = _LANDLINE.sub(lambda m: f"{m.group(1)}-****{m.group(3)}", s)
    s = _PLATE.sub(lambda m: f"{m.group(1)}***{m.group(3)[-2:]}", s)
    s = _DIGITS.sub(lambda m: "*" * len(m.group(0)), s)
    if is_public(role):
        s = _HOUSE_NO.sub(lambda m: "**" + m.group(1), s)
    return s
