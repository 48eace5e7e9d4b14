"""专项集体合同 reminders: its expiry (90 and 30 days before, so renewal talks start in time) and the yearly
compliance check (1 December of each year of the term, shown through December), joined to
``union-desk reminders`` and the 工作台."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models_contracts import SpecialContract
from desktop.core import special_contracts as core
from desktop.services.reminders import Reminder

AREA = "专项集体合同"
EXPIRY_DAYS: tuple[int, ...] = (90, 30)
CHECK_MONTH_DAY = (12, 1)


def contract_reminders(session: Session, start: date, end: date) -> list[Reminder]:
    rows = list(session.scalars(select(SpecialContract).where(SpecialContract.archived_at.is_(None))))
    facts = [core.ContractFacts(c.id, c.title, c.status, c.term_start, c.term_end, c.signed_on) for c in rows]
    out: list[Reminder] = []
    for c in rows:
        if c.status not in core.IN_FORCE_STATUSES:
            continue
        clauses = sum(1 for cl in c.clauses if cl.archived_at is None)
        out.extend(_expiry(c, facts, start, end))
        for year in range(max(start.year, c.term_start.year), min(end.year, c.term_end.year) + 1):
            day = date(year, *CHECK_MONTH_DAY)
            # Passed in December: it stays (on the window's first day) until the year is out, so a clerk who
            # looks on 4 December still sees it.
            passed = day < start <= date(year, 12, 31)
            if (start <= day <= end or passed) and c.term_start <= day <= c.term_end:
                out.append(
                    Reminder(
                        day=max(day, start),
                        kind_label="年度履行检查",
                        name=c.title,
                        unit=c.company_party,
                        area=AREA,
                        ref_id=c.id,
                        ref_kind="contract",
                        order=2,
                        detail=f"对照{clauses}项条款检查{year}年度履行情况（专项集体合同 → 履行检查）",
                        overdue=passed,
                    )
                )
    return out


def _expiry(c: SpecialContract, facts: list[core.ContractFacts], start: date, end: date) -> list[Reminder]:
    """The 90- and 30-day reminders; one whose day passed while the contract still runs shows on the first day of
    the window (overdue), so a late look does not lose it. A renewal in force the day after the end ends them."""
    if core.in_force_on([f for f in facts if f.id != c.id], c.term_end + timedelta(days=1)) is not None:
        return []
    out: list[Reminder] = []
    for days in EXPIRY_DAYS:
        day = c.term_end - timedelta(days=days)
        passed = day < start <= c.term_end and not any(
            c.term_end - timedelta(days=d) < start for d in EXPIRY_DAYS if d < days
        )
        if not (start <= day <= end or passed):
            continue
        out.append(
            Reminder(
                day=max(day, start),
                kind_label=f"合同到期前{days}天",
                name=c.title,
                unit=c.company_party,
                detail=f"{c.term_end.isoformat()}到期，尚无续签合同，请启动续签协商",
                area=AREA,
                ref_id=c.id,
                ref_kind="contract",
                order=1,
                overdue=passed,
            )
        )
    return out
