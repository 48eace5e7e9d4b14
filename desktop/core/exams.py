"""Exams and screening (体检/两癌筛查): coded values, per-type defaults and the eligibility rule.

domain.md §5: 两癌筛查 targets women aged 35–64, every 2 years by default; the routine exam is yearly for
all workers; occupational exams follow the post's hazards (noise and vibration — chainsaw work — yearly).
The interval is plan data, so the defaults here are only what a new plan of a type starts with.

Intervals are counted in plan years, the way offices say it ("每两年一次": examined in 2024 → due in
2026), not to the day: a yearly exam held in May 2025 must not make her ineligible for a plan starting on
1 May 2026 just because 365 days have not passed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from typing import Protocol

from desktop.core import hazards
from desktop.core.dates import add_months, add_years
from desktop.core.errors import DomainError, FieldErrors

EXAM_TYPE: Mapping[str, str] = {
    "annual": "年度体检",
    "two_cancer": "两癌筛查",
    "gyn": "妇科检查",
    "occupational": "职业健康检查",
    "custom": "其他检查",
}
APPT_STATUS: Mapping[str, str] = {"pending": "待检", "done": "已检", "missed": "缺检", "moved": "改期"}
OPEN_STATUSES: tuple[str, ...] = ("pending", "moved")
"""Still to be examined: a moved (改期) appointment waits for its new day like a pending one."""
RESULT: Mapping[str, str] = {"normal": "正常", "recheck": "异常需复查", "see_doctor": "建议就医"}
FOLLOW_UP_RESULTS: tuple[str, ...] = ("recheck", "see_doctor")

MAX_CAPACITY = 2000
MAX_INTERVAL = 10
MAX_RANGE_DAYS = 366


@dataclass(frozen=True)
class Eligibility:
    """Who a plan is for. Empty tuples mean "any"; ``interval_years`` 0 means no interval check."""

    sex: str = ""
    age_min: int | None = None
    age_max: int | None = None
    employment_types: tuple[str, ...] = ("active",)
    unit_ids: tuple[int, ...] = ()
    """Units chosen by the clerk; the service expands them to their sub-units."""
    hazard_codes: tuple[str, ...] = ()
    """Only workers whose post has at least one of these conditions (occupational exams)."""
    interval_years: int = 0


@dataclass(frozen=True)
class PlanDefaults:
    name: str
    items: str
    preparation: str
    rule: Eligibility


DEFAULTS: Mapping[str, PlanDefaults] = {
    "annual": PlanDefaults(
        "年度健康体检",
        "内科、外科、血常规、尿常规、肝功能、肾功能、血脂、血糖、心电图、胸片、腹部B超",
        "检查前一天晚10点后禁食禁水，当日早晨空腹；携带身份证",
        Eligibility(interval_years=1),
    ),
    "two_cancer": PlanDefaults(
        "女职工两癌筛查",
        "宫颈癌筛查（HPV/TCT）、乳腺癌筛查（乳腺彩超）",
        "避开月经期；检查前3天不冲洗阴道、不同房；携带身份证",
        Eligibility(sex="F", age_min=35, age_max=64, interval_years=2),
    ),
    "gyn": PlanDefaults(
        "女职工妇科检查",
        "妇科常规检查、白带常规、妇科B超",
        "避开月经期；携带身份证",
        Eligibility(sex="F", interval_years=1),
    ),
    "occupational": PlanDefaults(
        "在岗期间职业健康检查",
        "纯音听阈测试、手部振动相关检查、内科常规",
        "检查前24小时内避免接触强噪声；携带身份证",
        Eligibility(hazard_codes=("noise", "vibration"), interval_years=1),
    ),
    "custom": PlanDefaults("", "", "", Eligibility()),
}


@dataclass(frozen=True)
class WorkerFacts:
    """What eligibility needs to know about one worker (read in bulk by the service)."""

    worker_id: int
    sex: str
    birth_date: date
    unit_id: int
    employment_type: str
    hazards: str
    last_exam: date | None = None
    """Day of her last attended exam of this plan's type, in any earlier plan."""


