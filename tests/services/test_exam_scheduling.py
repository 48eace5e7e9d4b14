"""Plans, schedule generation (holidays, capacity, units, re-runs, shortage), attendance and coverage."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from db.models import AuditEntry
from db.models_exams import ExamAppointment
from desktop.core.errors import DomainError, FieldErrors
from desktop.services import office
from desktop.services.database import Database
from desktop.services.exams import appointments as exam_appointments
from desktop.services.exams import calendar as exam_calendar
from desktop.services.exams import coverage as exam_coverage
from desktop.services.exams import plans as exam_plans
from desktop.services.exams.scheduling import ScheduleReport, eligible_units
from desktop.services.exams.scheduling import generate_schedule as _generate
from tests.services.test_protection_cases import woman


def generate_schedule(db: Database, plan_id: int, *, today: date | None = None, **kw: object) -> ScheduleReport:
    """The service, scheduled on the plan's first day unless told otherwise (the plans here are dated)."""
    if today is None:
        with db.read() as s:
            today = exam_plans.get_plan(s, plan_id).start_date
    return _generate(db, plan_id, today=today, **kw)  # type: ignore[arg-type]


def plan(db: Database, start: date, end: date, *, kind: str = "two_cancer", cap: int = 5, **kw: object) -> int:
    draft = exam_plans.default_draft(kind, start)
    from dataclasses import replace

    draft = replace(draft, end_date=end, daily_capacity=cap, provider="牙克石市妇幼保健院", **kw)  # type: ignore[arg-type]
    with db.write() as s:
        return exam_plans.create_plan(s, draft, actor="clerk").id


def people(db: Database) -> dict[str, int]:
    ids = {}
    for i, (name, unit) in enumerate(
        [
            ("甲一", "甘河林场"),
            ("甲二", "一班"),
            ("甲三", "甘河林场"),
            ("乙一", "吉文林场"),
            ("乙二", "吉文林场"),
            ("丙一", "营林科"),
        ]
    ):
        ids[name] = woman(db, name, unit_name=unit, born=date(1980, 3, 1 + i), seq=i + 1)
    ids["男工"] = woman(db, "男工", born=date(1980, 1, 9), seq=20, female=False)
    ids["年轻"] = woman(db, "年轻", born=date(1995, 1, 9), seq=21)
    return ids


def appts(db: Database, plan_id: int) -> dict[int, ExamAppointment]:
    with db.read() as s:
        rows = s.scalars(select(ExamAppointment).where(ExamAppointment.plan_id == plan_id)).all()
        for r in rows:
            s.expunge(r)
        return {r.worker_id: r for r in rows}


def test_plan_defaults_and_validation(office_db: Database) -> None:
    d = exam_plans.default_draft("two_cancer", date(2026, 5, 4))
    assert (d.elig_sex, d.elig_age_min, d.elig_age_max, d.interval_years) == ("F", 35, 64, 2)
    from dataclasses import replace

    with pytest.raises(FieldErrors) as e:
        exam_plans.check_draft(replace(d, name="", end_date=date(2026, 5, 1), daily_capacity=0))
    assert {"name", "end_date", "daily_capacity"} <= set(e.value.errors)


def test_schedule_rule_units_and_national_day(office_db: Database) -> None:
    ids = people(office_db)
    pid = plan(office_db, date(2026, 9, 29), date(2026, 10, 12), cap=3)
    report = generate_schedule(office_db, pid)
    got = appts(office_db, pid)
    assert ids["男工"] not in got and ids["年轻"] not in got  # sex, and 31 on the exam day
    assert report.eligible == 6 and report.placed == 6 and report.unplaced == 0
    assert report.unknown_years == []
    days = {a.scheduled_date for a in got.values()}
    assert not any(date(2026, 10, 1) <= d <= date(2026, 10, 7) for d in days)
    # 甘河林场 (with its 一班) rides one bus: all three on one day
    assert len({got[ids[n]].scheduled_date for n in ("甲一", "甲二", "甲三")}) == 1
    assert max(report.load.values()) <= 3


