"""职工名册: the roster of workers — toolbar, filter bar, lazy table and detail pane (design.md "Screen shape")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QSplitter, QToolBar, QVBoxLayout, QWidget

from desktop.core import enums
from desktop.core.progress import Job
from desktop.services import audit, office
from desktop.services.database import Database
from desktop.services.office import UnitNode
from desktop.services.roster import workers
from desktop.services.roster.profile import worker_profile
from desktop.services.roster.workers import WorkerFilter, WorkerRow
from desktop.ui import prefs, prompts, tasks
from desktop.ui.roster import columns as roster_columns
from desktop.ui.roster import io_actions as roster_io
from desktop.ui.roster import next_step as roster_next_step
from desktop.ui.roster.worker_dialog import WorkerDialog
from desktop.ui.widgets.detail_pane import DetailPane, DetailRow, DetailSection, history_lines
from desktop.ui.widgets.filter_bar import AgeFilter, ComboFilter, FilterBar, UnitFilter
from desktop.ui.widgets.lazy_table import LazyTableModel, LazyTableView
from desktop.ui.widgets.next_step import NextStepBar

EMPTY_ROSTER = "还没有职工 — 点“导入”从 Excel 花名册导入，或点“新增”逐个录入"
EMPTY_FILTERED = "没有符合筛选条件的职工 — 点“清除筛选”查看全部"
EMPTY_ARCHIVE = "归档中没有职工"
NAMES_SHOWN = 10  # a confirmation names this many people, then "等 N 人"


class RosterTab(QWidget):
    changed = Signal()  # workers were added, edited, archived or imported: the status bar recounts
    units_changed = Signal()  # units were set up from the empty roster's 首次设置: other tabs' pickers reload

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.archive_mode = False
        self.last_task: tasks.Task | None = None
        self.preview: QWidget | None = None
        self._units: list[UnitNode] = []
        self._unit_paths: dict[int, str] = {}
        self._build_actions()

        self.filter_bar = FilterBar(
            [
                UnitFilter(self._load_units),
                ComboFilter("sex", "性别", tuple(enums.SEX.items())),
                ComboFilter("status", "状态", tuple(enums.WORKER_STATUS.items())),
                ComboFilter("employment_type", "用工形式", tuple(enums.EMPLOYMENT_TYPE.items())),
                AgeFilter(),
            ],
            placeholder="搜索姓名、身份证号、电话",
            count_format="共 {n} 人",
        )
        self.filter_bar.bind_find_shortcut(self)
        self.filter_bar.changed.connect(lambda _v: self.apply_filter())

        self.model: LazyTableModel[WorkerRow] = LazyTableModel(
            roster_columns.COLUMNS, ids=self._ids, rows=self._rows, muted=roster_columns.is_muted, parent=self
        )
        # The column shows the unit's label (克一河林场/管护一组); its tooltip the whole path with the company.
        self.model.adjust_column("unit", cell_tip=lambda r: self._unit_paths.get(r.unit_id, r.unit_name))
        self.view = LazyTableView(self.model, layout_key="roster", empty_text=EMPTY_ROSTER)
        self.view.activated.connect(lambda _i: self.edit())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.model.modelReset.connect(self._selection_changed)

        self.detail = DetailPane(empty_text="选中一名职工，这里显示完整信息和修改记录")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([1000, 300])
        state = prefs.settings().value("roster/splitter")
        if isinstance(state, QByteArray | bytes):
            self.splitter.restoreState(state)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.filter_bar)
        self.next_step = NextStepBar()  # an empty roster says what to do next (roster_next_step)
        lay.addWidget(self.next_step)
        lay.addWidget(self.splitter, 1)
        self.apply_filter()

    # -- building ------------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def act(text: str, slot: Callable[[], Any], key: QKeySequence | None = None, tip: str = "") -> QAction:
            action = QAction(text, self)
            action.triggered.connect(lambda _c=False: slot())
            if key is not None:
                action.setShortcut(key)
                # Other tabs use the same keys for their own records, so a key works in its own tab only.
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(action)
            action.setToolTip(
                f"{tip or text}（{key.toString(QKeySequence.SequenceFormat.NativeText)}）"
                if key is not None
                else tip or text
            )
            return action

        self.act_new = act("新增", self.add, QKeySequence(QKeySequence.StandardKey.New), "新增一名职工")
        self.act_edit = act("编辑", self.edit, tip="编辑选中的职工（双击或按回车）")
        self.act_archive = act("归档", self.archive, tip="把选中的职工移出名册（可恢复，不会删除）")
        self.act_restore = act("恢复", self.restore, tip="把选中的职工恢复到名册")
        self.act_import = act("导入", lambda: roster_io.start_import(self), tip="从 Excel 花名册导入职工")
        self.act_export = act("导出", lambda: roster_io.start_export(self), tip="把当前列表导出为 Excel")
        self.act_print = act(
            "打印", lambda: roster_io.start_print(self), QKeySequence(QKeySequence.StandardKey.Print), "打印当前列表"
        )
        self.act_archived = QAction("查看归档", self)
        self.act_archived.setCheckable(True)
        self.act_archived.setToolTip("切换到已归档的职工（可在其中恢复）")
        self.act_archived.toggled.connect(self.set_archive_mode)
        self.toolbar = QToolBar("职工名册")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.act_new,
            self.act_edit,
            self.act_archive,
            self.act_restore,
            None,
            self.act_import,
            self.act_export,
            self.act_print,
            None,
            self.act_archived,
        ):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        self.act_restore.setVisible(False)

    def context_menu(self) -> QMenu:
        """The toolbar again, under the right mouse button."""
        menu = QMenu(self)
        for action in (
            self.act_new,
            self.act_edit,
            self.act_archive,
            self.act_restore,
            None,
            self.act_import,
            self.act_export,
            self.act_print,
        ):
            if action is None:
                menu.addSeparator()
            elif action.isVisible():
                menu.addAction(action)
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        self.context_menu().exec(self.view.viewport().mapToGlobal(pos))

    # -- data ----------------------------------------------------------------------------------------
    def _load_units(self) -> list[UnitNode]:
        with self.db.read() as s:
            self._units = office.unit_tree(s)
        self._unit_paths = {u.id: u.path for u in self._units}
        return self._units

    def _ids(self, flt: WorkerFilter, sort: str, descending: bool) -> list[int]:
        with self.db.read() as s:
            return workers.worker_ids(s, flt, sort=sort, descending=descending)

    def _rows(self, ids: list[int]) -> list[WorkerRow]:
        with self.db.read() as s:
            return workers.fetch_rows(s, ids)

    def current_filter(self) -> WorkerFilter:
        v = self.filter_bar.values()
        return WorkerFilter(
            text=v["text"],
            unit_id=v["unit_id"],
            sex=v["sex"],
            status=v["status"],
            employment_type=v["employment_type"],
            age_min=v["age_min"],
            age_max=v["age_max"],
            archived=self.archive_mode,
        )

    def apply_filter(self) -> None:
        self.model.set_query(self.current_filter())
        self._after_query()

    def _after_query(self) -> None:
        n = self.model.rowCount()
        self.filter_bar.set_result_count(n)
        if self.archive_mode:
            self.view.set_empty_text(EMPTY_ARCHIVE)
        else:
            self.view.set_empty_text(EMPTY_FILTERED if self.filter_bar.is_filtered() else EMPTY_ROSTER)
        roster_next_step.update(self)

    def after_change(self, select_id: int | None = None) -> None:
        """Re-query after a change (the row may move or leave the filter) and tell the window to recount."""
        self.model.refresh()
        if select_id is not None:
            self.view.set_current_id(select_id)
        self._after_query()
        self._selection_changed()
        self.changed.emit()

    def reload_units(self) -> None:
        self.filter_bar.reload_units()

    def set_archive_mode(self, on: bool) -> None:
        self.archive_mode = on
        self.act_archive.setVisible(not on)
        self.act_restore.setVisible(on)
        self.act_new.setEnabled(not on)
        self.act_import.setEnabled(not on)
        if self.act_archived.isChecked() != on:
            self.act_archived.setChecked(on)
        self.apply_filter()

    # -- selection and detail ------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        ids = self.view.selected_ids()
        one = len(ids) == 1
        self.act_edit.setEnabled(one and not self.archive_mode)
        self.act_archive.setEnabled(bool(ids))
        self.act_restore.setEnabled(bool(ids))
        self.show_detail(self.view.current_id() if ids else None)

    def show_detail(self, worker_id: int | None) -> None:
        row_no = self.model.row_of(worker_id) if worker_id is not None else None
        row = self.model.record(row_no) if row_no is not None else None
        if row is None:
            self.detail.show_empty()
            return
        with self.db.read() as s:
            entries = audit.history(s, "worker", row.id)
            lines = history_lines(
                entries, labels=roster_columns.HISTORY_LABELS, formats=roster_columns.history_formats(self._unit_paths)
            )
            # Other areas (four-period cases, exams, visits, honours) add their own sections.
            extra = [
                DetailSection(sec.title, [DetailRow(ln.label, ln.value, ln.reason) for ln in sec.lines])
                for sec in worker_profile(s, row.id)
            ]
        sections = roster_columns.detail_sections(row, self._unit_paths) + extra
        self.detail.show_record(row.name, sections, lines)

    def _names(self, ids: list[int]) -> str:
        names: list[str] = []
        for wid in ids[:NAMES_SHOWN]:
            row_no = self.model.row_of(wid)
            rec = self.model.record(row_no) if row_no is not None else None
            names.append(rec.name if rec else str(wid))
        more = f" 等 {len(ids)} 人" if len(ids) > NAMES_SHOWN else ""
        return "、".join(names) + more

    # -- actions -------------------------------------------------------------------------------------
    def add(self) -> None:
        if self.archive_mode:
            return
        new_id = WorkerDialog.ask(self, self.db)
        if new_id is not None:
            if self.filter_bar.is_filtered():
                # A new person who does not match the filter would seem to vanish; show everyone.
                self.filter_bar.clear()
            self.after_change(new_id)

    def edit(self) -> None:
        worker_id = self.view.current_id()
        if worker_id is None or self.archive_mode:
            return
        if WorkerDialog.ask(self, self.db, worker_id) is not None:
            self.after_change(worker_id)

    def archive(self) -> None:
        self._set_archived(True)

    def restore(self) -> None:
        self._set_archived(False)

    def _set_archived(self, archived: bool) -> None:
        ids = self.view.selected_ids()
        if not ids:
            return
        verb = "归档" if archived else "恢复"
        then = (
            "归档后他们不再出现在名册和统计中，资料和记录都保留，可在“查看归档”中恢复。"
            if archived
            else "恢复后他们重新出现在名册中。"
        )
        if not prompts.confirm(
            self, f"{verb}职工", f"{verb}以下 {len(ids)} 名职工？\n\n{self._names(ids)}\n\n{then}", ok=verb
        ):
            return
        try:
            with self.db.write() as s:
                workers.set_archived(s, ids, archived=archived, actor=self.db.actor)
        except Exception as exc:  # shown to the clerk; nothing was written
            prompts.show_error(self, f"{verb}职工", exc)
            return
        self.after_change()

    def run_task(self, fn: Callable[[Job], Any], **kw: Any) -> tasks.Task | None:
        """One file operation at a time: a second import while the first still writes would only wait."""
        if tasks.running():
            prompts.inform(self, kw.get("title", "请稍候"), "上一项操作还没有完成，请等它结束后再试。")
            return None
        self.last_task = tasks.Task(self, fn, **kw).start()
        return self.last_task

    def save_state(self) -> None:
        self.view.save_layout()
        prefs.settings().setValue("roster/splitter", self.splitter.saveState())
