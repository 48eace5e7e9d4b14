"""A date box that may stay empty: type 2024-03-05, 2024/3/5, 20240305 or 2024年3月5日, or pick from a calendar.

QDateEdit cannot be empty, and many dates on a worker record are simply unknown, so this is a line edit
read with desktop.core.dates.parse_date (the same reading the Excel import uses).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget, QWidgetAction

from desktop.core.dates import format_date, parse_date


class DateField(QWidget):
    """``value()`` is a date or None, and raises DomainError (with a Chinese message) for unreadable text."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("年-月-日，可留空")
        self.edit.setMaxLength(16)
        self.edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        self.button = QToolButton()
        self.button.setText("日历")
        self.button.setToolTip("从日历中选择日期")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        self.button.setMenu(menu)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.button)
        self.edit.textEdited.connect(lambda _t: self.changed.emit())
        self.setFocusProxy(self.edit)

    def value(self) -> date | None:
        return parse_date(self.edit.text())

    def set_value(self, value: object) -> None:
        self.edit.setText(format_date(value) if isinstance(value, date) else "")

    def _sync_calendar(self) -> None:
        try:
            current = self.value()
        except ValueError:
            current = None
        day = current or date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, qdate: QDate) -> None:
        self.edit.setText(format_date(date(qdate.year(), qdate.month(), qdate.day())))
        self.button.menu().hide()
        self.changed.emit()
