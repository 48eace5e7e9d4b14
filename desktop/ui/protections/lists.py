"""The two lists beside the ledger on the 四期保护 tab: 岗位冲突 and 近期提醒.

Both are short lists (desktop/ui/widgets/short_list.py) from one service call, shown through the same lazy
table machinery as the ledger (columns, tooltips, remembered layout, empty text). Their rows get stable ids
from a key (woman + kind, case + event + day), so the selection survives a refresh after a reassignment.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop.services.database import Database
from desktop.services.protections import conflicts as protection_conflicts
from desktop.services.protections import reminders as protection_reminders
from desktop.services.protections.conflicts import Conflict
from desktop.services.reminders import MAX_DAYS, Reminder
from desktop.ui.protections import columns as cols
from desktop.ui.widgets.lazy_table import Column
from desktop.ui.widgets.short_list import ShortListModel, ShortListView

T = TypeVar("T")

DEFAULT_DAYS = 30
URGENT = "urgent"
CONFLICT_KINDS: tuple[tuple[str | None, str], ...] = (
    (URGENT, "禁忌作业 + 夜班/加班 + 女职工禁忌"),
    ("prohibited", "禁忌作业"),
    ("night_overtime", "夜班/延长劳动时间"),
    ("all_women", "女职工禁忌作业（所有女职工）"),
    ("menstruation", "经期禁忌岗位（轮岗参考）"),
    (None, "全部类别"),
)


@dataclass(frozen=True)
class ListQuery:
    on: date
    unit_id: int | None
    text: str
    option: Any  # the page's own choice: conflict kind or number of days


class _AlertShortList(cols.AlertTableModel, ShortListModel[Any]):
    """A short list whose warning cells are dark red, like the ledger's."""


class _ListPage(QWidget, Generic[T]):
    """A control row and a short list over ``fetch(query)``; emits the row object on selection."""

    selected = Signal(object)  # the current item (or None)
    activated = Signal(object)

    def __init__(
        self,
        columns: Sequence[Column[T]],
        *,
        key: Callable[[T], Hashable],
        alert: Callable[[str, T], bool],
        layout_key: str,
        empty_text: str,
    ) -> None:
        super().__init__()
        self.model = _AlertShortList(columns, alert=alert, load=self.fetch, key=key, parent=self)
        self.view = ShortListView(self.model, layout_key=layout_key, empty_text=empty_text)
        self.view.activated.connect(lambda _i: self.activated.emit(self.current()))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self.selected.emit(self.current()))
        self.model.modelReset.connect(lambda: self.selected.emit(self.current()))
        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(0, 0, 0, 0)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(self.controls)
        lay.addWidget(self.view, 1)

    def fetch(self, query: ListQuery) -> list[T]:
        raise NotImplementedError

    def load(self, query: ListQuery) -> None:
        """Re-read the list (the data or the filter changed); sorting alone reuses what was read."""
        self.model.set_query(query)

    def count(self) -> int:
        return self.model.rowCount()

    def current(self) -> T | None:
        return self.model.item(self.view.current_id())

    def items(self) -> list[T]:
        return self.model.items()


def _matches(text: str, *fields: str) -> bool:
    needle = "".join(text.split())
    return not needle or any(needle in f for f in fields)


class ConflictsPage(_ListPage[Conflict]):
    def __init__(self, db: Database) -> None:
        columns = [c if c.key in ("reasons", "conditions") else _sortable(c) for c in cols.CONFLICT_COLUMNS]
        super().__init__(
            columns,
            key=lambda c: (c.worker_id, c.kind),
            alert=cols.conflict_alert,
            layout_key="protection-conflicts",
            empty_text="没有岗位冲突 — 处于孕期、哺乳期的女职工都不在禁忌岗位上",
        )
        self.db = db
        self.kind = QComboBox()
        for code, label in CONFLICT_KINDS:
            self.kind.addItem(label, code)
        self.kind.setToolTip("经期禁忌岗位的名单较长，只在安排轮岗时查看")
        kind_label = QLabel("类别")
        kind_label.setBuddy(self.kind)
        note = QLabel("选中一行后点“调岗”（或双击）记录调整后的岗位，冲突即消除。")
        note.setStyleSheet("color:#444")
        self.controls.addWidget(kind_label)
        self.controls.addWidget(self.kind)
        self.controls.addSpacing(12)
        self.controls.addWidget(note, 1)

    def option(self) -> str | None:
        return self.kind.currentData()

    def fetch(self, query: ListQuery) -> list[Conflict]:
        kinds = (
            {"prohibited", "night_overtime", "all_women"}
            if query.option == URGENT
            else {query.option}
            if query.option
            else None
        )
        with self.db.read() as s:
            found = protection_conflicts.conflicts(s, query.on, unit_id=query.unit_id, kinds=kinds)
        return [c for c in found if _matches(query.text, c.name, c.post, c.unit)]


class RemindersPage(_ListPage[Reminder]):
    def __init__(self, db: Database, on: Callable[[], date]) -> None:
        columns = [c if c.key in ("detail", "in") else _sortable(c) for c in cols.reminder_columns(on)]
        super().__init__(
            columns,
            key=lambda r: (r.ref_id, r.kind_label, r.day),
            alert=cols.reminder_alert,
            layout_key="protection-reminders",
            empty_text="这段时间内没有需要提醒的事项",
        )
        self.db = db
        self.days = QSpinBox()
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(" 天")
        self.days.setToolTip("自统计日期起（含当天）的天数")
        before = QLabel("统计日期起未来")
        before.setBuddy(self.days)
        note = QLabel("孕满7个月、预产期、产假开始、产假结束/返岗、哺乳期结束")
        note.setStyleSheet("color:#444")
        self.controls.addWidget(before)
        self.controls.addWidget(self.days)
        self.controls.addWidget(QLabel("内："))
        self.controls.addWidget(note, 1)

    def option(self) -> int:
        return self.days.value()

    def fetch(self, query: ListQuery) -> list[Reminder]:
        with self.db.read() as s:
            return protection_reminders.filtered_reminders(
                s, query.on, int(query.option), unit_id=query.unit_id, text=query.text
            )


def _sortable(column: Column[Any]) -> Column[Any]:
    """Header clicks sort these short lists in memory, by the text shown (dates are yyyy-MM-dd)."""
    return replace(column, sort=column.key)  # every other setting kept (fit, tips, width)
