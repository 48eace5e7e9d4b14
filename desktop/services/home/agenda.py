"""The 工作台's list: today's and this month's work from every area, gathered from the reminder providers.

The window is today through the last day of the month; activities are shown for this week only (today to
Sunday), since a clerk prepares an activity days ahead, not weeks. Overdue items (a follow-up, a hardship
review, a batch not handed out) come first, on today, so nothing slips into the past unseen.
"""

from __future__ import annotations

import calendar
import logging
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Worker
from desktop.services.reminders import Reminder, providers

AREAS: tuple[str, ...] = ("四期保护", "体检筛查", "慰问帮扶", "品牌活动")
"""The areas in the order the counts and the tabs show them."""

WEEK_ONLY = frozenset({"品牌活动"})
"""Areas whose lines reach only to the end of this week."""

AREA_TAB: dict[str, str] = {
    "四期保护": "protection",
    "体检筛查": "exams",
    "慰问帮扶": "condolence",
    "品牌活动": "activities",
    "专项集体合同": "contracts",
}
"""Which main-window tab holds each area's records."""


@dataclass(frozen=True)
class Agenda:
    on: date
    month_end: date
    week_end: date
    lines: list[Reminder]
    counts: dict[str, int]
    """Lines per area, every area of AREAS present (0 when none)."""
    workers: int
    """Workers on the live roster (not archived): 0 means the file is still empty."""
    today: int = 0
    overdue: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    """Area → why its lines are missing (a provider that failed does not empty the whole list)."""

    @property
    def total(self) -> int:
        return len(self.lines)


def agenda_window(on: date) -> tuple[date, date]:
    """(last day of this month, Sunday of this week), both inclusive."""
    month_end = on.replace(day=calendar.monthrange(on.year, on.month)[1])
    return month_end, on + timedelta(days=6 - on.weekday())


def home_agenda(session: Session, on: date) -> Agenda:
    """Every area's reminders from ``on`` to the end of the month (activities to the end of the week)."""
    month_end, week_end = agenda_window(on)
    end = max(month_end, week_end)
    workers = int(session.scalar(select(func.count()).select_from(Worker).where(Worker.archived_at.is_(None))) or 0)
    lines: list[Reminder] = []
    errors: dict[str, str] = {}
    if workers:
        for provider in providers():
            try:
                found = provider(session, on, end)
            except Exception as exc:  # one area's bad data must not hide the others' work
                from desktop.services.faults import explain

                area = getattr(sys.modules.get(provider.__module__), "AREA", provider.__name__)
                logging.getLogger(__name__).warning("reminders of %s failed", area, exc_info=exc)
                errors[area] = explain(exc) or f"程序出错（{type(exc).__name__}）"
                continue
            lines.extend(r for r in found if on <= r.day <= (week_end if r.area in WEEK_ONLY else month_end))
    lines.sort(
        key=lambda r: (
            not r.overdue,
            r.day,
            AREAS.index(r.area) if r.area in AREAS else len(AREAS),
            r.order,
            r.unit,
            r.name,
        )
    )
    counts = {area: 0 for area in AREAS}
    for r in lines:
        counts[r.area] = counts.get(r.area, 0) + 1
    return Agenda(
        on=on,
        month_end=month_end,
        week_end=week_end,
        lines=lines,
        counts=counts,
        workers=workers,
        today=sum(1 for r in lines if r.day == on and not r.overdue),
        overdue=sum(1 for r in lines if r.overdue),
        errors=errors,
    )
