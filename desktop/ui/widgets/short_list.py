"""A short list: records read whole from one service call (a few batches a year, a year's enrolments, the
conflicts of a day), shown through the lazy table machinery so they look and behave like the long lists —
declared columns, tooltips on cut text, remembered layout, empty text, selection kept by id.

    model = ShortListModel(COLUMNS, load=lambda query: service.rows(session, query), parent=self)
    view = ShortListView(model, layout_key="batches", empty_text="还没有批次")
    model.set_query(query)   # reads the list; model.reload() reads it again after a change

Rows are identified by their ``id`` (what the 工作台 opens a record by); rows without one give a ``key``
(woman + kind), from which a stable number is made, so the selection survives a refresh all the same.
A column with a ``sort`` key sorts in memory by the text it shows; without one, the service's order stays.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from desktop.ui.widgets.lazy_table import Column, LazyTableModel, LazyTableView

T = TypeVar("T")


class ShortListModel(LazyTableModel[T]):
    def __init__(
        self,
        columns: Sequence[Column[T]],
        *,
        load: Callable[[Any], Sequence[T]],
        key: Callable[[T], Hashable] | None = None,
        parent: QWidget | None = None,
        **options: Any,  # muted, warn … as LazyTableModel takes them
    ) -> None:
        self._load = load
        self._key = key
        self._numbers: dict[Hashable, int] = {}  # key → the stable id given to it
        self._items: list[T] | None = None  # read once per query or reload; sorting reuses it
        self._by_id: dict[int, T] = {}
        super().__init__(
            columns,
            ids=self._fetch_ids,
            rows=self._fetch_rows,
            row_id=self.row_id,
            default_sort="",
            parent=parent,
            **options,
        )

    def set_query(self, query: Any) -> None:
        self._items = None
        super().set_query(query)

    def reload(self) -> None:
        """Read the list again (the data changed); views keep their selection by id."""
        self._items = None
        self.refresh()

    def row_id(self, item: T) -> int:
        if self._key is None:
            return int(item.id)  # type: ignore[attr-defined]  # T has no bound: without a key, items have an id
        return self._numbers.setdefault(self._key(item), len(self._numbers) + 1)

    def item(self, record_id: int | None) -> T | None:
        return self._by_id.get(record_id) if record_id is not None else None

    def items(self) -> list[T]:
        """The rows in display order."""
        return [self._by_id[i] for i in self.ids()]

    def _fetch_ids(self, query: Any, sort: str, descending: bool) -> list[int]:
        if self._items is None:
            self._items = list(self._load(query))
        items = list(self._items)
        text = next((c.text for c in self.columns if c.sort and c.sort == sort), None)
        if text is not None:
            items.sort(key=text, reverse=descending)
        self._by_id = {self.row_id(i): i for i in items}
        return list(self._by_id)

    def _fetch_rows(self, ids: list[int]) -> list[T]:
        return [self._by_id[i] for i in ids if i in self._by_id]


class ShortListView(LazyTableView):
    """A LazyTableView for a ShortListModel; ``select_first`` selects the first row when nothing else is
    (a list whose detail should never stand empty while there are rows), ``single`` allows one row only,
    ``stretch`` names the column that takes (or gives) the room left, so the others stay in view;
    ``fit_contents`` keeps every column as wide as its widest text (a list narrow enough to show whole);
    ``wrap`` lets a long text wrap in its row, rows as tall as their text (a handful of contracts or clauses)."""

    def __init__(
        self,
        model: ShortListModel[Any],
        *,
        layout_key: str = "",
        empty_text: str = "",
        select_first: bool = False,
        single: bool = False,
        stretch: str = "",
        fit_contents: bool = False,
        wrap: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(model, layout_key=layout_key, empty_text=empty_text, parent=parent)
        header = self.horizontalHeader()
        if not any(c.sort for c in model.columns):
            # Nothing to sort by: no sort arrow to click (nor room kept for one in each title).
            self.setSortingEnabled(False)
            header.setSortIndicatorShown(False)
        if fit_contents:
            header.setStretchLastSection(False)
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        keys = [c.key for c in model.columns]
        if stretch in keys:
            header.setSectionResizeMode(keys.index(stretch), QHeaderView.ResizeMode.Stretch)
        if wrap:
            self.setWordWrap(True)
            self.setTextElideMode(Qt.TextElideMode.ElideNone)
            self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if single:
            self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        if select_first:
            model.modelReset.connect(self._select_first)  # after the view restored what was selected

    def short_model(self) -> ShortListModel[Any]:
        model = self.model()
        if not isinstance(model, ShortListModel):
            raise TypeError(f"the view's model is a {type(model).__name__}, not a ShortListModel")
        return model

    def current(self) -> Any:
        return self.short_model().item(self.current_id())

    def set_columns(self, columns: Sequence[Column[Any]]) -> None:
        """Columns that follow the data (one per question of the survey in front); widths start over."""
        model = self.short_model()
        if [(c.key, c.title) for c in columns] == [(c.key, c.title) for c in model.columns]:
            return
        model.beginResetModel()
        model.columns = list(columns)
        model.endResetModel()
        self._default_widths()

    def _select_first(self) -> None:
        if self.current_id() is None and self.model().rowCount():
            self.selectRow(0)
