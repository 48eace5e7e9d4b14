"""设置 → 四期保护规则: the values in force with their source, a dated change added, nothing overwritten."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.services.database import Database
from desktop.services.protections import rules as protection_rules
from desktop.ui import prompts
from desktop.ui.dialogs.rules_dialog import UNCONFIRMED, RulesDialog

TODAY = date(2026, 11, 23)


def _dialog(db: Database, qtbot: Any) -> RulesDialog:
    dialog = RulesDialog(None, db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _select(dialog: RulesDialog, key: str) -> None:
    dialog.table.selectRow(next(n for n, r in enumerate(dialog.rules) if r.key == key))


def _cells(dialog: RulesDialog, key: str) -> list[str]:
    row = next(n for n, r in enumerate(dialog.rules) if r.key == key)
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]


def test_lists_the_rules_with_source_and_unconfirmed_mark(db: Database, qtbot: Any) -> None:
    dialog = _dialog(db, qtbot)
    assert dialog.table.rowCount() == len(protection_rules.RULE_DEFS)
    label, value, unit, since, later, source, mark = _cells(dialog, "regional_extension_days")
    assert (label, value, unit, since, later, mark) == ("内蒙古延长产假", "60", "天", "默认", "", "")
    assert "内蒙古" in source
    assert _cells(dialog, "parental_leave_days")[-1] == UNCONFIRMED
    _select(dialog, "base_maternity_days")
    assert dialog.history_texts()[0][:2] == ["默认", "98"]


def test_add_a_change_effective_from_a_date(db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, **_k: asked.append(text) or True)
    dialog = _dialog(db, qtbot)
    _select(dialog, "regional_extension_days")
    assert dialog.add_box.title() == "添加变更：内蒙古延长产假"
    qtbot.keyClicks(dialog.value_edit, "90")
    qtbot.keyClicks(dialog.date_field.edit, "2027-01-01")
    dialog.note_edit.setText("条例修正（示例）")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    assert "自 2027-01-01 起，“内蒙古延长产假”由 60天 改为 90天" in asked[0]
    assert dialog.changed and "已添加" in dialog.done_label.text()
    assert _cells(dialog, "regional_extension_days")[1:5] == ["60", "天", "默认", "2027-01-01起 90天"]
    assert dialog.history_texts()[1][:3] == ["2027-01-01（尚未生效）", "90", "条例修正（示例）"]
    with db.read() as s:
        assert protection_rules.rules_on(s, date(2026, 12, 31)).regional_extension_days == 60
        assert protection_rules.rules_on(s, date(2027, 1, 1)).regional_extension_days == 90
    # Seen from a later day, the change is the value in force and the history keeps the default.
    later = RulesDialog(None, db, today=date(2027, 3, 1))
    qtbot.addWidget(later)
    assert _cells(later, "regional_extension_days")[1:4] == ["90", "天", "2027-01-01"]


def test_bad_values_are_explained_and_kept(db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    dialog = _dialog(db, qtbot)
    _select(dialog, "regional_extension_days")
    qtbot.keyClicks(dialog.value_edit, "abc")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "不是整数" in dialog.error.text() and "请填写生效日期" in dialog.error.text()
    dialog.value_edit.setText("600")
    qtbot.keyClicks(dialog.date_field.edit, "2027-01-01")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "应在0到365之间" in dialog.error.text()
    assert dialog.value_edit.text() == "600" and dialog.date_field.edit.text() == "2027-01-01"
    assert not dialog.changed
    with db.read() as s:
        assert protection_rules.load_rulebook(s).history("regional_extension_days") == []


def test_cancelled_confirmation_adds_nothing(db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: False)
    dialog = _dialog(db, qtbot)
    _select(dialog, "base_maternity_days")
    qtbot.keyClicks(dialog.value_edit, "100")
    qtbot.keyClicks(dialog.date_field.edit, "2027-01-01")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.changed and dialog.value_edit.text() == "100"
    assert len(dialog.history_texts()) == 1


def test_backdated_change_names_the_cases_before_it_is_made(
    office_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#18 item 5: the extension cut to 30 days from 2026-01-01 lists 王芳 (158 → 128, on leave: kept)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
    from test_protection_cases import populate

    from desktop.services.protections.ledger import current_cases

    populate(office_db)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, **_k: asked.append(text) or True)
    dialog = _dialog(office_db, qtbot)
    _select(dialog, "regional_extension_days")
    qtbot.keyClicks(dialog.value_edit, "30")
    qtbot.keyClicks(dialog.date_field.edit, "2026-01-01")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "追溯变更" in asked[0] and "王芳（营林科）：" in asked[0] and "产假天数 158 → 128" in asked[0]
    assert "保留原规则" in asked[0]
    with office_db.read() as s:
        rows = {r.name: r for r in current_cases(s, TODAY)}
    assert rows["王芳"].leave_days.value == 158 and rows["李娜"].leave_days.value == 128
