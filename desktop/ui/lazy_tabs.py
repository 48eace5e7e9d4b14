"""The main window's tab bar: every registry entry has its place from the start, its tab is built when first shown.

A change refreshes the tab in front now; other built tabs are marked and catch up when next shown, so one edit
never recomputes every area. All it calls on a tab is desktop.ui.area_tab.AreaTab.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from desktop.ui import tab_registry
from desktop.ui.area_tab import AreaTab
from desktop.ui.tab_registry import TabEntry

TabT = TypeVar("TabT", bound=QWidget)


class TabPlaceholder(QLabel):
    """Stands in the tab bar for a tab not built yet; replaced by the real tab when first shown."""

    def __init__(self, title: str) -> None:
        super().__init__(f"正在打开“{title}”…")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)


class LazyTabs(QTabWidget):
    def __init__(self, build: Callable[[TabEntry], QWidget], parent: QWidget | None = None) -> None:
        """``build`` makes an entry's tab (the window passes its database and applies the account's role)."""
        super().__init__(parent)
        self.setDocumentMode(True)
        self._build = build
        self._built: dict[str, QWidget] = {}
        self._pending: dict[str, set[str]] = {}  # built tabs not in front: what to refresh when next shown
        self._swapping = False  # tabs are being put in or taken out: not a showing
        self.currentChanged.connect(self._shown)

    def install(self) -> None:
        """Every entry's place, its tab built now if it is built at start, else a placeholder; the first in front."""
        self._swapping = True
        try:
            for entry in tab_registry.TABS:
                self.addTab(self._make(entry) if entry.at_start else TabPlaceholder(entry.title), entry.title)
            self.setCurrentIndex(0)
        finally:
            self._swapping = False

    def clear_all(self) -> None:
        """Save every built tab's layout, then take every tab out (switching to another data file)."""
        self.save_states()
        self._swapping = True
        try:
            while self.count():
                widget = self.widget(0)
                self.removeTab(0)
                if widget is not None:
                    widget.deleteLater()
        finally:
            self._swapping = False
        self._built = {}
        self._pending = {}

    def save_states(self) -> None:
        for key in self._built:
            self.area(key).save_state()

    # -- finding and building -----------------------------------------------------------------------
    def built(self, key: str) -> QWidget | None:
        """The tab if it has been built, else None (nothing is built)."""
        return self._built.get(key)

    def area(self, key: str) -> AreaTab:
        """A built tab as the window uses it (building checked that it satisfies AreaTab)."""
        tab = self._built[key]
        assert isinstance(tab, AreaTab)
        return tab

    def ensure(self, key: str) -> QWidget:
        """The tab, built on first use: put in its place in the tab bar instead of the placeholder, without
        changing which tab is in front."""
        tab = self._built.get(key)
        if tab is not None:
            return tab
        index = tab_registry.index_of(key)
        tab = self._make(tab_registry.TABS[index])
        placeholder = self.widget(index)
        in_front = self.currentIndex() == index
        self._swapping = True
        self.setUpdatesEnabled(False)
        try:
            self.removeTab(index)
            self.insertTab(index, tab, tab_registry.TABS[index].title)
            if in_front:
                self.setCurrentIndex(index)
        finally:
            self._swapping = False
            self.setUpdatesEnabled(True)
        if placeholder is not None:
            placeholder.deleteLater()
        return tab

    def typed(self, key: str, cls: type[TabT]) -> TabT:
        """The tab as its own class (built on first use), for code that works with that area's tab."""
        tab = self.ensure(key)
        if not isinstance(tab, cls):
            raise TypeError(f"tab {key!r} is a {type(tab).__name__}, not a {cls.__name__}")
        return tab

    def _make(self, entry: TabEntry) -> QWidget:
        tab = self._build(entry)
        if not isinstance(tab, AreaTab):
            raise TypeError(f"{type(tab).__name__} (tab {entry.key!r}) lacks what desktop.ui.area_tab.AreaTab names")
        self._built[entry.key] = tab
        return tab

    # -- refreshing ----------------------------------------------------------------------------------
    def mark(self, keys: Iterable[str] | None = None, *, units: bool = False) -> None:
        """The data behind these built tabs (default: all but the roster) changed; they refresh when shown.
        ``units``: the unit tree changed too (pickers reload)."""
        for key in keys if keys is not None else [k for k in tab_registry.KEYS if k != "roster"]:
            if key in self._built:
                self._pending.setdefault(key, set()).update({"data", "units"} if units else {"data"})

    def catch_up_front(self) -> None:
        """The tab in front refreshes now if it was marked."""
        index = self.currentIndex()
        if index >= 0 and tab_registry.KEYS[index] in self._pending:
            self._catch_up(tab_registry.KEYS[index])

    def _shown(self, index: int) -> None:
        if self._swapping or index < 0:
            return
        key = tab_registry.KEYS[index]
        if key not in self._built:
            self.ensure(key)  # new, so nothing to catch up on
            return
        self._catch_up(key)

    def _catch_up(self, key: str) -> None:
        todo = self._pending.pop(key, set())
        tab = self.area(key)
        if "units" in todo:
            tab.reload_units()
        if todo:
            tab.after_change()
