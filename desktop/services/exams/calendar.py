"""Holiday data for exam scheduling: the ``chinesecalendar`` package plus what the office entered.

The package knows every year announced before its release. What the office enters in
设置 → 节假日与调休 **adds to** the package (#18): a local day off, or the correction of a single day,
leaves the year's national holidays and make-up days in place (one local day off once wiped them all:
248 working days in 2026 became 260). Only when the clerk explicitly chooses to replace the package's
year, and confirms it, do the office's days become the whole arrangement of that year (``HolidayYear``).

For a later year (offices plan 2027 while the package stops at 2026) the fixed-date statutory holidays
(元旦, 劳动节, 国庆节: ``fixed_holidays``) are still days off; the lunar holidays and the make-up days
are known once the clerk types the State Council's announcement, and a year with office rows counts as
known. Plans, moves and schedules touching a year known to neither say so when they are made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import utcnow
from db.models_exams import HolidayDay, HolidayYear
from desktop.core.errors import FieldErrors
from desktop.core.exam_schedule import HolidayCalendar, fixed_holidays, working_days
from desktop.core.roles import Permission
from desktop.services import access, audit

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


def replaced_years(session: Session) -> set[int]:
    """Years whose office rows replace the package's arrangement (chosen explicitly)."""
    return set(session.scalars(select(HolidayYear.year).where(HolidayYear.replaces_package.is_(True))))


def load_calendar(session: Session) -> HolidayCalendar:
    pkg = package_data()
    rows = office_days(session)
    office_years = {r.day.year for r in rows}
    replaced = replaced_years(session) & office_years
    holidays = {d for d in pkg.holidays if d.year not in replaced}
    workdays = {d for d in pkg.workdays if d.year not in replaced}
    # A year the package lacks keeps its fixed-date holidays beside what the office added (unless replaced).
    for year in office_years - pkg.years - replaced:
        holidays.update(fixed_holidays(year))
    # An office row wins for its own day: a local day off, or a correction of the package.
    for r in rows:
        if r.kind == "holiday":
            holidays.add(r.day)
            workdays.discard(r.day)
        else:
            workdays.add(r.day)
            holidays.discard(r.day)
    return HolidayCalendar(frozenset(holidays), frozenset(workdays), frozenset(pkg.years | office_years))


def unknown_years(session: Session, start: date | None, end: date | None) -> list[int]:
    """Years of start..end whose holiday arrangement nobody knows (for the warning when a plan or a move is
    made); empty when a date is missing or the range is upside down."""
    if start is None or end is None or end < start:
        return []
    calendar = load_calendar(session)
    return [y for y in range(start.year, end.year + 1) if not calendar.knows(y)]


def package_days(year: int) -> tuple[list[date], list[date]]:
    """The package's 放假 and 调休上班 days of a year (empty when it does not know the year)."""
    pkg = package_data()
    return (sorted(d for d in pkg.holidays if d.year == year), sorted(d for d in pkg.workdays if d.year == year))


def replaces_package(session: Session, year: int) -> bool:
    return year in replaced_years(session)


def year_source(session: Session, year: int) -> str:
    """Where the holiday data of a year comes from, for the settings dialog."""
    rows = office_days(session, year)
    in_package = year in package_data().years
    if rows and replaces_package(session, year):
        return "本办公室录入（替代数据包的整年安排）"
    if rows and in_package:
        return f"节假日数据包（chinesecalendar），另有本办公室补充或更正的 {len(rows)} 天"
    if rows:
        return "本办公室录入（另加元旦、劳动节、国庆节等固定日期的法定节假日）"
    if in_package:
        return "节假日数据包（chinesecalendar）"
    return "无数据（只排除周末和元旦、劳动节、国庆节等固定日期的法定节假日）"


def working_day_count(session: Session, year: int) -> int:
    """Working days of a year as scheduling sees them (shown in the dialog, so a wrong entry shows)."""
    return len(working_days(date(year, 1, 1), date(year, 12, 31), load_calendar(session))[0])


def set_year_days(
    session: Session,
    year: int,
    holidays: Iterable[date],
    workdays: Iterable[date],
    *,
    actor: str,
    name: str = "",
    replace_package: bool = False,
) -> int:
    """Set the office's entries for ``year``; empty lists return the year to the package's data.

    By default they add to the package's arrangement of the year; ``replace_package`` (the dialog asks
    for confirmation) makes them the whole arrangement. These are settings rows, not records about
    people, so they are replaced rather than archived; the change log keeps the old and the new lists.
    """
    access.require(session, Permission.RULES)
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
    mode = session.get(HolidayYear, year)
    before = {
        "holidays": [r.day for r in old if r.kind == "holiday"],
        "workdays": [r.day for r in old if r.kind == "workday"],
        "replaces_package": bool(mode and mode.replaces_package),
    }
    session.execute(delete(HolidayDay).where(HolidayDay.id.in_([r.id for r in old])))
    now = utcnow()
    replace_package = replace_package and bool(hs or ws)
    if mode is not None and not replace_package:
        session.delete(mode)
    elif replace_package and mode is None:
        session.add(HolidayYear(year=year, replaces_package=True, created_at=now, created_by=actor))
    elif mode is not None:
        mode.replaces_package = True
    for kind, days in (("holiday", hs), ("workday", ws)):
        for d in days:
            session.add(HolidayDay(day=d, kind=kind, name=name, created_at=now, created_by=actor))
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="holidays",
        entity="holiday_year",
        entity_id=year,
        before=before,
        after={"holidays": hs, "workdays": ws, "replaces_package": replace_package},
    )
    return len(hs) + len(ws)
