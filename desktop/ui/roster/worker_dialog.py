"""Add or edit one worker: the full ID number is shown here (and only here), checked as it is typed."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from desktop.core import enums
from desktop.core.dates import age_on
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.idcard import parse_id_number
from desktop.core.worker import FIELD_LABELS, WorkerDraft, check_worker
from desktop.services import office
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.ui.widgets.hazard_picker import HazardPicker
from desktop.ui.widgets.record_dialog import Field, RecordDialog
from desktop.ui.widgets.unit_picker import UnitCombo

# Inner Mongolia's forest districts first; any other can be typed into the box.
ETHNICITIES = (
    "汉族",
    "蒙古族",
    "满族",
    "回族",
    "达斡尔族",
    "鄂温克族",
    "鄂伦春族",
    "朝鲜族",
    "俄罗斯族",
    "锡伯族",
    "壮族",
    "藏族",
    "维吾尔族",
    "苗族",
    "土家族",
    "彝族",
)


def _unit_combo() -> UnitCombo:
    return UnitCombo(empty_label="（请选择单位）", retired_selectable=False)


class WorkerDialog(RecordDialog):
    FIELDS = (
        Field("name", FIELD_LABELS["name"], required=True, max_length=30, placeholder="如 张丽、阿拉坦·巴根"),
        Field("id_number", FIELD_LABELS["id_number"], required=True, max_length=24, placeholder="18位，末位可以是X"),
        Field(
            "sex",
            FIELD_LABELS["sex"],
            "combo",
            options=(("", "按身份证号"), ("F", "女"), ("M", "男")),
            tooltip="一般不用选：性别取自身份证号第17位",
        ),
        Field(
            "ethnicity",
            FIELD_LABELS["ethnicity"],
            "combo",
            editable=True,
            options=(("", ""), *((e, e) for e in ETHNICITIES)),
        ),
        Field("unit_id", FIELD_LABELS["unit_id"], "custom", factory=_unit_combo, required=True),
        Field("post", FIELD_LABELS["post"], max_length=50, placeholder="如 营林员、检尺员", column=1),
        Field(
            "employment_type",
            FIELD_LABELS["employment_type"],
            "combo",
            options=tuple(enums.EMPLOYMENT_TYPE.items()),
            column=1,
        ),
        Field("status", FIELD_LABELS["status"], "combo", options=tuple(enums.WORKER_STATUS.items()), column=1),
        Field("hire_date", FIELD_LABELS["hire_date"], "date", column=1),
        Field(
            "contract_end",
            FIELD_LABELS["contract_end"],
            "date",
            column=1,
            tooltip="劳动合同到期日；无固定期限合同不填。孕期、产期、哺乳期内到期的合同续延至哺乳期满"
            "（劳动合同法第四十二条、第四十五条）",
        ),
        Field("union_member", "工会会员", "check", check_text="是", column=1),
        Field("union_join_date", FIELD_LABELS["union_join_date"], "date", column=1),
        Field("phone", FIELD_LABELS["phone"], max_length=30, placeholder="手机号，或带区号的座机", column=1),
        Field(
            "hazards",
            FIELD_LABELS["hazards"],
            "custom",
            factory=HazardPicker,
            wide=True,
            tooltip="岗位涉及的作业条件（国务院令第619号附录），用于判断经期、孕期、哺乳期禁忌",
        ),
        Field("notes", FIELD_LABELS["notes"], "text", wide=True),
    )
    # check_worker reports a birth date that disagrees with the ID under "birth_date"; it belongs to the ID.
    ERROR_TARGETS = {"birth_date": "id_number"}

    def __init__(self, parent: QWidget | None, db: Database, worker_id: int | None = None) -> None:
        self.db = db
        self.worker_id = worker_id
        self._has_units = True
        super().__init__(parent, "新增职工" if worker_id is None else "编辑职工")
        with db.read() as s:
            units = office.unit_tree(s)
            draft = workers.get_draft(s, worker_id) if worker_id is not None else None
        unit_combo = self.field_widget("unit_id", UnitCombo)
        unit_combo.set_units(units)
        self._has_units = any(not u.retired for u in units)
        if draft is not None:
            self.setWindowTitle(f"编辑职工：{draft.name}")
            self.set_values(asdict(draft))
        else:
            defaults = WorkerDraft()
            self.set_values(
                {
                    "union_member": defaults.union_member,
                    "status": defaults.status,
                    "employment_type": defaults.employment_type,
                }
            )
        self.widgets["name"].setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, worker_id: int | None = None) -> int | None:
        """The saved worker's id, or None when cancelled. Tests replace this method."""
        return cls(parent, db, worker_id).run()

    # -- RecordDialog hooks --------------------------------------------------------------------------
    def draft(self, values: dict[str, Any]) -> WorkerDraft:
        return WorkerDraft(
            name=values["name"] or "",
            id_number=values["id_number"] or "",
            sex=values["sex"] or "",
            ethnicity=values["ethnicity"] or "",
            unit_id=values["unit_id"],
            post=values["post"] or "",
            hazards=values["hazards"] or "",
            employment_type=values["employment_type"],
            union_member=bool(values["union_member"]),
            union_join_date=values["union_join_date"] if values["union_member"] else None,
            phone=values["phone"] or "",
            hire_date=values["hire_date"],
            contract_end=values["contract_end"],
            status=values["status"],
            notes=values["notes"] or "",
        )

    def check(self, values: dict[str, Any]) -> None:
        try:
            check_worker(self.draft(values))
        except FieldErrors as exc:
            if "unit_id" in exc.errors and not self._has_units:
                # A new data file has no units yet; say where to make one instead of "请选择".
                exc.errors["unit_id"] = "还没有可选的单位：请先在“设置 → 单位与组织”中建立单位"
            raise

    def save(self, values: dict[str, Any]) -> int:
        draft = self.draft(values)
        with self.db.write() as s:
            if self.worker_id is None:
                return workers.add_worker(s, draft, actor=self.db.actor).id
            workers.update_worker(s, self.worker_id, draft, actor=self.db.actor)
            return self.worker_id

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        """What a valid ID number says, so the clerk can compare it with the paper form at a glance."""
        try:
            info = parse_id_number(values["id_number"])
        except DomainError:
            return {}
        sex = enums.label(enums.SEX, info.sex)
        out = {"id_number": f"出生日期 {info.birth_date.isoformat()}，{sex}，{age_on(info.birth_date, date.today())}岁"}
        if not values["sex"]:
            out["sex"] = f"按身份证号为“{sex}”"
        return out

    def on_edited(self, key: str) -> None:
        if key == "union_member":
            member = self.field_widget("union_member", QCheckBox).isChecked()
            self.widgets["union_join_date"].setEnabled(member)
