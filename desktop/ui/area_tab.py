"""The contract between the main window and every tab of its tab bar.

The window calls these three methods and nothing else on a tab (desktop/ui/lazy_tabs.py); the 工作台's opener
(desktop/ui/home/open_record.py) reaches further into the one tab a record belongs to, through that tab's own
class. A tab that satisfies AreaTab and has an entry in desktop/ui/tab_registry.py is all a new area needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

ShowTab = Callable[[str], QWidget]
"""The window's show_tab: bring the tab with this key to the front, building it on first use, and return it."""


@runtime_checkable
class AreaTab(Protocol):
    """What the main window asks of a tab (which is also a QWidget; a Protocol cannot say so, building checks)."""

    def after_change(self) -> None:
        """Data behind the tab changed elsewhere (the roster, the rules, a restore): read it again."""

    def reload_units(self) -> None:
        """The unit tree changed (设置 → 单位与组织, the roster's 首次设置): unit pickers load it again.

        Called before after_change, which rereads the rows (and the unit names in them)."""

    def save_state(self) -> None:
        """The window closes or switches files: keep column widths and splitter positions in the preferences."""


class NoUnitPickers:
    """For a tab without a unit picker of its own: its rows carry their unit names, which after_change reads."""

    def reload_units(self) -> None:
        """Nothing to reload: no picker here holds the unit tree."""
