"""Reminders of the next days, gathered from every area that has dated duties.

Each area contributes a provider: a function (session, start, end) -> list[Reminder] returning its
events with start <= day <= end. An area names its providers in its package's ``CONTRIBUTES`` (see
desktop.services.areas); the 工作台 and the ``union-desk reminders`` command pick them up unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from desktop.core.errors import DomainError
from desktop.services import areas

MAX_DAYS = 366


@dataclass(frozen=True)
class Reminder:
    day: date
    kind_label: str
    """What happens: "孕满7个月", "预产期", "产假结束" …"""
    name: str
    unit: str
    detail: str
    area: str = ""
    """Which area produced it ("四期保护"), for grouping in the GUI."""
    worker_id: int | None = None
    ref_id: int | None = None
    """The area's record id (e.g. the protection case), so the GUI can open it."""
    order: int = 0
    """Sort position among reminders of the same day (earlier steps of one story first)."""
    ref_kind: str = ""
    """What ``ref_id`` names ("case", "plan", "appointment", "hardship_file", "batch", "activity"), so the
    工作台 opens the right record without reading the label."""
    overdue: bool = False
    """Its real date has passed; it is shown on the first day of the window so it is not lost."""


Provider = Callable[[Session, date, date], list[Reminder]]


def providers() -> list[Provider]:
    """Every area's provider, in the areas' order; imported by name on each call (desktop.services.areas), so
    area modules import Reminder from here without a cycle and start-up imports no area."""
    return areas.reminder_providers()


def reminder_window(on: date, days: int = 30) -> tuple[date, date]:
    """The first and last day (inclusive) of "the next N days" starting today: N calendar days."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise DomainError(f"提醒天数应为1到{MAX_DAYS}之间的整数，现为“{days}”", field="days")
    return on, on + timedelta(days=days - 1)


def collect_reminders(session: Session, on: date, days: int = 30) -> list[Reminder]:
    """All reminders from ``on`` through ``on + days − 1``, sorted by day."""
    start, end = reminder_window(on, days)
    out: list[Reminder] = []
    for provider in providers():
        out.extend(r for r in provider(session, start, end) if start <= r.day <= end)
    return sorted(out, key=lambda r: (r.day, r.area, r.order, r.unit, r.name))
