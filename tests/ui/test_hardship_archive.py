"""归档 of a hardship file says it can be restored (#20): the files page's 已归档… lists archived files and
restores one — "一户一档" counts archived files too, so without it a mistaken archive would block the household."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from desktop.core import hardship as hardship_rules
from desktop.core.errors import FieldErrors
from desktop.services.condolences import hardship as hardship_files
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.condolences.files_page import FilesPage
from desktop.ui.condolences.hardship_dialogs import ArchivedFilesDialog

TODAY = date(2026, 11, 20)


@pytest.fixture
def archived(office_db: Database, people: dict[str, int]) -> int:
    with office_db.write() as s:
        draft = hardship_rules.FileDraft(main_cause="因病", household_income_fen=1200000, opened_on=date(2026, 3, 1))
        fid = hardship_files.open_file(s, people["张丽"], draft, actor="t", today=TODAY).id
        hardship_files.archive_file(s, fid, actor="t")
    return fid


def test_an_archived_file_is_restored_from_the_files_page(
    office_db: Database, people: dict[str, int], archived: int, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(FieldErrors) as e, office_db.write() as s:
        draft = hardship_rules.FileDraft(main_cause="因病", household_income_fen=1200000, opened_on=date(2026, 4, 1))
        hardship_files.open_file(s, people["张丽"], draft, actor="t", today=TODAY)
    assert "已归档…" in e.value.errors["worker_id"]  # the message names where to restore it
    page = FilesPage(office_db, today=lambda: TODAY)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)

    def drive(cls: type[ArchivedFilesDialog], parent: QWidget, db: Database) -> int | None:
        dialog = cls(parent, db)
        qtbot.addWidget(dialog)
        assert dialog.model.rowCount() == 1 and dialog.view.current().name == "张丽"
        dialog.restore_button.click()
        return dialog.restored

    monkeypatch.setattr(ArchivedFilesDialog, "ask", classmethod(drive))
    page.show_archived()
    with office_db.read() as s:
        assert hardship_files.get_file(s, archived).archived_at is None
    assert page.model.rowCount() == 1 and page.current() is not None and page.current().id == archived


def test_closing_the_archive_restores_nothing(office_db: Database, archived: int, qtbot: Any) -> None:
    dialog = ArchivedFilesDialog(None, office_db)
    qtbot.addWidget(dialog)
    dialog.reject()
    assert dialog.restored is None
    with office_db.read() as s:
        assert hardship_files.get_file(s, archived).archived_at is not None
