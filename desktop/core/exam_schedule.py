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
a unit too big for one day, it runs over consecutive exam days. People whose age allows only some days of the
plan, and people the unit pass could not seat, are then placed by augmenting paths (a maximum matching of
people to day places), so nobody is left out while an exchange of days could seat her.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop.core.progress import Job

LOOKAHEAD = 64
"""How many later units are tried to fill a gap; bounds the work on plans with thousands of teams."""


HOLIDAY_MENU = "设置 → 节假日与调休"
"""Where the clerk enters a year's holidays; named in every warning about missing holiday data (the
menu entry in desktop/ui/main_window.py reads the same, a UI test checks it)."""


def fixed_holidays(year: int) -> dict[date, str]:
    """The statutory days off that fall on the same calendar date every year: known for any year.

    From 2025 (国务院令第795号): 元旦 1 January, 劳动节 1–2 May, 国庆节 1–3 October. Before, 劳动节 was
    1 May only (2008 revision) or 1–3 May (1999). 春节, 清明, 端午 and 中秋 move with the lunar calendar or
    the solar terms, and the make-up working days (调休) are announced each year by the State Council:
    those are known only from the holiday package or the office's entry.
    """
    may = (1, 2) if year >= 2025 else (1,) if year >= 2008 else (1, 2, 3)
    days = {date(year, 1, 1): "元旦"}
    days.update({date(year, 5, d): "劳动节" for d in may})
    days.update({date(year, 10, d): "国庆节" for d in (1, 2, 3)})
    return days


