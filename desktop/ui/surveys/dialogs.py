"""Dialogs of the 需求调研 tab: a survey, a question, one worker's answers, a need, and a need's next step.
Each checks as the clerk types and keeps everything typed when a save fails (RecordDialog)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.core import surveys as survey_rules
from desktop.core.errors import DomainError, FieldErrors
from desktop.services.database import Database
from desktop.services.rights import requests as rights_requests
from desktop.services.roster import workers
from desktop.services.surveys import answers as survey_answers
from desktop.services.surveys import needs, surveys
from desktop.ui.widgets.person_picker import PersonPicker
from desktop.ui.widgets.record_dialog import Field, RecordDialog


def _search(db: Database, text: str) -> tuple[int, list[workers.WorkerRow]]:
    with db.read() as s:
        return rights_requests.search_workers(s, text)


def _picker(dialog: RecordDialog, db: Database, worker_id: int | None = None) -> PersonPicker:
    picker = dialog.field_widget("worker_id", PersonPicker)
    picker.set_search(lambda text: _search(db, text))
    if worker_id is not None:
        with db.read() as s:
            row = workers.fetch_rows(s, [worker_id])[0]
        picker.edit.setText(row.name)
        picker.refresh()
        picker.set_value(row.id)
    return picker


class SurveyDialog(RecordDialog):
    FIELDS = [
        Field("title", "调研名称", required=True, placeholder="如：2026年女职工需求问卷调查"),
        Field("kind", "调研方式", "combo", options=(("", ""), *survey_rules.KINDS.items()), required=True, column=1),
        Field("held_on", "调研日期", "date", required=True),
        Field(
            "notes", "备注", "text", wide=True, tooltip="座谈、走访的参加人和主要内容写在这里；具体需求另登记到需求清单"
        ),
    ]

    def __init__(
        self, parent: QWidget | None, db: Database, survey_id: int | None = None, today: date | None = None
    ) -> None:
        self.db, self.survey_id, self.today = db, survey_id, today or date.today()
        super().__init__(parent, "编辑调研" if survey_id else "新建调研")
        values: dict[str, Any] = {"held_on": self.today}
        if survey_id is not None:
            with db.read() as s:
                sv = surveys.get_survey(s, survey_id)
                values = {k: getattr(sv, k) for k in surveys.SURVEY_FIELDS}
        self.set_values(values)

    def draft(self, values: dict[str, Any]) -> surveys.SurveyDraft:
        return surveys.SurveyDraft(
            values.get("title") or "", values.get("kind") or "", values.get("held_on"), values.get("notes") or ""
        )

    def check(self, values: dict[str, Any]) -> None:
        surveys.check_survey(self.draft(values), self.today)

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            if self.survey_id is None:
                return surveys.add_survey(s, self.draft(values), actor=self.db.actor, today=self.today).id
            return surveys.update_survey(
                s, self.survey_id, self.draft(values), actor=self.db.actor, today=self.today
            ).id

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, survey_id: int | None = None) -> int | None:
        return cls(parent, db, survey_id).run()


class QuestionDialog(RecordDialog):
    FIELDS = [
        Field("text", "题目", required=True, wide=True),
        Field("kind", "题型", "combo", options=(("", ""), *survey_rules.QUESTION_KINDS.items()), required=True),
        Field("required", "必答", "check", check_text="必须回答", column=1),
        Field("options", "选项", "text", wide=True, tooltip="单选题的选项，每行一个；填写题留空"),
    ]

    def __init__(self, parent: QWidget | None, db: Database, survey_id: int) -> None:
        self.db, self.survey_id = db, survey_id
        super().__init__(parent, "添加题目")

    @staticmethod
    def rule(values: dict[str, Any]) -> survey_rules.Question:
        return survey_rules.Question(
            (values.get("text") or "").strip(),
            values.get("kind") or "",
            tuple(survey_rules.options_of(values.get("options") or "")),
            bool(values.get("required")),
        )

    def check(self, values: dict[str, Any]) -> None:
        survey_rules.check_question(self.rule(values))

    def save(self, values: dict[str, Any]) -> int:
        q = self.rule(values)
        with self.db.write() as s:
            return surveys.add_question(
                s,
                self.survey_id,
                text=q.text,
                kind=q.kind,
                options="\n".join(q.options),
                required=q.required,
                actor=self.db.actor,
            ).id

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, survey_id: int) -> int | None:
        return cls(parent, db, survey_id).run()


class AnswerDialog(RecordDialog):
    """One worker's answers: a row per question (a list of the options for a choice, a line for a text)."""

    def __init__(
        self, parent: QWidget | None, db: Database, survey_id: int, response: survey_answers.ResponseRow | None = None
    ) -> None:
        self.db, self.survey_id = db, survey_id
        with db.read() as s:
            self.questions = surveys.questions(s, survey_id)
        # A row per question of this survey: the fields are the instance's (as the activity dialog's brands).
        fields = [
            Field(
                "worker_id",
                "职工",
                "custom",
                factory=PersonPicker,
                required=True,
                wide=True,
                tooltip="答卷的职工；输入姓名、身份证号或电话的一部分查找",
            )
        ]
        for q in self.questions:
            label = f"{q.position}. {q.text}"
            if q.kind == "choice":
                fields.append(
                    Field(
                        f"q{q.id}",
                        label,
                        "combo",
                        options=(("", ""), *((o, o) for o in q.options)),
                        required=q.required,
                        wide=True,
                    )
                )
            else:
                fields.append(Field(f"q{q.id}", label, "text", required=q.required, wide=True))
        self.FIELDS = fields  # this survey's questions: the fields are the instance's
        super().__init__(parent, "修改答卷" if response else "录入答卷")
        picker = _picker(self, db, response.worker_id if response else None)
        if response is not None:
            picker.setEnabled(False)
            self.set_values({f"q{qid}": v for qid, v in response.answers.items()})

    def answers(self, values: dict[str, Any]) -> dict[int, str]:
        return {q.id: str(values.get(f"q{q.id}") or "") for q in self.questions}

    def check(self, values: dict[str, Any]) -> None:
        errors: dict[str, str] = {}
        for q in self.questions:
            try:
                survey_rules.check_answer(q.rule, self.answers(values)[q.id])
            except DomainError as exc:
                errors[f"q{q.id}"] = exc.message
        if errors:
            raise FieldErrors(errors)

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            return survey_answers.save_response(
                s, self.survey_id, values.get("worker_id"), self.answers(values), actor=self.db.actor
            ).id

    @classmethod
    def ask(
        cls, parent: QWidget | None, db: Database, survey_id: int, response: survey_answers.ResponseRow | None = None
    ) -> int | None:
        return cls(parent, db, survey_id, response).run()


