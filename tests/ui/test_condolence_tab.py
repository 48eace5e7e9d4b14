"""The 慰问帮扶 tab as a clerk uses it: record a visit, see the cap message, create a batch, open a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from db.models import Worker
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import ledger as condolence_ledger
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.condolences.batch_dialog import BatchDialog
from desktop.ui.condolences.hardship_dialogs import HardshipFileDialog
from desktop.ui.condolences.standards_dialog import StandardsDialog
from desktop.ui.condolences.tab import CondolenceTab
from desktop.ui.condolences.visit_dialog import VisitDialog

# Entering and approving in one test: see tests/conftest.py (the real role split is in test_accounts.py).
pytestmark = pytest.mark.usefixtures("admin_may_approve")

TypeText = Callable[[QWidget, str], None]
TODAY = date(2026, 11, 20)


def _tab(db: Database, qtbot: Any) -> CondolenceTab:
    tab = CondolenceTab(db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    return tab


PAPERS = "住院证明或出院小结\n医疗费票据复印件"  # approval waits for both (#17 item 2)


def _visit_dialog(db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> VisitDialog:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    dialog = VisitDialog(None, db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _pick(dialog: Any, type_text: TypeText, text: str) -> None:
    type_text(dialog.picker.edit, text)
    dialog.picker.refresh()


def _choose(combo: Any, code: object) -> None:
    combo.setCurrentIndex(combo.findData(code))


def test_record_a_visit_through_the_tab(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: TypeText
) -> None:
    tab = _tab(office_db, qtbot)
    assert tab.visits.model.rowCount() == 0

    def drive(cls: type[VisitDialog], parent: QWidget, db: Database, visit_id: int | None = None) -> int | None:
        dialog = cls(parent, db, visit_id, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.show()
        _pick(dialog, type_text, "150785198503120022")
        assert dialog.picker.value() == people["张丽"]
        _choose(dialog.widgets["occasion"], "sick")
        # The standard's default amount and checklist arrive with the occasion.
        assert dialog.widgets["cash"].text() == "500.00"
        assert [b.text() for b in dialog.docs.boxes] == ["住院证明或出院小结", "医疗费票据复印件"]
        dialog.docs.boxes[0].setChecked(True)
        type_text(dialog.widgets["cause"], "肺炎")
        dialog.widgets["visit_date"].set_value(date(2026, 3, 2))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.saved_id

    monkeypatch.setattr(VisitDialog, "ask", classmethod(drive))
    tab.visits.filter_bar.set_value("year", 2026)
    tab.visits.add()
    assert tab.visits.model.rowCount() == 1
    row = tab.visits.current()
    assert row is not None and row.cash_fen == 50000 and row.documents == "住院证明或出院小结"
    assert "生病住院（肺炎）" in tab.visits.detail.text() and "每次最多" not in tab.visits.detail.text()


def test_cap_message_appears_and_override_saves(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: TypeText
) -> None:
    with office_db.write() as s:
        condolence_visits.add_visit(
            s,
            people["张丽"],
            condolence_visits.VisitDraft(
                occasion="festival", festival="spring", visit_date=date(2026, 2, 1), goods="米面油", goods_fen=240000
            ),
            actor="t",
            today=TODAY,
        )
    dialog = _visit_dialog(office_db, qtbot, monkeypatch)
    _pick(dialog, type_text, "张丽")
    _choose(dialog.widgets["occasion"], "festival")
    qtbot.wait(300)  # the form re-checks shortly after typing stops
    assert "每人每年最多2,500.00元" in dialog.message("occasion")
    dialog.widgets["festival"].setCurrentIndex(dialog.widgets["festival"].findData("mid_autumn"))
    dialog.widgets["visit_date"].set_value(date(2026, 9, 20))
    type_text(dialog.widgets["goods"], "月饼")
    dialog.widgets["goods_value"].setText("")
    type_text(dialog.widgets["goods_value"], "100.01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = dialog.message("override_reason")
    assert "2,500.00" in message and "2,400.00" in message and "超出0.01元" in message
    assert dialog.saved_id is None and dialog.widgets["goods"].text() == "月饼"  # nothing typed is lost
    dialog.widgets["override_reason"].setPlainText("经工会主席刘刚批准：中秋补发")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_id is not None
    with office_db.read() as s:
        row = condolence_ledger.fetch_visit_rows(s, [dialog.saved_id])[0]
    assert row.goods_fen == 10001 and "超出0.01元" in row.override_rules


def test_create_a_batch_with_preview(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    informed: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: informed.append(text))
    with office_db.write() as s:
        condolence_visits.add_visit(
            s,
            people["李娜"],
            condolence_visits.VisitDraft(
                occasion="festival", festival="spring", visit_date=date(2026, 2, 1), goods="米面油", goods_fen=240000
            ),
            actor="t",
            today=TODAY,
        )
    dialog = BatchDialog(None, office_db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("2026年中秋慰问")
    dialog.festival.setCurrentIndex(dialog.festival.findData("mid_autumn"))
    dialog.goods.setText("月饼")
    dialog.goods_value.setText("300")
    assert not dialog.create_button.isEnabled()
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert dialog.table.rowCount() == 3 and "1 人超出慰问标准" in dialog.summary.text()
    assert dialog.create_button.isEnabled()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.created_id is not None, timeout=5000)
    assert "已登记 2 人，跳过 1 人" in informed[0]
    with office_db.read() as s:
        assert len(condolence_ledger.visit_ids(s, condolence_ledger.VisitFilter(batch_id=dialog.created_id))) == 2


def test_open_a_hardship_file_and_see_it(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: TypeText
) -> None:
    tab = _tab(office_db, qtbot)

    def drive(cls: type[HardshipFileDialog], parent: QWidget, db: Database, file_id: int | None = None) -> int | None:
        dialog = cls(parent, db, file_id, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.show()
        _pick(dialog, type_text, "李娜")
        _choose(dialog.widgets["grade"], "deep")
        type_text(dialog.widgets["own_income_fen"], "24000")
        type_text(dialog.widgets["household_income_fen"], "36000")
        dialog.widgets["household_size"].setValue(3)
        type_text(dialog.widgets["bank_account"], "6228480012345678")
        qtbot.wait(250)
        assert "人均年收入 12,000.00 元" in dialog.message("household_size")
        assert dialog.message("bank_account") == "显示为 **** 5678"
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.saved_id

    monkeypatch.setattr(HardshipFileDialog, "ask", classmethod(drive))
    tab.files.add()
    assert tab.files.model.rowCount() == 1
    tab.files.view.set_current_id(tab.files.model.ids()[0])
    text = tab.files.detail.text()
    assert "深度困难" in text and "12,000.00" in text and "**** 5678" in text and "6228480012345678" not in text
    with office_db.read() as s:
        assert hardship_files.file_rows(s)[0].name == "李娜"


def test_standards_dialog_lists_every_occasion(office_db: Database, qtbot: Any) -> None:
    dialog = StandardsDialog(None, office_db, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 13
    festival = next(r for r in range(13) if dialog.table.item(r, 0).text() == "节日慰问")
    assert dialog.table.item(festival, 4).text() == "2,500.00" and dialog.table.item(festival, 8).text() == "2023-01-01"


def test_approve_pay_and_filters_in_the_ledger(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any
) -> None:
    from desktop.ui.condolences import visits_page

    with office_db.write() as s:
        condolence_visits.add_visit(
            s,
            people["张丽"],
            condolence_visits.VisitDraft(
                occasion="sick", cause="肺炎", visit_date=date(2026, 3, 2), cash_fen=50000, documents=PAPERS
            ),
            actor="t",
            today=TODAY,
        )
        condolence_visits.add_visit(
            s,
            people["李娜"],
            condolence_visits.VisitDraft(
                occasion="birthday", visit_date=date(2026, 5, 2), goods="蛋糕券", goods_fen=40000
            ),
            actor="t",
            override_reason="经主席批准：整寿",
            today=TODAY,
        )
    tab = _tab(office_db, qtbot)
    page = tab.visits
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 2
    page.filter_bar.set_value("overrides", True)
    assert page.model.rowCount() == 1 and page.model.record(0).name == "李娜"
    page.filter_bar.set_value("overrides", None)
    zhang = next(i for i in page.model.ids() if page.model.record(page.model.row_of(i)).name == "张丽")
    page.view.set_current_id(zhang)
    monkeypatch.setattr(visits_page, "ask_text", lambda *_a: "刘刚")
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    page.advance()
    assert page.current().status == "approved" and page.actions_["advance"].text() == "发放"
    page.advance()
    assert page.current().status == "paid" and not page.actions_["edit"].isEnabled()
    assert "审批" in page.detail.text() and "刘刚" in page.detail.text()


def test_changing_occasion_keeps_a_typed_amount(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: TypeText
) -> None:
    dialog = _visit_dialog(office_db, qtbot, monkeypatch)
    _choose(dialog.widgets["occasion"], "marriage")
    # The default follows the occasion while untouched; marriage is a gift (#18 item 1), so it fills goods.
    assert dialog.widgets["goods_value"].text() == "500.00" and dialog.widgets["cash"].text() == ""
    _choose(dialog.widgets["occasion"], "death_member")
    assert dialog.widgets["cash"].text() == "2000.00" and dialog.widgets["goods_value"].text() == ""
    dialog.widgets["cash"].clear()
    type_text(dialog.widgets["cash"], "1500")
    _choose(dialog.widgets["occasion"], "sick")
    assert dialog.widgets["cash"].text() == "1500"
    assert [b.text() for b in dialog.docs.boxes] == ["住院证明或出院小结", "医疗费票据复印件"]


def test_archive_and_restore_a_visit(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with office_db.write() as s:
        vid = condolence_visits.add_visit(
            s,
            people["张丽"],
            condolence_visits.VisitDraft(occasion="sick", cause="肺炎", visit_date=date(2026, 3, 2), cash_fen=50000),
            actor="t",
            today=TODAY,
        ).id
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    page = _tab(office_db, qtbot).visits
    page.view.set_current_id(vid)
    page.archive()
    assert page.model.rowCount() == 0
    page.act_archived.setChecked(True)
    assert page.model.rowCount() == 1 and page.actions_["archive"].text() == "恢复"
    page.view.set_current_id(vid)
    page.archive()
    page.act_archived.setChecked(False)
    assert page.model.ids() == [vid]
    with office_db.read() as s:
        assert [e.action for e in condolence_visits.visit_history(s, vid)] == ["restore", "archive", "create"]


def test_batch_for_two_units(
    office_db: Database, people: dict[str, int], qtbot: Any, unit_of: Callable[[str], int]
) -> None:
    dialog = BatchDialog(None, office_db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.title.setText("营林科、一班送清凉")
    _choose(dialog.occasion, "cooling")
    dialog.goods.setText("绿豆、白糖")
    dialog.goods_value.setText("80")
    _choose(dialog.group, "units")
    wanted = {unit_of("营林科"), unit_of("一班")}
    for i in range(dialog.unit.count()):
        item = dialog.unit.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in wanted:
            item.setCheckState(Qt.CheckState.Checked)
    dialog.run_preview()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert {line.name for line in dialog.preview.lines} == {"王建国", "李娜"}


def _edit_dialog(db: Database, qtbot: Any, vid: int) -> VisitDialog:
    dialog = VisitDialog(None, db, vid, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_editing_shows_the_old_override_but_a_new_breach_needs_a_new_reason(
    office_db: Database, people: dict[str, int], qtbot: Any, type_text: TypeText
) -> None:
    def sick(cash_fen: int = 50000) -> condolence_visits.VisitDraft:
        return condolence_visits.VisitDraft(
            occasion="sick", cause="肺炎", visit_date=date(2026, 8, 1), cash_fen=cash_fen
        )

    with office_db.write() as s:
        condolence_visits.add_visit(
            s, people["张丽"], replace(sick(), visit_date=date(2026, 3, 2)), actor="t", today=TODAY
        )
        vid = condolence_visits.add_visit(
            s, people["张丽"], sick(), actor="chair", override_reason="经工会主席批准：肺炎复发", today=TODAY
        ).id
    dialog = _edit_dialog(office_db, qtbot, vid)
    assert dialog.picker.value() == people["张丽"]
    assert dialog.widgets["override_reason"].toPlainText() == ""  # never carried into the field
    dialog.validate(show_all=True)
    assert "原特批仍适用" in dialog.message("override_reason") and "肺炎复发" in dialog.message("override_reason")
    dialog.widgets["cash"].setText("")
    type_text(dialog.widgets["cash"], "1200")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = dialog.message("override_reason")
    assert dialog.saved_id is None and "超出200.00元" in message and "肺炎复发" in message
    dialog.widgets["override_reason"].setPlainText("经工会主席再次批准：病情加重")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_id == vid
    with office_db.read() as s:
        v = condolence_visits.get_visit(s, vid)
        assert (v.cash_fen, v.override_reason) == (120000, "经工会主席再次批准：病情加重")
        assert "超出200.00元" in v.override_rules and "同一疾病" in v.override_rules


def test_changing_an_approved_amount_warns_and_sends_it_back(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: TypeText
) -> None:
    with office_db.write() as s:
        vid = condolence_visits.add_visit(
            s,
            people["张丽"],
            condolence_visits.VisitDraft(
                occasion="sick", cause="肺炎", visit_date=date(2026, 3, 2), cash_fen=50000, documents=PAPERS
            ),
            actor="t",
            today=TODAY,
        ).id
        condolence_visits.advance(s, vid, actor="t", approver="刘刚", on=date(2026, 3, 3))
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, **_k: asked.append(text) or answer[0])
    dialog = _edit_dialog(office_db, qtbot, vid)
    dialog.widgets["cash"].setText("")
    type_text(dialog.widgets["cash"], "600")
    dialog.validate(show_all=True)
    assert "退回“登记”" in dialog.message("cash")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_id is None and asked and "重新审批" in asked[0]
    with office_db.read() as s:
        assert condolence_visits.get_visit(s, vid).status == "approved"
    answer[0] = True
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_id == vid
    with office_db.read() as s:
        v = condolence_visits.get_visit(s, vid)
        assert (v.cash_fen, v.status, v.approved_by, v.approved_on) == (60000, "registered", "", None)


def test_only_members_can_be_chosen(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: TypeText
) -> None:
    with office_db.write() as s:
        vid = condolence_visits.add_visit(
            s,
            people["王建国"],
            condolence_visits.VisitDraft(occasion="sick", cause="骨折", visit_date=date(2026, 3, 2), cash_fen=50000),
            actor="t",
            today=TODAY,
        ).id
        w = s.get(Worker, people["王建国"])
        assert w is not None
        w.union_member = False  # left the union after the visit
    dialog = _visit_dialog(office_db, qtbot, monkeypatch)
    _pick(dialog, type_text, "王建国")
    assert dialog.picker.value() is None and dialog.picker.list.count() == 0
    dialog.picker.edit.clear()
    _pick(dialog, type_text, "张丽")
    assert dialog.picker.value() == people["张丽"]
    # A visit recorded before she/he left can still be opened and corrected.
    edit = _edit_dialog(office_db, qtbot, vid)
    assert edit.picker.value() == people["王建国"]


def test_a_saved_group_fills_the_batch_form(
    office_db: Database, people: dict[str, int], qtbot: Any, unit_of: Callable[[str], int], monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QInputDialog

    dialog = BatchDialog(None, office_db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.title.setText("三八节慰问")
    dialog.goods.setText("鲜花")
    dialog.goods_value.setText("50")
    _choose(dialog.group, "units")
    for i in range(dialog.unit.count()):
        item = dialog.unit.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == unit_of("甘河林场"):
            item.setCheckState(Qt.CheckState.Checked)
    dialog.women_only.setChecked(True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("甘河林场女会员", True))
    dialog.save_current_group()
    assert dialog.saved.currentText() == "甘河林场女会员"

    fresh = BatchDialog(None, office_db, today=TODAY)
    qtbot.addWidget(fresh)
    fresh.saved.setCurrentIndex(fresh.saved.findText("甘河林场女会员"))
    fresh.apply_saved()
    assert fresh.group.currentData() == "units" and fresh.women_only.isChecked()
    checked = [
        fresh.unit.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(fresh.unit.count())
        if fresh.unit.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert checked == [unit_of("甘河林场")]


def test_festival_list_is_closed_and_ethnic_festivals_are_entered_with_their_approval(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: TypeText
) -> None:
    """#18 items 2 and 3 through the screens: no free-text festival; 瑟宾节 entered in 民族节日 with its
    approval, then offered on its date; its goods to a member of another ethnicity need a written reason."""
    from desktop.ui.condolences.standards_dialog import FestivalEditDialog, FestivalsDialog

    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    standards = StandardsDialog(None, office_db, today=TODAY)
    qtbot.addWidget(standards)
    assert standards.festivals_button.text() == "民族节日…"  # the name the messages give
    festivals = FestivalsDialog(None, office_db, today=TODAY)
    qtbot.addWidget(festivals)
    assert festivals.table.rowCount() == 0
    edit = FestivalEditDialog(None, office_db, None, approved=True)
    qtbot.addWidget(edit)
    edit.show()
    type_text(edit.widgets["name"], "瑟宾节")
    type_text(edit.widgets["ethnicity"], "鄂温克族")
    edit.widgets["effective_from"].set_value(date(2020, 1, 1))  # type: ignore[attr-defined]
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert "依据" in edit.message("note") and edit.saved_id is None  # an approval needs its document
    edit.widgets["note"].setPlainText("内蒙古自治区批准；工会委员会2020年第1次会议决定")  # type: ignore[attr-defined]
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert edit.saved_id is not None
    festivals.load()
    assert festivals.table.item(0, 0).text() == "瑟宾节" and festivals.table.item(0, 2).text() == "可发放"

    dialog = _visit_dialog(office_db, qtbot, monkeypatch)
    combo = dialog.widgets["festival"]
    assert not combo.isEditable()  # type: ignore[attr-defined]
    labels = [combo.itemText(i) for i in range(combo.count())]  # type: ignore[attr-defined]
    assert "清明" in labels and "三八" not in labels and "瑟宾节（鄂温克族）" in labels
    _pick(dialog, type_text, "张丽")
    _choose(dialog.widgets["occasion"], "festival")
    dialog.widgets["visit_date"].set_value(date(2026, 6, 18))  # type: ignore[attr-defined]
    _choose(combo, "瑟宾节")
    type_text(dialog.widgets["goods"], "奶茶")
    dialog.widgets["goods_value"].setText("")  # type: ignore[attr-defined]
    type_text(dialog.widgets["goods_value"], "200")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_id is None and "鄂温克族" in dialog.message("override_reason")
    dialog.widgets["override_reason"].setPlainText("经工会主席刘刚批准：随鄂温克族家人过节")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_id is not None
    with office_db.read() as s:
        row = condolence_ledger.fetch_visit_rows(s, [dialog.saved_id])[0]
    assert "鄂温克族" in row.override_rules

    batch = BatchDialog(None, office_db, today=TODAY)
    qtbot.addWidget(batch)
    assert not batch.festival.isEditable()
    batch.visit_date.set_value(date(2026, 6, 18))
    batch.festival.setCurrentIndex(batch.festival.findData("瑟宾节"))
    batch._festival_chosen()
    assert batch.group.currentData() == "ethnicity" and batch.ethnicity.text() == "鄂温克族"


def test_batch_hint_says_one_page_group_per_unit(office_db: Database, qtbot: Any) -> None:
    """#17 item 7: the sign-off sheet is printed as one page group per unit, not one sheet per batch."""
    from PySide6.QtWidgets import QLabel

    texts = [label.text() for label in _tab(office_db, qtbot).batches.findChildren(QLabel)]
    hint = next(t for t in texts if t.startswith("节日慰问按批次发放"))
    assert "每个批次打印一张签收表" not in hint and "每个单位一组" in hint


