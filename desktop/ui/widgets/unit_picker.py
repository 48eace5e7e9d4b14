"""A combo box showing the unit tree indented (公司 → 林场 → 班组), used by filters and dialogs.

Open, the list is the indented tree; closed, the box names the chosen unit by its label ("克一河林场/管护一组",
office.unit_labels), since a leaf such as 管护一组 is in several 林场. Cut to the box's width with "…", the whole
path is its tooltip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPaintEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget

INDENT = "\u3000"  # a full-width space per level lines Chinese names up
LABEL_ROLE = Qt.ItemDataRole.UserRole + 1  # the unit's label, shown when the box is closed
PATH_ROLE = Qt.ItemDataRole.UserRole + 2  # the whole path, company first


class UnitLike(Protocol):
    """What the picker needs of a unit (desktop.services.office.UnitNode has it).

    Read-only members, so the frozen row dataclasses of the services satisfy it.
    """

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def depth(self) -> int: ...
    @property
    def retired(self) -> bool: ...
    @property
    def label(self) -> str: ...  # "克一河林场/管护一组": unique, shorter than the path (office.unit_labels)


class UnitCombo(QComboBox):
    """``unit_id()`` is None for the first (empty) item. Retired units are greyed and, unless
    ``retired_selectable``, cannot be picked — but a record already in one still shows it."""

    changed = Signal(object)  # the new unit id (or None)

    def __init__(
        self, *, empty_label: str = "全部单位", retired_selectable: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.empty_label = empty_label
        self.retired_selectable = retired_selectable
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # Measured in Latin 'x' widths; a Chinese character takes about two.
        self.setMinimumContentsLength(2 * len(empty_label) + 2)
        self.currentIndexChanged.connect(lambda _i: self._chosen())
        self.set_units([])

    def set_units(self, units: Sequence[UnitLike]) -> None:
        """Fill from a unit tree in tree order, keeping the current choice when it still exists."""
        keep = self.unit_id()
        self.blockSignals(True)
        self._model.clear()
        first = QStandardItem(self.empty_label)
        first.setData(None, Qt.ItemDataRole.UserRole)
        self._model.appendRow(first)
        for unit in units:
            text = INDENT * unit.depth + unit.name + ("（已撤销）" if unit.retired else "")
            item = QStandardItem(text)
            item.setData(unit.id, Qt.ItemDataRole.UserRole)
            item.setData((unit.label or unit.path) + ("（已撤销）" if unit.retired else ""), LABEL_ROLE)
            item.setData(unit.path, PATH_ROLE)
            item.setToolTip(unit.path)
            if unit.retired and not self.retired_selectable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self._model.appendRow(item)
        self.blockSignals(False)
        self.set_unit_id(keep, emit=False)
        self._chosen(emit=False)

    def _chosen(self, *, emit: bool = True) -> None:
        path = self.currentData(PATH_ROLE)
        self.setToolTip(str(path) if path else "")
        self.update()
        if emit:
            self.changed.emit(self.unit_id())

    def display_text(self) -> str:
        """What the closed box shows: the unit's label, or the empty item's text."""
        label = self.currentData(LABEL_ROLE)
        return str(label) if label else self.currentText()

    def paintEvent(self, event: QPaintEvent) -> None:  # the whole box is drawn
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            self.display_text(), Qt.TextElideMode.ElideMiddle, max(field.width() - 4, 0)
        )
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def unit_id(self) -> int | None:
        value = self.currentData(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def set_unit_id(self, unit_id: int | None, *, emit: bool = True) -> None:
        row = 0
        if unit_id is not None:
            found = self.findData(unit_id, Qt.ItemDataRole.UserRole)
            row = found if found >= 0 else 0
        if not emit:
            self.blockSignals(True)
        self.setCurrentIndex(row)
        self.blockSignals(False)
        if not emit:
            self._chosen(emit=False)

    # The record-dialog field protocol: value() / set_value() / changed.
    def value(self) -> int | None:
        return self.unit_id()

    def set_value(self, value: object) -> None:
        self.set_unit_id(value if isinstance(value, int) else None)

    def unit_text(self) -> str:
        """The chosen unit's label ("克一河林场/管护一组"), empty for none."""
        if self.unit_id() is None:
            return ""
        return str(self.currentData(LABEL_ROLE) or self.currentText().strip(INDENT)).removesuffix("（已撤销）")
