"""The 特种病保险 tab as a clerk uses it: enrol a woman and file her claim (a mistake keeps what was typed and names
the field), see both lists and the year's totals, archive and restore, print the ledger; grabbed at 1366×768."""

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
from desktop.services.insurance import enrolments as insurance_enrolments
from desktop.services.roster import workers
from desktop.ui import prompts
from desktop.ui.insurance.dialogs import ClaimDialog, EnrolmentDialog
from desktop.ui.insurance.tab import CLAIMS, ENROLMENTS, InsuranceTab

TODAY = date(2026, 11, 20)


def _woman(db: Database, name: str, seq: int) -> int:
    first17 = f"15078519850304{seq:02d}2"
    with db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        return workers.add_worker(
            s, WorkerDraft(name=name, id_number=first17 + check_char(first17), unit_id=unit), actor="t", today=TODAY
        ).id


def _pick(dialog: Any, qtbot: Any, name: str) -> None:
    picker = dialog.widgets["worker_id"]
    picker.edit.setText(name)
    picker.refresh()
    qtbot.waitUntil(lambda: picker.value() is not None)


@pytest.fixture
def no_confirm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)  # closing at teardown discards the input


def test_enrolment_dialog_keeps_what_was_typed_on_a_validation_error(
    office_db: Database, qtbot: Any, type_text: Any, no_confirm: None
) -> None:
    wid = _woman(office_db, "李红", 1)
    dialog = EnrolmentDialog(None, office_db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    _pick(dialog, qtbot, "李红")
    dialog.widgets["coverage_end"].set_value(date(2027, 12, 31))  # type: ignore[attr-defined]
    type_text(dialog.widgets["premium_fen"], "25元")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message("coverage_end") == "保障期为730天，一次参保最长一年（366天）；跨年请分年登记"
    assert dialog.widgets["premium_fen"].text() == "25元"  # type: ignore[attr-defined]
    assert dialog.widgets["worker_id"].value() == wid  # type: ignore[attr-defined]
    dialog.widgets["coverage_end"].set_value(date(2026, 12, 31))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
    with office_db.read() as s:
        [row] = insurance_enrolments.list_enrolments(s)
    assert (row.name, row.period_text, row.premium_fen, row.payer_label) == (
        "李红",
        "2026-01-01 至 2026-12-31",
        2500,
        "工会缴纳",
    )


def test_claim_dialog_names_the_uncovered_date_and_keeps_the_amounts(
    office_db: Database, qtbot: Any, type_text: Any, no_confirm: None
) -> None:
    wid = _woman(office_db, "赵敏", 2)
    with office_db.write() as s:
        insurance_enrolments.add_enrolment(
            s,
            insurance_enrolments.EnrolmentDraft(
                worker_id=wid, coverage_start=date(2026, 1, 1), coverage_end=date(2026, 12, 31), premium_fen=2500
            ),
            actor="t",
        )
    dialog = ClaimDialog(None, office_db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    _pick(dialog, qtbot, "赵敏")
    diagnosis = dialog.widgets["diagnosis"]
    diagnosis.setCurrentIndex(diagnosis.findData("cervical"))  # type: ignore[attr-defined]
    dialog.widgets["diagnosis_date"].set_value(date(2025, 10, 8))  # type: ignore[attr-defined]
    type_text(dialog.widgets["claimed_fen"], "10000")
    type_text(dialog.widgets["paid_fen"], "12000")
    status = dialog.widgets["status"]
    status.setCurrentIndex(status.findData("paid"))  # type: ignore[attr-defined]
    dialog.widgets["decided_on"].set_value(date(2026, 11, 1))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message("diagnosis_date") == (
        "确诊日期2025-10-08不在她的任何保障期内（已登记：2026-01-01 至 2026-12-31），不能申请互助金"
    )
    assert dialog.message("paid_fen") == "给付金额（12000.00元）超过申请金额（10000.00元）"
    assert dialog.message("documents") == "报送前须收齐医院诊断证明、病理检查报告"
    assert dialog.widgets["claimed_fen"].text() == "10000"  # type: ignore[attr-defined]
    assert dialog.widgets["paid_fen"].text() == "12000"  # type: ignore[attr-defined]
    # Fix the three fields: the hint names the enrolment the claim will belong to.
    dialog.widgets["diagnosis_date"].set_value(date(2026, 10, 8))  # type: ignore[attr-defined]
    dialog.widgets["paid_fen"].clear()  # type: ignore[attr-defined]
    type_text(dialog.widgets["paid_fen"], "10000")
    for code in ("diagnosis", "pathology"):
        dialog.widgets["documents"].boxes[code].setChecked(True)  # type: ignore[attr-defined]
    dialog.validate(show_all=True)
    assert dialog.message("diagnosis_date") == "属于“在职女职工特殊疾病互助保障计划”保障期（2026-01-01 至 2026-12-31）"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
    with office_db.read() as s:
        [claim] = insurance_enrolments.list_claims(s)
    assert (claim.diagnosis_label, claim.paid_fen, claim.status_label) == ("子宫颈癌", 1_000_000, "已给付")


def test_tab_lists_totals_archives_and_prints(
    office_db: Database, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [_woman(office_db, name, n + 3) for n, name in enumerate(("孙丽", "周芳", "吴静"))]
    with office_db.write() as s:
        enrolments = [
            insurance_enrolments.add_enrolment(
                s,
                insurance_enrolments.EnrolmentDraft(
                    worker_id=w,
                    coverage_start=date(2026, 1, 1),
                    coverage_end=date(2026, 12, 31),
                    premium_fen=2500,
                    payer="union" if n else "worker",
                ),
                actor="t",
            ).id
            for n, w in enumerate(ids)
        ]
        insurance_enrolments.add_claim(
            s,
            insurance_enrolments.ClaimDraft(
                worker_id=ids[0],
                diagnosis="breast",
                diagnosis_date=date(2026, 4, 2),
                claimed_fen=1_000_000,
                documents=frozenset({"diagnosis"}),
            ),
            actor="t",
            today=TODAY,
        )
    tab = InsuranceTab(office_db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.resize(1366, 740)
    tab.show()
    assert tab.view.model().rowCount() == 3 and tab.pages.tabText(ENROLMENTS) == "参保登记（3）"
    assert tab.summary.text().startswith("2026年参保3人（在册女职工3人，参保率100.0%），保费合计75.00元")
    assert (
        "*" in tab.view.model().index(0, 2).data() and tab.view.model().index(0, 3).data() == "2026-01-01 至 2026-12-31"
    )
    tab.pages.setCurrentIndex(CLAIMS)
    assert tab.claims.model().index(0, 2).data() == "乳腺癌" and tab.claims.model().index(0, 7).data() == "病理检查报告"
    shots = os.environ.get("UNION_DESK_SHOTS")
    if shots:
        tab.grab().save(str(Path(shots) / "insurance-claims.png"))
    tab.pages.setCurrentIndex(ENROLMENTS)
    if shots:
        tab.grab().save(str(Path(shots) / "insurance-enrolments.png"))
    # Archive the enrolment without claims; the one with a claim is refused with the reason.
    errors: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(prompts, "show_error", lambda _p, _t, exc: errors.append(str(exc)))
    assert tab.view.set_current_id(enrolments[0])
    tab.archive_enrolment()
    assert errors == ["这次参保下还有1件互助金申请，请先归档申请再归档参保登记"]
    assert tab.view.set_current_id(enrolments[2])
    tab.archive_enrolment()
    assert tab.view.model().rowCount() == 2
    tab.scope.setCurrentIndex(1)
    assert tab.enrolment_model.ids() == [enrolments[2]] and tab.actions_["archive"].text() == "恢复参保"
    tab.archive_enrolment()
    tab.scope.setCurrentIndex(0)
    assert tab.view.model().rowCount() == 3
    # The ledger prints through the background task to a preview; here straight to a file.
    from desktop.services.insurance.outputs import ledger_pdf

    assert ledger_pdf(office_db, tmp_path / "l.pdf", year=2026) == 1


def test_a_workbench_reminder_opens_the_enrolment(office_db: Database, qtbot: Any) -> None:
    from desktop.services.insurance.reminders import insurance_reminders
    from desktop.ui.home.open_record import open_reminder

    wids = [_woman(office_db, name, n + 10) for n, name in enumerate(("郑洁", "冯雪"))]
    with office_db.write() as s:
        eids = [
            insurance_enrolments.add_enrolment(
                s,
                insurance_enrolments.EnrolmentDraft(
                    worker_id=w, coverage_start=date(2026, 1, 1), coverage_end=date(2026, 12, 31), premium_fen=2500
                ),
                actor="t",
            ).id
            for w in wids
        ]
        [reminder] = insurance_reminders(s, TODAY, date(2026, 12, 19))
    tab = InsuranceTab(office_db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.view.set_current_id(eids[1])
    assert reminder.ref_id == eids[0] and open_reminder(lambda _key: tab, reminder)
    assert tab.view.current_id() == eids[0]
