"""One woman's four-period timeline, each date with the rule and numbers that produced it.

The clerk has to defend every date on the 女职工四期保护台账 to the woman, her section chief and HR, so a
bare date is not enough: each value carries a Chinese sentence naming the rule and the arithmetic,
e.g. "末次月经 = 预产期 2026-05-20 − 280天".

Conventions where domain.md is silent (kept here so screens and forms agree):
- Only LMP known: the due date is derived as LMP + 280 days, the inverse of §3.
- Only the delivery date known: leave starts on the delivery day unless a start was entered, and no
  pregnancy week can be stated (state_on gives no pregnancy state before the delivery).
- No delivery recorded yet: the leave is planned from the due date; pregnancy states stop at
  LMP + 44 weeks so a case nobody updated does not read "孕7月以上" forever.
- ``lactation_stopped`` is the last day she still breastfed; protection ends after it.
- ``return_to_work`` before the leave end ends "产假中" early (she is back at work, so lactation or
  nothing applies); a later return does not lengthen the leave.
- Miscarriage leave starts on the miscarriage day.
- A pregnancy that ended (birth or miscarriage) before LMP + 7 months shows no 7-month date.
- The prohibited-work period follows her body, not her leave: before the delivery it is "pregnancy",
  from the delivery through lactation it is "lactation", also while on leave, so a woman who returns
  early is covered from her first day back.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Literal

from desktop.core.dates import format_date
from desktop.core.errors import DomainError
from desktop.core.protections import (
    DECREE_619,
    MAX_PREGNANCY_WEEKS,
    ProtectionRules,
    as_date,
    baby_age_text,
    breastfeeding_hours,
    check_babies,
    check_dystocia,
    due_from_lmp,
    first_birthday,
    lactation_end,
    lmp_from_due_date,
    maternity_leave_days,
    maternity_leave_period,
    miscarriage_leave_days,
    miscarriage_threshold_date,
    months_text,
    seven_month_date,
)

ProhibitedPeriod = Literal["pregnancy", "lactation"]


@dataclass(frozen=True)
class PregnancyCase:
    """What the office knows about one pregnancy; any date may still be unknown (None)."""

    lmp: date | None = None
    due: date | None = None
    delivery: date | None = None
    babies: int = 1
    dystocia: bool = False
    miscarriage: date | None = None
    leave_start: date | None = None
    """The day she actually started leave, when it differs from the default."""
    return_to_work: date | None = None
    lactation_stopped: date | None = None


@dataclass(frozen=True)
class ExplainedDate:
    day: date
    reason: str


@dataclass(frozen=True)
class ExplainedNumber:
    value: int
    reason: str


TIMELINE_LABELS: dict[str, str] = {
    "lmp": "末次月经",
    "due": "预产期",
    "seven_month": "孕满7个月",
    "delivery": "分娩日期",
    "leave_days": "产假天数",
    "leave_start": "产假开始",
    "leave_end": "产假结束",
    "return_to_work": "返岗日期",
    "lactation_end": "哺乳期结束",
    "lactation_stopped": "停止哺乳",
    "breastfeeding_hours": "每日哺乳时间（小时）",
    "miscarriage": "流产日期",
    "miscarriage_leave_days": "流产假天数",
    "miscarriage_leave_start": "流产假开始",
    "miscarriage_leave_end": "流产假结束",
}


@dataclass(frozen=True)
class Timeline:
    """Every key date of one case; None where it does not apply or cannot be known yet."""

    lmp: ExplainedDate | None = None
    due: ExplainedDate | None = None
    seven_month: ExplainedDate | None = None
    delivery: ExplainedDate | None = None
    leave_days: ExplainedNumber | None = None
    leave_start: ExplainedDate | None = None
    leave_end: ExplainedDate | None = None
    return_to_work: ExplainedDate | None = None
    lactation_end: ExplainedDate | None = None
    lactation_stopped: ExplainedDate | None = None
    breastfeeding_hours: ExplainedNumber | None = None
    miscarriage: ExplainedDate | None = None
    miscarriage_leave_days: ExplainedNumber | None = None
    miscarriage_leave_start: ExplainedDate | None = None
    miscarriage_leave_end: ExplainedDate | None = None

    def rows(self) -> list[tuple[str, str, str]]:
        """(label, value, reason) in display order, for the ledger's detail view and printed forms."""
        out: list[tuple[str, str, str]] = []
        for f in fields(self):
            item = getattr(self, f.name)
            if item is None:
                continue
            text = format_date(item.day) if isinstance(item, ExplainedDate) else str(item.value)
            out.append((TIMELINE_LABELS[f.name], text, item.reason))
        return out