def check_rule(rule: Eligibility) -> Eligibility:
    """The rule as entered, or FieldErrors naming the wrong field."""
    errors: dict[str, str] = {}
    if rule.sex not in ("", "M", "F"):
        errors["sex"] = f"性别应为男、女或不限，现为“{rule.sex}”"
    for key, label, value in (("age_min", "最小年龄", rule.age_min), ("age_max", "最大年龄", rule.age_max)):
        if value is not None and not 16 <= value <= 100:
            errors[key] = f"{label}应在16到100岁之间，现为{value}"
    if (
        "age_min" not in errors
        and "age_max" not in errors
        and rule.age_min is not None
        and rule.age_max is not None
        and rule.age_min > rule.age_max
    ):
        errors["age_max"] = f"最大年龄{rule.age_max}小于最小年龄{rule.age_min}"
    if not 0 <= rule.interval_years <= MAX_INTERVAL:
        errors["interval_years"] = f"间隔年数应在0到{MAX_INTERVAL}之间（0为不限），现为{rule.interval_years}"
    for code in rule.hazard_codes:
        if code not in hazards.HAZARD_BY_CODE:
            errors["hazard_codes"] = f"未知的岗位危害条件“{code}”"
    if errors:
        raise FieldErrors(errors)
    return rule


def whole_age(birth: date, on: date) -> int:
    """dates.age_on without building dates: run for every worker of a 20,000-worker file per view.

    Same rule (the birthday counts; 29 February turns a year older on 1 March in a common year),
    because comparing (month, day) puts 28 February before 29 February.
    """
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def latest_birth(day: date, age: int) -> date:
    """The latest birth date of someone who is at least ``age`` on ``day`` (whole_age's rule)."""
    try:
        return date(day.year - age, day.month, day.day)
    except ValueError:  # 29 February → a common year: born on 28 February is that age, 1 March is not
        return date(day.year - age, 2, 28)


def turns(birth: date, age: int) -> date:
    """The day she reaches ``age`` (whole_age's rule: born 29 February → 1 March in a common year)."""
    try:
        return date(birth.year + age, birth.month, birth.day)
    except ValueError:
        return date(birth.year + age, 3, 1)


def age_window(birth: date, rule: Eligibility, start: date, end: date) -> tuple[date, date] | None:
    """The days from ``start`` to ``end`` on which her age is within the rule's range (first, last), or
    None when there is no such day."""
    first = start if rule.age_min is None else max(start, turns(birth, rule.age_min))
    last = end if rule.age_max is None else min(end, turns(birth, rule.age_max + 1) - timedelta(days=1))
    return (first, last) if first <= last else None


def birth_range(rule: Eligibility, day: date) -> tuple[date | None, date | None]:
    """(born after, born on or before) bounds equivalent to the rule's age range on ``day``, so a
    database can select by birth date alone."""
    after = latest_birth(day, rule.age_max + 1) if rule.age_max is not None else None
    until = latest_birth(day, rule.age_min) if rule.age_min is not None else None
    return after, until


def due_year(last_exam: date | None, interval_years: int) -> int | None:
    """The first year she is due again; None if never examined (due now)."""
    if last_exam is None:
        return None
    return last_exam.year + max(interval_years, 1)


def has_hazard(hazard_text: str, codes: Sequence[str]) -> bool:
    try:
        present = hazards.decode(hazard_text)
    except DomainError:
        # An unreadable post record should not silently drop her from an occupational exam.
        return True
    return any(code in present for code in codes)


def ineligible_reason(
    facts: WorkerFacts, rule: Eligibility, *, exam_day: date, plan_year: int, unit_ids: frozenset[int] | None = None
) -> str:
    """Why she is not on the plan ("" = eligible). Age is whole years on ``exam_day`` (birthday counts).

    ``unit_ids`` is the rule's units already expanded to their sub-units (None: all units).
    """
    if rule.sex and facts.sex != rule.sex:
        return "性别不符"
    age = whole_age(facts.birth_date, exam_day)
    if rule.age_min is not None and age < rule.age_min:
        return f"{age}岁，未满{rule.age_min}岁"
    if rule.age_max is not None and age > rule.age_max:
        return f"{age}岁，超过{rule.age_max}岁"
    if rule.employment_types and facts.employment_type not in rule.employment_types:
        return "用工性质不在范围内"
    if unit_ids is not None and facts.unit_id not in unit_ids:
        return "单位不在范围内"
    if rule.hazard_codes and not has_hazard(facts.hazards, rule.hazard_codes):
        return "岗位无相关职业危害"
    if rule.interval_years:
        due = due_year(facts.last_exam, rule.interval_years)
        if due is not None and due > plan_year:
            assert facts.last_exam is not None
            return f"{facts.last_exam.year}年已检查，{due}年再检"
    return ""


