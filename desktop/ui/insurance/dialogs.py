"""Add/edit dialogs of the 特种病保险 tab: an enrolment (the woman, plan, coverage period, premium, who paid) and a
claim (the woman, diagnosis from the coded list, dates, amounts, papers received, status). Both check as the clerk
types, say which enrolment covers the diagnosis date, and keep everything typed when a save fails."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from desktop.core import special_insurance as insurance_rules
from desktop.core.condolences import parse_yuan, yuan
from desktop.core.errors import DomainError, FieldErrors
from desktop.services.database import Database
from desktop.services.insurance import enrolments as insurance_enrolments
from desktop.services.roster import workers
from desktop.ui.widgets.person_picker import PersonPicker
from desktop.ui.widgets.record_dialog import Field, RecordDialog


def _money(
    values: dict[str, Any], key: str, label: str, errors: dict[str, str], *, blank_is_none: bool = False
) -> int | None:
    raw = values.get(key)
    if blank_is_none and not str(raw or "").strip():
        return None
    try:
        return parse_yuan(raw, label=label, field=key)
    except DomainError as exc:
        errors[key] = exc.message
        return None


class _Picker(RecordDialog):
    """The woman: searched among women only; fixed once the record exists (the service refuses a change)."""

    db: Database

    def _setup_picker(self, worker_id: int | None) -> None:
        picker = self.field_widget("worker_id", PersonPicker)
        picker.set_search(self._search)
        if worker_id is not None:
            with self.db.read() as s:
                row = workers.fetch_rows(s, [worker_id])[0]
            # The name, not the ID number, goes in the search box: the screen never shows a whole ID number.
            picker.edit.setText(row.name)
            picker.refresh()
            picker.set_value(row.id)
            picker.setEnabled(False)

    def _search(self, text: str) -> tuple[int, list[workers.WorkerRow]]:
        with self.db.read() as s:
            return insurance_enrolments.search_women(s, text)


class EnrolmentDialog(_Picker, RecordDialog):
    FIELDS = [
        Field(
            "worker_id",
            "女职工",
            "custom",
            factory=PersonPicker,
            required=True,
            tooltip="只列女职工；输入姓名、身份证号或电话的一部分查找",
        ),
        Field("plan_name", "保障计划", required=True, max_length=100, column=1),
        Field("coverage_start", "保障期起", "date", required=True, column=1),
        Field("coverage_end", "保障期止", "date", required=True, column=1),
        Field("premium_fen", "缴费（元）", required=True, column=1, placeholder="如 25"),
        Field("payer", "缴费方", "combo", options=tuple(insurance_rules.PAYERS.items()), column=1),
        Field("notes", "备注", "text", wide=True),
    ]

    def __init__(
        self, parent: QWidget | None, db: Database, enrolment_id: int | None = None, today: date | None = None
    ) -> None:
        self.db = db
        self.enrolment_id = enrolment_id
        day = today or date.today()
        draft = insurance_enrolments.EnrolmentDraft(
            coverage_start=date(day.year, 1, 1), coverage_end=date(day.year, 12, 31)
        )
        if enrolment_id is not None:
            with db.read() as s:
                draft = insurance_enrolments.get_enrolment_draft(s, enrolment_id)
        super().__init__(parent, "编辑参保登记" if enrolment_id else "新增参保登记")
        self._setup_picker(draft.worker_id)
        self.set_values(
            {
                "plan_name": draft.plan_name,
                "coverage_start": draft.coverage_start,
                "coverage_end": draft.coverage_end,
                "payer": draft.payer,
                "notes": draft.notes,
                "premium_fen": yuan(draft.premium_fen, grouping=False) if draft.premium_fen else "",
            }
        )

    def draft(self, values: dict[str, Any]) -> insurance_enrolments.EnrolmentDraft:
        errors: dict[str, str] = {}
        premium = _money(values, "premium_fen", "缴费金额", errors, blank_is_none=True)
        if errors:
            raise FieldErrors(errors)
        return insurance_enrolments.EnrolmentDraft(
            worker_id=values.get("worker_id"),
            plan_name=values.get("plan_name") or "",
            coverage_start=values.get("coverage_start"),
            coverage_end=values.get("coverage_end"),
            premium_fen=premium,
            payer=values.get("payer") or "",
            notes=values.get("notes") or "",
        )

    def check(self, values: dict[str, Any]) -> None:
        draft = self.draft(values)
        with self.db.read() as s:
            insurance_enrolments.check_enrolment_draft(s, draft, self.enrolment_id)

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            if self.enrolment_id is None:
                return insurance_enrolments.add_enrolment(s, self.draft(values), actor=self.db.actor).id
            return insurance_enrolments.update_enrolment(
                s, self.enrolment_id, self.draft(values), actor=self.db.actor
            ).id

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, enrolment_id: int | None = None) -> int | None:
        return cls(parent, db, enrolment_id).run()


class DocumentsBox(QWidget):
    """The papers received, one check box each (the custom-field protocol: value(), set_value(), changed)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for n, (code, label) in enumerate(insurance_rules.DOCUMENTS.items()):
            box = QCheckBox(label + ("（必需）" if code in insurance_rules.REQUIRED_DOCUMENTS else ""))
            box.toggled.connect(lambda _on: self.changed.emit())
            grid.addWidget(box, n // 2, n % 2)
            self.boxes[code] = box

    def value(self) -> frozenset[str]:
        return frozenset(code for code, box in self.boxes.items() if box.isChecked())

    def set_value(self, value: object) -> None:
        chosen = set(value) if isinstance(value, Iterable) else set()
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)