@dataclass(frozen=True)
class ProtectionState:
    """Where she stands on one day: code for logic, label for the ledger."""

    code: Literal["pregnant", "pregnant_7m", "maternity_leave", "lactation", "miscarriage_leave"]
    label: str
    weeks: int | None
    """Completed weeks since LMP while pregnant, else None."""
    prohibited_period: ProhibitedPeriod | None
    night_overtime_ban: bool


def _d(day: date) -> str:
    return format_date(day)


def _leave_days_reason(total: int, babies: int, dystocia: bool, rules: ProtectionRules) -> str:
    parts = [f"国家{rules.base_maternity_days}天"]
    if dystocia:
        parts.append(f"难产{rules.dystocia_extra_days}天")
    if babies > 1:
        parts.append(f"多胞胎{babies}胎增加{rules.extra_baby_days}天×{babies - 1}")
    sources = f"{DECREE_619}第七条"
    if rules.regional_extension_days:
        parts.append(f"{rules.extension_region}延长{rules.regional_extension_days}天")
        sources += f"；{rules.extension_source}"
    return f"产假{total}天 = " + " + ".join(parts) + f"（{sources}）"


@dataclass(frozen=True)
class _Facts:
    """The case as entered, each value checked (a wrong one is refused with its field)."""

    babies: int
    dystocia: bool
    lmp: date | None
    due: date | None
    delivery: date | None
    miscarriage: date | None
    leave_start: date | None
    back: date | None
    stopped: date | None


def _read_case(case: PregnancyCase) -> _Facts:
    # Keyword arguments are evaluated in order, so the first wrong field is the one reported, as on the form.
    return _Facts(
        babies=check_babies(case.babies),
        dystocia=check_dystocia(case.dystocia),
        lmp=as_date(case.lmp, field="lmp", label="末次月经", required=False),
        due=as_date(case.due, field="due", label="预产期", required=False),
        delivery=as_date(case.delivery, field="delivery", label="分娩日期", required=False),
        miscarriage=as_date(case.miscarriage, field="miscarriage", label="流产日期", required=False),
        leave_start=as_date(case.leave_start, field="leave_start", label="产假开始日期", required=False),
        back=as_date(case.return_to_work, field="return_to_work", label="返岗日期", required=False),
        stopped=as_date(case.lactation_stopped, field="lactation_stopped", label="停止哺乳日期", required=False),
    )


@dataclass(frozen=True)
class _Dating:
    """LMP and due date, each entered or derived from the other; both None when neither was entered."""

    lmp: ExplainedDate | None = None
    due: ExplainedDate | None = None

    @property
    def lmp_day(self) -> date | None:
        return self.lmp.day if self.lmp is not None else None

    @property
    def due_day(self) -> date | None:
        return self.due.day if self.due is not None else None


def _dating(f: _Facts, r: ProtectionRules) -> _Dating:
    lmp, due = f.lmp, f.due
    if lmp is not None and due is not None:
        if due <= lmp:
            raise DomainError(f"预产期 {_d(due)} 不晚于末次月经 {_d(lmp)}，请核对", field="due")
        if due > lmp + timedelta(weeks=MAX_PREGNANCY_WEEKS):
            raise DomainError(
                f"预产期 {_d(due)} 距末次月经 {_d(lmp)} 超过{MAX_PREGNANCY_WEEKS}周，请核对",
                field="due",
            )
        return _Dating(ExplainedDate(lmp, "末次月经（录入）"), ExplainedDate(due, "预产期（录入）"))
    if due is not None:
        derived = lmp_from_due_date(due, rules=r)
        return _Dating(
            ExplainedDate(derived, f"末次月经 = 预产期 {_d(due)} − {r.pregnancy_days}天"),
            ExplainedDate(due, "预产期（录入）"),
        )
    if lmp is not None:
        derived = due_from_lmp(lmp, rules=r)
        return _Dating(
            ExplainedDate(lmp, "末次月经（录入）"),
            ExplainedDate(
                derived, f"预产期 = 末次月经 {_d(lmp)} + {r.pregnancy_days}天（未录入预产期，按末次月经推算）"
            ),
        )
    return _Dating()


