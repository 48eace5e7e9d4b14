"""The 四期保护 dialogs: register a pregnancy, record a delivery, a miscarriage, the leave start, the return
to work, a reassignment, the end of breastfeeding, and edit a whole case.

Each dialog computes the case's timeline with the data file's rules as the clerk types, so the date she
would get (预产期 from 末次月经, the leave end after a delivery …) and the rule behind it appear under the
field before anything is saved; a contradiction (预产期 before 末次月经) is named under its field.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QSpinBox, QWidget

from desktop.core import hazards
from desktop.core.dates import format_date
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.protection_timeline import Timeline, state_on
from desktop.core.protections import MAX_BABIES, ProtectionRules, help_texts, miscarriage_threshold_date
from desktop.services.database import Database
from desktop.services.protections import cases as protections
from desktop.services.protections.cases import FIELD_LABELS, CaseDraft, evaluate, to_core
from desktop.services.protections.ledger import CaseRow, fetch_case_rows, post_problems
from desktop.services.protections.rules import RuleBook, load_rulebook
from desktop.services.roster import workers
from desktop.services.roster.workers import WorkerFilter
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.hazard_picker import HazardPicker
from desktop.ui.widgets.person_picker import PersonPicker
from desktop.ui.widgets.record_dialog import GENERAL, HINT_STYLE, Field, RecordDialog

DRAFT_KEYS = {f.name for f in fields(CaseDraft)}
PICKER_ROWS = 50  # women listed at once; typing narrows the list
D = format_date


class BabiesSpin(QSpinBox):
    """Number of babies of one birth, 1–9 (the core refuses more as a typing slip)."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setRange(1, MAX_BABIES)
        self.setSuffix(" 个")
        self.valueChanged.connect(lambda _v: self.changed.emit())

    def set_value(self, value: object) -> None:
        self.setValue(int(value) if isinstance(value, int) else 1)


def _date(key: str, **kw: Any) -> Field:
    return Field(key, FIELD_LABELS[key], "date", **kw)


class CaseForm(RecordDialog):
    """The shared part: the rules loaded once, the draft built from the form, the live timeline and hints."""

    # The core names its fields after the rule; the form after the stored column.
    ERROR_TARGETS = {"due": "due_date", "delivery": "delivery_date", "miscarriage": "miscarriage_date"}
    REQUIRED: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        title: str,
        base: CaseDraft,
        today: date | None = None,
        frozen: ProtectionRules | None = None,
    ) -> None:
        self.db = db
        self.base = base
        # The rules the case kept after a backdated change (#18 item 5): the preview must show what is saved.
        self.frozen = frozen
        self.today = today or date.today()
        with db.read() as s:
            self.book: RuleBook = load_rulebook(s)
        super().__init__(parent, title)
        for f in self.FIELDS:
            if f.kind == "date" and f.required:  # the shared box says "可留空", which these are not
                self.field_widget(f.key, DateField).edit.setPlaceholderText("年-月-日")
        # Room for the computed dates and their reasons that appear under the fields as the clerk types.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 34)
        self.apply_help()

    def apply_help(self) -> None:
        """Tooltips and box texts with the numbers of the rules of this case (#18 item 9), not constants."""
        try:
            rules = evaluate(to_core(self.base), self.book, fallback=self.today, frozen=self.frozen)[1]
        except DomainError:
            rules = self.book.on(self.today)
        for key, text in help_texts(rules).items():
            widget = self.widgets.get(key)
            if isinstance(widget, QCheckBox):
                widget.setText(text)
            elif widget is not None:
                widget.setToolTip(text)

    def fit_to_screen(self) -> None:
        super().fit_to_screen()
        screen = self.screen().availableGeometry()
        extra = self.fontMetrics().lineSpacing() * 4
        self.resize(self.width(), min(self.height() + extra, int(screen.height() * 0.92)))

    def draft(self, values: dict[str, Any]) -> CaseDraft:
        return replace(self.base, **{k: v for k, v in values.items() if k in DRAFT_KEYS})

    def timeline(self, values: dict[str, Any]) -> tuple[Timeline, ProtectionRules] | None:
        try:
            return evaluate(to_core(self.draft(values)), self.book, fallback=self.today, frozen=self.frozen)
        except DomainError:
            return None

    def check(self, values: dict[str, Any]) -> None:
        # Every problem at once: a missing name must not hide a due date that contradicts the LMP.
        errors = {k: m for k, m in self.REQUIRED.items() if values.get(k) in (None, "")}
        draft = self.draft(values)
        if draft.lmp is None and draft.due_date is None and draft.delivery_date is None:
            errors.setdefault("lmp", "请填写末次月经或预产期（至少一项）")
        else:
            try:
                evaluate(to_core(draft), self.book, fallback=self.today, frozen=self.frozen)
            except DomainError as exc:
                errors.setdefault(self.ERROR_TARGETS.get(exc.field or "", exc.field or GENERAL), exc.message)
        if errors:
            raise FieldErrors(errors)

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        found = self.timeline(values)
        if found is None:
            return {}
        out = timeline_hints(found[0], self.draft(values), self.today, found[1])
        return {k: v for k, v in out.items() if k in self.fields}

    def add_summary(self, text: str) -> None:
        """A line above the form saying whose case this is and what is known, so nothing is recorded on
        the wrong woman."""
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet(HINT_STYLE)
        self.main_layout.insertWidget(0, label)


