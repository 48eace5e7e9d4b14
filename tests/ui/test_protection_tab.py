"""The 四期保护 tab as a clerk uses it: register through the dialog, record the birth, watch the ledger,
filters, the conflict list and its resolution by a reassignment, reminders, export and print."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft
from desktop.services.database import Database
from desktop.services.protections import cases as protections
from desktop.services.roster import workers
from desktop.ui import prompts
from desktop.ui.protections import dialogs
from desktop.ui.protections import tab as protection_tab
from desktop.ui.protections.tab import CONFLICTS, REMINDERS, ProtectionTab

TypeText = Callable[[QWidget, str], None]
TODAY = date.today()
ON = date(2026, 11, 23)  # the fixed day of the reminder example


def _id_number(seq: int, *, female: bool = True) -> str:
    first17 = f"15078519930412{seq % 100:02d}{2 if female else 1}"
    return first17 + check_char(first17)


def _worker(
    db: Database,
    unit_of: Callable[[str], int],
    name: str,
    seq: int,
    *,
    post: str = "营林工",
    hazards: str = "",
    female: bool = True,
    unit: str = "甘河林场",
) -> int:
    with db.write() as s:
        draft = WorkerDraft(
            name=name, id_number=_id_number(seq, female=female), unit_id=unit_of(unit), post=post, hazards=hazards
        )
        return workers.add_worker(s, draft, actor="test", today=ON).id


def _case(db: Database, worker_id: int, *, today: date = TODAY, **kw: Any) -> int:
    with db.write() as s:
        return protections.register_pregnancy(s, worker_id, actor="test", today=today, **kw).id


def _tab(db: Database, qtbot: Any, on: date | None = None) -> ProtectionTab:
    tab = ProtectionTab(db)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    if on is not None:
        tab.set_on(on)
    return tab


def _col(tab: ProtectionTab, key: str) -> int:
    return next(n for n, c in enumerate(tab.model.columns) if c.key == key)


def _cell(tab: ProtectionTab, row: int, key: str, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return tab.model.index(row, _col(tab, key)).data(role)


def _save(qtbot: Any, dialog: QDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def test_register_then_record_the_birth(
    office_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: TypeText, unit_of: Callable[[str], int]
) -> None:
    zhang = _worker(office_db, unit_of, "张丽", 1)
    _worker(office_db, unit_of, "张建国", 2, female=False)
    tab = _tab(office_db, qtbot)
    assert tab.model.rowCount() == 0 and tab.view.empty_text == protection_tab.EMPTY
    lmp = TODAY - timedelta(days=250)

    def register(cls: type[dialogs.RegisterPregnancyDialog], parent: QWidget, db: Database) -> int | None:
        dialog = cls(parent, db)
        qtbot.addWidget(dialog)
        dialog.show()
        type_text(dialog.picker.edit, "张")
        qtbot.waitUntil(lambda: dialog.picker.value() == zhang)  # the one match is taken
        assert dialog.picker.list.count() == 1  # 张建国 is a man: not offered
        type_text(dialog.widgets["lmp"].edit, lmp.isoformat())  # type: ignore[attr-defined]
        due = lmp + timedelta(days=280)
        qtbot.waitUntil(lambda: dialog.message("due_date").startswith(f"推算为 {due.isoformat()}"))
        assert "孕满7个月" in dialog.message("lmp")
        _save(qtbot, dialog)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    monkeypatch.setattr(dialogs.RegisterPregnancyDialog, "ask", classmethod(register))
    tab.act_register.trigger()
    assert tab.model.rowCount() == 1
    assert (_cell(tab, 0, "name"), _cell(tab, 0, "state")) == ("张丽", "孕7月以上")
    assert _cell(tab, 0, "due") == (lmp + timedelta(days=280)).isoformat()
    assert "末次月经 2" in _cell(tab, 0, "due", Qt.ItemDataRole.ToolTipRole)  # each date explains itself
    assert "登记" in tab.detail.text() and "关键日期及依据" in tab.detail.text()
    assert tab.act_delivery.isEnabled() and not tab.act_stop.isEnabled()

    born = TODAY - timedelta(days=2)

    def deliver(cls: type[dialogs.DeliveryDialog], parent: QWidget, db: Database, case_id: int) -> int | None:
        dialog = cls(parent, db, case_id)
        qtbot.addWidget(dialog)
        dialog.show()
        type_text(dialog.widgets["delivery_date"].edit, born.isoformat())  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: "产假158天 = 国家98天 + 内蒙古延长60天" in dialog.message("delivery_date"))
        _save(qtbot, dialog)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    monkeypatch.setattr(dialogs.DeliveryDialog, "ask", classmethod(deliver))
    tab.act_delivery.trigger()
    assert _cell(tab, 0, "state") == "产假中"
    start = date.fromisoformat(_cell(tab, 0, "leave_start"))
    assert _cell(tab, 0, "leave_end") == (start + timedelta(days=157)).isoformat()  # single birth: 158 days
    assert "+ 158天 − 1" in _cell(tab, 0, "leave_end", Qt.ItemDataRole.ToolTipRole)
    assert _cell(tab, 0, "hours") == "1小时"
    detail = tab.detail.text()
    assert "记录分娩" in detail and "分娩日期：（空） → " + born.isoformat() in detail
    assert not tab.act_delivery.isEnabled() and tab.act_stop.isEnabled()


def test_bad_dates_are_named_and_the_typing_kept(
    office_db: Database, qtbot: Any, type_text: TypeText, monkeypatch: pytest.MonkeyPatch, unit_of: Callable[[str], int]
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)  # closing with typed input
    _worker(office_db, unit_of, "张丽", 1)
    dialog = dialogs.RegisterPregnancyDialog(None, office_db)
    qtbot.addWidget(dialog)
    dialog.show()
    lmp, due = TODAY - timedelta(days=60), TODAY - timedelta(days=90)
    type_text(dialog.widgets["lmp"].edit, lmp.isoformat())  # type: ignore[attr-defined]
    type_text(dialog.widgets["due_date"].edit, due.isoformat())  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "不晚于末次月经" in dialog.message("due_date"))
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.saved_id is None
    assert "请从列表中选择一名女职工" in dialog.message("worker_id")
    assert dialog.widgets["due_date"].edit.text() == due.isoformat()  # type: ignore[attr-defined]
    assert dialog.widgets["lmp"].edit.text() == lmp.isoformat()  # type: ignore[attr-defined]

    wid = _worker(office_db, unit_of, "李娜", 3)
    case_id = _case(office_db, wid, lmp=TODAY - timedelta(days=100))
    delivery = dialogs.DeliveryDialog(None, office_db, case_id)
    qtbot.addWidget(delivery)
    delivery.show()
    typed = (TODAY - timedelta(days=200)).isoformat()
    type_text(delivery.widgets["delivery_date"].edit, typed)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "早于末次月经" in delivery.message("delivery_date"))
    _save(qtbot, delivery)
    assert delivery.isVisible() and delivery.widgets["delivery_date"].edit.text() == typed  # type: ignore[attr-defined]
    with office_db.read() as s:
        assert protections.get_draft(s, case_id).delivery_date is None


def test_filter_by_state_and_unit(office_db: Database, qtbot: Any, unit_of: Callable[[str], int]) -> None:
    a = _worker(office_db, unit_of, "张丽", 1, unit="一班")
    b = _worker(office_db, unit_of, "李娜", 2, unit="吉文林场")
    c = _worker(office_db, unit_of, "王芳", 3, unit="营林科")
    _case(office_db, a, lmp=ON - timedelta(days=70), today=ON)
    born = _case(office_db, b, due_date=ON - timedelta(days=100), today=ON - timedelta(days=200))
    lost = _case(office_db, c, lmp=ON - timedelta(days=50), today=ON)
    with office_db.write() as s:
        protections.record_delivery(s, born, delivery_date=ON - timedelta(days=100), actor="t", today=ON)
        protections.record_miscarriage(s, lost, miscarriage_date=ON - timedelta(days=3), actor="t", today=ON)
    tab = _tab(office_db, qtbot, ON)
    bar = tab.filter_bar

    def names() -> list[str]:
        return sorted(_cell(tab, r, "name") for r in range(tab.model.rowCount()))

    assert names() == ["张丽", "李娜", "王芳"]
    bar.set_value("state", "maternity_leave")
    assert names() == ["李娜"] and bar.result_label.text() == "共 1 人"
    bar.set_value("state", "miscarriage_leave")
    assert names() == ["王芳"] and _cell(tab, 0, "state") == "流产假"
    bar.set_value("state", "lactation")
    assert names() == [] and tab.view.empty_text == protection_tab.EMPTY_FILTERED
    bar.set_value("state", None)
    bar.set_value("unit_id", unit_of("甘河林场"))  # includes its 一班
    assert names() == ["张丽"]
    tab.set_on(ON + timedelta(days=200))  # the 统计日期 moves the whole ledger
    bar.clear()
    # Rows sort by unit label (甘河林场/一班 after 吉文林场), so find her row by name.
    li = next(r for r in range(tab.model.rowCount()) if _cell(tab, r, "name") == "李娜")
    assert names() == ["张丽", "李娜"] and _cell(tab, li, "state") == "哺乳期"


def test_conflict_listed_and_removed_by_a_reassignment(
    office_db: Database, qtbot: Any, type_text: TypeText, monkeypatch: pytest.MonkeyPatch, unit_of: Callable[[str], int]
) -> None:
    wid = _worker(office_db, unit_of, "张丽", 1, post="油锯手", hazards="vibration")
    case_id = _case(office_db, wid, lmp=TODAY - timedelta(days=90))
    tab = _tab(office_db, qtbot)
    assert tab.pages.tabText(CONFLICTS) == "岗位冲突（1）"
    [conflict] = tab.conflicts.items()
    assert (conflict.name, conflict.kind_label, conflict.post) == ("张丽", "禁忌作业", "油锯手")
    assert any("强烈振动" in r for r in conflict.reasons)
    assert _cell(tab, 0, "alert").endswith("冲突") and "强烈振动" in _cell(tab, 0, "alert", Qt.ItemDataRole.ToolTipRole)

    tab.pages.setCurrentIndex(CONFLICTS)
    tab.conflicts.view.selectRow(0)
    assert tab.current_case_id() == case_id and "需要处理：岗位冲突" in tab.detail.text()

    def reassign(cls: type[dialogs.ReassignDialog], parent: QWidget, db: Database, cid: int) -> int | None:
        dialog = cls(parent, db, cid)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.widgets["reassigned_from_post"].text() == "油锯手"  # type: ignore[attr-defined]
        type_text(dialog.widgets["reassigned_to_post"], "资料员")
        qtbot.waitUntil(lambda: "冲突即消除" in dialog.message("reassigned_to_hazards"))
        _save(qtbot, dialog)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    monkeypatch.setattr(dialogs.ReassignDialog, "ask", classmethod(reassign))
    qtbot.keyClick(tab.conflicts.view, Qt.Key.Key_Return)  # Enter (or a double-click) on a conflict reassigns
    assert tab.conflicts.count() == 0 and tab.pages.tabText(CONFLICTS) == "岗位冲突（0）"
    assert _cell(tab, 0, "post") == "资料员（调）" and _cell(tab, 0, "alert") == ""
    assert "油锯手 → 资料员" in tab.detail.text()  # the case stays in the detail pane


def test_new_post_that_is_still_wrong_is_pointed_out(
    office_db: Database, qtbot: Any, type_text: TypeText, monkeypatch: pytest.MonkeyPatch, unit_of: Callable[[str], int]
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    wid = _worker(office_db, unit_of, "张丽", 1, post="油锯手", hazards="vibration")
    case_id = _case(office_db, wid, lmp=TODAY - timedelta(days=90))
    dialog = dialogs.ReassignDialog(None, office_db, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.widgets["reassigned_to_post"], "值班员")
    dialog.widgets["reassigned_to_hazards"].flags["night_shift"].setChecked(True)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "孕满7个月后" in dialog.message("reassigned_to_hazards"))
    assert "新岗位仍不合适" in dialog.message("reassigned_to_hazards")


def test_reminders_on_a_fixed_day(office_db: Database, qtbot: Any, unit_of: Callable[[str], int]) -> None:
    li = _worker(office_db, unit_of, "李娜", 2, unit="甘河林场")
    sun = _worker(office_db, unit_of, "孙悦", 7, unit="吉文林场")
    _case(office_db, li, due_date=date(2027, 1, 5), today=ON)
    _case(office_db, sun, lmp=date(2026, 5, 10), today=ON)
    tab = _tab(office_db, qtbot, ON)
    page = tab.reminders

    def rows() -> list[tuple[str, str, str, str]]:
        m = page.model
        return [tuple(m.index(r, c).data() for c in range(4)) for r in range(m.rowCount())]  # type: ignore[misc]

    assert rows() == [("2026-12-10", "17天后", "孕满7个月", "孙悦"), ("2026-12-21", "28天后", "产假开始", "李娜")]
    assert tab.pages.tabText(REMINDERS) == "近期提醒（2）"
    assert page.items()[1].detail == "预计：预产期前15天；产假至 2027-05-27"
    page.days.setValue(60)
    assert ("2027-01-05", "43天后", "预产期", "李娜") in rows()
    tab.filter_bar.set_value("unit_id", unit_of("吉文林场"))
    assert [r[3] for r in rows()] == ["孙悦"]
    tab.pages.setCurrentIndex(REMINDERS)
    page.view.selectRow(0)
    assert tab.current_row is not None and tab.current_row.name == "孙悦"


def test_models_pass_the_model_tester(
    office_db: Database, qtbot: Any, qtmodeltester: Any, unit_of: Callable[[str], int]
) -> None:
    wid = _worker(office_db, unit_of, "张丽", 1, post="油锯手", hazards="vibration")
    _case(office_db, _worker(office_db, unit_of, "李娜", 2), due_date=date(2027, 1, 5), today=ON)
    _case(office_db, wid, lmp=date(2026, 8, 3), today=ON)
    tab = _tab(office_db, qtbot, ON)
    assert tab.model.rowCount() == 2 and tab.conflicts.count() == 1
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.conflicts.model)
    qtmodeltester.check(tab.reminders.model)


def test_archive_asks_and_takes_the_case_off(
    office_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch, unit_of: Callable[[str], int]
) -> None:
    _case(office_db, _worker(office_db, unit_of, "张丽", 1), lmp=TODAY - timedelta(days=30))
    tab = _tab(office_db, qtbot)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, **_k: asked.append(text) or True)
    tab.view.selectRow(0)
    with qtbot.waitSignal(tab.changed):
        tab.act_archive.trigger()
    assert "张丽" in asked[0] and tab.model.rowCount() == 0
    assert tab.view.empty_text == "目前没有处于四期的女职工 — 点“登记怀孕”开始"


def test_print_the_ledger_and_a_notice(office_db: Database, qtbot: Any, unit_of: Callable[[str], int]) -> None:
    _case(office_db, _worker(office_db, unit_of, "张丽", 1), lmp=TODAY - timedelta(days=100))
    tab = _tab(office_db, qtbot)
    tab.act_print.trigger()
    qtbot.waitUntil(lambda: tab.last_task is not None and tab.last_task.done, timeout=20000)
    assert tab.last_task is not None and tab.last_task.error is None, tab.last_task.error
    assert tab.preview is not None and tab.preview.page_count() >= 1  # type: ignore[attr-defined]
    tab.preview.close()
    tab.view.selectRow(0)
    tab.act_notice.trigger()
    qtbot.waitUntil(lambda: tab.last_task is not None and tab.last_task.done, timeout=20000)
    assert tab.last_task.error is None, tab.last_task.error
    assert "张丽" in tab.preview.windowTitle()
    tab.preview.close()


def test_export_the_ledger_view(
    office_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, unit_of: Callable[[str], int]
) -> None:
    pytest.importorskip("desktop.services.protections.export")
    _case(office_db, _worker(office_db, unit_of, "张丽", 1), lmp=TODAY - timedelta(days=100))
    tab = _tab(office_db, qtbot)
    informed: list[str] = []
    monkeypatch.setattr(prompts, "choose", lambda *_a, **_k: 0)
    monkeypatch.setattr(prompts, "save_file", lambda *_a, **_k: tmp_path / "台账")
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: informed.append(text))
    tab.act_export.trigger()
    qtbot.waitUntil(lambda: bool(informed), timeout=20000)
    assert (tmp_path / "台账.xlsx").exists() and "已导出 1 名女职工" in informed[-1]


def test_context_menu_repeats_the_toolbar(office_db: Database, qtbot: Any) -> None:
    tab = _tab(office_db, qtbot)
    texts = [a.text() for a in tab.context_menu().actions() if not a.isSeparator()]
    assert texts == [
        "登记怀孕",
        "记录分娩",
        "记录流产",
        "产假开始",
        "返岗",
        "调岗",
        "停止哺乳",
        "编辑",
        "重新计算",
        "归档",
        "导出",
        "打印台账",
        "打印告知单",
    ]
    assert not tab.act_edit.isEnabled() and tab.act_register.isEnabled()
