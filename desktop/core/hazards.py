"""The prohibited-work checklist of 国务院令第619号 (appendix) as data, per post.

A post's working conditions are stored as one short canonical text (``"cold_water:2,height:3,vibration"``)
so a ledger cell, a database column and an Excel export all hold the same thing and compare equal.
Graded conditions carry the national grade I–IV as 1..4; the appendix forbids some of them only from a
given grade, so the grade must be kept, not just "present".

Which condition is forbidden in which period is the table ``PROHIBITIONS`` (domain.md §1), not code, so
a reviewer can check it against the decree line by line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from desktop.core.errors import DomainError

Period = Literal["menstruation", "pregnancy", "lactation"]

SOURCE = "国务院令第619号附录"


@dataclass(frozen=True)
class HazardDef:
    """One checklist item; ``graded`` items need a grade I–IV, flags have none."""

    code: str
    label: str
    graded: bool
    note: str = ""
    """Shown as a hint on the checklist; not part of ``describe`` to keep ledger cells short."""


HAZARDS: tuple[HazardDef, ...] = (
    HazardDef("height", "高处作业", True),
    HazardDef("cold_water", "冷水作业", True),
    HazardDef("low_temp", "低温作业", True),
    HazardDef("physical", "体力劳动强度", True),
    HazardDef("high_temp", "高温作业", True),
    HazardDef("noise", "噪声作业", True),
    HazardDef("toxic", "有毒物质超标", False, "铅、汞、苯、镉等有毒物质浓度超过国家职业卫生标准"),
    HazardDef("anticancer_anaesthetic", "抗癌药物/麻醉剂", False, "抗癌药物、己烯雌酚生产，接触麻醉剂气体等的作业"),
    HazardDef("radioactive", "非密封放射源", False, "非密封源放射性物质的操作，核事故与放射事故的应急处置"),
    HazardDef("confined_space", "密闭空间", False, "密闭空间、高压室作业"),
    HazardDef("diving", "潜水", False),
    HazardDef("vibration", "强烈振动", False, "如油锯、风钻等强烈振动工具"),
    HazardDef("bending", "频繁弯腰攀高下蹲", False, "需要频繁弯腰、攀高、下蹲的作业"),
    HazardDef(
        "lactation_chemicals",
        "锰氟溴甲醇有机磷有机氯超标",
        False,
        "锰、氟、溴、甲醇、有机磷化合物、有机氯化合物浓度超过国家职业卫生标准",
    ),
    # 附录第一条: forbidden for every woman, whatever her period (#18 item 8). Grade IV physical labour is
    # the "physical" item above; these two are flags.
    HazardDef("underground_mining", "矿山井下作业", False),
    HazardDef("heavy_load", "超限负重", False, "每小时负重6次以上、每次负重超过20公斤，或间断负重、每次负重超过25公斤"),
    HazardDef("night_shift", "夜班", False),
    HazardDef("overtime", "延长劳动时间", False),
)

HAZARD_BY_CODE: dict[str, HazardDef] = {h.code: h for h in HAZARDS}

GRADE_NAMES: dict[int, str] = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}

PERIOD_NAMES: dict[str, str] = {"menstruation": "经期", "pregnancy": "孕期", "lactation": "哺乳期"}

# Minimum grade from which a graded condition is forbidden; None marks a flag (forbidden when present).
# domain.md §1, in the order the decree lists them.
PROHIBITIONS: dict[str, dict[str, int | None]] = {
    "menstruation": {"cold_water": 2, "low_temp": 2, "physical": 3, "height": 3},
    "pregnancy": {
        "toxic": None,
        "anticancer_anaesthetic": None,
        "radioactive": None,
        "height": 1,
        "cold_water": 1,
        "low_temp": 1,
        "high_temp": 3,
        "noise": 3,
        "physical": 3,
        "confined_space": None,
        "diving": None,
        "vibration": None,
        "bending": None,
    },
    "lactation": {"toxic": None, "radioactive": None, "physical": 3, "lactation_chemicals": None},
}

# 附录第一条 "女职工禁忌从事的劳动范围": forbidden for every woman at any time, not only in a protected
# period, so it is not one of PROHIBITIONS' periods (a ledger or notice iterating periods stays as it was).
ALL_WOMEN: dict[str, int | None] = {"underground_mining": None, "physical": 4, "heavy_load": None}
ALL_WOMEN_NAME = "女职工"
ALL_WOMEN_SOURCE = f"{SOURCE}第一条"

# Not "prohibited work" in the appendix but a ban on scheduling (第六条 from 7 months, 第九条 lactation).
NIGHT_OVERTIME_CODES: tuple[str, ...] = ("night_shift", "overtime")

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4}
_SEPARATORS = re.compile(r"[,，、;；\s]+")

Conditions = Mapping[str, int | None]


def _hazard(code: object) -> HazardDef:
    hazard = HAZARD_BY_CODE.get(str(code).strip()) if code is not None else None
    if hazard is None:
        raise DomainError(f"未知的岗位危害条件“{code}”", field="conditions")
    return hazard


def validate(conditions: Conditions) -> dict[str, int | None]:
    """A checked copy: known codes only, graded items with grade 1–4, flags with no grade (None)."""
    checked: dict[str, int | None] = {}
    for raw_code, grade in conditions.items():
        hazard = _hazard(raw_code)
        if hazard.code in checked:
            raise DomainError(f"岗位危害条件“{hazard.label}”重复填写", field="conditions")
        if hazard.graded:
            if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADE_NAMES:
                raise DomainError(f"“{hazard.label}”须填写级别Ⅰ–Ⅳ（1–4），现为“{grade}”", field="conditions")
        elif grade is not None:
            raise DomainError(f"“{hazard.label}”不分级别，不应填写级别“{grade}”", field="conditions")
        checked[hazard.code] = grade
    return checked


def encode(conditions: Conditions) -> str:
    """Canonical text sorted by code, so equal checklists compare equal: "cold_water:2,height:3,vibration"."""
    checked = validate(conditions)
    parts = [code if grade is None else f"{code}:{grade}" for code, grade in sorted(checked.items())]
    return ",".join(parts)


def _parse_grade(code: str, text: str) -> int:
    text = text.strip()
    if text.isdigit():
        return int(text)
    if text.upper() in _ROMAN:
        return _ROMAN[text.upper()]
    raise DomainError(f"岗位危害条件“{code}”的级别“{text}”无法识别，应为1–4", field="conditions")


def decode(text: str | None) -> dict[str, int | None]:
    """Read canonical text back; also tolerant of Chinese commas and Roman grades typed by hand."""
    result: dict[str, int | None] = {}
    if text is None:
        return result
    for item in _SEPARATORS.split(str(text).strip()):
        if not item:
            continue
        code, sep, grade_text = item.partition(":")
        hazard = _hazard(code)
        if hazard.code in result:
            raise DomainError(f"岗位危害条件“{hazard.label}”重复填写", field="conditions")
        result[hazard.code] = _parse_grade(code, grade_text) if sep else None
    return validate(result)


def _as_conditions(conditions: Conditions | str | None) -> dict[str, int | None]:
    if conditions is None or isinstance(conditions, str):
        return decode(conditions)
    return validate(conditions)


def _item_text(code: str, grade: int | None) -> str:
    hazard = HAZARD_BY_CODE[code]
    return hazard.label if grade is None else f"{hazard.label}{GRADE_NAMES[grade]}级"


def describe(conditions: Conditions | str | None) -> str:
    """Chinese text for ledgers and forms, in checklist order: "高处作业Ⅲ级、强烈振动"; "无" if empty."""
    checked = _as_conditions(conditions)
    items = [_item_text(h.code, checked[h.code]) for h in HAZARDS if h.code in checked]
    return "、".join(items) if items else "无"


def _period(period: str) -> str:
    if period in PROHIBITIONS:
        return period
    for code, name in PERIOD_NAMES.items():
        if period == name:
            return code
    raise DomainError(f"未知的保护期“{period}”，应为经期、孕期或哺乳期", field="period")


def _reasons(
    name: str, rules: Mapping[str, int | None], checked: Mapping[str, int | None], source: str, whom: str
) -> list[str]:
    reasons: list[str] = []
    for hazard in HAZARDS:  # checklist order, so the reasons read like the decree
        if hazard.code not in rules or hazard.code not in checked:
            continue
        min_grade = rules[hazard.code]
        grade = checked[hazard.code]
        if min_grade is None:
            reasons.append(f"{name}禁忌：{hazard.label}（{source}）")
        elif grade is not None and grade >= min_grade:
            scope = "任何级别" if min_grade == 1 else f"{GRADE_NAMES[min_grade]}级及以上"
            if min_grade == 4:
                scope = "第Ⅳ级"
            reasons.append(
                f"{name}禁忌：{_item_text(hazard.code, grade)}（{whom}禁止{scope}的{hazard.label}，{source}）"
            )
    return reasons


def prohibited_for(period: Period | str, conditions: Conditions | str | None) -> list[str]:
    """Why this post is forbidden work in the period, one Chinese reason per item; empty when allowed."""
    key = _period(period)
    name = PERIOD_NAMES[key]
    return _reasons(name, PROHIBITIONS[key], _as_conditions(conditions), SOURCE, name)


def prohibited_for_all_women(conditions: Conditions | str | None) -> list[str]:
    """Why this post is forbidden to any woman (附录第一条: underground mining, physical labour grade IV,
    loads over 20 kg six times an hour or over 25 kg at once); empty when allowed."""
    return _reasons(ALL_WOMEN_NAME, ALL_WOMEN, _as_conditions(conditions), ALL_WOMEN_SOURCE, "所有女职工")


def night_overtime_conflict(
    conditions: Conditions | str | None, *, seven_month_months: int = 7, baby_age: str = "1周岁"
) -> list[str]:
    """Why a post clashes with the night-shift/overtime ban; the caller decides whether the ban applies.

    The months and the baby's age come from the rule data in force (defaults: decree 619 as written), so
    the message says what the office's rules say.
    """
    checked = _as_conditions(conditions)
    reasons: list[str] = []
    for code in NIGHT_OVERTIME_CODES:
        if code in checked:
            label = HAZARD_BY_CODE[code].label
            reasons.append(
                f"岗位安排{label}：怀孕{seven_month_months}个月以上及哺乳未满{baby_age}婴儿期间不得延长劳动时间或"
                "安排夜班劳动（国务院令第619号第六条、第九条）"
            )
    return reasons
