"""The post's prohibited-work checklist (国务院令第619号): graded items as 无/Ⅰ–Ⅳ, the others as check boxes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QWidget

from desktop.core import hazards


class HazardPicker(QWidget):
    """value() is the canonical text stored on the worker ("cold_water:2,height:3,vibration")."""

    changed = Signal()
    COLUMNS = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grades: dict[str, QComboBox] = {}
        self.flags: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        graded = [h for h in hazards.HAZARDS if h.graded]
        flags = [h for h in hazards.HAZARDS if not h.graded]
        # Label and grade box in their own grid columns, so the boxes line up under each other.
        for n, h in enumerate(graded):
            combo = QComboBox()
            combo.addItem("无", None)
            for grade, name in hazards.GRADE_NAMES.items():
                combo.addItem(f"{name}级", grade)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            combo.setToolTip(f"{h.label}的国家分级；不涉及选“无”")
            self.grades[h.code] = combo
            label = QLabel(h.label)
            label.setBuddy(combo)
            row, col = divmod(n, self.COLUMNS)
            grid.addWidget(label, row, col * 2)
            grid.addWidget(combo, row, col * 2 + 1, Qt.AlignmentFlag.AlignLeft)
        first_flag_row = (len(graded) + self.COLUMNS - 1) // self.COLUMNS
        for n, h in enumerate(flags):
            box = QCheckBox(h.label)
            if h.note:
                box.setToolTip(h.note)
            box.toggled.connect(lambda _c: self.changed.emit())
            self.flags[h.code] = box
            row, col = divmod(n, self.COLUMNS)
            grid.addWidget(box, first_flag_row + row, col * 2, 1, 2)
        grid.setColumnStretch(self.COLUMNS * 2 - 1, 1)

    def conditions(self) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for code, combo in self.grades.items():
            if combo.currentData() is not None:
                out[code] = int(combo.currentData())
        for code, box in self.flags.items():
            if box.isChecked():
                out[code] = None
        return out

    def value(self) -> str:
        return hazards.encode(self.conditions())

    def set_value(self, value: object) -> None:
        checked = hazards.decode(str(value or ""))
        for code, combo in self.grades.items():
            combo.setCurrentIndex(max(0, combo.findData(checked.get(code))) if code in checked else 0)
        for code, box in self.flags.items():
            box.setChecked(code in checked)
