"""Branded activities (品牌活动) and honours (荣誉): coded values, checks, and reach figures.

Pure rules: no database, no Qt. The services hand plain values in and store what comes out.

Who "took part": a participant whose status is 签到 (signed in), whatever the role. 报名 only means she
meant to come; 缺席 means she did not. So reach counts people who were actually there, the figure the
group union asks for, and a clerk can raise it only by recording the sign-in sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal

from desktop.core.condolences import parse_yuan, yuan  # noqa: F401 - money is parsed one way everywhere
from desktop.core.errors import FieldErrors

# --- coded values (stored codes → labels shown) ---------------------------------------------------------

KINDS: Mapping[str, str] = {
    "reading": "读书会",
    "lecture": "讲座",
    "training": "培训",
    "contest": "竞赛",
    "selection": "评选",
    "social": "联谊",
    "volunteer": "志愿服务",
    "other": "其他",
}
STATUSES: Mapping[str, str] = {"registered": "报名", "signed": "签到", "absent": "缺席"}
ROLES: Mapping[str, str] = {"participant": "参加", "organiser": "组织", "volunteer": "志愿者"}
HONOUR_LEVELS: Mapping[str, str] = {"company": "公司", "group": "集团", "region": "自治区", "nation": "国家"}
HONOUR_TITLES: tuple[str, ...] = ("最美家庭", "巾帼建功标兵", "优秀读者", "技术能手", "巾帼文明岗", "三八红旗手")

MAX_TITLE = 100
MAX_HOURS = 999  # plausibility, not policy: a year of weekly evenings stays far below
MAX_MEMBERS = 20


def label(mapping: Mapping[str, str], code: str | None) -> str:
    return mapping.get(code or "", code or "")


# --- checks -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityFacts:
    """What the clerk typed for one activity, already parsed into values."""

    brand_id: int | None
    title: str
    kind: str
    starts_at: datetime | None
    ends_at: datetime | None
    budget_fen: int = 0
    actual_fen: int = 0


def check_activity(facts: ActivityFacts) -> None:
    """Raise FieldErrors naming every wrong field at once (the dialog shows each beside its field)."""
    errors: dict[str, str] = {}
    if facts.brand_id is None:
        errors["brand_id"] = "请选择活动所属品牌"
    title = facts.title.strip()
    if not title:
        errors["title"] = "请填写活动名称"
    elif len(title) > MAX_TITLE:
        errors["title"] = f"活动名称最多{MAX_TITLE}个字"
    if facts.kind not in KINDS:
        errors["kind"] = f"活动类型“{facts.kind}”不在可选范围内"
    if facts.starts_at is None:
        errors["starts_at"] = "请填写开始时间"
    elif facts.ends_at is not None and facts.ends_at < facts.starts_at:
        errors["ends_at"] = "结束时间早于开始时间"
    for key, name, fen in (("budget_fen", "预算", facts.budget_fen), ("actual_fen", "实际支出", facts.actual_fen)):
        if fen < 0:
            errors[key] = f"{name}不能为负数"
    if errors:
        raise FieldErrors(errors)


def split_family_members(text: str) -> list[str]:
    """ "李强（丈夫）、李小明（儿子）" → ["李强（丈夫）", "李小明（儿子）"]; commas, semicolons, new lines too."""
    return [part.strip() for part in re.split(r"[、,，;；\n]+", text or "") if part.strip()]


def family_size(member_names: str, family_members: int) -> int:
    """The family's size: as entered, or the listed members plus the worker herself when left blank."""
    listed = split_family_members(member_names)
    return family_members or (len(listed) + 1 if listed else 0)


def check_participation(
    *,
    status: str,
    role: str,
    hours: Decimal | None,
    award_rank: str = "",
    award_name: str = "",
    family_members: int = 0,
    family_member_names: str = "",
) -> None:
    errors: dict[str, str] = {}
    if status not in STATUSES:
        errors["status"] = f"状态“{status}”不在可选范围内"
    if role not in ROLES:
        errors["role"] = f"角色“{role}”不在可选范围内"
    if hours is not None and not Decimal(0) <= hours <= MAX_HOURS:
        errors["hours"] = f"时长应在0到{MAX_HOURS}小时之间"
    if award_rank.strip() and not award_name.strip():
        errors["award_name"] = "填写了获奖等次，请同时填写奖项名称"
    if award_name.strip() and status != "signed":
        errors["award_name"] = "只有签到参加的人员才能记录获奖，请先签到"
    if not 0 <= family_members <= MAX_MEMBERS:
        errors["family_members"] = f"家庭人数应在0到{MAX_MEMBERS}之间"
    listed = split_family_members(family_member_names)
    if len(listed) >= MAX_MEMBERS:
        errors["family_member_names"] = f"家庭成员最多列{MAX_MEMBERS - 1}人（不含职工本人）"
    elif family_members and listed and family_members < len(listed) + 1:
        errors["family_members"] = f"家庭人数 {family_members} 人少于列出的成员 {len(listed)} 人加职工本人，请核对"
    if errors:
        raise FieldErrors(errors)


