"""Four-period reminders: reaching 7 months, due date, leave start, leave end / return, lactation end."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from db.models import ProtectionCase, Worker
from desktop.core import hazards
from desktop.core.dates import format_date
from desktop.core.errors import DomainError
from desktop.core.protection_timeline import Timeline, contract_extension
from desktop.services.protections.cases import evaluate, frozen_rules, to_core
from desktop.services.protections.ledger import effective_post, load_cases
from desktop.services.protections.rules import RuleBook, load_rulebook
from desktop.services.reminders import Reminder

AREA = "四期保护"


def protection_reminders(session: Session, start: date, end: date) -> list[Reminder]:
    """Events of live cases falling on start..end (inclusive); cases the rules reject are skipped here
    (the ledger lists them as "数据需核对")."""
    book = load_rulebook(session)
    out: list[Reminder] = []
    for case, worker, unit_name in load_cases(session, start):
        for order, day, kind, detail in _events(case, worker, book, start):
            if start <= day <= end:
                out.append(
                    Reminder(
                        day=day,
                        kind_label=kind,
                        name=worker.name,
                        unit=unit_name,
                        detail=detail,
                        area=AREA,
                        worker_id=worker.id,
                        ref_id=case.id,
                        ref_kind="case",
                        order=order,
                    )
                )
    return out


def _events(case: ProtectionCase, worker: Worker, book: RuleBook, start: date) -> list[tuple[int, date, str, str]]:
    try:
        t, rules = evaluate(to_core(case), book, fallback=start, frozen=frozen_rules(case))
    except DomainError:
        return []
    ended = case.delivery_date is not None or case.miscarriage_date is not None
    out: list[tuple[int, date, str, str]] = []
    if t.seven_month is not None and not ended:
        day = t.seven_month.day
        detail = "起不得安排夜班和延长劳动时间（国务院令第619号第六条）"
        _, conditions, _ = effective_post(case, worker, day)
        if _night_or_overtime(conditions):
            detail += "；现岗位有夜班/加班，须调整"
        out.append((1, day, "孕满7个月", detail))
    if t.leave_start is not None and case.miscarriage_date is None:
        prenatal = f"预计：预产期前{rules.max_prenatal_days}天"
        how = "已录入" if case.leave_start is not None else prenatal if t.due else "分娩日"
        until = format_date(t.leave_end.day) if t.leave_end else ""
        out.append((2, t.leave_start.day, "产假开始", f"{how}；产假至 {until}"))
    if t.due is not None and not ended:
        out.append((3, t.due.day, "预产期", "尚未记录分娩；分娩后请录入分娩日期、胎数和是否难产"))
    out.extend(_leave_end(case, t))
    extended = contract_extension(t, worker.contract_end, rules)
    if extended is not None and worker.contract_end is not None:
        # On the day the contract would have ended, so HR does not let it lapse (劳动合同法第四十五条).
        out.append((7, worker.contract_end, "合同到期（应续延）", extended.reason))
    if t.lactation_end is not None and t.lactation_stopped is None and case.lactation_stopped is None:
        hours = t.breastfeeding_hours.value if t.breastfeeding_hours else 0
        out.append(
            (6, t.lactation_end.day, "哺乳期结束", f"哺乳期届满；次日起不再享有每天{hours}小时哺乳时间和夜班/加班禁令")
        )
    return out


def _leave_end(case: ProtectionCase, t: Timeline) -> list[tuple[int, date, str, str]]:
    if t.return_to_work is not None:
        return [(5, t.return_to_work.day, "返岗", "已录入的返岗日期")]
    if t.miscarriage_leave_end is not None:
        days = t.miscarriage_leave_days.value if t.miscarriage_leave_days else 0
        end = t.miscarriage_leave_end.day
        return [(4, end, "流产假结束", f"流产假{days}天；{format_date(end + timedelta(days=1))} 应返岗")]
    if t.leave_end is not None:
        days = t.leave_days.value if t.leave_days else 0
        end = t.leave_end.day
        planned = "（预计，按预产期；分娩后重算）" if case.delivery_date is None else ""
        return [(4, end, "产假结束", f"产假{days}天；{format_date(end + timedelta(days=1))} 应返岗{planned}")]
    return []


def _night_or_overtime(conditions: str) -> bool:
    try:
        return bool(hazards.night_overtime_conflict(conditions))
    except DomainError:
        return False


def filtered_reminders(
    session: Session, on: date, days: int = 30, *, unit_id: int | None = None, text: str = ""
) -> list[Reminder]:
    """The four-period reminders of the next ``days`` for the tab's filter: a unit (with its sub-units)
    and the ledger's search text (name, ID number, post); in ``collect_reminders``' order.

    Only this area's provider runs: the 四期保护 tab shows its own reminders, and another area's
    provider has no business slowing it down (or failing it).
    """
    from desktop.services.reminders import reminder_window

    start, end = reminder_window(on, days)
    items = [r for r in protection_reminders(session, start, end) if start <= r.day <= end]
    if unit_id is not None or "".join((text or "").split()):
        wanted = {case.id for case, _w, _u in load_cases(session, start, unit_id=unit_id, text=text)}
        items = [r for r in items if r.ref_id in wanted]
    return sorted(items, key=lambda r: (r.day, r.order, r.unit, r.name))