@dataclass(frozen=True)
class HolidayCalendar:
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    """Adjusted working days (调休): weekend days that are worked."""
    known_years: frozenset[int] = frozenset()
    """Years whose whole arrangement is known (the package's, or the office's entry)."""

    def is_workday(self, day: date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        if day.year not in self.known_years and day in fixed_holidays(day.year):
            return False  # 1 October is a day off even before the year's announcement is known
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
    if day in calendar.holidays or day in fixed_holidays(day.year):
        return "法定节假日"
    return WEEKDAY_NAMES[day.weekday()]


def unknown_years_note(years: Iterable[int]) -> str:
    """The warning for dates in years whose holiday arrangement is not known (plans, moves, schedules)."""
    ys = list(years)
    if not ys:
        return ""
    text = "、".join(f"{y}年" for y in ys)
    return (
        f"没有{text}的放假和调休安排：只排除了周末和固定日期的法定节假日（元旦、劳动节、国庆节），"
        f"春节、清明、端午、中秋和调休上班日尚未考虑；请在“{HOLIDAY_MENU}”中录入国务院公布的当年安排后重新排期"
    )


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
    outside her window is set aside and then booked, the most constrained first (earliest last day, then
    fewest days), on the day of her window nearest her unit's day, moving others who may also come on
    another day when her days are full (``_complete``). ``unplaced`` is empty whenever some assignment of
    everybody exists.
    """
    taken = taken or {}
    ordered = sorted(days)
    run = _UnitPass(
        days=ordered,
        rem=[max(cap - taken.get(day, 0), 0) for day, cap in ordered],
        result=ScheduleResult(load={day: taken.get(day, 0) for day, _ in ordered}),
        windows=windows or {},
    )
    max_cap = max((cap for _, cap in ordered), default=0)
    run.place_units(deque(list(g) for g in groups if g), max_cap, job)
    result = run.result
    # Everybody not placed with her unit (her age window excludes the unit's day, or the days ran out) is
    # placed now, and so is anybody an exchange of days can make room for: a shortfall is reported only
    # when no assignment of everybody exists.
    left = [(wid, len(ordered) - 1) for wid in result.unplaced] + run.aside
    result.unplaced = []
    _complete(ordered, run.rem, result, left, run.windows)
    if result.unplaced:
        per_day = usual_capacity or max_cap or 1
        result.extra_days_needed = math.ceil(len(result.unplaced) / per_day)
    return result


@dataclass
class _UnitPass:
    """The first pass: whole units onto the days in order, and the people it could not seat there."""

    days: Sequence[tuple[date, int]]
    rem: list[int]
    """Places left on each day."""
    result: ScheduleResult
    windows: Mapping[int, tuple[date, date]]
    aside: list[tuple[int, int]] = field(default_factory=list)
    """(worker, index of the day her unit went on) for those whose window excludes that day."""

    def place_units(self, pending: deque[list[int]], max_cap: int, job: Job | None) -> None:
        """Place the units in order; who is left when the days are full goes to ``result.unplaced``."""
        rem, n = self.rem, len(self.days)
        total = sum(len(g) for g in pending)
        done = 0
        cur = 0
        while pending:
            while cur < n and rem[cur] <= 0:
                cur += 1
            if cur >= n:
                break
            group = pending.popleft()
            demand = total - done
            counted = group
            if len(group) <= rem[cur]:
                self.place(group, cur)
            elif len(group) <= max_cap and (filler := _take_filler(pending, rem[cur])) is not None:
                # It would fit whole on a later day: let smaller units use the rest of today first.
                pending.appendleft(group)
                self.place(filler, cur)
                counted = filler
            elif len(group) <= max_cap and demand <= sum(rem[cur + 1 :]):
                # Later days hold everybody still waiting: leave today's few places free, keep the bus whole.
                pending.appendleft(group)
                cur += 1
                continue
            else:
                self.result.unplaced.extend(self.split(group, cur))
            done += len(counted)
            if job is not None:
                job.step(done, total, "正在排期")
        for group in pending:
            self.result.unplaced.extend(group)

    def split(self, group: Sequence[int], first: int) -> Sequence[int]:
        """Spread a unit over consecutive exam days from ``first`` (what is left today first); the rest."""
        i = first
        rest = group
        while rest and i < len(self.days):
            if self.rem[i] > 0:
                chunk, rest = rest[: self.rem[i]], rest[self.rem[i] :]
                self.place(chunk, i)
            i += 1
        return rest

    def place(self, members: Sequence[int], i: int) -> None:
        """Book members on day ``i``; those whose window excludes the day are set aside."""
        day = self.days[i][0]
        n_placed = 0
        for wid in members:
            w = self.windows.get(wid)
            if w is not None and not w[0] <= day <= w[1]:
                self.aside.append((wid, i))
                continue
            self.result.assignments[wid] = day
            n_placed += 1
        self.rem[i] -= n_placed
        self.result.load[day] += n_placed


def _complete(
    ordered: Sequence[tuple[date, int]],
    rem: list[int],
    result: ScheduleResult,
    left: Sequence[tuple[int, int]],
    windows: Mapping[int, tuple[date, date]],
) -> None:
    """Place the people of ``left`` ((worker, index of her unit's day)), the most constrained first.

    This is a maximum bipartite matching of people to day places (capacity per day), grown from the unit
    schedule by augmenting paths: a person goes to the day of her window nearest her unit's day that has a
    free place; when her days are full, somebody booked on one of them who may also come on another day
    moves there (and so on, breadth first, so the fewest people move and each moves to the nearest day
    possible) until a free place is reached. When no such chain exists for her, none will exist later either
    (a path found for somebody else never opens one: Berge), so the people left over are exactly those no
    assignment can hold. The search runs over days, not people — people booked on a day are grouped by the
    days they may come on — so it stays quick for thousands of people and a few hundred days.
    """
    days = _Bookings(ordered, rem, result, windows)
    free = sum(r for r in rem if r > 0)
    dead: set[int] = set()  # days from which no free place can be reached (valid until the next success)
    todo = sorted(
        ((days.span(wid), pref, k, wid) for k, (wid, pref) in enumerate(left)),
        key=lambda x: (x[0][1], x[0][1] - x[0][0], x[2]),
    )  # earliest deadline, then fewest days
    for key, pref, _, wid in todo:
        sources = days.sources(key, pref)
        if not sources or free <= 0 or all(j in dead for j in sources):
            result.unplaced.append(wid)
            continue
        target = next((j for j in sources if rem[j] > 0), None)
        if target is None:
            found, parent = days.search(sources)
            if found is None:
                dead.update(parent)
                result.unplaced.append(wid)
                continue
            target = days.shift(found, parent)
        days.book(wid, target, key)
        free -= 1
        dead.clear()


_Span = tuple[int, int]
"""First and last index of the days a person may come on."""


class _Bookings:
    """Who this run booked on each day, grouped by span, and the moves along an augmenting path."""

    def __init__(
        self,
        ordered: Sequence[tuple[date, int]],
        rem: list[int],
        result: ScheduleResult,
        windows: Mapping[int, tuple[date, date]],
    ) -> None:
        self.n = len(ordered)
        self.dates = [d for d, _ in ordered]
        self.rem = rem
        self.result = result
        self.windows = windows
        self.booked: list[dict[_Span, list[int]]] = [{} for _ in range(self.n)]
        for wid, day in result.assignments.items():
            self.booked[bisect_left(self.dates, day)].setdefault(self.span(wid), []).append(wid)
        self._near: dict[int, list[int]] = {}

    def span(self, wid: int) -> _Span:
        w = self.windows.get(wid)
        if w is None:
            return 0, self.n - 1
        return bisect_left(self.dates, w[0]), bisect_right(self.dates, w[1]) - 1

    def by_distance(self, j: int) -> list[int]:
        """Day indexes nearest ``j`` first (earlier first on a tie)."""
        if j not in self._near:
            self._near[j] = sorted(range(self.n), key=lambda k: (abs(k - j), k))
        return self._near[j]

    def sources(self, key: _Span, pref: int) -> list[int]:
        """The days of her span, nearest her unit's day first."""
        if not self.n:
            return []
        lo, hi = key
        return [j for j in self.by_distance(min(max(pref, 0), self.n - 1)) if lo <= j <= hi]

    def book(self, wid: int, j: int, key: _Span) -> None:
        self.booked[j].setdefault(key, []).append(wid)
        self.result.assignments[wid] = self.dates[j]
        self.rem[j] -= 1
        self.result.load[self.dates[j]] += 1

    def search(self, sources: list[int]) -> tuple[int | None, dict[int, tuple[int, _Span] | None]]:
        """Breadth first from full ``sources`` to a day with a free place: (that day or None, the tree).

        ``parent[k] = (j, span)``: somebody of that span booked on day j may move to day k.
        """
        parent: dict[int, tuple[int, _Span] | None] = dict.fromkeys(sources)
        queue = deque(sources)
        while queue:
            j = queue.popleft()
            for (a, b), people in self.booked[j].items():
                if not people:
                    continue
                for k in self.by_distance(j):
                    if a <= k <= b and k not in parent:
                        parent[k] = (j, (a, b))
                        if self.rem[k] > 0:
                            return k, parent
                        queue.append(k)
        return None, parent

    def shift(self, found: int, parent: dict[int, tuple[int, _Span] | None]) -> int:
        """Move one person along each step of the path back from ``found``; the source day now has room."""
        k = found
        step = parent[k]
        while step is not None:
            j, moving = step
            other = self.booked[j][moving].pop()
            self.rem[j] += 1
            self.result.load[self.dates[j]] -= 1
            self.book(other, k, moving)
            k, step = j, parent[j]
        return k


def _take_filler(pending: deque[list[int]], room: int) -> list[int] | None:
    """Remove and return the first of the next few units that fits in ``room``."""
    for i, group in enumerate(pending):
        if i >= LOOKAHEAD:
            return None
        if len(group) <= room:
            del pending[i]
            return group
    return None
