"""Personal information is masked by role before it leaves Python (security.md P1/P2)."""

from __future__ import annotations

import random

import pytest

from data_access.masking import mask_address, mask_id_no, mask_name, mask_phone, scrub_text

CANARY_PHONE, CANARY_ID, CANARY_NAME = "13900000001", "11010119900101001X", "测试甲乙丙"


@pytest.mark.parametrize("role", ["wall", "visitor", "anonymous"])
def test_public_roles_see_no_personal_fields(role):
    assert mask_phone(CANARY_PHONE, role) is None
    assert mask_name(CANARY_NAME, role) is None
    assert mask_id_no(CANARY_ID, role) is None
    assert mask_address("城区街道幸福小区12号楼3单元501室", role, town="城区街道") == "城区街道"


def test_officer_list_view_masks_as_the_table_says():
    assert mask_phone("13812341234", "officer") == "138****1234"
    assert mask_phone("0951-4031234", "officer") == "0951-****1234"
    assert mask_phone("+86 138 1234 1234", "officer") == "138****1234"
    assert mask_phone("12ab", "officer") == "****"  # malformed: masked, never echoed
    assert mask_name("张三丰", "officer") == "张**"
    assert mask_id_no("110101199001011234", "officer") == "110***********1234"
    assert "12" not in mask_address("幸福小区12号楼", "officer")


FORMATS = [
    "13900000001",
    "139 0000 0001",
    "139-0000-0001",
    "+86 13900000001",
    "+8613900000001",
    "１３９０００００００１",
    "0951-4031234",
    "11010119900101001X",
]


@pytest.mark.parametrize("number", FORMATS)
@pytest.mark.parametrize("role", ["visitor", "officer"])
def test_numbers_in_free_text_never_survive(number, role):
    rng = random.Random(number)
    filler = "".join(rng.choice("小区路灯不亮请尽快处理噪音扰民垃圾") for _ in range(12))
    text = f"{filler}，联系{number}。{filler}"
    out = scrub_text(text, role)
    digits = "".join(ch for ch in out if ch.isdigit())
    assert "00000001" not in digits and "4031234" not in digits and "19900101" not in digits
    assert filler in out  # the rest of the text stays readable


def test_bank_cards_and_plates_are_masked():
    out = scrub_text("卡号6222 0212 3456 7890 123，车牌宁A12345", "officer")
    assert "3456" not in out and "宁A***45" in out


def test_the_callers_known_name_and_address_are_removed_from_free_text():
    text = "测试甲乙丙反映城区街道幸福小区12号楼3单元路灯不亮"
    public = scrub_text(text, "visitor", known=("测试甲乙丙", "城区街道幸福小区12号楼3单元"))
    seat = scrub_text(text, "officer", known=("测试甲乙丙", None))
    assert "测试甲乙丙" not in public and "幸福小区" not in public and "路灯不亮" in public
    assert seat.startswith("测****")
