"""A table over any number of records that holds only their ids (after Anki's browser table model).

A tab declares its columns and two functions, and gets sorting in SQL, lazy paging and a remembered
column layout:

    COLUMNS = [Column("name", "姓名", lambda r: r.name, sort="name", width=6), ...]
    model = LazyTableModel(COLUMNS, ids=lambda query, sort, desc: ..., rows=lambda ids: ...)
    model.set_query(WorkerFilter(...))       # re-queries the ids; rows are fetched as they are shown

``ids(query, sort, descending)`` returns the ids in display order (filter and sort run in the service);
``rows(ids)`` returns row objects for those ids (in any order; ids not found are shown blank). Both
usually open a read session and call one service function.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QHelpEvent, QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QToolTip, QWidget

from desktop.ui import prefs

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record id of a row
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row object itself (None until fetched / when missing)
# Rows that need action (an overdue review): a light red band and dark red text, always with a word in a cell
# too ("逾期"), so the state does not rest on colour alone.
WARN_BACKGROUND = QColor("#fde2e1")
WARN_FOREGROUND = QColor("#8b1a1a")


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: ``text`` formats a row for display; ``sort`` is the service's sort key (None: fixed)."""

    key: str
    title: str
    text: Callable[[R], str]
    sort: str | None = None
    align: Qt.AlignmentFlag = LEFT
    tooltip: str = ""  # on the header: what the column means or how it is computed
    cell_tip: Callable[[R], str] | None = None  # on a cell, e.g. the full text of a long value
    width: int | str = 0  # initial width: Chinese characters, or a sample text to measure ("0470-3521234")
    # The column widens to the widest value shown so far: money ("1,776,800.00" must never lose digits) and
    # unit labels. Other columns elide with "…" and show the whole text as a tooltip.
    fit: bool = False


