"""How a worker looks on the roster tab: its table columns, its detail sections and its history wording."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from desktop.core import enums, hazards
from desktop.core.dates import age_on, format_date
from desktop.core.errors import DomainError
from desktop.core.idcard import mask
from desktop.core.worker import FIELD_LABELS
from desktop.services.roster.workers import WorkerRow
from desktop.ui.widgets.detail_pane import DetailRow, DetailSection
from desktop.ui.widgets.lazy_table import CENTER, RIGHT, Column


def _yes_no(value: object) -> str:
    return "是" if value else "否"


def _hazard_text(code_text: object) -> str:
    try:
        return hazards.describe(str(code_text or ""))
    except DomainError:  # an unknown code typed long ago must not break the screen
        return str(code_text)


def _age(row: WorkerRow) -> str:
    return str(age_on(row.birth_date, date.today()))


COLUMNS: list[Column[WorkerRow]] = [
    # Wide enough for two-part minority names such as 额尔敦·格日勒; the tip shows any longer one whole.
    Column("name", "姓名", lambda r: r.name, sort="name", width=6, cell_tip=lambda r: r.name),
    Column("sex", "性别", lambda r: enums.label(enums.SEX, r.sex), sort="sex", align=CENTER, width=2),
    Column("ethnicity", "民族", lambda r: r.ethnicity, sort="ethnicity", width=4),
    Column(
        "id_number",
        "身份证号",
        lambda r: mask(r.id_number),
        sort="id_number",
        width="150000***********0",
        tooltip="只显示前6位和后4位；完整号码在编辑窗口中查看",
    ),
    Column("age", "年龄", _age, sort="age", align=RIGHT, width=2, tooltip="按身份证号中的出生日期计算到今天"),
    Column("unit", "所属单位", lambda r: r.unit_name, sort="unit", width=5, fit=True),
    Column("post", "岗位", lambda r: r.post, sort="post", width=4),
    Column(
        "employment_type",
        "用工形式",
        lambda r: enums.label(enums.EMPLOYMENT_TYPE, r.employment_type),
        sort="employment_type",
        width=4,
    ),
    Column("union_member", "工会会员", lambda r: _yes_no(r.union_member), sort="union_member", align=CENTER, width=4),
    Column("phone", "联系电话", lambda r: r.phone, sort="phone", width="0470-35212340", fit=True),
    Column("hire_date", "入职日期", lambda r: format_date(r.hire_date), sort="hire_date", width="0000-00-00"),
    Column("status", "状态", lambda r: enums.label(enums.WORKER_STATUS, r.status), sort="status", width=2),
]


def is_muted(row: WorkerRow) -> bool:
    """Workers no longer on the roll (调出, 退休, 去世) are shown in grey."""
    return row.status != "on_roll"


def history_formats(unit_paths: Mapping[int, str]) -> dict[str, Callable[[Any], str]]:
    """How old and new values read in the history; ID numbers stay masked there too."""
    return {
        "sex": lambda v: enums.label(enums.SEX, v),
        "status": lambda v: enums.label(enums.WORKER_STATUS, v),
        "employment_type": lambda v: enums.label(enums.EMPLOYMENT_TYPE, v),
        "union_member": _yes_no,
        "hazards": _hazard_text,
        "id_number": lambda v: mask(str(v)),
        "unit_id": lambda v: unit_paths.get(int(v), f"单位{v}"),
    }


HISTORY_LABELS = {**FIELD_LABELS, "birth_date": "出生日期"}


def _years_since(day: date | None, today: date) -> str:
    return f"{age_on(day, today)}年" if day else ""


def detail_sections(row: WorkerRow, unit_paths: Mapping[int, str], today: date | None = None) -> list[DetailSection]:
    today = today or date.today()
    sex = enums.label(enums.SEX, row.sex)
    basic = [
        DetailRow("姓名", row.name),
        DetailRow("性别", sex, "取自身份证号第17位"),
        DetailRow("民族", row.ethnicity),
        DetailRow("身份证号", mask(row.id_number), "为保护个人信息只显示部分；完整号码在编辑窗口中查看"),
        DetailRow("出生日期", format_date(row.birth_date), "取自身份证号"),
        DetailRow("年龄", f"{age_on(row.birth_date, today)}岁", f"按出生日期计算到 {format_date(today)}"),
    ]
    work = [
        DetailRow("所属单位", unit_paths.get(row.unit_id, row.unit_name)),
        DetailRow("岗位", row.post),
        DetailRow("岗位禁忌作业", _hazard_text(row.hazards)),
        DetailRow("用工形式", enums.label(enums.EMPLOYMENT_TYPE, row.employment_type)),
        DetailRow("入职日期", format_date(row.hire_date)),
    ]
    if row.hire_date:
        work.append(DetailRow("工龄", _years_since(row.hire_date, today), "按入职日期计算到今天（整年）"))
    if row.contract_end:
        work.append(
            DetailRow(
                "合同到期日",
                format_date(row.contract_end),
                "孕期、产期、哺乳期内到期的，续延至哺乳期满（劳动合同法第四十二条、第四十五条）",
            )
        )
    work.append(
        DetailRow("状态", enums.label(enums.WORKER_STATUS, row.status) + ("（已归档）" if row.archived else ""))
    )
    union = [DetailRow("工会会员", _yes_no(row.union_member))]
    if row.union_member:
        union.append(DetailRow("入会日期", format_date(row.union_join_date)))
    contact = [DetailRow("联系电话", row.phone), DetailRow("备注", row.notes)]
    return [
        DetailSection("基本信息", basic),
        DetailSection("工作", work),
        DetailSection("工会", union),
        DetailSection("联系与备注", contact),
    ]
