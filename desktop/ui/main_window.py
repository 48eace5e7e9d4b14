"""The main window: tab bar, menus and status bar put together — each piece's work lives in its own module.

The tabs and their lazy building: tab_registry and lazy_tabs (the contract: area_tab). The menu bar: main_menus.
Backups and restore: backup_actions. Opening another data file: file_switch. Each area's work: its tab.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from desktop import __version__
from desktop.core.progress import Job
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.ui import backup_actions, file_switch, main_menus, permissions, prefs, prompts, tasks
from desktop.ui.home.tab import HomeTab
from desktop.ui.lazy_tabs import LazyTabs
from desktop.ui.roster import io_actions as roster_io
from desktop.ui.roster.tab import RosterTab
from desktop.ui.tab_registry import TabEntry

if TYPE_CHECKING:
    from desktop.ui.idle_lock import IdleWatcher

TabT = TypeVar("TabT", bound=QWidget)


class MainWindow(QMainWindow):
    # Automatic backups (settings → 备份) are switched on by run_gui, so windows made by tests do not back up.
    auto_backup = False
    idle_watcher: IdleWatcher | None = None  # the lock after idle minutes (#15), set by run_gui

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.tabs = LazyTabs(self._build_tab)
        self.setCentralWidget(self.tabs)
        self.file_label = QLabel()
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_label = QLabel()
        self.statusBar().addWidget(self.file_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        self.menus = main_menus.build_menus(self)
        self._install_tabs()
        self.setMinimumSize(800, 560)

    # -- tabs ----------------------------------------------------------------------------------------
    def _build_tab(self, entry: TabEntry) -> QWidget:
        tab = entry.build(self.db, self.show_tab)
        permissions.apply(tab, self.db)
        return tab

    def _install_tabs(self) -> None:
        self.tabs.install()
        self.roster = self.tab("roster", RosterTab)
        self.home = self.tab("home", HomeTab)
        main_menus.apply_role(self.menus, self.db)
        account = self.db.account
        self.user_label.setText(f"登录：{account.label}" if account else "")
        self.roster.changed.connect(self.refresh_counts)
        # A worker's post, unit or status change on the roster changes every area's lists.
        self.roster.changed.connect(self._roster_changed)
        self.roster.units_changed.connect(lambda: self.tabs.mark(units=True))  # set up from the empty roster
        # The program's name last, once: Qt appends the display name unless the title already ends with it.
        self.setWindowTitle(f"{self.db.path.name} — {prefs.DISPLAY_NAME}")
        self.file_label.setText(f"数据文件：{self.db.path}")
        self.file_label.setToolTip(str(self.db.path))
        self.refresh_counts()

    def built_tab(self, key: str) -> QWidget | None:
        """The area's tab if it has been built, else None (nothing is built)."""
        return self.tabs.built(key)

    def ensure_tab(self, key: str) -> QWidget:
        """The tab with this registry key (desktop/ui/tab_registry.py), built on first use without changing
        which tab is in front."""
        return self.tabs.ensure(key)

    def tab(self, key: str, cls: type[TabT]) -> TabT:
        """The tab as its own class, built on first use: ``window.tab("exams", ExamTab)``."""
        return self.tabs.typed(key, cls)

    def show_tab(self, key: str) -> QWidget:
        """Bring the area's tab to the front (building it if needed) and return it."""
        tab = self.tabs.ensure(key)
        self.tabs.setCurrentWidget(tab)
        return tab

    def mark_stale(self, keys: Iterable[str] | None = None, *, units: bool = False) -> None:
        """The data behind these built tabs (default: all but the roster) changed: the one in front refreshes
        now, the others when next shown. ``units``: the unit tree changed too (pickers reload)."""
        self.tabs.mark(keys, units=units)
        self.tabs.catch_up_front()

    def _roster_changed(self) -> None:
        self.mark_stale()

    def set_database(self, db: Database) -> None:
        """Switch to another data file: the tabs are rebuilt on it and the old file is closed."""
        self.tabs.clear_all()
        old, self.db = self.db, db
        old.close()
        self._install_tabs()

    def refresh_counts(self) -> None:
        with self.db.read() as s:
            on_roll = workers.count_workers(s, workers.WorkerFilter(status="on_roll"))
            women = workers.count_workers(s, workers.WorkerFilter(status="on_roll", sex="F"))
        self.count_label.setText(f"在册 {on_roll} 人 / 女职工 {women} 人")

    def run_task(self, fn: Callable[[Job], Any], title: str, label: str, on_success: Callable[[Any], None]) -> None:
        """Work off the GUI thread with the roster's progress dialog; ``on_success`` gets its result."""
        self.roster.run_task(fn, title=title, label=label, on_success=on_success, cancellable=False)

    # -- 文件 ----------------------------------------------------------------------------------------
    def choose_data_file(self) -> None:
        file_switch.choose_data_file(self)

    def new_data_file(self) -> None:
        file_switch.new_data_file(self)

    def backup_now(self) -> None:
        backup_actions.backup_now(self)

    def backup_if_due(self) -> None:
        backup_actions.backup_if_due(self)

    def restore_from_backup(self) -> None:
        backup_actions.restore_from_backup(self)

    def save_template(self) -> None:
        path = prompts.save_file(
            self, "下载导入模板", roster_io.EXCEL_FILTER, str(Path.home() / "职工花名册导入模板.xlsx")
        )
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")

        def work(_job: Job) -> Path:
            from desktop.reports.roster.template_xlsx import write_roster_template

            write_roster_template(path)
            return path

        def done(p: Path) -> None:
            prompts.inform(self, "下载导入模板", f"已保存导入模板：\n{p}\n按模板填写后用“导入花名册”导入。")

        self.run_task(work, "下载导入模板", "正在生成模板…", done)

    def export_hq(self) -> None:
        from desktop.ui.hq.export_dialog import HqExportDialog

        HqExportDialog(self.db, self).exec()

    def merge_hq(self) -> None:
        from desktop.ui.hq.merge_dialog import HqMergeDialog

        HqMergeDialog(self.db, self).exec()

    # -- 设置 ----------------------------------------------------------------------------------------
    def open_settings(self) -> None:
        from desktop.ui.dialogs.settings_dialog import SettingsDialog

        SettingsDialog(self.db, self).exec()
        # Units may have been renamed, moved or retired: refresh the pickers and the unit column (built tabs
        # not in front catch up when shown; the roster's change signal refreshes the one in front).
        self.tabs.mark(units=True)
        self.roster.reload_units()
        self.roster.after_change()
        self.tabs.catch_up_front()

    def open_rules(self) -> None:
        from desktop.ui.dialogs.rules_dialog import RulesDialog

        if RulesDialog.ask(self, self.db):
            self.mark_stale(["protection"])  # every date may follow the new rule values

    def open_condolence_standards(self) -> None:
        from desktop.ui.condolences.standards_dialog import StandardsDialog

        StandardsDialog.ask(self, self.db)

    def open_holidays(self) -> None:
        from desktop.ui.exams.dialogs import HolidayDialog

        HolidayDialog.ask(self, self.db)

    def open_accounts(self) -> None:
        from desktop.ui.dialogs.accounts_dialog import AccountsDialog

        AccountsDialog(self.db, self).exec()

    def open_audit_log(self) -> None:
        from desktop.ui.dialogs.audit_log_dialog import AuditLogDialog

        AuditLogDialog(self.db, self).exec()

    def change_password(self) -> None:
        from desktop.ui.dialogs.sign_in_dialogs import ChangePasswordDialog

        if ChangePasswordDialog(self.db, self).exec():
            self.statusBar().showMessage("密码已修改", 8000)

    def lock_screen(self) -> None:
        """Hide the data behind a password prompt (also after some minutes without input, desktop/ui/idle_lock)."""
        from desktop.ui.idle_lock import lock_window

        lock_window(self)

    # -- 帮助 ----------------------------------------------------------------------------------------
    def quick_start(self) -> None:
        from desktop.ui.dialogs.help_dialog import show_quick_start

        show_quick_start(self)

    def about(self) -> None:
        prompts.inform(
            self,
            "关于",
            f"{prefs.DISPLAY_NAME}\n版本 {__version__}\n\n数据文件：{self.db.path}\n"
            "离线运行，数据只保存在本机的数据文件中。",
        )

    # -- window --------------------------------------------------------------------------------------
    def show_sized(self) -> None:
        """Restore the last geometry; on a small screen (1366×768) start maximised."""
        geometry = prefs.settings().value("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(geometry):
            self.show()
            return
        screen = self.screen().availableGeometry()
        if screen.width() <= 1440 or screen.height() <= 860:
            self.showMaximized()
        else:
            self.resize(1360, 820)
            self.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        running = tasks.running()
        if running:
            if not prompts.confirm(
                self, "退出", "还有操作正在进行。取消它并退出？", ok="取消操作并退出", cancel="继续等待"
            ):
                event.ignore()
                return
            for task in running:
                task.cancel()
            tasks.wait_all()
        self.tabs.save_states()
        prefs.settings().setValue("window/geometry", self.saveGeometry())
        backup_actions.backup_on_close(self)
        self.db.close()
        super().closeEvent(event)
