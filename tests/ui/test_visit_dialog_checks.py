"""The visit dialog checks what the service will do (#20): one override rule (desktop.core.condolences), and
the checks that read the database run once after the clerk pauses, not on every keystroke."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.condolences.visit_dialog import VisitDialog
from desktop.ui.widgets.record_dialog import DATABASE_DELAY_MS

TODAY = date(2026, 11, 20)
TypeText = Callable[[QWidget, str], None]


def sick(day: date, cash_fen: int = 50000) -> condolence_visits.VisitDraft:
    return condolence_visits.VisitDraft(occasion="sick", cause="肺炎", visit_date=day, cash_fen=cash_fen)


@pytest.fixture(autouse=True)
def _closing_discards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)


@pytest.fixture
def overridden(office_db: Database, people: dict[str, int]) -> int:
    """张丽's second 肺炎 visit of 2026, saved under the chairman's override (同一疾病每年一次)."""
    with office_db.write() as s:
        condolence_visits.add_visit(s, people["张丽"], sick(date(2026, 3, 2)), actor="t", today=TODAY)
        return condolence_visits.add_visit(
            s,
            people["张丽"],
            sick(date(2026, 8, 1)),
            actor="chair",
            override_reason="经工会主席批准：肺炎复发",
            today=TODAY,
        ).id


def _edit(db: Database, qtbot: Any, vid: int) -> VisitDialog:
    dialog = VisitDialog(None, db, vid, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_reason_the_service_refuses_is_not_shown_as_accepted(
    office_db: Database, overridden: int, qtbot: Any, type_text: TypeText
) -> None:
    """The dialog said "将作为特批记录" for a two-character reason that the service then refused as too short."""
    dialog = _edit(office_db, qtbot, overridden)
    dialog.widgets["cash"].setText("")  # type: ignore[attr-defined]
    type_text(dialog.widgets["cash"], "1200")
    dialog.widgets["override_reason"].setPlainText("同意")  # type: ignore[attr-defined]
    dialog.validate(show_all=True)
    qtbot.waitUntil(lambda: "过短" in dialog.message("override_reason"), timeout=2000)
    assert "将作为特批记录" not in dialog.message("override_reason")


def test_typing_runs_one_database_check_after_the_pause(
    office_db: Database, overridden: int, qtbot: Any, type_text: TypeText, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _edit(office_db, qtbot, overridden)
    calls: list[int] = []
    evaluate = condolence_visits.evaluate

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(condolence_visits, "evaluate", counting)
    dialog.widgets["cash"].setText("")  # type: ignore[attr-defined]
    type_text(dialog.widgets["cash"], "1200.00")  # seven keystrokes
    assert calls == []  # nothing read while typing
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=2000)
    qtbot.wait(DATABASE_DELAY_MS + 100)
    assert len(calls) == 1  # one read, after the pause
    dialog.validate(show_all=True)  # what a click on 保存 shows first
    assert "超出200.00元" in dialog.message("override_reason") and "肺炎复发" in dialog.message("override_reason")
    assert len(calls) == 1
