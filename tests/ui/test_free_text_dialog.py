"""Dialogs hold typed text to desktop.core.free_text as the clerk types (issue #16): a pasted control
character or an over-long 备注 is named beside its field with the limit, and the save is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from desktop.core import free_text
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.roster import io_actions as roster_io
from desktop.ui.roster.tab import RosterTab
from desktop.ui.roster.worker_dialog import WorkerDialog
from tests.reports.hostile_xlsx import cells, sheet_bomb, workbook


def test_worker_dialog_names_control_characters_and_the_note_limit(
    office_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    dialog = WorkerDialog(None, office_db)
    qtbot.addWidget(dialog)
    dialog.show()
    notes = dialog.widgets["notes"]
    assert isinstance(notes, QPlainTextEdit)
    notes.setPlainText("备" * (free_text.NOTE_MAX + 1))  # a paste: textChanged marks the field touched
    qtbot.waitUntil(lambda: "最多2000个字" in dialog.message("notes"))
    assert dialog.message("notes") == f"备注过长：最多{free_text.NOTE_MAX}个字，现有{free_text.NOTE_MAX + 1}个字"
    post = dialog.widgets["post"]
    assert isinstance(post, QLineEdit)
    post.setText("伐木\x1b工")
    post.textEdited.emit(post.text())
    qtbot.waitUntil(lambda: "控制字符" in dialog.message("post"))
    assert "U+001B" in dialog.message("post")
    dialog.accept()  # refused: the dialog stays open, nothing typed is lost
    assert dialog.saved_id is None and dialog.isVisible()
    assert len(notes.toPlainText()) == free_text.NOTE_MAX + 1


def test_a_refused_workbook_shows_the_one_line_of_the_cli(
    office_db: Database, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(prompts, "warn", lambda _p, _t, text: warned.append(text))
    tab = RosterTab(office_db)
    qtbot.addWidget(tab)
    path = workbook(tmp_path / "炸弹.xlsx", sheet_bomb(3 << 30, rows=cells([["姓名", "身份证号"]])))
    roster_io.start_import(tab, path)
    qtbot.waitUntil(lambda: bool(warned), timeout=30000)
    assert warned[0].startswith("“炸弹.xlsx”中的“xl/worksheets/sheet1.xml”解压后有 30")
    assert "200 MB 的上限" in warned[0] and "\n" not in warned[0]
