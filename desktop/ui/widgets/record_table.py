"""A short list of records in a plain table whose rows carry the record ids (the 特种病保险 and 维权诉求 lists:
thousands of rows at most, filled whole from the service, so no lazy model is needed)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


class RecordTable(QTableWidget):
    """A short list of records whose rows carry the record ids; ``set_current_id`` selects one (the 工作台
    opens a reminder's record through it)."""

    def __init__(self, headers: Sequence[str], stretch: int) -> None:
        super().__init__(0, len(headers))
        self.ids: list[int] = []
        self.setHorizontalHeaderLabels(list(headers))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def fill(self, ids: list[int], rows: list[list[str]], right: Sequence[int] = ()) -> None:
        keep = self.current_id()
        self.blockSignals(True)
        self.ids = ids
        self.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c in right:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
        self.blockSignals(False)
        if not (keep is not None and self.set_current_id(keep)) and ids:
            self.selectRow(0)
        self.itemSelectionChanged.emit()

    def current_id(self) -> int | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self.ids[rows[0].row()] if rows and rows[0].row() < len(self.ids) else None

    def set_current_id(self, record_id: int | None) -> bool:
        if record_id not in self.ids:
            return False
        self.selectRow(self.ids.index(record_id))
        return True
