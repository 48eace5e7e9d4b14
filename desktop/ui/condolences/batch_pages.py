"""发放批次 and 统计 pages of the 慰问帮扶 tab: a district has a few batches a year, so the batch list is a short
list (read whole); the totals are small summary tables filled from one service call each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import condolences
from desktop.core.dates import format_date
from desktop.core.progress import Job
from desktop.services import audit
from desktop.services.condolences import batches, ledger
from desktop.services.condolences import hardship as hardship_files
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.condolences import io_actions
from desktop.ui.condolences.batch_dialog import BatchDialog
from desktop.ui.condolences.visits_page import Named, ask_text
from desktop.ui.widgets.detail_pane import DetailRow, DetailSection, history_lines
from desktop.ui.widgets.lazy_table import Column
from desktop.ui.widgets.list_page import ListPage
from desktop.ui.widgets.toolbar import Action

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


def _occasion(b: batches.BatchRow) -> str:
    festival = f"·{condolences.FESTIVALS.get(b.festival, b.festival)}" if b.festival else ""
    return condolences.OCCASIONS.get(b.occasion, b.occasion) + festival


BATCH_COLUMNS: list[Column[batches.BatchRow]] = [
    Column("serial", "编号", lambda b: b.serial, width="批2026-000"),
    Column("visit_date", "发放日期", lambda b: format_date(b.visit_date), width="2026-01-01"),
    Column("title", "批次", lambda b: b.title, width=10),
    Column("occasion", "事由", _occasion, width="节日慰问·中秋"),
    Column("group", "发放对象", lambda b: b.group_text, width=6),
    Column("count", "人数", lambda b: str(b.count), align=RIGHT, width=3, fit=True),
    Column("total", "金额（元）", lambda b: condolences.yuan(b.total_fen), align=RIGHT, width=6, fit=True),
    Column("paid", "已发放", lambda b: f"{b.paid}/{b.count}", align=RIGHT, width=4, fit=True),
    Column("override", "特批理由", lambda b: b.override_reason or "", width=8),
]


class BatchesPage(ListPage[batches.BatchRow]):
    toolbar_title = "发放批次"
    columns = BATCH_COLUMNS
    layout_key = "condolence_batches"
    empty_text = "还没有发放批次 — 点“新建批次”为节日慰问建批次"
    detail_text = "选中一个批次，这里显示批次编号、发放对象、各单位人数和金额、审批发放进度和修改记录"
    short = True  # a district has a few batches a year
    split_sizes = (800, 420)
    # Filled when first shown (CondolenceTab calls refresh()): the tab opens on 慰问记录.
    load_now = False

    def toolbar_actions(self) -> list[Action | None]:
        return [
            Action("new", "新建批次", self.add),
            Action("advance", "整批审批/发放", self.advance),
            Action("print", "打印签收表", self.print_signoff, row=True),
        ]

    def above_table(self) -> list[QWidget]:
        note = QLabel(
            "节日慰问按批次发放：新建批次时先预览名单和超标人员，确认后一次登记全部人员；"
            "签收表按单位（林场、科室）分组，每个单位一组页面，各自签收。"
        )
        note.setWordWrap(True)
        return [note]

    def load_rows(self, query: None) -> list[batches.BatchRow]:
        with self.db.read() as s:
            return batches.list_batches(s)

    def refresh(self) -> None:
        self.reload()

    def current_changed(self, b: batches.BatchRow | None) -> None:
        self.actions_["advance"].setEnabled(b is not None and b.paid < b.count)

    def show_detail(self, b: batches.BatchRow) -> None:
        assert self.detail is not None
        with self.db.read() as s:
            by_status = {
                k: len(ledger.visit_ids(s, ledger.VisitFilter(batch_id=b.id, status=k))) for k in condolences.STATUS
            }
            units = ledger.totals(s, ledger.VisitFilter(batch_id=b.id), "unit")
            entries = [Named(e) for e in audit.history(s, batches.ENTITY, b.id)]
        serial = getattr(b, "serial", "")  # 批2026-003: what `union-desk pdf condolence-signoff --batch` takes
        occasion = condolences.OCCASIONS.get(b.occasion, b.occasion) + (
            f"·{condolences.FESTIVALS.get(b.festival, b.festival)}" if b.festival else ""
        )
        basic = [
            DetailRow("批次编号", serial or "—"),
            DetailRow("批次", b.title),
            DetailRow("发放日期", format_date(b.visit_date)),
            DetailRow("事由", occasion),
            DetailRow("发放对象", b.group_text),
            DetailRow("人数", f"{b.count} 人"),
            DetailRow("金额", f"{condolences.yuan(b.total_fen)} 元"),
        ]
        if b.override_reason:
            basic.append(DetailRow("特批理由", b.override_reason))
        progress = [DetailRow(condolences.STATUS[k], f"{n} 人") for k, n in by_status.items()]
        per_unit = [DetailRow(t.label, f"{t.count} 人，{condolences.yuan(t.value_fen)} 元") for t in units]
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
            self.after_change()

    def advance(self) -> None:
        b = self.current()
        if b is None:
            return
        with self.db.read() as s:
            pending = ledger.visit_ids(s, ledger.VisitFilter(batch_id=b.id, status="registered"))
        approver = ""
        if pending:
            approver = ask_text(self, "整批审批", f"{b.title}：{len(pending)} 人待审批。\n\n审批人姓名：")
            if not approver:
                return
        elif not prompts.confirm(self, "整批发放", f"确认“{b.title}”已全部发放（今天）？", ok="已发放"):
            return
        db, today = self.db, self.today()

        def work(job: Job) -> int:
            with db.write() as s:
                return batches.advance_batch(s, b.id, actor=db.actor, approver=approver, on=today, job=job)

        def done(n: int) -> None:
            self.after_change()
            prompts.inform(self, "整批审批/发放", f"已处理 {n} 条慰问记录。")

        io_actions.run_task(self, work, title="整批审批/发放", label="正在处理…", on_success=done)

    def print_signoff(self) -> None:
        from desktop.services.condolences.printing import signoff_pdf

        b = self.current()
        if b is not None:
            db = self.db
            io_actions.print_pdf(
                self, "慰问金（品）发放签收表", lambda out, job: signoff_pdf(db, out, batch=b.id, job=job)
            )


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
            years = ledger.visit_years(s)
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(f"{y}年", y)
        self.year.setCurrentIndex(max(0, self.year.findData(self.today().year)))
        self.year.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        year = self.year.currentData() or self.today().year
        flt = ledger.VisitFilter(year=year)
        with self.db.read() as s:
            by = {k: ledger.totals(s, flt, k) for k in ("occasion", "month", "unit")}
            members = ledger.member_year_totals(s, year)
            unvisited = ledger.hardship_not_visited(s, year)
            # Nobody left to visit: all visited, or no household on file at all (a new office) — say which.
            on_file = bool(unvisited) or bool(hardship_files.file_rows(s))
        heads = ("项目", "次数", "慰问金（元）", "慰问品（元）", "合计（元）")
        for key, totals in by.items():
            rows = [
                (
                    t.label,
                    str(t.count),
                    condolences.yuan(t.cash_fen),
                    condolences.yuan(t.goods_fen),
                    condolences.yuan(t.value_fen),
                )
                for t in totals
            ]
            if totals:
                rows.append(
                    (
                        "合计",
                        str(sum(t.count for t in totals)),
                        condolences.yuan(sum(t.cash_fen for t in totals)),
                        condolences.yuan(sum(t.goods_fen for t in totals)),
                        condolences.yuan(sum(t.value_fen for t in totals)),
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
                    condolences.OCCASIONS.get(m.occasion, m.occasion),
                    f"{m.count}" + (f"/{m.max_per_year}" if m.max_per_year else ""),
                    condolences.yuan(m.value_fen),
                    condolences.yuan(m.yearly_cap_fen) if m.yearly_cap_fen else "不限",
                    condolences.yuan(m.remaining_fen) if m.remaining_fen is not None else "—",
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
