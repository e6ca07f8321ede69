"""The canary citizen (security.md P1): a caller whose name is inside the complaint text, with the canary phone in
25 formats, an ID split by spaces, a lower-case plate and an exact house address. Tests seed it and then look for
any of it in what public roles (wall, visitor, anonymous) receive."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from data_access.writes import apply
from tests.factories import new_ticket

NAME = "测试甲乙丙"
PHONE = "13900000001"
ID_NO = "11010119900101001X"
ADDRESS = "城区街道幸福小区12号楼3单元501室"
PLATE = "宁a12345"
LAT, LON = 38.103713, 106.339127  # exact to the metre: public maps get a coarse grid cell instead

# The canary phone as callers and officers write it (the 7 the issue found surviving are marked *).
PHONE_FORMATS = (
    "13900000001",
    "139 0000 0001",
    "139-0000-0001",
    "+86 13900000001",
    "+8613900000001",
    "+86-139-0000-0001",
    "86 139 0000 0001",
    "".join(chr(ord(c) + 0xFEE0) for c in "13900000001"),  # full-width
    "139.0000.0001",  # *
    "139 000 00001",  # *
    "13 90 00 00 00 1",  # *
    "1 3 9 0 0 0 0 0 0 0 1",  # * digits with spaces
    "一三九零零零零零零零一",  # * Chinese numerals
    "139/0000/0001",  # *
    "幺三九〇〇〇〇〇〇〇幺",  # spoken 幺 and 〇
    "一三九 零零零零 零零零一",
    "139零零零零0001",  # mixed
    "(139)0000-0001",
    "139_0000_0001",
    "139—0000—0001",  # em dashes
    "139·0000·0001",
    "139\u30000000\u30000001",  # ideographic spaces
    "1 3 9-0000-0001",
    "tel:13900000001",
    "https://m.example.cn/cb?phone=13900000001",
)
assert len(PHONE_FORMATS) == 25 and len(set(PHONE_FORMATS)) == 25

SPLIT_ID = "110101 19900101 001X"
TEXT = (
    f"我是{NAME}，住{ADDRESS}，反映小区路灯不亮已一周，夜里出行不便。"
    + "".join(f"联系方式{i + 1}：{p}；" for i, p in enumerate(PHONE_FORMATS))
    + f"身份证{SPLIT_ID}，也可写作{ID_NO.lower()}，车牌{PLATE}。请回电{PHONE}。{NAME}"
)
SAFE_WORDS = "路灯不亮"  # on screen for every role, so a sweep that finds nothing means something

# what must never reach a public role, verbatim...
VERBATIM = (NAME, ID_NO, ID_NO.lower(), SPLIT_ID, PLATE, PLATE.upper(), "12号楼", "501室",
            *PHONE_FORMATS)  # fmt: skip
# ...and, for the public only, the community and the exact spot (seats see both)
PUBLIC_ONLY = ("****0001", "幸福小区", f"{LAT:.6f}", f"{LON:.6f}", f"{LAT:.5f}", f"{LON:.5f}")
_NUMERALS = str.maketrans("〇零一二三四五六七八九幺", "001234567891")
_SEPARATORS = re.compile(r"[\s.\-/_·()—:]")


def digits_of(text: str) -> str:
    """The text as a number-reader would read it: NFKC, Chinese numerals as digits, separators dropped."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).translate(_NUMERALS))


def leaks(text: str, public: bool = True) -> list[str]:
    """Which canary values appear in `text`: verbatim, or readable once separators and numerals are normalised;
    for a public role also the masked phone (139****0001: the public gets no phone at all, masked or not) and the
    community (seats see addresses to the community, the public to the town)."""
    found = [v for v in VERBATIM + (PUBLIC_ONLY if public else ()) if v in text]
    flat = digits_of(text)
    found += [v for v in (PHONE, ID_NO[:17]) if v in flat]
    return found


def ticket(no: str = "CANARY-1", at: datetime | None = None, **extra):
    from data_access.worktime import utcnow

    return new_ticket(
        no,
        at or utcnow(),
        summary=TEXT,
        citizen_name=NAME,
        citizen_phone=PHONE,
        citizen_id_no=ID_NO,
        address=ADDRESS,
        lat=LAT,
        lon=LON,
        **extra,
    )


def seed(session, no: str = "CANARY-1", **extra) -> None:
    """The canary ticket (and a second one from the same caller: nothing may link the two for the public)."""
    apply(session, [ticket(no, **extra), ticket(no + "B", **extra)])
