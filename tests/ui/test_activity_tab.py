"""The 品牌活动 tab as a clerk uses it: create an activity, add people from the roster, sign in, print."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from desktop.services.activities import records as activity_records
from desktop.services.database import Database
from desktop.services.roster.profile import worker_profile
from desktop.ui import prompts
from desktop.ui.activities import io_actions as activity_io
from desktop.ui.activities.dialogs import ActivityDialog, HonourDialog, ParticipantDialog
from desktop.ui.activities.people_dialog import AddPeopleDialog
from desktop.ui.activities.tab import ActivityTab

TODAY = date(2026, 3, 1)


def _tab(db: Database, qtbot: Any) -> ActivityTab:
    tab = ActivityTab(db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.resize(1366, 740)
    tab.show()
    return tab


def _wait(qtbot: Any, holder: Any) -> None:
    qtbot.waitUntil(lambda: holder.last_task is not None and holder.last_task.done, timeout=20000)


def _create(tab: ActivityTab, qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: Any) -> None:
    def drive(cls: type[ActivityDialog], parent: QWidget, db: Database, activity_id: int | None = None) -> int | None:
        dialog = cls(parent, db, activity_id)
        qtbot.addWidget(dialog)
        dialog.show()
        brand = dialog.widgets["brand_id"]
        brand.setCurrentIndex(brand.findText("三八系列"))  # type: ignore[attr-defined]
        type_text(dialog.widgets["title"], "三八节趣味运动会")
        dialog.widgets["day"].set_value(date(2026, 3, 8))  # type: ignore[attr-defined]
        dialog.widgets["start"].clear()  # type: ignore[attr-defined]
        type_text(dialog.widgets["start"], "14:00")
        type_text(dialog.widgets["end"], "13:00")
        qtbot.waitUntil(lambda: "早于" in dialog.message("end"))  # said beside the field while typing
        dialog.widgets["end"].clear()  # type: ignore[attr-defined]
        type_text(dialog.widgets["end"], "16:30")
        type_text(dialog.widgets["place"], "职工活动中心")
        type_text(dialog.widgets["budget"], "2000")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    monkeypatch.setattr(ActivityDialog, "ask", classmethod(drive))
    tab.activities.actions_["new"].trigger()


def test_create_add_people_sign_in_and_print(
    office_db: Database,
    people: dict[str, int],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    type_text: Any,
    tmp_path: Path,
) -> None:
    tab = _tab(office_db, qtbot)
    page = tab.activities
    _create(tab, qtbot, monkeypatch, type_text)
    assert page.model.rowCount() == 1
    row = page.current()
    assert row is not None and (row.title, row.brand, row.budget_fen) == ("三八节趣味运动会", "三八系列", 200000)
    assert activity_records.format_when(row.starts_at, row.ends_at) == "2026-03-08 14:00–16:30"

    def pick_women(
        cls: type[AddPeopleDialog], parent: QWidget, db: Database, title: str = "", exclude: set[int] | None = None
    ) -> list[int] | None:
        dialog = cls(parent, db, title, exclude)
        assert dialog.chosen() == []  # the whole roster is never ticked by default
        dialog.filter_bar.set_value("sex", "F")
        qtbot.waitUntil(lambda: len(dialog.chosen()) == 2)
        return dialog.chosen()

    monkeypatch.setattr(AddPeopleDialog, "ask", classmethod(pick_women))
    people_panel = page.people
    people_panel.actions_["add"].trigger()
    assert people_panel.model.rowCount() == 2
    assert sorted(r.name for r in (people_panel.model.record(i) for i in range(2)) if r) == ["张丽", "李娜"]
    assert "名单2人，签到0人" in people_panel.title.text()

    people_panel.view.selectRow(0)
    people_panel.actions_["signed"].trigger()
    assert "签到1人" in people_panel.title.text()
    assert page.current() is not None and page.current().signed == 1  # type: ignore[union-attr]

    page.actions_["signin"].trigger()
    _wait(qtbot, page)
    preview = activity_io._previews[-1]
    assert preview.page_count() >= 1
    text = "".join(p.extract_text() for p in PdfReader(str(preview.pdf_path)).pages)
    assert "活动签到表" in text and "三八节趣味运动会" in text and "张丽" in text and "李娜" in text
    preview.close()

    monkeypatch.setattr(prompts, "save_file", lambda *_a, **_k: tmp_path / "活动")
    informed: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: informed.append(text))
    page.actions_["export"].trigger()
    _wait(qtbot, page)
    ws = load_workbook(tmp_path / "活动.xlsx")["品牌活动"]
    # The record number first (#17 item 3), then brand and title.
    assert [ws.cell(2, c).value for c in (1, 3)] == ["活2026-001", "三八节趣味运动会"] and "已导出 1 条" in informed[-1]


def test_award_and_honour_reach_the_worker_and_the_stats(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: Any
) -> None:
    tab = _tab(office_db, qtbot)
    page = tab.activities
    _create(tab, qtbot, monkeypatch, type_text)
    monkeypatch.setattr(AddPeopleDialog, "ask", classmethod(lambda cls, *_a, **_k: [people["张丽"]]))
    page.people.actions_["add"].trigger()
    page.people.view.selectRow(0)

    def award(cls: type[ParticipantDialog], parent: QWidget, db: Database, pid: int, name: str = "") -> int | None:
        dialog = cls(parent, db, pid, name)
        type_text(dialog.widgets["award_name"], "趣味运动会")
        qtbot.waitUntil(lambda: "签到" in dialog.message("award_name"))  # no award before signing in
        status = dialog.widgets["status"]
        status.setCurrentIndex(status.findData("signed"))  # type: ignore[attr-defined]
        dialog.widgets["award_rank"].setEditText("一等奖")  # type: ignore[attr-defined]
        type_text(dialog.widgets["hours"], "2.5")
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    monkeypatch.setattr(ParticipantDialog, "ask", classmethod(award))
    page.people.actions_["edit"].trigger()
    assert page.people.current() is not None and page.people.current().award == "趣味运动会（一等奖）"  # type: ignore[union-attr]

    def honour(
        cls: type[HonourDialog],
        parent: QWidget,
        db: Database,
        honour_id: int | None = None,
        *,
        worker_id: int | None = None,
        activity_id: int | None = None,
    ) -> int | None:
        dialog = cls(parent, db, honour_id, today=TODAY, worker_id=worker_id, activity_id=activity_id)
        assert dialog.widgets["worker_id"].value() == people["张丽"]  # type: ignore[attr-defined]
        dialog.widgets["title"].setEditText("巾帼建功标兵")  # type: ignore[attr-defined]
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    monkeypatch.setattr(HonourDialog, "ask", classmethod(honour))
    page.people.actions_["honour"].trigger()
    tab.pages.setCurrentWidget(tab.honours)
    assert tab.honours.model.rowCount() == 1
    assert tab.honours.model.record(0).title == "巾帼建功标兵"  # type: ignore[union-attr]
    with office_db.read() as s:
        titles = {sec.title: [ln.value for ln in sec.lines] for sec in worker_profile(s, people["张丽"])}
    assert titles["荣誉"] == ["巾帼建功标兵（公司级）"] and titles["品牌活动"] == ["三八节趣味运动会"]

    tab.pages.setCurrentWidget(tab.reach)
    assert "50.0%（1/2人）" in tab.reach.summary.text()  # 张丽 of the two women
    assert tab.reach.missing_model.rowCount() == 1 and tab.reach.missing_model.index(0, 1).data() == "李娜"


def test_photo_is_attached_and_printed_on_the_record(
    office_db: Database,
    people: dict[str, int],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    type_text: Any,
    tmp_path: Path,
) -> None:
    from PIL import Image

    tab = _tab(office_db, qtbot)
    page = tab.activities
    _create(tab, qtbot, monkeypatch, type_text)
    photo = tmp_path / "合影.png"
    Image.new("RGB", (320, 200), "pink").save(photo)
    monkeypatch.setattr(prompts, "open_file", lambda *_a, **_k: photo)
    page.file_buttons["add"].click()
    assert page.files.count() == 1 and "合影.png" in page.files.item(0).text()
    page.actions_["record"].trigger()
    _wait(qtbot, page)
    preview = activity_io._previews[-1]
    reader = PdfReader(str(preview.pdf_path))
    assert "活动记录表" in reader.pages[0].extract_text() and len(reader.pages[0].images) == 1
    preview.close()