def test_adjusted_working_saturday_is_used(office_db: Database) -> None:
    people(office_db)
    # 2026-10-08/09 are working days, then Saturday 10 October is worked in lieu (调休).
    pid = plan(office_db, date(2026, 10, 8), date(2026, 10, 10), cap=2)
    generate_schedule(office_db, pid)
    days = {a.scheduled_date for a in appts(office_db, pid).values()}
    assert date(2026, 10, 10) in days


def test_office_entered_year_and_unknown_year(office_db: Database) -> None:
    people(office_db)
    pid = plan(office_db, date(2027, 9, 30), date(2027, 10, 11), cap=6)
    report = generate_schedule(office_db, pid)
    assert report.unknown_years == [2027] and "2027年" in report.text()
    with office_db.write() as s:
        exam_calendar.set_year_days(
            s, 2027, [date(2027, 10, d) for d in range(1, 8)], [date(2027, 10, 9)], actor="clerk", name="国庆节"
        )
    report = generate_schedule(office_db, pid)
    assert report.unknown_years == []
    days = {a.scheduled_date for a in appts(office_db, pid).values()}
    assert days.isdisjoint({date(2027, 10, d) for d in range(1, 8)})
    with office_db.write() as s, pytest.raises(FieldErrors):
        exam_calendar.set_year_days(s, 2027, [], [date(2027, 10, 8)], actor="clerk")  # a Friday


def test_rerun_keeps_attended_and_locked_and_is_deterministic(office_db: Database) -> None:
    ids = people(office_db)
    pid = plan(office_db, date(2026, 5, 6), date(2026, 5, 15), cap=2)
    generate_schedule(office_db, pid)
    first = {w: a.scheduled_date for w, a in appts(office_db, pid).items()}
    generate_schedule(office_db, pid)
    assert {w: a.scheduled_date for w, a in appts(office_db, pid).items()} == first

    got = appts(office_db, pid)
    with office_db.write() as s:
        exam_appointments.mark_attended(s, [got[ids["甲一"]].id], actor="clerk")
        exam_appointments.move_appointments(s, [got[ids["丙一"]].id], date(2026, 5, 15), actor="clerk")
    with office_db.write() as s:
        draft = exam_plans.get_draft(s, pid)
        from dataclasses import replace

        exam_plans.update_plan(s, pid, replace(draft, start_date=date(2026, 5, 11)), actor="clerk")
    report = generate_schedule(office_db, pid)
    got = appts(office_db, pid)
    assert got[ids["甲一"]].status == "done" and got[ids["甲一"]].scheduled_date == first[ids["甲一"]]
    assert got[ids["丙一"]].scheduled_date == date(2026, 5, 15) and got[ids["丙一"]].locked
    assert report.kept == 2
    assert all(a.scheduled_date >= date(2026, 5, 11) for w, a in got.items() if w != ids["甲一"])


def test_shortage_reported(office_db: Database) -> None:
    people(office_db)
    pid = plan(office_db, date(2026, 5, 6), date(2026, 5, 6), cap=2)
    report = generate_schedule(office_db, pid)
    assert report.placed == 2 and report.unplaced == 4 and report.extra_days_needed == 2
    assert "还有 4 人未能排入" in report.text()


def test_interval_uses_earlier_plans(office_db: Database) -> None:
    ids = people(office_db)
    old = plan(office_db, date(2025, 5, 6), date(2025, 5, 30), cap=10, name="2025年两癌筛查", year=2025)
    generate_schedule(office_db, old)
    got = appts(office_db, old)
    with office_db.write() as s:
        exam_appointments.record_result(s, got[ids["甲一"]].id, result="normal", actor="clerk")
    new = plan(office_db, date(2026, 5, 6), date(2026, 5, 30), cap=10)
    generate_schedule(office_db, new)
    assert ids["甲一"] not in appts(office_db, new)  # screened in 2025, every 2 years → 2027
    assert ids["甲二"] in appts(office_db, new)


