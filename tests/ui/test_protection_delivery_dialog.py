"""The delivery dialog with a planned leave start later than the birth: no error on the hidden leave-start
field; the preview says the leave now starts on the birth, and saving stores that."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from desktop.services import protections
from desktop.services.database import Database
from desktop.ui.dialogs import protection_dialogs as dialogs

DUE = date(2026, 12, 27)
TODAY = date(2026, 12, 3)


def test_birth_before_the_planned_leave_start(office_db: Database, people: dict[str, int], qtbot: Any,
                                              type_text: Callable[[QWidget, str], None]) -> None:
    with office_db.write() as s:
        cid = protections.register_pregnancy(s, people["张丽"], due_date=DUE, actor="t", today=date(2026, 6, 1)).id
        protections.record_leave_start(s, cid, leave_start=DUE - timedelta(days=5), actor="t", today=TODAY)
    dialog = dialogs.DeliveryDialog(None, office_db, cid, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.widgets["delivery_date"].edit, TODAY.isoformat())  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "将改为分娩日 2026-12-03" in dialog.message("delivery_date"))
    assert "产假158天：2026-12-03 至 2027-05-09" in dialog.message("delivery_date")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
    with office_db.read() as s:
        draft = protections.get_draft(s, cid)
    assert (draft.delivery_date, draft.leave_start) == (TODAY, TODAY)
