"""首次设置 (#17): a new file asks for the union, code, company and units first; an empty roster says what to do
next in one line with a button."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from desktop.services import office
from desktop.services.database import Database
from desktop.services.first_run import setup_state
from desktop.ui import prompts
from desktop.ui.dialogs import first_run_dialog
from desktop.ui.dialogs.first_run_dialog import FirstRunDialog
from desktop.ui.roster import next_step as roster_next_step
from desktop.ui.roster.tab import RosterTab


def _tree(db: Database) -> list[str]:
    with db.read() as s:
        return [n.path for n in office.unit_tree(s)]


def test_setup_from_pasted_lines(db: Database, qtbot: Any) -> None:
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.name.setText("阿里河森工公司工会")
    dialog.name.editingFinished.emit()
    assert dialog.company.text() == "阿里河森工公司"  # suggested from the union's name
    dialog.code.setText("alh")
    dialog.outline.setPlainText("甘河林场\n    营林一班\n    营林二班\n营林科\n吉文林场/管护站")
    dialog.update_preview()
    assert dialog.count.text() == "共 7 个单位"
    top = dialog.preview.topLevelItem(0)
    assert top.text(0) == "阿里河森工公司" and top.child(0).text(0) == "甘河林场" and top.child(0).childCount() == 2
    dialog.save()
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted
    assert _tree(db) == [
        "阿里河森工公司",
        "阿里河森工公司/吉文林场",
        "阿里河森工公司/吉文林场/管护站",
        "阿里河森工公司/甘河林场",
        "阿里河森工公司/甘河林场/营林一班",
        "阿里河森工公司/甘河林场/营林二班",
        "阿里河森工公司/营林科",
    ]
    with db.read() as s:
        state = setup_state(s)
    assert (state.office_name, state.office_code) == ("阿里河森工公司工会", "ALH")


def test_missing_name_or_code_is_named_and_nothing_written(db: Database, qtbot: Any) -> None:
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.outline.setPlainText("甘河林场")
    dialog.save()
    assert "请填写工会名称" in dialog.error.text() and not dialog.error.isHidden()
    dialog.name.setText("某工会")
    dialog.save()
    assert "请填写单位代码" in dialog.error.text()
    dialog.outline.setPlainText("甘河林场\n" + "很长的一句话" * 10)
    dialog.update_preview()
    assert "第2行" in dialog.error.text()
    with db.read() as s:
        assert setup_state(s).is_new


def test_units_read_from_the_roster_file(db: Database, qtbot: Any, sample_roster: Path) -> None:
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.read_roster(sample_roster)
    assert dialog.outline.toPlainText().splitlines()[:3] == ["甘河林场", "营林科", "吉文林场"]
    assert dialog.count.text() == "共 8 个单位"


def test_a_roster_without_a_unit_column_is_explained(
    db: Database, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["张丽", "150785198503120022"])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    said: list[str] = []
    monkeypatch.setattr(prompts, "warn", lambda _p, _t, text: said.append(text))
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.read_roster(path)
    assert said and "名单.xlsx" in said[0] and "所属单位" in said[0]


def test_offered_on_a_new_file(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[FirstRunDialog] = []
    monkeypatch.setattr(FirstRunDialog, "exec", lambda self: shown.append(self) or 0)
    assert first_run_dialog.offer(db) is None  # shown, then left for later: nothing saved
    assert len(shown) == 1


def test_not_offered_once_set_up(office_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[FirstRunDialog] = []
    monkeypatch.setattr(FirstRunDialog, "exec", lambda self: shown.append(self) or 0)
    assert first_run_dialog.offer(office_db) is None and not shown


def test_empty_roster_says_what_to_do_next(db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    tab = RosterTab(db)
    qtbot.addWidget(tab)
    assert not tab.next_step.isHidden()
    assert tab.next_step.label.text() == roster_next_step.NO_UNITS and tab.next_step.button_texts() == ["首次设置…"]
    assert tab.view.empty_text == roster_next_step.EMPTY_NO_UNITS  # not "点导入": rows would need units

    def setup(self: FirstRunDialog) -> int:
        self.name.setText("某工会")
        self.code.setText("AB")
        self.outline.setPlainText("甘河林场")
        self.save()
        return 1

    monkeypatch.setattr(FirstRunDialog, "exec", setup)
    reloaded: list[bool] = []
    tab.units_changed.connect(lambda: reloaded.append(True))
    tab.next_step.buttons[0].click()
    assert reloaded and _tree(db) == ["甘河林场"]
    assert tab.next_step.label.text() == roster_next_step.NO_WORKERS
    assert tab.next_step.button_texts() == ["导入花名册…", "新增职工"]
    assert all(b.isHidden() for b in tab.next_step.findChildren(QPushButton) if b not in tab.next_step.buttons)
    assert tab.view.empty_text.startswith("还没有职工 — 点“导入”")


def test_roster_with_workers_or_a_filter_has_no_next_step(
    office_db: Database, people: dict[str, int], qtbot: Any
) -> None:
    tab = RosterTab(office_db)
    qtbot.addWidget(tab)
    assert tab.next_step.isHidden()
    tab.filter_bar.set_value("sex", "M")
    tab.filter_bar.set_value("status", "retired")
    assert tab.model.rowCount() == 0 and tab.next_step.isHidden()  # the filter's own hint says 清除筛选


def test_a_viewer_is_told_to_ask_the_administrator(db: Database, qtbot: Any) -> None:
    from tests.conftest import sign_in_as

    sign_in_as(db, "viewer")
    tab = RosterTab(db)
    qtbot.addWidget(tab)
    assert tab.next_step.label.text() == roster_next_step.NO_UNITS_ASK_ADMIN and tab.next_step.buttons == []
    assert first_run_dialog.offer(db) is None  # no setup for an account that may not change settings


def test_declining_the_unit_list_imports_nothing(
    db: Database, qtbot: Any, sample_roster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui.dialogs.report_dialog import ReportDialog
    from desktop.ui.roster import io_actions as roster_io

    tab = RosterTab(db)
    qtbot.addWidget(tab)
    monkeypatch.setattr(ReportDialog, "ask", classmethod(lambda cls, *_a, **_k: 0))  # 建立缺少的单位并重新导入
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, **_k: asked.append(text) and False)
    roster_io.start_import(tab, sample_roster)
    qtbot.waitUntil(lambda: tab.last_task is not None and tab.last_task.done, timeout=30000)
    qtbot.wait(50)
    assert len(asked) == 1 and "甘河林场" in asked[0]
    assert tab.last_task is not None and tab.model.rowCount() == 0 and _tree(db) == []


def test_new_data_file_from_the_menu_opens_the_setup(
    office_db: Database, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """文件 → 新建数据文件…: the new file's administrator, then 首次设置, then the window shows the new file."""
    from desktop.services.accounts import create_first_admin
    from desktop.ui import data_file
    from desktop.ui.dialogs import sign_in_dialogs
    from desktop.ui.main_window import MainWindow

    window = MainWindow(office_db)
    qtbot.addWidget(window)
    new = tmp_path / "新单位.sqlite"
    monkeypatch.setattr(data_file, "ask_new_file", lambda *_a, **_k: new)
    monkeypatch.setattr(
        sign_in_dialogs,
        "sign_in_at_start",
        lambda db, _parent=None: bool(create_first_admin(db, "admin", "admin-password")),
    )
    seen: list[Path] = []

    def setup(self: FirstRunDialog) -> int:
        seen.append(self.db.path)
        self.name.setText("吉文林业局工会")
        self.name.editingFinished.emit()
        self.code.setText("JW")
        self.outline.setPlainText("一场\n  一班")
        self.save()
        return 1

    monkeypatch.setattr(FirstRunDialog, "exec", setup)
    window.new_data_file()
    qtbot.waitUntil(lambda: window.db.path == new.resolve(), timeout=10000)
    assert seen == [new.resolve()]
    assert _tree(window.db) == ["吉文林业局", "吉文林业局/一场", "吉文林业局/一场/一班"]
    assert window.roster.next_step.label.text() == roster_next_step.NO_WORKERS
    window.db.close()
