"""#18 item 5: backdated rule changes. The audit case: the regional extension cut to 30 days from 2026-01-01,
entered on 2026-11-23, silently moved 王芳 (delivered 2026-10-28, on leave) from 158 to 128 days."""

from __future__ import annotations

import json
from datetime import date

import pytest
from test_protection_cases import ON, populate

from desktop.core.errors import DomainError
from desktop.services.database import Database
from desktop.services.protections import cases as protection_cases
from desktop.services.protections import rules as protection_rules
from desktop.services.protections.ledger import fetch_case_rows

BACK = date(2026, 1, 1)


def _row(db: Database, case_id: int):  # a CaseRow
    with db.read() as s:
        [row] = fetch_case_rows(s, [case_id], ON)
    return row


def test_backdated_change_lists_the_cases_and_asks(office_db: Database) -> None:
    ids = populate(office_db)
    with office_db.read() as s:
        affected = {
            a.name: a for a in protection_rules.preview_change(s, "regional_extension_days", 30, BACK, today=ON)
        }
    wang = affected["王芳"]
    assert wang.started and wang.before["产假天数"] == "158" and wang.after["产假天数"] == "128"
    assert "产假结束" in wang.after and "保留原规则" in wang.text()
    li = affected["李娜"]  # due 2027-01-05, leave not started on 2026-11-23
    assert not li.started and li.after["产假天数"] == "128"
    assert "郑雪" not in affected  # archived
    with office_db.write() as s, pytest.raises(protection_rules.BackdatedChange) as err:
        protection_rules.set_rule(s, "regional_extension_days", 30, BACK, "测试", actor="clerk", today=ON)
    assert "早于今天" in err.value.message and "王芳" in err.value.message
    assert {a.case_id for a in err.value.affected} == {a.case_id for a in affected.values()}
    assert _row(office_db, ids["王芳"]).leave_days.value == 158  # nothing was written


def test_confirmed_backdated_change_keeps_started_leave_and_records_it(office_db: Database) -> None:
    ids = populate(office_db)
    with office_db.write() as s:
        protection_rules.set_rule(
            s, "regional_extension_days", 30, BACK, "测试", actor="clerk", today=ON, confirmed=True
        )
    wang = _row(office_db, ids["王芳"])
    assert wang.leave_days.value == 158 and wang.leave_end.day == date(2027, 3, 23)
    assert wang.frozen_rules is not None and wang.rules_day == date(2026, 10, 28)
    li = _row(office_db, ids["李娜"])
    assert li.leave_days.value == 128 and li.frozen_rules is None
    with office_db.read() as s:
        kept = protection_cases.case_history(s, ids["王芳"])[0]
        moved = protection_cases.case_history(s, ids["李娜"])[0]
    assert kept.action == "rules_kept" and kept.actor == "test"  # the signed-in account
    assert "内蒙古延长产假自2026-01-01起改为30天" in kept.after and "产假天数 128" in kept.after
    assert moved.action == "rule_change"
    assert json.loads(moved.before)["产假天数"] == "158" and json.loads(moved.after)["产假天数"] == "128"
    # A second backdated change does not move her either: she keeps what she had.
    with office_db.write() as s:
        protection_rules.set_rule(
            s, "regional_extension_days", 10, date(2026, 6, 1), "测试", actor="clerk", today=ON, confirmed=True
        )
    assert _row(office_db, ids["王芳"]).leave_days.value == 158


def test_recalculate_one_case_follows_the_rule_data_and_is_recorded(office_db: Database) -> None:
    ids = populate(office_db)
    with office_db.write() as s:
        protection_rules.set_rule(
            s, "regional_extension_days", 30, BACK, "测试", actor="clerk", today=ON, confirmed=True
        )
    with office_db.write() as s:
        protection_cases.recalculate_case(s, ids["王芳"], actor="clerk", today=ON)
    wang = _row(office_db, ids["王芳"])
    assert wang.leave_days.value == 128 and wang.frozen_rules is None
    with office_db.read() as s:
        entry = protection_cases.case_history(s, ids["王芳"])[0]
    assert entry.action == "recalculate"
    assert json.loads(entry.before)["产假天数"] == "158" and json.loads(entry.after)["产假天数"] == "128"
    with office_db.write() as s, pytest.raises(DomainError, match="无需重新计算"):
        protection_cases.recalculate_case(s, ids["王芳"], actor="clerk", today=ON)


def test_edits_of_a_frozen_case_keep_its_rules(office_db: Database) -> None:
    ids = populate(office_db)
    with office_db.write() as s:
        protection_rules.set_rule(
            s, "regional_extension_days", 30, BACK, "测试", actor="clerk", today=ON, confirmed=True
        )
        protection_cases.record_return(s, ids["王芳"], return_to_work=date(2027, 3, 24), actor="clerk", today=ON)
    assert _row(office_db, ids["王芳"]).leave_days.value == 158


def test_future_or_harmless_changes_need_no_confirmation(office_db: Database) -> None:
    populate(office_db)
    with office_db.write() as s:
        protection_rules.set_rule(s, "regional_extension_days", 90, date(2027, 6, 1), "", actor="clerk", today=ON)
        protection_rules.set_rule(s, "menstrual_leave_days", 2, BACK, "合同", actor="clerk", today=ON)  # moves no date


def test_case_history_shows_rule_changes(office_db: Database) -> None:
    from desktop.ui.protections.columns import case_history

    ids = populate(office_db)
    with office_db.write() as s:
        protection_rules.set_rule(
            s, "regional_extension_days", 30, BACK, "测试", actor="clerk", today=ON, confirmed=True
        )
        protection_cases.recalculate_case(s, ids["王芳"], actor="clerk", today=ON)
    with office_db.read() as s:
        lines = case_history(protection_cases.case_history(s, ids["王芳"]))
    assert [line.what for line in lines[:2]] == ["重新计算", "规则变更：保留原规则"]  # newest first
    assert "产假天数：158 → 128" in lines[0].changes
