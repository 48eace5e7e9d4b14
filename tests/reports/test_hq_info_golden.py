"""Golden reading of an HQ workbook's 说明 sheet: read_info's HqInfo, or the refusal naming the file.

Recorded before read_info was split into helpers (#20), so the split is shown to accept and refuse the same
files with the same words: older and unknown versions, missing or malformed rows, an unsigned file, full ID
numbers, row counts for known, unknown and missing sheets, and a missing 汇总 sheet. The workbook is a stand-in
with the sheets' rows (the real files are read in tests/services/test_hq_*.py). After a deliberate change,
rewrite the golden file with ``python -m tests.reports.test_hq_info_golden`` and read the diff.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

import pytest

from desktop.core.errors import DomainError
from desktop.reports.hq import format as fmt
from desktop.reports.hq.reader import HqWorkbook, read_info

GOLDEN = Path(__file__).parent / "golden" / "hq_info.json"


class _Sheet:
    def __init__(self, rows: list[tuple[object, ...]]) -> None:
        self.rows = rows

    def iter_rows(self) -> list[tuple[object, ...]]:
        return self.rows


class _Book:
    def __init__(self, sheets: dict[str, list[tuple[object, ...]]]) -> None:
        self.sheets = sheets

    def get_sheet_by_name(self, name: str) -> _Sheet:
        return _Sheet(self.sheets[name])


class _Scan:
    def extent(self, sheet: str) -> None:
        return None


class _Workbook:
    """What read_info uses of HqWorkbook: the sheet names, the budget check and the rows."""

    def __init__(self, sheets: dict[str, list[tuple[object, ...]]]) -> None:
        self.book, self.scan = _Book(sheets), _Scan()
        self.sheet_names = list(sheets)


GOOD: list[tuple[object, ...]] = [
    ("项目", "内容"),
    (fmt.INFO_FORMAT, fmt.FORMAT_NAME),
    (fmt.INFO_VERSION, "3"),
    (fmt.INFO_OFFICE_CODE, "GH01"),
    (fmt.INFO_OFFICE_NAME, "甘河林业局工会"),
    (fmt.INFO_EXPORTED_AT, "2026-11-20T09:30:00"),
    (fmt.INFO_PERIOD_FROM, "2026-01-01"),
    (fmt.INFO_PERIOD_TO, "2026-12-31"),
    (fmt.INFO_PROGRAM, "1.4.0"),
    (fmt.INFO_SCHEMA, "0017"),
    (fmt.INFO_IDS, "已遮盖"),
    (None, "空行"),
    (f"{fmt.INFO_ROWS_PREFIX}职工名册", "12"),
    (f"{fmt.INFO_ROWS_PREFIX}四期保护", " 3 "),
    (fmt.INFO_KEY_ID, "ABCD1234"),
    (fmt.INFO_SIGNATURE, "DEADBEEF"),
]


def changed(key: str, value: object) -> list[tuple[object, ...]]:
    return [(k, value) if k == key else row for row in GOOD for k in [row[0]]]


def without(key: str) -> list[tuple[object, ...]]:
    return [row for row in GOOD if row[0] != key]


SHEETS = ["说明", "汇总", "职工名册", "四期保护"]

CASES: dict[str, tuple[list[tuple[object, ...]], list[str]]] = {
    "good": (GOOD, SHEETS),
    "unsigned, full ids": (
        changed(fmt.INFO_SIGNATURE, fmt.UNSIGNED) + [(fmt.INFO_IDS, fmt.IDS_FULL)],
        SHEETS,
    ),
    "short rows and numbers as cells": ([(), ("项目",)] + GOOD[1:] + [("只有键",), (7, 8)], SHEETS),
    "no 说明 sheet": (GOOD, ["汇总"]),
    "wrong format": (changed(fmt.INFO_FORMAT, "别的表"), SHEETS),
    "no version": (without(fmt.INFO_VERSION), SHEETS),
    "old version": (changed(fmt.INFO_VERSION, "2"), SHEETS),
    "old version, no office": (
        [r for r in changed(fmt.INFO_VERSION, "2") if r[0] not in (fmt.INFO_OFFICE_CODE, fmt.INFO_OFFICE_NAME)],
        SHEETS,
    ),
    "version 1": (changed(fmt.INFO_VERSION, "1"), SHEETS),
    "future version": (changed(fmt.INFO_VERSION, "9"), SHEETS),
    "version not a number": (changed(fmt.INFO_VERSION, "三"), SHEETS),
    "no office code": (without(fmt.INFO_OFFICE_CODE), SHEETS),
    "no export time": (without(fmt.INFO_EXPORTED_AT), SHEETS),
    "no signature": (without(fmt.INFO_SIGNATURE), SHEETS),
    "export time unreadable": (changed(fmt.INFO_EXPORTED_AT, "昨天"), SHEETS),
    "period start unreadable": (changed(fmt.INFO_PERIOD_FROM, "2026/1/1"), SHEETS),
    "period ends before it starts": (changed(fmt.INFO_PERIOD_TO, "2025-12-31"), SHEETS),
    "row count not a number": (changed(f"{fmt.INFO_ROWS_PREFIX}职工名册", "十二"), SHEETS),
    "row count for an unknown sheet": (GOOD + [(f"{fmt.INFO_ROWS_PREFIX}工资表", "1")], SHEETS),
    "listed sheet missing": (GOOD, ["说明", "汇总", "职工名册"]),
    "no 汇总 sheet": (GOOD, ["说明", "职工名册", "四期保护"]),
}


def outcome(info_rows: list[tuple[object, ...]], sheets: list[str]) -> dict[str, Any]:
    book = _Workbook({name: (info_rows if name == fmt.INFO_SHEET else []) for name in sheets})
    try:
        info = read_info(cast(HqWorkbook, book), Path("/tmp/甘河.xlsx"))
    except DomainError as err:
        return {"error": err.message}
    data = asdict(info)
    data.pop("scan")
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


@pytest.mark.parametrize("name", list(CASES))
def test_info_reads_as_recorded(name: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert outcome(*CASES[name]) == golden[name]


if __name__ == "__main__":
    GOLDEN.write_text(
        json.dumps({name: outcome(*case) for name, case in CASES.items()}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
