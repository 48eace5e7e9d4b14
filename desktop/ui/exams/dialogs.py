"""The 体检筛查 dialogs: a plan (type, hospital, days, who is eligible), a result, moving appointments, and
the office's holiday data (added to the holiday package's, or replacing a year of it when confirmed)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.core.dates import parse_date
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.exam_schedule import HOLIDAY_MENU, unknown_years_note
from desktop.core.exams import EXAM_TYPE, RESULT, PlanDraft, check_draft, check_result, default_draft, default_follow_up
from desktop.services import office
from desktop.services.database import Database
from desktop.services.exams import appointments as exam_appointments
from desktop.services.exams import calendar as exam_calendar
from desktop.services.exams import plans as exam_plans
from desktop.ui import prompts
from desktop.ui.widgets.record_dialog import Field, RecordDialog
from desktop.ui.widgets.unit_picker import UnitCombo

HAZARD_OPTIONS: list[tuple[str, str]] = [
    ("", "不限"),
    ("noise,vibration", "噪声或强烈振动（油锯、风钻等）"),
    ("noise", "噪声作业"),
    ("vibration", "强烈振动"),
    ("toxic", "有毒物质超标"),
    ("high_temp", "高温作业"),
    ("low_temp", "低温作业"),
]
SEX_OPTIONS = [("", "不限"), ("F", "女"), ("M", "男")]
EMPLOYMENT_OPTIONS = [("active", "在岗"), ("active,dispatched,flexible", "在岗、劳务派遣、灵活就业"), ("", "不限")]
_SPLIT = re.compile(r"[,，;；、\s]+")
_RANGE = re.compile(r"\s*(?:至|到|~|～)\s*")


def _int(text: Any, key: str, label: str, errors: dict[str, str], *, blank: int | None = None) -> int | None:
    s = str(text or "").strip()
    if not s:
        return blank
    if not s.isdigit():
        errors[key] = f"{label}应为整数，现为“{s}”"
        return blank
    return int(s)


def parse_days(text: str) -> list[date]:
    """ "2027-10-01 至 2027-10-07、2027-10-09" → the days; ranges with 至 or ~."""
    out: list[date] = []
    for part in _SPLIT.split(_RANGE.sub("~", text or "")):
        if not part:
            continue
        a, sep, b = part.partition("~")
        first, last = parse_date(a), parse_date(b) if sep else None
        if first is None:
            continue
        if last is None:
            out.append(first)
            continue
        if last < first or (last - first).days > 31:
            raise DomainError(f"“{part}”不是有效的日期范围")
        out.extend(first + timedelta(days=i) for i in range((last - first).days + 1))
    return out


def parse_day_caps(text: str) -> dict[date, int]:
    """ "2026-05-08=30，2026-05-09=0" → {day: capacity}."""
    caps: dict[date, int] = {}
    for part in _SPLIT.split(text or ""):
        if not part:
            continue
        day_text, sep, cap = part.replace("＝", "=").partition("=")
        day = parse_date(day_text)
        if not sep or day is None or not cap.strip().isdigit():
            raise DomainError(f"“{part}”应写成 日期=人数，如 2026-05-08=30")
        caps[day] = int(cap)
    return caps


class PlanDialog(RecordDialog):
    FIELDS = [
        Field("exam_type", "检查类型", "combo", options=list(EXAM_TYPE.items()), required=True),
        Field("name", "计划名称", required=True, max_length=100),
        Field("provider", "体检机构", max_length=100, placeholder="如 牙克石市妇幼保健院"),
        Field("place", "检查地点", max_length=200),
        Field("report_time", "报到时间", max_length=30, placeholder="如 07:30"),
        Field("contact", "联系人及电话", max_length=100),
        Field("start_date", "开始日期", "date", required=True, column=1),
        Field("end_date", "结束日期", "date", required=True, column=1),
        Field("daily_capacity", "每日人数", required=True, column=1, placeholder="医院每天能接待的人数"),
        Field(
            "day_caps",
            "特殊日期人数",
            column=1,
            placeholder="2026-05-08=30，2026-05-09=0",
            tooltip="与每日人数不同的日子；0 表示当天不安排",
        ),
        Field("elig_sex", "性别", "combo", options=SEX_OPTIONS, column=1),
        Field("elig_age_min", "最小年龄", column=1, placeholder="不限"),
        Field("elig_age_max", "最大年龄", column=1, placeholder="不限"),
        Field("interval_years", "间隔年数", column=1, placeholder="0 为不限；两癌筛查默认 2"),
        Field("elig_employment", "用工性质", "combo", options=EMPLOYMENT_OPTIONS),
        Field("elig_unit", "单位范围", "custom", factory=lambda: UnitCombo(empty_label="全部单位")),
        Field(
            "elig_hazards",
            "岗位危害",
            "combo",
            options=HAZARD_OPTIONS,
            tooltip="职业健康检查：只安排岗位有所选危害的职工",
        ),
        Field("items", "检查项目", "text", wide=True),
        Field("preparation", "注意事项", "text", wide=True, placeholder="如 空腹、避开月经期"),
        Field("notes", "备注", "text", wide=True),
    ]

    def __init__(self, parent: QWidget | None, db: Database, plan_id: int | None = None) -> None:
        self.db = db
        self.plan_id = plan_id
        with db.read() as s:
            units = office.unit_tree(s)
            base = exam_plans.get_draft(s, plan_id) if plan_id else default_draft("annual", date.today())
        self.base = base
        super().__init__(parent, "编辑体检计划" if plan_id else "新建体检计划")
        self.field_widget("elig_unit", UnitCombo).set_units(units)
        self.set_values(self._form_values(base))

    @staticmethod
    def _form_values(d: PlanDraft) -> dict[str, Any]:
        units = [int(u) for u in d.elig_units.split(",") if u.strip()]
        return {
            "exam_type": d.exam_type,
            "name": d.name,
            "provider": d.provider,
            "place": d.place,
            "report_time": d.report_time,
            "contact": d.contact,
            "start_date": d.start_date,
            "end_date": d.end_date,
            "daily_capacity": str(d.daily_capacity),
            "elig_sex": d.elig_sex,
            "day_caps": "，".join(f"{k.isoformat()}={v}" for k, v in sorted(d.day_capacities.items())),
            "elig_age_min": "" if d.elig_age_min is None else str(d.elig_age_min),
            "elig_age_max": "" if d.elig_age_max is None else str(d.elig_age_max),
            "interval_years": str(d.interval_years),
            "elig_employment": d.elig_employment,
            "elig_unit": units[0] if units else None,
            "elig_hazards": d.elig_hazards,
            "items": d.items,
            "preparation": d.preparation,
            "notes": d.notes,
        }

    def on_edited(self, key: str) -> None:
        # A new plan takes the type's defaults (两癌: women 35–64, every 2 years) when the type changes.
        if key == "exam_type" and self.plan_id is None and not getattr(self, "_applying", False):
            values, _ = self.collect()
            start = values.get("start_date") or date.today()
            d = default_draft(values["exam_type"], start)
            keep = {
                k: values[k]
                for k in (
                    "provider",
                    "place",
                    "report_time",
                    "contact",
                    "end_date",
                    "daily_capacity",
                    "day_caps",
                    "notes",
                )
            }
            self._applying = True
            try:
                self.set_values({**self._form_values(d), **keep, "start_date": values.get("start_date")})
            finally:
                self._applying = False

    def draft(self, values: dict[str, Any]) -> PlanDraft:
        errors: dict[str, str] = {}
        cap = _int(values.get("daily_capacity"), "daily_capacity", "每日人数", errors, blank=0)
        amin = _int(values.get("elig_age_min"), "elig_age_min", "最小年龄", errors)
        amax = _int(values.get("elig_age_max"), "elig_age_max", "最大年龄", errors)
        interval = _int(values.get("interval_years"), "interval_years", "间隔年数", errors, blank=0)
        try:
            caps = parse_day_caps(values.get("day_caps") or "")
        except DomainError as e:
            errors["day_caps"] = e.message
            caps = {}
        if errors:
            raise FieldErrors(errors)
        start = values.get("start_date")
        unit = values.get("elig_unit")
        return replace(
            self.base,
            exam_type=values["exam_type"],
            name=values["name"],
            provider=values["provider"],
            place=values["place"],
            report_time=values["report_time"],
            contact=values["contact"],
            start_date=start,
            end_date=values.get("end_date"),
            daily_capacity=cap or 0,
            elig_sex=values["elig_sex"] or "",
            elig_age_min=amin,
            elig_age_max=amax,
            interval_years=interval or 0,
            elig_employment=values["elig_employment"] or "",
            elig_units=str(unit) if unit else "",
            elig_hazards=values["elig_hazards"] or "",
            items=values["items"],
            preparation=values["preparation"],
            notes=values["notes"],
            day_capacities=caps,
            year=start.year if start else 0,
        )

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        # Said while the plan is made, not only after scheduling: the hospital is booked from these dates.
        with self.db.read() as s:
            years = exam_calendar.unknown_years(s, values.get("start_date"), values.get("end_date"))
        return {"end_date": unknown_years_note(years)} if years else {}

    def check(self, values: dict[str, Any]) -> None:
        try:
            check_draft(self.draft(values))
        except FieldErrors as e:
            raise FieldErrors(
                {
                    ("day_caps" if k == "day_capacities" else "elig_unit" if k == "elig_units" else k): v
                    for k, v in e.errors.items()
                }
            ) from None

    def save(self, values: dict[str, Any]) -> int:
        d = self.draft(values)
        with self.db.write() as s:
            if self.plan_id:
                return exam_plans.update_plan(s, self.plan_id, d, actor=self.db.actor).id
            return exam_plans.create_plan(s, d, actor=self.db.actor).id

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, plan_id: int | None = None) -> int | None:
        return cls(parent, db, plan_id).run()


class ResultDialog(RecordDialog):
    FIELDS = [
        Field("result", "结果类别", "combo", options=list(RESULT.items()), required=True),
        Field("actual_date", "实际检查日期", "date", required=True),
        Field("follow_up_due", "复查日期", "date", tooltip="异常需复查、建议就医时填写；留空则按默认建议"),
        Field("notes", "备注", "text", wide=True, placeholder="不记录具体检查结果（隐私）"),
    ]

    def __init__(self, parent: QWidget | None, db: Database, appt_id: int) -> None:
        self.db = db
        self.appt_id = appt_id
        with db.read() as s:
            row = exam_appointments.fetch_rows(s, [appt_id])[0]
        super().__init__(parent, f"录入结果 — {row.name}")
        self.set_values(
            {
                "result": row.result or "normal",
                "actual_date": row.actual_date or row.scheduled_date,
                "follow_up_due": row.follow_up_due,
                "notes": row.notes,
            }
        )

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        actual = values.get("actual_date")
        if values.get("follow_up_due") is None and actual is not None:
            suggested = default_follow_up(values["result"], actual)
            if suggested is not None:
                return {"follow_up_due": f"留空则定为 {suggested.isoformat()}"}
        return {}

    def check(self, values: dict[str, Any]) -> None:
        actual = values.get("actual_date")
        follow = values.get("follow_up_due")
        check_result("done", actual, values["result"], follow)
        if actual is not None and actual > date.today():
            raise FieldErrors({"actual_date": "实际检查日期晚于今天，请核对"})

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            return exam_appointments.record_result(
                s,
                self.appt_id,
                result=values["result"],
                actual_date=values["actual_date"],
                follow_up_due=values.get("follow_up_due"),
                notes=values["notes"],
                actor=self.db.actor,
            ).id

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, appt_id: int) -> int | None:
        return cls(parent, db, appt_id).run()


class MoveDialog(RecordDialog):
    FIELDS = [Field("new_day", "新的检查日期", "date", required=True)]

    def __init__(self, parent: QWidget | None, db: Database, plan_id: int, ids: list[int]) -> None:
        self.db, self.plan_id, self.ids = db, plan_id, ids
        super().__init__(parent, f"改期 — {len(ids)} 人")

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        day = values.get("new_day")
        if day is None:
            return {}
        with self.db.read() as s:
            n = exam_appointments.count(s, exam_appointments.AppointmentFilter(plan_id=self.plan_id, day=day))
            plan = exam_plans.get_plan(s, self.plan_id)
            cap = exam_plans.day_capacities(s, self.plan_id).get(day, plan.daily_capacity)
            unknown = exam_calendar.unknown_years(s, day, day)
        warn = "，将超过当天人数，请先与医院确认" if n + len(self.ids) > cap else ""
        note = f"\n{unknown_years_note(unknown)}" if unknown else ""
        return {"new_day": f"当天已约 {n} 人（每日 {cap} 人）{warn}{note}"}

    def check(self, values: dict[str, Any]) -> None:
        day = values.get("new_day")
        if day is None:
            return
        if day < date.today():
            raise FieldErrors({"new_day": f"新的检查日期 {day.isoformat()} 早于今天"})
        with self.db.read() as s:
            exam_appointments.check_exam_day(s, exam_plans.get_plan(s, self.plan_id), day)

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            return exam_appointments.move_appointments(s, self.ids, values["new_day"], actor=self.db.actor)

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, plan_id: int, ids: list[int]) -> int | None:
        return cls(parent, db, plan_id, ids).run()


class HolidayDialog(RecordDialog):
    """设置 → 节假日与调休: a year's 放假 and 调休上班 days as announced by the State Council, or the office's own.

    What is entered adds to the holiday package's days of the year (a local day off, a correction);
    replacing the package's whole year is a box the clerk ticks and then confirms (#18).
    """

    FIELDS = [
        Field("year", "年份", required=True, placeholder="如 2027"),
        Field(
            "holidays",
            "放假日期",
            "text",
            wide=True,
            placeholder="如 2027-01-01，2027-02-05 至 2027-02-12，2027-10-01 至 2027-10-07",
        ),
        Field(
            "workdays", "调休上班日期", "text", wide=True, placeholder="周六、周日上班的日子，如 2027-02-14，2027-10-09"
        ),
        Field(
            "replace_package",
            "与数据包的关系",
            "check",
            wide=True,
            check_text="以上日期替代节假日数据包中该年的全部安排（不勾选：在数据包的安排上增加或更正）",
        ),
    ]
    TITLE = HOLIDAY_MENU.split("→")[-1].strip()

    def __init__(self, parent: QWidget | None, db: Database, year: int | None = None) -> None:
        self.db = db
        super().__init__(parent, self.TITLE)
        self.set_values({"year": str(year or date.today().year + 1)})
        self._load()

    def _load(self) -> None:
        year = self._year()
        if year is None:
            return
        with self.db.read() as s:
            rows = exam_calendar.office_days(s, year)
            replaced = exam_calendar.replaces_package(s, year)
        self.set_values(
            {
                "holidays": "，".join(r.day.isoformat() for r in rows if r.kind == "holiday"),
                "workdays": "，".join(r.day.isoformat() for r in rows if r.kind == "workday"),
                "replace_package": replaced,
            }
        )

    def _year(self, text: Any = None) -> int | None:
        s = str(text if text is not None else self.collect()[0].get("year") or "").strip()
        return int(s) if s.isdigit() and 2000 <= int(s) <= 2100 else None

    def on_edited(self, key: str) -> None:
        if key == "year":
            self._load()

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        year = self._year(values.get("year"))
        if year is None:
            return {}
        hs, ws = exam_calendar.package_days(year)
        with self.db.read() as s:
            out = {
                "year": f"目前数据来源：{exam_calendar.year_source(s, year)}，全年工作日 "
                f"{exam_calendar.working_day_count(s, year)} 天；全部留空并保存则恢复数据包的安排"
            }
        if hs or ws:
            out["replace_package"] = (
                f"数据包已有{year}年放假 {len(hs)} 天、调休上班 {len(ws)} 天；"
                "不勾选时，这里录入的日期只增加或更正个别日子"
            )
        else:
            out["replace_package"] = (
                f"数据包没有{year}年的安排；元旦、劳动节、国庆节按固定日期放假，其余请照国务院通知录入"
            )
        return out

    def _days(self, values: dict[str, Any]) -> tuple[int, list[date], list[date]]:
        errors: dict[str, str] = {}
        year = self._year(values.get("year"))
        if year is None:
            errors["year"] = "年份应为2000–2100之间的四位数"
        parsed: dict[str, list[date]] = {}
        for key in ("holidays", "workdays"):
            try:
                parsed[key] = parse_days(values.get(key) or "")
            except DomainError as e:
                errors[key] = e.message
        if errors:
            raise FieldErrors(errors)
        assert year is not None
        return year, parsed["holidays"], parsed["workdays"]

    def check(self, values: dict[str, Any]) -> None:
        self._days(values)

    def save(self, values: dict[str, Any]) -> int:
        year, hs, ws = self._days(values)
        replace_package = bool(values.get("replace_package")) and bool(hs or ws)
        with self.db.read() as s:
            already = exam_calendar.replaces_package(s, year)
        pkg_hs, pkg_ws = exam_calendar.package_days(year)
        question = (
            f"节假日数据包中{year}年的放假 {len(pkg_hs)} 天、调休上班 {len(pkg_ws)} 天将不再使用，"
            f"{year}年只按这里录入的放假 {len(hs)} 天、调休上班 {len(ws)} 天排期。确定替代？"
        )
        if (
            replace_package
            and not already
            and (pkg_hs or pkg_ws)
            and not prompts.confirm(self, self.TITLE, question, ok="替代数据包", cancel="返回修改")
        ):
            raise FieldErrors({"replace_package": "未保存：如只需增加或更正个别日子，请取消勾选"})
        with self.db.write() as s:
            return exam_calendar.set_year_days(s, year, hs, ws, actor=self.db.actor, replace_package=replace_package)

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, year: int | None = None) -> int | None:
        return cls(parent, db, year).run()
