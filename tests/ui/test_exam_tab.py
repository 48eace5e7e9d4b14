"""The 体检筛查 tab: create a plan through the dialog, generate the schedule, mark attendance, results."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from desktop.core.exam_schedule import working_days
from desktop.services.database import Database
from desktop.services.exams import calendar as exam_calendar
from desktop.services.exams import plans as exam_plans
from desktop.ui import prompts, tasks
from desktop.ui.exams import tab as exam_tab
from desktop.ui.exams.dialogs import HolidayDialog, MoveDialog, PlanDialog, ResultDialog, parse_days
from desktop.ui.exams.tab import ExamTab

TypeText = Callable[[QWidget, str], None]
START = date.today()
END = START + timedelta(days=20)
"""The plan in the tab test runs from today on: the schedule books no day before today."""


def _tab(db: Database, qtbot: Any) -> ExamTab:
    tab = ExamTab(db)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    return tab


def _make_plan(tab: ExamTab, qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: TypeText) -> None:
    def drive(cls: type[PlanDialog], parent: QWidget, db: Database, plan_id: int | None = None) -> int | None:
        dialog = cls(parent, db, plan_id)
        qtbot.addWidget(dialog)
        dialog.show()
        box = dialog.widgets["exam_type"]
        box.setCurrentIndex(box.findData("two_cancer"))  # type: ignore[attr-defined]
        assert dialog.collect()[0]["elig_sex"] == "F" and dialog.collect()[0]["elig_age_min"] == "35"
        type_text(dialog.widgets["provider"], "妇幼保健院")
        for key, text in (("start_date", START.isoformat()), ("end_date", END.isoformat())):
            dialog.widgets[key].edit.clear()  # type: ignore[attr-defined]
            type_text(dialog.widgets[key].edit, text)  # type: ignore[attr-defined]
        dialog.widgets["daily_capacity"].clear()  # type: ignore[attr-defined]
        type_text(dialog.widgets["daily_capacity"], "abc")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert "整数" in dialog.message("daily_capacity")  # refused, named, nothing lost
        assert dialog.collect()[0]["provider"] == "妇幼保健院"
        dialog.widgets["daily_capacity"].clear()  # type: ignore[attr-defined]
        type_text(dialog.widgets["daily_capacity"], "2")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    monkeypatch.setattr(PlanDialog, "ask", classmethod(drive))
    tab.actions_by_name["new"].trigger()


def test_create_generate_and_mark_attendance(
    office_db: Database,
    people: dict[str, int],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    type_text: TypeText,
    qtmodeltester: Any,
) -> None:
    tab = _tab(office_db, qtbot)
    assert tab.view.empty_text == exam_tab.EMPTY_NO_PLAN
    _make_plan(tab, qtbot, monkeypatch, type_text)
    assert tab.plan_id() is not None and "两癌筛查" in tab.plan_combo.currentText()
    assert tab.view.empty_text == exam_tab.EMPTY_NO_SCHEDULE

    shown: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(prompts, "warn", lambda _p, _t, text: shown.append(text))
    tab.actions_by_name["schedule"].trigger()
    assert tasks.wait_all()
    # 张丽 (born 1985) is over 35 on the exam day; 李娜 (born November 1992) is too young for 两癌筛查 on
    # every day of the plan, unless it runs into her 35th birthday; 王建国 is a man.
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.record(0).name == "张丽"  # type: ignore[union-attr]
    qtmodeltester.check(tab.model)
    assert "符合条件" in shown[-1]

    tab.view.selectRow(0)
    row = tab.model.record(0)
    assert row is not None
    tab.actions_by_name["missed"].trigger()
    assert tab.model.record(0).status_label == "缺检"  # type: ignore[union-attr]

    with office_db.read() as s:
        work = working_days(START, END, exam_calendar.load_calendar(s))[0]
    off = next(START + timedelta(days=i) for i in range(7) if START + timedelta(days=i) not in work)
    new_day = work[0]

    def move(cls: type[MoveDialog], parent: QWidget, db: Database, plan_id: int, ids: list[int]) -> int | None:
        dialog = cls(parent, db, plan_id, ids)
        qtbot.addWidget(dialog)
        for bad, words in (
            (off, "不是检查日"),
            (END + timedelta(days=1), "不在本计划的检查期间"),
            (START - timedelta(days=1), "早于今天"),
        ):
            dialog.widgets["new_day"].set_value(bad)  # type: ignore[attr-defined]
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            assert dialog.result() != QDialog.DialogCode.Accepted
            assert words in dialog.message("new_day") and bad.isoformat() in dialog.message("new_day")
        dialog.widgets["new_day"].set_value(new_day)  # type: ignore[attr-defined]
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    monkeypatch.setattr(MoveDialog, "ask", classmethod(move))
    tab.view.selectRow(0)
    tab.actions_by_name["move"].trigger()
    moved = next(tab.model.record(r) for r in range(tab.model.rowCount()) if tab.model.record(r).id == row.id)  # type: ignore[union-attr]
    assert moved.status_label == "改期" and moved.locked and moved.scheduled_date == new_day

    def result(cls: type[ResultDialog], parent: QWidget, db: Database, appt_id: int) -> int | None:
        dialog = cls(parent, db, appt_id)
        qtbot.addWidget(dialog)
        box = dialog.widgets["result"]
        box.setCurrentIndex(box.findData("recheck"))  # type: ignore[attr-defined]
        dialog.widgets["actual_date"].set_value(date.today())  # type: ignore[attr-defined]
        dialog.validate(show_all=True)
        assert "留空则定为" in dialog.message("follow_up_due")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    monkeypatch.setattr(ResultDialog, "ask", classmethod(result))
    tab.view.set_current_id(row.id)
    tab.actions_by_name["result"].trigger()
    done = next(tab.model.record(r) for r in range(tab.model.rowCount()) if tab.model.record(r).id == row.id)  # type: ignore[union-attr]
    assert done.status_label == "已检" and done.result_label == "异常需复查" and done.follow_up_due is not None
    assert "异常需复查" in tab.detail.text()

    for page in (exam_tab.DAYS, exam_tab.COVERAGE, exam_tab.OVERDUE, exam_tab.FOLLOW_UPS):
        tab.pages.setCurrentIndex(page)
    assert tab.follow_ups.rowCount() == 1
    tab.pages.setCurrentIndex(exam_tab.COVERAGE)
    assert tab.coverage.item(tab.coverage.rowCount() - 1, 0).text() == "合计"


def test_holiday_dialog_saves_a_year(office_db: Database, qtbot: Any, type_text: TypeText) -> None:
    assert parse_days("2027-10-01 至 2027-10-03，2027-10-09") == [
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),
        date(2027, 10, 9),
    ]
    dialog = HolidayDialog(None, office_db, 2027)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.widgets["holidays"], "2027-10-01 至 2027-10-07")
    type_text(dialog.widgets["workdays"], "2027-10-08")  # a Friday: refused by the service, kept on screen
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "周六或周日" in dialog.message("workdays")
    dialog.widgets["workdays"].setPlainText("2027-10-09")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
    from desktop.services.exams import calendar as exam_calendar

    with office_db.read() as s:
        assert exam_calendar.year_source(s, 2027).startswith("本办公室录入")
        assert len(exam_calendar.office_days(s, 2027)) == 8


def test_plan_dialog_edit_keeps_values(office_db: Database, qtbot: Any) -> None:
    with office_db.write() as s:
        pid = exam_plans.create_plan(s, exam_plans.default_draft("occupational", date(2026, 6, 1)), actor="t").id
    dialog = PlanDialog(None, office_db, pid)
    qtbot.addWidget(dialog)
    values = dialog.collect()[0]
    assert values["elig_hazards"] == "noise,vibration" and values["interval_years"] == "1"


def test_holiday_dialog_adds_to_the_package_and_replaces_only_when_confirmed(
    office_db: Database, qtbot: Any, type_text: TypeText, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#18 item 6: one local day off for 2026 took the year from 248 to 260 working days."""
    dialog = HolidayDialog(None, office_db, 2026)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "248" in dialog.message("year") and "放假" in dialog.message("replace_package")
    type_text(dialog.widgets["holidays"], "2026-07-15")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
    with office_db.read() as s:
        assert exam_calendar.working_day_count(s, 2026) == 247

    asked: list[str] = []

    def refuse(_parent: Any, _title: str, text: str, **_k: Any) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(prompts, "confirm", refuse)
    dialog = HolidayDialog(None, office_db, 2026)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.collect()[0]["holidays"] == "2026-07-15"
    dialog.widgets["replace_package"].setChecked(True)  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked and "不再使用" in asked[0] and dialog.result() != QDialog.DialogCode.Accepted
    assert "取消勾选" in dialog.message("replace_package")
    with office_db.read() as s:
        assert exam_calendar.working_day_count(s, 2026) == 247  # nothing replaced without the yes
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
    with office_db.read() as s:
        assert exam_calendar.working_day_count(s, 2026) == 260 and exam_calendar.replaces_package(s, 2026)


