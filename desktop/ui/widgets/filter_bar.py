"""The filter bar above every table: a search box, the area's filters and 清除筛选.

A tab declares its filters and listens to one signal carrying every value in a dict:

    bar = FilterBar([UnitFilter(load_units), ComboFilter("sex", "性别", [("F", "女"), ("M", "男")]),
                     AgeFilter()], placeholder="姓名、身份证号或电话")
    bar.changed.connect(lambda values: ...)   # {"text": "张", "unit_id": 3, "sex": "F", "age_min": 35, ...}

Combo values are the codes (None for 全部); the search text is debounced so typing stays smooth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.ui.widgets.flow_layout import FlowLayout
from desktop.ui.widgets.unit_picker import UnitCombo, UnitLike

DEBOUNCE_MS = 150
ALL = "全部"


@dataclass(frozen=True)
class ComboFilter:
    key: str
    label: str
    options: Sequence[tuple[Any, str]]  # (code, label); a leading (None, "全部") is added


@dataclass(frozen=True)
class UnitFilter:
    """A unit and everything below it; ``load`` returns the unit tree (called now and on reload_units)."""

    load: Callable[[], Sequence[UnitLike]]
    key: str = "unit_id"
    label: str = "单位"


@dataclass(frozen=True)
class AgeFilter:
    """Age bands as (label, min age, max age) — inclusive, None for open-ended."""

    bands: Sequence[tuple[str, int | None, int | None]] = field(
        default_factory=lambda: (
            ("35岁以下", None, 34),
            ("35–44岁", 35, 44),
            ("45–54岁", 45, 54),
            ("55岁及以上", 55, None),
        )
    )
    key_min: str = "age_min"
    key_max: str = "age_max"
    label: str = "年龄"


FilterDef = ComboFilter | UnitFilter | AgeFilter


class FilterBar(QWidget):
    changed = Signal(dict)

    def __init__(
        self,
        filters: Sequence[FilterDef],
        *,
        placeholder: str = "搜索",
        count_format: str = "共 {n} 条",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.filters = list(filters)
        self.count_format = count_format
        self._combos: dict[str, QComboBox] = {}
        self._units: dict[str, tuple[UnitFilter, UnitCombo]] = {}
        self._age: tuple[AgeFilter, QComboBox] | None = None
        # Wraps to a second row when a large font or a narrow window leaves no room on one.
        lay = FlowLayout(self, spacing=10)

        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.setToolTip(f"{placeholder}（Ctrl+F）；输入时即刻筛选")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance(placeholder) + 40)
        lay.addWidget(self.search)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._emit_now)

        for flt in self.filters:
            widget: QComboBox
            if isinstance(flt, UnitFilter):
                unit_combo = UnitCombo(empty_label="全部单位（含下级）")
                unit_combo.setToolTip("选中一个单位时，也包括它下面的所有单位")
                unit_combo.set_units(flt.load())
                unit_combo.changed.connect(lambda _v: self._emit_now())
                self._units[flt.key] = (flt, unit_combo)
                widget = unit_combo
            else:
                widget = QComboBox()
                widget.addItem(ALL, None)
                if isinstance(flt, AgeFilter):
                    for text, lo, hi in flt.bands:
                        widget.addItem(text, (lo, hi))
                    self._age = (flt, widget)
                else:
                    for code, text in flt.options:
                        widget.addItem(text, code)
                    self._combos[flt.key] = widget
                widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
                widget.currentIndexChanged.connect(lambda _i: self._emit_now())
            lay.addWidget(self._labelled(flt.label, widget))

        self.result_label = QLabel()
        self.result_label.setMinimumWidth(self.fontMetrics().horizontalAdvance(count_format.format(n=88888)) + 8)
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clear_button = QPushButton("清除筛选")
        self.clear_button.clicked.connect(self.clear)
        lay.addWidget(self.clear_button)
        lay.addWidget(self.result_label)
        self._update_clear_button()

    @staticmethod
    def _labelled(text: str, widget: QWidget) -> QWidget:
        """Label and box travel together when the bar wraps."""
        chip = QWidget()
        row = QHBoxLayout(chip)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        label = QLabel(text)
        label.setBuddy(widget)
        row.addWidget(label)
        row.addWidget(widget)
        return chip

    # -- values --------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.search.text().strip()}
        for key, combo in self._combos.items():
            out[key] = combo.currentData()
        for key, (_flt, unit_combo) in self._units.items():
            out[key] = unit_combo.unit_id()
        if self._age is not None:
            flt, combo = self._age
            lo, hi = combo.currentData() or (None, None)
            out[flt.key_min], out[flt.key_max] = lo, hi
        return out

    def describe(self) -> str:
        """The active filters in words, for a printout's heading ("单位：甘河林场（含下级）；性别：女")."""
        parts: list[str] = []
        text = self.search.text().strip()
        if text:
            parts.append(f"搜索“{text}”")
        for flt in self.filters:
            if isinstance(flt, UnitFilter):
                unit_combo = self._units[flt.key][1]
                if unit_combo.unit_id() is not None:
                    parts.append(f"{flt.label}：{unit_combo.unit_text()}（含下级）")
                continue
            combo = (
                self._age[1] if isinstance(flt, AgeFilter) and self._age else self._combos.get(getattr(flt, "key", ""))
            )
            if combo is not None and combo.currentIndex() > 0:
                parts.append(f"{flt.label}：{combo.currentText()}")
        return "；".join(parts)

    def is_filtered(self) -> bool:
        return bool(self.describe())

    def clear(self) -> None:
        self.blockSignals(True)
        try:
            self.search.clear()
            for combo in [*self._combos.values(), *(c for _f, c in self._units.values())]:
                combo.setCurrentIndex(0)
            if self._age is not None:
                self._age[1].setCurrentIndex(0)
        finally:
            self.blockSignals(False)
        self._emit_now()

    def set_value(self, key: str, value: Any) -> None:
        if key == "text":
            self.search.setText(str(value or ""))
            self._emit_now()
        elif key in self._units:
            self._units[key][1].set_unit_id(value)
        elif key in self._combos:
            combo = self._combos[key]
            combo.setCurrentIndex(max(0, combo.findData(value)))

    def reload_units(self) -> None:
        """After units were added or renamed in 设置 → 单位与组织."""
        for flt, unit_combo in self._units.values():
            unit_combo.set_units(flt.load())

    def set_result_count(self, n: int, count_format: str | None = None) -> None:
        """Show a count; ``count_format`` ("逾期未检 {n} 人") when the list in front is not the filtered one."""
        self.result_label.setText((count_format or self.count_format).format(n=n))

    def bind_find_shortcut(self, host: QWidget) -> None:
        """Ctrl+F anywhere in ``host`` (usually the tab) jumps to the search box."""
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), host)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.focus_search)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- signal --------------------------------------------------------------------------------------
    def _emit_now(self) -> None:
        self._debounce.stop()
        self._emit()

    def _emit(self) -> None:
        self._update_clear_button()
        self.changed.emit(self.values())

    def _update_clear_button(self) -> None:
        self.clear_button.setEnabled(self.is_filtered())