def test_status_changes_results_and_audit(office_db: Database) -> None:
    ids = people(office_db)
    pid = plan(office_db, date(2026, 5, 6), date(2026, 5, 15), cap=10)
    generate_schedule(office_db, pid)
    got = appts(office_db, pid)
    a1, a2 = got[ids["甲一"]].id, got[ids["乙一"]].id
    with office_db.write() as s:
        exam_appointments.mark_missed(s, [a2], actor="clerk")
        a = exam_appointments.record_result(s, a1, result="recheck", actor="clerk")
        assert a.follow_up_due is not None and a.status == "done"
    with office_db.write() as s:
        exam_appointments.move_appointments(s, [a2], date(2026, 5, 14), actor="clerk")
        with pytest.raises(DomainError):
            exam_appointments.move_appointments(s, [a1], date(2026, 5, 14), actor="clerk")
    with office_db.read() as s:
        rows = exam_appointments.fetch_rows(s, [a1, a2])
        assert [r.status_label for r in rows] == ["已检", "改期"]
        assert rows[0].result_label == "异常需复查"
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "exam_appointment", AuditEntry.entity_id == a2)
        ).all()
        assert {e.action for e in entries} == {"missed", "move"}
        assert json.loads(entries[-1].after or "{}")
        fu = exam_coverage.follow_ups(s)
        assert [r.name for r in fu] == ["甲一"]
        cov = exam_coverage.coverage(s, pid)
        total = cov[-1]
        assert (total.unit, total.eligible, total.scheduled, total.done) == ("合计", 6, 6, 1)
        assert [r.unit for r in cov[:-1]] == ["吉文林场", "甘河林场", "营林科"]  # unit-tree order
        hist = exam_coverage.worker_history(s, ids["甲一"])
        assert hist[0].result == "异常需复查"
        over = exam_coverage.overdue(s, pid, on=date(2026, 6, 1))
        assert {r.name for r in over} == set()
    with office_db.write() as s:
        exam_appointments.record_follow_up_done(s, a1, date(2026, 6, 1), actor="clerk")
    with office_db.read() as s:
        assert exam_coverage.follow_ups(s) == []


def test_overdue_lists_eligible_not_booked(office_db: Database) -> None:
    people(office_db)
    pid = plan(office_db, date(2026, 5, 6), date(2026, 5, 6), cap=2)
    generate_schedule(office_db, pid)
    with office_db.read() as s:
        over = exam_coverage.overdue(s, pid, on=date(2026, 6, 1))
    assert len(over) == 4 and all(r.detail == "无检查记录" for r in over)


def test_day_summary_and_filters(office_db: Database) -> None:
    people(office_db)
    pid = plan(office_db, date(2026, 5, 6), date(2026, 5, 15), cap=10)
    generate_schedule(office_db, pid)
    with office_db.read() as s:
        days = exam_appointments.day_summary(s, pid)
        assert days[0].total == 6 and "甘河林场 3" in days[0].units
        ids_ = exam_appointments.appointment_ids(
            s, exam_appointments.AppointmentFilter(plan_id=pid, text="乙"), sort="unit"
        )
        assert [r.name for r in exam_appointments.fetch_rows(s, ids_)] == ["乙一", "乙二"]
        assert exam_appointments.count(s, exam_appointments.AppointmentFilter(plan_id=pid, day=days[0].day)) == 6


