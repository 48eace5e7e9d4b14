"""The main window: tabs, menus and status bar only — each area's work lives in its tab module."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from desktop import __version__
from desktop.core.progress import Job
from desktop.core.roles import Permission
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.ui import data_file, permissions, prefs, prompts, tasks
from desktop.ui.home.tab import HomeTab
from desktop.ui.roster import io_actions as roster_io
from desktop.ui.roster.tab import RosterTab

if TYPE_CHECKING:
    from desktop.ui.activities.tab import ActivityTab
    from desktop.ui.condolences.tab import CondolenceTab
    from desktop.ui.exams.tab import ExamTab
    from desktop.ui.protections.tab import ProtectionTab

# The tab bar, in order: (key, title). 工作台 (shown at start) and 职工名册 are built at start; the others when
# first shown (工作台 reads its list after the window shows).
TABS: tuple[tuple[str, str], ...] = (
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
)


def _make_tab(key: str, db: Database) -> QWidget:
    """Build an area's tab; its module is imported here, so start-up does not pay for it either."""
    if key == "protection":
        from desktop.ui.protections.tab import ProtectionTab

        return ProtectionTab(db)
    if key == "condolence":
        from desktop.ui.condolences.tab import CondolenceTab

        return CondolenceTab(db)
    if key == "exams":
        from desktop.ui.exams.tab import ExamTab

        return ExamTab(db)
    if key == "activities":
        from desktop.ui.activities.tab import ActivityTab

        return ActivityTab(db)
    if key == "contracts":
        from desktop.ui.contracts.tab import ContractTab

        return ContractTab(db)
    if key == "insurance":
        from desktop.ui.insurance.tab import InsuranceTab

        return InsuranceTab(db)
    if key == "rights":
        from desktop.ui.rights.tab import RightsTab

        return RightsTab(db)
    if key == "surveys":
        from desktop.ui.surveys.tab import SurveyTab

        return SurveyTab(db)
    raise KeyError(key)


class TabPlaceholder(QLabel):
    """Stands in the tab bar for a tab not built yet; replaced by the real tab when first shown."""

    def __init__(self, title: str) -> None:
        super().__init__(f"正在打开“{title}”…")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)


