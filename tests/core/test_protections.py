"""Four-period date rules, checked against domain.md §1–§3 with every expected date worked out by hand.

Counting convention (§3): leave days are calendar days, inclusive of start and end, so a leave of N days
starting on S ends on S + (N − 1). The comments count "remaining days in the month" to show each step.
"""

from __future__ import annotations

from datetime import date

import pytest

from desktop.core.errors import DomainError
from desktop.core.protection_timeline import (
    PregnancyCase,
    build_timeline,
    night_overtime_ban_on,
    prohibited_period_on,
    state_on,
)
from desktop.core.protections import (
    ProtectionRules,
    breastfeeding_hours,
    lactation_end,
    lmp_from_due_date,
    maternity_leave_days,
    maternity_leave_period,
    miscarriage_leave_days,
    seven_month_date,
)

# The running example: due 2026-05-20.
# LMP = due − 280: from 2025-08-13 to 2026-05-20 is 18 (rest of Aug) + 30 + 31 + 30 + 31 + 31 + 28 + 31
# + 30 (Sep…Apr) + 20 (May) = 280 days, so LMP = 2025-08-13.
DUE = date(2026, 5, 20)
LMP = date(2025, 8, 13)


def inclusive_days(start: date, end: date) -> int:
    return (end - start).days + 1


# --- LMP and the 7-month date --------------------------------------------------------------------------


def test_lmp_from_due_date_is_280_days_earlier() -> None:
    assert lmp_from_due_date(DUE) == LMP


def test_lmp_from_due_date_across_new_year() -> None:
    # due 2026-12-20: 2026-03-15 → 16 (rest of Mar) + 30+31+30+31+31+30+31+30 (Apr…Nov = 244) + 20 = 280.
    assert lmp_from_due_date(date(2026, 12, 20)) == date(2026, 3, 15)


def test_seven_month_date_from_due_date() -> None:
    # LMP 2025-08-13 + 7 calendar months = 2026-03-13.
    assert seven_month_date(lmp_from_due_date(DUE)) == date(2026, 3, 13)


def test_seven_month_date_from_lmp_on_31st_common_year() -> None:
    # 2025-07-31 + 7 months → February 2026, which has no 31st → last day 2026-02-28.
    assert seven_month_date(date(2025, 7, 31)) == date(2026, 2, 28)


def test_seven_month_date_from_lmp_on_31st_leap_year() -> None:
    # 2023-07-31 + 7 months → February 2024 (leap) → 2024-02-29.
    assert seven_month_date(date(2023, 7, 31)) == date(2024, 2, 29)


# --- maternity leave days ------------------------------------------------------------------------------


def test_single_normal_birth_inner_mongolia_is_158_days() -> None:
    # 98 national + 60 Inner Mongolia.
    assert maternity_leave_days() == 158
    assert maternity_leave_days(babies=1, dystocia=False, extension_days=60) == 158


def test_twins_with_dystocia_is_188_days() -> None:
    # 98 + 15 (dystocia) + 15 × (2 − 1) + 60 = 188.
    assert maternity_leave_days(babies=2, dystocia=True) == 188


def test_triplets() -> None:
    # 98 + 15 × 2 + 60 = 188; with dystocia + 15 = 203.
    assert maternity_leave_days(babies=3) == 188
    assert maternity_leave_days(babies=3, dystocia=True) == 203


def test_dystocia_only() -> None:
    # 98 + 15 + 60 = 173.
    assert maternity_leave_days(dystocia=True) == 173


def test_excel_style_whole_float_babies_is_accepted() -> None:
    # A spreadsheet cell holds 2 as 2.0; 98 + 15 + 60 = 173.
    assert maternity_leave_days(babies=2.0) == 173  # type: ignore[arg-type]


def test_explicit_extension_for_another_province() -> None:
    # A province without an extension: only the national 98 days.
    assert maternity_leave_days(extension_days=0) == 98
    # 98 + 15 + 15 + 0 = 128.
    assert maternity_leave_days(babies=2, dystocia=True, extension_days=0) == 128


def test_rules_extension_used_when_extension_not_given() -> None:
    other = ProtectionRules(regional_extension_days=30, extension_region="某省")
    # 98 + 30 = 128: the rules decide because extension_days was left at its default.
    assert maternity_leave_days(rules=other) == 128
    # An explicit argument still wins: 98 + 60.
    assert maternity_leave_days(extension_days=60, rules=other) == 158


def test_rules_with_other_national_numbers() -> None:
    rules = ProtectionRules(
        base_maternity_days=100, dystocia_extra_days=20, extra_baby_days=10, regional_extension_days=0
    )
    # 100 + 20 + 10 × 2 = 140.
    assert maternity_leave_days(babies=3, dystocia=True, rules=rules) == 140