def _check_pregnancy_end(f: _Facts, lmp: date | None) -> None:
    """The birth or miscarriage lies within 44 weeks from LMP, and only one of them is given."""
    for name, label, day in (("delivery", "分娩日期", f.delivery), ("miscarriage", "流产日期", f.miscarriage)):
        if day is None or lmp is None:
            continue
        if day < lmp:
            raise DomainError(f"{label} {_d(day)} 早于末次月经 {_d(lmp)}，请核对", field=name)
        if day > lmp + timedelta(weeks=MAX_PREGNANCY_WEEKS):
            raise DomainError(f"{label} {_d(day)} 距末次月经超过{MAX_PREGNANCY_WEEKS}周，请核对", field=name)
    if f.delivery is not None and f.miscarriage is not None:
        raise DomainError("同一次妊娠不能既填分娩日期又填流产日期，请删去其中一个", field="miscarriage")


def _seven_month(lmp: date | None, ended: date | None, r: ProtectionRules) -> ExplainedDate | None:
    if lmp is None:
        return None
    seven = seven_month_date(lmp, rules=r)
    # A pregnancy that ended before 7 months never reached the night-shift ban; printing the date would
    # suggest it did.
    if ended is not None and ended <= seven:
        return None
    reason = (
        f"孕满{r.seven_month_months}个月 = 末次月经 {_d(lmp)} + {months_text(r.seven_month_months, r)}"
        f"（{DECREE_619}第六条：怀孕{r.seven_month_months}个月以上不得延长劳动时间或安排夜班劳动）"
    )
    if seven.day != lmp.day and not r.months_in_weeks:
        reason += f"；{seven.year}年{seven.month}月没有{lmp.day}日，取当月最后一天"
    return ExplainedDate(seven, reason)


@dataclass(frozen=True)
class _MiscarriageLeave:
    day: ExplainedDate
    days: ExplainedNumber
    start: ExplainedDate
    end: ExplainedDate
    back: ExplainedDate | None


def _miscarriage_leave(f: _Facts, miscarriage: date, lmp: date | None, r: ProtectionRules) -> _MiscarriageLeave:
    if lmp is None:
        raise DomainError("计算流产假需要末次月经或预产期，请先填写", field="lmp")
    if f.leave_start is not None:
        raise DomainError("流产时不适用产假开始日期，请删去产假开始日期", field="leave_start")
    if f.stopped is not None:
        raise DomainError("没有分娩日期，不能填写停止哺乳日期", field="lactation_stopped")
    days = miscarriage_leave_days(lmp=lmp, miscarriage=miscarriage, rules=r)
    threshold = miscarriage_threshold_date(lmp, rules=r)
    months = r.miscarriage_threshold_months
    compare = f"末次月经 {_d(lmp)} + {months_text(months, r)}（{_d(threshold)}）"
    if miscarriage < threshold:
        why = f"流产日 {_d(miscarriage)} 早于{compare}，怀孕不满{months}个月"
    else:
        why = f"流产日 {_d(miscarriage)} 不早于{compare}，怀孕满{months}个月"
    end = miscarriage + timedelta(days=days - 1)
    back: ExplainedDate | None = None
    if f.back is not None:
        if f.back < miscarriage:
            raise DomainError(f"返岗日期 {_d(f.back)} 早于流产日期 {_d(miscarriage)}，请核对", field="return_to_work")
        back = ExplainedDate(f.back, _return_reason(f.back, end, "流产假"))
    return _MiscarriageLeave(
        day=ExplainedDate(miscarriage, "流产日期（录入）"),
        days=ExplainedNumber(days, f"流产假{days}天：{why}（{DECREE_619}第七条）"),
        start=ExplainedDate(miscarriage, f"流产假开始 = 流产日 {_d(miscarriage)}"),
        end=ExplainedDate(end, f"流产假结束 = 流产日 {_d(miscarriage)} + {days}天 − 1（含首尾，节假日计入）"),
        back=back,
    )


def _delivery(delivery: date | None, due: date | None) -> ExplainedDate | None:
    if delivery is None:
        return None
    note = "分娩日期（录入）"
    if due is not None and delivery != due:
        gap = (delivery - due).days
        note += f"，比预产期{'晚' if gap > 0 else '早'}{abs(gap)}天"
    return ExplainedDate(delivery, note)


