"""Columns of the 体检筛查 tab: the appointment list (lazy) and the small summary lists (plain tables)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop.core import enums
from desktop.core.dates import format_date
from desktop.core.exams import APPT_STATUS, RESULT
from desktop.services.exams.appointments import AppointmentRow
from desktop.ui.widgets.detail_pane import HistoryLine, local_time
from desktop.ui.widgets.lazy_table import CENTER, RIGHT, Column

D = format_date

COLUMNS: list[Column[AppointmentRow]] = [
    Column("day", "预约日期", lambda r: D(r.scheduled_date), sort="day", align=CENTER, width="2026-05-06"),
    Column("unit", "单位", lambda r: r.unit_path, sort="unit", width=8, fit=True),
    Column("name", "姓名", lambda r: r.name, sort="name", width=6),
    Column("sex", "性别", lambda r: enums.label(enums.SEX, r.sex), align=CENTER, width=3),
    Column("age", "年龄", lambda r: str(r.age), align=CENTER, width=3, tooltip="预约当天的周岁"),
    Column("phone", "联系电话", lambda r: r.phone, width="0470-3521234", fit=True),
    Column(
        "status",
        "状态",
        lambda r: r.status_label + ("（锁定）" if r.locked else ""),
        sort="status",
        width=6,
        tooltip="锁定：日期已人工确定，重新排期时保留",
    ),
    Column("actual", "实际检查", lambda r: D(r.actual_date), align=CENTER, width="2026-05-06"),
    Column("result", "结果", lambda r: r.result_label, sort="result", width=6),
    Column(
        "follow_up",
        "复查日期",
        lambda r: D(r.follow_up_due) + ("（已复查）" if r.follow_up_done else ""),
        sort="follow_up",
        align=CENTER,
        width="2026-05-06",
    ),
]


class SimpleList(QTableWidget):
    """A read-only table filled from a short list (days, units, overdue people); keeps each row's object."""

    def __init__(
        self,
        headers: Sequence[str],
        cells: Callable[[Any], Sequence[str]],
        *,
        right: Sequence[int] = (),
        samples: Sequence[str] = (),
        empty_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, len(headers), parent)
        self.cells = cells
        self.right = set(right)
        # Not self.items: that would hide QTableWidget.items(), which Qt's drag and drop calls.
        self.records: list[Any] = []
        # A sample value per column ("0470-3521234"): the column is never narrower than it, so an empty or
        # short list does not squeeze its columns to their titles (#17 item 4).
        self.samples = list(samples)
        self.empty_text = empty_text
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # A text column at the end takes the spare width; a figure (检查率) stays beside the others.
        self.horizontalHeader().setStretchLastSection(len(headers) - 1 not in self.right)
        if self.samples:
            self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            self._fit_columns()

    def set_items(self, items: Sequence[Any]) -> None:
        self.records = list(items)
        self.setRowCount(len(self.records))
        for r, item in enumerate(self.records):
            for c, text in enumerate(self.cells(item)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)  # the last column (说明) may be cut on a narrow screen
                if c in self.right:
                    cell.setTextAlignment(RIGHT)
                self.setItem(r, c, cell)
        self._fit_columns()
        self.viewport().update()

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.viewport().update()

    def _fit_columns(self) -> None:
        metrics, header = self.fontMetrics(), self.horizontalHeader()
        padding = metrics.horizontalAdvance("中") // 2 + 12  # as LazyTableView.cell_padding
        for c, sample in enumerate(self.samples):
            content = max(self.sizeHintForColumn(c), header.sectionSizeHint(c))
            self.setColumnWidth(c, max(content, metrics.horizontalAdvance(sample) + padding))

    def changeEvent(self, event: QEvent) -> None:  # 设置 → 字号 changes the font
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_columns()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        # The one-line empty state every list shows (LazyTableView does the same).
        if self.empty_text and not self.records:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            rect = self.viewport().rect().adjusted(20, 20, -20, -20)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            painter.end()

    def current_item(self) -> Any:
        row = self.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None


def day_cells(d: Any) -> list[str]:
    open_ = d.total - d.done - d.missed
    return [
        f"{D(d.day)} 星期{'一二三四五六日'[d.day.weekday()]}",
        str(d.total),
        str(d.done),
        str(d.missed),
        str(open_),
        d.units,
    ]


def coverage_cells(c: Any) -> list[str]:
    return [c.unit, str(c.eligible), str(c.scheduled), str(c.done), str(c.missed), c.percent_text]


def person_cells(p: Any) -> list[str]:
    return [p.unit, p.name, enums.label(enums.SEX, p.sex), str(p.age), p.phone, D(p.last_exam), D(p.due), p.detail]


ACTIONS = {
    "attended": "已检",
    "missed": "缺检",
    "reset": "恢复待检",
    "move": "改期",
    "lock": "锁定",
    "unlock": "解锁",
    "result": "录入结果",
    "follow_up": "登记复查",
}
LABELS = {
    "scheduled_date": "预约日期",
    "status": "状态",
    "locked": "锁定",
    "actual_date": "实际检查日期",
    "result": "结果",
    "follow_up_due": "复查日期",
    "follow_up_done": "已复查",
    "notes": "备注",
}


def _word(key: str, value: Any) -> str:
    if value in (None, ""):
        return "（空）"
    if key == "status":
        return APPT_STATUS.get(value, str(value))
    if key == "result":
        return RESULT.get(value, str(value))
    if key == "locked":
        return "是" if value else "否"
    return str(value)


def history(entries: list[Any]) -> list[HistoryLine]:
    """Every change with its fields (the shared history_lines lists fields for edits only)."""
    out = []
    for e in entries:
        before = json.loads(e.before) if e.before else {}
        after = json.loads(e.after) if e.after else {}
        changes = [f"{LABELS[k]}：{_word(k, before.get(k))} → {_word(k, after.get(k))}" for k in after if k in LABELS]
        out.append(HistoryLine(e.actor, local_time(e.at), ACTIONS.get(e.action, e.action), changes))
    return out
