"""慰问帮扶: condolence visits, festival batches, hardship files (一户一档) and totals, as four pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.services.database import Database
from desktop.ui.condolences.batch_pages import BatchesPage, StatsPage
from desktop.ui.condolences.files_page import FilesPage
from desktop.ui.condolences.visits_page import VisitsPage


class CondolenceTab(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.db = db
        self.visits = VisitsPage(db, today)
        self.batches = BatchesPage(db, today)
        self.files = FilesPage(db, today)
        self.stats = StatsPage(db, today)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        for page, title in (
            (self.visits, "慰问记录"),
            (self.batches, "发放批次"),
            (self.files, "困难职工档案"),
            (self.stats, "统计"),
        ):
            self.pages.addTab(page, title)
        # Only the page in front is kept current; the others are marked stale and refreshed when shown (the
        # batch list and the totals sum a year of visits). 统计 is reloaded on every switch to it.
        self._stale: set[QWidget] = {self.batches}
        self.batches.changed.connect(self._batches_changed)
        self.visits.changed.connect(lambda: self._refresh(self.batches))
        self.pages.currentChanged.connect(self._page_shown)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.pages)

    def _page_shown(self, index: int) -> None:
        page = self.pages.widget(index)
        if page is self.stats or page in self._stale:
            self._stale.discard(page)
            self._load(page)

    def _load(self, page: QWidget) -> None:
        if page is self.batches:
            self.batches.refresh()
        elif page is self.stats:
            self.stats.reload_years()
        elif page is self.visits:
            self.visits.after_change()
        elif page is self.files:
            self.files.after_change()

    def _refresh(self, page: QWidget) -> None:
        """Refresh the page now if it is in front, else when it is next shown."""
        if self.pages.currentWidget() is page:
            self._stale.discard(page)
            self._load(page)
        else:
            self._stale.add(page)

    def _batches_changed(self) -> None:
        # The batch page refreshed itself; the ledger and the files show the batch's visits when next shown.
        self._refresh(self.visits)
        self._refresh(self.files)

    def after_change(self) -> None:
        """The roster changed: the page in front shows it now, the others when shown."""
        for page in (self.visits, self.files, self.batches, self.stats):
            self._refresh(page)

    def reload_units(self) -> None:
        self.visits.reload_units()
        self.files.reload_units()

    def save_state(self) -> None:
        for page in (self.visits, self.files, self.batches):
            page.save_state()