# --- maternity leave period ----------------------------------------------------------------------------


def test_default_period_before_delivery_is_known() -> None:
    # start = due − 15 = 2026-05-05; end = start + 157: 26 left in May (6…31) → 131; Jun 30 → 101;
    # Jul 31 → 70; Aug 31 → 39; Sep 30 → 9 → 2026-10-09.
    start, end = maternity_leave_period(total_days=158, due=DUE)
    assert (start, end) == (date(2026, 5, 5), date(2026, 10, 9))
    assert inclusive_days(start, end) == 158


def test_delivery_on_due_date_keeps_the_default_period() -> None:
    # end = max(05-05 + 157, 05-20 + 143 − 1) = max(10-09, 10-09).
    period = maternity_leave_period(total_days=158, due=DUE, delivery=DUE)
    assert period == (date(2026, 5, 5), date(2026, 10, 9))


def test_delivery_before_default_start_starts_leave_on_delivery() -> None:
    # Delivered 2026-04-30, before due − 15 (05-05): start = 04-30.
    # end = 04-30 + 157: May 31 → 126; Jun 30 → 96; Jul 31 → 65; Aug 31 → 34; Sep 30 → 4 → 2026-10-04.
    start, end = maternity_leave_period(total_days=158, due=DUE, delivery=date(2026, 4, 30))
    assert (start, end) == (date(2026, 4, 30), date(2026, 10, 4))
    assert inclusive_days(start, end) == 158


def test_delivery_between_default_start_and_due_date() -> None:
    # Delivered 2026-05-10, already on leave since 05-05: end = max(10-09, 05-10 + 142 = 09-29) = 10-09.
    assert maternity_leave_period(total_days=158, due=DUE, delivery=date(2026, 5, 10)) == (
        date(2026, 5, 5),
        date(2026, 10, 9),
    )


def test_delivery_on_default_start_day() -> None:
    # 2026-05-05 is not before the default start, so start stays 05-05; end 10-09.
    assert maternity_leave_period(total_days=158, due=DUE, delivery=date(2026, 5, 5)) == (
        date(2026, 5, 5),
        date(2026, 10, 9),
    )


def test_late_delivery_pushes_the_end() -> None:
    # Delivered 2026-05-28, 8 days late. end = 05-28 + (158 − 15) − 1 = 05-28 + 142:
    # 3 left in May (29…31) → 139; Jun 30 → 109; Jul 31 → 78; Aug 31 → 47; Sep 30 → 17 → 2026-10-17.
    start, end = maternity_leave_period(total_days=158, due=DUE, delivery=date(2026, 5, 28))
    assert (start, end) == (date(2026, 5, 5), date(2026, 10, 17))
    assert inclusive_days(date(2026, 5, 28), end) == 143  # the full postnatal part
    assert inclusive_days(start, end) == 166  # 158 + 8 days of waiting past the due date


def test_twins_with_dystocia_period() -> None:
    # 188 days from 2026-05-05: 10-09 is day 158; 30 more: 22 left in Oct (10…31) → 8 → 2026-11-08.
    total = maternity_leave_days(babies=2, dystocia=True)
    period = maternity_leave_period(total_days=total, due=DUE, delivery=DUE)
    assert period == (date(2026, 5, 5), date(2026, 11, 8))


def test_triplets_with_dystocia_period() -> None:
    # 203 days from 2026-05-05: 10-09 is day 158; 45 more: 22 left in Oct → 23 → 2026-11-23.
    start, end = maternity_leave_period(total_days=203, due=DUE)
    assert (start, end) == (date(2026, 5, 5), date(2026, 11, 23))
    assert inclusive_days(start, end) == 203


def test_leave_spanning_new_year() -> None:
    # due 2026-12-20 → start 2026-12-05; 27 days in Dec (5…31) + Jan 31 + Feb 28 (2027 common) + Mar 31
    # + Apr 30 = 147; 11 more → 2027-05-11.
    start, end = maternity_leave_period(total_days=158, due=date(2026, 12, 20))
    assert (start, end) == (date(2026, 12, 5), date(2027, 5, 11))


def test_leave_spanning_leap_february() -> None:
    # due 2028-01-20 → start 2028-01-05; 27 (Jan 5…31) + 29 (Feb 2028) + 31 + 30 + 31 (Mar…May) = 148;
    # 10 more → 2028-06-10.
    period = maternity_leave_period(total_days=158, due=date(2028, 1, 20))
    assert period == (date(2028, 1, 5), date(2028, 6, 10))


