"""Dialogs of the 品牌活动 tab: an activity, one participant's sign-in/award/family, an honour.

Each is a RecordDialog: messages appear beside the field as the clerk types, and a failed save keeps
everything typed. Adding people from the roster is in activity_people_dialog.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.core import activities as activity_rules
from desktop.core.errors import DomainError, FieldErrors
from desktop.services.activities import honours as activity_honours
from desktop.services.activities import participants as activity_participants
from desktop.services.activities import records as activity_records
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.services.roster.workers import WorkerFilter
from desktop.ui.widgets.person_picker import PersonPicker
from desktop.ui.widgets.record_dialog import Field, RecordDialog

PICKER_ROWS = 30
RANKS = (("一等奖", "一等奖"), ("二等奖", "二等奖"), ("三等奖", "三等奖"), ("优秀奖", "优秀奖"))


def _yuan_text(fen: int) -> str:
    return activity_rules.yuan(fen, grouping=False) if fen else ""


class ActivityDialog(RecordDialog):
    FIELDS = [
        Field("brand_id", "品牌", "combo", required=True),
        Field("kind", "活动类型", "combo", options=tuple(activity_rules.KINDS.items())),
        Field(
            "title", "活动名称", required=True, max_length=activity_rules.MAX_TITLE, placeholder="如：春季读书分享会"
        ),
        Field("day", "活动日期", "date", required=True),
        Field("start", "开始时刻", placeholder="09:00"),
        Field("end", "结束时刻", placeholder="11:30"),
        Field("end_day", "结束日期", "date", tooltip="跨天的活动（如两天的培训）才填"),
        Field("place", "地点", max_length=100, column=1),
        Field("organiser", "组织者", max_length=100, column=1, placeholder="如：公司工会女职工委员会"),
        Field("target_group", "参加对象", max_length=100, column=1, placeholder="如：全体女职工"),
        Field("budget", "预算（元）", column=1, placeholder="如 1500 或 1500.50"),
        Field("actual", "实际支出（元）", column=1),
        Field("summary", "活动内容及效果", "text", wide=True),
    ]
    ERROR_TARGETS = {"starts_at": "day", "ends_at": "end", "budget_fen": "budget", "actual_fen": "actual"}

    def __init__(
        self, parent: QWidget | None, db: Database, activity_id: int | None = None, today: date | None = None
    ) -> None:
        self.db = db
        self.activity_id = activity_id
        with db.read() as s:
            brands = activity_records.list_brands(s)
            draft = activity_records.get_draft(s, activity_id) if activity_id is not None else None
        # A switched-off brand stays choosable only for the activity that already has it.
        self.FIELDS = [
            Field(
                "brand_id",
                "品牌",
                "combo",
                required=True,
                options=tuple(
                    (b.id, b.name) for b in brands if b.active or (draft is not None and draft.brand_id == b.id)
                ),
            ),
            *type(self).FIELDS[1:],
        ]
        super().__init__(parent, "编辑活动" if activity_id else "新建活动")
        if draft is not None:
            assert draft.starts_at is not None
            end = draft.ends_at
            self.set_values(
                {
                    "brand_id": draft.brand_id,
                    "kind": draft.kind,
                    "title": draft.title,
                    "day": draft.starts_at.date(),
                    "start": draft.starts_at.strftime("%H:%M"),
                    "end": end.strftime("%H:%M") if end else "",
                    "end_day": end.date() if end and end.date() != draft.starts_at.date() else None,
                    "place": draft.place,
                    "organiser": draft.organiser,
                    "target_group": draft.target_group,
                    "budget": _yuan_text(draft.budget_fen),
                    "actual": _yuan_text(draft.actual_fen),
                    "summary": draft.summary,
                }
            )
        else:
            self.set_values({"day": today or date.today(), "start": "09:00"})

    def draft(self, values: dict[str, Any]) -> activity_records.ActivityDraft:
        errors: dict[str, str] = {}
        money: dict[str, int] = {}
        for key, label in (("budget", "预算"), ("actual", "实际支出")):
            try:
                money[key] = activity_rules.parse_yuan(values.get(key), label=label, field=key)
            except DomainError as exc:
                errors[key] = exc.message
        starts = ends = None
        try:
            start = activity_rules.parse_clock(values.get("start"), field="start", label="开始时刻")
            end = activity_rules.parse_clock(values.get("end"), field="end", label="结束时刻")
            day = values.get("day")
            if day is not None:
                starts = datetime.combine(day, start or datetime.min.time())
                if end is not None or values.get("end_day"):
                    ends = datetime.combine(values.get("end_day") or day, end or datetime.min.time())
        except FieldErrors as exc:
            errors.update(exc.errors)
        if errors:
            raise FieldErrors(errors)
        return activity_records.ActivityDraft(
            brand_id=values.get("brand_id"),
            title=values.get("title") or "",
            kind=values.get("kind") or "other",
            starts_at=starts,
            ends_at=ends,
            place=values.get("place") or "",
            organiser=values.get("organiser") or "",
            target_group=values.get("target_group") or "",
            budget_fen=money["budget"],
            actual_fen=money["actual"],
            summary=values.get("summary") or "",
        )

    def check(self, values: dict[str, Any]) -> None:
        activity_records.check_draft(None, self.draft(values))

    def save(self, values: dict[str, Any]) -> int:
        draft = self.draft(values)
        with self.db.write() as s:
            if self.activity_id is None:
                return activity_records.add_activity(s, draft, actor=self.db.actor).id
            return activity_records.update_activity(s, self.activity_id, draft, actor=self.db.actor).id

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, activity_id: int | None = None) -> int | None:
        return cls(parent, db, activity_id).run()


class ParticipantDialog(RecordDialog):
    FIELDS = [
        Field("status", "状态", "combo", options=tuple(activity_rules.STATUSES.items())),
        Field("role", "角色", "combo", options=tuple(activity_rules.ROLES.items())),
        Field("hours", "时长（小时）", placeholder="如 2 或 1.5；志愿服务计时用"),
        Field("award_name", "奖项名称", max_length=100, column=1, placeholder="如：技能比武、最美家庭"),
        Field("award_rank", "获奖等次", "combo", options=RANKS, editable=True, column=1),
        Field("family_name", "家庭名称", max_length=50, column=1, placeholder="最美家庭评选填写，如：张丽家庭"),
        Field("family_members", "家庭人数", column=1, placeholder="可留空：按列出的成员加本人计算"),
        Field(
            "family_member_names",
            "家庭成员",
            wide=True,
            max_length=300,
            placeholder="不含职工本人，用顿号分隔，如：李强（丈夫）、李小明（儿子）",
        ),
        Field("note", "备注", "text", wide=True),
    ]

    def __init__(self, parent: QWidget | None, db: Database, participant_id: int, name: str = "") -> None:
        self.db = db
        self.participant_id = participant_id
        with db.read() as s:
            draft = activity_participants.get_participant_draft(s, participant_id)
        super().__init__(parent, f"参加信息 — {name}" if name else "参加信息")
        self.set_values(
            {
                "status": draft.status,
                "role": draft.role,
                "hours": "" if draft.hours is None else str(draft.hours.normalize()),
                "award_name": draft.award_name,
                "award_rank": draft.award_rank,
                "family_name": draft.family_name,
                "family_members": str(draft.family_members) if draft.family_members else "",
                "family_member_names": draft.family_member_names,
                "note": draft.note,
            }
        )

    def draft(self, values: dict[str, Any]) -> activity_participants.ParticipantDraft:
        errors: dict[str, str] = {}
        hours = None
        try:
            hours = activity_rules.parse_hours(values.get("hours"))
        except FieldErrors as exc:
            errors.update(exc.errors)
        members_text = str(values.get("family_members") or "").strip().removesuffix("人")
        members = 0
        if members_text:
            if not members_text.isdigit():
                errors["family_members"] = f"家庭人数“{members_text}”应为整数"
            else:
                members = int(members_text)
        if errors:
            raise FieldErrors(errors)
        return activity_participants.ParticipantDraft(
            status=values.get("status") or "registered",
            role=values.get("role") or "participant",
            hours=hours,
            award_name=values.get("award_name") or "",
            award_rank=values.get("award_rank") or "",
            family_name=values.get("family_name") or "",
            family_members=members,
            note=values.get("note") or "",
            family_member_names=values.get("family_member_names") or "",
        )

    def check(self, values: dict[str, Any]) -> None:
        d = self.draft(values)
        activity_rules.check_participation(
            status=d.status,
            role=d.role,
            hours=d.hours,
            award_rank=d.award_rank,
            award_name=d.award_name,
            family_members=d.family_members,
            family_member_names=d.family_member_names,
        )

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            activity_participants.update_participant(s, self.participant_id, self.draft(values), actor=self.db.actor)
        return self.participant_id

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, participant_id: int, name: str = "") -> int | None:
        return cls(parent, db, participant_id, name).run()


class HonourDialog(RecordDialog):
    FIELDS = [
        Field("worker_id", "获奖职工", "custom", factory=lambda: PersonPicker(), required=True, wide=True),
        Field(
            "title",
            "荣誉名称",
            "combo",
            options=tuple((t, t) for t in activity_rules.HONOUR_TITLES),
            editable=True,
            required=True,
        ),
        Field("year", "年度", required=True),
        Field("level", "级别", "combo", options=tuple(activity_rules.HONOUR_LEVELS.items())),
        Field("family_name", "家庭名称", max_length=50, placeholder="家庭荣誉填写，如：张丽家庭"),
        Field("activity_id", "相关活动", "combo", column=1),
        Field("awarded_by", "授予单位", max_length=100, column=1, placeholder="空白则为本工会"),
        Field("awarded_on", "授予日期", "date", column=1),
        Field("note", "备注", "text", wide=True),
    ]
    ERROR_TARGETS = {"_general": "title"}

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        honour_id: int | None = None,
        today: date | None = None,
        worker_id: int | None = None,
        activity_id: int | None = None,
    ) -> None:
        self.db = db
        self.honour_id = honour_id
        self.today = today or date.today()
        with db.read() as s:
            draft = (
                activity_honours.get_draft(s, honour_id)
                if honour_id is not None
                else activity_honours.HonourDraft(year=self.today.year, worker_id=worker_id, activity_id=activity_id)
            )
            since = datetime.combine(self.today - timedelta(days=800), datetime.min.time())
            recent = [
                r
                for r in activity_records.fetch_rows(s, activity_records.activity_ids(s))
                if r.starts_at >= since or r.id == draft.activity_id
            ]
            person = workers.fetch_rows(s, [draft.worker_id]) if draft.worker_id is not None else []
        options = ((None, "（无）"), *((r.id, f"{r.starts_at:%Y-%m-%d} {r.title}") for r in recent))
        self.FIELDS = [
            f if f.key != "activity_id" else Field("activity_id", "相关活动", "combo", options=options, column=1)
            for f in type(self).FIELDS
        ]
        super().__init__(parent, "编辑荣誉" if honour_id else "登记荣誉")
        combo = self.field_widget("activity_id", QComboBox)
        # Activity titles are long; the list drops down wide, the field itself stays one column wide.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(18)
        self.picker = self.field_widget("worker_id", PersonPicker)
        self.picker.set_search(self._search)
        if person:
            self.picker.edit.setText(person[0].name)
            self.picker.refresh()
            self.picker.set_value(person[0].id)
            self.touched.clear()  # pre-filled, not typed: 取消 must not ask to discard anything
        self.set_values(
            {
                "title": draft.title,
                "year": str(draft.year or ""),
                "level": draft.level,
                "family_name": draft.family_name,
                "activity_id": draft.activity_id,
                "awarded_by": draft.awarded_by,
                "awarded_on": draft.awarded_on,
                "note": draft.note,
            }
        )

    def _search(self, text: str) -> tuple[int, list[workers.WorkerRow]]:
        with self.db.read() as s:
            ids = workers.worker_ids(s, WorkerFilter(text=text), sort="name")
            return len(ids), workers.fetch_rows(s, ids[:PICKER_ROWS])

    def draft(self, values: dict[str, Any]) -> activity_honours.HonourDraft:
        year_text = str(values.get("year") or "").strip().removesuffix("年")
        if year_text and not year_text.isdigit():
            raise FieldErrors({"year": f"年度“{year_text}”应为四位数字，如 {self.today.year}"})
        return activity_honours.HonourDraft(
            title=values.get("title") or "",
            year=int(year_text) if year_text else None,
            level=values.get("level") or "company",
            worker_id=values.get("worker_id"),
            family_name=values.get("family_name") or "",
            activity_id=values.get("activity_id"),
            awarded_by=values.get("awarded_by") or "",
            awarded_on=values.get("awarded_on"),
            note=values.get("note") or "",
        )

    def check(self, values: dict[str, Any]) -> None:
        d = self.draft(values)
        activity_rules.check_honour(
            title=d.title,
            year=d.year,
            level=d.level,
            worker_id=d.worker_id,
            family_name=d.family_name,
            this_year=self.today.year,
        )

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            if self.honour_id is None:
                return activity_honours.add_honour(s, self.draft(values), actor=self.db.actor, today=self.today).id
            return activity_honours.update_honour(
                s, self.honour_id, self.draft(values), actor=self.db.actor, today=self.today
            ).id

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        db: Database,
        honour_id: int | None = None,
        *,
        worker_id: int | None = None,
        activity_id: int | None = None,
    ) -> int | None:
        return cls(parent, db, honour_id, worker_id=worker_id, activity_id=activity_id).run()
