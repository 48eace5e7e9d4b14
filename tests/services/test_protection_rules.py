"""Dated rule data: a change applies from its effective date on, decided per case by its delivery date."""

from __future__ import annotations

from datetime import date

import pytest
from test_protection_cases import ON, woman

from desktop.core.errors import FieldErrors
from desktop.core.protections import ProtectionRules
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.protections import cases as protection_cases
from desktop.services.protections import rules as protection_rules


def test_defaults_when_no_rows(db: Database) -> None:
    with db.read() as s:
        assert protection_rules.rules_on(s, date(2026, 1, 1)) == ProtectionRules()
        assert protection_rules.value_on(s, "nursing_leave_days", ON) == 25
        labels = {r.key: (r.label, r.value, r.unit) for r in protection_rules.list_rules(s, ON)}
    assert labels["base_maternity_days"] == ("产假基础天数", 98, "天")
    assert labels["dystocia_extra_days"] == ("难产增加", 15, "天")
    assert labels["extra_baby_days"] == ("多胞胎每多一个婴儿增加", 15, "天")
    assert labels["regional_extension_days"] == ("内蒙古延长产假", 60, "天")
    assert labels["miscarriage_short_days"] == ("流产不满4个月", 15, "天")
    assert labels["miscarriage_long_days"] == ("流产满4个月", 42, "天")
    assert labels["breastfeeding_hours_per_baby"] == ("哺乳时间每婴每天", 1, "小时")
    assert labels["menstrual_leave_days"] == ("经期假（合同约定）", 0, "天")
    # Every number of the core rule set is editable here.
    core_ints = {k for k, v in vars(ProtectionRules()).items() if isinstance(v, int) and not isinstance(v, bool)}
    assert core_ints == {d.key for d in protection_rules.RULE_DEFS if d.in_rules}


def test_latest_row_on_or_before_the_day_wins(db: Database) -> None:
    with db.write() as s:
        protection_rules.set_rule(s, "regional_extension_days", 90, date(2027, 1, 1), "假设条例修订", actor="clerk")
        protection_rules.set_rule(s, "regional_extension_days", 30, date(2016, 3, 1), "旧条例", actor="clerk")
    with db.read() as s:
        assert protection_rules.rules_on(s, date(2016, 2, 29)).regional_extension_days == 60
        assert protection_rules.rules_on(s, date(2016, 3, 1)).regional_extension_days == 30
        assert protection_rules.rules_on(s, date(2026, 12, 31)).regional_extension_days == 30
        on_change = protection_rules.rules_on(s, date(2027, 1, 1))
        assert on_change.regional_extension_days == 90 and on_change.effective_from == date(2027, 1, 1)
        info = next(r for r in protection_rules.list_rules(s, ON) if r.key == "regional_extension_days")
        assert (info.value, info.effective_from) == (30, date(2016, 3, 1))
        assert [(c.value, c.effective_from) for c in info.history] == [(30, date(2016, 3, 1)), (90, date(2027, 1, 1))]


def test_extension_change_applies_by_delivery_date(office_db: Database) -> None:
    before = woman(office_db, "张丽", seq=1)
    after = woman(office_db, "李娜", seq=2)
    with office_db.write() as s:
        protection_rules.set_rule(s, "regional_extension_days", 90, date(2027, 1, 1), "延长至90天", actor="clerk")
        a = protection_cases.register_pregnancy(s, before, due_date=date(2026, 12, 25), actor="clerk", today=ON).id
        b = protection_cases.register_pregnancy(s, after, due_date=date(2027, 1, 8), actor="clerk", today=ON).id
        protection_cases.record_delivery(
            s, a, delivery_date=date(2026, 12, 20), actor="clerk", today=date(2026, 12, 20)
        )
        protection_cases.record_delivery(s, b, delivery_date=date(2027, 1, 5), actor="clerk", today=date(2027, 1, 5))
    with office_db.read() as s:
        ta, _ = protection_cases.case_timeline(s, a, date(2027, 1, 10))
        tb, _ = protection_cases.case_timeline(s, b, date(2027, 1, 10))
    assert ta.leave_days is not None and ta.leave_days.value == 158
    assert ta.leave_start is not None and ta.leave_end is not None
    assert (ta.leave_start.day, ta.leave_end.day) == (date(2026, 12, 10), date(2027, 5, 16))
    assert tb.leave_days is not None and tb.leave_days.value == 188
    assert "内蒙古延长90天" in tb.leave_days.reason
    assert tb.leave_start is not None and tb.leave_end is not None
    assert (tb.leave_start.day, tb.leave_end.day) == (date(2026, 12, 24), date(2027, 6, 29))