def test_explicit_later_leave_start() -> None:
    # Worked on until 2026-05-10, delivered on the due date.
    # end = max(05-10 + 157, 05-20 + 142) ; 05-10 + 157: 21 left in May → 136; Jun 30 → 106; Jul 31 → 75;
    # Aug 31 → 44; Sep 30 → 14 → 2026-10-14. The other term is 10-09.
    assert maternity_leave_period(total_days=158, due=DUE, delivery=DUE, leave_start=date(2026, 5, 10)) == (
        date(2026, 5, 10),
        date(2026, 10, 14),
    )


def test_explicit_leave_start_15_days_before_early_delivery() -> None:
    # Delivered 2026-04-30; leave from 04-15 is exactly 15 prenatal days, allowed.
    # 04-15 + 157: 15 left in Apr → 142; May 31 → 111; Jun 30 → 81; Jul 31 → 50; Aug 31 → 19 → 09-19.
    assert maternity_leave_period(
        total_days=158, due=DUE, delivery=date(2026, 4, 30), leave_start=date(2026, 4, 15)
    ) == (date(2026, 4, 15), date(2026, 9, 19))


def test_leave_start_more_than_15_days_before_due_is_rejected() -> None:
    with pytest.raises(DomainError) as err:
        maternity_leave_period(total_days=158, due=DUE, leave_start=date(2026, 5, 4))
    assert err.value.field == "leave_start"
    assert "产假开始日期" in str(err.value) and "15天" in str(err.value)


def test_leave_start_more_than_15_days_before_early_delivery_is_rejected() -> None:
    with pytest.raises(DomainError) as err:
        maternity_leave_period(total_days=158, due=DUE, delivery=date(2026, 4, 30), leave_start=date(2026, 4, 14))
    assert err.value.field == "leave_start"
    assert "分娩日期" in str(err.value)


def test_leave_start_after_delivery_is_rejected() -> None:
    with pytest.raises(DomainError) as err:
        maternity_leave_period(total_days=158, due=DUE, delivery=date(2026, 5, 18), leave_start=date(2026, 5, 19))
    assert err.value.field == "leave_start"
    assert "产假开始日期" in str(err.value)


def test_period_with_other_province_rules() -> None:
    rules = ProtectionRules(regional_extension_days=0)
    total = maternity_leave_days(rules=rules)
    # 98 days from 2026-05-05: 27 (May 5…31) + 30 + 31 = 88; 10 more → 2026-08-10.
    assert total == 98
    period = maternity_leave_period(total_days=total, due=DUE, rules=rules)
    assert period == (date(2026, 5, 5), date(2026, 8, 10))


def test_dates_typed_as_text_are_read() -> None:
    assert maternity_leave_period(total_days=158, due="2026/5/20") == (  # type: ignore[arg-type]
        date(2026, 5, 5),
        date(2026, 10, 9),
    )


# --- miscarriage ---------------------------------------------------------------------------------------


def test_miscarriage_well_before_four_months() -> None:
    # LMP 2025-08-13 + 4 months = 2025-12-13; 2025-10-01 is earlier → 15 days.
    assert miscarriage_leave_days(lmp=LMP, miscarriage=date(2025, 10, 1)) == 15


def test_miscarriage_day_before_four_months() -> None:
    assert miscarriage_leave_days(lmp=LMP, miscarriage=date(2025, 12, 12)) == 15


def test_miscarriage_exactly_on_four_month_day() -> None:
    # 2025-12-13 is not "< LMP + 4 months" → 42.
    assert miscarriage_leave_days(lmp=LMP, miscarriage=date(2025, 12, 13)) == 42


def test_miscarriage_well_after_four_months() -> None:
    assert miscarriage_leave_days(lmp=LMP, miscarriage=date(2026, 1, 20)) == 42


def test_miscarriage_four_months_from_lmp_on_31st() -> None:
    # 2025-10-31 + 4 months → February 2026 has no 31st → 2026-02-28.
    assert miscarriage_leave_days(lmp=date(2025, 10, 31), miscarriage=date(2026, 2, 27)) == 15
    assert miscarriage_leave_days(lmp=date(2025, 10, 31), miscarriage=date(2026, 2, 28)) == 42


def test_miscarriage_with_other_rules() -> None:
    rules = ProtectionRules(miscarriage_short_days=20, miscarriage_long_days=45)
    assert miscarriage_leave_days(lmp=LMP, miscarriage=date(2025, 10, 1), rules=rules) == 20
    assert miscarriage_leave_days(lmp=LMP, miscarriage=date(2026, 1, 20), rules=rules) == 45