def is_eligible(
    facts: WorkerFacts, rule: Eligibility, *, exam_day: date, plan_year: int, unit_ids: frozenset[int] | None = None
) -> bool:
    return not ineligible_reason(facts, rule, exam_day=exam_day, plan_year=plan_year, unit_ids=unit_ids)


def is_overdue(last_exam: date | None, interval_years: int, on: date) -> bool:
    """Not examined within the interval: never examined, or the year she was due has passed."""
    due = due_year(last_exam, interval_years)
    return due is None or due < on.year


def default_follow_up(result: str, actual: date) -> date | None:
    """A suggested follow-up date: 3 months after 异常需复查, 2 weeks after 建议就医; none when normal."""
    if result == "recheck":
        return add_months(actual, 3)
    if result == "see_doctor":
        return actual + timedelta(days=14)
    return None


def check_result(status: str, actual: date | None, result: str, follow_up: date | None) -> None:
    """An attendance record must hang together; FieldErrors names the field."""
    errors: dict[str, str] = {}
    if status not in APPT_STATUS:
        errors["status"] = f"未知的状态“{status}”"
    if result and result not in RESULT:
        errors["result"] = f"未知的结果类别“{result}”"
    if status == "done" and actual is None:
        errors["actual_date"] = "已检的预约须填写实际检查日期"
    if status != "done" and result:
        errors["result"] = "只有已检的预约才能填写结果"
    if follow_up is not None and result not in FOLLOW_UP_RESULTS:
        errors["follow_up_due"] = "结果为“异常需复查”或“建议就医”时才填写复查日期"
    if follow_up is not None and actual is not None and follow_up < actual:
        errors["follow_up_due"] = f"复查日期 {follow_up.isoformat()} 早于检查日期 {actual.isoformat()}"
    if errors:
        raise FieldErrors(errors)


def check_range(start: date | None, end: date | None) -> None:
    errors: dict[str, str] = {}
    if start is None:
        errors["start_date"] = "请填写开始日期"
    if end is None:
        errors["end_date"] = "请填写结束日期"
    if start is not None and end is not None:
        if end < start:
            errors["end_date"] = f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}"
        elif (end - start).days >= MAX_RANGE_DAYS:
            errors["end_date"] = f"检查期间不能超过{MAX_RANGE_DAYS}天"
        elif add_years(start, 1) <= end:
            errors["end_date"] = "检查期间不能超过一年"
    if errors:
        raise FieldErrors(errors)


# --- the plan a clerk enters (moved from the service, #20) --------------------------------------------


@dataclass(frozen=True)
class PlanDraft:
    exam_type: str = "annual"
    name: str = ""
    year: int = 0
    provider: str = ""
    place: str = ""
    items: str = ""
    preparation: str = ""
    contact: str = ""
    report_time: str = "07:30"
    start_date: date | None = None
    end_date: date | None = None
    daily_capacity: int = 50
    elig_sex: str = ""
    elig_age_min: int | None = None
    elig_age_max: int | None = None
    elig_employment: str = "active"
    elig_units: str = ""
    elig_hazards: str = ""
    interval_years: int = 0
    notes: str = ""
    day_capacities: dict[date, int] = field(default_factory=dict)
    """Days whose capacity differs from ``daily_capacity`` (0 = no exams that day)."""


DRAFT_FIELDS = [f.name for f in fields(PlanDraft) if f.name != "day_capacities"]

FIELD_LABELS = {
    "exam_type": "检查类型",
    "name": "计划名称",
    "year": "年度",
    "provider": "体检机构",
    "place": "检查地点",
    "items": "检查项目",
    "preparation": "注意事项",
    "contact": "联系人及电话",
    "report_time": "报到时间",
    "start_date": "开始日期",
    "end_date": "结束日期",
    "daily_capacity": "每日人数",
    "elig_sex": "性别",
    "elig_age_min": "最小年龄",
    "elig_age_max": "最大年龄",
    "elig_employment": "用工性质",
    "elig_units": "单位范围",
    "elig_hazards": "岗位危害",
    "interval_years": "间隔年数",
    "notes": "备注",
}
# The core names the rule's fields; the plan's columns carry an elig_ prefix.
_RULE_FIELD = {"sex": "elig_sex", "age_min": "elig_age_min", "age_max": "elig_age_max", "hazard_codes": "elig_hazards"}
_TEXT_MAX = {"name": 100, "provider": 100, "place": 200, "contact": 100, "report_time": 30}


