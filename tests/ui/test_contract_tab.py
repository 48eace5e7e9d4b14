"""The 专项集体合同 tab as a clerk uses it: add a contract and clauses (a mistake keeps what was typed), see the
yearly check, print it and export it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from desktop.services.contracts import contracts as contract_service
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.contracts.dialogs import ClauseDialog, ContractDialog
from desktop.ui.contracts.tab import CHECK, ContractTab

TODAY = date(2026, 11, 20)


def _tab(db: Database, qtbot: Any) -> ContractTab:
    tab = ContractTab(db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.resize(1366, 740)
    tab.show()
    return tab


def test_contract_dialog_keeps_what_was_typed_on_a_validation_error(
    office_db: Database, qtbot: Any, type_text: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)  # closing at teardown discards the input
    dialog = ContractDialog(None, office_db)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.widgets["title"], "阿里河专项集体合同")
    status = dialog.widgets["status"]
    status.setCurrentIndex(status.findData("signed"))  # type: ignore[attr-defined]
    dialog.widgets["term_start"].set_value(date(2026, 1, 1))  # type: ignore[attr-defined]
    dialog.widgets["term_end"].set_value(date(2025, 12, 31))  # type: ignore[attr-defined]
    type_text(dialog.widgets["union_party"], "阿里河森工公司工会委员会")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message("term_end") == "终止日 2025-12-31 早于起始日 2026-01-01"
    assert dialog.message("signed_on") == "状态为“已签订”的合同须填写签订日期"
    assert dialog.widgets["title"].text() == "阿里河专项集体合同"  # type: ignore[attr-defined]
    assert dialog.widgets["union_party"].text() == "阿里河森工公司工会委员会"  # type: ignore[attr-defined]
    with office_db.read() as s:
        assert contract_service.list_contracts(s) == []


def test_clause_dialog_names_the_wrong_value_and_keeps_it(
    office_db: Database, qtbot: Any, type_text: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    with office_db.write() as s:
        cid = contract_service.add_contract(
            s,
            contract_service.ContractDraft(title="合同", term_start=date(2026, 1, 1), term_end=date(2028, 12, 31)),
            actor="t",
        ).id
    dialog = ClauseDialog(None, office_db, cid)
    qtbot.addWidget(dialog)
    dialog.show()
    kind = dialog.widgets["kind"]
    kind.setCurrentIndex(kind.findData("menstrual_leave"))  # type: ignore[attr-defined]
    assert dialog.widgets["unit"].text() == "天" and dialog.widgets["unit"].isReadOnly()  # type: ignore[attr-defined]
    type_text(dialog.widgets["article"], "第九条")
    type_text(dialog.widgets["value"], "12")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message("value") == "经期假条款的每月经期假应在1到10天之间，现为12天"
    assert dialog.widgets["value"].text() == "12" and dialog.widgets["article"].text() == "第九条"  # type: ignore[attr-defined]
    dialog.widgets["value"].clear()  # type: ignore[attr-defined]
    type_text(dialog.widgets["value"], "2")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
    with office_db.read() as s:
        assert [c.promise for c in contract_service.clauses(s, cid)] == ["经期假每月2天"]


def test_tab_adds_a_contract_and_clause_and_checks_the_year(
    office_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch, type_text: Any, tmp_path: Path
) -> None:
    tab = _tab(office_db, qtbot)
    assert tab.empty.isVisible() and not tab.actions_["edit"].isEnabled()

    def contract(
        cls: type[ContractDialog], parent: QWidget, db: Database, contract_id: int | None = None
    ) -> int | None:
        dialog = cls(parent, db, contract_id)
        qtbot.addWidget(dialog)
        type_text(dialog.widgets["title"], "阿里河专项集体合同")
        dialog.widgets["status"].setCurrentIndex(dialog.widgets["status"].findData("filed"))  # type: ignore[attr-defined]
        dialog.widgets["term_start"].set_value(date(2025, 1, 1))  # type: ignore[attr-defined]
        dialog.widgets["term_end"].set_value(date(2027, 12, 31))  # type: ignore[attr-defined]
        dialog.widgets["signed_on"].set_value(date(2024, 12, 20))  # type: ignore[attr-defined]
        type_text(dialog.widgets["union_party"], "阿里河森工公司工会委员会")
        type_text(dialog.widgets["company_party"], "阿里河森工公司")
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    def clause(
        cls: type[ClauseDialog], parent: QWidget, db: Database, contract_id: int, clause_id: int | None = None
    ) -> int | None:
        dialog = cls(parent, db, contract_id, clause_id)
        qtbot.addWidget(dialog)
        dialog.widgets["kind"].setCurrentIndex(dialog.widgets["kind"].findData("screening"))  # type: ignore[attr-defined]
        type_text(dialog.widgets["article"], "第八条")
        type_text(dialog.widgets["value"], "2")
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
        return dialog.saved_id

    monkeypatch.setattr(ContractDialog, "ask", classmethod(contract))
    monkeypatch.setattr(ClauseDialog, "ask", classmethod(clause))
    tab.actions_["new"].trigger()
    assert [c.title for c in tab.contracts] == ["阿里河专项集体合同"]
    assert "阿里河森工公司工会委员会" in tab.detail.text() and tab.contract_model.index(0, 1).data() == "已备案\n生效中"
    tab.actions_["clause_new"].trigger()
    assert tab.clause_model.rowCount() == 1 and tab.clause_model.index(0, 2).data() == "两癌筛查每2年一次"
    assert "条款（第八条）新建记录" in tab.detail.text()  # the clause's history shows with the contract's

    tab.pages.setCurrentIndex(CHECK)
    assert tab.year.value() == 2026
    qtbot.waitUntil(lambda: not tab.check_busy(), timeout=10000)
    assert "2026年度共1项条款：无数据1项" in tab.summary.text()  # no women on this roster yet
    tab.year.setValue(2031)
    qtbot.waitUntil(lambda: not tab.check_busy(), timeout=10000)
    assert tab.summary.text().startswith("2031年没有生效的专项集体合同")
    assert not tab.actions_["print"].isEnabled()
    tab.year.setValue(2026)
    qtbot.waitUntil(lambda: not tab.check_busy() and tab.result is not None, timeout=10000)

    previews: list[Path] = []
    monkeypatch.setattr(
        "desktop.ui.print_preview.PrintPreview.open_pdf",
        classmethod(lambda _c, _p, path, *_a, **_k: previews.append(Path(path)) or QWidget()),
    )
    tab.actions_["print"].trigger()
    qtbot.waitUntil(lambda: tab.last_task is not None and tab.last_task.done, timeout=20000)
    assert previews and "专项集体合同履行情况检查表" in PdfReader(previews[0]).pages[0].extract_text()

    out = tmp_path / "检查.xlsx"
    monkeypatch.setattr(prompts, "save_file", lambda *_a, **_k: out)
    monkeypatch.setattr(prompts, "inform", lambda *_a, **_k: None)
    tab.actions_["export"].trigger()
    qtbot.waitUntil(lambda: tab.last_task is not None and tab.last_task.done, timeout=20000)
    assert load_workbook(out)["履行情况检查"]["E2"].value == "两癌筛查每2年一次"


def test_a_reminder_opens_its_contract_and_the_check_of_its_year(office_db: Database, qtbot: Any) -> None:
    from desktop.services.reminders import Reminder
    from desktop.ui.home.open_record import open_reminder

    with office_db.write() as s:
        cid = contract_service.add_contract(
            s,
            contract_service.ContractDraft(
                title="阿里河专项集体合同",
                status="signed",
                term_start=date(2025, 1, 1),
                term_end=date(2027, 12, 31),
                signed_on=date(2024, 12, 20),
                union_party="工会",
                company_party="公司",
            ),
            actor="t",
        ).id
    tab = _tab(office_db, qtbot)
    r = Reminder(
        day=date(2026, 12, 1),
        kind_label="年度履行检查",
        name="阿里河专项集体合同",
        unit="公司",
        detail="",
        area="专项集体合同",
        ref_id=cid,
        ref_kind="contract",
    )
    assert open_reminder(lambda key: tab if key == "contracts" else None, r)  # type: ignore[arg-type, return-value]
    assert tab.current_id() == cid and tab.pages.currentIndex() == CHECK and tab.year.value() == 2026
    qtbot.waitUntil(lambda: tab.result is not None, timeout=10000)
    assert tab.result is not None and tab.result.contract.id == cid


def test_a_read_only_account_sees_no_write_actions(office_db: Database, qtbot: Any) -> None:
    from desktop.ui import permissions
    from tests.conftest import sign_in_as

    sign_in_as(office_db, "viewer")
    tab = _tab(office_db, qtbot)
    permissions.apply(tab, office_db)
    visible = {k for k, a in tab.actions_.items() if a.isVisible()}
    assert visible == {"recheck", "print"}  # 只读 may look and print, not enter, upload, download or export


def test_the_menstruation_list_names_the_contracts_leave_days(office_db: Database, qtbot: Any) -> None:
    from desktop.services.protections.conflicts import Conflict
    from desktop.ui.protections.tab import ProtectionTab

    with office_db.write() as s:
        cid = contract_service.add_contract(
            s,
            contract_service.ContractDraft(
                title="阿里河专项集体合同",
                status="signed",
                term_start=date(2025, 1, 1),
                term_end=date(2027, 12, 31),
                signed_on=date(2024, 12, 20),
                union_party="工会",
                company_party="公司",
            ),
            actor="t",
        ).id
        contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("menstrual_leave", 2, article="第九条"), actor="t"
        )
    tab = ProtectionTab(office_db)
    qtbot.addWidget(tab)
    conflict = Conflict(
        worker_id=1,
        name="张丽",
        unit="甘河林场",
        kind="menstruation",
        reasons=["经期禁忌：冷水作业Ⅱ级"],
        kind_label="经期禁忌岗位（轮岗参考）",
        post="营林工",
    )
    tab.set_on(date(2026, 3, 1))
    tab._show_conflict(conflict)
    assert "每月2天" in tab.detail.text() and "按《阿里河专项集体合同》第九条每月2天" in tab.detail.text()
    tab.set_on(date(2028, 3, 1))  # the contract has ended: the rule data's 0 days, nothing to say
    tab._show_conflict(conflict)
    assert "经期假" not in tab.detail.text().replace("安排轮岗时避开经期", "")
