"""The free-text scrubber against every format callers write numbers in (the 25 phone formats of the canary, split
IDs, lower-case plates), and property tests with random Chinese text around numbers in random formats: public
roles never get a digit of a number, seats never get a whole one, and text without numbers is left as it was."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_access.masking import scrub_text
from tests import canary

PUBLIC, SEATS = ("wall", "visitor", "anonymous"), ("officer", "supervisor", "admin", "auditor")
NUMERALS = "〇零一二三四五六七八九幺"


@pytest.mark.parametrize("phone", canary.PHONE_FORMATS)
@pytest.mark.parametrize("role", ["visitor", "wall", "officer"])
def test_every_phone_format_is_masked_in_free_text(phone, role):
    out = scrub_text(f"夜间噪音扰民，请回电{phone}，谢谢", role)
    assert not canary.leaks(out, public=role != "officer"), (phone, out)
    assert out.startswith("夜间噪音扰民，请回电") and out.endswith("，谢谢")
    if role == "officer":
        assert "139****0001" in out  # a seat still sees which number it was, masked as in the list view
    else:
        assert "****" not in out and "0001" not in out  # no phone at all for the public, not even masked


@pytest.mark.parametrize("role", ["visitor", "officer"])
def test_the_canary_text_keeps_nothing_personal(role):
    known = (canary.NAME, canary.ADDRESS)
    out = scrub_text(canary.TEXT, role, known=known)
    assert not canary.leaks(out, public=role != "officer"), canary.leaks(out)
    assert canary.SAFE_WORDS in out and "城区街道" in out  # readable, and the town is public
    assert "测****" in out if role == "officer" else "测" not in out


def test_ids_split_by_spaces_and_plates_in_lower_case():
    for text, role in (("身份证 110101 19900101 001X", "officer"), ("身份证110101-19900101-001x", "visitor")):
        out = scrub_text(text, role)
        assert "19900101" not in canary.digits_of(out) and "0101" not in out.replace("110***", "")
    assert "110***********001X" in scrub_text("身份证 110101 19900101 001X", "officer")
    for plate in ("宁a12345", "宁A12345", "宁 A·12345", "宁A-1234D"):
        out = scrub_text(f"车牌{plate}违停", "wall")
        assert "123" not in out and out.startswith("车牌宁A***") and out.endswith("违停"), out


def test_landlines_cards_and_dates():
    assert scrub_text("电话0951-4031234", "officer") == "电话0951-****1234"
    assert scrub_text("电话0951 403 1234", "visitor") == "电话***"
    assert "3456" not in scrub_text("卡号6222 0212 3456 7890 123", "officer")
    assert scrub_text("2024-05-01起停水，3号楼", "officer") == "2024-05-01起停水，3号楼"  # dates stay
    assert scrub_text("3号楼", "visitor") == "**号楼"


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5, exclude_characters=NUMERALS)
PUNCT = st.sampled_from("，。、；：！？（）“”")
TEXT = st.text(st.one_of(CJK, PUNCT), max_size=40)


@st.composite
def written_number(draw, number: str) -> str:
    """A number as a caller or an officer might write it: groups, separators, full-width, Chinese numerals."""
    out, i = [], 0
    if draw(st.booleans()) and number.startswith("1"):
        out.append(draw(st.sampled_from(["+86", "+86 ", "86-", "+86-"])))
    while i < len(number):
        size = draw(st.integers(1, 5))
        group = number[i : i + size]
        style = draw(st.sampled_from(["ascii", "full", "zh", "mixed"]))
        if style == "full":
            group = "".join(chr(ord(c) + 0xFEE0) for c in group)
        elif style == "zh":
            group = "".join("零一二三四五六七八九"[int(c)] if c.isdigit() else c for c in group)
        elif style == "mixed":
            group = "".join(draw(st.sampled_from([c, "〇零一二三四五六七八九"[int(c)]])) if c.isdigit() else c
                            for c in group)  # fmt: skip
        out.append(group)
        i += size
        if i < len(number):
            out.append(draw(st.sampled_from(["", "", " ", "-", ".", "/", "_", "·", "  ", "\u3000", "—"])))
    return "".join(out)


NUMBERS = st.sampled_from(["13900000001", "18612345678", "15987654321", "11010119900101001X", "09514031234"])


@settings(max_examples=300, deadline=None)
@given(before=TEXT, after=TEXT, data=st.data(), number=NUMBERS)
def test_property_no_public_role_gets_a_digit_and_no_seat_a_whole_number(before, after, data, number):
    written = data.draw(written_number(number))
    text = before + written + after
    for role in PUBLIC:
        out = scrub_text(text, role)
        assert number[3:7] not in canary.digits_of(out) and not any(c.isdigit() for c in out), (written, out)
        assert out.startswith(before) and out.endswith(after)
    for role in SEATS:
        out = scrub_text(text, role)
        assert number[:-1] not in canary.digits_of(out), (written, out)
        assert out.startswith(before) and out.endswith(after)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, role=st.sampled_from(PUBLIC + SEATS))
def test_property_text_without_numbers_or_known_strings_is_left_as_it_was(text, role):
    assert scrub_text(text, role) == text
    assert scrub_text(text, role, known=(None, "", " ")) == text


@settings(max_examples=200, deadline=None)
@given(before=TEXT, after=TEXT, name=st.text(CJK, min_size=2, max_size=4), role=st.sampled_from(PUBLIC))
def test_property_the_callers_name_never_reaches_the_public_however_it_is_spaced(before, after, name, role):
    spaced = " ".join(name)
    out = scrub_text(f"{before}我是{name}，{spaced}{after}", role, known=(name, None))
    assert name not in out.replace(" ", "")