def default_draft(exam_type: str, start: date) -> PlanDraft:
    """A new plan of a type, filled with domain.md's defaults (两癌: women 35–64, every 2 years)."""
    d = DEFAULTS.get(exam_type, DEFAULTS["custom"])
    r = d.rule
    return PlanDraft(
        exam_type=exam_type,
        name=f"{start.year}年{d.name}" if d.name else "",
        year=start.year,
        items=d.items,
        preparation=d.preparation,
        start_date=start,
        end_date=start,
        elig_sex=r.sex,
        elig_age_min=r.age_min,
        elig_age_max=r.age_max,
        elig_employment=",".join(r.employment_types),
        elig_hazards=",".join(r.hazard_codes),
        interval_years=r.interval_years,
    )


def _codes(text: str) -> tuple[str, ...]:
    return tuple(sorted({c.strip() for c in (text or "").split(",") if c.strip()}))


def _ints(text: str) -> tuple[int, ...]:
    return tuple(sorted({int(c) for c in (text or "").split(",") if c.strip()}))


class RuleFields(Protocol):
    """The eligibility columns of a plan, stored or drafted (``rule_of`` reads them)."""

    @property
    def elig_sex(self) -> str: ...

    @property
    def elig_age_min(self) -> int | None: ...

    @property
    def elig_age_max(self) -> int | None: ...

    @property
    def elig_employment(self) -> str: ...

    @property
    def elig_units(self) -> str: ...

    @property
    def elig_hazards(self) -> str: ...

    @property
    def interval_years(self) -> int: ...


def rule_of(plan: RuleFields) -> Eligibility:
    """The eligibility rule a plan's columns stand for."""
    return Eligibility(
        sex=plan.elig_sex,
        age_min=plan.elig_age_min,
        age_max=plan.elig_age_max,
        employment_types=_codes(plan.elig_employment),
        unit_ids=_ints(plan.elig_units),
        hazard_codes=_codes(plan.elig_hazards),
        interval_years=plan.interval_years,
    )


def check_draft(draft: PlanDraft) -> PlanDraft:
    """A cleaned copy or FieldErrors naming every wrong field (pure, so the dialog checks as she types)."""
    errors: dict[str, str] = {}
    values = asdict(draft)
    for key in ("name", "provider", "place", "items", "preparation", "contact", "report_time", "notes"):
        values[key] = (
            " ".join(str(values[key] or "").split())
            if key not in ("items", "preparation", "notes")
            else str(values[key] or "").strip()
        )
        limit = _TEXT_MAX.get(key)
        if limit and len(values[key]) > limit:
            errors[key] = f"{FIELD_LABELS[key]}过长（最多{limit}个字）"
    if draft.exam_type not in EXAM_TYPE:
        errors["exam_type"] = f"未知的检查类型“{draft.exam_type}”"
    if not values["name"]:
        errors["name"] = "请填写计划名称，如“2027年女职工两癌筛查”"
    try:
        check_range(draft.start_date, draft.end_date)
    except FieldErrors as e:
        errors.update(e.errors)
    if draft.start_date is not None and not draft.year:
        values["year"] = draft.start_date.year
    elif draft.start_date is not None and draft.year not in (
        draft.start_date.year,
        draft.start_date.year + 1,
        draft.start_date.year - 1,
    ):
        errors["year"] = f"年度{draft.year}与开始日期 {draft.start_date.isoformat()} 不符"
    if not 1 <= int(draft.daily_capacity or 0) <= MAX_CAPACITY:
        errors["daily_capacity"] = f"每日人数应在1到{MAX_CAPACITY}之间"
    for d, cap in draft.day_capacities.items():
        if not 0 <= cap <= MAX_CAPACITY:
            errors["day_capacities"] = f"{d.isoformat()} 的人数应在0到{MAX_CAPACITY}之间"
        elif draft.start_date and draft.end_date and not draft.start_date <= d <= draft.end_date:
            errors["day_capacities"] = f"{d.isoformat()} 不在检查期间内"
    try:
        check_rule(rule_of(draft))
    except FieldErrors as e:
        errors.update({_RULE_FIELD.get(k, k): v for k, v in e.errors.items()})
    except ValueError:
        errors["elig_units"] = "单位范围无法识别"
    if errors:
        raise FieldErrors(errors)
    return PlanDraft(**values)
