"""职工花名册: the whole roster, or the filtered part of it, as a landscape A4 table.

With masked ID numbers the sheet shows the birth year, not the birth date and age, and phone numbers
masked (138****5678) unless ``full_phones``: nothing on one line may rebuild the number
(docs/decisions.md, "Masking that holds"). A full-ID print keeps 出生日期/年龄.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from datetime import date
from pathlib import Path
from typing import BinaryIO

from desktop.core import enums
from desktop.core.dates import age_on, format_date
from desktop.core.idcard import mask
from desktop.core.progress import Job
from desktop.core.text import mask_phone
from desktop.reports.pdf.table import Column, TableForm, TableGroup, render_table_form
from desktop.reports.roster.row import RosterRow

TITLE = "职工花名册"

COLUMNS: tuple[Column, ...] = (
    Column("姓名", 1.35),
    Column("性别", 0.55),
    Column("民族", 0.85),
    Column("身份证号", 2.0, wrap=False),
    Column("出生日期/年龄", 1.8, wrap=False),
    Column("所属单位", 1.45, "left"),
    Column("岗位", 1.2, "left"),
    Column("用工形式", 0.95),
    Column("工会会员", 0.85),
    Column("联系电话", 1.3, wrap=False),
    Column("入职日期", 1.15, wrap=False),
    Column("状态", 0.6),
)
# Masked: the birth year only; the width it frees goes to the unit and post, which wrap most often.
MASKED_COLUMNS: tuple[Column, ...] = (
    *COLUMNS[:4],
    Column("出生年份", 0.9, wrap=False),
    Column("所属单位", 1.95, "left"),
    Column("岗位", 1.6, "left"),
    *COLUMNS[7:],
)

UNIT_INDEX = 5  # 所属单位 in both column sets
SIGNATURES = ("制表人", "审核人", "工会主席")
NOTE_MASKED = "本表含职工个人信息，仅供工会工作使用，请妥善保管，不得外传"
NOTE_FULL = "本表含完整身份证号，仅供工会工作使用，用后收回或销毁，不得外传"


def roster_cells(
    row: RosterRow, *, full_ids: bool = False, as_of: date | None = None, full_phones: bool = False
) -> list[str]:
    """One printed line, in COLUMNS (full IDs) or MASKED_COLUMNS order (序号 is added by the form)."""
    on = as_of or date.today()
    if not row.birth_date:
        birth = ""
    elif full_ids:
        birth = f"{format_date(row.birth_date)}（{age_on(row.birth_date, on)}岁）"
    else:
        birth = f"{row.birth_date.year}年"
    return [
        row.name,
        enums.label(enums.SEX, row.sex),
        row.ethnicity or "",
        row.id_number if full_ids else mask(row.id_number),
        birth,
        row.unit_name or "",
        row.post or "",
        enums.label(enums.EMPLOYMENT_TYPE, row.employment_type),
        "是" if row.union_member else "否",
        (row.phone if full_phones else mask_phone(row.phone)) or "",
        format_date(row.hire_date),
        enums.label(enums.WORKER_STATUS, row.status),
    ]


def _counts(rows: Sequence[RosterRow]) -> str:
    women = sum(1 for r in rows if r.sex == "F")
    members = sum(1 for r in rows if r.union_member)
    return f"{len(rows)}人（女{women}人，工会会员{members}人）"


def _groups(
    rows: Iterable[RosterRow], units: Sequence[tuple[int, str]], cells: Callable[[RosterRow], list[str]]
) -> tuple[list[TableGroup], list[list[str]]]:
    """Rows under their unit's full path, units in tree order (the caller's order within a unit)."""
    by_unit: dict[int, list[RosterRow]] = {}
    for row in rows:
        by_unit.setdefault(row.unit_id, []).append(row)
    order = [unit for unit, _ in units if unit in by_unit]
    listed = set(order)
    order += [unit for unit in by_unit if unit not in listed]  # a unit the tree no longer lists: at the end
    paths = dict(units)
    groups = []
    for unit in order:
        items = by_unit[unit]
        heading = paths.get(unit) or items[0].unit_name or "（未分配单位）"
        # the unit column repeats the heading: dropped from the lines (see roster_form)
        lines = [c[:UNIT_INDEX] + c[UNIT_INDEX + 1 :] for c in map(cells, items)]
        groups.append(TableGroup(f"{heading}（{len(items)}人）", lines, [[f"小计：{_counts(items)}"]]))
    everyone = [r for unit in order for r in by_unit[unit]]
    return groups, [[f"合计：{_counts(everyone)}"]] if len(groups) > 1 else []


def roster_form(
    rows: Iterable[RosterRow],
    *,
    office_name: str,
    filter_text: str = "",
    total: int | None = None,
    full_ids: bool = False,
    as_of: date | None = None,
    printed_on: date | None = None,
    full_phones: bool = False,
    units: Sequence[tuple[int, str]] | None = None,
) -> TableForm:
    """The roster as a table form; with ``units`` (unit id and full path, in tree order) the people are
    grouped under their unit's path with a 小计 for each unit and a 合计, instead of one list."""
    if total is None or units is not None:
        if not isinstance(rows, Sized) or units is not None:
            rows = list(rows)
        total = len(rows)
    on = as_of or date.today()
    scope = f"筛选：{filter_text}" if filter_text else "范围：全部职工（不含已归档）"
    count = f"共{total}人（年龄计算至{format_date(on)}）" if full_ids else f"共{total}人"
    subtitle = (scope, count)
    columns = COLUMNS if full_ids else MASKED_COLUMNS

    def line(row: RosterRow) -> list[str]:
        return roster_cells(row, full_ids=full_ids, as_of=on, full_phones=full_phones)

    def cells() -> Iterator[list[str]]:
        for row in rows:
            yield line(row)

    spec = TableForm(
        title=TITLE,
        columns=columns,
        rows=cells(),
        row_count=total,
        office_name=office_name,
        subtitles=[subtitle],
        landscape=True,
        signatures=SIGNATURES,
        footer_note=NOTE_FULL if full_ids else NOTE_MASKED,
        empty_text="（没有符合条件的职工）",
        printed_on=printed_on,
        author=office_name,
        running_text=scope,
    )
    if units is not None and total:
        spec.groups, spec.totals = _groups(rows, units, line)
        # The unit is the heading: its column goes, the others share its width.
        spec.columns = [*columns[:UNIT_INDEX], *columns[UNIT_INDEX + 1 :]]
        spec.total_span = 5  # 序号 to 身份证号: room for "小计：46人（女20人，工会会员40人）" on one line
    return spec


def render_roster(
    rows: Iterable[RosterRow],
    out: Path | BinaryIO,
    *,
    office_name: str,
    filter_text: str = "",
    total: int | None = None,
    full_ids: bool = False,
    as_of: date | None = None,
    printed_on: date | None = None,
    full_phones: bool = False,
    units: Sequence[tuple[int, str]] | None = None,
    job: Job | None = None,
) -> int:
    """Write the roster PDF; ``rows`` may be a generator (then pass ``total``). Returns the page count.
    With ``units`` it is grouped by unit (see roster_form)."""
    spec = roster_form(
        rows,
        office_name=office_name,
        filter_text=filter_text,
        total=total,
        full_ids=full_ids,
        as_of=as_of,
        printed_on=printed_on,
        full_phones=full_phones,
        units=units,
    )
    return render_table_form(spec, out, job)
