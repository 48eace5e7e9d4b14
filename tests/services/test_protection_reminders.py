"""Reminders of the next N days on a fixed day, and the ``union-desk reminders`` command."""

from __future__ import annotations

from datetime import date

import pytest
from test_protection_cases import ON, populate, woman

from desktop import cli
from desktop.core.errors import DomainError
from desktop.services.database import Database
from desktop.services.protections import cases as protection_cases
from desktop.services.reminders import collect_reminders, reminder_window


def test_reminders_in_the_next_30_days(office_db: Database) -> None:
    populate(office_db)
    with office_db.read() as s:
        items = collect_reminders(s, ON, 30)
    assert [(r.day, r.kind_label, r.name, r.unit) for r in items] == [
        (date(2026, 11, 29), "流产假结束", "陈静", "吉文林场"),
        (date(2026, 12, 9), "哺乳期结束", "刘洋", "贮木场"),
        (date(2026, 12, 10), "孕满7个月", "孙悦", "吉文林场"),
        (date(2026, 12, 21), "产假开始", "李娜", "甘河林场"),
    ]
    assert items[0].detail == "流产假15天；2026-11-30 应返岗"
    assert items[3].detail == "预计：预产期前15天；产假至 2027-05-27"
    assert all(r.area == "四期保护" and r.ref_id for r in items)


def test_window_is_inclusive_and_checked(office_db: Database) -> None:
    populate(office_db)
    assert reminder_window(ON, 30) == (ON, date(2026, 12, 22))
    with office_db.read() as s:
        # 2026-11-29 is the 7th day counted from 2026-11-23.
        assert [r.name for r in collect_reminders(s, ON, 7)] == ["陈静"]
        assert [r.name for r in collect_reminders(s, ON, 6)] == []
        longer = [(r.kind_label, r.name) for r in collect_reminders(s, ON, 60)]
        with pytest.raises(DomainError, match="提醒天数"):
            collect_reminders(s, ON, 0)
    assert ("预产期", "李娜") in longer and ("产假结束", "王芳") not in longer


def test_delivered_and_returned_cases(office_db: Database) -> None:
    wid = woman(office_db, "王芳")
    with office_db.write() as s:
        cid = protection_cases.register_pregnancy(s, wid, due_date=date(2026, 12, 1), actor="clerk", today=ON).id
    with office_db.read() as s:
        kinds = [(r.day, r.kind_label) for r in collect_reminders(s, ON, 30)]
    assert kinds == [(date(2026, 12, 1), "预产期")]  # leave started 2026-11-16, before the window
    with office_db.write() as s:
        protection_cases.record_delivery(s, cid, delivery_date=date(2026, 11, 20), actor="clerk", today=ON)
        protection_cases.record_return(s, cid, return_to_work=date(2026, 12, 15), actor="clerk", today=ON)
    with office_db.read() as s:
        kinds = [(r.day, r.kind_label) for r in collect_reminders(s, ON, 30)]
    assert kinds == [(date(2026, 12, 15), "返岗")]


def test_cli_prints_an_aligned_table(office_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    populate(office_db)
    path = str(office_db.path)
    office_db.close()
    code = cli.main(["reminders", "--db", path, "--on", "2026-11-23", "--days", "30"])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["日期", "事项", "姓名", "单位", "说明"]
    assert lines[1].startswith("2026-11-29  流产假结束  陈静") and "吉文林场" in lines[1]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["2026-11-29", "流产假结束", "陈静"],
        ["2026-12-09", "哺乳期结束", "刘洋"],
        ["2026-12-10", "孕满7个月", "孙悦"],
        ["2026-12-21", "产假开始", "李娜"],
    ]
    # Aligned: the unit column starts at the same display column in every line.
    from desktop.cli.text_table import display_width

    starts = {
        display_width(line[: line.index(unit)])
        for line, unit in zip(lines, ["单位", "吉文林场", "贮木场", "吉文林场", "甘河林场"], strict=True)
    }
    assert len(starts) == 1


def test_cli_empty_and_bad_date(office_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(office_db.path)
    office_db.close()
    assert cli.main(["reminders", "--db", path, "--on", "2026-11-23"]) == 0
    assert "2026-11-23 至 2026-12-22 没有提醒事项" in capsys.readouterr().out
    assert cli.main(["reminders", "--db", path, "--on", "2026-02-30"]) == 1
    assert "不是有效日期" in capsys.readouterr().err
    assert cli.main(["reminders", "--db", path, "--days", "0"]) == 1
    assert "提醒天数" in capsys.readouterr().err


def test_filtered_reminders_follow_the_tab_filter(office_db: Database) -> None:
    from test_protection_cases import unit

    from desktop.services.protections.reminders import filtered_reminders

    populate(office_db)
    with office_db.read() as s:
        everyone = [(r.day, r.name) for r in filtered_reminders(s, ON, 30)]
        assert everyone == [(r.day, r.name) for r in collect_reminders(s, ON, 30) if r.area == "四期保护"]
        assert [r.name for r in filtered_reminders(s, ON, 30, unit_id=unit(office_db, "吉文林场"))] == ["陈静", "孙悦"]
        assert [r.name for r in filtered_reminders(s, ON, 30, text="李")] == ["李娜"]


def test_contract_ending_in_a_protected_period_is_reminded_and_flagged(office_db: Database) -> None:
    """#18 item 7: 王芳 (leave 2026-10-17 to 2027-03-23, lactation to 2027-10-27) has a contract ending
    2026-12-15, inside her maternity leave: it runs on until lactation ends (劳动合同法 art. 42(4), 45)."""
    from db.models import Worker
    from desktop.services.protections.ledger import current_cases

    populate(office_db)
    with office_db.write() as s:
        s.query(Worker).filter_by(name="王芳").one().contract_end = date(2026, 12, 15)
        s.query(Worker).filter_by(name="赵敏").one().contract_end = date(2030, 12, 31)  # after every period
    with office_db.read() as s:
        items = [r for r in collect_reminders(s, ON, 30) if r.kind_label == "合同到期（应续延）"]
        rows = {r.name: r for r in current_cases(s, ON)}
    assert [(r.day, r.name) for r in items] == [(date(2026, 12, 15), "王芳")]
    assert "续延至哺乳期满 2027-10-27" in items[0].detail and "第四十五条" in items[0].detail
    wang = rows["王芳"].contract_extension
    assert wang is not None and wang.day == date(2027, 10, 27) and "在产期内" in wang.reason
    assert rows["赵敏"].contract_extension is None