def test_archived_plan_keeps_its_exams(office_db: Database) -> None:
    """Archiving hides a plan; the interval rule, her history and her follow-up still see its exams."""
    ids = people(office_db)
    old = plan(office_db, date(2025, 5, 6), date(2025, 5, 30), cap=10, name="2025年两癌筛查", year=2025)
    generate_schedule(office_db, old)
    got = appts(office_db, old)
    with office_db.write() as s:
        exam_appointments.record_result(s, got[ids["甲一"]].id, result="recheck", actor="clerk")
        exam_plans.archive_plan(s, old, actor="clerk")
    new = plan(office_db, date(2026, 5, 6), date(2026, 5, 30), cap=10)
    generate_schedule(office_db, new)
    assert ids["甲一"] not in appts(office_db, new)  # screened in 2025 (archived plan), due 2027
    assert ids["甲二"] in appts(office_db, new)
    with office_db.read() as s:
        hist = exam_coverage.worker_history(s, ids["甲一"])
        assert [(h.plan_name, h.status, h.result) for h in hist] == [("2025年两癌筛查", "已检", "异常需复查")]
        assert [r.name for r in exam_coverage.follow_ups(s)] == ["甲一"]
        assert exam_coverage.coverage(s, new)[-1].eligible == 5
        assert ids["甲一"] not in {r.worker_id for r in exam_coverage.overdue(s, new, on=date(2026, 6, 1))}
    with office_db.write() as s:  # the recheck of an archived plan can still be recorded
        exam_appointments.record_follow_up_done(s, got[ids["甲一"]].id, date(2026, 1, 5), actor="clerk")
    with office_db.read() as s:
        assert exam_coverage.follow_ups(s) == []


def test_no_new_appointments_before_the_scheduling_date(office_db: Database) -> None:
    ids = people(office_db)
    pid = plan(office_db, date(2026, 5, 6), date(2026, 5, 15), cap=2)
    generate_schedule(office_db, pid, today=date(2026, 5, 8))  # first run in the middle of the plan
    got = appts(office_db, pid)
    assert len(got) == 6 and all(a.scheduled_date >= date(2026, 5, 8) for a in got.values())

    pid2 = plan(office_db, date(2026, 5, 6), date(2026, 5, 15), cap=2, name="第二批")
    generate_schedule(office_db, pid2, today=date(2026, 5, 6))
    first = appts(office_db, pid2)
    early = sorted(first.values(), key=lambda a: a.scheduled_date)
    assert early[0].scheduled_date == date(2026, 5, 6)
    with office_db.write() as s:
        exam_appointments.mark_attended(s, [early[0].id], actor="clerk")
        exam_appointments.set_locked(s, [early[1].id], True, actor="clerk")
    report = generate_schedule(office_db, pid2, today=date(2026, 5, 12))
    got = appts(office_db, pid2)
    assert got[early[0].worker_id].scheduled_date == date(2026, 5, 6) and got[early[0].worker_id].status == "done"
    assert got[early[1].worker_id].scheduled_date == early[1].scheduled_date and got[early[1].worker_id].locked
    rest = [a for w, a in got.items() if w not in (early[0].worker_id, early[1].worker_id)]
    assert len(rest) == 4 and all(a.scheduled_date >= date(2026, 5, 12) for a in rest)
    assert report.working_days == 4 and report.kept == 2  # 12–15 May
    assert ids["甲一"] in got


