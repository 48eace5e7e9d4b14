"""The HQ export and merge dialogs: a clerk's export lands as a file; a bad input is named and the list kept."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.services import office
from desktop.services.database import Database
from desktop.ui.hq.export_dialog import HqExportDialog
from desktop.ui.hq.merge_dialog import HqMergeDialog


def test_export_then_merge_through_the_dialogs(
    office_db: Database, qtbot: QtBot, tmp_path: Path, monkeypatch: object
) -> None:
    from desktop.ui import prompts

    monkeypatch.setattr(prompts, "inform", lambda *a, **k: None)  # type: ignore[attr-defined]
    with office_db.write() as s:
        office.save_group_key(s, "group-key-for-dialogs", actor="test")
    dialog = HqExportDialog(office_db)
    qtbot.addWidget(dialog)
    out = tmp_path / "alh.xlsx"
    dialog.path_edit.setText(str(out))
    dialog.by_range.setChecked(True)
    dialog.date_from.set_value(None)
    dialog.start()
    assert "开始和结束日期" in dialog.error.text()  # what was typed stays, the reason is shown
    assert dialog.path_edit.text() == str(out)
    dialog.by_year.setChecked(True)
    for box in dialog.area_checks.values():
        box.setChecked(False)
    dialog.start()
    assert "至少选择一个" in dialog.error.text()
    dialog.area_checks["职工名册"].setChecked(True)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.task is not None and dialog.task.done, timeout=20000)
    assert out.exists() and dialog.error.text() == ""

    merge = HqMergeDialog(office_db)  # verifies with the open data file's group key
    qtbot.addWidget(merge)
    bad = tmp_path / "不是工作簿.xlsx"
    bad.write_text("x")
    merge.add_paths([out, bad, out])
    assert merge.paths() == [out, bad]  # the same file is listed once
    merged = tmp_path / "group.xlsx"
    merge.out_edit.setText(str(merged))
    merge.start()
    qtbot.waitUntil(lambda: merge.task is not None and merge.task.done, timeout=20000)
    assert "不是工作簿.xlsx" in merge.error.text() and not merged.exists()
    assert merge.paths() == [out, bad]
    merge.files.item(1).setSelected(True)
    merge._remove()
    merge.start()
    qtbot.waitUntil(lambda: merge.task is not None and merge.task.done, timeout=20000)
    assert merged.exists() and merge.merge_result is not None and merge.merge_result.offices == ["ALH"]


def test_merge_without_a_group_key_says_where_to_set_it(db: Database, qtbot: QtBot, tmp_path: Path) -> None:
    merge = HqMergeDialog(db)
    qtbot.addWidget(merge)
    sent = tmp_path / "alh.xlsx"
    sent.write_bytes(b"")
    merge.add_paths([sent])
    merge.out_edit.setText(str(tmp_path / "group.xlsx"))
    merge.start()
    assert merge.task is None  # refused before any file is read
    assert "集团密钥" in merge.error.text() and "设置 → 单位与组织" in merge.error.text()


def test_export_dialog_lists_the_new_sheets_and_greys_out_rights_for_a_clerk(
    office_db: Database, qtbot: QtBot, tmp_path: Path
) -> None:
    from desktop.services.hq.export import AREA_TITLES, RIGHTS_TITLE
    from tests.conftest import sign_in_as

    dialog = HqExportDialog(office_db)
    qtbot.addWidget(dialog)
    assert list(dialog.area_checks) == list(AREA_TITLES)
    assert {"专项合同履行", "特种病保险", RIGHTS_TITLE} <= set(dialog.area_checks)
    assert dialog.area_checks[RIGHTS_TITLE].isEnabled() and dialog.area_checks[RIGHTS_TITLE].isChecked()
    dialog.grab().save(str(tmp_path / "hq-export-admin.png"))
    sign_in_as(office_db, "clerk")
    clerk = HqExportDialog(office_db)
    qtbot.addWidget(clerk)
    box = clerk.area_checks[RIGHTS_TITLE]
    assert not box.isEnabled() and not box.isChecked() and "维权诉求" in box.toolTip()
    assert RIGHTS_TITLE not in clerk.chosen_areas() and "特种病保险" in clerk.chosen_areas()
    clerk.grab().save(str(tmp_path / "hq-export-clerk.png"))
