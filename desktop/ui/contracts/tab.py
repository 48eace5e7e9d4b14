"""专项集体合同: the office's contracts (list), the selected one's parties, term, signed file and clauses
(detail), and its yearly 履行检查 with a year picker, the printed 检查表 and the Excel sheet.

Contracts are few (one every three years), so the lists are short lists read whole from the service. The yearly
check counts a few aggregates — 130–230 ms on a 20,000-worker demo file, measured — so it is read on a pool thread
(ui/background.Loader: no progress dialog, a newer year supersedes an older read); printing and exporting go
through the background tasks like every other tab.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core import special_contracts
from desktop.core.dates import format_date
from desktop.core.errors import DomainError
from desktop.services.contracts import contracts as contract_service
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.activities import io_actions
from desktop.ui.area_tab import NoUnitPickers
from desktop.ui.background import Loader
from desktop.ui.contracts.dialogs import ClauseDialog, ContractDialog
from desktop.ui.widgets.detail_pane import DetailPane, DetailRow, DetailSection, HistoryLine, history_lines
from desktop.ui.widgets.lazy_table import Column
from desktop.ui.widgets.short_list import ShortListModel, ShortListView
from desktop.ui.widgets.toolbar import SEPARATOR, Action, build_toolbar

EMPTY = "还没有专项集体合同 — 点“新增合同”，录入合同期限、双方和条款"
FIELD_LABELS = {
    "title": "合同名称",
    "status": "状态",
    "term_start": "期限起",
    "term_end": "期限止",
    "signed_on": "签订日期",
    "union_party": "工会方",
    "union_rep": "工会方代表",
    "company_party": "企业方",
    "company_rep": "企业方代表",
    "notes": "备注",
    "file_name": "签订文本",
}
CLAUSE_LABELS = {
    "kind": "类别",
    "article": "条款序号",
    "value": "约定数值",
    "unit": "单位",
    "target_percent": "达标比例",
    "text": "条款原文",
}
VERDICT_COLOURS = {"met": "#1b5e20", "not_met": "#b00020", "no_data": "#555555", "manual": "#8a5a00"}
DETAIL, CHECK = 0, 1


def _contract_tip(c: contract_service.ContractRow) -> str:
    return f"{c.title}\n{c.status_label}，{c.term_text}"


def _clause_tip(r: contract_service.ClauseRow) -> str:
    return r.text or r.promise


CONTRACT_COLUMNS: list[Column[contract_service.ContractRow]] = [
    Column("title", "合同名称", lambda c: c.title, cell_tip=_contract_tip),
    Column(
        "status",
        "状态",
        lambda c: c.status_label + ("\n生效中" if c.in_force_today else ""),
        cell_tip=_contract_tip,
    ),
    Column("term", "期限", lambda c: f"{c.term_start.isoformat()}\n{c.term_end.isoformat()}", cell_tip=_contract_tip),
]
CLAUSE_COLUMNS: list[Column[contract_service.ClauseRow]] = [
    Column("article", "条款", lambda r: r.article or "—", cell_tip=_clause_tip),
    Column("kind", "类别", lambda r: r.kind_label, cell_tip=_clause_tip),
    Column("promise", "合同约定", lambda r: r.promise, cell_tip=_clause_tip),
]


def _list(model: ShortListModel[Any], stretch: str, *, select_first: bool) -> ShortListView:
    """A handful of rows as wide as their text, long text wrapping in its row (a title, a clause)."""
    return ShortListView(model, select_first=select_first, single=True, stretch=stretch, fit_contents=True, wrap=True)


def _table(headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], tips: list[str] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tips[r] if tips else text)
            table.setItem(r, c, item)
    table.resizeRowsToContents()


class ContractTab(NoUnitPickers, QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.last_task: Any = None
        self.contract_model: ShortListModel[contract_service.ContractRow] = ShortListModel(
            CONTRACT_COLUMNS, load=self._read_contracts, parent=self
        )
        self.clause_model: ShortListModel[contract_service.ClauseRow] = ShortListModel(
            CLAUSE_COLUMNS, load=self._read_clauses, parent=self
        )
        self.result: contract_service.ContractCheck | None = None
        self.loader = Loader(self)

        self._build_toolbar()
        left = self._list_pane()
        detail_page = self._detail_page()

        self.check_page = self._build_check_page()
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(detail_page, "合同与条款")
        self.pages.addTab(self.check_page, "履行检查")
        self.pages.currentChanged.connect(lambda i: self.run_check() if i == CHECK else None)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.pages)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([380, 950])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.toolbar)
        lay.addWidget(split, 1)
        self.reload()

    def _build_toolbar(self) -> None:
        """The contract, signed-file and clause actions, kept by key in self.actions_ for _enable."""
        self.toolbar, self.actions_ = build_toolbar(
            self,
            "专项集体合同",
            [
                Action("new", "新增合同", self.add),
                Action("edit", "编辑合同", self.edit),
                Action("archive", "归档合同", self.archive),
                SEPARATOR,
                Action("attach", "上传签订文本", self.attach),
                Action("download", "下载签订文本", self.download),
                SEPARATOR,
                Action("clause_new", "新增条款", self.add_clause),
                Action("clause_edit", "编辑条款", self.edit_clause),
                Action("clause_archive", "归档条款", self.archive_clause),
            ],
        )

    def _list_pane(self) -> QWidget:
        """The scope (in use or archived) above the contracts, with the note shown when there are none."""
        self.scope = QComboBox()
        self.scope.addItem("在用的合同", False)
        self.scope.addItem("已归档的合同", True)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        scope_row = QHBoxLayout()
        scope_row.addWidget(QLabel("范围"))
        scope_row.addWidget(self.scope)
        scope_row.addStretch(1)

        self.list = _list(
            self.contract_model, "title", select_first=True
        )  # a title wraps in its row rather than "阿里河…"
        self.list.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.list.doubleClicked.connect(lambda _i: self.edit())
        self.empty = QLabel(EMPTY)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color:#555")
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addLayout(scope_row)
        left_lay.addWidget(self.list, 1)
        left_lay.addWidget(self.empty)
        return left

    def _detail_page(self) -> QSplitter:
        """The selected contract's detail above its clauses."""
        self.detail = DetailPane(empty_text="选中一份合同查看双方、期限和条款")
        self.clauses = _list(self.clause_model, "promise", select_first=False)
        self.clauses.doubleClicked.connect(lambda _i: self.edit_clause())
        self.clauses.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        detail_page = QSplitter(Qt.Orientation.Vertical)
        detail_page.addWidget(self.detail)
        detail_page.addWidget(self.clauses)
        detail_page.setSizes([300, 260])
        return detail_page

    def _build_check_page(self) -> QWidget:
        page = QWidget()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _v: self.run_check())
        bar = QToolBar("履行检查")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addWidget(QLabel("检查年度 "))
        bar.addWidget(self.year)
        for key, text, slot in (
            ("recheck", "刷新检查结果", self.run_check),
            ("print", "打印检查表", self.print_check),
            ("export", "导出Excel", self.export_check),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _c=False, f=slot: f())
            bar.addAction(action)
            self.actions_[key] = action
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.results = _table(["条款", "合同约定", "实际情况", "结论", "依据与说明"], 4)
        # The promise wraps in a column of its own width, leaving the room to the explanation.
        self.results.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.results.setColumnWidth(1, self.fontMetrics().horizontalAdvance("中") * 14)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addWidget(bar)
        lay.addWidget(self.summary)
        lay.addWidget(self.results, 1)
        return page

    # -- reading ---------------------------------------------------------------------------------------------
    def archived_scope(self) -> bool:
        return bool(self.scope.currentData())

    def reload(self, select_id: int | None = None) -> None:
        self.contract_model.set_query(self.archived_scope())  # keeps the contract selected (or the first)
        if select_id is not None:
            self.list.set_current_id(select_id)
        self.empty.setVisible(not self.contracts and not self.archived_scope())
        self.actions_["archive"].setText("恢复合同" if self.archived_scope() else "归档合同")
        self._selected()

    @property
    def contracts(self) -> list[contract_service.ContractRow]:
        """The contracts listed, in their order."""
        return self.contract_model.items()

    def _read_contracts(self, archived: bool) -> list[contract_service.ContractRow]:
        with self.db.read() as s:
            return contract_service.list_contracts(s, archived=archived, today=self.today())

    def _read_clauses(self, contract_id: int | None) -> list[contract_service.ClauseRow]:
        if contract_id is None:
            return []
        with self.db.read() as s:
            return contract_service.clauses(s, contract_id)

    def select(self, contract_id: int) -> bool:
        """Select a contract of the list shown (the 工作台 opens a reminder's contract this way)."""
        return self.list.set_current_id(contract_id) and self.current_id() == contract_id

    def current_id(self) -> int | None:
        row = self.current()
        return row.id if row else None

    def current(self) -> contract_service.ContractRow | None:
        return self.contract_model.item(self.list.current_id())

    def current_clause(self) -> contract_service.ClauseRow | None:
        return self.clause_model.item(self.clauses.current_id())

    def _selected(self) -> None:
        c = self.current()
        self.clause_model.set_query(c.id if c is not None else None)
        if c is None:
            self.detail.show_empty()
        else:
            with self.db.read() as s:
                entries = contract_service.contract_history(s, c.id)
            self.detail.show_record(c.title, self._sections(c), [self._history(e, clause) for e, clause in entries])
        self._enable()
        if self.pages.currentIndex() == CHECK:
            self.run_check()

    @staticmethod
    def _history(entry: Any, clause: str) -> HistoryLine:
        line = history_lines(
            [entry],
            labels=FIELD_LABELS if not clause else CLAUSE_LABELS,
            formats={
                "status": lambda v: special_contracts.STATUS.get(v, v),
                "kind": lambda v: special_contracts.CLAUSE_KINDS.get(v, v),
            },
        )[0]
        what = "上传签订文本" if entry.action == "attach" else line.what
        return replace(line, what=f"条款（{clause}）{what}" if clause else what)

    def _sections(self, c: contract_service.ContractRow) -> list[DetailSection]:
        in_force = "今天在合同期内，条款约定严于法规的，计算时从严" if c.in_force_today else ""
        rows = [
            DetailRow("状态", c.status_label, in_force),
            DetailRow("合同期限", c.term_text),
            DetailRow("签订日期", format_date(c.signed_on) if c.signed_on else "未填"),
            DetailRow("工会方", c.union_party + (f"（代表：{c.union_rep}）" if c.union_rep else "")),
            DetailRow("企业方", c.company_party + (f"（代表：{c.company_rep}）" if c.company_rep else "")),
            DetailRow(
                "签订文本",
                f"{c.file_name}（{c.file_size / 1024:.0f} KB）" if c.file_name else "未上传",
                "保存在数据文件中，随备份一起保存" if c.file_name else "点“上传签订文本”添加盖章合同的扫描件",
            ),
        ]
        if c.notes:
            rows.append(DetailRow("备注", c.notes))
        return [DetailSection("合同", rows)]

    def _enable(self) -> None:
        row = self.current()
        chosen = row is not None
        live = chosen and not self.archived_scope()
        for key in ("edit", "attach", "clause_new"):
            self.actions_[key].setEnabled(live)
        self.actions_["archive"].setEnabled(chosen)
        self.actions_["download"].setEnabled(row is not None and bool(row.file_name))
        clause = live and self.current_clause() is not None
        self.actions_["clause_edit"].setEnabled(clause)
        self.actions_["clause_archive"].setEnabled(clause)

    # -- the yearly check ------------------------------------------------------------------------------------
    def run_check(self) -> None:
        year = self.year.value()
        c = self.current()
        # The selected contract when its term touches the year; otherwise the one the year is measured against.
        cid = c.id if c is not None and c.term_start.year <= year <= c.term_end.year else None
        db = self.db
        self.result = None
        self._enable_check()
        self.summary.setText(f"正在计算{year}年度履行情况…")

        def read() -> contract_service.ContractCheck:
            with db.read() as s:
                return contract_service.yearly_check(s, year, cid)

        self.loader.run("check", read, on_done=self._show_check, on_failed=self._check_failed)

    def check_busy(self) -> bool:
        return self.loader.busy("check")

    def _check_failed(self, exc: BaseException) -> None:
        self.summary.setText(exc.message if isinstance(exc, DomainError) else f"计算失败：{exc}")
        _fill(self.results, [])

    def _show_check(self, result: contract_service.ContractCheck) -> None:
        self.result = result
        check = result.check
        self.summary.setText(f"《{result.contract.title}》（{result.contract.term_text}）\n{check.summary()}")
        _fill(
            self.results, [[r.article or "—", r.promise, r.actual, r.verdict_label, r.explanation] for r in check.rows]
        )
        for i, r in enumerate(check.rows):
            verdict = self.results.item(i, 3)  # _fill just made it
            if verdict is not None:
                verdict.setForeground(QColor(VERDICT_COLOURS[r.verdict]))
        self._enable_check()

    def _enable_check(self) -> None:
        for key in ("print", "export"):
            self.actions_[key].setEnabled(self.result is not None)

    def print_check(self) -> None:
        from desktop.services.contracts.outputs import check_pdf

        if self.result is None:
            return
        db, year, cid = self.db, self.year.value(), self.result.contract.id
        self.last_task = io_actions.print_pdf(
            self, "专项集体合同履行情况检查表", lambda out, job: check_pdf(db, out, year=year, contract=cid, job=job)
        )

    def export_check(self) -> None:
        from desktop.services.contracts.outputs import export_check

        if self.result is None:
            return
        db, year, cid = self.db, self.year.value(), self.result.contract.id
        self.last_task = io_actions.export_xlsx(
            self,
            "导出履行情况检查",
            f"{year}年专项集体合同履行检查",
            lambda path, job: export_check(db, path, year=year, contract=cid, job=job),
        )

    # -- writing ---------------------------------------------------------------------------------------------
    def after_change(self, select_id: int | None = None) -> None:
        self.reload(select_id)
        self.changed.emit()

    def add(self) -> None:
        new_id = ContractDialog.ask(self, self.db)
        if new_id is not None:
            self.scope.setCurrentIndex(0)
            self.after_change(new_id)

    def edit(self) -> None:
        c = self.current()
        if c is not None and not self.archived_scope() and ContractDialog.ask(self, self.db, c.id) is not None:
            self.after_change(c.id)

    def archive(self) -> None:
        c = self.current()
        if c is None:
            return
        restore = self.archived_scope()
        verb = "恢复" if restore else "归档"
        note = "" if restore else "\n归档后不再参与计算和提醒，可在“已归档的合同”中恢复。"
        if not prompts.confirm(self, f"{verb}合同", f"{verb}《{c.title}》？{note}", ok=verb):
            return
        with self.db.write() as s:
            contract_service.set_archived(s, c.id, archived=not restore, actor=self.db.actor)
        self.after_change()

    def attach(self) -> None:
        c = self.current()
        if c is None:
            return
        path = prompts.open_file(self, "上传签订文本", "合同文本 (*.pdf *.jpg *.jpeg *.png *.doc *.docx);;所有文件 (*)")
        if path is None:
            return
        if c.file_name and not prompts.confirm(
            self,
            "上传签订文本",
            f"用“{path.name}”替换“{c.file_name}”？原文件仍保存在数据文件中，修改记录可查。",
            ok="替换",
        ):
            return
        try:
            with self.db.write() as s:
                contract_service.attach_path(s, c.id, path, actor=self.db.actor)
        except DomainError as exc:
            prompts.show_error(self, "上传签订文本", exc)
            return
        self.after_change(c.id)

    def download(self) -> None:
        c = self.current()
        if c is None or not c.file_name:
            return
        suffix = Path(c.file_name).suffix
        target = prompts.save_file(
            self, "下载签订文本", f"合同文本 (*{suffix})" if suffix else "所有文件 (*)", str(Path.home() / c.file_name)
        )
        if target is None:
            return
        try:
            with self.db.read() as s:
                contract_service.save_signed_copy(s, c.id, target)
        except (DomainError, OSError) as exc:
            prompts.show_error(self, "下载签订文本", exc)
            return
        prompts.inform(self, "下载签订文本", f"已保存到：\n{target}")

    def add_clause(self) -> None:
        c = self.current()
        if c is not None and not self.archived_scope() and ClauseDialog.ask(self, self.db, c.id) is not None:
            self.after_change(c.id)

    def edit_clause(self) -> None:
        c, clause = self.current(), self.current_clause()
        if (
            c is not None
            and clause is not None
            and not self.archived_scope()
            and ClauseDialog.ask(self, self.db, c.id, clause.id) is not None
        ):
            self.after_change(c.id)

    def archive_clause(self) -> None:
        c, clause = self.current(), self.current_clause()
        if c is None or clause is None:
            return
        if not prompts.confirm(
            self,
            "归档条款",
            f"归档{clause.article or ''}“{clause.promise}”？\n归档后不再参与履行检查和计算。",
            ok="归档",
        ):
            return
        with self.db.write() as s:
            contract_service.set_clause_archived(s, clause.id, archived=True, actor=self.db.actor)
        self.after_change(c.id)

    def save_state(self) -> None:
        """Nothing to remember between sessions: the lists fit their contents."""