def test_age_is_checked_on_the_exam_day(office_db: Database) -> None:
    # Plan 4–29 May 2026: 4 and 5 May are still 劳动节, so the first exam day is Wednesday 6 May.
    old = woman(office_db, "老刘", unit_name="吉文林场", born=date(1961, 5, 13), seq=31)  # 65 on 13 May
    young = woman(office_db, "小周", unit_name="吉文林场", born=date(1991, 5, 20), seq=32)  # 35 on 20 May
    mid = woman(office_db, "中王", unit_name="吉文林场", born=date(1986, 1, 5), seq=33)
    late = woman(office_db, "早赵", unit_name="甘河林场", born=date(1961, 5, 7), seq=34)  # 65 on 7 May
    gone = woman(office_db, "过钱", unit_name="甘河林场", born=date(1961, 5, 4), seq=35)  # 65 on 4 May
    never = woman(office_db, "晚孙", unit_name="甘河林场", born=date(1991, 5, 30), seq=36)  # 35 after the plan
    pid = plan(office_db, date(2026, 5, 4), date(2026, 5, 29), cap=3)
    report = generate_schedule(office_db, pid)
    got = appts(office_db, pid)
    assert gone not in got and never not in got
    assert got[old].scheduled_date < date(2026, 5, 13)
    assert got[young].scheduled_date >= date(2026, 5, 20)
    assert got[late].scheduled_date == date(2026, 5, 6)  # her only exam day under 65
    assert got[mid].scheduled_date == got[old].scheduled_date  # the rest of 吉文林场 still rides together
    assert report.eligible == 4 and report.unplaced == 0
    with office_db.read() as s:
        p = exam_plans.get_plan(s, pid)
        assert {w for w, _ in eligible_units(s, p)} == {old, young, mid, late}
        rows = exam_appointments.fetch_rows(s, [got[w].id for w in (old, young)])
        assert all(35 <= r.age <= 64 for r in rows)  # age on the appointment day


def test_move_refuses_days_off_and_days_outside_the_plan(office_db: Database) -> None:
    ids = people(office_db)
    pid = plan(office_db, date(2026, 9, 28), date(2026, 10, 16), cap=10)
    generate_schedule(office_db, pid)
    a = appts(office_db, pid)[ids["甲一"]].id
    for day, words in (
        (date(2026, 10, 2), "法定节假日"),
        (date(2026, 10, 3), "法定节假日"),
        (date(2026, 10, 11), "周日"),
        (date(2026, 10, 17), "不在本计划的检查期间"),
        (date(2026, 9, 25), "不在本计划的检查期间"),
    ):
        with office_db.write() as s, pytest.raises(FieldErrors) as e:
            exam_appointments.move_appointments(s, [a], day, actor="clerk")
        assert words in e.value.errors["new_day"] and day.isoformat() in e.value.errors["new_day"]
    assert appts(office_db, pid)[ids["甲一"]].status == "pending"
    with office_db.write() as s:
        exam_appointments.move_appointments(s, [a], date(2026, 10, 10), actor="clerk")  # 调休 Saturday is a working day
    assert appts(office_db, pid)[ids["甲一"]].scheduled_date == date(2026, 10, 10)


def test_reset_pending_keeps_the_day_locked(office_db: Database) -> None:
    ids = people(office_db)
    pid = plan(office_db, date(2026, 5, 6), date(2026, 5, 15), cap=10)
    generate_schedule(office_db, pid)
    a = appts(office_db, pid)[ids["甲一"]]
    assert not a.locked
    with office_db.write() as s:
        exam_appointments.record_result(s, a.id, result="recheck", actor="clerk")
    with office_db.write() as s:
        exam_appointments.reset_pending(s, [a.id], actor="clerk")
    b = appts(office_db, pid)[ids["甲一"]]
    assert (b.status, b.locked, b.actual_date, b.result, b.follow_up_due) == ("pending", True, None, "", None)
    report = generate_schedule(office_db, pid)
    assert report.kept == 1 and appts(office_db, pid)[ids["甲一"]].scheduled_date == a.scheduled_date


