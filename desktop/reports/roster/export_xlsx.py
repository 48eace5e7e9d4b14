"""The roster sheet as the office exports it: one row per worker, Chinese labels, masked IDs by default.

A masked export shows the birth year (出生年份) instead of the birth date and age: the year with the age
on the export day would pin the birthday down to a few days for some people, and the masked number must
not be rebuilt from its own row (docs/decisions.md, "Masking that holds"). Phone numbers are masked with
it unless ``full_phones``. A full-ID export keeps 出生日期 and 年龄 (the number holds the date anyway).

The first column is the worker's global record number (office code + UUID), so a re-import of the
workbook and the HQ merge find the same person again even when the ID numbers are masked. The unit is
written as its full path (阿里河森工公司/甘河林场/一班) when the caller supplies paths: a bare 一班 would be
ambiguous for the import and for HQ, which receives many companies' workbooks.

Pure writer: it receives plain rows (desktop.services.roster.workers.WorkerRow or anything with the same
attributes) and never queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Protocol

from desktop.core import enums
from desktop.core.dates import age_on
from desktop.core.idcard import mask
from desktop.core.progress import Job
from desktop.core.text import mask_phone
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import ColumnSpec, write_table_sheet
from desktop.reports.roster.row import RosterRow

SHEET_TITLE = "职工花名册"

ROSTER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("uid", "记录编号", width=22),
    ColumnSpec("name", "姓名", width=12),
    ColumnSpec("sex", "性别", width=7),
    ColumnSpec("ethnicity", "民族", width=10),
    ColumnSpec("id_number", "身份证号", width=22, as_text=True),
    ColumnSpec("birth_date", "出生日期", kind="date"),
    ColumnSpec("age", "年龄", width=7, kind="int"),
    ColumnSpec("unit", "所属单位", width=30),
    ColumnSpec("post", "岗位", width=14),
    ColumnSpec("employment_type", "用工形式", width=12),
    ColumnSpec("union_member", "是否工会会员", kind="bool"),
    ColumnSpec("union_join_date", "入会日期", kind="date"),
    ColumnSpec("phone", "联系电话", width=16, as_text=True),
    ColumnSpec("hire_date", "入职日期", kind="date"),
    ColumnSpec("contract_end", "合同到期日", kind="date"),
    ColumnSpec("status", "状态", width=9),
    ColumnSpec("notes", "备注", width=30),
)


# The masked export's columns: 出生年份 where the full one has 出生日期 and 年龄.
_BIRTH = slice(5, 7)
MASKED_ROSTER_COLUMNS: tuple[ColumnSpec, ...] = (
    *ROSTER_COLUMNS[: _BIRTH.start],
    ColumnSpec("birth_year", "出生年份", width=9, kind="int"),
    *ROSTER_COLUMNS[_BIRTH.stop :],
)


def roster_columns(*, full_ids: bool) -> tuple[ColumnSpec, ...]:
    return ROSTER_COLUMNS if full_ids else MASKED_ROSTER_COLUMNS


class RosterRowLike(RosterRow, Protocol):
    """The roster's row with what only the workbook shows (record number, union join date, notes, contract end)."""

    @property
    def uid(self) -> str: ...
    @property
    def union_join_date(self) -> date | None: ...
    @property
    def notes(self) -> str: ...
    @property
    def contract_end(self) -> date | None: ...


def roster_values(
    row: RosterRowLike,
    *,
    full_ids: bool,
    today: date,
    unit_paths: Mapping[int, str] | None = None,
    full_phones: bool | None = None,
) -> tuple[Any, ...]:
    """One worker as the cells of ``roster_columns(full_ids=…)``, in order; phones follow ``full_ids``
    unless ``full_phones`` says otherwise."""
    unit = (unit_paths or {}).get(row.unit_id) or row.unit_name
    phones = full_ids if full_phones is None else full_phones
    if full_ids:
        birth: tuple[Any, ...] = (row.birth_date, age_on(row.birth_date, today) if row.birth_date else None)
    else:
        birth = (row.birth_date.year if row.birth_date else None,)
    return (
        row.uid,
        row.name,
        enums.label(enums.SEX, row.sex),
        row.ethnicity,
        row.id_number if full_ids else mask(row.id_number),
        *birth,
        unit,
        row.post,
        enums.label(enums.EMPLOYMENT_TYPE, row.employment_type),
        row.union_member,
        row.union_join_date,
        row.phone if phones else mask_phone(row.phone),
        row.hire_date,
        row.contract_end,
        enums.label(enums.WORKER_STATUS, row.status),
        row.notes,
    )


def write_roster_sheet(
    workbook: StreamWorkbook,
    rows: Iterable[RosterRowLike],
    *,
    full_ids: bool = False,
    full_phones: bool | None = None,
    today: date | None = None,
    unit_paths: Mapping[int, str] | None = None,
    job: Job | None = None,
    total: int | None = None,
    title: str = SHEET_TITLE,
) -> int:
    """Append the roster sheet to a (write-only) workbook; returns the number of workers written."""
    on = today or date.today()

    def values() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            yield roster_values(row, full_ids=full_ids, today=on, unit_paths=unit_paths, full_phones=full_phones)

    return write_table_sheet(workbook, title, roster_columns(full_ids=full_ids), values(), job=job, total=total)
