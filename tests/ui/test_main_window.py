"""The main window: the roster and four-period tabs, menus, status-bar counts, font size, backup, switching files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.services.database import Database
from desktop.ui import data_file, prefs, prompts
from desktop.ui.area_tab import AreaTab
from desktop.ui.main_window import MainWindow
from desktop.ui.tab_registry import TABS


@pytest.fixture
def window(office_db: Database, people: dict[str, int], qtbot: Any) -> MainWindow:
    win = MainWindow(office_db)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    return win


def _texts(win: MainWindow, menu: str) -> list[str]:
    return [a.text() for a in win.menus[menu].actions() if not a.isSeparator()]


def test_opens_with_the_tabs_menus_and_counts(window: MainWindow, office_db: Database) -> None:
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs[:3] == ["工作台", "职工名册", "四期保护"]  # later areas add their tabs after these
    assert window.tabs.currentWidget() is window.home  # the day's work first (#17)
    assert [a.text() for a in window.menuBar().actions()] == ["文件", "设置", "帮助"]
    assert _texts(window, "文件") == [
        "打开数据文件…",
        "新建数据文件…",
        "立即备份",
        "从备份恢复…",
        "导入花名册…",
        "下载导入模板…",
        "导出花名册…",
        "打印花名册…",
        "导出上报工作簿…",
        "汇总各单位报表…",
        "退出",
    ]
    settings = _texts(window, "设置")
    assert settings[:2] == ["单位与组织…", "四期保护规则…"] and settings[-1] == "字号"
    assert _texts(window, "帮助") == ["快速入门", "关于"]
    assert window.count_label.text() == "在册 3 人 / 女职工 2 人"
    assert str(office_db.path) in window.file_label.text()


def test_fits_a_1366x768_screen(window: MainWindow, qtbot: Any) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728
    window.show_tab("roster")
    qtbot.wait(20)  # let the layout settle
    # Every roster column is visible beside the detail pane, without scrolling sideways.
    assert window.roster.view.horizontalScrollBar().maximum() == 0


def test_counts_follow_changes_in_the_tab(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    roster = window.roster
    roster.filter_bar.set_value("sex", "F")
    roster.view.selectAll()
    roster.archive()
    assert window.count_label.text() == "在册 1 人 / 女职工 0 人"


def test_font_size_setting_changes_the_app_font(window: MainWindow, qtbot: Any) -> None:
    sizes = next(a.menu() for a in window.menus["设置"].actions() if a.text() == "字号")
    big = next(a for a in sizes.actions() if a.text().startswith("大"))
    before = QApplication.font()
    view = window.roster.view
    row_height, id_width = view.verticalHeader().defaultSectionSize(), view.columnWidth(3)
    try:
        big.trigger()
        assert QApplication.font().pointSize() == prefs.FONT_SIZES["大"]
        assert prefs.font_size() == prefs.FONT_SIZES["大"]
        # Rows and columns grow with the letters, so nothing is cut off.
        qtbot.waitUntil(lambda: view.verticalHeader().defaultSectionSize() > row_height)
        assert view.columnWidth(3) > id_width
    finally:
        QApplication.setFont(before)


def test_about_names_version_and_file(window: MainWindow, monkeypatch: pytest.MonkeyPatch, office_db: Database) -> None:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: shown.append(text))
    window.about()
    assert __version__ in shown[0] and str(office_db.path) in shown[0]


def test_backup_now_runs_in_the_background(window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: shown.append(text))
    window.backup_now()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    target = Path(shown[0].split("\n", 1)[1])
    assert target.exists() and target.suffix == ".sqlite"


def _first_admin_on_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another file asks for its own sign-in (a new one for its first administrator; dialogs: test_sign_in.py)."""
    from desktop.services.accounts import create_first_admin
    from desktop.ui.dialogs import sign_in_dialogs

    monkeypatch.setattr(
        sign_in_dialogs,
        "sign_in_at_start",
        lambda db, _parent=None: bool(create_first_admin(db, "admin", "admin-password")),
    )
    from desktop.ui.dialogs.first_run_dialog import FirstRunDialog

    monkeypatch.setattr(FirstRunDialog, "exec", lambda self: 0)  # a new file's 首次设置, left for later


