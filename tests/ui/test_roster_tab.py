"""The roster tab as a clerk uses it: add through the dialog, mistakes shown as typed, filters, archive."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.ui import prompts
from desktop.ui.dialogs.report_dialog import ReportDialog
from desktop.ui.roster import tab as roster_tab
from desktop.ui.roster.tab import RosterTab
from desktop.ui.roster.worker_dialog import WorkerDialog

TypeText = Callable[[QWidget, str], None]


def _tab(db: Database, qtbot: Any) -> RosterTab:
    tab = RosterTab(db)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    return tab


def _column(tab: RosterTab, key: str) -> int:
    return next(n for n, c in enumerate(tab.model.columns) if c.key == key)


def _dialog(qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch) -> WorkerDialog:
    # Closing a dialog with typed input asks before discarding it; the test's clean-up says yes.
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    dialog = WorkerDialog(None, db)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_add_a_worker_through_the_dialog(
    office_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: TypeText, unit_of: Callable[[str], int]
) -> None:
    tab = _tab(office_db, qtbot)
    assert tab.model.rowCount() == 0 and tab.view.empty_text.startswith("还没有职工")

    def drive(cls: type[WorkerDialog], parent: QWidget, db: Database, worker_id: int | None = None) -> int | None:
        dialog = cls(parent, db, worker_id)
        qtbot.addWidget(dialog)
        dialog.show()
        type_text(dialog.widgets["name"], "张丽")
        type_text(dialog.widgets["id_number"], "150785198503120022")
        unit_box = dialog.widgets["unit_id"]
        unit_box.setCurrentIndex(unit_box.findData(unit_of("一班")))  # type: ignore[attr-defined]
        type_text(dialog.widgets["phone"], "0470-3521234")
        type_text(dialog.widgets["hire_date"].edit, "2005.7.1")  # type: ignore[attr-defined]
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    monkeypatch.setattr(WorkerDialog, "ask", classmethod(drive))
    tab.act_new.trigger()
    assert tab.model.rowCount() == 1
    row = tab.model.record(0)
    assert row is not None and (row.name, row.sex, row.phone, str(row.hire_date)) == (
        "张丽",
        "F",
        "0470-3521234",
        "2005-07-01",
    )
    assert tab.model.index(0, _column(tab, "id_number")).data() == "150785***********2"
    assert tab.view.current_id() == row.id
    detail = tab.detail.text()
    assert "阿里河森工公司/甘河林场/一班" in detail and "新建记录" in detail
    assert "150785198503120022" not in detail  # the full number is only in the edit dialog


def test_bad_id_shows_its_message_and_keeps_the_text(
    office_db: Database, qtbot: Any, type_text: TypeText, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, office_db, monkeypatch)
    type_text(dialog.widgets["name"], "张丽")
    type_text(dialog.widgets["id_number"], "150785198503120023")
    qtbot.waitUntil(lambda: "校验位错误" in dialog.message("id_number"))
    assert dialog.message("name") == ""
    assert dialog.message("unit_id") == ""  # not touched yet: no scolding before the clerk gets there

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.saved_id is None
    assert dialog.widgets["id_number"].text() == "150785198503120023"  # type: ignore[attr-defined]
    assert dialog.widgets["name"].text() == "张丽"  # type: ignore[attr-defined]
    assert "请选择所属单位" in dialog.message("unit_id")  # saving shows every problem

    dialog.widgets["id_number"].selectAll()  # type: ignore[attr-defined]
    type_text(dialog.widgets["id_number"], "150785198503120022")
    qtbot.waitUntil(lambda: dialog.message("id_number").startswith("出生日期 1985-03-12，女"))
    sex = dialog.widgets["sex"]
    sex.setCurrentIndex(sex.findData("M"))  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "第17位" in dialog.message("sex"))


def test_duplicate_id_refused_by_the_service_keeps_the_dialog(
    office_db: Database,
    people: dict[str, int],
    qtbot: Any,
    type_text: TypeText,
    unit_of: Callable[[str], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = _dialog(qtbot, office_db, monkeypatch)
    type_text(dialog.widgets["name"], "张小丽")
    type_text(dialog.widgets["id_number"], "150785198503120022")
    dialog.widgets["unit_id"].set_unit_id(unit_of("营林科"))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "已登记在职工“张丽”名下" in dialog.message("id_number")
    assert dialog.widgets["name"].text() == "张小丽"  # type: ignore[attr-defined]


def test_cancel_asks_before_losing_typed_input(
    office_db: Database, qtbot: Any, type_text: TypeText, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, office_db, monkeypatch)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, **_k: asked.append(text) or False)
    type_text(dialog.widgets["post"], "jianchiyuan")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert asked and dialog.isVisible()
    assert dialog.widgets["post"].text() == "jianchiyuan"  # type: ignore[attr-defined]
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.saved_id is None


def test_edit_with_enter_and_history_in_detail(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: TypeText
) -> None:
    tab = _tab(office_db, qtbot)
    opened: list[int | None] = []

    def drive(cls: type[WorkerDialog], parent: QWidget, db: Database, worker_id: int | None = None) -> int | None:
        opened.append(worker_id)
        dialog = cls(parent, db, worker_id)
        qtbot.addWidget(dialog)
        assert dialog.widgets["id_number"].text() == "150782199007071132"  # type: ignore[attr-defined]
        dialog.widgets["post"].selectAll()  # type: ignore[attr-defined]
        type_text(dialog.widgets["post"], "jianchi")
        dialog.accept()
        return dialog.saved_id

    monkeypatch.setattr(WorkerDialog, "ask", classmethod(drive))
    assert tab.view.set_current_id(people["王建国"])
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert opened == [people["王建国"]]
    assert "岗位：营林员 → jianchi" in tab.detail.text()
    assert tab.view.current_id() == people["王建国"]


def test_filters_and_search_change_the_rows(
    office_db: Database, people: dict[str, int], qtbot: Any, type_text: TypeText, unit_of: Callable[[str], int]
) -> None:
    tab = _tab(office_db, qtbot)
    bar = tab.filter_bar
    assert tab.model.rowCount() == 3 and not bar.clear_button.isEnabled()
    type_text(bar.search, "王")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert bar.result_label.text() == "共 1 人" and bar.clear_button.isEnabled()
    bar.clear()
    assert tab.model.rowCount() == 3
    type_text(bar.search, "0040")  # the end of 李娜's ID number
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    bar.clear()
    bar.set_value("sex", "F")
    assert tab.model.rowCount() == 2
    bar.set_value("sex", None)
    bar.set_value("unit_id", unit_of("甘河林场"))  # includes its 一班
    assert sorted(tab.model.record(r).name for r in range(tab.model.rowCount())) == ["张丽", "李娜"]
    assert "甘河林场（含下级）" in bar.describe()
    bar.set_value("status", "retired")
    assert tab.model.rowCount() == 0 and tab.view.empty_text.startswith("没有符合筛选条件")


def test_archive_and_restore_after_confirmation(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _tab(office_db, qtbot)
    asked: list[str] = []
    answer = [False]

    def confirm(_parent: object, _title: str, text: str, **_kw: object) -> bool:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(prompts, "confirm", confirm)
    tab.view.set_current_id(people["王建国"])
    tab.act_archive.trigger()
    assert "王建国" in asked[-1] and tab.model.rowCount() == 3  # said no: nothing changed
    answer[0] = True
    with qtbot.waitSignal(tab.changed):
        tab.act_archive.trigger()
    assert tab.model.rowCount() == 2
    with office_db.read() as s:
        assert workers.count_workers(s, workers.WorkerFilter(archived=True)) == 1

    tab.act_archived.trigger()  # 查看归档
    assert tab.archive_mode and tab.model.rowCount() == 1
    assert tab.act_restore.isVisible() and not tab.act_archive.isVisible()
    tab.view.set_current_id(people["王建国"])
    tab.act_restore.trigger()
    assert "恢复" in asked[-1] and tab.model.rowCount() == 0
    assert tab.view.empty_text == roster_tab.EMPTY_ARCHIVE
    tab.act_archived.trigger()
    assert tab.model.rowCount() == 3


def _wait_task(qtbot: Any, tab: RosterTab) -> None:
    qtbot.waitUntil(lambda: tab.last_task is not None and tab.last_task.done, timeout=20000)


def test_import_offers_to_create_missing_units(
    db: Database, sample_roster: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _tab(db, qtbot)
    reports: list[tuple[str, tuple[str, ...]]] = []
    informed: list[str] = []
    monkeypatch.setattr(prompts, "open_file", lambda *_a, **_k: sample_roster)
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: informed.append(text))

    def ask(
        cls: type,
        _parent: object,
        _title: str,
        summary: str,
        text: str,
        extra: tuple[str, ...] = (),
        suggested_name: str = "",
    ) -> int | None:
        reports.append((text, tuple(extra)))
        return 0 if extra else None

    monkeypatch.setattr(ReportDialog, "ask", classmethod(ask))
    confirmed: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, **_k: confirmed.append(text) or True)
    tab.act_import.trigger()
    qtbot.waitUntil(lambda: bool(informed), timeout=30000)
    text, extra = reports[0]
    assert "营林科" in text and extra == ("建立缺少的单位并重新导入",)
    # The window's report points to its button, never to the command line (#17); units only after a yes.
    assert "--create-units" not in text and "命令行" not in text and "点下方的“建立缺少的单位并重新导入”" in text
    assert len(confirmed) == 1 and "营林科" in confirmed[0] and "将建立以下 8 个单位" in confirmed[0]
    assert informed[0].startswith("导入完成：新增 30 人")
    assert tab.model.rowCount() == 30
    names = [tab.model.record(r).name for r in range(30)]
    assert "阿拉坦·巴根" in names and "张丽" in names


def test_export_and_print_the_current_view(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tab = _tab(office_db, qtbot)
    tab.filter_bar.set_value("sex", "F")
    informed: list[str] = []
    monkeypatch.setattr(prompts, "choose", lambda *_a, **_k: 0)  # masked IDs
    monkeypatch.setattr(prompts, "save_file", lambda *_a, **_k: tmp_path / "名册")
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: informed.append(text))
    tab.act_export.trigger()
    _wait_task(qtbot, tab)
    assert (tmp_path / "名册.xlsx").exists()
    assert "已导出 2 名职工" in informed[-1] and "隐去" in informed[-1]

    tab.act_print.trigger()
    _wait_task(qtbot, tab)
    preview = tab.preview
    assert preview is not None and preview.isVisible()
    assert preview.page_count() >= 1
    temp_dir = preview.temp_dir
    assert temp_dir is not None and temp_dir.exists()
    preview.close()
    assert not temp_dir.exists()  # the temporary PDF goes with the window


def test_context_menu_repeats_the_toolbar_and_ctrl_f_finds(
    office_db: Database, people: dict[str, int], qtbot: Any
) -> None:
    tab = _tab(office_db, qtbot)
    texts = [a.text() for a in tab.context_menu().actions() if not a.isSeparator()]
    assert texts == ["新增", "编辑", "归档", "导入", "导出", "打印"]
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.filter_bar.search.hasFocus()


def test_retired_unit_cannot_be_chosen_but_existing_worker_keeps_it(
    office_db: Database,
    people: dict[str, int],
    qtbot: Any,
    unit_of: Callable[[str], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.services import office

    with office_db.write() as s:
        office.retire_unit(s, unit_of("营林科"), actor="test")
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    dialog = WorkerDialog(None, office_db, people["王建国"])
    qtbot.addWidget(dialog)
    box = dialog.widgets["unit_id"]
    assert box.value() == unit_of("营林科") and box.currentText().endswith("（已撤销）")  # type: ignore[attr-defined]
    item = box.model().item(box.findData(unit_of("营林科")))  # type: ignore[attr-defined]
    assert not item.isEnabled()
    dialog.accept()  # unchanged unit: saving is allowed
    assert dialog.saved_id == people["王建国"]


def test_empty_file_says_where_units_are_made(
    db: Database, qtbot: Any, type_text: TypeText, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, db, monkeypatch)
    type_text(dialog.widgets["name"], "张丽")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "设置 → 单位与组织" in dialog.message("unit_id")