def test_miscarriage_before_lmp_is_rejected() -> None:
    with pytest.raises(DomainError) as err:
        miscarriage_leave_days(lmp=LMP, miscarriage=date(2025, 8, 1))
    assert err.value.field == "miscarriage"
    assert "流产日期" in str(err.value) and "末次月经" in str(err.value)


# --- lactation -----------------------------------------------------------------------------------------


def test_lactation_end_ordinary_birth() -> None:
    # Born 2026-05-28 → first birthday 2027-05-28 → last protected day 2027-05-27.
    assert lactation_end(date(2026, 5, 28)) == date(2027, 5, 27)


def test_lactation_end_born_29_february() -> None:
    # Born 2024-02-29 → first birthday 2025-03-01 (common year) → end 2025-02-28.
    assert lactation_end(date(2024, 2, 29)) == date(2025, 2, 28)


def test_lactation_end_born_1_march_before_leap_day() -> None:
    # Born 2023-03-01 → birthday 2024-03-01 → end is the leap day 2024-02-29.
    assert lactation_end(date(2023, 3, 1)) == date(2024, 2, 29)


def test_lactation_end_born_1_march_of_leap_year() -> None:
    # Born 2024-03-01 → birthday 2025-03-01 → end 2025-02-28.
    assert lactation_end(date(2024, 3, 1)) == date(2025, 2, 28)


def test_lactation_end_born_31_december() -> None:
    assert lactation_end(date(2026, 12, 31)) == date(2027, 12, 30)


def test_lactation_end_with_longer_contract_period() -> None:
    # 18 months: 2026-05-28 → 2027-11-28 → end 2027-11-27.
    assert lactation_end(date(2026, 5, 28), rules=ProtectionRules(lactation_months=18)) == date(2027, 11, 27)


def test_breastfeeding_hours() -> None:
    assert breastfeeding_hours(1) == 1
    assert breastfeeding_hours(2) == 2  # twins: 1 h + 1 h for the second baby
    assert breastfeeding_hours(3) == 3


# --- bad values ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("babies", [0, -1, 10, 1.5, "两", None, True])
def test_bad_babies_rejected(babies: object) -> None:
    with pytest.raises(DomainError) as err:
        maternity_leave_days(babies=babies)  # type: ignore[arg-type]
    assert err.value.field == "babies"
    assert "婴儿数" in str(err.value)


def test_bad_babies_rejected_for_breastfeeding() -> None:
    with pytest.raises(DomainError) as err:
        breastfeeding_hours(0)
    assert "婴儿数" in str(err.value)


@pytest.mark.parametrize("dystocia", ["是", "顺产", 2, None])
def test_bad_dystocia_rejected(dystocia: object) -> None:
    with pytest.raises(DomainError) as err:
        maternity_leave_days(dystocia=dystocia)  # type: ignore[arg-type]
    assert err.value.field == "dystocia"
    assert "难产" in str(err.value)


def test_dystocia_as_0_or_1_accepted() -> None:
    assert maternity_leave_days(dystocia=1) == 173  # type: ignore[arg-type]
    assert maternity_leave_days(dystocia=0) == 158  # type: ignore[arg-type]


@pytest.mark.parametrize("extension", [-1, 400, "六十"])
def test_bad_extension_rejected(extension: object) -> None:
    with pytest.raises(DomainError) as err:
        maternity_leave_days(extension_days=extension)  # type: ignore[arg-type]
    assert err.value.field == "extension_days"
    assert "延长产假天数" in str(err.value)


@pytest.mark.parametrize("total", [0, -5, 1580])
def test_bad_total_days_rejected(total: int) -> None:
    with pytest.raises(DomainError) as err:
        maternity_leave_period(total_days=total, due=DUE)
    assert err.value.field == "total_days"
    assert "产假天数" in str(err.value)


def test_missing_due_date_rejected() -> None:
    with pytest.raises(DomainError) as err:
        maternity_leave_period(total_days=158, due=None)  # type: ignore[arg-type]
    assert err.value.field == "due"
    assert "预产期" in str(err.value)


def test_impossible_due_date_text_rejected() -> None:
    with pytest.raises(DomainError) as err:
        lmp_from_due_date("2026-02-30")  # type: ignore[arg-type]
    assert err.value.field == "due"
    assert "预产期" in str(err.value)


def test_delivery_before_lmp_implied_by_due_date_rejected() -> None:
    with pytest.raises(DomainError) as err:
        maternity_leave_period(total_days=158, due=DUE, delivery=date(2025, 8, 1))
    assert err.value.field == "delivery"
    assert "分娩日期" in str(err.value)


def test_bad_rules_rejected() -> None:
    with pytest.raises(DomainError) as err:
        ProtectionRules(base_maternity_days=0)
    assert err.value.field == "base_maternity_days"
    with pytest.raises(DomainError) as err:
        ProtectionRules(regional_extension_days=-60)
    assert "地方延长产假天数" in str(err.value)


