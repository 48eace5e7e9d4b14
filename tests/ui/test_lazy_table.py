"""The shared lazy table: Qt's model checks on real data, paging, SQL sorting, kept selection, layout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.ui import prefs
from desktop.ui.roster import columns as roster_columns
from desktop.ui.widgets.lazy_table import ID_ROLE, Column, LazyTableModel, LazyTableView


def _roster_model(db: Database, **kw: Any) -> tuple[LazyTableModel[workers.WorkerRow], list[tuple]]:
    calls: list[tuple] = []

    def ids(flt: workers.WorkerFilter, sort: str, descending: bool) -> list[int]:
        calls.append(("ids", sort, descending))
        with db.read() as s:
            return workers.worker_ids(s, flt, sort=sort, descending=descending)

    def rows(wanted: list[int]) -> list[workers.WorkerRow]:
        calls.append(("rows", len(wanted)))
        with db.read() as s:
            return workers.fetch_rows(s, wanted)

    return LazyTableModel(roster_columns.COLUMNS, ids=ids, rows=rows, **kw), calls


def _demo(db: Database, n: int) -> None:
    from desktop.services.demo import create_demo

    create_demo(db, workers=n, seed=3)


def test_model_passes_qt_model_checks_on_real_data(db: Database, qtmodeltester: Any) -> None:
    _demo(db, 120)
    model, _calls = _roster_model(db, page_size=25, cache_pages=2)
    model.set_query(workers.WorkerFilter())
    assert model.rowCount() > 100
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_rows_are_fetched_in_pages_and_cached(people: dict[str, int], office_db: Database) -> None:
    model, calls = _roster_model(office_db, page_size=2, cache_pages=1)
    model.set_query(workers.WorkerFilter())
    assert calls == [("ids", "id", False)]  # nothing fetched until shown
    first = model.index(0, 0).data()
    model.index(1, 0).data()
    assert calls.count(("rows", 2)) == 1  # rows 0 and 1 share a page
    model.index(2, 0).data()  # page 1 evicts page 0 (one page cached)
    assert model.index(0, 0).data() == first
    assert [c for c in calls if c[0] == "rows"] == [("rows", 2), ("rows", 1), ("rows", 2)]


def test_sort_runs_in_the_service_and_keeps_the_selection(
    people: dict[str, int], office_db: Database, qtbot: Any
) -> None:
    model, calls = _roster_model(office_db)
    view = LazyTableView(model)
    qtbot.addWidget(view)
    model.set_query(workers.WorkerFilter())
    assert view.set_current_id(people["王建国"])
    name_col = next(n for n, c in enumerate(model.columns) if c.key == "name")
    view.sortByColumn(name_col, Qt.SortOrder.DescendingOrder)
    assert calls[-1] == ("ids", "name", True)
    assert [model.index(r, name_col).data() for r in range(3)] == sorted(["张丽", "王建国", "李娜"], reverse=True)
    assert view.selected_ids() == [people["王建国"]]
    assert view.current_id() == people["王建国"]
    # A refresh after a change keeps the selection too, even though the row moved.
    model.set_query(workers.WorkerFilter(text="王"))
    assert model.rowCount() == 1 and view.selected_ids() == [people["王建国"]]


@dataclass(frozen=True)
class Item:
    id: int
    title: str


def test_generic_over_any_rows_with_empty_text_and_saved_layout(qtbot: Any) -> None:
    """Nothing in the table knows about workers: a later tab only declares columns and two functions."""
    items = {i: Item(i, f"活动{i}") for i in range(1, 6)}

    def ids(query: str, sort: str, descending: bool) -> list[int]:
        found = [i for i, it in items.items() if query in it.title]
        return sorted(found, reverse=descending)

    model: LazyTableModel[Item] = LazyTableModel(
        [
            Column("title", "名称", lambda r: r.title, sort="title", tooltip="活动名称"),
            Column("no", "编号", lambda r: str(r.id), sort="id"),
        ],
        ids=ids,
        rows=lambda wanted: [items[i] for i in wanted],
    )
    view = LazyTableView(model, layout_key="test-items", empty_text="还没有活动")
    qtbot.addWidget(view)
    view.show()
    model.set_query("")
    assert model.rowCount() == 5 and model.index(0, 0).data(ID_ROLE) == 1
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "活动名称"
    model.set_query("没有这个")
    assert model.rowCount() == 0
    view.grab()  # paints the empty-state text without error
    view.setColumnWidth(0, 321)
    view.save_layout()
    assert prefs.settings().value("tables/test-items/header") is not None
    again = LazyTableView(model, layout_key="test-items")
    qtbot.addWidget(again)
    assert again.columnWidth(0) == 321