def timeline_hints(t: Timeline, d: CaseDraft, today: date, rules: ProtectionRules | None = None) -> dict[str, str]:
    """What each field leads to, with the rule: shown in grey under the field while it has no error."""
    out: dict[str, str] = {}
    seven_label = help_texts(rules)["seven_month"]
    if t.lmp is not None:
        if d.lmp is None:
            out["lmp"] = f"推算为 {D(t.lmp.day)}：{t.lmp.reason}"
        else:
            ended = d.delivery_date or d.miscarriage_date
            weeks = (today - t.lmp.day).days // 7
            now = f"；今天孕{weeks}周" if ended is None and 0 <= weeks <= 44 else ""
            seven = f"{seven_label}：{D(t.seven_month.day)}（此后不得安排夜班、加班）" if t.seven_month else ""
            out["lmp"] = (seven + now).lstrip("；")
    if t.due is not None and d.due_date is None:
        out["due_date"] = f"推算为 {D(t.due.day)}：{t.due.reason}"
    if t.leave_days is not None and t.leave_start is not None and t.leave_end is not None:
        leave = f"产假{t.leave_days.value}天：{D(t.leave_start.day)} 至 {D(t.leave_end.day)}"
        out["delivery_date"] = f"{leave}\n{t.leave_days.reason}\n{t.leave_end.reason}"
        if d.leave_start is None:
            out["leave_start"] = f"留空即按 {D(t.leave_start.day)}：{t.leave_start.reason}"
        else:
            out["leave_start"] = f"{leave}\n{t.leave_end.reason}"
        out["return_to_work"] = f"产假至 {D(t.leave_end.day)}，次日应返岗"
    if t.breastfeeding_hours is not None:
        out["babies"] = t.breastfeeding_hours.reason
    if t.miscarriage_leave_days is not None and t.miscarriage_leave_end is not None:
        start = D(t.miscarriage.day) if t.miscarriage else ""
        out["miscarriage_date"] = (
            f"流产假{t.miscarriage_leave_days.value}天：{start} 至 "
            f"{D(t.miscarriage_leave_end.day)}\n{t.miscarriage_leave_days.reason}"
        )
        out["return_to_work"] = f"流产假至 {D(t.miscarriage_leave_end.day)}，次日应返岗"
    if t.return_to_work is not None:
        out["return_to_work"] = t.return_to_work.reason
    if t.lactation_stopped is not None:
        out["lactation_stopped"] = t.lactation_stopped.reason
    elif t.lactation_end is not None:
        hours = t.breastfeeding_hours.value if t.breastfeeding_hours else 1
        out["lactation_stopped"] = (
            f"哺乳期本应至 {D(t.lactation_end.day)}；填写最后一天哺乳的日期，"
            f"次日起不再享有每天{hours}小时哺乳时间和夜班/加班禁令"
        )
    return out