# --- timeline and its explanations ---------------------------------------------------------------------


def test_timeline_single_birth_with_reasons() -> None:
    t = build_timeline(PregnancyCase(due=DUE, delivery=date(2026, 5, 28)))
    assert t.lmp is not None and t.lmp.day == LMP
    assert t.lmp.reason == "末次月经 = 预产期 2026-05-20 − 280天"
    assert t.seven_month is not None and t.seven_month.day == date(2026, 3, 13)
    assert t.leave_days is not None and t.leave_days.value == 158
    assert t.leave_days.reason == (
        "产假158天 = 国家98天 + 内蒙古延长60天（国务院令第619号第七条；内蒙古人口与计划生育条例）"
    )
    assert t.leave_start is not None and t.leave_start.day == date(2026, 5, 5)
    assert "预产期 2026-05-20 − 15天" in t.leave_start.reason
    assert t.leave_end is not None and t.leave_end.day == date(2026, 10, 17)
    assert "分娩日 2026-05-28 + (158 − 15)天 − 1" in t.leave_end.reason
    assert t.lactation_end is not None and t.lactation_end.day == date(2027, 5, 27)
    assert t.breastfeeding_hours is not None and t.breastfeeding_hours.value == 1
    assert t.miscarriage_leave_days is None
    labels = [row[0] for row in t.rows()]
    assert labels[:3] == ["末次月经", "预产期", "孕满7个月"]


def test_timeline_twins_with_dystocia_reason() -> None:
    t = build_timeline(PregnancyCase(due=DUE, delivery=DUE, babies=2, dystocia=True))
    assert t.leave_days is not None and t.leave_days.value == 188
    assert t.leave_days.reason.startswith("产假188天 = 国家98天 + 难产15天 + 多胞胎2胎增加15天×1 + 内蒙古延长60天")
    assert t.leave_end is not None and t.leave_end.day == date(2026, 11, 8)
    assert t.breastfeeding_hours is not None and t.breastfeeding_hours.value == 2
    assert "1小时 × 2个婴儿" in t.breastfeeding_hours.reason


def test_timeline_without_extension_names_no_region() -> None:
    t = build_timeline(PregnancyCase(due=DUE), ProtectionRules(regional_extension_days=0))
    assert t.leave_days is not None
    assert t.leave_days.reason == "产假98天 = 国家98天（国务院令第619号第七条）"
    assert t.leave_end is not None and "尚未分娩" in t.leave_end.reason


def test_timeline_early_delivery_explains_start() -> None:
    t = build_timeline(PregnancyCase(due=DUE, delivery=date(2026, 4, 30)))
    assert t.leave_start is not None and t.leave_start.day == date(2026, 4, 30)
    assert "分娩日 2026-04-30" in t.leave_start.reason
    assert t.leave_end is not None and t.leave_end.day == date(2026, 10, 4)


def test_timeline_from_lmp_on_31st_explains_month_end() -> None:
    # LMP 2025-07-31 → due = +280 days = 2026-05-07 (1 + 31+30+31+30+31+31+28+31+30 (Aug…Apr) + 7 = 280).
    t = build_timeline(PregnancyCase(lmp=date(2025, 7, 31)))
    assert t.due is not None and t.due.day == date(2026, 5, 7)
    assert t.seven_month is not None and t.seven_month.day == date(2026, 2, 28)
    assert "2026年2月没有31日" in t.seven_month.reason


def test_timeline_born_on_leap_day() -> None:
    t = build_timeline(PregnancyCase(due=date(2024, 3, 5), delivery=date(2024, 2, 29)))
    assert t.lactation_end is not None and t.lactation_end.day == date(2025, 2, 28)
    assert "3月1日" in t.lactation_end.reason


def test_timeline_miscarriage() -> None:
    t = build_timeline(PregnancyCase(lmp=LMP, miscarriage=date(2025, 10, 1)))
    assert t.miscarriage_leave_days is not None and t.miscarriage_leave_days.value == 15
    assert "2025-12-13" in t.miscarriage_leave_days.reason and "不满4个月" in t.miscarriage_leave_days.reason
    # 15 days from 2025-10-01 inclusive → 2025-10-15.
    assert t.miscarriage_leave_start is not None and t.miscarriage_leave_start.day == date(2025, 10, 1)
    assert t.miscarriage_leave_end is not None and t.miscarriage_leave_end.day == date(2025, 10, 15)
    assert t.leave_days is None and t.lactation_end is None


