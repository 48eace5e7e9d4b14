from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.ui.dialogs.settings_dialog import SettingsDialog, UnitEditDialog


def _answers(monkeypatch: pytest.MonkeyPatch, *steps: tuple[str, str, object] | None) -> list[str]:
    """Drive UnitEditDialog.exec: each step types (name, kind, parent name) then OK; None cancels."""
    queue = list(steps)
    errors: list[str] = []

    def fake_exec(self: UnitEditDialog) -> int:
        if self.error.text():
            errors.append(self.error.text())
        if not queue or (step := queue.pop(0)) is None:
            return QDialog.DialogCode.Rejected
        name, kind, parent = step
        self.name_edit.setText(name)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        if parent is not None:
            self.parent_combo.setCurrentIndex(self.parent_combo.findText(str(parent), flags=_contains()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(UnitEditDialog, "exec", fake_exec)
    return errors


def _contains():  # Qt flag
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchContains


def test_office_saved_and_bad_code_explained(qtbot, db: Database) -> None:
    dlg = SettingsDialog(db)
    qtbot.addWidget(dlg)
    dlg.code_edit.setText("阿里河")
    dlg.name_edit.setText("阿里河森工公司工会")
    dlg._save_office()
    assert "字母或数字" in dlg.office_error.text()
    dlg.code_edit.setText("alh")
    dlg._save_office()
    with db.read() as s:
        assert office.office_code(s) == "ALH"


def test_build_a_two_level_tree_and_duplicate_name_keeps_dialog(
    qtbot,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dlg = SettingsDialog(db)
    qtbot.addWidget(dlg)
    _answers(monkeypatch, ("阿里河森工公司", "company", None))
    dlg._add(None)
    company = dlg._selected()
    errors = _answers(monkeypatch, ("甘河林场", "farm", "阿里河森工公司"), None)
    dlg._add(company)
    farm = dlg._selected()
    # Adding the same name under the same parent is refused; the dialog shows why and stays open.
    errors = _answers(monkeypatch, ("甘河林场", "farm", "阿里河森工公司"), None)
    dlg._add(company)
    assert errors and "已有名为“甘河林场”" in errors[0]
    _answers(monkeypatch, ("一班", "team", "甘河林场"))
    dlg._add(farm)
    with db.read() as s:
        paths = [n.path for n in office.unit_tree(s)]
    assert paths == ["阿里河森工公司", "阿里河森工公司/甘河林场", "阿里河森工公司/甘河林场/一班"]


def test_used_unit_can_only_be_retired(
    qtbot,
    office_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with office_db.read() as s:
        farm = next(n.id for n in office.unit_tree(s) if n.name == "吉文林场")
    with office_db.write() as s:
        workers.add_worker(s, WorkerDraft(name="张丽", id_number="150785198503120022", unit_id=farm), actor="t")
    dlg = SettingsDialog(office_db)
    qtbot.addWidget(dlg)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    dlg._load(select_id=farm)
    dlg._delete()
    assert told and "只能撤销" in told[0]
    dlg._toggle_retired()
    assert dlg.retire_btn.text() == "恢复使用"
    with office_db.read() as s:
        assert next(n for n in office.unit_tree(s) if n.id == farm).retired


def test_group_key_shows_only_its_fingerprint_and_asks_before_replacing(
    qtbot,
    office_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.reports.hq.format import key_fingerprint
    from desktop.ui import prompts

    key, other = "group-key-for-settings", "another-group-key-0001"
    dlg = SettingsDialog(office_db)
    qtbot.addWidget(dlg)
    assert "未设置" in dlg.key_state.text() and "拒收" in dlg.key_state.text()
    dlg.key_edit.setText("short")
    dlg._save_key()
    assert "至少16个字符" in dlg.key_state.text()
    dlg.key_edit.setText(key)
    dlg._save_key()
    assert key_fingerprint(key) in dlg.key_state.text() and key not in dlg.key_state.text()
    assert dlg.key_edit.text() == ""  # never read back into the field
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, title, _t, **_k: asked.append(title) or False)
    dlg.key_edit.setText(other)
    dlg._save_key()  # declined: the key stays
    assert asked == ["更换集团密钥"]
    with office_db.read() as s:
        assert office.group_key(s) == key
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    dlg._save_key()
    assert key_fingerprint(other) in dlg.key_state.text()
