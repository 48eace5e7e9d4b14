"""Opening a 工作台 line: bring its area's tab to the front and select the record the line names.

Only selection and page switching — nothing here writes. Where the clerk's filter in the area tab hides the
record, the filter is cleared (she asked to see that record); where the record is not in the tab's list at all
(a protection case outside the 统计日期's periods) its details are shown in the detail pane instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QTableWidget, QWidget

from desktop.services.home.agenda import AREA_TAB
from desktop.services.reminders import Reminder

ShowTab = Callable[[str], QWidget]


def tab_key(area: str) -> str | None:
    """The main window's tab for an area: the known ones, else the tab titled with the area's name (an area added
    later, such as 专项集体合同, names its tab the same)."""
    if area in AREA_TAB:
        return AREA_TAB[area]
    from desktop.ui.main_window import TABS  # imported here: the window imports this module

    return next((key for key, title in TABS if title == area), None)


def open_reminder(show_tab: ShowTab, r: Reminder) -> bool:
    """Show the line's record in its tab; True when the record is selected there (or shown in the detail pane)."""
    key = tab_key(r.area)
    if key is None or r.ref_id is None:
        return False
    tab: Any = show_tab(key)
    opener = _OPENERS.get(r.ref_kind, _in_main_list)
    return bool(opener(tab, r))


def _in_main_list(tab: Any, r: Reminder) -> bool:
    """A record kind this module does not know: select it in the tab's main list, when it has the usual one."""
    view, filter_bar = getattr(tab, "view", None), getattr(tab, "filter_bar", None)
    if view is None or not hasattr(view, "set_current_id"):
        return False
    if filter_bar is None:
        return bool(view.set_current_id(r.ref_id))
    return _select_in_view(view, filter_bar, r.ref_id)


def _select_in_view(view: Any, filter_bar: Any, record_id: int, refilter: Callable[[], None] | None = None) -> bool:
    """Select the id in a LazyTableView; clear the filter once if it hides the record."""
    if view.set_current_id(record_id):
        return True
    if filter_bar.is_filtered():
        filter_bar.clear()
        if refilter is not None:
            refilter()
        return bool(view.set_current_id(record_id))
    return False


def _select_row(table: QTableWidget, items: list[Any], match: Callable[[Any], bool]) -> bool:
    for row, item in enumerate(items):
        if match(item):
            table.selectRow(row)
            table.scrollToItem(table.item(row, 0))
            return True
    return False


def _case(tab: Any, r: Reminder) -> bool:
    from desktop.ui.protections.tab import LEDGER

    tab.pages.setCurrentIndex(LEDGER)
    if _select_in_view(tab.view, tab.filter_bar, r.ref_id):
        return True
    tab.show_case(r.ref_id)  # not in a period on the 统计日期 (e.g. the 7-month day is next month): details only
    return tab.current_row is not None


def _plan(tab: Any, r: Reminder) -> bool:
    from desktop.ui.exams.tab import LIST

    index = tab.plan_combo.findData(r.ref_id)
    if index < 0:
        return False
    tab.plan_combo.setCurrentIndex(index)
    tab.day_combo.setCurrentIndex(max(tab.day_combo.findData(r.day), 0))
    tab.pages.setCurrentIndex(LIST)
    return tab.plan_id() == r.ref_id


def _appointment(tab: Any, r: Reminder) -> bool:
    from desktop.ui.exams.tab import FOLLOW_UPS

    tab.pages.setCurrentIndex(FOLLOW_UPS)
    tab.refresh_page()  # the list may have been filled before today's change
    return _select_row(tab.follow_ups, tab.follow_ups.items, lambda p: p.appointment_id == r.ref_id)


def _hardship_file(tab: Any, r: Reminder) -> bool:
    page = tab.files
    tab.pages.setCurrentWidget(page)
    return _select_in_view(page.view, page.filter_bar, r.ref_id)


def _batch(tab: Any, r: Reminder) -> bool:
    page = tab.batches
    tab.pages.setCurrentWidget(page)
    return _select_row(page.table, page.batches, lambda b: b.id == r.ref_id)


def _activity(tab: Any, r: Reminder) -> bool:
    page = tab.activities
    tab.pages.setCurrentWidget(page)
    if page.view.set_current_id(r.ref_id):
        return True
    page.filter_bar.clear()  # e.g. another year or brand chosen
    page.filter_bar.set_value("year", r.day.year)
    return bool(page.view.set_current_id(r.ref_id))


def _contract(tab: Any, r: Reminder) -> bool:
    from desktop.ui.contracts.tab import CHECK

    tab.scope.setCurrentIndex(0)  # reminders come from contracts in use
    if not tab.select(r.ref_id):
        return False
    if r.kind_label == "年度履行检查":
        tab.year.setValue(r.day.year)
        tab.pages.setCurrentIndex(CHECK)
    return True


_OPENERS: dict[str, Callable[[Any, Reminder], bool]] = {
    "case": _case,
    "plan": _plan,
    "appointment": _appointment,
    "hardship_file": _hardship_file,
    "batch": _batch,
    "activity": _activity,
    "contract": _contract,
}
