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
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core import condolences as C
from desktop.core.dates import format_date
from desktop.services import audit
from desktop.services.condolences import batches as B
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import ledger as L
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.condolences import io_actions as io
from desktop.ui.condolences.batch_dialog import BatchDialog
from desktop.ui.condolences.visits_page import Named, ask_text
from desktop.ui.widgets.detail_pane import DetailPane, DetailRow, DetailSection, history_lines

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def fill(
    table: QTableWidget,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    empty: str = "（无）",
) -> None:
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


def fit_table(table: QTableWidget, *, max_rows: int = 14) -> None:
    """Size a small table to its content, measured in the current font: every column as wide as its widest
    text (money such as "1,776,800.00" must never lose digits, at 特大 too) and up to ``max_rows`` rows tall.
    The page around it scrolls instead of the table clipping a column."""
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.horizontalHeader().setStretchLastSection(False)
    table.resizeColumnsToContents()
    pad = table.fontMetrics().horizontalAdvance("0")  # a little air, so right-aligned figures do not touch
    for c in range(table.columnCount()):
        table.setColumnWidth(c, table.columnWidth(c) + pad)
    frame = 2 * table.frameWidth()
    header = table.horizontalHeader()
    table.setMinimumWidth(header.length() + frame + table.verticalScrollBar().sizeHint().width())
    rows = min(table.rowCount(), max_rows)
    head_height = max(header.height(), header.sizeHint().height())
    table.setMinimumHeight(head_height + sum(table.rowHeight(r) for r in range(rows)) + frame + 2)


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
        for key, text, slot in (
            ("new", "新建批次", self.add),
            ("advance", "整批审批/发放", self.advance),
            ("print", "打印签收表", self.print_signoff),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _c=False, f=slot: f())
            self.toolbar.addAction(action)
            self.acts[key] = action
        self.table = _table()
        self.table.itemSelectionChanged.connect(self._selected)
        self.detail = DetailPane(
            empty_text="选中一个批次，这里显示批次编号、发放对象、各单位人数和金额、审批发放进度和修改记录"
        )
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setSizes([800, 420])
        note = QLabel(
            "节日慰问按批次发放：新建批次时先预览名单和超标人员，确认后一次登记全部人员；"
            "签收表按单位（林场、科室）分组，每个单位一组页面，各自签收。"
        )
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.toolbar)
        lay.addWidget(note)
        lay.addWidget(split, 1)
        # Filled when first shown (CondolenceTab calls refresh()): the tab opens on 慰问记录.

    def refresh(self) -> None:
        with self.db.read() as s:
            self.batches = B.list_batches(s)
        rows = [
            (
                b.serial,
                format_date(b.visit_date),
                b.title,
                C.OCCASIONS.get(b.occasion, b.occasion)
                + (f"·{C.FESTIVALS.get(b.festival, b.festival)}" if b.festival else ""),
                b.group_text,
                str(b.count),
                C.yuan(b.total_fen),
                f"{b.paid}/{b.count}",
                b.override_reason or "",
            )
            for b in self.batches
        ]
        fill(
            self.table,
            ("编号", "发放日期", "批次", "事由", "发放对象", "人数", "金额（元）", "已发放", "特批理由"),
            rows,
            right=(5, 6),
            empty="还没有发放批次 — 点“新建批次”为节日慰问建批次",
        )
        self._selected()

    def current(self) -> B.BatchRow | None:
        row = self.table.currentRow()
        return self.batches[row] if 0 <= row < len(self.batches) and self.table.selectedItems() else None

    def _selected(self) -> None:
        b = self.current()
        self.acts["print"].setEnabled(b is not None)
        self.acts["advance"].setEnabled(b is not None and b.paid < b.count)
        self._show_detail(b)

    def _show_detail(self, b: B.BatchRow | None) -> None:
        if b is None:
            self.detail.show_empty()
            return
        with self.db.read() as s:
            by_status = {k: len(L.visit_ids(s, L.VisitFilter(batch_id=b.id, status=k))) for k in C.STATUS}
            units = L.totals(s, L.VisitFilter(batch_id=b.id), "unit")
            entries = [Named(e) for e in audit.history(s, B.ENTITY, b.id)]
        serial = getattr(b, "serial", "")  # 批2026-003: what `union-desk pdf condolence-signoff --batch` takes
        occasion = C.OCCASIONS.get(b.occasion, b.occasion) + (
            f"·{C.FESTIVALS.get(b.festival, b.festival)}" if b.festival else ""
        )
        basic = [
            DetailRow("批次编号", serial or "—"),
            DetailRow("批次", b.title),
            DetailRow("发放日期", format_date(b.visit_date)),
            DetailRow("事由", occasion),
            DetailRow("发放对象", b.group_text),
            DetailRow("人数", f"{b.count} 人"),
            DetailRow("金额", f"{C.yuan(b.total_fen)} 元"),
        ]
        if b.override_reason:
            basic.append(DetailRow("特批理由", b.override_reason))
        progress = [DetailRow(C.STATUS[k], f"{n} 人") for k, n in by_status.items()]
        per_unit = [DetailRow(t.label, f"{t.count} 人，{C.yuan(t.value_fen)} 元") for t in units]
        self.detail.show_record(
            f"{serial} {b.title}".strip(),
            [
                DetailSection("批次", basic),
                DetailSection("审批发放进度", progress),
                DetailSection("各单位", per_unit or [DetailRow("—", "没有人员")]),
            ],
            history_lines(entries, labels={"title": "批次", "visit_date": "发放日期", "override_reason": "特批理由"}),
        )

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
                return B.advance_batch(s, b.id, actor=db.actor, approver=approver, on=today, job=job)  # type: ignore[arg-type]

        def done(n: int) -> None:
            self.refresh()
            self.changed.emit()
            prompts.inform(self, "整批审批/发放", f"已处理 {n} 条慰问记录。")

        io.run_task(self, work, title="整批审批/发放", label="正在处理…", on_success=done)

    def print_signoff(self) -> None:
        from desktop.services.condolences.printing import signoff_pdf

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
        # Two tables a row, each as wide as its figures, in a page that scrolls: three in a row clipped the
        # last money column at 1366×768 ("98" for "978,200.00" at 特大).
        grid = QGridLayout()
        places = (
            ("occasion", "按事由", 0, 0, 1),
            ("month", "按月份", 0, 1, 1),
            ("unit", "按单位", 1, 0, 1),
            ("unvisited", "本年尚未慰问的困难职工", 1, 1, 1),
            ("members", "每人全年合计与上限", 2, 0, 2),
        )
        for key, title, row, col, span in places:
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(self.tables[key])
            grid.addWidget(box, row, col, 1, span)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        body = QWidget()
        body.setLayout(grid)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(head)
        lay.addWidget(self.scroll_area, 1)
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
            # Nobody left to visit: all visited, or no household on file at all (a new office) — say which.
            on_file = bool(unvisited) or bool(hardship_files.file_rows(s))
        heads = ("项目", "次数", "慰问金（元）", "慰问品（元）", "合计（元）")
        for key, totals in by.items():
            rows = [
                (t.label, str(t.count), C.yuan(t.cash_fen), C.yuan(t.goods_fen), C.yuan(t.value_fen)) for t in totals
            ]
            if totals:
                rows.append(
                    (
                        "合计",
                        str(sum(t.count for t in totals)),
                        C.yuan(sum(t.cash_fen for t in totals)),
                        C.yuan(sum(t.goods_fen for t in totals)),
                        C.yuan(sum(t.value_fen for t in totals)),
                    )
                )
            fill(self.tables[key], heads, rows, right=(1, 2, 3, 4))
        # Members near or at a cap first: that is what the auditor asks about.
        capped = sorted(
            (m for m in members if m.yearly_cap_fen or m.max_per_year),
            key=lambda m: (m.remaining_fen if m.remaining_fen is not None else 10**12, m.name),
        )
        fill(
            self.tables["members"],
            ("姓名", "单位", "事由", "次数", "合计（元）", "每年上限（元）", "剩余（元）"),
            [
                (
                    m.name,
                    m.unit_name,
                    C.OCCASIONS.get(m.occasion, m.occasion),
                    f"{m.count}" + (f"/{m.max_per_year}" if m.max_per_year else ""),
                    C.yuan(m.value_fen),
                    C.yuan(m.yearly_cap_fen) if m.yearly_cap_fen else "不限",
                    C.yuan(m.remaining_fen) if m.remaining_fen is not None else "—",
                )
                for m in capped[:2000]
            ],
            right=(3, 4, 5, 6),
        )
        fill(
            self.tables["unvisited"],
            ("姓名", "单位"),
            [(n, u) for _i, n, u in unvisited],
            empty="在档困难职工本年都已慰问" if on_file else "还没有在档的困难职工（在“困难职工档案”页建档）",
        )
        for key, table in self.tables.items():
            fit_table(table, max_rows=12 if key == "members" else 14)