def test_open_pregnancy_is_decided_by_due_date_until_delivery(office_db: Database) -> None:
    wid = woman(office_db, "张丽")
    with office_db.write() as s:
        protection_rules.set_rule(s, "regional_extension_days", 90, date(2027, 1, 1), "", actor="clerk")
        cid = protection_cases.register_pregnancy(s, wid, due_date=date(2026, 12, 30), actor="clerk", today=ON).id
    with office_db.read() as s:
        planned, _ = protection_cases.case_timeline(s, cid, ON)
    assert planned.leave_days is not None and planned.leave_days.value == 158
    with office_db.write() as s:
        protection_cases.record_delivery(s, cid, delivery_date=date(2027, 1, 2), actor="clerk", today=date(2027, 1, 2))
    with office_db.read() as s:
        actual, _ = protection_cases.case_timeline(s, cid, date(2027, 1, 3))
    assert actual.leave_days is not None and actual.leave_days.value == 188


def test_same_day_corrects_the_row_and_is_audited(db: Database) -> None:
    with db.write() as s:
        row = protection_rules.set_rule(s, "menstrual_leave_days", 2, date(2026, 1, 1), "合同第8条", actor="clerk")
        again = protection_rules.set_rule(
            s, "menstrual_leave_days", 1, date(2026, 1, 1), "合同第8条（更正）", actor="clerk2"
        )
        assert again.id == row.id
        entries = audit.history(s, "rule_value", row.id)
        assert [(e.action, e.actor) for e in entries] == [("update", "test"), ("create", "test")]  # the account
        assert protection_rules.rules_on(s, ON).menstrual_leave_days == 1


def test_bad_values_are_refused_with_the_field(db: Database) -> None:
    with pytest.raises(FieldErrors) as err, db.write() as s:
        protection_rules.set_rule(s, "regional_extension_days", 600, date(2027, 1, 1), actor="clerk")
    assert "内蒙古延长产假" in err.value.errors["value"] and "0到365" in err.value.errors["value"]
    with pytest.raises(FieldErrors) as err, db.write() as s:
        protection_rules.set_rule(s, "base_maternity_days", 98, "2027-02-30", actor="clerk")  # type: ignore[arg-type]
    assert "生效日期" in err.value.errors["effective_from"]
    with pytest.raises(FieldErrors) as err, db.write() as s:
        protection_rules.set_rule(s, "no_such_rule", 1, date(2027, 1, 1), actor="clerk")
    assert "no_such_rule" in err.value.errors["key"]
    with pytest.raises(FieldErrors) as err, db.write() as s:
        protection_rules.set_rule(s, "miscarriage_long_days", 1.5, date(2027, 1, 1), actor="clerk")  # type: ignore[arg-type]
    assert "整数" in err.value.errors["value"]
    with db.read() as s:
        assert protection_rules.list_rules(s)[0].history == []


def test_unconfirmed_rule_is_marked(db: Database) -> None:
    with db.read() as s:
        parental = next(r for r in protection_rules.list_rules(s) if r.key == "parental_leave_days")
    assert parental.confirmed is False and parental.value == 10 and not parental.in_rules


def test_months_in_weeks_is_dated_rule_data(office_db: Database) -> None:
    """#18 item 10: an office may count pregnancy months in weeks from a date; cases decided before keep
    calendar months."""
    from desktop.services.protections.ledger import fetch_case_rows

    wid = woman(office_db, "张丽", seq=1)
    with office_db.write() as s:
        protection_rules.set_rule(
            s, "months_in_weeks", 1, date(2026, 6, 1), "本单位按孕周计算", actor="clerk", today=ON
        )
        cid = protection_cases.register_pregnancy(s, wid, lmp=date(2026, 6, 30), actor="clerk", today=ON).id
    with office_db.read() as s:
        [row] = fetch_case_rows(s, [cid], ON)
        info = next(r for r in protection_rules.list_rules(s, ON) if r.key == "months_in_weeks")
    assert row.seven_month.day == date(2027, 1, 12)  # 2026-06-30 + 28 weeks (calendar: 2027-01-30)
    assert "按周计" in row.seven_month.reason
    assert info.value == 1 and "未规定" in info.source
