"""The shared list page and short list: the current row drives the detail and the actions, the selection
survives a refresh, the empty text says what to do (and something else when a filter hides everything),
double-click edits, the column layout is remembered, a short list sorts in memory and keeps stable ids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import Qt

from desktop.services.database import Database
from desktop.ui.widgets.detail_pane import DetailRow, DetailSection
from desktop.ui.widgets.filter_bar import ComboFilter, FilterDef
from desktop.ui.widgets.lazy_table import Column
from desktop.ui.widgets.list_page import ListPage
from desktop.ui.widgets.short_list import ShortListModel, ShortListView
from desktop.ui.widgets.toolbar import SEPARATOR, Action


@dataclass(frozen=True)
class Thing:
    id: int
    name: str
    kind: str


COLUMNS: list[Column[Thing]] = [
    Column("name", "名称", lambda t: t.name, sort="name"),
    Column("kind", "类别", lambda t: t.kind, sort="kind"),
]


class ThingsPage(ListPage[Thing]):
    """A page over an in-memory store, as an area page is over its service."""

    toolbar_title = "东西"
    columns = COLUMNS
    layout_key = "things"
    empty_text = "还没有东西 — 点“新建”"
    empty_filtered_text = "没有符合筛选条件的东西"
    detail_text = "选中一样东西"
    sort_column = 0

    def __init__(self, store: list[Thing]) -> None:
        self.store = store
        self.edited: list[int] = []
        super().__init__(db=cast(Database, None))  # the page never opens the data file

    def filters(self) -> list[FilterDef]:
        return [ComboFilter("kind", "类别", (("a", "甲"), ("b", "乙")))]

    def toolbar_actions(self) -> list[Action | None]:
        return [Action("new", "新建", lambda: None), SEPARATOR, Action("edit", "编辑", self.edit, row=True)]

    def query(self) -> dict[str, Any]:
        return self.filter_bar.values()

    def fetch_ids(self, query: dict[str, Any], sort: str, descending: bool) -> list[int]:
        found = [t for t in self.store if query["kind"] in (None, t.kind) and query["text"] in t.name]
        found.sort(key=lambda t: getattr(t, sort), reverse=descending)
        return [t.id for t in found]

    def fetch_rows(self, ids: list[int]) -> list[Thing]:
        return [t for t in self.store if t.id in ids]

    def show_detail(self, row: Thing) -> None:
        assert self.detail is not None
        self.detail.show_record(row.name, [DetailSection("东西", [DetailRow("类别", row.kind)])])

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self.edited.append(row.id)


def _store() -> list[Thing]:
    return [Thing(1, "丙", "a"), Thing(2, "甲", "b"), Thing(3, "乙", "a")]


def _page(qtbot: Any, store: list[Thing]) -> ThingsPage:
    page = ThingsPage(store)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    return page


def test_detail_and_actions_follow_the_current_row(qtbot: Any) -> None:
    page = _page(qtbot, _store())
    assert page.filter_bar.result_label.text() == "共 3 条"
    assert page.detail is not None and "选中一样东西" in page.detail.text()
    assert not page.actions_["edit"].isEnabled() and page.actions_["new"].isEnabled()
    page.view.set_current_id(2)
    assert page.detail.title_text == "甲" and page.actions_["edit"].isEnabled()
    page.view.set_current_id(1)
    assert page.detail.title_text == "丙"
    page.view.clearSelection()
    assert page.detail.title_text == "" and not page.actions_["edit"].isEnabled()


def test_selection_is_kept_across_a_refresh_and_a_new_record_selected(qtbot: Any) -> None:
    store = _store()
    page = _page(qtbot, store)
    page.view.set_current_id(3)
    store.insert(0, Thing(4, "丁", "b"))  # sorts before 乙: the row number of record 3 changes
    changed: list[bool] = []
    page.changed.connect(lambda: changed.append(True))
    page.after_change()
    assert page.view.current_id() == 3 and page.current() == store[3] and page.detail is not None
    assert page.detail.title_text == "乙" and changed == [True]
    page.after_change(select_id=4)
    assert page.view.current_id() == 4 and page.detail.title_text == "丁"
    assert page.filter_bar.result_label.text() == "共 4 条"


def test_empty_text_says_what_to_do_or_that_the_filter_hides_everything(qtbot: Any) -> None:
    page = _page(qtbot, [])
    assert page.view.empty_text == "还没有东西 — 点“新建”"
    page.filter_bar.set_value("kind", "a")
    assert page.view.empty_text == "没有符合筛选条件的东西"
    page.filter_bar.clear()
    assert page.view.empty_text == "还没有东西 — 点“新建”"


def test_filter_requeries_and_double_click_edits(qtbot: Any) -> None:
    page = _page(qtbot, _store())
    page.filter_bar.set_value("kind", "a")
    assert page.model.ids() == [1, 3] and page.filter_bar.result_label.text() == "共 2 条"
    page.view.set_current_id(3)
    page.view.activated.emit(page.model.index(page.model.row_of(3) or 0, 0))
    assert page.edited == [3]


def test_column_layout_is_remembered(qtbot: Any) -> None:
    page = _page(qtbot, _store())
    page.view.setColumnWidth(0, 240)
    page.save_state()
    again = _page(qtbot, _store())
    assert again.view.columnWidth(0) == 240


def test_short_list_sorts_in_memory_and_keeps_stable_ids(qtbot: Any) -> None:
    items = [("张丽", "禁忌"), ("李娜", "夜班")]
    reads: list[object] = []

    def load(query: object) -> list[tuple[str, str]]:
        reads.append(query)
        return list(items)

    model: ShortListModel[tuple[str, str]] = ShortListModel(
        [Column("name", "姓名", lambda r: r[0], sort="name"), Column("kind", "类别", lambda r: r[1])],
        load=load,
        key=lambda r: r,
    )
    view = ShortListView(model, empty_text="没有", select_first=True, single=True)
    qtbot.addWidget(view)
    model.set_query("q")
    assert view.current() == ("张丽", "禁忌")  # the first row, selected when nothing else is
    liz = view.current_id()
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # by the text shown (code points: 李 after 张)
    assert model.items() == [("李娜", "夜班"), ("张丽", "禁忌")] and reads == ["q"]  # sorted, not re-read
    assert view.current_id() == liz
    items.insert(0, ("王芳", "禁忌"))
    model.reload()
    assert reads == ["q", "q"] and view.current() == ("张丽", "禁忌")  # same id for the same key
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # no sort key: the service's order
    assert model.items()[0] == ("王芳", "禁忌")


def test_short_list_of_records_uses_their_ids(qtbot: Any) -> None:
    model: ShortListModel[Thing] = ShortListModel(COLUMNS, load=lambda _q: _store())
    view = ShortListView(model)
    qtbot.addWidget(view)
    model.set_query(None)
    assert model.ids() == [1, 2, 3] and view.set_current_id(2) and view.current() == _store()[1]


class ShortThingsPage(ListPage[Thing]):
    """A short page with no filters (发放批次): read whole, the first row current, no filter bar shown."""

    columns = COLUMNS
    short = select_first = True
    detail_text = "选中一样东西"

    def __init__(self, store: list[Thing]) -> None:
        self.store = store
        self.loads = 0
        super().__init__(db=cast(Database, None))

    def load_rows(self, query: None) -> list[Thing]:
        self.loads += 1
        return list(self.store)

    def list_loaded(self) -> None:
        self.loaded_count = self.model.rowCount()

    def show_detail(self, row: Thing) -> None:
        assert self.detail is not None
        self.detail.show_record(row.name, [])


def test_short_page_reads_whole_keeps_selection_and_shows_no_filter_bar(qtbot: Any) -> None:
    store = _store()
    page = ShortThingsPage(store)
    qtbot.addWidget(page)
    page.show()
    assert not page.filter_bar.isVisible() and page.loads == 1 and page.loaded_count == 3
    assert page.view.current_id() == 1 and page.detail is not None and page.detail.title_text == "丙"
    page.view.set_current_id(3)
    store.pop(0)
    page.after_change()
    assert page.loads == 2 and page.loaded_count == 2 and page.view.current_id() == 3
    assert page.detail.title_text == "乙"