class NeedDialog(RecordDialog):
    FIELDS = [
        Field("need", "需求内容", "text", required=True, wide=True),
        Field("category", "类别", "combo", options=(("", ""), *survey_rules.NEED_CATEGORIES.items()), required=True),
        Field("collected_on", "收集日期", "date", required=True, column=1),
        Field("collected_by", "收集人", required=True),
        Field("survey_id", "来自调研", "combo", column=1),
        Field(
            "worker_id",
            "提出人",
            "custom",
            factory=PersonPicker,
            wide=True,
            tooltip="提出需求的职工；座谈中大家共同提出的留空",
        ),
    ]

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        survey_id: int | None = None,
        today: date | None = None,
        need_id: int | None = None,
    ) -> None:
        self.db, self.today, self.need_id = db, today or date.today(), need_id
        with db.read() as s:
            survey_rows = surveys.list_surveys(s)
            draft = needs.get_need_draft(s, need_id) if need_id is not None else None
        choices = ((None, "（不来自某次调研）"), *((x.id, x.title) for x in survey_rows))
        self.FIELDS = [  # the office's surveys to choose from
            f if f.key != "survey_id" else Field("survey_id", "来自调研", "combo", options=choices, column=1)
            for f in NeedDialog.FIELDS
        ]
        super().__init__(parent, "修改需求" if need_id else "登记需求")
        _picker(self, db, draft.worker_id if draft else None)
        if draft is not None:
            self.set_values(
                {k: getattr(draft, k) for k in ("need", "category", "collected_on", "collected_by", "survey_id")}
            )
        else:
            self.set_values(
                {
                    "collected_on": self.today,
                    "survey_id": survey_id,
                    "collected_by": db.account.display_name if db.account else "",
                }
            )

    def draft(self, values: dict[str, Any]) -> needs.NeedDraft:
        return needs.NeedDraft(
            values.get("need") or "",
            values.get("category") or "",
            values.get("collected_on"),
            values.get("collected_by") or "",
            values.get("worker_id"),
            values.get("survey_id"),
        )

    def check(self, values: dict[str, Any]) -> None:
        d = self.draft(values)
        survey_rules.check_steps(survey_rules.NeedSteps(d.collected_on, d.collected_by), today=self.today)

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            if self.need_id is not None:
                return needs.update_need(s, self.need_id, self.draft(values), actor=self.db.actor, today=self.today).id
            return needs.add_need(s, self.draft(values), actor=self.db.actor, today=self.today).id

    @classmethod
    def ask(
        cls, parent: QWidget | None, db: Database, survey_id: int | None = None, need_id: int | None = None
    ) -> int | None:
        return cls(parent, db, survey_id, need_id=need_id).run()


class StepDialog(RecordDialog):
    """The next step of a need: 办理 (what was done) or 回访 (what the worker said), dated, with who did it."""

    FIELDS = [
        Field("on", "日期", "date", required=True),
        Field("by", "经手人", required=True, column=1),
        Field("note", "情况", "text", wide=True),
    ]

    def __init__(
        self, parent: QWidget | None, db: Database, need: needs.NeedRow, target: str, today: date | None = None
    ) -> None:
        self.db, self.need, self.target, self.today = db, need, target, today or date.today()
        super().__init__(parent, f"{survey_rules.STATUSES[target]}：{need.need[:20]}")
        self.set_values({"on": self.today, "by": db.account.display_name if db.account else ""})

    def check(self, values: dict[str, Any]) -> None:
        n = self.need
        steps = survey_rules.NeedSteps(
            n.collected_on, n.collected_by, n.handling_on, n.handling_by, n.revisited_on, n.revisited_by
        )
        steps = survey_rules.NeedSteps(
            **{**steps.__dict__, f"{self.target}_on": values.get("on"), f"{self.target}_by": values.get("by") or ""}
        )
        try:
            survey_rules.check_steps(steps, today=self.today)
        except FieldErrors as exc:
            mine = {"on" if k.endswith("_on") else "by": m for k, m in exc.errors.items() if k.startswith(self.target)}
            if mine:
                raise FieldErrors(mine) from None

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            try:
                return needs.advance_need(
                    s,
                    self.need.id,
                    self.target,
                    on=values.get("on"),
                    by=values.get("by") or "",
                    note=values.get("note") or "",
                    actor=self.db.actor,
                    today=self.today,
                ).id
            except FieldErrors as exc:
                raise FieldErrors({"on" if k.endswith("_on") else "by": m for k, m in exc.errors.items()}) from None

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, need: needs.NeedRow, target: str) -> int | None:
        return cls(parent, db, need, target).run()
