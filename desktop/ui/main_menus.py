"""The main window's menu bar: which entries, in which order, with which shortcut and which permission."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.core.roles import Permission
from desktop.services.database import Database
from desktop.ui import prefs
from desktop.ui.roster import io_actions as roster_io

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

# What each menu entry needs; entries the account may not use are hidden (the services refuse them too).
MENU_PERMISSIONS: dict[str, Permission] = {
    "从备份恢复…": Permission.RESTORE,
    "导入花名册…": Permission.EDIT,
    "下载导入模板…": Permission.EDIT,
    "导出花名册…": Permission.EXPORT,
    "导出上报工作簿…": Permission.EXPORT,
    "汇总各单位报表…": Permission.EXPORT,
    "单位与组织…": Permission.SETTINGS,
    "四期保护规则…": Permission.RULES,
    "慰问标准…": Permission.RULES,
    "节假日与调休…": Permission.RULES,
    "账户管理…": Permission.ACCOUNTS,
    "变更记录…": Permission.AUDIT,
    "立即备份": Permission.EXPORT,
}


def build_menus(window: MainWindow) -> dict[str, QMenu]:
    """文件, 设置 and 帮助 on the window's menu bar; returns the menus by name."""
    bar = window.menuBar()
    menus = {name: bar.addMenu(name) for name in ("文件", "设置", "帮助")}

    def add(menu_name: str, text: str, slot: Callable[[], object], key: QKeySequence | None = None) -> QAction:
        action = QAction(text, window)
        if key is not None:
            action.setShortcut(key)
        action.triggered.connect(lambda _c=False: slot())
        menus[menu_name].addAction(action)
        return action

    # The roster's actions read window.roster when chosen: after a file switch it is the new file's tab.
    add("文件", "打开数据文件…", window.choose_data_file, QKeySequence(QKeySequence.StandardKey.Open))
    add("文件", "新建数据文件…", window.new_data_file)
    add("文件", "立即备份", window.backup_now)
    add("文件", "从备份恢复…", window.restore_from_backup)
    menus["文件"].addSeparator()
    add("文件", "导入花名册…", lambda: roster_io.start_import(window.roster))
    add("文件", "下载导入模板…", window.save_template)
    add("文件", "导出花名册…", lambda: roster_io.start_export(window.roster))
    add("文件", "打印花名册…", lambda: roster_io.start_print(window.roster))
    add("文件", "导出上报工作簿…", window.export_hq)
    add("文件", "汇总各单位报表…", window.merge_hq)
    menus["文件"].addSeparator()
    add("文件", "退出", window.close, QKeySequence(QKeySequence.StandardKey.Quit))
    add("设置", "单位与组织…", window.open_settings)
    add("设置", "四期保护规则…", window.open_rules)
    add("设置", "慰问标准…", window.open_condolence_standards)
    add("设置", "节假日与调休…", window.open_holidays)
    menus["设置"].addSeparator()
    add("设置", "账户管理…", window.open_accounts)
    add("设置", "变更记录…", window.open_audit_log)
    add("设置", "修改密码…", window.change_password)
    add("设置", "锁定屏幕", window.lock_screen, QKeySequence("Ctrl+L"))
    _add_font_sizes(menus["设置"].addMenu("字号"), window)
    add("帮助", "快速入门", window.quick_start, QKeySequence(QKeySequence.StandardKey.HelpContents))
    add("帮助", "关于", window.about)
    return menus


def _add_font_sizes(sizes: QMenu, window: MainWindow) -> None:
    group = QActionGroup(window)
    current = prefs.font_size()
    for name, size in prefs.FONT_SIZES.items():
        action = QAction(f"{name}（{size}磅）", window, checkable=True)
        action.setChecked(size == current)
        action.triggered.connect(lambda _c=False, size=size: prefs.apply_font(size, save=True))
        group.addAction(action)
        sizes.addAction(action)


def apply_role(menus: dict[str, QMenu], db: Database) -> None:
    """Hide the entries the signed-in account may not use (again after a switch to another file's account)."""
    for menu in menus.values():
        for action in menu.actions():
            needed = MENU_PERMISSIONS.get(action.text())
            if needed is not None:
                action.setVisible(db.can(needed))
