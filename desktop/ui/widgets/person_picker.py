"""Pick one worker by typing part of a name, ID number or phone: the matches appear as the clerk types.

The dialog supplies ``search(text) -> (total, rows)`` (a service call, e.g. women on the roll only), so
the picker itself never queries; it shows the first rows and says how many more there are.

    picker = PersonPicker()
    picker.set_search(lambda text: ...)      # RecordDialog custom field: value(), set_value(), changed
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.core.idcard import mask

DEBOUNCE_MS = 150
SHOWN_ROWS = 6  # visible lines of the match list


class PersonLike(Protocol):
    # Read-only members, so the frozen row dataclasses of the services satisfy it.
    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def unit_name(self) -> str: ...
    @property
    def post(self) -> str: ...
    @property
    def id_number(self) -> str: ...


Search = Callable[[str], tuple[int, Sequence[PersonLike]]]


class PersonPicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "输入姓名、身份证号或电话查找") -> None:
        super().__init__(parent)
        self._search: Search | None = None
        self._chosen: PersonLike | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        self.list.setFixedHeight(self.list.fontMetrics().height() * SHOWN_ROWS + 12)
        self.more = QLabel()
        self.more.setStyleSheet("color:#444")
        self.more.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit)
        lay.addWidget(self.list)
        lay.addWidget(self.more)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.edit.textEdited.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self._enter)
        self.list.currentItemChanged.connect(lambda *_a: self._picked())
        self.setFocusProxy(self.edit)
        # Name, unit, post and masked ID on one line without a sideways scroll bar.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 32)

    def set_search(self, search: Search) -> None:
        self._search = search
        self.refresh()

    def refresh(self) -> None:
        """Re-run the search for the typed text, keeping the chosen person when she is still listed."""
        self._timer.stop()
        if self._search is None:
            return
        total, rows = self._search(self.edit.text().strip())
        keep = self._chosen.id if self._chosen is not None else None
        self.list.blockSignals(True)
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(f"{row.name}　{row.unit_name}　{row.post or '—'}　{mask(row.id_number)}")
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.list.addItem(item)
            if row.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.more.setText(
            f"另有 {total - len(rows)} 人未列出，请输入更多文字"
            if total > len(rows)
            else "没有找到，请检查输入的文字"
            if total == 0
            else ""
        )
        self.more.setVisible(bool(self.more.text()))
        if len(rows) == 1 and self.edit.text().strip():
            self.list.setCurrentRow(0)  # one match for what was typed: that is the one meant
        elif keep is not None and self.list.currentItem() is None:
            self._set_chosen(None)
        else:
            self._picked()

    def _enter(self) -> None:
        self.refresh()
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def _picked(self) -> None:
        item = self.list.currentItem()
        self._set_chosen(item.data(Qt.ItemDataRole.UserRole) if item is not None else None)

    def _set_chosen(self, row: PersonLike | None) -> None:
        old = self._chosen.id if self._chosen is not None else None
        self._chosen = row
        if (row.id if row is not None else None) != old:
            self.changed.emit()

    def chosen(self) -> PersonLike | None:
        return self._chosen

    # The record-dialog field protocol: value() / set_value() / changed.
    def value(self) -> int | None:
        return self._chosen.id if self._chosen is not None else None

    def set_value(self, value: object) -> None:
        if value is None:
            self.list.clearSelection()
            self.list.setCurrentRow(-1)
            self._set_chosen(None)
            return
        for n in range(self.list.count()):
            row = self.list.item(n).data(Qt.ItemDataRole.UserRole)
            if row.id == value:
                self.list.setCurrentRow(n)
                return
