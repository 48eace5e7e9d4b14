"""Prohibited-work checklist (国务院令第619号附录, domain.md §1): encoding and the per-period table."""

from __future__ import annotations

import pytest

from desktop.core.errors import DomainError
from desktop.core.hazards import (
    HAZARD_BY_CODE,
    HAZARDS,
    NIGHT_OVERTIME_CODES,
    PROHIBITIONS,
    decode,
    describe,
    encode,
    night_overtime_conflict,
    prohibited_for,
)

# A chainsaw felling post in the forest: strong vibration, loud, heavy, sometimes on slopes at height I.
CHAINSAW = "height:1,noise:3,physical:3,vibration"


# --- encoding ------------------------------------------------------------------------------------------


def test_encode_is_sorted_and_flags_have_no_grade() -> None:
    assert encode({"vibration": None, "height": 3, "cold_water": 2}) == "cold_water:2,height:3,vibration"


def test_encode_empty() -> None:
    assert encode({}) == ""


def test_decode_round_trip() -> None:
    text = "cold_water:2,height:3,vibration"
    assert decode(text) == {"cold_water": 2, "height": 3, "vibration": None}
    assert encode(decode(text)) == text


def test_decode_tolerates_hand_typed_text() -> None:
    assert decode(" height:Ⅲ， vibration、noise:IV ") == {"height": 3, "vibration": None, "noise": 4}


@pytest.mark.parametrize("text", ["", None, "  "])
def test_decode_empty(text: str | None) -> None:
    assert decode(text) == {}


def test_describe_in_checklist_order() -> None:
    assert describe("height:3,vibration") == "高处作业Ⅲ级、强烈振动"
    assert describe("cold_water:2,height:3,vibration") == "高处作业Ⅲ级、冷水作业Ⅱ级、强烈振动"
    assert describe({"physical": 4, "toxic": None}) == "体力劳动强度Ⅳ级、有毒物质超标"


def test_describe_nothing() -> None:
    assert describe("") == "无"


@pytest.mark.parametrize(
    ("conditions", "needle"),
    [
        ({"chainsaw": None}, "chainsaw"),  # unknown code
        ({"height": None}, "高处作业"),  # graded item without grade
        ({"height": 5}, "高处作业"),
        ({"height": 0}, "高处作业"),
        ({"height": True}, "高处作业"),
        ({"vibration": 2}, "强烈振动"),  # flags carry no grade
    ],
)
def test_encode_rejects_bad_conditions(conditions: dict[str, int | None], needle: str) -> None:
    with pytest.raises(DomainError) as err:
        encode(conditions)
    assert needle in str(err.value)
    assert err.value.field == "conditions"


@pytest.mark.parametrize("text", ["height", "height:9", "height:x", "oil_saw", "height:1,height:2", "vibration:1"])
def test_decode_rejects_bad_text(text: str) -> None:
    with pytest.raises(DomainError):
        decode(text)


def test_table_only_uses_known_codes() -> None:
    for period, items in PROHIBITIONS.items():
        for code, min_grade in items.items():
            hazard = HAZARD_BY_CODE[code]
            # Graded items need a threshold grade, flags must not have one.
            assert (min_grade is not None) == hazard.graded, (period, code)
    assert {h.code for h in HAZARDS} >= set(NIGHT_OVERTIME_CODES)


# --- menstruation: cold water II–IV, low temperature II–IV, physical III–IV, height III–IV -------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("cold_water:1", 0),
        ("cold_water:2", 1),
        ("low_temp:1", 0),
        ("low_temp:4", 1),
        ("physical:2", 0),
        ("physical:3", 1),
        ("height:2", 0),
        ("height:3", 1),
        ("noise:4", 0),  # not a menstruation item
        ("vibration,toxic,diving", 0),
        ("cold_water:2,low_temp:2,physical:3,height:4", 4),
    ],
)
def test_menstruation(text: str, count: int) -> None:
    assert len(prohibited_for("menstruation", text)) == count


