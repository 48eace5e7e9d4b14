"""One list page (after Vorta's BaseTab): a toolbar, a filter bar, a lazy table and a detail pane in a
splitter, wired once here so the area pages only declare what is theirs.

    class HonoursPage(ListPage[HonourRow]):
        toolbar_title, layout_key, empty_text = "荣誉", "honours", "还没有荣誉记录 — …"
        columns = COLUMNS

        def filters(self): return [ComboFilter("year", "年度", …)]
        def toolbar_actions(self): return [Action("new", "登记荣誉", self.add), Action("edit", "编辑", self.edit, True)]
        def query(self): return HonourFilter(**self.filter_bar.values())
        def fetch_ids(self, query, sort, descending): …      # or short = True and load_rows(query)
        def fetch_rows(self, ids): …
        def show_detail(self, row): self.detail.show_record(…)

What the base does for every page: the filter bar's changes re-query the table and update the count and the
empty text (a different one when a filter hides everything); the current row drives the detail pane and the
actions marked ``row=True``; a refresh after a change keeps the selection (by record id) or selects the new
record; a double-click (or Enter) edits; the column layout is remembered under ``layout_key``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QMenu, QSplitter, QVBoxLayout, QWidget

from desktop.services.database import Database
from desktop.ui.widgets.detail_pane import DetailPane
from desktop.ui.widgets.filter_bar import FilterBar, FilterDef
from desktop.ui.widgets.lazy_table import Column, LazyTableModel, LazyTableView
from desktop.ui.widgets.short_list import ShortListModel, ShortListView
from desktop.ui.widgets.toolbar import Action, build_toolbar

R = TypeVar("R")


class ListPage(QWidget, Generic[R]):
    changed = Signal()  # records were written: the tab refreshes what depends on them

    # -- what a page declares ------------------------------------------------------------------------
    toolbar_title = ""
    columns: Sequence[Column[Any]] = ()
    layout_key = ""  # the remembered column layout; "" forgets it
    empty_text = ""  # the table with no record at all, saying what to do first
    empty_filtered_text = ""  # the filter hides every record ("" keeps empty_text)
    detail_text: str | None = "选中一行查看详情"  # the empty detail pane; None: the page has no detail pane
    placeholder = "搜索"
    count_format = "共 {n} 条"
    default_sort = "id"
    sort_column: int | None = None  # sorted by this column (descending when sort_descending) until the clerk sorts
    sort_descending = False
    short = False  # a short list read whole by load_rows(query) (no SQL paging; sorting in memory)
    select_first = False  # short lists: the first row is current when nothing else is
    single_selection = False  # short lists: one row at a time
    stretch = ""  # short lists: the column that takes the room left (the others stay in view)
    fit_contents = False  # short lists: every column as wide as its text, always
    context_menu = False  # a right click on the table offers the toolbar's actions
    split_sizes = (900, 320)
    split_stretch = (1, 0)  # how the table and the detail share a wider window
    margins = (0, 0, 0, 0)  # 0 inside a tab's pages; a page that is the whole tab keeps a little air
    load_now = True  # False: the tab fills the page when it is first shown (reload())

    def __init__(self, db: Database, today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self._loaded = False
        filters = self.filters()
        # A page without filters keeps a bar it never shows, so every page answers values(), describe() alike.
        self._filtered = filters is not None
        self.filter_bar = FilterBar(filters or (), placeholder=self.placeholder, count_format=self.count_format)
        for key, value in self.filter_defaults().items():
            self.filter_bar.set_value(key, value)
        self.filter_bar.changed.connect(lambda _v: self.apply_filter())
        self.model: LazyTableModel[R] = self._make_model()
        self.view = self._make_view()
        if self.sort_column is not None and self.view.horizontalHeader().sortIndicatorSection() < 0:
            order = Qt.SortOrder.DescendingOrder if self.sort_descending else Qt.SortOrder.AscendingOrder
            self.view.sortByColumn(self.sort_column, order)
        self.view.activated.connect(lambda _i: self.edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._current_changed())
        self.model.modelReset.connect(self._current_changed)
        if self.context_menu:
            self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            self.view.customContextMenuRequested.connect(self._menu)
        self.detail = DetailPane(empty_text=self.detail_text) if self.detail_text is not None else None
        specs = self.toolbar_actions()
        self.toolbar, self.actions_ = build_toolbar(self, self.toolbar_title, specs)
        self._row_actions = [spec.key for spec in specs if spec is not None and spec.row]
        lay = QVBoxLayout(self)
        lay.setContentsMargins(*self.margins)
        lay.addWidget(self.toolbar)
        if self._filtered:
            lay.addWidget(self.filter_bar)
        else:
            self.filter_bar.setParent(self)
            self.filter_bar.hide()
        for widget in self.above_table():
            lay.addWidget(widget)
        body = self.table_area()
        if self.detail is not None:
            split = QSplitter(Qt.Orientation.Horizontal)
            split.addWidget(body)
            split.addWidget(self.detail_area())
            for n, stretch in enumerate(self.split_stretch):
                if stretch:
                    split.setStretchFactor(n, stretch)
            split.setSizes(list(self.split_sizes))
            body = split
        lay.addWidget(body, 1)
        if self.load_now:
            self.apply_filter()

    # -- hooks a page overrides ----------------------------------------------------------------------
    def filters(self) -> Sequence[FilterDef] | None:
        """The filter bar's filters; None: the page has no filter bar."""
        return None

    def filter_defaults(self) -> dict[str, Any]:
        """Filter values the page opens with (this year, active files)."""
        return {}

    def toolbar_actions(self) -> Sequence[Action | None]:
        """The toolbar, left to right; None is a separator."""
        return ()

    def make_columns(self) -> Sequence[Column[R]]:
        """The columns, when they need the page (today's date, the unit paths)."""
        return self.columns

    def query(self) -> Any:
        """What fetch_ids or load_rows receive: usually the filter bar's values as the service's filter."""
        return None

    def fetch_ids(self, query: Any, sort: str, descending: bool) -> list[int]:
        raise NotImplementedError

    def fetch_rows(self, ids: list[int]) -> Sequence[R]:
        raise NotImplementedError

    def load_rows(self, query: Any) -> Sequence[R]:
        """A short page's whole list."""
        raise NotImplementedError

    def row_muted(self, row: R) -> bool:
        """Grey text (an archived record shown among the others)."""
        return False

    def row_warned(self, row: R) -> bool:
        """A red row (an overdue review); the row must say so in words too."""
        return False

    def current_changed(self, row: R | None) -> None:
        """The current record changed (or was refreshed): enable what depends on more than having a row."""

    def show_detail(self, row: R) -> None:
        """Fill self.detail for the current record."""

    def list_loaded(self) -> None:
        """The list was read (filter or change): update what sums it up (notes, counts elsewhere)."""

    def edit(self) -> None:
        """A double-click or Enter on a row."""

    def above_table(self) -> Sequence[QWidget]:
        """Widgets between the filter bar and the table (a note)."""
        return ()

    def table_area(self) -> QWidget:
        """The left side of the splitter: the table, or the table with what belongs under it."""
        return self.view

    def detail_area(self) -> QWidget:
        """The right side of the splitter: the detail pane, or the pane with what belongs under it."""
        assert self.detail is not None
        return self.detail

    # -- what tabs and tests call --------------------------------------------------------------------
    def apply_filter(self) -> None:
        """Re-query with the filter bar's values."""
        self._loaded = True
        self.model.set_query(self.query())
        self.show_count()
        if self.empty_filtered_text:
            filtered = self.filter_bar.is_filtered()
            self.view.set_empty_text(self.empty_filtered_text if filtered else self.empty_text)
        self.list_loaded()

    def reload(self, select_id: int | None = None) -> None:
        """Read the list again (the data changed), keeping the selection; ``select_id`` makes that record
        current."""
        if not self._loaded:
            self.apply_filter()
        else:
            if isinstance(self.model, ShortListModel):
                self.model.reload()
            else:
                self.model.refresh()
            self.show_count()
            self.list_loaded()
        if select_id is not None:
            self.view.set_current_id(select_id)
        self._current_changed()

    def after_change(self, select_id: int | None = None) -> None:
        """After a write: reload, and tell the tab."""
        self.reload(select_id)
        self.changed.emit()

    def current(self) -> R | None:
        record_id = self.view.current_id()
        row_no = self.model.row_of(record_id) if record_id is not None else None
        return self.model.record(row_no) if row_no is not None else None

    def refresh_detail(self) -> None:
        self._current_changed()

    def show_count(self) -> None:
        self.filter_bar.set_result_count(self.model.rowCount())

    def filter_text(self) -> str:
        """The active filters in words (a printout's heading)."""
        return self.filter_bar.describe()

    def reload_units(self) -> None:
        """After units were added or renamed: the unit filter offers the new tree."""
        self.filter_bar.reload_units()

    def save_state(self) -> None:
        self.view.save_layout()

    # -- wiring --------------------------------------------------------------------------------------
    def _make_model(self) -> LazyTableModel[R]:
        options: dict[str, Any] = {"muted": self.row_muted, "warn": self.row_warned, "parent": self}
        if self.short:
            return ShortListModel(self.make_columns(), load=self.load_rows, **options)
        return LazyTableModel(
            self.make_columns(), ids=self.fetch_ids, rows=self.fetch_rows, default_sort=self.default_sort, **options
        )

    def _make_view(self) -> LazyTableView:
        if isinstance(self.model, ShortListModel):
            return ShortListView(
                self.model,
                layout_key=self.layout_key,
                empty_text=self.empty_text,
                select_first=self.select_first,
                single=self.single_selection,
                stretch=self.stretch,
                fit_contents=self.fit_contents,
            )
        return LazyTableView(self.model, layout_key=self.layout_key, empty_text=self.empty_text)

    def _current_changed(self) -> None:
        row = self.current()
        for key in self._row_actions:
            self.actions_[key].setEnabled(row is not None)
        self.current_changed(row)
        if self.detail is None:
            return
        if row is None:
            self.detail.show_empty()
        else:
            self.show_detail(row)

    def _menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for action in self.actions_.values():
            menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(pos))
