"""Date and day-count rules of women workers' "four periods" protection (四期保护).

Authority: /work/shared/domain.md §1–§3 (国务院令第619号《女职工劳动保护特别规定》 and the Inner Mongolia
population and family-planning regulation). Every number that a province or a later amendment may change
lives in ``ProtectionRules`` so the office can keep it as editable rule data; the functions only carry
the arithmetic conventions of §3, which must be the same for everyone.

Inputs may come straight from a form or an Excel cell, so dates are read with ``parse_date`` and every
rejection is a ``DomainError`` whose Chinese message names the field the clerk has to correct.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta

from desktop.core.dates import add_months, add_years, parse_date
from desktop.core.errors import DomainError

DECREE_619 = "国务院令第619号"
"""Short citation used in explanations; the full title is 《女职工劳动保护特别规定》."""

MAX_PREGNANCY_WEEKS = 44
"""Plausibility limit, not policy: a pregnancy dated longer than this from LMP is a typing mistake."""

MAX_BABIES = 9
"""More babies than this in one birth is certainly a typing mistake (e.g. 11 for 1)."""

MAX_LEAVE_DAYS = 730
"""No Chinese region grants anywhere near two years; larger totals are typos such as 1580 for 158."""


@dataclass(frozen=True)
class ProtectionRules:
    """The policy numbers of the four-period rules, defaults as in force in Inner Mongolia.

    Kept as data (domain.md: "editable rule data with an effective date") because the regional
    extension differs by province and any of the national numbers may be amended.
    """

    base_maternity_days: int = 98
    """国务院令第619号第七条: 98 calendar days for a normal single birth."""
    dystocia_extra_days: int = 15
    """Same article: +15 days for a difficult birth (难产)."""
    extra_baby_days: int = 15
    """Same article: +15 days for each additional baby of a multiple birth."""
    regional_extension_days: int = 60
    """内蒙古自治区人口与计划生育条例: +60 days (98 + 60 = 158)."""
    max_prenatal_days: int = 15
    """Of the 98 days, at most 15 may be taken before the birth; also the default start offset."""
    miscarriage_short_days: int = 15
    """Miscarriage before the threshold (pregnant less than 4 months)."""
    miscarriage_long_days: int = 42
    """Miscarriage on or after the threshold."""
    miscarriage_threshold_months: int = 4
    pregnancy_days: int = 280
    """LMP = due date − 280 days (domain.md §3)."""
    seven_month_months: int = 7
    """From LMP + 7 calendar months: no overtime and no night shifts (第六条)."""
    breastfeeding_hours_per_baby: int = 1
    """第九条: 1 hour a working day, +1 hour per additional baby."""
    lactation_months: int = 12
    """第九条: protection until the baby is one year old."""
    months_in_weeks: int = 0
    """How "怀孕7个月" / "满4个月" are counted (#18 item 10): decree 619 does not say. 0 (default, domain.md §3):
    calendar months from LMP; 1: four weeks a month (7 months = 28 weeks, 4 months = 16 weeks), for an office
    that counts in gestational weeks as its hospitals do. Dated rule data like every other number."""
    menstrual_leave_days: int = 0
    """Not law in force (the 1992 Inner Mongolia rule was repealed); some contracts still grant days."""
    extension_region: str = "内蒙古"
    """Named in explanations: "内蒙古延长60天"."""
    extension_source: str = "内蒙古人口与计划生育条例"
    effective_from: date | None = None
    """When this rule set starts to apply; choosing among rule sets is the caller's business."""

    def __post_init__(self) -> None:
        # Rule sets are edited by the clerk, so a bad number must be caught here, before it is used.
        labels = {
            "base_maternity_days": "基本产假天数",
            "dystocia_extra_days": "难产增加天数",
            "extra_baby_days": "多胞胎每多一个婴儿增加天数",
            "regional_extension_days": "地方延长产假天数",
            "max_prenatal_days": "产前假最多天数",
            "miscarriage_short_days": f"不满{self.miscarriage_threshold_months}个月流产假天数",
            "miscarriage_long_days": f"满{self.miscarriage_threshold_months}个月流产假天数",
            "miscarriage_threshold_months": "流产假分界月数",
            "pregnancy_days": "孕期天数（预产期−末次月经）",
            "seven_month_months": "孕晚期保护起始月数",
            "breastfeeding_hours_per_baby": "每个婴儿每天哺乳时间",
            "lactation_months": "哺乳期月数",
            "menstrual_leave_days": "经期假天数",
            "months_in_weeks": "怀孕月数计法",
        }
        must_be_positive = {
            "base_maternity_days",
            "miscarriage_short_days",
            "miscarriage_long_days",
            "miscarriage_threshold_months",
            "pregnancy_days",
            "seven_month_months",
            "lactation_months",
        }
        for f in fields(self):
            if f.name not in labels:
                continue
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise DomainError(f"规则中的{labels[f.name]}必须是整数，现为“{value}”", field=f.name)
            if value < 0 or (value == 0 and f.name in must_be_positive):
                floor = "大于0" if f.name in must_be_positive else "不能为负数"
                raise DomainError(f"规则中的{labels[f.name]}{floor}，现为{value}", field=f.name)
        if self.months_in_weeks not in (0, 1):
            raise DomainError(
                f"规则中的怀孕月数计法只能是0（自然月）或1（按周），现为{self.months_in_weeks}", field="months_in_weeks"
            )
        if self.pregnancy_days > MAX_PREGNANCY_WEEKS * 7:
            raise DomainError(
                f"规则中的孕期天数{self.pregnancy_days}超过{MAX_PREGNANCY_WEEKS}周，请核对",
                field="pregnancy_days",
            )


DEFAULT_RULES = ProtectionRules()


def baby_age_text(rules: ProtectionRules | None = None) -> str:
    """The baby's age at which lactation protection ends, as the decree says it: "1周岁", else "N个月"."""
    months = _rules(rules).lactation_months
    return "1周岁" if months == 12 else f"{months}个月"


def help_texts(rules: ProtectionRules | None = None) -> dict[str, str]:
    """Help texts of the four-period forms and lists, with the numbers of the rules in force (#18 item 9):
    a help text saying "15天" while the office's rule data says otherwise would mislead the clerk."""
    r = _rules(rules)
    return {
        "babies": f"双胞胎填2；每多一个婴儿产假增加{r.extra_baby_days}天",
        "dystocia": f"是（凭医院证明，产假增加{r.dystocia_extra_days}天）",
        "leave_start": f"她实际开始休产假的日期；留空按预产期前{r.max_prenatal_days}天（或分娩日）",
        "seven_month": f"孕满{r.seven_month_months}个月"
        + (f"（按周计：{WEEKS_PER_MONTH * r.seven_month_months}周）" if r.months_in_weeks else ""),
        "night_ban": (
            f"怀孕{r.seven_month_months}个月以上及哺乳未满{baby_age_text(r)}婴儿期间不得延长劳动时间或安排夜班劳动"
        ),
        "lactation_end": f"哺乳期保护的最后一天（婴儿满{baby_age_text(r)}前一天，或停止哺乳之日）",
    }


def _rules(rules: ProtectionRules | None) -> ProtectionRules:
    return DEFAULT_RULES if rules is None else rules


WEEKS_PER_MONTH = 4
"""With ``months_in_weeks``: 7 months = 28 weeks, 4 months = 16 weeks (#18 item 10)."""


def pregnancy_months_later(lmp: date, months: int, rules: ProtectionRules | None = None) -> date:
    """LMP + N months of pregnancy, counted as the office's rules say: calendar months (default, a day missing
    in the target month → its last day) or four weeks a month."""
    if _rules(rules).months_in_weeks:
        return lmp + timedelta(weeks=WEEKS_PER_MONTH * months)
    return add_months(lmp, months)


def months_text(months: int, rules: ProtectionRules | None = None) -> str:
    """How N months are added, for explanations: "7个自然月" or "28周（按周计：7个月 = 28周）"."""
    if _rules(rules).months_in_weeks:
        return f"{WEEKS_PER_MONTH * months}周（本单位规则按周计：{months}个月 = {WEEKS_PER_MONTH * months}周）"
    return f"{months}个自然月"


def as_date(value: object, *, field: str, label: str, required: bool = True) -> date | None:
    """Read a date from a form or spreadsheet and reject it with the field's name if it is not one.

    Shared with the timeline layer so both report the same wording for the same field.
    """
    try:
        day = parse_date(value)
    except DomainError as err:
        raise DomainError(f"{label}：{err.message}", field=field) from None
    if day is None and required:
        raise DomainError(f"请填写{label}", field=field)
    return day


def _required_date(value: object, *, field: str, label: str) -> date:
    day = as_date(value, field=field, label=label)
    assert day is not None  # as_date raises for a missing required date
    return day


def whole_number(value: object, *, field: str, label: str, low: int, high: int) -> int:
    """An integer from a form or an Excel cell (which stores 2 as 2.0), within a plausible range."""
    if isinstance(value, bool):
        raise DomainError(f"{label}必须是整数，现为“{value}”", field=field)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise DomainError(f"{label}必须是整数，现为“{value}”", field=field)
    if not low <= value <= high:
        raise DomainError(f"{label}应在{low}到{high}之间，现为{value}", field=field)
    return value


def check_babies(babies: object) -> int:
    """Number of babies of one birth; 0 or 11 are typing mistakes, not births."""
    return whole_number(babies, field="babies", label="婴儿数（胎数）", low=1, high=MAX_BABIES)


def check_dystocia(dystocia: object) -> bool:
    """Yes/no only: a text such as "顺产" must not silently count as a difficult birth."""
    if isinstance(dystocia, bool):
        return dystocia
    if isinstance(dystocia, int) and dystocia in (0, 1):
        return bool(dystocia)
    raise DomainError(f"难产只能填“是”或“否”，现为“{dystocia}”", field="dystocia")


def lmp_from_due_date(due: date, *, rules: ProtectionRules | None = None) -> date:
    """LMP when only the due date is known: due − 280 days (domain.md §3)."""
    day = _required_date(due, field="due", label="预产期")
    return day - timedelta(days=_rules(rules).pregnancy_days)


def due_from_lmp(lmp: date, *, rules: ProtectionRules | None = None) -> date:
    """The inverse of ``lmp_from_due_date``, for a case where only LMP was recorded."""
    day = _required_date(lmp, field="lmp", label="末次月经")
    return day + timedelta(days=_rules(rules).pregnancy_days)


def seven_month_date(lmp: date, *, rules: ProtectionRules | None = None) -> date:
    """First day of "pregnant 7 months": LMP + 7 calendar months, a missing day → month's last day."""
    day = _required_date(lmp, field="lmp", label="末次月经")
    return pregnancy_months_later(day, _rules(rules).seven_month_months, rules)


class _DefaultExtension(int):
    """The regional extension when the caller did not name one.

    An ``int`` equal to the default (60), so the signature still reads ``extension_days=60``, yet
    recognisable by identity: then a ``rules`` argument decides, so that passing another province's
    rules without also repeating its extension cannot silently keep Inner Mongolia's 60 days.
    """

    def __repr__(self) -> str:
        return str(int(self))


_DEFAULT_EXTENSION_DAYS = _DefaultExtension(ProtectionRules.regional_extension_days)


def maternity_leave_days(
    *,
    babies: int = 1,
    dystocia: bool = False,
    extension_days: int = _DEFAULT_EXTENSION_DAYS,
    rules: ProtectionRules | None = None,
) -> int:
    """Total maternity leave: 98 + 15 (dystocia) + 15 × (babies − 1) + regional extension.

    An explicit ``extension_days`` wins over ``rules.regional_extension_days``; when it is not given,
    the rules' extension is used (60 with the default rules).
    """
    r = _rules(rules)
    n = check_babies(babies)
    hard = check_dystocia(dystocia)
    if extension_days is _DEFAULT_EXTENSION_DAYS:
        extension = r.regional_extension_days
    else:
        extension = whole_number(extension_days, field="extension_days", label="地方延长产假天数", low=0, high=365)
    return r.base_maternity_days + (r.dystocia_extra_days if hard else 0) + r.extra_baby_days * (n - 1) + extension


def default_leave_start(*, due: date, delivery: date | None = None, rules: ProtectionRules | None = None) -> date:
    """Due − 15 days, or the delivery date when she delivered before that day (domain.md §3)."""
    start = due - timedelta(days=_rules(rules).max_prenatal_days)
    if delivery is not None and delivery < start:
        return delivery
    return start


def maternity_leave_period(
    *,
    total_days: int,
    due: date,
    delivery: date | None = None,
    leave_start: date | None = None,
    rules: ProtectionRules | None = None,
) -> tuple[date, date]:
    """First and last day (inclusive) of maternity leave.

    end = max(start + total − 1, delivery + (total − 15) − 1): a late birth never cuts the postnatal part.

    Prenatal leave is at most 15 days, so an explicit ``leave_start`` earlier than 15 days before the
    birth is rejected rather than clamped: a clamped date would be printed on a form the woman signs
    while she actually left earlier, and the extra days are not maternity leave (they are sick or annual
    leave, which the office must record differently). "Before the birth" means the earlier of delivery
    and due date: with a late delivery she cannot be blamed for the days past her due date, which the
    formula above already gives back after the birth.
    """
    r = _rules(rules)
    total = whole_number(total_days, field="total_days", label="产假天数", low=1, high=MAX_LEAVE_DAYS)
    due_day = _required_date(due, field="due", label="预产期")
    born = as_date(delivery, field="delivery", label="分娩日期", required=False)
    asked = as_date(leave_start, field="leave_start", label="产假开始日期", required=False)

    lmp = due_day - timedelta(days=r.pregnancy_days)
    latest = lmp + timedelta(weeks=MAX_PREGNANCY_WEEKS)
    if born is not None:
        if born < lmp:
            raise DomainError(
                f"分娩日期 {born.isoformat()} 早于按预产期推算的末次月经 {lmp.isoformat()}，请核对",
                field="delivery",
            )
        if born > latest:
            raise DomainError(
                f"分娩日期 {born.isoformat()} 距末次月经超过{MAX_PREGNANCY_WEEKS}周，请核对分娩日期或预产期",
                field="delivery",
            )

    if asked is None:
        start = default_leave_start(due=due_day, delivery=born, rules=r)
    else:
        if born is not None and asked > born:
            raise DomainError(
                f"产假开始日期 {asked.isoformat()} 晚于分娩日期 {born.isoformat()}；产假最迟从分娩当天开始",
                field="leave_start",
            )
        anchor = due_day if born is None else min(due_day, born)
        earliest = anchor - timedelta(days=r.max_prenatal_days)
        if asked < earliest:
            what = "预产期" if anchor == due_day else "分娩日期"
            raise DomainError(
                f"产假开始日期 {asked.isoformat()} 早于{what} {anchor.isoformat()} 前{r.max_prenatal_days}天"
                f"（{earliest.isoformat()}）；产前假最多{r.max_prenatal_days}天，更早的天数不算产假",
                field="leave_start",
            )
        if born is None and asked > latest:
            raise DomainError(
                f"产假开始日期 {asked.isoformat()} 距末次月经超过{MAX_PREGNANCY_WEEKS}周，请核对",
                field="leave_start",
            )
        start = asked

    end = start + timedelta(days=total - 1)
    if born is not None:
        end = max(end, born + timedelta(days=total - r.max_prenatal_days - 1))
    return start, end


def miscarriage_threshold_date(lmp: date, *, rules: ProtectionRules | None = None) -> date:
    """LMP + 4 calendar months: a miscarriage on or after this day counts as "4 months or more"."""
    day = _required_date(lmp, field="lmp", label="末次月经")
    return pregnancy_months_later(day, _rules(rules).miscarriage_threshold_months, rules)


def miscarriage_leave_days(*, lmp: date, miscarriage: date, rules: ProtectionRules | None = None) -> int:
    """15 days if the miscarriage is before LMP + 4 calendar months, else 42 (第七条, domain.md §3)."""
    r = _rules(rules)
    start = _required_date(lmp, field="lmp", label="末次月经")
    lost = _required_date(miscarriage, field="miscarriage", label="流产日期")
    if lost < start:
        raise DomainError(f"流产日期 {lost.isoformat()} 早于末次月经 {start.isoformat()}，请核对", field="miscarriage")
    if lost > start + timedelta(weeks=MAX_PREGNANCY_WEEKS):
        raise DomainError(
            f"流产日期 {lost.isoformat()} 距末次月经超过{MAX_PREGNANCY_WEEKS}周，请核对", field="miscarriage"
        )
    if lost < miscarriage_threshold_date(start, rules=r):
        return r.miscarriage_short_days
    return r.miscarriage_long_days


def first_birthday(delivery: date, *, rules: ProtectionRules | None = None) -> date:
    """The day lactation protection stops applying (the child's first birthday by default).

    Whole years go through ``add_years`` so a 29 February child turns one on 1 March (domain.md §3);
    ``add_months`` would say 28 February and end the protection a day early.
    """
    r = _rules(rules)
    born = _required_date(delivery, field="delivery", label="分娩日期")
    years, months = divmod(r.lactation_months, 12)
    return add_months(add_years(born, years), months) if months else add_years(born, years)


def lactation_end(delivery: date, *, rules: ProtectionRules | None = None) -> date:
    """Last day of lactation protection: the day before the child's first birthday (inclusive end)."""
    return first_birthday(delivery, rules=rules) - timedelta(days=1)


def breastfeeding_hours(babies: int, *, rules: ProtectionRules | None = None) -> int:
    """Daily breastfeeding time in hours: 1 hour × number of babies (第九条)."""
    return _rules(rules).breastfeeding_hours_per_baby * check_babies(babies)