def test_june_plan_books_the_woman_turning_65_before_her_birthday(office_db: Database) -> None:
    """#18 item 4, the audit case: 3 a day over June 2026's 21 exam days (端午 on the 19th), 55 women; the
    one turning 65 on 06-15 rides the last bus. She was left out with 9 places free and the report asked
    for another exam day."""
    from desktop.services.exams.scheduling import bus_units

    for i in range(54):
        name = "职工" + "甲乙丙丁戊己庚辛壬癸"[i // 10] + "一二三四五六七八九十"[i % 10]
        woman(
            office_db,
            name,
            unit_name=("甘河林场", "吉文林场", "营林科", "财务科")[i % 4],
            born=date(1970 + i % 15, 1 + i % 12, 1 + i // 12),
            seq=i,
        )
    her = woman(office_db, "老周", unit_name="贮木场", born=date(1961, 6, 15), seq=60)
    with office_db.read() as s:
        bus, order = bus_units(s)
        units = {n.name: n.id for n in office.unit_tree(s)}
    assert max(order[bus[units[u]]] for u in ("甘河林场", "吉文林场", "营林科", "财务科")) < order[units["贮木场"]]
    pid = plan(office_db, date(2026, 6, 1), date(2026, 6, 30), cap=3)
    report = generate_schedule(office_db, pid)
    assert report.working_days == 21 and report.eligible == 55
    assert report.unplaced == 0 and report.placed == 55 and report.extra_days_needed == 0
    assert "名额不足" not in report.text()
    assert appts(office_db, pid)[her].scheduled_date < date(2026, 6, 15)
    assert max(report.load.values()) <= 3


def test_a_local_day_off_adds_to_the_national_holidays(office_db: Database) -> None:
    """#18 item 6, the audit case: one local day off entered for 2026 wiped that year's national holidays
    and make-up days (248 working days became 260)."""
    with office_db.read() as s:
        assert exam_calendar.working_day_count(s, 2026) == 248
    with office_db.write() as s:
        exam_calendar.set_year_days(s, 2026, [date(2026, 7, 15)], [], actor="clerk", name="林区防火动员")
    with office_db.read() as s:
        assert exam_calendar.working_day_count(s, 2026) == 247
        cal = exam_calendar.load_calendar(s)
        assert not cal.is_workday(date(2026, 10, 1)) and not cal.is_workday(date(2026, 7, 15))
        assert "补充或更正的 1 天" in exam_calendar.year_source(s, 2026)
    # Replacing the package's year is explicit: then the office's days are the whole arrangement.
    with office_db.write() as s:
        exam_calendar.set_year_days(s, 2026, [date(2026, 7, 15)], [], actor="clerk", replace_package=True)
    with office_db.read() as s:
        assert exam_calendar.working_day_count(s, 2026) == 260
        assert exam_calendar.replaces_package(s, 2026) and "替代" in exam_calendar.year_source(s, 2026)
    # Emptying the year returns it to the package, and the replacement goes with it.
    with office_db.write() as s:
        exam_calendar.set_year_days(s, 2026, [], [], actor="clerk")
    with office_db.read() as s:
        assert exam_calendar.working_day_count(s, 2026) == 248 and not exam_calendar.replaces_package(s, 2026)
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity == "holiday_year")).all()
        assert [json.loads(e.after).get("replaces_package") for e in entries] == [None, True, False]


def test_unknown_year_keeps_fixed_holidays_and_is_named_when_a_plan_is_made(office_db: Database) -> None:
    people(office_db)
    pid = plan(office_db, date(2027, 9, 27), date(2027, 10, 8), cap=6)
    report = generate_schedule(office_db, pid)
    days = {a.scheduled_date for a in appts(office_db, pid).values()}
    assert days and days.isdisjoint({date(2027, 10, d) for d in (1, 2, 3)})  # 国庆 1–3 Oct, fixed by law
    assert "设置 → 节假日与调休" in report.text()
    with office_db.read() as s:
        assert exam_calendar.unknown_years(s, date(2027, 9, 27), date(2028, 1, 5)) == [2027, 2028]
        assert exam_calendar.unknown_years(s, date(2026, 3, 1), date(2026, 5, 1)) == []
    # A local day off entered for 2027 keeps the fixed-date holidays too.
    with office_db.write() as s:
        exam_calendar.set_year_days(s, 2027, [date(2027, 2, 10)], [], actor="clerk")
    with office_db.read() as s:
        cal = exam_calendar.load_calendar(s)
        assert not cal.is_workday(date(2027, 10, 1)) and not cal.is_workday(date(2027, 2, 10))