def test_timeline_has_no_seven_month_date_after_early_end() -> None:
    # Miscarriage 2025-10-01 is long before LMP + 7 months (2026-03-13).
    assert build_timeline(PregnancyCase(lmp=LMP, miscarriage=date(2025, 10, 1))).seven_month is None
    # Very preterm birth on 2026-03-01, also before 2026-03-13.
    t = build_timeline(PregnancyCase(lmp=LMP, due=DUE, delivery=date(2026, 3, 1)))
    assert t.seven_month is None
    state = state_on(PregnancyCase(lmp=LMP, due=DUE, delivery=date(2026, 3, 1)), date(2026, 2, 28))
    assert state is not None and state.code == "pregnant" and state.night_overtime_ban is False


def test_timeline_only_delivery_known() -> None:
    # No due date: leave starts on the birth. 2026-05-28 + 157: May 3 → 154; Jun 30 → 124; Jul 31 → 93;
    # Aug 31 → 62; Sep 30 → 32; Oct 31 → 1 → 2026-11-01.
    t = build_timeline(PregnancyCase(delivery=date(2026, 5, 28)))
    assert t.lmp is None and t.seven_month is None
    assert t.leave_start is not None and t.leave_start.day == date(2026, 5, 28)
    assert t.leave_end is not None and t.leave_end.day == date(2026, 11, 1)


def test_timeline_due_more_than_44_weeks_after_lmp_rejected() -> None:
    # LMP + 44 weeks = LMP + 308 days = 2026-05-20 + 28 = 2026-06-17: allowed; the next day is not.
    build_timeline(PregnancyCase(lmp=LMP, due=date(2026, 6, 17)))
    with pytest.raises(DomainError) as err:
        build_timeline(PregnancyCase(lmp=LMP, due=date(2026, 6, 18)))
    assert err.value.field == "due"
    assert "预产期" in str(err.value) and "44周" in str(err.value)


def test_timeline_due_before_lmp_rejected() -> None:
    with pytest.raises(DomainError) as err:
        build_timeline(PregnancyCase(lmp=LMP, due=date(2025, 8, 1)))
    assert err.value.field == "due"


def test_timeline_delivery_before_lmp_rejected() -> None:
    with pytest.raises(DomainError) as err:
        build_timeline(PregnancyCase(lmp=LMP, delivery=date(2025, 8, 1)))
    assert err.value.field == "delivery"
    assert "分娩日期" in str(err.value) and "末次月经" in str(err.value)


def test_timeline_contradictions_rejected() -> None:
    with pytest.raises(DomainError) as err:
        build_timeline(PregnancyCase(lmp=LMP, delivery=DUE, miscarriage=date(2025, 10, 1)))
    assert err.value.field == "miscarriage"
    with pytest.raises(DomainError) as err:
        build_timeline(PregnancyCase(miscarriage=date(2025, 10, 1)))
    assert err.value.field == "lmp" and "末次月经" in str(err.value)
    with pytest.raises(DomainError) as err:
        build_timeline(PregnancyCase(due=DUE, delivery=DUE, lactation_stopped=date(2026, 5, 1)))
    assert err.value.field == "lactation_stopped" and "停止哺乳日期" in str(err.value)
    with pytest.raises(DomainError) as err:
        build_timeline(PregnancyCase(due=DUE, delivery=DUE, return_to_work=date(2026, 5, 1)))
    assert err.value.field == "return_to_work" and "返岗日期" in str(err.value)
    with pytest.raises(DomainError) as err:
        build_timeline(PregnancyCase(due=DUE, babies=0))
    assert err.value.field == "babies"


# --- state on a day ------------------------------------------------------------------------------------

# LMP 2025-08-13, due 2026-05-20, delivered 2026-05-28 (late): leave 2026-05-05 … 2026-10-17,
# lactation through 2027-05-27.
LATE = PregnancyCase(lmp=LMP, due=DUE, delivery=date(2026, 5, 28))


