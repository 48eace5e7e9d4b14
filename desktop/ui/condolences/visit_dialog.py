"""登记慰问 / 编辑慰问: one visit, checked against the standard as the clerk types.

Under the occasion the standard in force on the visit date is shown (cash or goods, default, caps,
frequency, documents to check); when the visit breaks it, the rule and the numbers appear under 特批理由
before saving, and the visit is saved only with a written reason (an authorised override).

Editing: the visit's earlier override is shown as information, never carried into the field; it still
stands only while the visit breaks exactly the rules (and numbers) it was given for — a new breach needs
a new reason (desktop.core.condolences.settle_override, the rule the service applies). Changing the money or
occasion of an approved visit sends it back to 登记 (the clerk is told, and asked to confirm). Only union
members can be chosen. The breaches depend on the member's other visits: they are read after a pause in
typing and before saving (check_database), not per keystroke.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QVBoxLayout, QWidget

from desktop.core import condolences as condolence_rules
from desktop.core.errors import DomainError, FieldErrors
from desktop.services.condolences import visits as condolence_visits
from desktop.services.condolences.standards import StandardBook, load_standards
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.ui import prompts
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.person_picker import PersonPicker
from desktop.ui.widgets.record_dialog import Field, RecordDialog

PICKER_ROWS = 50
L = condolence_rules.FIELD_LABELS


class DocChecklist(QWidget):
    """The standard's required documents as tick boxes, plus a line for anything else checked."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        self.other = QLineEdit()
        self.other.setPlaceholderText("其他已查验材料（可留空）")
        self.other.textEdited.connect(lambda _t: self.changed.emit())
        self._lay.addWidget(self.other)

    def set_options(self, docs: tuple[str, ...]) -> None:
        checked = set(self.value().splitlines())
        for box in self.boxes:
            self._lay.removeWidget(box)
            box.hide()
            box.deleteLater()
        self.boxes = []
        for i, doc in enumerate(docs):
            box = QCheckBox(doc)
            box.setChecked(doc in checked)
            box.toggled.connect(lambda _c: self.changed.emit())
            self._lay.insertWidget(i, box)
            self.boxes.append(box)

    def value(self) -> str:
        items = [b.text() for b in self.boxes if b.isChecked()]
        items += [t.strip() for t in self.other.text().replace("；", "、").split("、") if t.strip()]
        return "\n".join(items)

    def set_value(self, value: object) -> None:
        wanted = [line for line in str(value or "").splitlines() if line.strip()]
        known = {b.text() for b in self.boxes}
        for b in self.boxes:
            b.setChecked(b.text() in wanted)
        self.other.setText("、".join(w for w in wanted if w not in known))


def standard_hint(std: condolence_rules.Standard) -> str:
    parts = [condolence_rules.MODES.get(std.mode, std.mode), f"默认{condolence_rules.yuan(std.default_fen)}元"]
    if std.cap_fen:
        parts.append(f"每次最多{condolence_rules.yuan(std.cap_fen)}元")
    if std.yearly_cap_fen:
        parts.append(f"每人每年最多{condolence_rules.yuan(std.yearly_cap_fen)}元")
    if std.max_per_year:
        parts.append(f"每年最多{std.max_per_year}次")
    if std.once_per_cause:
        parts.append("同一事由每年一次")
    docs = f"\n须查验：{'、'.join(std.documents)}" if std.documents else ""
    return "标准：" + "，".join(parts) + docs


