"""设置 → 变更记录: who changed, exported or printed what, when — with filters, export and the chain check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import audit_log
from desktop.services.audit_log import AuditQuery, AuditRow
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.widgets.lazy_table import Column, LazyTableModel, LazyTableView

COLUMNS: list[Column[AuditRow]] = [
    Column("id", "编号", lambda r: str(r.id), width=4),
    Column("at", "时间", lambda r: r.at_text, width="2026-12-03 12:00:00"),
    Column("actor", "账户", lambda r: r.actor, width=6),
    Column("action", "操作", lambda r: r.action_label, width=5),
    Column("entity", "对象", lambda r: r.entity_label, width=8),
    Column("summary", "内容", lambda r: r.summary, cell_tip=lambda r: r.summary, width=40),
]


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate.currentDate())
    return edit


def _day(edit: QDateEdit) -> date:
    day = edit.date()
    return date(day.year(), day.month(), day.day())


class AuditLogDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("变更记录")
        self.who = QComboBox()
        self.who.addItem("全部账户", "")
        with db.read() as s:
            for name in audit_log.actors(s):
                self.who.addItem(name, name)
        self.text = QLineEdit()
        self.text.setPlaceholderText("操作、对象或内容中的文字，如 导出、职工、张丽")
        self.use_dates = QCheckBox("日期")
        self.start, self.end = _date_edit(), _date_edit()
        self.start.setDate(QDate.currentDate().addMonths(-1))
        search = QPushButton("查询")
        export = QPushButton("导出…")
        bar = QHBoxLayout()
        for w in (
            QLabel("账户"),
            self.who,
            self.text,
            self.use_dates,
            self.start,
            QLabel("至"),
            self.end,
            search,
            export,
        ):
            bar.addWidget(w)
        self.model: LazyTableModel[AuditRow] = LazyTableModel(
            COLUMNS, ids=self._ids, rows=self._rows, default_sort="id"
        )
        self.view = LazyTableView(self.model, layout_key="audit_log", empty_text="没有符合条件的变更记录")
        self.count = QLabel()
        self.chain = QLabel()
        self.chain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.chain)
        search.clicked.connect(self.refresh)
        self.text.returnPressed.connect(self.refresh)
        self.who.currentIndexChanged.connect(lambda _i: self.refresh())
        export.clicked.connect(self.export)
        self.resize(1100, 640)
        self.refresh()
        self.check_chain()

    def query(self) -> AuditQuery:
        dated = self.use_dates.isChecked()
        return AuditQuery(
            actor=str(self.who.currentData() or ""),
            text=self.text.text(),
            start=_day(self.start) if dated else None,
            end=_day(self.end) if dated else None,
        )

    def _ids(self, query: object, _sort: str, _desc: bool) -> list[int]:
        assert isinstance(query, AuditQuery)
        with self.db.read() as s:
            return audit_log.entry_ids(s, query)

    def _rows(self, ids: list[int]) -> list[AuditRow]:
        with self.db.read() as s:
            return audit_log.fetch(s, ids)

    def refresh(self) -> None:
        self.model.set_query(self.query())
        self.count.setText(f"共 {self.model.rowCount()} 条（最新的在前）")

    def check_chain(self) -> None:
        report = audit_log.verify(self.db)
        colour = "#1b5e20" if report.ok else "#b00020"
        self.chain.setText(f'<span style="color:{colour}">{report.line()}</span>')

    def export(self) -> None:
        path = prompts.save_file(
            self, "导出变更记录", "Excel 工作簿 (*.xlsx)", str(Path.home() / f"变更记录-{date.today():%Y%m%d}.xlsx")
        )
        if path is None:
            return
        try:
            n = audit_log.export_log(self.db, path.with_suffix(".xlsx"), self.query())
        except Exception as exc:  # shown as one line (disk full, locked file …)
            prompts.show_error(self, "导出变更记录", exc)
            return
        prompts.inform(self, "导出变更记录", f"已导出 {n} 条到：\n{path.with_suffix('.xlsx')}")