# -- register a pregnancy ----------------------------------------------------------------------------
class RegisterPregnancyDialog(CaseForm):
    FIELDS = (
        Field(
            "worker_id",
            "女职工",
            "custom",
            factory=PersonPicker,
            required=True,
            tooltip="只列出在册的女职工；输入姓名、身份证号或电话的一部分查找",
        ),
        _date("lmp", tooltip="末次月经第一天；与预产期至少填一项"),
        _date("due_date", tooltip="医院确定的预产期；只填一项时另一项按280天推算"),
        Field(
            "doctor_certificate",
            FIELD_LABELS["doctor_certificate"],
            "check",
            check_text="已提交医生证明",
            tooltip="凭医生证明应减轻劳动量或安排其他能够适应的劳动（国务院令第619号第六条）",
        ),
        Field(
            "reduced_workload", FIELD_LABELS["reduced_workload"], max_length=100, placeholder="如：不安排搬运、缩短工时"
        ),
        Field("notes", FIELD_LABELS["notes"], "text", wide=True),
    )
    REQUIRED = {"worker_id": "请从列表中选择一名女职工"}

    def __init__(self, parent: QWidget | None, db: Database, today: date | None = None) -> None:
        super().__init__(parent, db, "登记怀孕", CaseDraft(), today)
        self.picker = self.field_widget("worker_id", PersonPicker)
        self.picker.set_search(self._search)
        self.picker.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database) -> int | None:
        """The new case's id, or None when cancelled. Tests replace this method."""
        return cls(parent, db).run()

    def _search(self, text: str) -> tuple[int, list[workers.WorkerRow]]:
        with self.db.read() as s:
            ids = workers.worker_ids(s, WorkerFilter(text=text, sex="F", status="on_roll"), sort="name")
            return len(ids), workers.fetch_rows(s, ids[:PICKER_ROWS])

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        out = super().hints(values)
        chosen = self.picker.chosen() if hasattr(self, "picker") else None
        if chosen is not None:
            conditions = getattr(chosen, "hazards", "")
            text = f"{chosen.name}，{chosen.unit_name}，{chosen.post or '岗位未填'}"
            try:
                # Nothing ticked is what an imported roster has: "无" would read as checked and clear.
                text += (
                    f"；岗位危害条件：{hazards.describe(conditions)}"
                    if conditions
                    else "；岗位危害条件未登记，无法检查岗位冲突（在“职工名册”中编辑该职工，勾选岗位禁忌作业）"
                )
                bad = hazards.prohibited_for("pregnancy", conditions)
            except DomainError:
                bad = []
            if bad:
                text += "\n注意：" + "；".join(bad) + "。登记后列入“岗位冲突”，请安排调岗"
            out["worker_id"] = text
        return out

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            case = protections.register_pregnancy(
                s,
                values["worker_id"],
                lmp=values["lmp"],
                due_date=values["due_date"],
                doctor_certificate=bool(values["doctor_certificate"]),
                reduced_workload=values["reduced_workload"],
                notes=values["notes"],
                actor=self.db.actor,
                today=self.today,
            )
            return case.id