def _check_nothing_to_plan(f: _Facts) -> None:
    """Without any date of the pregnancy, no leave or lactation date may be given either."""
    if f.leave_start is not None:
        raise DomainError("计算产假需要预产期、末次月经或分娩日期，请先填写", field="due")
    if f.back is not None:
        raise DomainError("没有分娩或流产记录，不能填写返岗日期", field="return_to_work")
    if f.stopped is not None:
        raise DomainError("没有分娩日期，不能填写停止哺乳日期", field="lactation_stopped")


@dataclass(frozen=True)
class _MaternityLeave:
    days: ExplainedNumber
    start: ExplainedDate
    end: ExplainedDate
    back: ExplainedDate | None


def _leave_period(f: _Facts, due: date | None, total: int, r: ProtectionRules) -> tuple[date, date, str]:
    """First and last day of the leave, and why it starts when it does."""
    asked, delivery = f.leave_start, f.delivery
    if due is None:
        assert delivery is not None
        # Without a due date the default start (due − 15) is unknown; she is taken to start on the birth.
        start, end = maternity_leave_period(
            total_days=total, due=delivery, delivery=delivery, leave_start=asked or delivery, rules=r
        )
        if asked is not None:
            return start, end, "产假开始（录入的实际休假日）"
        return start, end, f"产假开始 = 分娩日 {_d(delivery)}（未录入预产期）"
    start, end = maternity_leave_period(total_days=total, due=due, delivery=delivery, leave_start=asked, rules=r)
    if asked is not None:
        return start, end, f"产假开始（录入的实际休假日）；产前假最多{r.max_prenatal_days}天"
    if delivery is not None and start == delivery:
        why = f"产假开始 = 分娩日 {_d(delivery)}（在预产期 {_d(due)} − {r.max_prenatal_days}天之前分娩）"
        return start, end, why
    why = (
        f"产假开始 = 预产期 {_d(due)} − {r.max_prenatal_days}天"
        f"（产前假最多{r.max_prenatal_days}天，{DECREE_619}第七条）"
    )
    return start, end, why


def _leave_end_reason(delivery: date | None, start: date, end: date, total: int, r: ProtectionRules) -> str:
    if delivery is not None and end > start + timedelta(days=total - 1):
        reason = (
            f"产假结束 = 分娩日 {_d(delivery)} + ({total} − {r.max_prenatal_days})天 − 1"
            f"（产前已休超过{r.max_prenatal_days}天，产后假不因晚产缩短）"
        )
    else:
        reason = f"产假结束 = 开始 {_d(start)} + {total}天 − 1（含首尾，节假日计入）"
    if delivery is None:
        reason += "；尚未分娩，按预产期预计，分娩后按实际日期重算"
    return reason


def _maternity_leave(f: _Facts, due: date | None, r: ProtectionRules) -> _MaternityLeave:
    """The leave from the due date or the birth; ``due`` and ``f.delivery`` are not both None."""
    total = maternity_leave_days(
        babies=f.babies, dystocia=f.dystocia, extension_days=r.regional_extension_days, rules=r
    )
    start, end, start_reason = _leave_period(f, due, total, r)
    back: ExplainedDate | None = None
    if f.back is not None:
        if f.back < start:
            raise DomainError(f"返岗日期 {_d(f.back)} 早于产假开始日期 {_d(start)}，请核对", field="return_to_work")
        if f.delivery is not None and f.back < f.delivery:
            raise DomainError(f"返岗日期 {_d(f.back)} 早于分娩日期 {_d(f.delivery)}，请核对", field="return_to_work")
        back = ExplainedDate(f.back, _return_reason(f.back, end, "产假"))
    return _MaternityLeave(
        days=ExplainedNumber(total, _leave_days_reason(total, f.babies, f.dystocia, r)),
        start=ExplainedDate(start, start_reason),
        end=ExplainedDate(end, _leave_end_reason(f.delivery, start, end, total, r)),
        back=back,
    )


@dataclass(frozen=True)
class _Lactation:
    end: ExplainedDate
    stopped: ExplainedDate | None
    hours: ExplainedNumber


