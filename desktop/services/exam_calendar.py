"""Holiday data for exam scheduling: the ``chinesecalendar`` package plus what the office entered.

The package knows every year announced before its release. For a later year (offices plan 2027 while
the package stops at 2026) the clerk types the State Council's announcement into 设置→节假日; a year with
any office row counts as known and those rows win over the package for their days. A year known to
neither is scheduled on weekdays only, and the schedule result says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import utcnow
from db.models_exams import HolidayDay
from desktop.core.errors import FieldErrors
from desktop.core.exam_schedule import HolidayCalendar
from desktop.services import audit

KINDS = {"holiday": "放假", "workday": "调休上班"}


@dataclass(frozen=True)
class PackageData:
    holidays: frozenset[date]
    workdays: frozenset[date]
    years: frozenset[int]


_PACKAGE: PackageData | None = None


def package_data() -> PackageData:
    """The package's tables, read once (they are constants of the installed version)."""
    global _PACKAGE
    if _PACKAGE is None:
        try:
            from chinese_calendar import constants
        except ImportError:  # a bundle built without it still schedules, on weekdays only
            _PACKAGE = PackageData(frozenset(), frozenset(), frozenset())
        else:
            holidays = frozenset(constants.holidays)
            workdays = frozenset(constants.workdays)
            years = frozenset(d.year for d in holidays)
            _PACKAGE = PackageData(holidays, workdays, years)
    return _PACKAGE


def office_days(session: Session, year: int | None = None) -> list[HolidayDay]:
    stmt = select(HolidayDay).order_by(HolidayDay.day)
    if year is not None:
        stmt = stmt.where(HolidayDay.day >= date(year, 1, 1), HolidayDay.day <= date(year, 12, 31))
    return list(session.scalars(stmt))


def load_calendar(session: Session) -> HolidayCalendar:
    pkg = package_data()
    rows = office_days(session)
    office_years = {r.day.year for r in rows}
    # Office rows replace the package's view of their whole year: a correction or a year it lacks.
    holidays = {d for d in pkg.holidays if d.year not in office_years}
    workdays = {d for d in pkg.workdays if d.year not in office_years}
    for r in rows:
        (holidays if r.kind == "holiday" else workdays).add(r.day)
    return HolidayCalendar(frozenset(holidays), frozenset(workdays), frozenset(pkg.years | office_years))


def year_source(session: Session, year: int) -> str:
    """Where the holiday data of a year comes from, for the settings dialog."""
    if office_days(session, year):
        return "本办公室录入"
    if year in package_data().years:
        return "节假日数据包（chinesecalendar）"
    return "无数据（只排除周末）"


def set_year_days(session: Session, year: int, holidays: Iterable[date], workdays: Iterable[date], *,
                  actor: str, name: str = "") -> int:
    """Replace the office's entries for ``year``; empty lists return the year to the package's data.

    These are settings rows, not records about people, so they are replaced rather than archived; the
    change log keeps the old and the new lists.
    """
    hs, ws = sorted(set(holidays)), sorted(set(workdays))
    errors: dict[str, str] = {}
    for key, days in (("holidays", hs), ("workdays", ws)):
        wrong = [d for d in days if d.year != year]
        if wrong:
            errors[key] = f"{wrong[0].isoformat()} 不在{year}年"
    both = set(hs) & set(ws)
    if both:
        errors["workdays"] = f"{min(both).isoformat()} 不能既放假又调休上班"
    weekday_work = [d for d in ws if d.weekday() < 5]
    if weekday_work and "workdays" not in errors:
        errors["workdays"] = f"{weekday_work[0].isoformat()} 是工作日，调休上班日应为周六或周日"
    if errors:
        raise FieldErrors(errors)
    old = office_days(session, year)
    before = {"holidays": [r.day for r in old if r.kind == "holiday"],
              "workdays": [r.day for r in old if r.kind == "workday"]}
    session.execute(delete(HolidayDay).where(HolidayDay.id.in_([r.id for r in old])))
    now = utcnow()
    for kind, days in (("holiday", hs), ("workday", ws)):
        for d in days:
            session.add(HolidayDay(day=d, kind=kind, name=name, created_at=now, created_by=actor))
    session.flush()
    audit.record(session, actor=actor, action="holidays", entity="holiday_year", entity_id=year,
                 before=before, after={"holidays": hs, "workdays": ws})
    return len(hs) + len(ws)