@pytest.mark.parametrize(
    ("day", "code", "label", "period", "ban"),
    [
        (date(2025, 8, 12), None, None, None, False),  # before LMP
        (date(2025, 8, 13), "pregnant", "孕0周", "pregnancy", False),
        # 2025-08-13 → 2025-10-01 = 18 + 30 + 1 = 49 days = 7 weeks.
        (date(2025, 10, 1), "pregnant", "孕7周", "pregnancy", False),
        # 2025-08-13 → 2026-03-12 = 18 + 30+31+30+31+31+28 + 12 = 211 days = 30 weeks + 1 day.
        (date(2026, 3, 12), "pregnant", "孕30周", "pregnancy", False),
        (date(2026, 3, 13), "pregnant_7m", "孕7月以上", "pregnancy", True),  # LMP + 7 months
        (date(2026, 5, 4), "pregnant_7m", "孕7月以上", "pregnancy", True),
        (date(2026, 5, 5), "maternity_leave", "产假中", "pregnancy", True),  # prenatal leave
        (date(2026, 5, 28), "maternity_leave", "产假中", "lactation", True),  # birth
        (date(2026, 10, 17), "maternity_leave", "产假中", "lactation", True),  # last leave day
        (date(2026, 10, 18), "lactation", "哺乳期", "lactation", True),
        (date(2027, 5, 27), "lactation", "哺乳期", "lactation", True),  # day before first birthday
        (date(2027, 5, 28), None, None, None, False),
    ],
)
def test_state_on_through_one_pregnancy(
    day: date, code: str | None, label: str | None, period: str | None, ban: bool
) -> None:
    state = state_on(LATE, day)
    if code is None:
        assert state is None
    else:
        assert state is not None
        assert (state.code, state.label) == (code, label)
    assert prohibited_period_on(LATE, day) == period
    assert night_overtime_ban_on(LATE, day) is ban


def test_state_after_early_return_to_work() -> None:
    case = PregnancyCase(lmp=LMP, due=DUE, delivery=date(2026, 5, 28), return_to_work=date(2026, 9, 1))
    state = state_on(case, date(2026, 8, 31))
    assert state is not None and state.code == "maternity_leave"
    state = state_on(case, date(2026, 9, 1))
    assert state is not None and state.code == "lactation"
    t = build_timeline(case)
    # 2026-09-01 … 2026-10-17 = 30 + 17 = 47 days not taken.
    assert t.return_to_work is not None and "47天" in t.return_to_work.reason


def test_state_after_lactation_stopped() -> None:
    case = PregnancyCase(lmp=LMP, due=DUE, delivery=date(2026, 5, 28), lactation_stopped=date(2027, 1, 31))
    state = state_on(case, date(2027, 1, 31))
    assert state is not None and state.code == "lactation"
    assert state_on(case, date(2027, 2, 1)) is None
    assert night_overtime_ban_on(case, date(2027, 2, 1)) is False
    # Weaning during the leave does not shorten the leave.
    early = PregnancyCase(due=DUE, delivery=DUE, lactation_stopped=date(2026, 6, 30))
    state = state_on(early, date(2026, 7, 1))
    assert state is not None and state.code == "maternity_leave"
    assert state.prohibited_period is None and state.night_overtime_ban is False
    assert state_on(early, date(2026, 10, 10)) is None


def test_state_through_miscarriage() -> None:
    case = PregnancyCase(lmp=LMP, miscarriage=date(2025, 10, 1))
    # 2025-08-13 → 2025-09-30 = 48 days = 6 weeks.
    state = state_on(case, date(2025, 9, 30))
    assert state is not None and state.label == "孕6周"
    state = state_on(case, date(2025, 10, 1))
    assert state is not None and (state.code, state.label) == ("miscarriage_leave", "流产假")
    assert state.prohibited_period is None and state.night_overtime_ban is False
    state = state_on(case, date(2025, 10, 15))
    assert state is not None and state.code == "miscarriage_leave"
    assert state_on(case, date(2025, 10, 16)) is None


def test_state_when_delivery_not_yet_recorded() -> None:
    case = PregnancyCase(due=DUE)
    state = state_on(case, date(2026, 5, 20))
    assert state is not None and state.code == "maternity_leave"  # planned leave from due − 15
    # After the planned leave nothing can be said without a delivery date.
    assert state_on(case, date(2026, 10, 10)) is None


def test_state_only_delivery_known_has_no_pregnancy_weeks() -> None:
    case = PregnancyCase(delivery=date(2026, 5, 28))
    assert state_on(case, date(2026, 5, 27)) is None
    state = state_on(case, date(2026, 5, 28))
    assert state is not None and state.code == "maternity_leave"


def test_state_on_rejects_bad_day() -> None:
    with pytest.raises(DomainError) as err:
        state_on(LATE, "2026-13-01")  # type: ignore[arg-type]
    assert err.value.field == "day"