def test_switch_to_a_new_data_file(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: Any, tmp_path: Path
) -> None:
    new = tmp_path / "新建" / "另一个.sqlite"
    monkeypatch.setattr(data_file, "ask_data_file", lambda *_a, **_k: new)
    _first_admin_on_open(monkeypatch)
    window.choose_data_file()
    qtbot.waitUntil(lambda: window.db.path == new.resolve(), timeout=10000)
    assert window.count_label.text() == "在册 0 人 / 女职工 0 人"
    assert window.roster.model.rowCount() == 0 and "另一个.sqlite" in window.windowTitle()
    assert data_file.last_path() == new.resolve()
    window.db.close()


def test_a_file_that_is_not_ours_is_explained(tmp_path: Path) -> None:
    bogus = tmp_path / "笔记.sqlite"
    bogus.write_text("这不是数据库" * 200, encoding="utf-8")
    db, why = data_file.try_open(bogus)
    assert db is None and "笔记.sqlite" in why and "Traceback" not in why


def test_rules_menu_recomputes_the_protection_tab(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    from desktop.ui.dialogs.rules_dialog import RulesDialog

    opened: list[object] = []
    monkeypatch.setattr(RulesDialog, "ask", classmethod(lambda _cls, parent, _db: opened.append(parent) or True))
    protection = window.show_tab("protection")
    action = next(a for a in window.menus["设置"].actions() if a.text() == "四期保护规则…")
    with qtbot.waitSignal(protection.changed):
        action.trigger()
    assert opened == [window]
    assert protection.view.empty_text.startswith("目前没有处于四期的女职工")


def test_only_the_home_and_roster_are_built_at_start(window: MainWindow) -> None:
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[:6] == ["工作台", "职工名册", "四期保护", "慰问帮扶", "体检筛查", "品牌活动"]  # all from the start
    assert "专项集体合同" in titles and len(titles) == len(TABS)
    assert window.tabs.currentWidget() is window.home and window.built_tab("roster") is window.roster
    assert [key for key in ("protection", "condolence", "exams", "activities") if window.built_tab(key)] == []


def test_a_tab_is_built_when_first_shown(window: MainWindow) -> None:
    from desktop.ui.condolences.tab import CondolenceTab

    index = window.tabs.indexOf(window.roster) + 2
    assert window.tabs.tabText(index) == "慰问帮扶"
    window.tabs.setCurrentIndex(index)  # what a click on the tab does
    tab = window.built_tab("condolence")
    assert isinstance(tab, CondolenceTab)
    assert window.tabs.widget(index) is tab and window.tabs.currentWidget() is tab
    assert window.tabs.tabText(index) == "慰问帮扶" and window.tabs.count() == len(TABS)
    assert window.ensure_tab("condolence") is tab  # built once
    # Building a tab from code leaves the tab in front where it was.
    window.tabs.setCurrentIndex(0)
    exams = window.ensure_tab("exams")
    assert window.tabs.currentWidget() is window.home and window.tabs.widget(4) is exams
    window.tabs.setCurrentWidget(tab)
    protection = window.ensure_tab("protection")  # before the tab in front
    assert window.tabs.currentWidget() is tab and window.tabs.widget(2) is protection
    assert [window.tabs.tabText(i) for i in range(6)] == [
        "工作台",
        "职工名册",
        "四期保护",
        "慰问帮扶",
        "体检筛查",
        "品牌活动",
    ]


def test_a_roster_change_refreshes_the_tab_in_front_and_hidden_tabs_when_shown(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    for key in ("protection", "condolence"):
        tab = window.ensure_tab(key)
        monkeypatch.setattr(tab, "after_change", lambda key=key: calls.append(key))
    window.show_tab("protection")
    window.roster.changed.emit()
    assert calls == ["protection"]  # condolence is hidden: marked, not refreshed; exams is not built at all
    window.roster.changed.emit()
    assert calls == ["protection", "protection"]
    window.show_tab("condolence")
    assert calls == ["protection", "protection", "condolence"]  # caught up once, on showing
    window.show_tab("protection")
    window.show_tab("condolence")
    assert calls == ["protection", "protection", "condolence"]  # nothing changed since


def test_switching_files_rebuilds_only_the_roster(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: Any, tmp_path: Path
) -> None:
    window.show_tab("condolence")
    new = tmp_path / "另一个.sqlite"
    monkeypatch.setattr(data_file, "ask_data_file", lambda *_a, **_k: new)
    _first_admin_on_open(monkeypatch)
    window.choose_data_file()
    qtbot.waitUntil(lambda: window.db.path == new.resolve(), timeout=10000)
    assert window.built_tab("condolence") is None and window.tabs.count() == len(TABS)
    assert window.tabs.currentWidget() is window.home and window.home.db is window.db
    assert window.show_tab("condolence").db is window.db
    window.db.close()


def test_the_tab_bar_keeps_its_order_and_titles(window: MainWindow) -> None:
    assert [(entry.key, entry.title) for entry in TABS] == [
        ("home", "工作台"),
        ("roster", "职工名册"),
        ("protection", "四期保护"),
        ("condolence", "慰问帮扶"),
        ("exams", "体检筛查"),
        ("activities", "品牌活动"),
        ("contracts", "专项集体合同"),
        ("insurance", "特种病保险"),
        ("rights", "维权诉求"),
        ("surveys", "需求调研"),
    ]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [entry.title for entry in TABS]
    assert [entry.key for entry in TABS if entry.at_start] == ["home", "roster"]


def test_every_registry_entry_builds_a_tab_that_keeps_the_contract(window: MainWindow) -> None:
    from PySide6.QtWidgets import QWidget

    for index, entry in enumerate(TABS):
        tab = window.ensure_tab(entry.key)
        assert isinstance(tab, QWidget) and isinstance(tab, AreaTab), entry.key
        assert window.tabs.widget(index) is tab and window.tabs.tabText(index) == entry.title
        for method in ("after_change", "reload_units", "save_state"):
            getattr(tab, method)()  # each one callable with no arguments, as the window calls it
    assert window.tabs.currentWidget() is window.home  # built from code: the front tab stays


def test_a_typed_tab_is_its_own_class(window: MainWindow) -> None:
    from desktop.ui.condolences.tab import CondolenceTab
    from desktop.ui.exams.tab import ExamTab

    exams = window.tab("exams", ExamTab)
    assert isinstance(exams, ExamTab) and window.built_tab("exams") is exams
    with pytest.raises(TypeError, match="exams"):
        window.tab("exams", CondolenceTab)
    with pytest.raises(KeyError):
        window.ensure_tab("no-such-tab")


def test_a_tab_that_breaks_the_contract_is_refused_when_built(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from PySide6.QtWidgets import QLabel

    from desktop.ui import tab_registry

    broken = dataclasses.replace(TABS[2], build=lambda _db, _show: QLabel("no after_change"))
    monkeypatch.setattr(tab_registry, "TABS", (*TABS[:2], broken, *TABS[3:]))
    with pytest.raises(TypeError, match="AreaTab"):
        window.ensure_tab("protection")


def test_renamed_units_reach_the_exam_tabs_unit_filter(window: MainWindow) -> None:
    """Bug: the 体检筛查 tab had a unit filter but no reload_units, so after 设置 → 单位与组织 its filter kept
    the old names until the program restarted."""
    from desktop.services import office
    from desktop.ui.exams.tab import ExamTab
    from desktop.ui.widgets.unit_picker import UnitCombo

    exams = window.tab("exams", ExamTab)
    with window.db.write() as s:
        unit = next(u for u in office.unit_tree(s) if u.name == "甘河林场")
        office.update_unit(s, unit.id, name="甘河林场（新）", kind="farm", parent_id=unit.parent_id, actor="test")
    window.show_tab("roster")
    window.mark_stale(units=True)  # what 设置 → 单位与组织 does for the tabs not in front
    window.show_tab("exams")
    (combo,) = exams.filter_bar.findChildren(UnitCombo)
    names = [combo.itemText(i).strip() for i in range(combo.count())]
    assert "甘河林场（新）" in names and "甘河林场" not in names