class VisitDialog(RecordDialog):
    FIELDS = (
        Field(
            "worker_id",
            L["worker_id"],
            "custom",
            factory=PersonPicker,
            required=True,
            tooltip="在册和退休的工会会员（非会员不能登记慰问）；输入姓名、身份证号或电话的一部分查找",
        ),
        Field(
            "occasion",
            L["occasion"],
            "combo",
            options=tuple(condolence_rules.OCCASIONS.items()),
            required=True,
            column=1,
        ),
        Field("visit_date", L["visit_date"], "date", required=True, column=1),
        Field(
            "festival",
            L["festival"],
            "combo",
            options=(("", ""), *condolence_rules.STATUTORY_FESTIVALS.items()),
            column=1,
            tooltip=f"节日慰问时选择：法定节日和本单位批准的民族节日（{condolence_rules.FESTIVAL_SETTINGS}中登记）",
        ),
        Field("cause", L["cause"], max_length=100, column=1, placeholder="生病住院写病名；其他写事由"),
        Field(
            "relative_relation",
            L["relative_relation"],
            "combo",
            options=(("", ""), *((r, r) for r in condolence_rules.RELATIONS)),
            column=1,
        ),
        Field("relative_name", L["relative_name"], max_length=50, column=1),
        Field("event_date", L["event_date"], "date", column=1, tooltip="住院、生育、结婚、去世等发生的日期"),
        Field("cash", L["cash_fen"], placeholder="如 500 或 300.50"),
        Field("goods", L["goods"], max_length=200, placeholder="如：米、面、油"),
        Field("goods_value", L["goods_fen"], placeholder="慰问品的价值（元）"),
        Field("visitors", L["visitors"], max_length=200),
        Field(
            "documents",
            L["documents"],
            "custom",
            factory=DocChecklist,
            wide=True,
            tooltip="按慰问标准须查验的支持材料（复印件附在签收表后）",
        ),
        Field("notes", L["notes"], "text", wide=True),
        Field(
            "override_reason",
            L["override_reason"],
            "text",
            wide=True,
            placeholder="只有突破标准并经负责人批准时填写：批准人和理由",
            tooltip="突破慰问标准须经批准；理由会记录在案，并显示在审批表和导出表中",
        ),
    )
    ERROR_TARGETS = {"cash_fen": "cash", "goods_fen": "goods_value", "_general": "override_reason"}

    def __init__(
        self, parent: QWidget | None, db: Database, visit_id: int | None = None, today: date | None = None
    ) -> None:
        self.db = db
        self.visit_id = visit_id
        self.today = today or date.today()
        with db.read() as s:
            self.book: StandardBook = load_standards(s)
            draft = condolence_visits.get_draft(s, visit_id) if visit_id is not None else None
            visit = condolence_visits.get_visit(s, visit_id) if visit_id is not None else None
            person = workers.fetch_rows(s, [visit.worker_id]) if visit is not None else []
        self._keep_id = visit.worker_id if visit is not None else None
        super().__init__(parent, "编辑慰问" if visit_id else "登记慰问")
        self.picker = self.field_widget("worker_id", PersonPicker)
        self.picker.set_search(self._search)
        self.docs = self.field_widget("documents", DocChecklist)
        self._violations: list[condolence_rules.Violation] = []
        self._filled: dict[str, str] = {}
        # What the stored visit was approved and overridden for (editing only).
        self._old_status = visit.status if visit is not None else ""
        self._old_money = (
            {k: getattr(visit, k) for k in condolence_rules.REAPPROVAL_FIELDS} if visit is not None else {}
        )
        self._stored = condolence_visits.stored_override(visit) if visit is not None else condolence_rules.Override()
        # A visit entered before the festival list was closed keeps its festival until the clerk changes it.
        self._old_festival: str | None = visit.festival if visit is not None else None
        self.fill_festivals(draft.visit_date if draft is not None and draft.visit_date else self.today)
        if draft is not None and visit is not None:
            if person:
                self.picker.edit.setText(person[0].name)
                self.picker.refresh()
                self.picker.set_value(visit.worker_id)
            self.picker.setEnabled(False)
            self.docs.set_options(self.book.on(draft.occasion, draft.visit_date or self.today).documents)
            self.set_values(
                {
                    **{k: getattr(draft, k) for k in condolence_rules.DRAFT_FIELDS},
                    "cash": _yuan(draft.cash_fen),
                    "goods_value": _yuan(draft.goods_fen),
                    "override_reason": "",
                }
            )
        else:
            self.set_values({"visit_date": self.today})
            self.apply_defaults()
            self.picker.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, visit_id: int | None = None) -> int | None:
        """The saved visit's id, or None when cancelled. Tests replace this method."""
        return cls(parent, db, visit_id).run()

    def fill_festivals(self, day: date) -> None:
        """The closed list in force on the visit date: statutory festivals and the approved ethnic ones."""
        combo = self.field_widget("festival", QComboBox)
        chosen = combo.currentData()
        options = [("", ""), *condolence_rules.festivals_on(day, self.book.festivals)]
        if self._old_festival and self._old_festival not in dict(options):
            options.append(
                (
                    self._old_festival,
                    f"{condolence_rules.FESTIVALS.get(self._old_festival, self._old_festival)}（原记录）",
                )
            )
        combo.blockSignals(True)
        combo.clear()
        for code, label in options:
            combo.addItem(label, code)
        combo.setCurrentIndex(max(combo.findData(chosen if chosen is not None else self._old_festival), 0))
        combo.blockSignals(False)

    def _search(self, text: str) -> tuple[int, list[workers.WorkerRow]]:
        with self.db.read() as s:
            ids = condolence_visits.member_ids(s, text, keep=self._keep_id)
            return len(ids), workers.fetch_rows(s, ids[:PICKER_ROWS])

    def _sends_back(self, values: dict[str, Any]) -> bool:
        """Editing an approved visit and changing its money or occasion: it goes back to 登记."""
        if self._old_status != "approved":
            return False
        try:
            draft = self.draft(values)
        except FieldErrors:
            return False
        return any(getattr(draft, k) != v for k, v in self._old_money.items())

    def draft(self, values: dict[str, Any]) -> condolence_rules.VisitDraft:
        errors: dict[str, str] = {}
        money: dict[str, int] = {}
        for key, field in (("cash", "cash_fen"), ("goods_value", "goods_fen")):
            try:
                money[field] = condolence_rules.parse_yuan(values.get(key), label=L[field], field=key)
            except DomainError as e:
                errors[key] = e.message
        if errors:
            raise FieldErrors(errors)
        festival = values.get("festival") or ""
        return condolence_rules.VisitDraft(
            occasion=values.get("occasion") or "other",
            visit_date=values.get("visit_date"),
            festival=festival,
            cause=values.get("cause") or "",
            relative_name=values.get("relative_name") or "",
            relative_relation=values.get("relative_relation") or "",
            event_date=values.get("event_date"),
            visitors=values.get("visitors") or "",
            goods=values.get("goods") or "",
            documents=values.get("documents") or "",
            notes=values.get("notes") or "",
            **money,
        )

    def check(self, values: dict[str, Any]) -> None:
        """The draft's own rules, then the override rule on the breaches the last database check found."""
        if values.get("worker_id") is None:
            raise FieldErrors({"worker_id": "请从列表中选择一名会员"})
        clean = condolence_rules.check_draft(self.draft(values), today=self.today)
        condolence_visits.check_festival(self.book, clean, stored=self._old_festival)
        settled = condolence_rules.settle_override(
            self._violations, stored=self._stored, given=values.get("override_reason") or "", actor=""
        )
        if settled is None:  # the same message the service gives: the breach, and the old reason it is not for
            raise condolence_visits.RuleBroken(
                self._violations, previous_rules=self._stored.rules, previous_reason=self._stored.reason
            )

    def check_database(self, values: dict[str, Any]) -> None:
        """The breaches of the standard: they depend on the member's other visits and her ethnicity."""
        self._violations = []
        if values.get("worker_id") is None:
            return
        try:
            clean = condolence_rules.check_draft(self.draft(values), today=self.today)
            condolence_visits.check_festival(self.book, clean, stored=self._old_festival)
        except FieldErrors:
            return  # ``check`` names what is wrong; the standard is checked once the draft reads
        with self.db.read() as s:
            self._violations = condolence_visits.evaluate(
                s, values["worker_id"], clean, exclude_id=self.visit_id, book=self.book
            )

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        out: dict[str, str] = {}
        occasion: str = values.get("occasion") or ""
        day = values.get("visit_date") or self.today
        if occasion in condolence_rules.OCCASIONS:
            out["occasion"] = standard_hint(self.book.on(occasion, day))
        old = self._stored
        if self._violations and condolence_rules.clean_reason(values.get("override_reason")):
            out["override_reason"] = "将作为特批记录：" + condolence_rules.describe(self._violations)
        elif self._violations and condolence_rules.override_stands(self._violations, old):
            out["override_reason"] = (
                f"原特批仍适用（理由：{old.reason}）：{condolence_rules.describe(self._violations)}"
            )
        elif old.reason and not self._violations:
            out["override_reason"] = f"原特批理由：{old.reason}（修改后已符合标准，保存时不再记为特批）"
        elif old.reason:
            out["override_reason"] = f"原特批理由：{old.reason}（只针对：{old.rules}）"
        if self._sends_back(values):
            out["cash"] = "该慰问已审批；修改金额或事由后将退回“登记”，需重新审批"
        chosen = self.picker.chosen() if hasattr(self, "picker") else None
        if chosen is not None:
            out["worker_id"] = f"{chosen.name}，{chosen.unit_name}"
        return out

    def on_edited(self, key: str) -> None:
        if key == "visit_date" and hasattr(self, "_old_festival"):
            try:
                day = self.field_widget("visit_date", DateField).value() or self.today
            except DomainError:
                day = None  # half-typed: the list stays until the date reads
            if day is not None:
                self.fill_festivals(day)
        if key == "occasion" and not self._loading:
            if self.visit_id is None:
                self.apply_defaults()
            else:
                self.docs.set_options(
                    self.book.on(
                        self.field_widget("occasion", QComboBox).currentData(),
                        self.today,
                    ).documents
                )

    def apply_defaults(self) -> None:
        """A new visit starts from the standard's default amount and its document checklist.

        Amounts the clerk typed are kept: only a field still holding the previous default (or empty) is
        refilled when the occasion changes.
        """
        occasion = self.field_widget("occasion", QComboBox).currentData()
        std = self.book.on(occasion, self.today)
        target = "goods_value" if std.mode == "goods" else "cash"
        other = "cash" if target == "goods_value" else "goods_value"
        fields = {k: self.field_widget(k, QLineEdit) for k in ("cash", "goods_value")}
        untouched = all(w.text() in ("", self._filled.get(k, "")) for k, w in fields.items())
        if untouched:
            fields[target].setText(_yuan(std.default_fen))
            fields[other].setText("")
            self._filled = {target: _yuan(std.default_fen), other: ""}
        self.docs.set_options(std.documents)

    def save(self, values: dict[str, Any]) -> int:
        draft = self.draft(values)
        reason = values.get("override_reason") or ""
        if self._sends_back(values) and not prompts.confirm(
            self,
            self.windowTitle(),
            "该慰问已审批。修改金额或慰问事由后，将退回“登记”状态并清除审批人，需重新审批。确定保存？",
            ok="保存并退回登记",
            cancel="继续修改",
        ):
            raise FieldErrors({"cash": "未保存：该慰问已审批，修改金额或事由需重新审批"})
        with self.db.write() as s:
            if self.visit_id is None:
                visit = condolence_visits.add_visit(
                    s, values["worker_id"], draft, actor=self.db.actor, override_reason=reason, today=self.today
                )
            else:
                visit = condolence_visits.update_visit(
                    s, self.visit_id, replace(draft), actor=self.db.actor, override_reason=reason, today=self.today
                )
            return visit.id


def _yuan(fen: int) -> str:
    return condolence_rules.yuan(fen, grouping=False) if fen else ""
