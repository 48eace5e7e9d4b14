"""Exam eligibility (sex, age on the exam day, units, hazards, interval) and attendance checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.core.errors import FieldErrors
from desktop.core.exams import (
    DEFAULTS,
    Eligibility,
    WorkerFacts,
    check_draft,
    check_result,
    check_rule,
    default_draft,
    default_follow_up,
    due_year,
    ineligible_reason,
    is_eligible,
    is_overdue,
    rule_of,
)

TWO_CANCER = DEFAULTS["two_cancer"].rule


def facts(
    sex: str = "F",
    birth: date = date(1980, 6, 15),
    *,
    unit: int = 1,
    emp: str = "active",
    hazards: str = "",
    last: date | None = None,
) -> WorkerFacts:
    return WorkerFacts(1, sex, birth, unit, emp, hazards, last)


def test_two_cancer_defaults_follow_domain_md() -> None:
    assert (TWO_CANCER.sex, TWO_CANCER.age_min, TWO_CANCER.age_max, TWO_CANCER.interval_years) == ("F", 35, 64, 2)
    assert DEFAULTS["annual"].rule.interval_years == 1
    assert set(DEFAULTS["occupational"].rule.hazard_codes) == {"noise", "vibration"}


def test_sex() -> None:
    assert ineligible_reason(facts("M"), TWO_CANCER, exam_day=date(2026, 5, 1), plan_year=2026) == "性别不符"
    assert is_eligible(facts("F"), TWO_CANCER, exam_day=date(2026, 5, 1), plan_year=2026)


@pytest.mark.parametrize(
    ("birth", "day", "ok"),
    [
        (date(1991, 5, 10), date(2026, 5, 9), False),  # 34 the day before her 35th birthday
        (date(1991, 5, 10), date(2026, 5, 10), True),  # the birthday itself counts as the new age
        (date(1961, 5, 10), date(2026, 5, 9), True),  # still 64
        (date(1961, 5, 10), date(2026, 5, 10), False),  # 65 on her birthday
        (date(1992, 2, 29), date(2027, 2, 28), False),  # born 29 Feb: 35 only on 1 March in a common year
        (date(1992, 2, 29), date(2027, 3, 1), True),
    ],
)
def test_age_is_counted_on_the_exam_day(birth: date, day: date, ok: bool) -> None:
    assert is_eligible(facts(birth=birth), TWO_CANCER, exam_day=day, plan_year=day.year) is ok


def test_interval_in_plan_years() -> None:
    # Screened in 2024: every 2 years → due again in 2026, not in 2025.
    f = facts(last=date(2024, 9, 30))
    assert ineligible_reason(f, TWO_CANCER, exam_day=date(2025, 5, 1), plan_year=2025) == "2024年已检查，2026年再检"
    assert is_eligible(f, TWO_CANCER, exam_day=date(2026, 5, 1), plan_year=2026)
    # A yearly exam in May must not block next May's plan because 365 days have not passed.
    annual = DEFAULTS["annual"].rule
    assert is_eligible(facts(last=date(2025, 5, 20)), annual, exam_day=date(2026, 5, 6), plan_year=2026)
    assert due_year(None, 2) is None


def test_units_employment_and_hazards() -> None:
    rule = Eligibility(hazard_codes=("noise", "vibration"), employment_types=("active",))
    day = date(2026, 5, 6)
    assert is_eligible(facts("M", hazards="vibration"), rule, exam_day=day, plan_year=2026)
    assert is_eligible(facts("M", hazards="noise:3,height:2"), rule, exam_day=day, plan_year=2026)
    assert ineligible_reason(facts("M", hazards="height:2"), rule, exam_day=day, plan_year=2026) == "岗位无相关职业危害"
    assert ineligible_reason(facts("M", hazards=""), rule, exam_day=day, plan_year=2026) == "岗位无相关职业危害"
    assert (
        ineligible_reason(facts(emp="retired", hazards="noise:1"), rule, exam_day=day, plan_year=2026)
        == "用工性质不在范围内"
    )
    assert (
        ineligible_reason(facts(unit=7), Eligibility(), exam_day=day, plan_year=2026, unit_ids=frozenset({1, 2}))
        == "单位不在范围内"
    )


def test_overdue() -> None:
    on = date(2026, 11, 23)
    assert is_overdue(None, 2, on)
    assert not is_overdue(date(2024, 6, 1), 2, on)  # due in 2026, the year is not over
    assert is_overdue(date(2023, 6, 1), 2, on)


def test_rule_checks_name_fields() -> None:
    with pytest.raises(FieldErrors) as e:
        check_rule(Eligibility(age_min=50, age_max=40, interval_years=20, hazard_codes=("x",)))
    assert set(e.value.errors) == {"age_max", "interval_years", "hazard_codes"}


def test_result_checks() -> None:
    check_result("done", date(2026, 5, 6), "recheck", date(2026, 8, 6))
    with pytest.raises(FieldErrors) as e:
        check_result("done", None, "normal", None)
    assert "actual_date" in e.value.errors
    with pytest.raises(FieldErrors) as e:
        check_result("missed", None, "normal", None)
    assert "result" in e.value.errors
    with pytest.raises(FieldErrors) as e:
        check_result("done", date(2026, 5, 6), "normal", date(2026, 8, 1))
    assert "follow_up_due" in e.value.errors
    assert default_follow_up("recheck", date(2026, 5, 31)) == date(2026, 8, 31)
    assert default_follow_up("normal", date(2026, 5, 31)) is None


def test_birth_range_matches_whole_age() -> None:
    from datetime import timedelta

    from desktop.core.dates import age_on
    from desktop.core.exams import birth_range, whole_age

    rule = Eligibility(age_min=35, age_max=64)
    for day in (date(2028, 2, 29), date(2027, 2, 28), date(2027, 3, 1), date(2026, 12, 31)):
        after, until = birth_range(rule, day)
        b = date(1955, 1, 1)
        while b < date(1996, 12, 31):
            assert whole_age(b, day) == age_on(b, day)
            inside = 35 <= age_on(b, day) <= 64
            assert inside == (b > after and b <= until), (b, day)
            b += timedelta(days=1)


def test_age_window_on_the_exam_days() -> None:
    from desktop.core.exams import Eligibility, age_window, turns

    rule = Eligibility(sex="F", age_min=35, age_max=64)
    start, end = date(2026, 5, 4), date(2026, 6, 30)
    # turns 65 on 20 May: eligible up to the 19th
    assert age_window(date(1961, 5, 20), rule, start, end) == (start, date(2026, 5, 19))
    # turns 35 on 1 June: eligible from her birthday
    assert age_window(date(1991, 6, 1), rule, start, end) == (date(2026, 6, 1), end)
    assert age_window(date(1980, 1, 1), rule, start, end) == (start, end)
    assert age_window(date(1995, 1, 1), rule, start, end) is None
    assert age_window(date(1961, 5, 4), rule, start, end) is None  # 65 on the first day
    # 29 February: a year older on 1 March in a common year (whole_age's rule)
    assert turns(date(1992, 2, 29), 35) == date(2027, 3, 1)
    assert age_window(date(1961, 5, 20), Eligibility(), start, end) == (start, end)


# --- the plan draft (moved from the service, #20) ------------------------------------------------------


def test_a_new_plan_starts_from_its_type_s_defaults() -> None:
    d = default_draft("two_cancer", date(2026, 5, 4))
    assert (d.name, d.year, d.start_date, d.end_date) == (
        "2026年女职工两癌筛查",
        2026,
        date(2026, 5, 4),
        date(2026, 5, 4),
    )
    assert rule_of(d) == Eligibility(sex="F", age_min=35, age_max=64, interval_years=2)


def test_a_plan_draft_is_cleaned_and_its_year_taken_from_the_start() -> None:
    d = replace(default_draft("annual", date(2026, 5, 4)), year=0, name=" 2026年  体检 ", notes=" 早到 ")
    clean = check_draft(d)
    assert (clean.year, clean.name, clean.notes) == (2026, "2026年 体检", "早到")


def test_a_plan_draft_names_each_wrong_field() -> None:
    d = replace(
        default_draft("annual", date(2026, 5, 4)),
        name="",
        year=2030,
        end_date=date(2026, 5, 1),
        daily_capacity=0,
        elig_age_min=70,
        elig_age_max=40,
        day_capacities={date(2026, 6, 1): 10},
        provider="院" * 101,
    )
    with pytest.raises(FieldErrors) as e:
        check_draft(d)
    assert set(e.value.errors) == {
        "name",
        "year",
        "end_date",
        "daily_capacity",
        "elig_age_max",
        "provider",
        "day_capacities",
    }
    assert "2030" in e.value.errors["year"] and "最多100个字" in e.value.errors["provider"]
    with pytest.raises(FieldErrors) as e:
        check_draft(
            replace(
                default_draft("annual", date(2026, 5, 4)),
                end_date=date(2026, 5, 8),
                day_capacities={date(2026, 6, 1): 10},
            )
        )
    assert e.value.errors == {"day_capacities": "2026-06-01 不在检查期间内"}
