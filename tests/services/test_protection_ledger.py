"""The four-period ledger on a fixed day: states, key dates with reasons, filters, lazy-table helpers."""

from __future__ import annotations

from datetime import date

import pytest
from test_protection_cases import ON, populate, unit

from db.models import ProtectionCase
from desktop.core.errors import DomainError
from desktop.services.database import Database
from desktop.services.protections import cases as protection_cases
from desktop.services.protections import ledger as protection_ledger


def _by_name(rows: list[protection_ledger.CaseRow]) -> dict[str, protection_ledger.CaseRow]:
    return {r.name: r for r in rows}


def test_states_and_key_dates_on_a_fixed_day(office_db: Database) -> None:
    populate(office_db)
    with office_db.read() as s:
        rows = _by_name(protection_ledger.current_cases(s, ON))
    # The finished case (周红) and the archived one (郑雪) are not in any period; 吴霞 has no case.
    assert sorted(rows) == sorted(["张丽", "李娜", "王芳", "赵敏", "刘洋", "陈静", "孙悦"])
    assert {n: r.state_label for n, r in rows.items()} == {
        "张丽": "孕16周",
        "李娜": "孕7月以上",
        "王芳": "产假中",
        "赵敏": "产假中",
        "刘洋": "哺乳期",
        "陈静": "流产假",
        "孙悦": "孕28周",
    }

    li = rows["李娜"]
    assert (li.state_code, li.weeks, li.night_overtime_ban) == ("pregnant_7m", 33, True)
    assert li.lmp is not None and li.lmp.day == date(2026, 3, 31)
    assert li.seven_month is not None and li.seven_month.day == date(2026, 10, 31)
    assert li.leave_start is not None and li.leave_start.day == date(2026, 12, 21)
    assert li.leave_end is not None and li.leave_end.day == date(2027, 5, 27)
    assert li.rules_day == date(2027, 1, 5)
    assert "第六条" in li.seven_month.reason

    wang = rows["王芳"]  # single birth, Inner Mongolia: leave end = start + 157
    assert wang.leave_start is not None and wang.leave_end is not None
    assert wang.leave_start.day == date(2026, 10, 17)
    assert (wang.leave_end.day - wang.leave_start.day).days == 157
    assert wang.leave_end.day == date(2027, 3, 23)
    assert wang.lactation_end is not None and wang.lactation_end.day == date(2027, 10, 27)
    assert wang.breastfeeding_hours is not None and wang.breastfeeding_hours.value == 1
    assert wang.birth_type == "顺产"
    assert wang.leave_days is not None and "内蒙古延长60天" in wang.leave_days.reason

    zhao = rows["赵敏"]
    assert (zhao.babies, zhao.birth_type) == (2, "难产")
    assert zhao.leave_days is not None and zhao.leave_days.value == 188
    assert zhao.leave_end is not None and zhao.leave_end.day == date(2027, 3, 11)
    assert zhao.breastfeeding_hours is not None and zhao.breastfeeding_hours.value == 2

    liu = rows["刘洋"]
    assert liu.lactation_end is not None and liu.lactation_end.day == date(2026, 12, 9)
    assert "1周岁" in liu.lactation_end.reason

    chen = rows["陈静"]
    assert chen.miscarriage_leave_end is not None and chen.miscarriage_leave_end.day == date(2026, 11, 29)

    zhang = rows["张丽"]
    assert zhang.due is not None and zhang.due.day == date(2027, 5, 10)
    assert "末次月经 2026-08-03 + 280天" in zhang.due.reason
    assert zhang.seven_month is not None and zhang.seven_month.day == date(2027, 3, 3)
    assert zhang.post_problems and all("孕期禁忌" in p for p in zhang.post_problems)
    assert (zhang.unit_name, zhang.post, zhang.reassigned) == ("甘河林场/一班", "油锯手", False)


def test_filters_by_state_unit_and_text(office_db: Database) -> None:
    populate(office_db)
    with office_db.read() as s:
        leave = protection_ledger.current_cases(s, ON, state="maternity_leave")
        assert sorted(r.name for r in leave) == ["王芳", "赵敏"]
        farm = protection_ledger.current_cases(s, ON, unit_id=unit(office_db, "甘河林场"))  # includes 一班
        assert sorted(r.name for r in farm) == ["张丽", "李娜"]
        assert [r.name for r in protection_ledger.current_cases(s, ON, text="油锯")] == ["张丽"]
        assert [r.name for r in protection_ledger.current_cases(s, ON, text=" 孙 ")] == ["孙悦"]
        assert protection_ledger.current_cases(s, ON, state="lactation", unit_id=unit(office_db, "营林科")) == []
        with pytest.raises(DomainError, match="未知的保护状态"):
            protection_ledger.current_cases(s, ON, state="pregnant_9m")


def test_sorting_and_lazy_fetch(office_db: Database) -> None:
    ids = populate(office_db)
    with office_db.read() as s:
        by_due = protection_ledger.case_ids(s, ON, sort="due")
        rows = protection_ledger.fetch_case_rows(s, by_due, ON)
        dues = [r.due.day for r in rows if r.due]
        assert dues == sorted(dues)
        by_state = [
            r.state_code
            for r in protection_ledger.fetch_case_rows(s, protection_ledger.case_ids(s, ON, sort="state"), ON)
        ]
        assert by_state[:2] == ["pregnant", "pregnant"] and by_state[-1] == "miscarriage_leave"
        # Fetching by id works for any live case, in any state and in the given order.
        picked = protection_ledger.fetch_case_rows(s, [ids["周红"], ids["张丽"], 99999, ids["郑雪"]], ON)
        assert [(r.name, r.state_code) for r in picked] == [("周红", None), ("张丽", "pregnant")]


def test_reassignment_changes_the_post_from_its_date(office_db: Database) -> None:
    ids = populate(office_db)
    with office_db.write() as s:
        protection_cases.record_reassignment(
            s, ids["张丽"], to_post="资料员", to_hazards="", reassigned_on=date(2026, 11, 20), actor="clerk", today=ON
        )
    with office_db.read() as s:
        [before] = protection_ledger.fetch_case_rows(s, [ids["张丽"]], date(2026, 11, 19))
        [after] = protection_ledger.fetch_case_rows(s, [ids["张丽"]], ON)
    assert (before.post, before.reassigned, bool(before.post_problems)) == ("油锯手", False, True)
    assert (after.post, after.reassigned, after.post_problems) == ("资料员", True, ())
    assert after.reassignment == "油锯手 → 资料员（2026-11-20起）"


def test_case_that_no_longer_passes_the_rules_is_flagged(office_db: Database) -> None:
    ids = populate(office_db)
    with office_db.write() as s:
        # Damage written behind the services' back (e.g. an old import): the ledger must not crash.
        s.get(ProtectionCase, ids["孙悦"]).babies = 0  # type: ignore[union-attr]
    with office_db.read() as s:
        rows = _by_name(protection_ledger.current_cases(s, ON))
        only = protection_ledger.current_cases(s, ON, state="invalid")
    assert rows["孙悦"].state_code == "invalid" and "婴儿数" in rows["孙悦"].problem
    assert [r.name for r in only] == ["孙悦"]


def test_archived_worker_drops_out(office_db: Database) -> None:
    populate(office_db)
    from desktop.services.roster import workers

    with office_db.write() as s:
        liu = next(r for r in protection_ledger.current_cases(s, ON) if r.name == "刘洋")
        workers.set_archived(s, [liu.worker_id], archived=True, actor="clerk")
    with office_db.read() as s:
        assert "刘洋" not in {r.name for r in protection_ledger.current_cases(s, ON)}