def test_rerun_counts_moves_removals_and_shortage_worked_example(office_db: Database) -> None:
    """Every count of the report and the audit entry on a first run and a re-run that changes everything."""
    from dataclasses import replace

    from db.models import Worker
    from desktop.core.progress import Job

    ids = people(office_db)  # six women eligible: 甲一 甲二 甲三 乙一 乙二 丙一
    pid = plan(office_db, date(2026, 5, 6), date(2026, 5, 15), cap=2)
    steps: list[tuple[int, int, str]] = []
    first = generate_schedule(office_db, pid, job=Job(lambda d, t, m: steps.append((d, t, m))))
    # Units in tree order, two a day: 吉文林场 (乙一 乙二) on the 6th, 甘河林场 with its 一班 (甲一 甲三, then 甲二)
    # from the 7th, 营林科 (丙一) beside 甲二 on the 8th.
    assert {w: a.scheduled_date for w, a in appts(office_db, pid).items()} == {
        ids["乙一"]: date(2026, 5, 6),
        ids["乙二"]: date(2026, 5, 6),
        ids["甲一"]: date(2026, 5, 7),
        ids["甲三"]: date(2026, 5, 7),
        ids["甲二"]: date(2026, 5, 8),
        ids["丙一"]: date(2026, 5, 8),
    }
    assert (first.eligible, first.kept, first.placed, first.added, first.moved, first.removed) == (6, 0, 6, 6, 0, 0)
    assert (first.unplaced, first.extra_days_needed, first.working_days) == (0, 0, 9)
    assert steps == [
        (0, 0, "正在确定符合条件的职工"),
        (2, 6, "正在排期"),
        (5, 6, "正在排期"),
        (6, 6, "正在排期"),
        (0, 6, "正在保存排期"),
    ]

    # 甲一 attended; 乙二 left the roll; the plan shrinks to two days of one place each.
    got = appts(office_db, pid)
    with office_db.write() as s:
        exam_appointments.mark_attended(s, [got[ids["甲一"]].id], actor="clerk")
        gone = s.get(Worker, ids["乙二"])
        assert gone is not None
        gone.archived_at = gone.created_at
        draft = exam_plans.get_draft(s, pid)
        shrunk = replace(draft, start_date=date(2026, 5, 11), end_date=date(2026, 5, 12), daily_capacity=1)
        exam_plans.update_plan(s, pid, shrunk, actor="clerk")
    again = generate_schedule(office_db, pid)
    # 乙一 and 甲三 keep their appointments on a new day (moved); 乙二's is cancelled (removed); 甲二 and 丙一
    # find no place (unplaced, two more days at one a day) and their untouched appointments go too.
    assert {w: (a.scheduled_date, a.status) for w, a in appts(office_db, pid).items()} == {
        ids["甲一"]: (date(2026, 5, 7), "done"),
        ids["乙一"]: (date(2026, 5, 11), "pending"),
        ids["甲三"]: (date(2026, 5, 12), "pending"),
    }
    assert (again.eligible, again.kept, again.placed, again.added, again.moved, again.removed) == (5, 1, 2, 0, 2, 1)
    assert (again.unplaced, again.extra_days_needed, again.working_days) == (2, 2, 2)
    assert again.load == {date(2026, 5, 11): 1, date(2026, 5, 12): 1}
    with office_db.read() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "schedule").order_by(AuditEntry.id)).all()
    assert [(e.entity, e.entity_id) for e in entries] == [("exam_plan", pid)] * 2
    assert [json.loads(e.after or "{}") for e in entries] == [
        {
            "eligible": 6,
            "added": 6,
            "moved": 0,
            "kept": 0,
            "removed": 0,
            "unplaced": 0,
            "extra_days_needed": 0,
            "unknown_years": [],
        },
        {
            "eligible": 5,
            "added": 0,
            "moved": 2,
            "kept": 1,
            "removed": 1,
            "unplaced": 2,
            "extra_days_needed": 2,
            "unknown_years": [],
        },
    ]