def test_plan_and_move_into_an_unknown_year_warn_with_the_menu_name(
    office_db: Database, qtbot: Any, type_text: TypeText, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.core.exam_schedule import HOLIDAY_MENU

    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)  # closing the typed-in dialogs
    from desktop.ui.main_window import MainWindow

    win = MainWindow(office_db)
    qtbot.addWidget(win)
    entries = [a.text().rstrip("…") for a in win.menus["设置"].actions()]
    menu, item = (part.strip() for part in HOLIDAY_MENU.split("→"))
    assert menu == "设置" and item in entries  # the warning names the menu entry as it reads

    dialog = PlanDialog(None, office_db)
    qtbot.addWidget(dialog)
    dialog.show()
    for key, text in (("start_date", "2027-03-01"), ("end_date", "2027-05-20")):
        dialog.widgets[key].edit.clear()  # type: ignore[attr-defined]
        type_text(dialog.widgets[key].edit, text)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "2027年" in dialog.message("end_date"))
    assert f"“{HOLIDAY_MENU}”" in dialog.message("end_date") and "国庆节" in dialog.message("end_date")
    for key, text in (("start_date", "2026-03-02"), ("end_date", "2026-05-20")):
        dialog.widgets[key].edit.clear()  # type: ignore[attr-defined]
        type_text(dialog.widgets[key].edit, text)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: HOLIDAY_MENU not in dialog.message("end_date"))

    with office_db.write() as s:
        draft = exam_plans.default_draft("annual", date(2026, 12, 1))
        from dataclasses import replace

        pid = exam_plans.create_plan(s, replace(draft, end_date=date(2027, 1, 29)), actor="t").id
    move = MoveDialog(None, office_db, pid, [])
    qtbot.addWidget(move)
    move.show()
    move.widgets["new_day"].edit.clear()  # type: ignore[attr-defined]
    type_text(move.widgets["new_day"].edit, "2027-01-05")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "2027年" in move.message("new_day"))
    assert HOLIDAY_MENU in move.message("new_day")
