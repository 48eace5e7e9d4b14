"""GUI test fixtures: isolated preferences, no modal loops, and a few workers to look at."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QMessageBox, QWidget

from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.database import Database
from desktop.services.roster import workers

# (name, ID number, unit) — valid GB 11643 numbers; 张丽 and 李娜 are women, 王建国 a man.
PEOPLE = (
    ("张丽", "150785198503120022", "甘河林场"),
    ("王建国", "150782199007071132", "营林科"),
    ("李娜", "150784199211050040", "一班"),
)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Preferences go to a temporary folder; a modal exec() fails the test instead of hanging it."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))

    def refuse(self: QWidget, *_a: object) -> int:
        raise AssertionError(f"modal {type(self).__name__}.exec() in a test: monkeypatch the prompt")

    for cls in (QDialog, QMessageBox, QMenu):
        monkeypatch.setattr(cls, "exec", refuse)
    yield


def _unit_id(db: Database, name: str) -> int:
    with db.read() as s:
        return next(n.id for n in office.unit_tree(s) if n.name == name)


def _add_people(db: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    with db.write() as s:
        for name, number, unit in PEOPLE:
            draft = WorkerDraft(
                name=name, id_number=number, unit_id=_unit_id(db, unit), hire_date=date(2010, 3, 1), post="营林员"
            )
            ids[name] = workers.add_worker(s, draft, actor="test").id
    return ids


@pytest.fixture
def people(office_db: Database) -> dict[str, int]:
    """Three workers in the office_db unit tree; name → id."""
    return _add_people(office_db)


@pytest.fixture
def unit_of(office_db: Database) -> Callable[[str], int]:
    return lambda name: _unit_id(office_db, name)


@pytest.fixture
def type_text(qtbot: Any) -> Callable[[QWidget, str], None]:
    """Type as a clerk does: ASCII key by key, Chinese committed by the input method."""

    def typer(widget: QWidget, text: str) -> None:
        widget.setFocus()
        if text.isascii():
            qtbot.keyClicks(widget, text)
            return
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    return typer