def _lactation(f: _Facts, r: ProtectionRules) -> _Lactation | None:
    """Lactation from the birth; None before it (a stop date then is refused)."""
    delivery, stopped = f.delivery, f.stopped
    if delivery is None:
        if stopped is not None:
            raise DomainError("没有分娩日期，不能填写停止哺乳日期", field="lactation_stopped")
        return None
    birthday = first_birthday(delivery, rules=r)
    last = lactation_end(delivery, rules=r)
    reason = f"哺乳期结束 = 婴儿满{baby_age_text(r)}（{_d(birthday)}）前一天（{DECREE_619}第九条）"
    if (delivery.month, delivery.day) == (2, 29) and birthday.month == 3 and birthday.day == 1:
        reason += "；2月29日出生，平年生日按3月1日计"
    stopped_item: ExplainedDate | None = None
    if stopped is not None:
        if stopped < delivery:
            raise DomainError(
                f"停止哺乳日期 {_d(stopped)} 早于分娩日期 {_d(delivery)}，请核对", field="lactation_stopped"
            )
        if stopped < last:
            stopped_item = ExplainedDate(
                stopped, f"停止哺乳（录入），早于哺乳期结束 {_d(last)}，次日起不再享受哺乳期保护"
            )
    hours = breastfeeding_hours(f.babies, rules=r)
    return _Lactation(
        end=ExplainedDate(last, reason),
        stopped=stopped_item,
        hours=ExplainedNumber(
            hours,
            f"每天哺乳时间{hours}小时 = {r.breastfeeding_hours_per_baby}小时 × {f.babies}个婴儿（{DECREE_619}第九条）",
        ),
    )


def build_timeline(case: PregnancyCase, rules: ProtectionRules | None = None) -> Timeline:
    """Compute and explain every key date; contradictory or impossible inputs raise DomainError.

    The checks run in the order the form is read (dating, the end of the pregnancy, then leave, return and
    lactation), so the field marked is the first one wrong.
    """
    r = rules or ProtectionRules()
    f = _read_case(case)
    dating = _dating(f, r)
    lmp, due = dating.lmp_day, dating.due_day
    _check_pregnancy_end(f, lmp)
    seven = _seven_month(lmp, f.delivery or f.miscarriage, r)

    if f.miscarriage is not None:
        lost = _miscarriage_leave(f, f.miscarriage, lmp, r)
        return Timeline(
            lmp=dating.lmp,
            due=dating.due,
            seven_month=seven,
            return_to_work=lost.back,
            miscarriage=lost.day,
            miscarriage_leave_days=lost.days,
            miscarriage_leave_start=lost.start,
            miscarriage_leave_end=lost.end,
        )

    if due is None and f.delivery is None:
        _check_nothing_to_plan(f)
        return Timeline()

    leave = _maternity_leave(f, due, r)
    lactation = _lactation(f, r)
    return Timeline(
        lmp=dating.lmp,
        due=dating.due,
        seven_month=seven,
        delivery=_delivery(f.delivery, due),
        leave_days=leave.days,
        leave_start=leave.start,
        leave_end=leave.end,
        return_to_work=leave.back,
        lactation_end=lactation.end if lactation else None,
        lactation_stopped=lactation.stopped if lactation else None,
        breastfeeding_hours=lactation.hours if lactation else None,
    )


LABOUR_CONTRACT_LAW = "《劳动合同法》第四十二条第四项、第四十五条"


def contract_extension(
    t: Timeline, contract_end: date | None, rules: ProtectionRules | None = None
) -> ExplainedDate | None:
    """The day a labour contract ending inside her pregnancy, maternity leave or lactation runs on to.

    劳动合同法 art. 42(4) forbids ending the contract of a woman in 孕期、产期、哺乳期 and art. 45 makes a
    contract that expires then continue "至相应的情形消失时", i.e. until lactation ends (one year after the
    birth by default) — longer than 妇女权益保障法 art. 48 (to the end of maternity leave), which also covers
    聘用合同 and service agreements. After a miscarriage the protected period ends with the miscarriage leave.
    Before the birth the lactation end is estimated from the due date. None when the contract ends outside.
    """
    if contract_end is None:
        return None
    start = t.lmp.day if t.lmp is not None else t.delivery.day if t.delivery is not None else None
    if start is None or contract_end < start:
        return None
    r = rules or ProtectionRules()
    ended = t.delivery or t.miscarriage
    estimated = ""
    if t.miscarriage is not None:
        if t.miscarriage_leave_end is None:
            return None
        end, until = t.miscarriage_leave_end.day, "流产假结束"
    elif t.lactation_end is not None:
        end, until = t.lactation_end.day, "哺乳期满"
    elif t.due is not None:
        end, until = lactation_end(t.due.day, rules=r), "哺乳期满"
        estimated = "（未分娩，按预产期预计，分娩后按实际日期重算）"
    else:
        return None
    if contract_end >= end:
        return None
    leave_last = t.leave_end.day if t.leave_end is not None else None
    if ended is None or contract_end < ended.day:
        period = "孕期"
    elif t.miscarriage is not None or (leave_last is not None and contract_end <= leave_last):
        period = "产期"
    else:
        period = "哺乳期"
    return ExplainedDate(
        end,
        f"合同到期日 {_d(contract_end)} 在{period}内，劳动合同应续延至{until} {_d(end)}"
        f"{estimated}，期间不得因合同期满终止（{LABOUR_CONTRACT_LAW}）",
    )


