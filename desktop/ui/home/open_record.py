"""Opening a 工作台 line: bring its area's tab to the front and select the record the line names.

Only selection and page switching — nothing here writes. Where the clerk's filter in the area tab hides the
record, the filter is cleared (she asked to see that record); where the record is not in the tab's list at all
(a protection case outside the 统计日期's periods) its details are shown in the detail pane instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QTableWidget, QWidget

from desktop.services.home.agenda import AREA_TAB
from desktop.services.reminders import Reminder
from desktop.ui import tab_registry
from desktop.ui.area_tab import ShowTab
from desktop.ui.widgets.filter_bar import FilterBar


class _SelectsById(Protocol):
    """A record table that selects a row by its record's id (LazyTableView, ShortListView)."""

    def set_current_id(self, record_id: int) -> bool: ...


def tab_key(area: str) -> str | None:
    """The main window's tab for an area: the known ones, else the tab titled with the area's name (an area added
    later, such as 专项集体合同, names its tab the same)."""
    if area in AREA_TAB:
        return AREA_TAB[area]
    return tab_registry.key_for_title(area)


def open_reminder(show_tab: ShowTab, r: Reminder) -> bool:
    """Show the line's record in its tab; True when the record is selected there (or shown in the detail pane)."""
    key = tab_key(r.area)
    opener = _OPENERS.get(r.ref_kind)
    if key is None or r.ref_id is None:
        return False
    tab = show_tab(key)
    # A kind with no opener here: its tab is in front, the clerk finds the record herself.
    return opener is not None and opener(tab, r, r.ref_id)


def _select_in_view(
    view: _SelectsById, filter_bar: FilterBar, record_id: int, refilter: Callable[[], None] | None = None
) -> bool:
    """Select the id in a LazyTableView; clear the filter once if it hides the record."""
    if view.set_current_id(record_id):
        return True
    if filter_bar.is_filtered():
        filter_bar.clear()
        if refilter is not None:
            refilter()
        return view.set_current_id(record_id)
    return False


def _select_row(table: QTableWidget, items: list[Any], match: Callable[[Any], bool]) -> bool:
    for row, item in enumerate(items):
        if match(item):
            table.selectRow(row)
            cell = table.item(row, 0)
            if cell is not None:  # no item in the first cell: nothing to scroll to
                table.scrollToItem(cell)
            return True
    return False


# Each opener gets the tab its reminder's area names and checks it is that area's tab: the area modules are
# imported here when a line is opened (the tab is built by then), not when the 工作台 starts.
def _case(tab: QWidget, _r: Reminder, record_id: int) -> bool:
    from desktop.ui.protections.tab import LEDGER, ProtectionTab

    if not isinstance(tab, ProtectionTab):
        return False
    tab.pages.setCurrentIndex(LEDGER)
    if _select_in_view(tab.view, tab.filter_bar, record_id):
        return True
    tab.show_case(record_id)  # not in a period on the 统计日期 (e.g. the 7-month day is next month): details only
    return tab.current_row is not None


def _plan(tab: QWidget, r: Reminder, record_id: int) -> bool:
    from desktop.ui.exams.tab import LIST, ExamTab

    if not isinstance(tab, ExamTab):
        return False
    index = tab.plan_combo.findData(record_id)
    if index < 0:
        return False
    tab.plan_combo.setCurrentIndex(index)
    tab.day_combo.setCurrentIndex(max(tab.day_combo.findData(r.day), 0))
    tab.pages.setCurrentIndex(LIST)
    return tab.plan_id() == record_id


def _appointment(tab: QWidget, _r: Reminder, record_id: int) -> bool:
    from desktop.ui.exams.tab import FOLLOW_UPS, ExamTab

    if not isinstance(tab, ExamTab):
        return False
    tab.pages.setCurrentIndex(FOLLOW_UPS)
    tab.refresh_page()  # the list may have been filled before today's change
    return _select_row(tab.follow_ups, tab.follow_ups.records, lambda p: p.appointment_id == record_id)


# The condolence and activity pages are being rebuilt on one list-page base (#20): these two openers reach
# into the pages untyped until then.
def _hardship_file(tab: Any, _r: Reminder, record_id: int) -> bool:
    page = tab.files
    tab.pages.setCurrentWidget(page)
    return _select_in_view(page.view, page.filter_bar, record_id)


def _batch(tab: Any, _r: Reminder, record_id: int) -> bool:
    page = tab.batches
    tab.pages.setCurrentWidget(page)
    return bool(page.view.set_current_id(record_id))


def _activity(tab: Any, r: Reminder, record_id: int) -> bool:
    page = tab.activities
    tab.pages.setCurrentWidget(page)
    if page.view.set_current_id(record_id):
        return True
    page.filter_bar.clear()  # e.g. another year or brand chosen
    page.filter_bar.set_value("year", r.day.year)
    return bool(page.view.set_current_id(record_id))


def _contract(tab: QWidget, r: Reminder, record_id: int) -> bool:
    from desktop.ui.contracts.tab import CHECK, ContractTab

    if not isinstance(tab, ContractTab):
        return False
    tab.scope.setCurrentIndex(0)  # reminders come from contracts in use
    if not tab.select(record_id):
        return False
    if r.kind_label == "年度履行检查":
        tab.year.setValue(r.day.year)
        tab.pages.setCurrentIndex(CHECK)
    return True


def _enrolment(tab: QWidget, _r: Reminder, record_id: int) -> bool:
    from desktop.ui.insurance.tab import InsuranceTab

    if not isinstance(tab, InsuranceTab):
        return False
    return tab.view.set_current_id(record_id)


_OPENERS: dict[str, Callable[[QWidget, Reminder, int], bool]] = {
    "case": _case,
    "plan": _plan,
    "appointment": _appointment,
    "hardship_file": _hardship_file,
    "batch": _batch,
    "activity": _activity,
    "contract": _contract,
    "insurance_enrolment": _enrolment,
}