class MainWindow(QMainWindow):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.file_label = QLabel()
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_label = QLabel()
        self.statusBar().addWidget(self.file_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        self._built: dict[str, QWidget] = {}
        self._pending: dict[str, set[str]] = {}  # built tabs not in front: what to refresh when next shown
        self._swapping = False
        self.tabs.currentChanged.connect(self._tab_shown)
        self._build_menus()
        self._install_tabs()
        self.setMinimumSize(800, 560)

    # -- tabs ----------------------------------------------------------------------------------------
    # 职工名册 is built at start; every other tab on its first showing (ensure_tab). A change refreshes the tab
    # in front; other built tabs are marked and refreshed when shown, so one edit never recomputes five areas.
    def _install_tabs(self) -> None:
        self.roster = RosterTab(self.db)
        permissions.apply(self.roster, self.db)
        self._apply_role()
        self.roster.changed.connect(self.refresh_counts)
        # A worker's post, unit or status change on the roster changes every area's lists.
        self.roster.changed.connect(self._roster_changed)
        self.roster.units_changed.connect(lambda: self._mark(None, units=True))  # set up from the empty roster
        self.home = HomeTab(self.db, self.show_tab)
        self._built = {"home": self.home, "roster": self.roster}
        self._pending = {}
        self._swapping = True
        try:
            for key, title in TABS:
                self.tabs.addTab(self._built.get(key) or TabPlaceholder(title), title)
            self.tabs.setCurrentIndex(0)
        finally:
            self._swapping = False
        # The program's name last, once: Qt appends the display name unless the title already ends with it.
        self.setWindowTitle(f"{self.db.path.name} — {prefs.DISPLAY_NAME}")
        self.file_label.setText(f"数据文件：{self.db.path}")
        self.file_label.setToolTip(str(self.db.path))
        self.refresh_counts()

    def tab_index(self, key: str) -> int:
        return [k for k, _t in TABS].index(key)

    def built_tab(self, key: str) -> QWidget | None:
        """The area's tab if it has been built, else None (nothing is built)."""
        return self._built.get(key)

    def ensure_tab(self, key: str) -> QWidget:
        """The area's tab ("roster", "protection", "condolence", "exams", "activities"), built on first use.

        Building puts the tab in its place in the tab bar (instead of the placeholder) without changing which
        tab is in front."""
        tab = self._built.get(key)
        if tab is not None:
            return tab
        index = self.tab_index(key)
        tab = _make_tab(key, self.db)
        permissions.apply(tab, self.db)
        self._built[key] = tab
        placeholder = self.tabs.widget(index)
        in_front = self.tabs.currentIndex() == index
        self._swapping = True
        self.tabs.setUpdatesEnabled(False)
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, tab, TABS[index][1])
            if in_front:
                self.tabs.setCurrentIndex(index)
        finally:
            self._swapping = False
            self.tabs.setUpdatesEnabled(True)
        placeholder.deleteLater()
        return tab

    def show_tab(self, key: str) -> QWidget:
        """Bring the area's tab to the front (building it if needed) and return it."""
        tab = self.ensure_tab(key)
        self.tabs.setCurrentWidget(tab)
        return tab

    # Older code and scripts reach the tabs as attributes; these build the tab if it is not built yet.
    @property
    def protection(self) -> ProtectionTab:
        return self.ensure_tab("protection")  # type: ignore[return-value]

    @property
    def condolence(self) -> CondolenceTab:
        return self.ensure_tab("condolence")  # type: ignore[return-value]

    @property
    def exams(self) -> ExamTab:
        return self.ensure_tab("exams")  # type: ignore[return-value]

    @property
    def activities(self) -> ActivityTab:
        return self.ensure_tab("activities")  # type: ignore[return-value]

    def _tab_shown(self, index: int) -> None:
        if self._swapping or index < 0:
            return
        key = TABS[index][0]
        if key not in self._built:
            self.ensure_tab(key)  # new, so nothing to catch up on
            return
        self._catch_up(key)

    def _catch_up(self, key: str) -> None:
        todo = self._pending.pop(key, set())
        tab = self._built[key]
        if "units" in todo and hasattr(tab, "reload_units"):
            tab.reload_units()
        if todo:
            tab.after_change()  # type: ignore[attr-defined]

    def mark_stale(self, keys: list[str] | tuple[str, ...] | None = None, *, units: bool = False) -> None:
        """The data behind these built tabs (default: all but the roster) changed: the one in front refreshes
        now, the others when next shown. ``units``: the unit tree changed too (pickers reload)."""
        self._mark(keys, units=units)
        self._catch_up_front()

    def _mark(self, keys: list[str] | tuple[str, ...] | None, *, units: bool = False) -> None:
        for key in keys if keys is not None else [k for k, _t in TABS if k != "roster"]:
            if key in self._built:
                self._pending.setdefault(key, set()).update({"data", "units"} if units else {"data"})

    def _catch_up_front(self) -> None:
        index = self.tabs.currentIndex()
        if index >= 0 and TABS[index][0] in self._pending:
            self._catch_up(TABS[index][0])

    def _roster_changed(self) -> None:
        self.mark_stale()

    def set_database(self, db: Database) -> None:
        """Switch to another data file: the tabs are rebuilt on it and the old file is closed."""
        self._save_tabs()
        self._swapping = True
        try:
            while self.tabs.count():
                widget = self.tabs.widget(0)
                self.tabs.removeTab(0)
                widget.deleteLater()
        finally:
            self._swapping = False
        old, self.db = self.db, db
        old.close()
        self._install_tabs()

    def _save_tabs(self) -> None:
        for tab in self._built.values():
            tab.save_state()  # type: ignore[attr-defined]

    def refresh_counts(self) -> None:
        with self.db.read() as s:
            on_roll = workers.count_workers(s, workers.WorkerFilter(status="on_roll"))
            women = workers.count_workers(s, workers.WorkerFilter(status="on_roll", sex="F"))
        self.count_label.setText(f"在册 {on_roll} 人 / 女职工 {women} 人")

    # -- menus ---------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        def add(menu_name: str, text: str, slot: object, key: QKeySequence | None = None) -> QAction:
            action = QAction(text, self)
            if key is not None:
                action.setShortcut(key)
            action.triggered.connect(lambda _c=False: slot())  # type: ignore[operator]
            self.menus[menu_name].addAction(action)
            return action

        bar = self.menuBar()
        self.menus = {name: bar.addMenu(name) for name in ("文件", "设置", "帮助")}
        add("文件", "打开数据文件…", self.choose_data_file, QKeySequence(QKeySequence.StandardKey.Open))
        add("文件", "新建数据文件…", self.new_data_file)
        add("文件", "立即备份", self.backup_now)
        add("文件", "从备份恢复…", self.restore_from_backup)
        self.menus["文件"].addSeparator()
        add("文件", "导入花名册…", lambda: roster_io.start_import(self.roster))
        add("文件", "下载导入模板…", self.save_template)
        add("文件", "导出花名册…", lambda: roster_io.start_export(self.roster))
        add("文件", "打印花名册…", lambda: roster_io.start_print(self.roster))
        add("文件", "导出上报工作簿…", self.export_hq)
        add("文件", "汇总各单位报表…", self.merge_hq)
        self.menus["文件"].addSeparator()
        add("文件", "退出", self.close, QKeySequence(QKeySequence.StandardKey.Quit))
        add("设置", "单位与组织…", self.open_settings)
        add("设置", "四期保护规则…", self.open_rules)
        add("设置", "慰问标准…", self.open_condolence_standards)
        add("设置", "节假日与调休…", self.open_holidays)
        self.menus["设置"].addSeparator()
        add("设置", "账户管理…", self.open_accounts)
        add("设置", "变更记录…", self.open_audit_log)
        add("设置", "修改密码…", self.change_password)
        add("设置", "锁定屏幕", self.lock_screen, QKeySequence("Ctrl+L"))
        sizes = self.menus["设置"].addMenu("字号")
        group = QActionGroup(self)
        current = prefs.font_size()
        for name, size in prefs.FONT_SIZES.items():
            action = QAction(f"{name}（{size}磅）", self, checkable=True)
            action.setChecked(size == current)
            action.triggered.connect(lambda _c=False, size=size: prefs.apply_font(size, save=True))
            group.addAction(action)
            sizes.addAction(action)
        add("帮助", "快速入门", self.quick_start, QKeySequence(QKeySequence.StandardKey.HelpContents))
        add("帮助", "关于", self.about)

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

    def _apply_role(self) -> None:
        for menu in self.menus.values():
            for action in menu.actions():
                needed = self.MENU_PERMISSIONS.get(action.text())
                if needed is not None:
                    action.setVisible(self.db.can(needed))
        account = self.db.account
        self.user_label.setText(f"登录：{account.label}" if account else "")

    # -- menu actions --------------------------------------------------------------------------------
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

    def choose_data_file(self) -> None:
        """文件 → 打开数据文件…: an existing file, in an Open dialog."""
        self._switch_to(data_file.ask_data_file(self, self.db.path))

    def new_data_file(self) -> None:
        """文件 → 新建数据文件…: a new name; the new file asks for its administrator, then its setup."""
        self._switch_to(data_file.ask_new_file(self, self.db.path))

    def _switch_to(self, path: Path | None) -> None:
        if path is None or path.resolve() == self.db.path:
            return
        from desktop.ui import single_instance  # one program per data file (#8)

        lock, why = single_instance.claim(path)
        if lock is None:
            prompts.warn(self, "数据文件已打开", why)
            return
        self._run(
            lambda _job: data_file.try_open(path),
            "打开数据文件",
            f"正在打开 {path.name}…",
            lambda result: self._opened(result, lock),
        )

    def _opened(self, result: tuple[Database | None, str], lock: object = None) -> None:
        db, why = result
        if db is None:
            if lock is not None:
                lock.release()  # type: ignore[attr-defined]
            prompts.warn(self, "无法打开数据文件", why)
            return
        from desktop.ui.dialogs.sign_in_dialogs import sign_in_at_start

        if not sign_in_at_start(db, self):  # each file has its own accounts (#15)
            db.close()
            if lock is not None:
                lock.release()  # type: ignore[attr-defined]
            return
        from desktop.ui.dialogs import first_run_dialog

        first_run_dialog.offer(db, self)  # a new file: union, code, company and units first (#17)
        if lock is not None:
            from desktop.ui import single_instance

            single_instance.hold(lock)  # type: ignore[arg-type]
        self.set_database(db)
        self.statusBar().showMessage(f"已打开 {db.path}", 8000)

    def backup_now(self) -> None:
        from desktop.services.backups import make_backup

        db = self.db
        self._run(
            lambda _job: make_backup(db, "manual"),
            "立即备份",
            "正在备份数据文件…",
            lambda result: prompts.inform(
                self, "立即备份", "\n".join([f"已备份到：\n{result.path}", *result.summary().split("；")[1:]])
            ),
        )

    # Automatic backups (settings → 备份) are switched on by run_gui, so windows made by tests do not back up.
    auto_backup = False

    def backup_if_due(self) -> None:
        """The day's first backup, in the background; a failure goes to the status bar, not a dialog."""
        from desktop.services.backups import backup_if_due

        if not self.auto_backup:
            return
        db = self.db
        tasks.Task(
            self,
            lambda _job: backup_if_due(db),
            title="每日备份",
            label="正在进行每日备份…",
            cancellable=False,
            on_success=lambda r: r and self.statusBar().showMessage(f"每日备份：{r.summary()}", 10000),
            on_failure=self._auto_backup_failed,
        ).start()

    def _auto_backup_failed(self, exc: BaseException) -> None:
        import logging

        from desktop.services.faults import explain

        logging.getLogger(__name__).warning("automatic backup failed", exc_info=exc)
        self.statusBar().showMessage(f"自动备份失败：{explain(exc) or type(exc).__name__}", 30000)

    def _backup_on_close(self) -> None:
        from desktop.services.backups import load_settings, make_backup
        from desktop.services.faults import explain

        if not self.auto_backup or not load_settings().on_close:
            return
        try:
            make_backup(self.db, "close")
        except Exception as exc:  # noqa: BLE001 - the clerk is told, and the window still closes
            import logging

            logging.getLogger(__name__).warning("backup on close failed", exc_info=exc)
            prompts.warn(self, "关闭时备份失败", f"{explain(exc) or type(exc).__name__}\n数据文件本身不受影响。")

    def restore_from_backup(self) -> None:
        """文件 → 从备份恢复…: the current file is backed up first and put back if the restored one fails."""
        from db.backup import default_backup_dir
        from desktop.logging_setup import mask_personal
        from desktop.services import backups
        from desktop.services.faults import explain

        try:
            backups.require_admin(self.db)
        except Exception as exc:  # noqa: BLE001 - PermissionDenied and friends, in words
            prompts.warn(self, "从备份恢复", explain(exc) or str(exc))
            return
        if tasks.running():
            prompts.warn(self, "从备份恢复", "还有操作正在进行，请等它完成后再恢复。")
            return
        folder = default_backup_dir(self.db.path)
        picked = prompts.open_file(self, "选择要恢复的备份", "备份文件 (*.sqlite *.db);;所有文件 (*)", str(folder))
        if picked is None:
            return
        try:
            info = backups.inspect_backup(picked)
        except Exception as exc:  # noqa: BLE001
            prompts.warn(self, "从备份恢复", explain(exc) or type(exc).__name__)
            return
        if info.problems:
            prompts.warn(
                self, "从备份恢复", f"备份文件 {picked.name} 检查未通过：{info.problems[0]}\n当前数据未做改动。"
            )
            return
        if not prompts.confirm(
            self,
            "从备份恢复",
            f"用备份“{picked.name}”替换当前数据文件 {self.db.path.name}？\n\n"
            "恢复前会先把当前数据另存为一份备份；恢复后的文件检查不通过会自动还原。",
            ok="恢复",
            cancel="取消",
        ):
            return
        from PySide6.QtGui import QCursor
        from PySide6.QtWidgets import QApplication

        # Done on this thread on purpose: no tab may query the file while it is being replaced.
        self._save_tabs()
        path, account = self.db.path, self.db.account
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            result = backups.restore_backup(self.db, picked)
        except Exception as exc:  # noqa: BLE001 - the file is the old one again; reopen it
            QApplication.restoreOverrideCursor()
            db, why = data_file.try_open(path)
            if db is not None:
                # Never replaced, or put back whole from its own copy: the same accounts, so the same sign-in.
                db.account = account
                self.set_database(db)
            prompts.warn(
                self,
                "从备份恢复失败",
                mask_personal(explain(exc) or f"程序出错（{type(exc).__name__}）")
                + "\n当前数据文件未被替换。"
                + (f"\n{why}" if why else ""),
            )
            return
        QApplication.restoreOverrideCursor()
        from desktop.ui.dialogs.sign_in_dialogs import sign_in_at_start

        # The restored file has the backup's accounts and passwords (#15): sign in to it as at start.
        if not sign_in_at_start(result.db, self):
            prompts.inform(
                self,
                "从备份恢复",
                f"{result.summary()}\n\n恢复后的数据文件需要登录才能使用；"
                "未登录，程序将关闭。再次打开时请用该备份中的账户登录。",
            )
            self.db = result.db
            self.close()
            return
        self.set_database(result.db)
        prompts.inform(self, "从备份恢复", result.summary())

    def export_hq(self) -> None:
        from desktop.ui.hq.export_dialog import HqExportDialog

        HqExportDialog(self.db, self).exec()

    def merge_hq(self) -> None:
        from desktop.ui.hq.merge_dialog import HqMergeDialog

        HqMergeDialog(self.db, self).exec()

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

        self._run(work, "下载导入模板", "正在生成模板…", done)

    def open_settings(self) -> None:
        from desktop.ui.dialogs.settings_dialog import SettingsDialog

        SettingsDialog(self.db, self).exec()
        # Units may have been renamed, moved or retired: refresh the pickers and the unit column (built tabs
        # not in front catch up when shown; the roster's change signal refreshes the one in front).
        self._mark(None, units=True)
        self.roster.reload_units()
        self.roster.after_change()
        self._catch_up_front()

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

    def _run(self, fn: Callable[[Job], Any], title: str, label: str, on_success: Callable[[Any], None]) -> None:
        self.roster.run_task(
            fn,
            title=title,
            label=label,
            on_success=on_success,
            cancellable=False,
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
        self._save_tabs()
        prefs.settings().setValue("window/geometry", self.saveGeometry())
        self._backup_on_close()
        self.db.close()
        super().closeEvent(event)