def _return_reason(back: date, leave_end: date, leave: str) -> str:
    if back <= leave_end:
        unused = (leave_end - back).days + 1
        return f"实际返岗（录入），早于{leave}结束 {_d(leave_end)}，{leave}余{unused}天未休"
    extra = (back - leave_end).days - 1
    if extra == 0:
        return f"实际返岗（录入），{leave}结束次日返岗"
    return f"实际返岗（录入），{leave}结束后{extra}天不属于{leave}，应按其他假别登记"


def _lactation_last_day(t: Timeline) -> date | None:
    if t.lactation_end is None:
        return None
    if t.lactation_stopped is not None:
        return min(t.lactation_end.day, t.lactation_stopped.day)
    return t.lactation_end.day


def _pregnancy_weeks(t: Timeline, day: date) -> int | None:
    """Completed weeks since LMP if she is pregnant on the day, else None."""
    if t.lmp is None or day < t.lmp.day:
        return None
    ended = t.delivery or t.miscarriage
    if ended is not None:
        if day >= ended.day:
            return None
    elif day >= t.lmp.day + timedelta(weeks=MAX_PREGNANCY_WEEKS):
        return None
    return (day - t.lmp.day).days // 7


def _in_lactation(t: Timeline, day: date) -> bool:
    last = _lactation_last_day(t)
    return t.delivery is not None and last is not None and t.delivery.day <= day <= last


def _state_from_timeline(t: Timeline, day: date) -> ProtectionState | None:
    weeks = _pregnancy_weeks(t, day)
    lactating = _in_lactation(t, day)
    late_pregnancy = weeks is not None and t.seven_month is not None and day >= t.seven_month.day
    period: ProhibitedPeriod | None = "pregnancy" if weeks is not None else "lactation" if lactating else None
    ban = late_pregnancy or lactating
    back = t.return_to_work.day if t.return_to_work else None

    if t.miscarriage_leave_start and t.miscarriage_leave_end:
        on_leave = t.miscarriage_leave_start.day <= day <= t.miscarriage_leave_end.day
        if on_leave and (back is None or day < back):
            return ProtectionState("miscarriage_leave", "流产假", None, None, False)
    if t.leave_start and t.leave_end:
        on_leave = t.leave_start.day <= day <= t.leave_end.day
        if on_leave and (back is None or day < back):
            return ProtectionState("maternity_leave", "产假中", weeks, period, ban)
    if lactating:
        return ProtectionState("lactation", "哺乳期", None, "lactation", True)
    if weeks is not None:
        if late_pregnancy:
            return ProtectionState("pregnant_7m", "孕7月以上", weeks, "pregnancy", True)
        return ProtectionState("pregnant", f"孕{weeks}周", weeks, "pregnancy", False)
    return None


def _day(day: object) -> date:
    checked = as_date(day, field="day", label="查询日期")
    assert checked is not None
    return checked


def state_on(case: PregnancyCase, day: date, rules: ProtectionRules | None = None) -> ProtectionState | None:
    """Her protection state on a day, or None when no period applies (before LMP, after all periods)."""
    return _state_from_timeline(build_timeline(case, rules), _day(day))


def prohibited_period_on(
    case: PregnancyCase, day: date, rules: ProtectionRules | None = None
) -> ProhibitedPeriod | None:
    """Which column of the prohibited-work checklist applies: "pregnancy", "lactation" or None."""
    state = state_on(case, day, rules)
    return state.prohibited_period if state else None


def night_overtime_ban_on(case: PregnancyCase, day: date, rules: ProtectionRules | None = None) -> bool:
    """True from LMP + 7 months until the delivery, and through lactation (第六条、第九条)."""
    state = state_on(case, day, rules)
    return bool(state and state.night_overtime_ban)