def test_help_texts_and_conflict_messages_follow_the_rules() -> None:
    """#18 item 9: help texts say the numbers of the rule data they describe."""
    from desktop.core import hazards
    from desktop.core.protections import ProtectionRules, baby_age_text, help_texts

    default = help_texts(ProtectionRules())
    assert "15天" in default["dystocia"] and default["seven_month"] == "孕满7个月"
    assert "1周岁" in default["lactation_end"]
    changed = help_texts(
        ProtectionRules(
            dystocia_extra_days=30, extra_baby_days=20, max_prenatal_days=10, seven_month_months=6, lactation_months=18
        )
    )
    assert "30天" in changed["dystocia"] and "20天" in changed["babies"] and "预产期前10天" in changed["leave_start"]
    assert changed["seven_month"] == "孕满6个月" and "婴儿满18个月前一天" in changed["lactation_end"]
    assert "怀孕6个月以上及哺乳未满18个月婴儿" in changed["night_ban"]
    assert baby_age_text(ProtectionRules(lactation_months=12)) == "1周岁"
    [night] = hazards.night_overtime_conflict("night_shift", seven_month_months=6, baby_age="18个月")
    assert "怀孕6个月以上" in night and "未满18个月" in night


# --- contract end inside a protected period (#18 item 7) ---------------------------------------------------
def test_contract_ending_in_a_protected_period_runs_on_to_lactation_end() -> None:
    """劳动合同法 art. 42(4), 45: a contract expiring in 孕期、产期 or 哺乳期 continues until lactation ends."""
    from desktop.core.protection_timeline import PregnancyCase, build_timeline, contract_extension

    t = build_timeline(PregnancyCase(due=date(2026, 11, 1), delivery=date(2026, 10, 28)))
    # leave 2026-10-17 .. 2027-03-23, lactation to 2027-10-27
    during_leave = contract_extension(t, date(2027, 1, 31))
    assert during_leave is not None and during_leave.day == date(2027, 10, 27)
    assert "在产期内" in during_leave.reason and "第四十五条" in during_leave.reason
    assert "在哺乳期内" in contract_extension(t, date(2027, 6, 30)).reason  # type: ignore[union-attr]
    assert "在孕期内" in contract_extension(t, date(2026, 9, 1)).reason  # type: ignore[union-attr]
    assert contract_extension(t, date(2027, 10, 27)) is None  # ends on the last protected day: nothing to extend
    assert contract_extension(t, date(2025, 12, 31)) is None  # before the pregnancy
    assert contract_extension(t, None) is None
    # Not yet delivered: estimated from the due date.
    planned = build_timeline(PregnancyCase(due=date(2027, 3, 1)))
    item = contract_extension(planned, date(2027, 2, 1))
    assert item is not None and item.day == date(2028, 2, 29) and "按预产期预计" in item.reason
    # Miscarriage: protection ends with the miscarriage leave.
    lost = build_timeline(PregnancyCase(lmp=date(2026, 8, 1), miscarriage=date(2026, 10, 1)))
    gone = contract_extension(lost, date(2026, 10, 5))
    assert gone is not None and gone.day == lost.miscarriage_leave_end.day  # type: ignore[union-attr]


# --- how pregnancy months are counted (#18 item 10) -----------------------------------------------------
def test_months_default_to_calendar_months_and_may_be_weeks() -> None:
    """Decree 619 does not define "怀孕7个月"/"满4个月". Default: calendar months from LMP (domain.md §3); an
    office may choose weeks (7 months = 28 weeks, 4 months = 16 weeks), and the explanation says which."""
    from desktop.core.protection_timeline import PregnancyCase, build_timeline
    from desktop.core.protections import ProtectionRules, help_texts, miscarriage_leave_days, seven_month_date

    lmp = date(2026, 1, 31)
    weeks = ProtectionRules(months_in_weeks=1)
    assert seven_month_date(lmp) == date(2026, 8, 31)
    assert seven_month_date(lmp, rules=weeks) == date(2026, 8, 15)  # LMP + 196 days
    # A miscarriage on 2026-05-25: under 4 calendar months (threshold 05-31) but past 16 weeks (05-23).
    assert miscarriage_leave_days(lmp=lmp, miscarriage=date(2026, 5, 25)) == 15
    assert miscarriage_leave_days(lmp=lmp, miscarriage=date(2026, 5, 25), rules=weeks) == 42
    calendar_t = build_timeline(PregnancyCase(lmp=lmp))
    weeks_t = build_timeline(PregnancyCase(lmp=lmp), weeks)
    assert "7个自然月" in calendar_t.seven_month.reason  # type: ignore[union-attr]
    assert "28周（本单位规则按周计：7个月 = 28周）" in weeks_t.seven_month.reason  # type: ignore[union-attr]
    lost = build_timeline(PregnancyCase(lmp=lmp, miscarriage=date(2026, 5, 25)), weeks)
    assert "16周" in lost.miscarriage_leave_days.reason  # type: ignore[union-attr]
    assert help_texts(weeks)["seven_month"] == "孕满7个月（按周计：28周）"
    with pytest.raises(DomainError, match="怀孕月数计法"):
        ProtectionRules(months_in_weeks=2)