class ClaimDialog(_Picker, RecordDialog):
    FIELDS = [
        Field(
            "worker_id",
            "女职工",
            "custom",
            factory=PersonPicker,
            required=True,
            tooltip="只列女职工；确诊日期须在她的某次参保保障期内",
        ),
        Field("received_on", "收到材料日期", "date"),
        Field(
            "diagnosis",
            "诊断类别",
            "combo",
            options=(("", ""), *insurance_rules.DIAGNOSES.items()),
            required=True,
            column=1,
        ),
        Field("diagnosis_date", "确诊日期", "date", required=True, column=1),
        Field("claimed_fen", "申请金额（元）", required=True, column=1, placeholder="如 10000"),
        Field("status", "办理状态", "combo", options=tuple(insurance_rules.CLAIM_STATUS.items()), column=1),
        Field("paid_fen", "给付金额（元）", column=1, placeholder="已给付时填写"),
        Field("decided_on", "给付/答复日期", "date", column=1),
        Field("documents", "已收材料", "custom", factory=DocumentsBox, wide=True),
        Field("notes", "备注", "text", wide=True),
    ]

    def __init__(
        self, parent: QWidget | None, db: Database, claim_id: int | None = None, today: date | None = None
    ) -> None:
        self.db = db
        self.claim_id = claim_id
        self.today = today or date.today()
        draft = insurance_enrolments.ClaimDraft()
        if claim_id is not None:
            with db.read() as s:
                draft = insurance_enrolments.get_claim_draft(s, claim_id)
        super().__init__(parent, "编辑互助金申请" if claim_id else "新增互助金申请")
        self._setup_picker(draft.worker_id)
        self.set_values(
            {
                "diagnosis": draft.diagnosis,
                "diagnosis_date": draft.diagnosis_date,
                "claimed_fen": yuan(draft.claimed_fen, grouping=False) if draft.claimed_fen else "",
                "paid_fen": yuan(draft.paid_fen, grouping=False) if draft.paid_fen else "",
                "received_on": draft.received_on,
                "status": draft.status,
                "decided_on": draft.decided_on,
                "documents": draft.documents,
                "notes": draft.notes,
            }
        )

    def draft(self, values: dict[str, Any]) -> insurance_enrolments.ClaimDraft:
        errors: dict[str, str] = {}
        claimed = _money(values, "claimed_fen", "申请金额", errors, blank_is_none=True)
        paid = _money(values, "paid_fen", "给付金额", errors, blank_is_none=True)
        if errors:
            raise FieldErrors(errors)
        return insurance_enrolments.ClaimDraft(
            worker_id=values.get("worker_id"),
            diagnosis=values.get("diagnosis") or "",
            diagnosis_date=values.get("diagnosis_date"),
            claimed_fen=claimed,
            paid_fen=paid,
            documents=frozenset(values.get("documents") or ()),
            received_on=values.get("received_on"),
            status=values.get("status") or "received",
            decided_on=values.get("decided_on"),
            notes=values.get("notes") or "",
        )

    def check(self, values: dict[str, Any]) -> None:
        draft = self.draft(values)
        with self.db.read() as s:
            insurance_enrolments.check_claim_draft(s, draft, today=self.today, claim_id=self.claim_id)

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        """Which of her enrolments the claim will belong to, once she and the date are known."""
        wid, day = values.get("worker_id"), values.get("diagnosis_date")
        if wid is None or not isinstance(day, date):
            return {}
        with self.db.read() as s:
            found = insurance_enrolments.covering_enrolment(s, wid, day)
        return {"diagnosis_date": f"属于“{found.plan_name}”保障期（{found.period_text}）"} if found else {}

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            if self.claim_id is None:
                return insurance_enrolments.add_claim(s, self.draft(values), actor=self.db.actor, today=self.today).id
            return insurance_enrolments.update_claim(
                s, self.claim_id, self.draft(values), actor=self.db.actor, today=self.today
            ).id

    @classmethod
    def ask(
        cls, parent: QWidget | None, db: Database, claim_id: int | None = None, worker_id: int | None = None
    ) -> int | None:
        dialog = cls(parent, db, claim_id)
        if claim_id is None and worker_id is not None:
            dialog._setup_picker(worker_id)
            dialog.widgets["worker_id"].setEnabled(True)
        return dialog.run()
