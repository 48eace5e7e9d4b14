"""The program's shell (#17): Qt's own words in Chinese, the window title, the file menu's dialogs, 快速入门."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from desktop.ui import app, data_file, prefs, prompts
from desktop.ui.main_window import MainWindow


@pytest.fixture
def chinese_qt(qapp: QApplication) -> Any:
    """Qt's translation installed as at start-up, and taken out again so other tests see the usual setup."""
    before = set(qapp.findChildren(QTranslator))
    qapp.setProperty("qt_translation", None)
    loaded = app.install_qt_translations(qapp)
    yield loaded
    for translator in set(qapp.findChildren(QTranslator)) - before:
        qapp.removeTranslator(translator)
        translator.deleteLater()
    qapp.setProperty("qt_translation", None)


def test_text_field_menu_is_chinese(chinese_qt: Path | None, qtbot: Any) -> None:
    assert chinese_qt is not None and chinese_qt.name == "qtbase_zh_CN.qm" and chinese_qt.is_file()
    field = QLineEdit("张丽")
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert any(t.startswith("复制") for t in texts) and any(t.startswith("粘贴") for t in texts), texts
    assert not any(t.replace("&", "").startswith(("Copy", "Paste")) for t in texts)
    menu.deleteLater()


def test_make_app_loads_qt_translation_once(qapp: QApplication) -> None:
    before = set(qapp.findChildren(QTranslator))
    qapp.setProperty("qt_translation", None)
    try:
        app.make_app()
        app.make_app()
        added = set(qapp.findChildren(QTranslator)) - before
        assert len(added) == 1 and str(qapp.property("qt_translation")).endswith("qtbase_zh_CN.qm")
    finally:
        for translator in set(qapp.findChildren(QTranslator)) - before:
            qapp.removeTranslator(translator)
        qapp.setProperty("qt_translation", None)


def test_translations_found_where_a_bundle_keeps_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's reported folder first; then PySide6's own layouts, where a frozen program keeps the .qm files."""
    folders = app.qt_translation_folders()
    assert any((f / "qtbase_zh_CN.qm").is_file() for f in folders)
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    assert package / "Qt" / "translations" in folders and package / "translations" in folders


def test_window_title_names_the_program_once(office_db: Any, qtbot: Any) -> None:
    window = MainWindow(office_db)
    qtbot.addWidget(window)
    title = window.windowTitle()
    assert title == f"{office_db.path.name} — {prefs.DISPLAY_NAME}"
    # Qt adds the application's display name to a title that does not already end with it
    # (QPlatformWindow::formatWindowTitle): ending with it keeps the name from showing twice.
    assert title.endswith(QApplication.applicationDisplayName() or prefs.DISPLAY_NAME)
    assert title.count(prefs.DISPLAY_NAME) == 1


def _menu_action(window: MainWindow, menu: str, text: str) -> Any:
    return next(a for a in window.menus[menu].actions() if a.text() == text)


def test_open_uses_an_open_dialog_and_new_a_save_dialog(
    office_db: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(office_db)
    qtbot.addWidget(window)
    calls: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (calls.append("open"), ("", ""))[1])
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (calls.append("save"), ("", ""))[1])
    )
    open_action = _menu_action(window, "文件", "打开数据文件…")
    assert open_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    open_action.trigger()
    assert calls == ["open"]
    _menu_action(window, "文件", "新建数据文件…").trigger()
    assert calls == ["open", "save"]
    assert window.db is office_db  # both cancelled: nothing switched


def test_new_file_never_takes_an_existing_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    existing = tmp_path / "工会.sqlite"
    existing.write_bytes(b"x")
    said: list[str] = []
    monkeypatch.setattr(prompts, "save_file", lambda *_a, **_k: existing)
    monkeypatch.setattr(prompts, "warn", lambda _p, _t, text: said.append(text))
    assert data_file.ask_new_file(None) is None
    assert "已经存在，不会覆盖" in said[0] and "打开数据文件" in said[0]
    monkeypatch.setattr(prompts, "save_file", lambda *_a, **_k: tmp_path / "新的")
    assert data_file.ask_new_file(None) == tmp_path / "新的.sqlite"


def test_f1_opens_the_quick_start_with_five_tasks(office_db: Any, qtbot: Any) -> None:
    from desktop.ui.dialogs import help_dialog

    window = MainWindow(office_db)
    qtbot.addWidget(window)
    action = _menu_action(window, "帮助", "快速入门")
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    action.trigger()
    dialog = help_dialog._open
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    text = dialog.browser.toPlainText()
    for task in (
        "添加职工",
        "导入整份花名册",
        "登记怀孕",
        "告知单",
        "登记一次慰问",
        "审批",
        "体检",
        "导出上报集团工会的工作簿",
    ):
        assert task in text, task
    assert help_dialog.help_file().is_file() and help_dialog.help_file().suffix == ".html"
    action.trigger()  # F1 again: the same window comes to the front
    assert help_dialog._open is dialog
    dialog.close()


def test_quick_start_follows_a_new_window(office_db: Any, qtbot: Any) -> None:
    """The page of a window that has gone is not reused (it would be a deleted Qt object)."""
    from desktop.ui.dialogs import help_dialog

    first = MainWindow(office_db)
    first.quick_start()
    old = help_dialog._open
    first.deleteLater()
    qtbot.wait(10)
    second = MainWindow(office_db)
    qtbot.addWidget(second)
    second.quick_start()
    assert help_dialog._open is not old and help_dialog._open is not None
    assert help_dialog._open.parent() is second
    help_dialog._open.close()
