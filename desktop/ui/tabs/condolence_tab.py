"""慰问帮扶: condolence visits, festival batches, hardship files (一户一档) and totals, as four pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.services.database import Database
from desktop.ui.tabs.condolence_files import FilesPage
from desktop.ui.tabs.condolence_pages import BatchesPage, StatsPage
from desktop.ui.tabs.condolence_visits import VisitsPage


class CondolenceTab(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.db = db
        self.visits = VisitsPage(db, today)
        self.batches = BatchesPage(db, today)
        self.files = FilesPage(db, today)
        self.stats = StatsPage(db, today)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        for page, title in ((self.visits, "慰问记录"), (self.batches, "发放批次"), (self.files, "困难职工档案"),
                            (self.stats, "统计")):
            self.pages.addTab(page, title)
        # A batch or a file change shows up in the ledger and the totals; refresh lazily on page switch.
        self.batches.changed.connect(self.after_change)
        self.visits.changed.connect(self.batches.refresh)
        self.pages.currentChanged.connect(lambda i: self.stats.reload_years() if self.pages.widget(i) is self.stats
                                          else None)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.pages)

    def after_change(self) -> None:
        self.visits.after_change()
        self.files.after_change()

    def reload_units(self) -> None:
        self.visits.filter_bar.reload_units()
        self.files.filter_bar.reload_units()

    def save_state(self) -> None:
        self.visits.view.save_layout()
        self.files.view.save_layout()
