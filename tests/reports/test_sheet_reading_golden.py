"""Golden sheet reading: how _read_sheet finds the header and reads the rows of synthetic sheets.

Recorded before _read_sheet was split into helpers (#20), so the split is shown to read every sheet as before:
a title above the header, the best of two header candidates, a header below the scan limit, duplicate,
unknown, ignored (with and without a reason) and bracketed headers, short rows, rows of spaces, a footer,
and progress on long sheets. After a deliberate change, rewrite the golden file with
``python -m tests.reports.test_sheet_reading_golden`` and read the diff before committing it.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from desktop.core.progress import Job
from desktop.reports.excel.reader import DEFAULT_IGNORED, FieldSpec, _lookup, _read_sheet, normalize_header

GOLDEN = Path(__file__).parent / "golden" / "sheet_reading.json"
FIELDS = (
    FieldSpec("name", "姓名"),
    FieldSpec("id_number", "身份证号", ("身份证号码", "公民身份号码")),
    FieldSpec("unit", "单位"),
    FieldSpec("phone", "联系电话", ("电话",)),
)
HEADER = ("序号", "姓 名", "身份证号码*", "单位（林场）", "电话", "文化程度", "年龄")
ROW = (1, "张丽", "150785199304120011", "甘河林场", "13800000000", "高中", 33)

SHEETS: dict[str, tuple[list[tuple[object, ...]], tuple[str, ...]]] = {
    "plain": ([HEADER, ROW, (2, "李娜", "1507851990", "一班", None, "", 36)], ("name", "id_number")),
    "title above, blank and space rows": (
        [("职工花名册",), (), HEADER, ROW, ("", " ", "　", None), (None,) * 7, (3, "王芳")],
        ("name",),
    ),
    "two candidates, the better wins": (
        [("姓名", "单位"), ("姓名", "身份证号", "单位", "电话"), ("赵敏", "x", "营林科", "0470-1")],
        (),
    ),
    "duplicate and unknown headers": (
        [("姓名", "公民身份号码", "身份证号", "电话", "联系电话", "岗位"), ("孙悦", "a", "b", "c", "d", "e")],
        ("unit",),
    ),
    "footer stops reading": ([HEADER, ROW, ("合 计", 1), ROW], ()),
    "footer after a blank first cell": ([HEADER, (None, "制表人说明")], ()),
    "number first cell is not a footer": ([HEADER, (12, "合计")], ()),
    "header too far down": ([("x",)] * 30 + [HEADER, ROW], ()),
    "header on the last scanned row": ([("x",)] * 29 + [HEADER, ROW], ()),
    "no header": ([("a", "b"), ("姓名", "岗位")], ()),
    "long sheet with progress": ([HEADER] + [(i, f"人{i}", str(i)) for i in range(1, 1202)], ()),
}
IGNORED = {"年龄": "由身份证号推算", "文化程度": ""}


def outcome(rows: list[tuple[object, ...]], required: tuple[str, ...]) -> dict[str, Any]:
    steps: list[list[object]] = []
    job = Job(lambda done, total, message: steps.append([done, total, message]))
    skip = {normalize_header(k): v for k, v in {**DEFAULT_IGNORED, **IGNORED}.items()}
    titles = {spec.key: spec.title for spec in FIELDS}
    numbered = iter(list(enumerate(rows, start=1)))
    table = _read_sheet("花名册", numbered, _lookup(FIELDS), titles, skip, required, job)
    if table is None:
        return {"table": None, "left": len(list(numbered))}
    data = asdict(table)
    data["rows"] = [[r["number"], {k: repr(v) for k, v in r["values"].items()}] for r in data["rows"]]
    if len(data["rows"]) > 20:
        data["rows"] = data["rows"][:3] + data["rows"][-3:] + [len(data["rows"])]
    return {"table": data, "steps": steps, "left": len(list(numbered))}


@pytest.mark.parametrize("name", list(SHEETS))
def test_sheet_reads_as_recorded(name: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert outcome(*SHEETS[name]) == golden[name]


if __name__ == "__main__":
    GOLDEN.write_text(
        json.dumps({name: outcome(*case) for name, case in SHEETS.items()}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