class LazyTableModel(QAbstractTableModel, Generic[R]):
    rows_loaded = Signal(list)  # the row objects of a page just fetched (views fit columns to them)

    def __init__(
        self,
        columns: Sequence[Column[R]],
        *,
        ids: Callable[[Any, str, bool], list[int]],
        rows: Callable[[list[int]], Sequence[R]],
        # R has no bound (a model of rows without an id passes its own row_id), so the default is unchecked.
        row_id: Callable[[R], int] = lambda r: r.id,  # type: ignore[attr-defined]
        default_sort: str = "id",
        muted: Callable[[R], bool] | None = None,
        warn: Callable[[R], bool] | None = None,
        page_size: int = 200,
        cache_pages: int = 12,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._fetch_ids = ids
        self._fetch_rows = rows
        self._row_id = row_id
        self._muted = muted
        self._warn = warn
        self.default_sort = default_sort
        self.page_size = page_size
        self.cache_pages = cache_pages
        self.query: Any = None
        self.sort_key = default_sort
        self.descending = False
        self._ids: list[int] = []
        self._active = False  # no id query until the tab sets its first query (avoids a start-up double run)
        self._row_of: dict[int, int] | None = None  # built on demand; 20,000 ids take ~2 ms
        self._pages: OrderedDict[int, list[R | None]] = OrderedDict()

    # -- what the tab calls --------------------------------------------------------------------------
    def set_query(self, query: Any) -> None:
        self.query = query
        self._active = True
        self.refresh()

    def refresh(self) -> None:
        """Re-run the id query (after a change or a new filter); views restore their selection by id."""
        if not self._active:
            return
        self.beginResetModel()
        self._ids = list(self._fetch_ids(self.query, self.sort_key, self.descending))
        self._row_of = None
        self._pages.clear()
        self.endResetModel()

    def adjust_column(self, key: str, **changes: Any) -> None:
        """Give a column what only the tab knows (today's date, the unit paths): ``adjust_column("unit",
        cell_tip=lambda r: paths[r.unit_id])``."""
        self.columns = [replace(c, **changes) if c.key == key else c for c in self.columns]
        if self.columns and self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {rid: n for n, rid in enumerate(self._ids)}
        return self._row_of.get(record_id)

    def record(self, row: int) -> R | None:
        """The row object at a table row, fetching its page if needed."""
        if not 0 <= row < len(self._ids):
            return None
        page_no, offset = divmod(row, self.page_size)
        page = self._pages.get(page_no)
        if page is None:
            page = self._load_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def _load_page(self, page_no: int) -> list[R | None]:
        wanted = self._ids[page_no * self.page_size : (page_no + 1) * self.page_size]
        by_id = {self._row_id(r): r for r in self._fetch_rows(wanted)}
        page: list[R | None] = [by_id.get(i) for i in wanted]
        self._pages[page_no] = page
        while len(self._pages) > self.cache_pages:
            self._pages.popitem(last=False)
        self.rows_loaded.emit([r for r in page if r is not None])
        return page

    # -- QAbstractTableModel -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.ForegroundRole,
            ROW_ROLE,
        ):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        rec = self.record(index.row())
        if role == ROW_ROLE:
            return rec
        if rec is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(rec)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.cell_tip(rec) if column.cell_tip else None
        warned = self._warn is not None and self._warn(rec)
        if role == Qt.ItemDataRole.BackgroundRole:
            return WARN_BACKGROUND if warned else None
        if warned:  # ForegroundRole
            return WARN_FOREGROUND
        if self._muted is not None and self._muted(rec):
            return QColor("#666666")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in SQL: re-query the ids in the new order."""
        key = self.columns[column].sort if 0 <= column < len(self.columns) else None
        self.sort_key = key or self.default_sort
        self.descending = order == Qt.SortOrder.DescendingOrder and key is not None
        self.refresh()


class LazyTableView(QTableView):
    """A QTableView for LazyTableModel: row selection, kept selection across refreshes, an empty-state
    text, and a column layout remembered per ``layout_key`` in the preferences."""

    MAX_RESTORED = 200  # restoring a huge selection row by row would stall; beyond this keep the current

    def __init__(
        self, model: LazyTableModel[Any], *, layout_key: str = "", empty_text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.layout_key = layout_key
        self._kept: tuple[list[int], int | None] = ([], None)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        model.modelAboutToBeReset.connect(self._keep_selection)
        model.modelReset.connect(self._restore_selection)
        model.rows_loaded.connect(self._fit_later)
        self._unfitted: list[Any] = []
        # Pages load while the view paints; resizing then would re-enter the paint, so fit just after it
        # (a timer the view owns: it dies with the view).
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_pending)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save_layout)
        self._char_width = self.fontMetrics().horizontalAdvance("中")
        self._apply_font_metrics()
        self._default_widths()
        self.restore_layout()
        # Enabling sorting sorts once by the (restored) indicator, so the model matches the header.
        self.setSortingEnabled(True)
        for sig in (header.sectionResized, header.sectionMoved, header.sortIndicatorChanged):
            sig.connect(lambda *_: self._save_timer.start())

    def lazy_model(self) -> LazyTableModel[Any]:
        model = self.model()
        if not isinstance(model, LazyTableModel):
            raise TypeError(f"the view's model is a {type(model).__name__}, not a LazyTableModel")
        return model

    # -- selection by id -----------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        # Walk the selection's ranges, not selectedRows(): Ctrl+A on 20,000 rows is one range, not
        # 240,000 indexes to check.
        rows: set[int] = set()
        selection = self.selectionModel().selection()
        for i in range(selection.count()):
            rng = selection.at(i)
            rows.update(range(rng.top(), rng.bottom() + 1))
        return sorted(rows)

    def selected_ids(self) -> list[int]:
        model = self.lazy_model()
        return [rid for rid in (model.id_at(r) for r in self.selected_rows()) if rid is not None]

    def current_id(self) -> int | None:
        index = self.currentIndex()
        if index.isValid() and self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return self.lazy_model().id_at(index.row())
        rows = self.selected_rows()
        return self.lazy_model().id_at(rows[0]) if rows else None

    def set_current_id(self, record_id: int) -> bool:
        row = self.lazy_model().row_of(record_id)
        if row is None:
            return False
        self.selectRow(row)
        self.scrollTo(self.lazy_model().index(row, 0))
        return True

    def _keep_selection(self) -> None:
        self._kept = (self.selected_ids(), self.current_id())

    def _restore_selection(self) -> None:
        selected, current = self._kept
        model = self.lazy_model()
        sm = self.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        if len(selected) <= self.MAX_RESTORED:
            for rid in selected:
                row = model.row_of(rid)
                if row is not None and rid != current:
                    sm.setCurrentIndex(model.index(row, 0), flags)
        row = model.row_of(current) if current is not None else None
        if row is not None:
            sm.setCurrentIndex(model.index(row, 0), flags)
            self.scrollTo(model.index(row, 0))

    # -- look ----------------------------------------------------------------------------------------
    def _apply_font_metrics(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

    def changeEvent(self, event: Any) -> None:  # the font-size setting changes the app font
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._apply_font_metrics()
            # Columns keep their proportions (and the clerk's own adjustments) at the new size.
            char = self.fontMetrics().horizontalAdvance("中")
            if char != self._char_width and self._char_width:
                for n in range(self.horizontalHeader().count()):
                    self.setColumnWidth(n, self.columnWidth(n) * char // self._char_width)
            self._char_width = char
            self._fit_rows(self._loaded_rows())

    # -- columns that follow their content -----------------------------------------------------------
    def _loaded_rows(self) -> list[Any]:
        model = self.lazy_model()
        return [r for page in model._pages.values() for r in page if r is not None]

    def _fit_later(self, rows: list[Any]) -> None:
        self._unfitted.extend(rows)
        self._fit_timer.start()

    def _fit_pending(self) -> None:
        rows, self._unfitted = self._unfitted, []
        self._fit_rows(rows)

    def cell_padding(self) -> int:
        """Room a cell needs besides its text (margins, focus frame), so measured text is never elided."""
        return self.fontMetrics().horizontalAdvance("中") // 2 + 12

    def _fit_rows(self, rows: Sequence[Any]) -> None:
        if not rows:
            return
        metrics = self.fontMetrics()
        for n, column in enumerate(self.lazy_model().columns):
            if not column.fit:
                continue
            widest = max(metrics.horizontalAdvance(column.text(r)) for r in rows) + self.cell_padding()
            if widest > self.columnWidth(n):
                self.setColumnWidth(n, widest)

    def text_elided(self, index: QModelIndex) -> bool:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            return False
        return self.fontMetrics().horizontalAdvance(str(text)) + self.cell_padding() > self.columnWidth(index.column())

    def viewportEvent(self, event: QEvent) -> bool:
        """A cell cut with "…" shows its whole text as a tooltip (a column's own cell tip comes first)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            tip = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
            if not tip and index.isValid() and self.text_elided(index):
                tip = str(index.data(Qt.ItemDataRole.DisplayRole))
            if tip:
                QToolTip.showText(event.globalPos(), str(tip), self.viewport(), self.visualRect(index))
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _default_widths(self) -> None:
        metrics = self.fontMetrics()
        char = metrics.horizontalAdvance("中")
        for n, column in enumerate(self.lazy_model().columns):
            if isinstance(column.width, str):
                content = metrics.horizontalAdvance(column.width)
            else:
                content = (column.width or len(column.title)) * char
            # The title must fit beside the sort arrow, or the clerk cannot tell the columns apart.
            self.setColumnWidth(n, max(content, metrics.horizontalAdvance(column.title) + char * 4 // 5) + 10)

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if self.empty_text and self.model() is not None and self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            rect = self.viewport().rect().adjusted(20, 20, -20, -20)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            painter.end()

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.viewport().update()

    # -- remembered layout ---------------------------------------------------------------------------
    def _column_keys(self) -> str:
        return ",".join(c.key for c in self.lazy_model().columns)

    def save_layout(self) -> None:
        if self.layout_key:
            store = prefs.settings()
            store.setValue(f"tables/{self.layout_key}/header", self.horizontalHeader().saveState())
            store.setValue(f"tables/{self.layout_key}/columns", self._column_keys())

    def restore_layout(self) -> None:
        if not self.layout_key:
            return
        store = prefs.settings()
        # A layout saved before a program update added or removed columns would misplace them: start over.
        if store.value(f"tables/{self.layout_key}/columns") != self._column_keys():
            return
        state = store.value(f"tables/{self.layout_key}/header")
        if isinstance(state, QByteArray | bytes) and not self.horizontalHeader().restoreState(state):
            self._default_widths()
