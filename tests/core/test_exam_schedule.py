"""Working days and the unit-grouped, capacity-respecting, deterministic schedule."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.core.exam_schedule import WEEKENDS_ONLY, HolidayCalendar, schedule, working_days
from desktop.core.progress import Job

NATIONAL_DAY_2026 = HolidayCalendar(
    holidays=frozenset(date(2026, 10, d) for d in range(1, 8)),
    workdays=frozenset({date(2026, 9, 20), date(2026, 10, 10)}),
    known_years=frozenset({2026}),
)


def test_holidays_skipped_and_adjusted_weekend_used() -> None:
    days, unknown = working_days(date(2026, 9, 28), date(2026, 10, 12), NATIONAL_DAY_2026)
    assert unknown == []
    assert not any(date(2026, 10, 1) <= d <= date(2026, 10, 7) for d in days)
    assert date(2026, 10, 10) in days  # Saturday worked in lieu (调休)
    assert date(2026, 10, 11) not in days  # an ordinary Sunday
    assert days == [date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30), date(2026, 10, 8),
                    date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 12)]


def test_unknown_year_falls_back_to_weekends_and_says_so() -> None:
    days, unknown = working_days(date(2027, 9, 30), date(2027, 10, 4), WEEKENDS_ONLY)
    assert unknown == [2027]
    assert date(2027, 10, 1) in days  # nobody knows 2027's holidays: a weekday is a working day


def slots(n: int, cap: int, start: date = date(2026, 5, 4)) -> list[tuple[date, int]]:
    return [(start + timedelta(days=i), cap) for i in range(n)]


def test_capacity_respected_and_units_together() -> None:
    groups = [list(range(100, 130)), list(range(200, 240)), list(range(300, 310))]
    r = schedule(slots(3, 50), groups)
    assert r.unplaced == []
    assert all(v <= 50 for v in r.load.values())
    # unit 1 (30) on day 1; unit 2 (40) would split, so unit 3 (10) fills day 1 and unit 2 goes whole to day 2
    assert {r.assignments[w] for w in groups[0]} == {date(2026, 5, 4)}
    assert {r.assignments[w] for w in groups[2]} == {date(2026, 5, 4)}
    assert {r.assignments[w] for w in groups[1]} == {date(2026, 5, 5)}


def test_big_unit_spans_consecutive_days() -> None:
    r = schedule(slots(5, 40), [list(range(100))])
    days = sorted({r.assignments[w] for w in range(100)})
    assert days == [date(2026, 5, 4), date(2026, 5, 5), date(2026, 5, 6)]
    assert r.load[date(2026, 5, 4)] == 40 and r.load[date(2026, 5, 6)] == 20


def test_locked_load_and_per_day_capacity() -> None:
    days = [(date(2026, 5, 4), 10), (date(2026, 5, 5), 0), (date(2026, 5, 6), 20)]
    r = schedule(days, [list(range(25))], {date(2026, 5, 4): 8})
    assert r.load == {date(2026, 5, 4): 10, date(2026, 5, 5): 0, date(2026, 5, 6): 20}
    assert len(r.unplaced) == 3
    assert r.extra_days_needed == 1


def test_shortage_suggests_days() -> None:
    r = schedule(slots(2, 50), [list(range(230))], usual_capacity=50)
    assert len(r.unplaced) == 130 and r.extra_days_needed == 3


def test_deterministic() -> None:
    groups = [list(range(i * 100, i * 100 + (i * 37) % 90 + 5)) for i in range(40)]
    a = schedule(slots(30, 120), groups)
    b = schedule(slots(30, 120), groups)
    assert a.assignments == b.assignments and a.unplaced == b.unplaced


def test_twenty_thousand_fast() -> None:
    import time

    groups = [list(range(i * 1000, i * 1000 + 80 + (i * 53) % 300)) for i in range(90)]
    n = sum(map(len, groups))
    t = time.perf_counter()
    r = schedule(slots(60, n // 60 + 20), groups, job=Job())
    assert time.perf_counter() - t < 1.0
    assert r.placed == n
