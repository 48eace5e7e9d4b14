"""A tab's toolbar declared as a list of actions: text-only buttons, separators, each action kept by key so the
page can enable it for the current record (list pages, and the tabs laid out by hand)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QWidget


@dataclass(frozen=True)
class Action:
    """A toolbar button; ``row=True``: enabled only while a record is current."""

    key: str
    text: str
    slot: Callable[[], object]
    row: bool = False
    tip: str = ""
    permissions: Sequence[str] | None = None  # who sees it (desktop/ui/permissions.py reads the property)


SEPARATOR = None


def build_toolbar(owner: QWidget, title: str, specs: Sequence[Action | None]) -> tuple[QToolBar, dict[str, QAction]]:
    """The toolbar, left to right (None is a separator), and its actions by key."""
    toolbar = QToolBar(title)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    actions: dict[str, QAction] = {}
    for spec in specs:
        if spec is None:
            toolbar.addSeparator()
            continue
        action = QAction(spec.text, owner)
        if spec.tip:
            action.setToolTip(spec.tip)
        if spec.permissions is not None:
            action.setProperty("permissions", list(spec.permissions))
        action.triggered.connect(lambda _c=False, f=spec.slot: f())
        toolbar.addAction(action)
        actions[spec.key] = action
    return toolbar, actions
