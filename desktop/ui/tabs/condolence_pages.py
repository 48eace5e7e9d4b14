"""发放批次 and 统计 pages of the 慰问帮扶 tab: small tables (a district has a few batches a year), so plain
QTableWidgets filled from one service call each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core import condolences as C
from desktop.core.dates import format_date
from desktop.services import condolence_batches as B
from desktop.services import condolence_ledger as L
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.dialogs.condolence_batch_dialog import BatchDialog
from desktop.ui.tabs import condolence_io as io
from desktop.ui.tabs.condolence_visits import ask_text

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def fill(table: QTableWidget, headers: Sequence[str], rows: Sequence[Sequence[str]], *,
         right: Sequence[int] = (), empty: str = "（无）") -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setRowCount(max(len(rows), 1))
    if not rows:
        table.setItem(0, 0, QTableWidgetItem(empty))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(RIGHT)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def _table() -> QTableWidget:
    t = QTableWidget()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.horizontalHeader().setStretchLastSection(True)
    t.verticalHeader().setVisible(False)
    return t


class BatchesPage(QWidget):
    changed = Signal()

    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.db, self.today = db, today
        self.batches: list[B.BatchRow] = []
        self.toolbar = QToolBar("发放批次")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.acts: dict[str, QAction] = {}
        for key, text, slot in (("new", "新建批次", self.add), ("advance", "整批审批/发放", self.advance),
                                ("print", "打印签收表", self.print_signoff)):
            action = QAction(text, self)
            action.triggered.connect(lambda _c=False, f=slot: f())
            self.toolbar.addAction(action)
            self.acts[key] = action
        self.table = _table()
        self.table.itemSelectionChanged.connect(self._selected)
        note = QLabel("节日慰问按批次发放：新建批次时先预览名单和超标人员，确认后一次登记全部人员；"
                      "每个批次打印一张签收表。")
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.toolbar)
        lay.addWidget(note)
        lay.addWidget(self.table, 1)
        # Filled when first shown (CondolenceTab calls refresh()): the tab opens on 慰问记录.

    def refresh(self) -> None:
        with self.db.read() as s:
            self.batches = B.list_batches(s)
        rows = [(b.serial, format_date(b.visit_date), b.title, C.OCCASIONS.get(b.occasion, b.occasion)
                 + (f"·{C.FESTIVALS.get(b.festival, b.festival)}" if b.festival else ""), b.group_text,
                 str(b.count), C.yuan(b.total_fen), f"{b.paid}/{b.count}", b.override_reason or "")
                for b in self.batches]
        fill(self.table, ("编号", "发放日期", "批次", "事由", "发放对象", "人数", "金额（元）", "已发放", "特批理由"),
             rows, right=(5, 6), empty="还没有发放批次 — 点“新建批次”为节日慰问建批次")
        self._selected()

    def current(self) -> B.BatchRow | None:
        row = self.table.currentRow()
        return self.batches[row] if 0 <= row < len(self.batches) and self.table.selectedItems() else None

    def _selected(self) -> None:
        b = self.current()
        self.acts["print"].setEnabled(b is not None)
        self.acts["advance"].setEnabled(b is not None and b.paid < b.count)

    def add(self) -> None:
        if BatchDialog.ask(self, self.db) is not None:
            self.refresh()
            self.changed.emit()

    def advance(self) -> None:
        b = self.current()
        if b is None:
            return
        with self.db.read() as s:
            pending = L.visit_ids(s, L.VisitFilter(batch_id=b.id, status="registered"))
        approver = ""
        if pending:
            approver = ask_text(self, "整批审批", f"{b.title}：{len(pending)} 人待审批。\n\n审批人姓名：")
            if not approver:
                return
        elif not prompts.confirm(self, "整批发放", f"确认“{b.title}”已全部发放（今天）？", ok="已发放"):
            return
        db, today = self.db, self.today()

        def work(job: object) -> int:
            with db.write() as s:
                return B.advance_batch(s, b.id, actor=db.actor, approver=approver, on=today,
                                       job=job)  # type: ignore[arg-type]

        def done(n: int) -> None:
            self.refresh()
            self.changed.emit()
            prompts.inform(self, "整批审批/发放", f"已处理 {n} 条慰问记录。")

        io.run_task(self, work, title="整批审批/发放", label="正在处理…", on_success=done)

    def print_signoff(self) -> None:
        from desktop.services.condolence_printing import signoff_pdf

        b = self.current()
        if b is not None:
            db = self.db
            io.print_pdf(self, "慰问金（品）发放签收表", lambda out, job: signoff_pdf(db, out, batch=b.id, job=job))


class StatsPage(QWidget):
    """Totals by occasion, month and unit; per member against the yearly caps; hardship households not yet
    visited this year."""

    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.db, self.today = db, today
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        head = QHBoxLayout()
        head.addWidget(QLabel("年度"))
        head.addWidget(self.year)
        head.addStretch(1)
        self.tables = {k: _table() for k in ("occasion", "month", "unit", "members", "unvisited")}
        grid = QGridLayout()
        for i, (key, title) in enumerate((("occasion", "按事由"), ("month", "按月份"), ("unit", "按单位"),
                                          ("members", "每人全年合计与上限"), ("unvisited", "本年尚未慰问的困难职工"))):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(self.tables[key])
            row, col, span = (0, i, 1) if i < 3 else ((1, 0, 2) if key == "members" else (1, 2, 1))
            grid.addWidget(box, row, col, 1, span)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(head)
        lay.addLayout(grid, 1)
        # Filled when shown (CondolenceTab calls reload_years() on every switch to this page): a year of
        # a 20,000-member office takes a second to total, and the tab opens on 慰问记录.

    def reload_years(self) -> None:
        with self.db.read() as s:
            years = L.visit_years(s)
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(f"{y}年", y)
        self.year.setCurrentIndex(max(0, self.year.findData(self.today().year)))
        self.year.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        year = self.year.currentData() or self.today().year
        flt = L.VisitFilter(year=year)
        with self.db.read() as s:
            by = {k: L.totals(s, flt, k) for k in ("occasion", "month", "unit")}
            members = L.member_year_totals(s, year)
            unvisited = L.hardship_not_visited(s, year)
        heads = ("项目", "次数", "慰问金（元）", "慰问品（元）", "合计（元）")
        for key, totals in by.items():
            rows = [(t.label, str(t.count), C.yuan(t.cash_fen), C.yuan(t.goods_fen), C.yuan(t.value_fen))
                    for t in totals]
            if totals:
                rows.append(("合计", str(sum(t.count for t in totals)), C.yuan(sum(t.cash_fen for t in totals)),
                             C.yuan(sum(t.goods_fen for t in totals)), C.yuan(sum(t.value_fen for t in totals))))
            fill(self.tables[key], heads, rows, right=(1, 2, 3, 4))
        # Members near or at a cap first: that is what the auditor asks about.
        capped = sorted((m for m in members if m.yearly_cap_fen or m.max_per_year),
                        key=lambda m: (m.remaining_fen if m.remaining_fen is not None else 10**12, m.name))
        fill(self.tables["members"], ("姓名", "单位", "事由", "次数", "合计（元）", "每年上限（元）", "剩余（元）"),
             [(m.name, m.unit_name, C.OCCASIONS.get(m.occasion, m.occasion),
               f"{m.count}" + (f"/{m.max_per_year}" if m.max_per_year else ""), C.yuan(m.value_fen),
               C.yuan(m.yearly_cap_fen) if m.yearly_cap_fen else "不限",
               C.yuan(m.remaining_fen) if m.remaining_fen is not None else "—") for m in capped[:2000]],
             right=(3, 4, 5, 6))
        fill(self.tables["unvisited"], ("姓名", "单位"), [(n, u) for _i, n, u in unvisited],
             empty="在档困难职工本年都已慰问")
