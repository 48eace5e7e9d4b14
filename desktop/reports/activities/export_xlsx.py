"""Excel sheets of the activities area: activities with participant counts, the honours register, and reach.

Plain rows in (objects whose attributes are named by the column keys), sheets out; no queries here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from desktop.core.progress import Job
from desktop.core.text import mask_phone
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import ColumnSpec, write_table_sheet

# The record number first (#17 item 3); the global uid last, for HQ merges only.
UID_LABEL = "全局标识（集团汇总用）"

ACTIVITY_COLUMNS: Sequence[ColumnSpec] = (
    ColumnSpec("serial", "编号", 11),
    ColumnSpec("brand", "品牌", 12),
    ColumnSpec("title", "活动名称", 28),
    ColumnSpec("kind_label", "类型", 9),
    ColumnSpec("starts_at", "开始时间", kind="datetime"),
    ColumnSpec("ends_at", "结束时间", kind="datetime"),
    ColumnSpec("place", "地点", 16),
    ColumnSpec("organiser", "组织者", 14),
    ColumnSpec("target_group", "参加对象", 14),
    ColumnSpec("registered", "报名人数", kind="int"),
    ColumnSpec("signed", "签到人数", kind="int"),
    ColumnSpec("women_signed", "其中女职工", kind="int"),
    ColumnSpec("absent", "缺席人数", kind="int"),
    ColumnSpec("budget_fen", "预算（元）", kind="money_fen"),
    ColumnSpec("actual_fen", "实际支出（元）", kind="money_fen"),
    ColumnSpec("summary", "活动内容及效果", 40),
    ColumnSpec("uid", UID_LABEL, 44),
)

HONOUR_COLUMNS: Sequence[ColumnSpec] = (
    ColumnSpec("serial", "证书编号", 13),
    ColumnSpec("year", "年度", 7, kind="int"),
    ColumnSpec("title", "荣誉名称", 18),
    ColumnSpec("level_label", "级别", 8),
    ColumnSpec("name", "姓名", 10),
    ColumnSpec("family_name", "家庭", 12),
    ColumnSpec("unit", "单位", 18),
    ColumnSpec("activity_title", "相关活动", 24),
    ColumnSpec("awarded_by", "授予单位", 18),
    ColumnSpec("awarded_on", "授予日期", kind="date"),
    ColumnSpec("note", "备注", 20),
    ColumnSpec("uid", UID_LABEL, 44),
)

UNIT_REACH_COLUMNS: Sequence[ColumnSpec] = (
    ColumnSpec("unit", "单位（含下级）", 24),
    ColumnSpec("women", "在册女职工", kind="int"),
    ColumnSpec("women_took_part", "参加过活动的女职工", 12, kind="int"),
    ColumnSpec("women_rate", "女职工参与率（%）", 12, kind="number"),
    ColumnSpec("people", "在册职工", kind="int"),
    ColumnSpec("people_took_part", "参加过活动的职工", 12, kind="int"),
    ColumnSpec("people_rate", "职工参与率（%）", 12, kind="number"),
)

NOT_REACHED_COLUMNS: Sequence[ColumnSpec] = (
    ColumnSpec("unit", "单位", 20),
    ColumnSpec("name", "姓名", 10),
    ColumnSpec("age", "年龄", kind="int"),
    ColumnSpec("post", "岗位", 14),
    ColumnSpec("phone", "联系电话", 14, as_text=True),
)


def write_activities(wb: StreamWorkbook, rows: Iterable[Any], *, total: int, job: Job | None = None) -> int:
    return write_table_sheet(wb, "品牌活动", ACTIVITY_COLUMNS, rows, job=job, total=total)


def write_honours(wb: StreamWorkbook, rows: Iterable[Any], *, job: Job | None = None) -> int:
    return write_table_sheet(wb, "荣誉登记", HONOUR_COLUMNS, rows, job=job)


def write_reach(
    wb: StreamWorkbook,
    year: int,
    unit_rows: Iterable[Mapping[str, object]],
    not_reached: Iterable[Any],
    *,
    full_phones: bool = False,
    job: Job | None = None,
) -> int:
    """Rates per unit, and the women not reached (rows like activity_reach.NotReachedRow): their phone
    numbers masked unless ``full_phones`` — the list goes round the sections."""
    n = write_table_sheet(wb, f"{year}年参与率", UNIT_REACH_COLUMNS, unit_rows, job=job)
    people = (
        {
            "unit": r.unit,
            "name": r.name,
            "age": r.age,
            "post": r.post,
            "phone": r.phone if full_phones else mask_phone(r.phone),
        }
        for r in not_reached
    )
    return n + write_table_sheet(wb, f"{year}年未参加的女职工", NOT_REACHED_COLUMNS, people, job=job)
