"""Working days and the unit-grouped, capacity-respecting, deterministic schedule."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.core.exam_schedule import (
    WEEKENDS_ONLY,
    HolidayCalendar,
    fixed_holidays,
    schedule,
    unknown_years_note,
    working_days,
)
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
    assert days == [
        date(2026, 9, 28),
        date(2026, 9, 29),
        date(2026, 9, 30),
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),
        date(2026, 10, 12),
    ]


def test_unknown_year_keeps_the_fixed_date_holidays_and_says_so() -> None:
    # #18 item 6: nobody has 2027's announcement yet, but 1 October is a day off every year.
    days, unknown = working_days(date(2027, 9, 30), date(2027, 10, 5), WEEKENDS_ONLY)
    assert unknown == [2027]
    assert days == [date(2027, 9, 30), date(2027, 10, 4), date(2027, 10, 5)]  # 1–3 Oct off, 2–3 a weekend
    days, _ = working_days(date(2027, 4, 29), date(2027, 5, 4), WEEKENDS_ONLY)
    assert date(2027, 5, 3) in days and not {date(2027, 5, 1), date(2027, 5, 2)} & set(days)
    assert not WEEKENDS_ONLY.is_workday(date(2028, 1, 1)) and not WEEKENDS_ONLY.is_workday(date(2028, 5, 2))
    assert WEEKENDS_ONLY.is_workday(date(2024, 5, 2))  # 劳动节 was one day before 2025
    note = unknown_years_note([2027])
    assert "2027年" in note and "“设置 → 节假日与调休”" in note and "国庆节" in note and "春节" in note


def test_fixed_holidays_follow_the_2025_revision() -> None:
    assert sorted(fixed_holidays(2027)) == [
        date(2027, 1, 1),
        date(2027, 5, 1),
        date(2027, 5, 2),
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),
    ]
    assert sorted(fixed_holidays(2020)) == [
        date(2020, 1, 1),
        date(2020, 5, 1),
        date(2020, 10, 1),
        date(2020, 10, 2),
        date(2020, 10, 3),
    ]


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


# --- #18 item 4: the most constrained first, and a shortfall only when no assignment exists -------------------

JUNE_2026 = HolidayCalendar(holidays=frozenset({date(2026, 6, 19)}), known_years=frozenset({2026}))  # 端午


def test_june_plan_keeps_the_woman_turning_65_on_the_15th() -> None:
    """Audit case: 3 a day over June 2026's 21 exam days, 55 women; she turns 65 on 06-15 and her unit
    comes last, so the days she may still come on filled first — she was left out with 9 places free."""
    days, _ = working_days(date(2026, 6, 1), date(2026, 6, 30), JUNE_2026)
    assert len(days) == 21
    groups = [list(range(u * 5, u * 5 + 5)) for u in range(11)]  # 11 units of 5 = 55 women
    her = groups[-1][-1]
    windows = {her: (date(2026, 6, 1), date(2026, 6, 14))}  # until the eve of her 65th birthday
    r = schedule([(d, 3) for d in days], groups, windows=windows, usual_capacity=3)
    assert r.unplaced == [] and r.extra_days_needed == 0
    assert r.placed == 55
    assert r.assignments[her] <= date(2026, 6, 12)  # the last exam day before her birthday (14th is a Sunday)
    assert all(n <= 3 for n in r.load.values())
    assert sum(3 - n for n in r.load.values()) == 63 - 55


def _max_placeable(
    days: list[tuple[date, int]], people: list[int], windows: dict[int, tuple[date, date]], taken: dict[date, int]
) -> int:
    """Independent check: the largest number of people that fit (Kuhn's augmenting paths over single places)."""
    places = [d for d, cap in days for _ in range(max(cap - taken.get(d, 0), 0))]
    owner: list[int | None] = [None] * len(places)

    def allowed(p: int, i: int) -> bool:
        w = windows.get(p)
        return w is None or w[0] <= places[i] <= w[1]

    def augment(p: int, seen: set[int]) -> bool:
        for i in range(len(places)):
            if i in seen or not allowed(p, i):
                continue
            seen.add(i)
            q = owner[i]
            if q is None or augment(q, seen):
                owner[i] = p
                return True
        return False

    return sum(augment(p, set()) for p in people)


def test_randomized_no_one_left_out_while_a_place_she_could_take_is_free() -> None:
    import random

    rng = random.Random(18)
    for _ in range(300):
        n_days = rng.randint(1, 8)
        days = [(date(2026, 6, 1) + timedelta(days=i), rng.randint(0, 4)) for i in range(n_days)]
        d = [day for day, _ in days]
        taken = {day: rng.randint(0, 2) for day in rng.sample(d, rng.randint(0, n_days))}
        groups: list[list[int]] = []
        wid = 0
        for _u in range(rng.randint(1, 6)):
            size = rng.randint(1, 6)
            groups.append(list(range(wid, wid + size)))
            wid += size
        people = [p for g in groups for p in g]
        windows: dict[int, tuple[date, date]] = {}
        for p in people:
            if rng.random() < 0.4:
                a = rng.randrange(n_days + 1) - 1
                b = rng.randint(a, n_days)
                first = d[0] + timedelta(days=a)
                windows[p] = (first, d[0] + timedelta(days=b))
        r = schedule(days, groups, taken, windows=windows)
        free = {day: cap - taken.get(day, 0) - sum(1 for x in r.assignments.values() if x == day) for day, cap in days}
        assert set(r.assignments).isdisjoint(r.unplaced) and len(r.assignments) + len(r.unplaced) == len(people)
        for p, day in r.assignments.items():
            assert p not in windows or windows[p][0] <= day <= windows[p][1]
        for day, cap in days:
            assert r.load[day] == taken.get(day, 0) + sum(1 for x in r.assignments.values() if x == day)
            assert r.load[day] <= max(cap, taken.get(day, 0))
        for p in r.unplaced:  # nobody left out while a day she may come on has a free place
            w = windows.get(p, (d[0], d[-1]))
            assert not any(free[day] > 0 for day in d if w[0] <= day <= w[1])
        assert r.placed == _max_placeable(days, people, windows, taken)  # a shortfall only when unavoidable


def test_windows_that_need_a_chain_of_moves() -> None:
    # Capacity 1: 1 is free to go any day and takes day 1 with her unit; 2 may only come on day 1 or 2;
    # 3 only on day 1. Everybody fits only as 3→day1, 2→day2, 1→day3.
    days = slots(3, 1)
    d = [day for day, _ in days]
    windows = {2: (d[0], d[1]), 3: (d[0], d[0])}
    r = schedule(days, [[1], [2], [3]], windows=windows)
    assert r.unplaced == [] and r.assignments == {3: d[0], 2: d[1], 1: d[2]}


def test_unit_waits_for_the_next_day_when_later_days_hold_everybody() -> None:
    # Capacity 10 a day. Unit A (6) goes on day 1, leaving 4 places; unit B (8) does not fit in 4 and no later
    # unit fills them, but days 2–3 hold all 8 still waiting: B goes whole on day 2, day 1 keeps 4 free.
    r = schedule(slots(3, 10), [list(range(6)), list(range(100, 108))])
    assert {r.assignments[w] for w in range(6)} == {date(2026, 5, 4)}
    assert {r.assignments[w] for w in range(100, 108)} == {date(2026, 5, 5)}
    assert r.load == {date(2026, 5, 4): 6, date(2026, 5, 5): 8, date(2026, 5, 6): 0}


def test_unit_splits_when_capacity_is_tight() -> None:
    # Capacity 10 on two days, units of 6, 8 and 6 (20 people, 20 places). After A, day 1 has 4 places; B (8)
    # does not fit and C (6) cannot fill the gap; the 14 still waiting do not fit in day 2's 10, so B splits:
    # its first 4 on day 1, the other 4 on day 2, and C follows on day 2.
    a, b, c = list(range(6)), list(range(100, 108)), list(range(200, 206))
    r = schedule(slots(2, 10), [a, b, c])
    day1, day2 = date(2026, 5, 4), date(2026, 5, 5)
    assert r.unplaced == []
    assert [r.assignments[w] for w in b] == [day1] * 4 + [day2] * 4
    assert {r.assignments[w] for w in c} == {day2}
    assert r.load == {day1: 10, day2: 10}


def test_filler_is_looked_for_only_among_the_next_units() -> None:
    # Day 1 has 3 places left after unit A (7 of 10); unit B (5) does not fit. A unit of 2 queued behind
    # LOOKAHEAD other units is not pulled forward into the gap; behind LOOKAHEAD − 1 it is.
    from desktop.core.exam_schedule import LOOKAHEAD

    big = [list(range(1000 + 10 * i, 1000 + 10 * i + 5)) for i in range(LOOKAHEAD + 1)]
    near = schedule(slots(40, 10), [list(range(7)), *big[:LOOKAHEAD], [9000, 9001]])
    far = schedule(slots(40, 10), [list(range(7)), *big, [9000, 9001]])
    assert near.assignments[9000] == date(2026, 5, 4)
    assert far.assignments[9000] != date(2026, 5, 4)
