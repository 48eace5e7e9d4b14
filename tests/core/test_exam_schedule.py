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


def test_day_off_reason_names_the_day() -> None:
    from desktop.core.exam_schedule import day_off_reason

    cal = HolidayCalendar(holidays=frozenset({date(2026, 10, 1)}), workdays=frozenset({date(2026, 10, 10)}))
    assert day_off_reason(date(2026, 10, 1), cal) == "法定节假日"
    assert day_off_reason(date(2026, 10, 11), cal) == "周日"
    assert day_off_reason(date(2026, 10, 17), cal) == "周六"
    assert day_off_reason(date(2026, 10, 10), cal) == ""  # 调休 Saturday is worked
    assert day_off_reason(date(2026, 10, 12), cal) == ""


def test_windows_keep_each_worker_within_her_days() -> None:
    days = slots(5, 10)  # Mon 4 May .. Fri 8 May 2026
    d = [day for day, _ in days]
    # Unit [1, 2, 3] goes on the first day; 2 may come only from the 3rd day (turns 35), 3 only until the
    # 2nd; unit [4, 5] fills day 1 too, but 5 is allowed on the last day only; 6 fits nowhere.
    windows = {2: (d[2], d[4]), 3: (d[0], d[1]), 5: (d[4], d[4]), 6: (date(2026, 6, 1), date(2026, 6, 2))}
    r = schedule(days, [[1, 2, 3], [4, 5, 6]], windows=windows)
    assert r.assignments[1] == r.assignments[4] == r.assignments[3] == d[0]
    assert r.assignments[2] == d[2] and r.assignments[5] == d[4]
    assert r.unplaced == [6] and r.extra_days_needed == 1
    assert sum(r.load.values()) == 5
    for wid, day in r.assignments.items():
        if wid in windows:
            assert windows[wid][0] <= day <= windows[wid][1]
    assert schedule(days, [[1, 2, 3], [4, 5, 6]], windows=windows).assignments == r.assignments


def test_window_never_overbooks_a_full_day() -> None:
    days = slots(2, 1)
    d = [day for day, _ in days]
    # Capacity 1 a day: 1 (no limit) takes day 1; 2 must be examined on day 1 only → cannot; 3 ok on day 2.
    r = schedule(days, [[1], [2], [3]], windows={2: (d[0], d[0])})
    assert r.assignments == {1: d[0], 3: d[1]} and r.unplaced == [2]
