"""品牌活动: activities with their sign-in lists, the honours register, and reach — three pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.services.database import Database
from desktop.ui.activities.honours_page import HonoursPage
from desktop.ui.activities.list_page import ActivitiesPage
from desktop.ui.activities.reach_page import ReachPage
from desktop.ui.area_tab import NoUnitPickers


class ActivityTab(NoUnitPickers, QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.db = db
        self.activities = ActivitiesPage(db, today)
        self.honours = HonoursPage(db, today)
        self.reach = ReachPage(db, today)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        for page, title in ((self.activities, "活动"), (self.honours, "荣誉登记"), (self.reach, "参与统计")):
            self.pages.addTab(page, title)
        # Sign-ins and honours change the other pages; they are refreshed when shown rather than on every click.
        self.pages.currentChanged.connect(self._page_shown)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.pages)

    def _page_shown(self, index: int) -> None:
        page = self.pages.widget(index)
        if page is self.reach:
            self.reach.reload()
        elif page is self.honours:
            self.honours.after_change()

    def after_change(self) -> None:
        """The roster changed (names, units, archived workers): lists show the new values."""
        self.activities.after_change()
        self.activities.people.refresh()

    def save_state(self) -> None:
        self.activities.view.save_layout()
        self.activities.people.view.save_layout()
        self.honours.view.save_layout()
