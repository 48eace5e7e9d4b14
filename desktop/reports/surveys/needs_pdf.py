"""职工需求清单: every need with who raised it (name and unit, no ID number), its category, and each step
收集 → 办理 → 回访 with its date and who handled it. Pure report: it receives plain values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from desktop.reports.pdf.form import para
from desktop.reports.pdf.table import Column, TableForm, render_table_form

TITLE = "职工需求清单"
COLUMNS: Sequence[Column] = (
    Column("需求内容", 2.2),
    Column("类别", 0.8),
    Column("提出人", 1.5),
    Column("收集", 1.1),
    Column("办理", 1.7),
    Column("回访", 1.7),
    Column("状态", 0.5),
)


@dataclass(frozen=True)
class NeedLine:
    need: str
    category: str
    raised_by: str  # "张丽（甘河林场）", or "" when not one worker's
    collected: str  # "2026-03-09 王芳"
    handling: str  # "2026-06-01 李明：与林场协调场地"
    revisited: str
    status: str


def render_needs(
    lines: Sequence[NeedLine], out: Path | BinaryIO, *, office_name: str, scope: str, printed_on: date | None = None
) -> int:
    spec = TableForm(
        title=TITLE,
        columns=COLUMNS,
        rows=(
            [x.need, x.category, x.raised_by or "（集体）", x.collected, x.handling, x.revisited, x.status]
            for x in lines
        ),
        row_count=len(lines),
        office_name=office_name,
        subtitles=[scope],
        landscape=True,
        signatures=("制表人", "工会主席"),
        printed_on=printed_on,
        extra_story=[
            para(
                "说明：需求按收集日期排列；每一步写明日期和经手人，办理、回访附简要情况。状态依次为收集、办理、回访。",
                9,
            )
        ],
    )
    return render_table_form(spec, out)
