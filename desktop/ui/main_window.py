"""The main window: tabs, menus and status bar only — each area's work lives in its tab module."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from desktop import __version__
from desktop.core.progress import Job
from desktop.services import workers
from desktop.services.database import Database
from desktop.ui import data_file, prefs, prompts, tasks
from desktop.ui.tabs import roster_io
from desktop.ui.tabs.activity_tab import ActivityTab
from desktop.ui.tabs.condolence_tab import CondolenceTab
from desktop.ui.tabs.exam_tab import ExamTab
from desktop.ui.tabs.protection_tab import ProtectionTab
from desktop.ui.tabs.roster_tab import RosterTab


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
        self._build_menus()
        self._install_tabs()
        self.setMinimumSize(800, 560)

    # -- tabs ----------------------------------------------------------------------------------------
    def _install_tabs(self) -> None:
        self.roster = RosterTab(self.db)
        self.roster.changed.connect(self.refresh_counts)
        self.tabs.addTab(self.roster, "职工名册")
        self.protection = ProtectionTab(self.db)
        # A worker's post, unit or status change on the roster changes her conflicts and whether she is listed.
        self.roster.changed.connect(lambda: self.protection.after_change())
        self.tabs.addTab(self.protection, "四期保护")
        self.condolence = CondolenceTab(self.db)
        self.roster.changed.connect(lambda: self.condolence.after_change())
        self.tabs.addTab(self.condolence, "慰问帮扶")
        self.exams = ExamTab(self.db)
        self.roster.changed.connect(lambda: self.exams.after_change())
        self.tabs.addTab(self.exams, "体检筛查")
        self.activities = ActivityTab(self.db)
        self.roster.changed.connect(lambda: self.activities.after_change())
        self.tabs.addTab(self.activities, "品牌活动")
        self.setWindowTitle(f"{prefs.DISPLAY_NAME} — {self.db.path.name}")
        self.file_label.setText(f"数据文件：{self.db.path}")
        self.file_label.setToolTip(str(self.db.path))
        self.refresh_counts()

    def set_database(self, db: Database) -> None:
        """Switch to another data file: the tabs are rebuilt on it and the old file is closed."""
        self.roster.save_state()
        self.protection.save_state()
        self.condolence.save_state()
        self.exams.save_state()
        self.activities.save_state()
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()
        old, self.db = self.db, db
        old.close()
        self._install_tabs()

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
        add("文件", "新建/打开数据文件…", self.choose_data_file)
        add("文件", "立即备份", self.backup_now)
        self.menus["文件"].addSeparator()
        add("文件", "导入花名册…", lambda: roster_io.start_import(self.roster))
        add("文件", "下载导入模板…", self.save_template)
        add("文件", "导出花名册…", lambda: roster_io.start_export(self.roster))
        add("文件", "打印花名册…", lambda: roster_io.start_print(self.roster))
        self.menus["文件"].addSeparator()
        add("文件", "退出", self.close, QKeySequence(QKeySequence.StandardKey.Quit))
        add("设置", "单位与组织…", self.open_settings)
        add("设置", "四期保护规则…", self.open_rules)
        add("设置", "慰问标准…", self.open_condolence_standards)
        add("设置", "节假日与调休…", self.open_holidays)
        sizes = self.menus["设置"].addMenu("字号")
        group = QActionGroup(self)
        current = prefs.font_size()
        for name, size in prefs.FONT_SIZES.items():
            action = QAction(f"{name}（{size}磅）", self, checkable=True)
            action.setChecked(size == current)
            action.triggered.connect(lambda _c=False, size=size: prefs.apply_font(size, save=True))
            group.addAction(action)
            sizes.addAction(action)
        add("帮助", "关于", self.about)

    # -- menu actions --------------------------------------------------------------------------------
    def choose_data_file(self) -> None:
        path = data_file.ask_data_file(self, self.db.path)
        if path is None or path.resolve() == self.db.path:
            return
        from desktop.ui import single_instance  # one program per data file (#8)

        lock, why = single_instance.claim(path)
        if lock is None:
            prompts.warn(self, "数据文件已打开", why)
            return
        self._run(lambda _job: data_file.try_open(path), "打开数据文件", f"正在打开 {path.name}…",
                  lambda result: self._opened(result, lock))

    def _opened(self, result: tuple[Database | None, str], lock: object = None) -> None:
        db, why = result
        if db is None:
            if lock is not None:
                lock.release()  # type: ignore[attr-defined]
            prompts.warn(self, "无法打开数据文件", why)
            return
        if lock is not None:
            from desktop.ui import single_instance

            single_instance.hold(lock)  # type: ignore[arg-type]
        self.set_database(db)
        self.statusBar().showMessage(f"已打开 {db.path}", 8000)

    def backup_now(self) -> None:
        db = self.db
        self._run(lambda _job: db.backup(), "立即备份", "正在备份数据文件…",
                  lambda target: prompts.inform(self, "立即备份", f"已备份到：\n{target}"))

    def save_template(self) -> None:
        path = prompts.save_file(self, "下载导入模板", roster_io.EXCEL_FILTER,
                                 str(Path.home() / "职工花名册导入模板.xlsx"))
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")

        def work(_job: Job) -> Path:
            from desktop.reports.excel.roster_template import write_roster_template

            write_roster_template(path)
            return path

        def done(p: Path) -> None:
            prompts.inform(self, "下载导入模板", f"已保存导入模板：\n{p}\n按模板填写后用“导入花名册”导入。")

        self._run(work, "下载导入模板", "正在生成模板…", done)

    def open_settings(self) -> None:
        from desktop.ui.dialogs.settings_dialog import SettingsDialog

        SettingsDialog(self.db, self).exec()
        # Units may have been renamed, moved or retired: refresh the pickers and the unit column.
        self.roster.reload_units()
        self.roster.after_change()
        self.protection.reload_units()
        self.protection.after_change()
        self.condolence.reload_units()

    def open_rules(self) -> None:
        from desktop.ui.dialogs.rules_dialog import RulesDialog

        if RulesDialog.ask(self, self.db):
            self.protection.after_change()  # every date may follow the new rule values

    def open_condolence_standards(self) -> None:
        from desktop.ui.dialogs.condolence_standards_dialog import StandardsDialog

        StandardsDialog.ask(self, self.db)

    def open_holidays(self) -> None:
        from desktop.ui.dialogs.exam_dialogs import HolidayDialog

        HolidayDialog.ask(self, self.db)

    def about(self) -> None:
        prompts.inform(self, "关于", f"{prefs.DISPLAY_NAME}\n版本 {__version__}\n\n数据文件：{self.db.path}\n"
                                   "离线运行，数据只保存在本机的数据文件中。")

    def _run(self, fn: object, title: str, label: str, on_success: object) -> None:
        self.roster.run_task(fn, title=title, label=label, on_success=on_success,  # type: ignore[arg-type]
                             cancellable=False)

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
            if not prompts.confirm(self, "退出", "还有操作正在进行。取消它并退出？", ok="取消操作并退出",
                                   cancel="继续等待"):
                event.ignore()
                return
            for task in running:
                task.cancel()
            tasks.wait_all()
        self.roster.save_state()
        self.protection.save_state()
        self.condolence.save_state()
        self.exams.save_state()
        self.activities.save_state()
        prefs.settings().setValue("window/geometry", self.saveGeometry())
        self.db.close()
        super().closeEvent(event)
