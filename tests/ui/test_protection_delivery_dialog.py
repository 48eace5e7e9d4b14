"""The delivery dialog with a planned leave start later than the birth: no error on the hidden leave-start
field; the preview says the leave now starts on the birth, and saving stores that."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from desktop.services.database import Database
from desktop.services.protections import cases as protections
from desktop.ui.protections import dialogs

DUE = date(2026, 12, 27)
TODAY = date(2026, 12, 3)


def test_birth_before_the_planned_leave_start(
    office_db: Database, people: dict[str, int], qtbot: Any, type_text: Callable[[QWidget, str], None]
) -> None:
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


def test_help_texts_follow_the_rule_data(office_db: Database, people: dict[str, int], qtbot: Any) -> None:
    """#18 item 9: "15天", "7个月", "1周岁" in help texts are the rule data's numbers, not constants."""
    from desktop.services.protections import rules as protection_rules

    with office_db.write() as s:
        for key, value in (
            ("dystocia_extra_days", 30),
            ("extra_baby_days", 20),
            ("max_prenatal_days", 10),
            ("seven_month_months", 6),
            ("lactation_months", 18),
        ):
            protection_rules.set_rule(s, key, value, date(2026, 1, 1), "测试：规则修订", actor="t")
        cid = protections.register_pregnancy(s, people["张丽"], due_date=DUE, actor="t", today=date(2026, 6, 1)).id
    dialog = dialogs.DeliveryDialog(None, office_db, cid, today=TODAY)
    qtbot.addWidget(dialog)
    assert "30天" in dialog.widgets["dystocia"].text() and "15天" not in dialog.widgets["dystocia"].text()  # type: ignore[attr-defined]
    assert "20天" in dialog.widgets["babies"].toolTip()
    start = dialogs.LeaveStartDialog(None, office_db, cid, today=TODAY)
    qtbot.addWidget(start)
    assert "预产期前10天" in start.widgets["leave_start"].toolTip()