def test_batch_form_layout_and_wiring(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form's rows and every signal: any change after a preview disables 创建; the group decides which
    of units and ethnicity may be filled in; a new date refills the festival list."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    dialog = BatchDialog(None, office_db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.findChild(QFormLayout)
    labels = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        labels.append(item.widget().text() if item is not None and isinstance(item.widget(), QLabel) else "")
    assert labels == [
        "批次名称 *",
        "慰问事由 *",
        "节日",
        "发放日期 *",
        "慰问品",
        "慰问品价值（元）",
        "慰问金（元）",
        "慰问人",
        "常用发放对象",
        "发放对象 *",
        "单位（含下级）",
        "民族",
        "",
    ]
    assert [dialog.occasion.itemData(i) for i in range(dialog.occasion.count())] == [
        "festival",
        "warmth",
        "cooling",
        "hardship",
        "other",
    ]
    assert dialog.saved.itemText(0) == "（不使用）" and dialog.saved.itemData(0) is None
    assert dialog.visit_date.value() == TODAY
    assert dialog.unit.count() > 0 and dialog.unit.item(0).checkState() == Qt.CheckState.Unchecked
    assert not dialog.create_button.isEnabled()
    assert dialog.group.currentData() == "all"
    assert not dialog.unit.isEnabled() and not dialog.ethnicity.isEnabled()
    _choose(dialog.group, "units")
    assert dialog.unit.isEnabled() and not dialog.ethnicity.isEnabled()
    _choose(dialog.group, "ethnicity")
    assert not dialog.unit.isEnabled() and dialog.ethnicity.isEnabled()

    def goes_stale(change: Callable[[], object]) -> None:
        dialog.create_button.setEnabled(True)
        change()
        assert not dialog.create_button.isEnabled()

    for edit in (dialog.title, dialog.goods, dialog.goods_value, dialog.cash, dialog.ethnicity, dialog.visitors):
        goes_stale(lambda edit=edit: qtbot.keyClicks(edit, "1"))
    goes_stale(lambda: _choose(dialog.occasion, "warmth"))
    goes_stale(lambda: _choose(dialog.group, "women"))
    goes_stale(lambda: dialog.festival.setCurrentIndex(dialog.festival.count() - 1))
    goes_stale(lambda: dialog.unit.item(0).setCheckState(Qt.CheckState.Checked))
    goes_stale(lambda: dialog.women_only.setChecked(True))

    def type_date(text: str) -> None:
        dialog.visit_date.edit.selectAll()
        qtbot.keyClicks(dialog.visit_date.edit, text)

    goes_stale(lambda: type_date("2026-06-18"))
    assert dialog.visit_date.value() == date(2026, 6, 18)
    from desktop.core import condolences

    asked: list[date] = []
    listed = condolences.festivals_on
    monkeypatch.setattr(condolences, "festivals_on", lambda day, *a: asked.append(day) or listed(day, *a))
    type_date("2026-02-10")
    assert asked[-1] == date(2026, 2, 10)  # refilled as she types, with the list in force on the day
