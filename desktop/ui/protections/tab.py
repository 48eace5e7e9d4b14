"""四期保护: the women in a protection period on the 统计日期 — toolbar, filter bar, the ledger with its
岗位冲突 and 近期提醒 lists, and a detail pane with every date's reason (design.md "Screen shape").

The toolbar's steps act on the selected case, whichever list it was selected in; the handlers live in
protection_actions so this module stays about layout and selection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QByteArray, QDate, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.progress import Job
from desktop.services import office
from desktop.services.database import Database
from desktop.services.office import UnitNode
from desktop.services.protections import cases as protections
from desktop.services.protections import ledger as protection_ledger
from desktop.services.protections.conflicts import Conflict
from desktop.services.protections.ledger import STATE_CHOICES, CaseRow
from desktop.services.reminders import Reminder
from desktop.ui import prefs, prompts, tasks
from desktop.ui.protections import actions
from desktop.ui.protections import columns as cols
from desktop.ui.protections.lists import ConflictsPage, ListQuery, RemindersPage
from desktop.ui.widgets.detail_pane import DetailPane, DetailRow, DetailSection
from desktop.ui.widgets.filter_bar import ComboFilter, FilterBar, UnitFilter
from desktop.ui.widgets.lazy_table import LazyTableView

EMPTY = "目前没有处于四期的女职工 — 点“登记怀孕”开始"
EMPTY_FILTERED = "没有符合筛选条件的女职工 — 点“清除筛选”查看全部"
LEDGER, CONFLICTS, REMINDERS = 0, 1, 2
PAGE_TITLES = ("四期台账", "岗位冲突", "近期提醒")


@dataclass(frozen=True)
class LedgerQuery:
    on: date
    state: str | None
    unit_id: int | None
    text: str


class ProtectionTab(QWidget):
    changed = Signal()  # a case was registered, recorded, edited or archived

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.last_task: tasks.Task | None = None
        self.preview: QWidget | None = None
        self.current_row: CaseRow | None = None
        self._reloading = False  # three lists reset in turn; the detail pane is redrawn once, after them
        self._units: list[UnitNode] = []
        self._unit_paths: dict[int, str] = {}
        self._build_toolbar()

        self.filter_bar = FilterBar(
            [UnitFilter(self._load_units), ComboFilter("state", "状态", tuple(STATE_CHOICES.items()))],
            placeholder="搜索姓名、身份证号、岗位",
            count_format="共 {n} 人",
        )
        self.filter_bar.bind_find_shortcut(self)
        self.filter_bar.changed.connect(lambda _v: self.apply_filter())

        self.model = cols.AlertTableModel(
            cols.COLUMNS,
            ids=self._ids,
            rows=self._rows,
            row_id=lambda r: r.case_id,
            default_sort="unit",
            alert=cols.ledger_alert,
            parent=self,
        )
        # The column shows the unit's label (克一河林场/管护一组); its tooltip the whole path with the company.
        self.model.adjust_column("unit", cell_tip=lambda r: self._unit_paths.get(r.unit_id, r.unit_name))
        self.view = LazyTableView(self.model, layout_key="protection", empty_text=EMPTY)
        self.view.activated.connect(lambda _i: actions.edit(self))
        self.conflicts = ConflictsPage(db)
        self.conflicts.kind.currentIndexChanged.connect(lambda _i: self._load_conflicts())
        self.conflicts.activated.connect(lambda c: actions.reassign(self) if c and c.case_id else None)
        self.reminders = RemindersPage(db, self.on)
        self.reminders.days.valueChanged.connect(lambda _v: self._load_reminders())
        self.reminders.activated.connect(lambda r: actions.edit(self) if r else None)
        for view in (self.view, self.conflicts.view, self.reminders.view):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, v=view: self._context_menu(v, pos))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.model.modelReset.connect(self._selection_changed)
        self.conflicts.selected.connect(lambda _c: self._selection_changed())
        self.reminders.selected.connect(lambda _r: self._selection_changed())

        self.pages = QTabWidget()
        pages: tuple[QWidget, ...] = (self.view, self.conflicts, self.reminders)
        for page, title in zip(pages, PAGE_TITLES, strict=True):
            self.pages.addTab(page, title)
        self.pages.setTabToolTip(CONFLICTS, "处于孕期、哺乳期的女职工所在岗位有禁忌作业或夜班/加班")
        self.pages.setTabToolTip(REMINDERS, "统计日期起未来若干天内的关键日期")
        self.pages.currentChanged.connect(lambda _i: self._selection_changed())

        self.detail = DetailPane(empty_text="选中一名女职工，这里显示她的各项日期及计算依据、岗位问题和登记记录")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([1000, 320])
        state = prefs.settings().value("protection/splitter")
        if isinstance(state, QByteArray | bytes):
            self.splitter.restoreState(state)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addLayout(self.date_row)
        lay.addWidget(self.filter_bar)
        lay.addWidget(self.splitter, 1)
        self.apply_filter()

    # -- building ------------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        def act(text: str, slot: Callable[[ProtectionTab], Any], tip: str, key: QKeySequence | None = None) -> QAction:
            action = QAction(text, self)
            action.triggered.connect(lambda _c=False: slot(self))
            if key is not None:
                action.setShortcut(key)
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # this tab only
                self.addAction(action)
                tip += f"（{key.toString(QKeySequence.SequenceFormat.NativeText)}）"
            action.setToolTip(tip)
            return action

        self.act_register = act(
            "登记怀孕", actions.register, "为一名在册女职工登记怀孕", QKeySequence(QKeySequence.StandardKey.New)
        )
        self.act_delivery = act("记录分娩", actions.delivery, "记录分娩日期、婴儿数和是否难产，产假随即重算")
        self.act_miscarriage = act("记录流产", actions.miscarriage, "记录流产日期，按怀孕月数计算流产假")
        self.act_leave = act("产假开始", actions.leave_start, "记录实际开始休产假的日期")
        self.act_return = act("返岗", actions.return_to_work, "记录产假或流产假后实际返岗的日期")
        self.act_reassign = act("调岗", actions.reassign, "记录调整到的岗位及其作业条件，消除岗位冲突")
        self.act_stop = act("停止哺乳", actions.stop_lactation, "哺乳期未满即停止哺乳时记录最后哺乳日")
        self.act_edit = act("编辑", actions.edit, "修改选中的登记的全部内容（双击或按回车）")
        self.act_archive = act("归档", actions.archive, "把误登或已离开的登记移出台账（保留记录，不删除）")
        self.act_recalc = act(
            "重新计算",
            actions.recalculate,
            "规则追溯变更时她的产假已开始、保留了原规则：按现行规则重新计算，变更记入历史",
        )
        self.act_export = act("导出", actions.start_export, "把当前台账导出为 Excel")
        self.act_print = act(
            "打印台账",
            actions.start_print_ledger,
            "打印女职工四期保护台账（当前筛选）",
            QKeySequence(QKeySequence.StandardKey.Print),
        )
        self.act_notice = act("打印告知单", actions.start_print_notice, "打印选中女职工的四期保护告知单")
        self.case_actions = [
            self.act_delivery,
            self.act_miscarriage,
            self.act_leave,
            self.act_return,
            self.act_reassign,
            self.act_stop,
            self.act_edit,
            self.act_archive,
            self.act_notice,
            self.act_recalc,
        ]
        self.toolbar = QToolBar("四期保护")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self._menu_actions():
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        self.on_edit = QDateEdit(QDate.currentDate())
        self.on_edit.setCalendarPopup(True)
        self.on_edit.setDisplayFormat("yyyy-MM-dd")
        self.on_edit.setToolTip("台账、冲突和提醒都按这一天计算；查看过去或将来某天的情况时修改")
        self.on_edit.dateChanged.connect(lambda _d: self.apply_filter())
        label = QLabel("统计日期 ")
        label.setBuddy(self.on_edit)
        today = QToolButton()
        today.setText("今天")
        today.setToolTip("统计日期回到今天")
        today.clicked.connect(lambda: self.set_on(date.today()))
        # The date sits beside the toolbar, not in it: at 特大 a full toolbar folds its end into "»", and the
        # day every list is counted on must stay in sight.
        self.date_row = QHBoxLayout()
        self.date_row.setContentsMargins(0, 0, 0, 0)
        self.date_row.addWidget(self.toolbar, 1)
        self.date_row.addWidget(label)
        self.date_row.addWidget(self.on_edit)
        self.date_row.addWidget(today)

    def _menu_actions(self) -> list[QAction | None]:
        return [
            self.act_register,
            self.act_delivery,
            self.act_miscarriage,
            self.act_leave,
            self.act_return,
            self.act_reassign,
            self.act_stop,
            None,
            self.act_edit,
            self.act_recalc,
            self.act_archive,
            None,
            self.act_export,
            self.act_print,
            self.act_notice,
        ]

    def context_menu(self) -> QMenu:
        """The toolbar again, under the right mouse button."""
        menu = QMenu(self)
        for action in self._menu_actions():
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def _context_menu(self, view: LazyTableView, pos: QPoint) -> None:
        self.context_menu().exec(view.viewport().mapToGlobal(pos))

    # -- data ----------------------------------------------------------------------------------------
    def on(self) -> date:
        day = self.on_edit.date()
        return date(day.year(), day.month(), day.day())

    def set_on(self, day: date) -> None:
        self.on_edit.setDate(QDate(day.year, day.month, day.day))

    def _load_units(self) -> list[UnitNode]:
        with self.db.read() as s:
            self._units = office.unit_tree(s)
        self._unit_paths = {u.id: u.path for u in self._units}
        return self._units

    def _ids(self, query: LedgerQuery, sort: str, descending: bool) -> list[int]:
        with self.db.read() as s:
            return protection_ledger.case_ids(
                s, query.on, state=query.state, unit_id=query.unit_id, text=query.text, sort=sort, descending=descending
            )

    def _rows(self, ids: list[int]) -> list[CaseRow]:
        with self.db.read() as s:
            return protection_ledger.fetch_case_rows(s, ids, self.model.query.on)

    def current_query(self) -> LedgerQuery:
        v = self.filter_bar.values()
        return LedgerQuery(on=self.on(), state=v["state"], unit_id=v["unit_id"], text=v["text"])

    def _list_query(self, option: Any) -> ListQuery:
        q = self.current_query()
        return ListQuery(on=q.on, unit_id=q.unit_id, text=q.text, option=option)

    def apply_filter(self) -> None:
        self._reloading = True
        try:
            self.model.set_query(self.current_query())
            self._load_conflicts()
            self._load_reminders()
        finally:
            self._reloading = False
        self._after_query()
        self._selection_changed()

    def _load_conflicts(self) -> None:
        self.conflicts.load(self._list_query(self.conflicts.option()))
        self._retitle()

    def _load_reminders(self) -> None:
        self.reminders.load(self._list_query(self.reminders.option()))
        self._retitle()

    def _retitle(self) -> None:
        for n, count in (
            (LEDGER, self.model.rowCount()),
            (CONFLICTS, self.conflicts.count()),
            (REMINDERS, self.reminders.count()),
        ):
            self.pages.setTabText(n, f"{PAGE_TITLES[n]}（{count}）")
        # Red while a woman works where she must not; the long rotation-planning list alone stays plain.
        urgent = any(c.kind != "menstruation" for c in self.conflicts.items())
        self.pages.tabBar().setTabTextColor(CONFLICTS, QColor(cols.ALERT) if urgent else QColor())

    def _after_query(self) -> None:
        self.filter_bar.set_result_count(self.model.rowCount())
        self.view.set_empty_text(EMPTY_FILTERED if self.filter_bar.is_filtered() else EMPTY)
        self._retitle()

    def after_change(self, select_id: int | None = None) -> None:
        """Re-read every list after a change; keep the changed case in view and in the detail pane."""
        self._reloading = True
        try:
            self.model.refresh()
            self._load_conflicts()
            self._load_reminders()
            if select_id is not None and self.pages.currentIndex() == LEDGER:
                self.view.set_current_id(select_id)
        finally:
            self._reloading = False
        self._after_query()
        self._selection_changed()
        if select_id is not None and self.current_case_id() is None:
            self.show_case(select_id)  # e.g. a resolved conflict left its list
        self.changed.emit()

    def reload_units(self) -> None:
        self.filter_bar.reload_units()

    # -- selection and detail ------------------------------------------------------------------------
    def current_item(self) -> CaseRow | Conflict | Reminder | None:
        page = self.pages.currentIndex()
        if page == CONFLICTS:
            return self.conflicts.current()
        if page == REMINDERS:
            return self.reminders.current()
        rid = self.view.current_id()
        row_no = self.model.row_of(rid) if rid is not None else None
        return self.model.record(row_no) if row_no is not None else None

    def current_case_id(self) -> int | None:
        item = self.current_item()
        if isinstance(item, CaseRow):
            return item.case_id
        if isinstance(item, Conflict):
            return item.case_id
        if isinstance(item, Reminder):
            return item.ref_id
        return None

    def _selection_changed(self) -> None:
        if self._reloading:
            return
        item = self.current_item()
        case_id = self.current_case_id()
        if case_id is not None:
            self.show_case(case_id, item if isinstance(item, CaseRow) else None)
        elif isinstance(item, Conflict):
            self.current_row = None
            self._show_conflict(item)
        else:
            self.current_row = None
            self.detail.show_empty()
        self._update_actions()

    def show_case(self, case_id: int, row: CaseRow | None = None) -> None:
        on = self.on()
        with self.db.read() as s:
            if row is None:
                found = protection_ledger.fetch_case_rows(s, [case_id], on)
                row = found[0] if found else None
            if row is None:
                self.current_row = None
                self.detail.show_empty("这条登记已归档或其职工已不在册")
                self._update_actions()
                return
            others_ids = [i for i in protections.worker_case_ids(s, row.worker_id) if i != case_id]
            others = protection_ledger.fetch_case_rows(s, others_ids, on)
            history = cols.case_history(protections.case_history(s, case_id))
        self.current_row = row
        self.detail.show_record(row.name, cols.detail_sections(row, on, self._unit_paths, others), history)
        self._update_actions()

    def _show_conflict(self, c: Conflict) -> None:
        rows = [DetailRow("单位", c.unit), DetailRow("岗位", c.post, f"危害条件：{c.conditions}")]
        rows += [DetailRow("原因", r) for r in c.reasons]
        notes = [DetailRow("怎么办", "安排轮岗时避开经期", "调整她的岗位或作业条件，请在“职工名册”中编辑该职工")]
        if c.kind == "menstruation":
            from desktop.services.contracts.contracts import menstrual_leave_on

            with self.db.read() as s:
                leave = menstrual_leave_on(s, self.on())  # a 专项集体合同 granting more days wins (#19)
            if leave.value:
                notes.append(DetailRow("经期假", f"每月{leave.value}天", leave.reason or "规则数据（设置 → 规则数据）"))
        self.detail.show_record(c.name, [DetailSection(c.kind_label, rows), DetailSection("说明", notes)])

    def _update_actions(self) -> None:
        r = self.current_row
        live = r is not None and r.timeline is not None
        open_pregnancy = live and r is not None and r.delivery is None and r.miscarriage is None
        for action in self.case_actions:
            action.setEnabled(r is not None)
        self.act_delivery.setEnabled(open_pregnancy)
        self.act_miscarriage.setEnabled(open_pregnancy)
        self.act_leave.setEnabled(live and r is not None and r.miscarriage is None)
        self.act_return.setEnabled(live and r is not None and (r.delivery is not None or r.miscarriage is not None))
        self.act_reassign.setEnabled(live)
        self.act_stop.setEnabled(live and r is not None and r.delivery is not None)
        self.act_recalc.setEnabled(r is not None and r.frozen_rules is not None)

    # -- background work -----------------------------------------------------------------------------
    def run_task(self, fn: Callable[[Job], Any], **kw: Any) -> tasks.Task | None:
        """One file operation at a time, as on the roster tab."""
        if tasks.running():
            prompts.inform(self, kw.get("title", "请稍候"), "上一项操作还没有完成，请等它结束后再试。")
            return None
        self.last_task = tasks.Task(self, fn, **kw).start()
        return self.last_task

    def save_state(self) -> None:
        for view in (self.view, self.conflicts.view, self.reminders.view):
            view.save_layout()
        prefs.settings().setValue("protection/splitter", self.splitter.saveState())
