"""Exam days and the schedule: which days are working days, and who goes on which day.

Pure and deterministic: the same days, capacities, groups and locked load always give the same schedule,
so a re-run after an unrelated edit does not reshuffle everybody's day.

Working days skip weekends and statutory holidays and include adjusted working weekend days (调休). The
holiday data (``HolidayCalendar``) is built by the service from the ``chinesecalendar`` package and from
what the office entered in settings; a year neither knows falls back to weekends only, and the result says
so (``unknown_years``) instead of silently booking the bus for 1 October.

The schedule keeps each unit together, because a 林场's workers travel to the hospital on one bus: units
are taken in the order given (unit-tree order) and placed on the first day with room; a unit that would fit
in one day but not in what is left of the current day lets a later, smaller unit fill the gap first, or
waits for the next day when the remaining days still hold everybody; otherwise (capacity is tight), and for
a unit too big for one day, it runs over consecutive exam days.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop.core.progress import Job

LOOKAHEAD = 64
"""How many later units are tried to fill a gap; bounds the work on plans with thousands of teams."""


@dataclass(frozen=True)
class HolidayCalendar:
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    """Adjusted working days (调休): weekend days that are worked."""
    known_years: frozenset[int] = frozenset()

    def is_workday(self, day: date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        return day.weekday() < 5

    def knows(self, year: int) -> bool:
        return year in self.known_years


WEEKENDS_ONLY = HolidayCalendar()


def working_days(start: date, end: date, calendar: HolidayCalendar) -> tuple[list[date], list[int]]:
    """Working days from start to end inclusive, and the years of the range the calendar does not know."""
    days: list[date] = []
    day = start
    while day <= end:
        if calendar.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    unknown = sorted({y for y in range(start.year, end.year + 1) if not calendar.knows(y)})
    return days, unknown


WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def day_off_reason(day: date, calendar: HolidayCalendar) -> str:
    """Why no exam can be held on ``day`` ("" = a working day): 法定节假日, or the weekend day's name."""
    if calendar.is_workday(day):
        return ""
    if day in calendar.holidays:
        return "法定节假日"
    return WEEKDAY_NAMES[day.weekday()]


def unknown_years_note(years: Iterable[int]) -> str:
    ys = list(years)
    if not ys:
        return ""
    text = "、".join(f"{y}年" for y in ys)
    return f"没有{text}的法定节假日数据，只排除了周末；请在“设置→节假日”中录入当年公布的放假和调休安排后重新排期"


@dataclass
class ScheduleResult:
    assignments: dict[int, date] = field(default_factory=dict)
    """worker id → exam day, for the workers placed by this run (locked ones are not repeated)."""
    unplaced: list[int] = field(default_factory=list)
    extra_days_needed: int = 0
    """Further exam days, at the usual daily capacity, needed to place ``unplaced``."""
    load: dict[date, int] = field(default_factory=dict)
    """Workers per day including the locked ones, for the per-day summary."""

    @property
    def placed(self) -> int:
        return len(self.assignments)


def schedule(
    days: Sequence[tuple[date, int]],
    groups: Sequence[Sequence[int]],
    taken: Mapping[date, int] | None = None,
    *,
    usual_capacity: int | None = None,
    windows: Mapping[int, tuple[date, date]] | None = None,
    job: Job | None = None,
) -> ScheduleResult:
    """Assign the members of ``groups`` (units, in order) to ``days`` ((day, capacity), ascending).

    ``taken`` is what locked appointments already use on a day; it is never exceeded. Members left over
    when the days are full are returned in ``unplaced`` with the number of extra days they need.

    ``windows`` (worker → first and last day she may be examined, e.g. the age range holds only from her
    35th birthday or until the eve of her 65th) restricts those workers: a member whose unit lands on a day
    outside her window is set aside and then booked on the day of her window nearest her unit's day that
    has room (earliest deadline first), or left unplaced when none has.
    """
    taken = taken or {}
    windows = windows or {}
    aside: list[tuple[int, int]] = []  # (worker, index of the day her unit went on)
    ordered = sorted(days)
    rem = [max(cap - taken.get(day, 0), 0) for day, cap in ordered]
    result = ScheduleResult(load={day: taken.get(day, 0) for day, _ in ordered})
    max_cap = max((cap for _, cap in ordered), default=0)
    pending: deque[list[int]] = deque(list(g) for g in groups if g)
    total = sum(len(g) for g in pending)
    done = 0
    cur = 0
    n = len(ordered)

    def place(members: Sequence[int], i: int) -> None:
        day = ordered[i][0]
        n_placed = 0
        for wid in members:
            w = windows.get(wid)
            if w is not None and not w[0] <= day <= w[1]:
                aside.append((wid, i))
                continue
            result.assignments[wid] = day
            n_placed += 1
        rem[i] -= n_placed
        result.load[day] += n_placed

    while pending:
        while cur < n and rem[cur] <= 0:
            cur += 1
        if cur >= n:
            break
        group = pending.popleft()
        demand = total - done
        if len(group) <= rem[cur]:
            place(group, cur)
        else:
            if len(group) <= max_cap:
                # It would fit whole on a later day: let smaller units use the rest of today first.
                filler = _take_filler(pending, rem[cur])
                if filler is not None:
                    pending.appendleft(group)
                    place(filler, cur)
                    done += len(filler)
                    if job is not None:
                        job.step(done, total, "正在排期")
                    continue
            if len(group) <= max_cap and demand <= sum(rem[cur + 1:]):
                # Later days hold everybody still waiting: leave today's few places free, keep the bus whole.
                pending.appendleft(group)
                cur += 1
                continue
            # Split over consecutive exam days, starting with what is left today.
            i = cur
            rest = group
            while rest and i < n:
                if rem[i] > 0:
                    chunk, rest = rest[:rem[i]], rest[rem[i]:]
                    place(chunk, i)
                i += 1
            result.unplaced.extend(rest)
        done += len(group)
        if job is not None:
            job.step(done, total, "正在排期")
    for group in pending:
        result.unplaced.extend(group)
    for wid, i in sorted(aside, key=lambda x: (windows[x[0]][1], x[1], x[0])):
        first, last = windows[wid]
        inside = [j for j in range(n) if first <= ordered[j][0] <= last and rem[j] > 0]
        if not inside:
            result.unplaced.append(wid)
            continue
        j = min(inside, key=lambda j: (abs(j - i), j))
        day = ordered[j][0]
        result.assignments[wid] = day
        rem[j] -= 1
        result.load[day] += 1
    if result.unplaced:
        per_day = usual_capacity or max_cap or 1
        result.extra_days_needed = math.ceil(len(result.unplaced) / per_day)
    return result


def _take_filler(pending: deque[list[int]], room: int) -> list[int] | None:
    """Remove and return the first of the next few units that fits in ``room``."""
    for i, group in enumerate(pending):
        if i >= LOOKAHEAD:
            return None
        if len(group) <= room:
            del pending[i]
            return group
    return None