def test_menstruation_reason_text() -> None:
    assert prohibited_for("menstruation", "height:3") == [
        "经期禁忌：高处作业Ⅲ级（经期禁止Ⅲ级及以上的高处作业，国务院令第619号附录）"
    ]


# --- pregnancy -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("height:1", 1),  # any graded work at height
        ("cold_water:1", 1),
        ("low_temp:1", 1),
        ("high_temp:2", 0),
        ("high_temp:3", 1),
        ("noise:2", 0),
        ("noise:3", 1),
        ("physical:2", 0),
        ("physical:4", 1),
        ("toxic", 1),
        ("anticancer_anaesthetic", 1),
        ("radioactive", 1),
        ("confined_space", 1),
        ("diving", 1),
        ("vibration", 1),
        ("bending", 1),
        ("lactation_chemicals", 0),  # lactation-only list
        ("night_shift,overtime", 0),  # a scheduling ban, not prohibited work
    ],
)
def test_pregnancy(text: str, count: int) -> None:
    assert len(prohibited_for("pregnancy", text)) == count


def test_pregnancy_any_grade_reason() -> None:
    [reason] = prohibited_for("pregnancy", "height:2")
    assert "高处作业Ⅱ级" in reason and "任何级别" in reason


def test_chainsaw_post_by_period() -> None:
    reasons = prohibited_for("pregnancy", CHAINSAW)
    assert [r.split("：")[1].split("（")[0] for r in reasons] == [
        "高处作业Ⅰ级",
        "体力劳动强度Ⅲ级",
        "噪声作业Ⅲ级",
        "强烈振动",
    ]
    assert len(prohibited_for("lactation", CHAINSAW)) == 1  # physical III only
    assert len(prohibited_for("menstruation", CHAINSAW)) == 1  # physical III only


# --- lactation: toxic, radioactive, physical III–IV, manganese/fluorine/… -----------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("toxic", 1),
        ("radioactive", 1),
        ("physical:2", 0),
        ("physical:3", 1),
        ("lactation_chemicals", 1),
        ("vibration", 0),
        ("height:4,cold_water:4,low_temp:4,noise:4,high_temp:4", 0),
        ("anticancer_anaesthetic,confined_space,diving,bending", 0),
    ],
)
def test_lactation(text: str, count: int) -> None:
    assert len(prohibited_for("lactation", text)) == count


def test_period_given_in_chinese() -> None:
    assert prohibited_for("孕期", {"vibration": None}) == prohibited_for("pregnancy", {"vibration": None})


def test_unknown_period_rejected() -> None:
    with pytest.raises(DomainError) as err:
        prohibited_for("menopause", "")
    assert "保护期" in str(err.value)


# --- night shift / overtime ----------------------------------------------------------------------------


def test_night_overtime_conflict() -> None:
    reasons = night_overtime_conflict("night_shift,overtime,height:1")
    assert len(reasons) == 2
    assert "夜班" in reasons[0] and "延长劳动时间" in reasons[1]
    assert night_overtime_conflict(CHAINSAW) == []


def test_general_prohibitions_for_all_women() -> None:
    """#18 item 8: 附录第一条 — apply to every woman whatever her period."""
    from desktop.core.hazards import ALL_WOMEN, prohibited_for_all_women

    assert {"underground_mining", "heavy_load"} <= set(HAZARD_BY_CODE)
    assert ALL_WOMEN == {"underground_mining": None, "physical": 4, "heavy_load": None}
    assert prohibited_for_all_women("physical:3") == []
    assert prohibited_for_all_women("underground_mining,heavy_load,physical:4") == [
        "女职工禁忌：体力劳动强度Ⅳ级（所有女职工禁止第Ⅳ级的体力劳动强度，国务院令第619号附录第一条）",
        "女职工禁忌：矿山井下作业（国务院令第619号附录第一条）",
        "女职工禁忌：超限负重（国务院令第619号附录第一条）",
    ]
    assert "25公斤" in HAZARD_BY_CODE["heavy_load"].note
