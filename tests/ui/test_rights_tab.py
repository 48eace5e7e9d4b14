"""The 维权诉求 tab: a clerk registers a request (a mistake keeps what was typed and names the field) and sees only
her own; a 领导 sees all and may close one; a 只读 account sees none; the toolbar follows the role."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.database import Database
from desktop.services.rights import requests as rights_requests
from desktop.services.roster import workers
from desktop.ui import permissions, prompts
from desktop.ui.rights.dialogs import RequestDialog
from desktop.ui.rights.tab import OWN_ONLY, RightsTab
from tests.conftest import sign_in_as

TODAY = date(2026, 11, 20)


def _worker(db: Database, name: str, seq: int) -> int:
    first17 = f"15078519850304{seq:02d}2"
    with db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        return workers.add_worker(
            s, WorkerDraft(name=name, id_number=first17 + check_char(first17), unit_id=unit), actor="t", today=TODAY
        ).id


def _tab(db: Database, qtbot: Any) -> RightsTab:
    tab = RightsTab(db, today=lambda: TODAY)
    permissions.apply(tab, db)
    qtbot.addWidget(tab)
    tab.resize(1366, 740)
    tab.show()
    return tab


def test_dialog_keeps_what_was_typed_and_names_the_field(
    office_db: Database, qtbot: Any, type_text: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    _worker(office_db, "李红", 1)
    dialog = RequestDialog(None, office_db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.widgets["worker_id"]
    picker.edit.setText("李红")  # type: ignore[attr-defined]
    picker.refresh()  # type: ignore[attr-defined]
    category = dialog.widgets["category"]
    category.setCurrentIndex(category.findData("protection"))  # type: ignore[attr-defined]
    dialog.widgets["received_on"].set_value(date(2026, 3, 2))  # type: ignore[attr-defined]
    type_text(dialog.widgets["summary"], "孕期仍安排夜班")
    dialog.widgets["litigation_on"].set_value(date(2026, 6, 1))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message("litigation_on") == "劳动争议须先经仲裁才能起诉：请先填写仲裁日期"
    assert dialog.widgets["summary"].toPlainText() == "孕期仍安排夜班"  # type: ignore[attr-defined]
    dialog.widgets["arbitration_on"].set_value(date(2026, 4, 1))  # type: ignore[attr-defined]
    dialog.validate(show_all=True)
    assert dialog.message("received_on") == "所处阶段：诉讼（按已填写的日期）"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
    with office_db.read() as s:
        [row] = rights_requests.list_requests(s)
    assert (row.name, row.category_label, row.stage_label) == ("李红", "女职工特殊保护", "诉讼")


def test_each_role_sees_what_it_may(office_db: Database, qtbot: Any) -> None:
    wid = _worker(office_db, "赵敏", 2)
    admin = office_db.account
    with office_db.write() as s:
        rights_requests.add_request(
            s,
            rights_requests.RequestDraft(
                worker_id=wid, category="pay", summary="加班费未按规定计发", received_on=date(2026, 3, 2)
            ),
            actor="t",
            today=TODAY,
        )
    tab = _tab(office_db, qtbot)
    assert tab.model.rowCount() == 1 and tab.actions_["export"].isVisible()
    # The record number leads the list and the detail pane (#17 item 3).
    assert (
        tab.model.headerData(0, Qt.Orientation.Horizontal) == "编号" and tab.model.index(0, 0).data() == "权2026-0001"
    )
    tab.view.selectRow(0)
    assert ">权2026-0001 · 赵敏 · 劳动报酬<" in tab.detail.title.text()
    shots = os.environ.get("UNION_DESK_SHOTS")
    if shots:
        tab.grab().save(str(Path(shots) / "rights-admin.png"))
    sign_in_as(office_db, "clerk")
    tab = _tab(office_db, qtbot)
    assert tab.model.rowCount() == 0 and tab.note.text().startswith(OWN_ONLY)
    assert tab.actions_["new"].isVisible() and not tab.actions_["export"].isVisible()
    office_db.account = admin
    sign_in_as(office_db, "approver")
    tab = _tab(office_db, qtbot)
    assert tab.model.rowCount() == 1 and tab.actions_["edit"].isVisible() and tab.actions_["print"].isVisible()
    office_db.account = admin
    sign_in_as(office_db, "viewer")
    tab = _tab(office_db, qtbot)
    assert tab.model.rowCount() == 0 and not tab.view.isEnabled()
    assert tab.note.text().startswith("当前账户不能查看维权诉求")
    assert not tab.actions_["new"].isVisible() and not tab.actions_["print"].isVisible()
    office_db.account = admin
