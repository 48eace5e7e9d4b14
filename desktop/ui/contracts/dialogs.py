"""Add/edit dialogs of the 专项集体合同 tab: the contract (term, parties, status) and one clause (kind, promised
value, target share, text). Both check as the clerk types and keep everything typed when a save fails."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop.core import special_contracts as contract_rules
from desktop.core.errors import FieldErrors
from desktop.services.contracts import contracts as contract_service
from desktop.services.database import Database
from desktop.ui.widgets.record_dialog import Field, RecordDialog


class ContractDialog(RecordDialog):
    FIELDS = [
        Field("title", "合同名称", required=True, max_length=100, placeholder="××公司女职工权益保护专项集体合同"),
        Field("status", "状态", "combo", options=tuple(contract_rules.STATUS.items())),
        Field("term_start", "期限起", "date", required=True),
        Field("term_end", "期限止", "date", required=True),
        Field("signed_on", "签订日期", "date"),
        Field("union_party", "工会方", max_length=100, column=1, placeholder="××公司工会委员会"),
        Field("union_rep", "工会方代表", max_length=50, column=1, placeholder="首席协商代表"),
        Field("company_party", "企业方", max_length=100, column=1),
        Field("company_rep", "企业方代表", max_length=50, column=1),
        Field("notes", "备注", "text", wide=True, placeholder="如：职代会审议通过日期、备案部门"),
    ]

    def __init__(self, parent: QWidget | None, db: Database, contract_id: int | None = None) -> None:
        self.db = db
        self.contract_id = contract_id
        draft = contract_service.ContractDraft()
        if contract_id is not None:
            with db.read() as s:
                draft = contract_service.get_draft(s, contract_id)
        super().__init__(parent, "编辑专项集体合同" if contract_id else "新增专项集体合同")
        self.set_values({k: getattr(draft, k) for k in contract_service.CONTRACT_FIELDS})

    @staticmethod
    def draft(values: dict[str, Any]) -> contract_service.ContractDraft:
        fields: dict[str, Any] = {
            k: values.get(k)
            if k in ("term_start", "term_end", "signed_on")
            else (values.get(k) or ("draft" if k == "status" else ""))
            for k in contract_service.CONTRACT_FIELDS
        }
        return contract_service.ContractDraft(**fields)

    def check(self, values: dict[str, Any]) -> None:
        contract_service.check_contract_draft(self.draft(values))

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            if self.contract_id is None:
                return contract_service.add_contract(s, self.draft(values), actor=self.db.actor).id
            return contract_service.update_contract(s, self.contract_id, self.draft(values), actor=self.db.actor).id

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, contract_id: int | None = None) -> int | None:
        return cls(parent, db, contract_id).run()


def _int(text: Any, key: str, label: str, errors: dict[str, str]) -> int | None:
    raw = str(text or "").strip().rstrip("%％天年")
    if not raw:
        return None
    if not raw.isdigit():
        errors[key] = f"{label}应为整数，现为“{text}”"
        return None
    return int(raw)


class ClauseDialog(RecordDialog):
    FIELDS = [
        Field("kind", "类别", "combo", options=tuple(contract_rules.CLAUSE_KINDS.items()), required=True),
        Field("article", "条款序号", max_length=20, placeholder="如：第八条"),
        Field("value", "约定数值", placeholder="如：2"),
        Field("unit", "单位", max_length=10, column=1),
        Field("target_percent", "达标比例（%）", column=1, placeholder="空白为100%"),
        Field("text", "条款原文", "text", wide=True, placeholder="照录合同原文，打印检查表时引用"),
    ]

    def __init__(self, parent: QWidget | None, db: Database, contract_id: int, clause_id: int | None = None) -> None:
        self.db = db
        self.contract_id = contract_id
        self.clause_id = clause_id
        draft = contract_service.ClauseDraft()
        if clause_id is not None:
            with db.read() as s:
                draft = contract_service.get_clause_draft(s, clause_id)
        super().__init__(parent, "编辑合同条款" if clause_id else "新增合同条款")
        self.set_values(
            {
                "kind": draft.kind,
                "article": draft.article,
                "value": draft.value,
                "unit": draft.unit,
                "target_percent": draft.target_percent,
                "text": draft.text,
            }
        )

    def on_edited(self, key: str) -> None:
        if key != "kind":
            return
        kind = self.field_widget("kind", QComboBox).currentData()
        spec = contract_rules.KIND_SPECS.get(kind)
        unit = self.field_widget("unit", QLineEdit)
        # The unit belongs to the kind (筛查间隔 is in years); only an "other" clause has its own.
        unit.setReadOnly(kind != "other")
        if spec is not None and spec.unit:
            unit.setText(spec.unit)
        self.widgets["target_percent"].setEnabled(kind in ("exam", "screening", "protection"))

    def draft(self, values: dict[str, Any]) -> contract_service.ClauseDraft:
        errors: dict[str, str] = {}
        kind = values.get("kind") or "other"
        spec = contract_rules.KIND_SPECS.get(kind)
        value = _int(values.get("value"), "value", spec.value_label if spec else "约定数值", errors)
        target = _int(values.get("target_percent"), "target_percent", "达标比例", errors)
        if errors:
            raise FieldErrors(errors)
        draft = contract_service.ClauseDraft(
            kind=kind,
            value=value,
            unit=values.get("unit") or "",
            target_percent=target,
            article=values.get("article") or "",
            text=values.get("text") or "",
        )
        return draft if kind in ("exam", "screening", "protection") else replace(draft, target_percent=None)

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        spec = contract_rules.KIND_SPECS.get(values.get("kind") or "")
        if spec is None or not spec.needs_value:
            return {"value": "可不填；填写时注明单位"}
        out = {"value": f"{spec.value_label}，{spec.low}–{spec.high}{spec.unit}"}
        try:
            out["text"] = "检查表中写作：" + contract_rules.describe_clause(
                contract_service.facts_of(self.draft(values))
            )
        except FieldErrors:
            pass
        return out

    def check(self, values: dict[str, Any]) -> None:
        contract_service.check_clause_draft(self.draft(values))

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            if self.clause_id is None:
                return contract_service.add_clause(s, self.contract_id, self.draft(values), actor=self.db.actor).id
            return contract_service.update_clause(s, self.clause_id, self.draft(values), actor=self.db.actor).id

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, contract_id: int, clause_id: int | None = None) -> int | None:
        return cls(parent, db, contract_id, clause_id).run()
