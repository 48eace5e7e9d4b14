"""Add/edit dialog of a 维权诉求: who, what about, the dates of each step it reached, and on closing the outcome and
her satisfaction. Checks as the clerk types (the stage it will show, each date against the one before) and keeps
everything typed when a save fails."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.core import rights_requests as rights_rules
from desktop.services.database import Database
from desktop.services.rights import requests as rights_requests
from desktop.services.roster import workers
from desktop.ui.widgets.person_picker import PersonPicker
from desktop.ui.widgets.record_dialog import Field, RecordDialog


class RequestDialog(RecordDialog):
    FIELDS = [
        Field(
            "worker_id",
            "职工",
            "custom",
            factory=PersonPicker,
            required=True,
            tooltip="提出诉求的职工；输入姓名、身份证号或电话的一部分查找",
        ),
        Field(
            "category",
            "诉求类别",
            "combo",
            options=(("", ""), *rights_rules.CATEGORIES.items()),
            required=True,
            column=1,
        ),
        Field("received_on", "受理日期", "date", required=True, column=1),
        Field("mediation_on", "调解日期", "date", column=1, tooltip="进入调解的日期；未调解的留空"),
        Field("arbitration_on", "仲裁日期", "date", column=1, tooltip="申请劳动仲裁的日期（可不经调解直接申请）"),
        Field("litigation_on", "诉讼日期", "date", column=1, tooltip="对仲裁裁决不服、向法院起诉的日期"),
        Field("legal_aid_on", "转介法律援助", "date", column=1),
        Field("summary", "诉求内容", "text", wide=True, required=True),
        Field("closed_on", "办结日期", "date"),
        Field("outcome", "办理结果", "combo", options=(("", ""), *rights_rules.OUTCOMES.items())),
        Field("satisfaction", "职工满意度", "combo", options=(("", ""), *rights_rules.SATISFACTION.items()), column=1),
        Field("outcome_text", "结果说明", "text", wide=True),
        Field("notes", "备注", "text", wide=True),
    ]

    def __init__(
        self, parent: QWidget | None, db: Database, request_id: int | None = None, today: date | None = None
    ) -> None:
        self.db = db
        self.request_id = request_id
        self.today = today or date.today()
        draft = rights_requests.RequestDraft(received_on=self.today)
        if request_id is not None:
            with db.read() as s:
                draft = rights_requests.get_draft(s, request_id)
        super().__init__(parent, "编辑维权诉求" if request_id else "登记维权诉求")
        picker = self.field_widget("worker_id", PersonPicker)
        picker.set_search(self._search)
        if draft.worker_id is not None:
            with db.read() as s:
                row = workers.fetch_rows(s, [draft.worker_id])[0]
            picker.edit.setText(row.name)
            picker.refresh()
            picker.set_value(row.id)
            picker.setEnabled(False)
        self.set_values({k: getattr(draft, k) for k in rights_requests.FIELDS if k != "worker_id"})

    def _search(self, text: str) -> tuple[int, list[workers.WorkerRow]]:
        with self.db.read() as s:
            return rights_requests.search_workers(s, text)

    def draft(self, values: dict[str, Any]) -> rights_requests.RequestDraft:
        fields: dict[str, Any] = {
            k: values.get(k) if k.endswith("_on") or k == "worker_id" else (values.get(k) or "")
            for k in rights_requests.FIELDS
        }
        return rights_requests.RequestDraft(**fields)

    def check(self, values: dict[str, Any]) -> None:
        with self.db.read() as s:
            rights_requests.check_draft(s, self.draft(values), today=self.today)

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        stage = rights_rules.stage_of(rights_requests.facts_of(self.draft(values)))
        return {"received_on": f"所处阶段：{rights_rules.STAGES[stage]}（按已填写的日期）"}

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            if self.request_id is None:
                return rights_requests.add_request(s, self.draft(values), actor=self.db.actor, today=self.today).id
            return rights_requests.update_request(
                s, self.request_id, self.draft(values), actor=self.db.actor, today=self.today
            ).id

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, request_id: int | None = None) -> int | None:
        return cls(parent, db, request_id).run()