# -- one step of an existing case ---------------------------------------------------------------------
class CaseStepDialog(CaseForm):
    """A dialog about one existing case: loads it, shows whose it is, saves through ``record``."""

    TITLE: ClassVar[str] = ""

    def __init__(self, parent: QWidget | None, db: Database, case_id: int, today: date | None = None) -> None:
        day = today or date.today()
        with db.read() as s:
            base = protections.get_draft(s, case_id)
            rows = fetch_case_rows(s, [case_id], day)
        if not rows:
            raise DomainError("该保护登记已归档或其职工已不在册，不能再记录")
        self.case_id = case_id
        self.row: CaseRow = rows[0]
        super().__init__(parent, db, f"{self.TITLE}：{self.row.name}", base, day, self.row.frozen_rules)
        self.add_summary(self.summary())
        self.set_values(self.initial())

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, case_id: int) -> int | None:
        """The case id once saved, or None when cancelled. Tests replace this method."""
        return cls(parent, db, case_id).run()

    def summary(self) -> str:
        r = self.row
        known = [
            f"{label} {D(item.day)}"
            for label, item in (("末次月经", r.lmp), ("预产期", r.due), ("分娩", r.delivery), ("流产", r.miscarriage))
            if item
        ]
        state = r.state_label or "不在四期内"
        return f"{r.name}　{r.unit_name}　现岗位：{r.post or '未填'}　今天：{state}\n" + "，".join(known)

    def initial(self) -> dict[str, Any]:
        return {k: getattr(self.base, k) for k in self.fields if k in DRAFT_KEYS}

    def record(self, s: Any, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            self.record(s, values)
        return self.case_id


class DeliveryDialog(CaseStepDialog):
    TITLE = "记录分娩"
    FIELDS = (
        _date("delivery_date", required=True),
        # Texts with numbers are set from the rules in force by ``apply_help``.
        Field("babies", FIELD_LABELS["babies"], "custom", factory=BabiesSpin),
        Field("dystocia", FIELD_LABELS["dystocia"], "check", check_text="是（凭医院证明）"),
    )
    REQUIRED = {"delivery_date": "请填写分娩日期"}

    def draft(self, values: dict[str, Any]) -> CaseDraft:
        # The service moves a planned leave start later than the birth to the birth; preview the same.
        born = values.get("delivery_date")
        if not isinstance(born, date):
            return super().draft(values)
        return protections.with_delivery(
            self.base,
            delivery_date=born,
            babies=values.get("babies", self.base.babies),
            dystocia=bool(values.get("dystocia", self.base.dystocia)),
        )

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        out = super().hints(values)
        note = protections.delivery_note(self.base, self.draft(values))
        if note:
            out["delivery_date"] = f"{note}\n{out['delivery_date']}" if out.get("delivery_date") else note
        return out

    def record(self, s: Any, values: dict[str, Any]) -> None:
        protections.record_delivery(
            s,
            self.case_id,
            delivery_date=values["delivery_date"],
            babies=values["babies"],
            dystocia=bool(values["dystocia"]),
            actor=self.db.actor,
            today=self.today,
        )


class MiscarriageDialog(CaseStepDialog):
    TITLE = "记录流产"
    FIELDS = (_date("miscarriage_date", required=True),)
    REQUIRED = {"miscarriage_date": "请填写流产日期"}

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        out = super().hints(values)
        found = self.timeline(values)
        if "miscarriage_date" not in out and found is not None and found[0].lmp is not None:
            rules = found[1]
            line = miscarriage_threshold_date(found[0].lmp.day, rules=rules)
            out["miscarriage_date"] = (
                f"{D(line)} 之前流产（怀孕不满{rules.miscarriage_threshold_months}个月）"
                f"流产假{rules.miscarriage_short_days}天，之后{rules.miscarriage_long_days}天"
            )
        return out

    def draft(self, values: dict[str, Any]) -> CaseDraft:
        # The service drops a planned leave start with the miscarriage; the preview must do the same.
        return replace(super().draft(values), leave_start=None)

    def record(self, s: Any, values: dict[str, Any]) -> None:
        protections.record_miscarriage(
            s, self.case_id, miscarriage_date=values["miscarriage_date"], actor=self.db.actor, today=self.today
        )


class LeaveStartDialog(CaseStepDialog):
    TITLE = "产假开始"
    FIELDS = (_date("leave_start"),)  # its tooltip names the rules' prenatal days (apply_help)

    def record(self, s: Any, values: dict[str, Any]) -> None:
        protections.record_leave_start(
            s, self.case_id, leave_start=values["leave_start"], actor=self.db.actor, today=self.today
        )


class ReturnDialog(CaseStepDialog):
    TITLE = "返岗"
    FIELDS = (_date("return_to_work", required=True, tooltip="产假或流产假后实际上班的第一天"),)
    REQUIRED = {"return_to_work": "请填写返岗日期"}

    def record(self, s: Any, values: dict[str, Any]) -> None:
        protections.record_return(
            s, self.case_id, return_to_work=values["return_to_work"], actor=self.db.actor, today=self.today
        )


class StopLactationDialog(CaseStepDialog):
    TITLE = "停止哺乳"
    FIELDS = (
        Field(
            "lactation_stopped",
            "最后哺乳日",
            "date",
            required=True,
            tooltip="她最后一天哺乳的日期；次日起哺乳期保护结束",
        ),
    )
    REQUIRED = {"lactation_stopped": "请填写最后一天哺乳的日期"}

    def record(self, s: Any, values: dict[str, Any]) -> None:
        protections.stop_lactation(
            s, self.case_id, last_day=values["lactation_stopped"], actor=self.db.actor, today=self.today
        )


class ReassignDialog(CaseStepDialog):
    TITLE = "调岗"
    FIELDS = (
        Field("reassigned_from_post", FIELD_LABELS["reassigned_from_post"], max_length=50),
        Field(
            "reassigned_to_post",
            FIELD_LABELS["reassigned_to_post"],
            required=True,
            max_length=50,
            placeholder="如：资料员、质检员",
        ),
        _date("reassigned_on", required=True),
        Field(
            "reassigned_to_hazards",
            "新岗位的作业条件",
            "custom",
            factory=HazardPicker,
            wide=True,
            tooltip="新岗位涉及的作业条件；不涉及的选“无”、不勾选",
        ),
    )
    REQUIRED = {"reassigned_to_post": "请填写调整后的岗位", "reassigned_on": "请填写调岗日期"}

    def initial(self) -> dict[str, Any]:
        out = super().initial()
        if self.base.reassigned_on is None:  # a first reassignment: from her roster post, from today
            out.update(reassigned_from_post=self.row.roster_post, reassigned_on=self.today)
        return out

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        out = super().hints(values)
        day, conditions = values.get("reassigned_on"), values.get("reassigned_to_hazards") or ""
        found = self.timeline(values)
        if day is None or found is None:
            return out
        core = to_core(self.draft(values))
        checks = [(day, "调岗当日")]
        if found[0].seven_month is not None and found[0].seven_month.day > day:
            checks.append((found[0].seven_month.day, f"{help_texts(found[1])['seven_month']}后"))
        problems: list[str] = []
        seen: set[str] = set()
        for when, words in checks:
            prohibited, night = post_problems(state_on(core, when, found[1]), conditions, found[1])
            for problem in prohibited + night:
                if problem not in seen:
                    seen.add(problem)
                    problems.append(f"{words}：{problem}")
        out["reassigned_to_hazards"] = (
            "注意，新岗位仍不合适：\n" + "\n".join(problems)
            if problems
            else "新岗位没有她这一期的禁忌作业，保存后该条岗位冲突即消除"
        )
        return out

    def record(self, s: Any, values: dict[str, Any]) -> None:
        protections.record_reassignment(
            s,
            self.case_id,
            to_post=values["reassigned_to_post"],
            to_hazards=values["reassigned_to_hazards"],
            reassigned_on=values["reassigned_on"],
            from_post=values["reassigned_from_post"],
            actor=self.db.actor,
            today=self.today,
        )


class CaseEditDialog(CaseStepDialog):
    """Every stored fact at once, for corrections (double-click on the ledger)."""

    TITLE = "编辑四期保护登记"
    FIELDS = (
        _date("lmp"),
        _date("due_date"),
        Field("doctor_certificate", FIELD_LABELS["doctor_certificate"], "check", check_text="已提交医生证明"),
        Field("reduced_workload", FIELD_LABELS["reduced_workload"], max_length=100),
        _date("delivery_date"),
        Field("babies", FIELD_LABELS["babies"], "custom", factory=BabiesSpin),
        Field("dystocia", FIELD_LABELS["dystocia"], "check", check_text="是"),
        _date("miscarriage_date"),
        _date("leave_start", column=1),
        _date("return_to_work", column=1),
        Field("lactation_stopped", "最后哺乳日", "date", column=1),
        Field("reassigned_from_post", FIELD_LABELS["reassigned_from_post"], max_length=50, column=1),
        Field("reassigned_to_post", FIELD_LABELS["reassigned_to_post"], max_length=50, column=1),
        _date("reassigned_on", column=1),
        Field("reassigned_to_hazards", "调整后岗位的作业条件", "custom", factory=HazardPicker, wide=True),
        Field("notes", FIELD_LABELS["notes"], "text", wide=True),
    )

    def record(self, s: Any, values: dict[str, Any]) -> None:
        protections.update_case(s, self.case_id, self.draft(values), actor=self.db.actor, today=self.today)