def check_honour(
    *, title: str, year: int | None, level: str, worker_id: int | None, family_name: str, this_year: int
) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "请填写荣誉名称"
    if year is None or not 1949 <= year <= this_year + 1:
        errors["year"] = f"年度应在1949到{this_year + 1}之间"
    if level not in HONOUR_LEVELS:
        errors["level"] = f"级别“{level}”不在可选范围内"
    if worker_id is None:
        # A family is registered under the worker it belongs to, so it shows up on her record too.
        errors["worker_id"] = "请选择获奖职工（家庭荣誉请选择其所属职工）"
    if family_name and len(family_name) > 50:
        errors["family_name"] = "家庭名称最多50个字"
    if errors:
        raise FieldErrors(errors)


def parse_hours(value: object) -> Decimal | None:
    """Hours as typed ("2", "1.5", "") → Decimal with one decimal place, or None for empty."""
    text = str(value or "").strip().removesuffix("小时").strip()
    if not text:
        return None
    try:
        hours = Decimal(text)
    except ArithmeticError:
        raise FieldErrors({"hours": f"时长“{value}”不是数字（如 2 或 1.5）"}) from None
    if not hours.is_finite():
        raise FieldErrors({"hours": f"时长“{value}”不是数字（如 2 或 1.5）"})
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def parse_clock(value: object, *, field: str, label: str) -> time | None:
    """ "9:00", "09:30", "14点", "1430" → a time of day; empty → None."""
    text = str(value or "").strip().replace("：", ":").replace("点", ":").replace("时", ":").rstrip(":")
    if not text:
        return None
    if ":" not in text and text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    parts = text.split(":")
    if ":" not in text and text.isdigit():
        parts = [text, "0"]
    try:
        hour, minute = int(parts[0]), int(parts[1] or 0)
        return time(hour, minute)
    except (ValueError, IndexError):
        raise FieldErrors({field: f"{label}“{value}”不是时刻（如 09:00 或 14:30）"}) from None


# --- reach ------------------------------------------------------------------------------------------------


def rate(part: int, total: int) -> Decimal | None:
    """Percentage with one decimal, rounded half up (2 of 3 → 66.7); None when there is nobody to count."""
    if total <= 0:
        return None
    return (Decimal(100 * part) / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


@dataclass(frozen=True)
class Person:
    worker_id: int
    unit_id: int
    sex: str


@dataclass(frozen=True)
class UnitReach:
    unit_id: int
    depth: int
    women: int
    women_took_part: int
    people: int
    people_took_part: int

    @property
    def women_rate(self) -> Decimal | None:
        return rate(self.women_took_part, self.women)

    @property
    def people_rate(self) -> Decimal | None:
        return rate(self.people_took_part, self.people)


def reach_by_unit(
    people: Iterable[Person], took_part: set[int], parents: Mapping[int, int | None], order: Iterable[int]
) -> list[UnitReach]:
    """Per unit, counting each person in her own unit and every unit above it (a 林场 includes its 班组).

    ``order`` is the tree order the rows come out in; units with nobody in them are left out.
    """
    counts: dict[int, list[int]] = {}
    for p in people:
        unit: int | None = p.unit_id
        seen: set[int] = set()
        while unit is not None and unit not in seen:  # ``seen``: a broken tree must not loop forever
            seen.add(unit)
            c = counts.setdefault(unit, [0, 0, 0, 0])
            c[2] += 1
            c[3] += p.worker_id in took_part
            if p.sex == "F":
                c[0] += 1
                c[1] += p.worker_id in took_part
            unit = parents.get(unit)
    out: list[UnitReach] = []
    for unit_id in order:
        if unit_id in counts:
            w, wt, a, at = counts[unit_id]
            out.append(UnitReach(unit_id, _depth(unit_id, parents), w, wt, a, at))
    return out


def _depth(unit_id: int, parents: Mapping[int, int | None]) -> int:
    depth, unit, seen = 0, parents.get(unit_id), {unit_id}
    while unit is not None and unit not in seen:
        seen.add(unit)
        depth += 1
        unit = parents.get(unit)
    return depth
