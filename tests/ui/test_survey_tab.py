"""The 需求调研 tab: answers typed in a dialog that keeps them on a mistake and names the question, the results by
group, a need moved 收集 → 办理 → 回访 through the status buttons (a wrong date keeps what was typed), and a
只读 account without the writing buttons."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.services.database import Database
from desktop.services.surveys import needs
from desktop.ui import permissions, prompts
from desktop.ui.surveys.dialogs import AnswerDialog, NeedDialog, StepDialog
from desktop.ui.surveys.tab import SurveyTab
from tests.conftest import sign_in_as
from tests.services.test_surveys import _survey, _worker

TODAY = date(2026, 6, 10)


def _tab(db: Database, qtbot: Any) -> SurveyTab:
    tab = SurveyTab(db, today=lambda: TODAY)
    permissions.apply(tab, db)
    qtbot.addWidget(tab)
    tab.resize(1366, 740)
    tab.show()
    return tab


def test_answers_dialog_keeps_what_was_typed(
    office_db: Database, qtbot: Any, type_text: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    _worker(office_db, "李红", "19980304", 1, hired=date(2026, 1, 5))
    sid, q1, q2 = _survey(office_db)
    dialog = AnswerDialog(None, office_db, sid)
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.widgets["worker_id"]
    picker.edit.setText("李红")  # type: ignore[attr-defined]
    picker.refresh()  # type: ignore[attr-defined]
    type_text(dialog.widgets[f"q{q2}"], "希望多办培训")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "必须回答" in dialog.message(f"q{q1}")
    assert dialog.widgets[f"q{q2}"].toPlainText() == "希望多办培训"  # type: ignore[attr-defined]
    choice = dialog.widgets[f"q{q1}"]
    choice.setCurrentIndex(choice.findData("技能培训"))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
    tab = _tab(office_db, qtbot)
    assert tab.answer_model.rowCount() == 1 and tab.answer_model.index(0, 3).data() == "技能培训"
    tab.dimension.setCurrentIndex(tab.dimension.findData("group"))
    cells = [[tab.result_model.index(r, c).data() for c in range(4)] for r in range(tab.result_model.rowCount())]
    assert cells[2][1:3] == ["入职不满一年", "1"] and cells[2][3].startswith("技能培训 1（100.0%）")


def test_need_moves_forward_through_the_buttons(
    office_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    wid = _worker(office_db, "张丽", "19700304", 2, post="护林员")
    sid, _, _ = _survey(office_db)
    with office_db.write() as s:
        needs.add_need(
            s,
            needs.NeedDraft(
                "希望开设子女暑期托管班", "children", date(2026, 6, 2), "王芳", worker_id=wid, survey_id=sid
            ),
            actor="t",
            today=TODAY,
        )
    tab = _tab(office_db, qtbot)
    tab.pages.setCurrentIndex(2)
    assert tab.need_model.rowCount() == 1
    assert tab.actions_["handle"].isEnabled() and not tab.actions_["revisit"].isEnabled()
    seen: list[str] = []

    def run(dialog: StepDialog) -> int | None:
        dialog.widgets["on"].set_value(date(2026, 6, 1))  # type: ignore[attr-defined]
        dialog.widgets["by"].setText("李明")  # type: ignore[attr-defined]
        dialog.widgets["note"].setPlainText("与林场协调场地")  # type: ignore[attr-defined]
        dialog.accept()
        seen.append(dialog.message("on"))
        assert dialog.widgets["note"].toPlainText() == "与林场协调场地"  # type: ignore[attr-defined]
        dialog.widgets["on"].set_value(date(2026, 6, 3))  # type: ignore[attr-defined]
        dialog.accept()
        return dialog.saved_id

    monkeypatch.setattr(StepDialog, "run", run)
    tab.handle()
    assert seen == ["办理日期（2026-06-01）早于收集日期（2026-06-02）"]
    assert tab.need_model.index(0, 3).data() == "办理" and tab.need_model.index(0, 5).data().endswith("李明")
    assert tab.actions_["revisit"].isEnabled() and not tab.actions_["handle"].isEnabled()
    shots = os.environ.get("UNION_DESK_SHOTS")
    if shots:
        tab.grab().save(str(Path(shots) / "surveys-needs.png"))
    edit = NeedDialog(None, office_db, need_id=tab.current_need().id)  # type: ignore[union-attr]
    qtbot.addWidget(edit)
    assert edit.windowTitle() == "修改需求"
    assert edit.widgets["need"].toPlainText() == "希望开设子女暑期托管班"  # type: ignore[attr-defined]
    assert edit.widgets["worker_id"].value() == wid  # type: ignore[attr-defined]
    assert tab.actions_["edit_need"].isEnabled()


def test_viewer_has_no_writing_buttons(office_db: Database, qtbot: Any) -> None:
    _survey(office_db)
    sign_in_as(office_db, "viewer")
    tab = _tab(office_db, qtbot)
    assert tab.survey_model.rowCount() == 1
    assert not tab.actions_["new"].isVisible() and not tab.actions_["handle"].isVisible()
    assert not tab.actions_["export"].isVisible() and tab.actions_["print"].isVisible()
