"""活动签到表: activity and brand, date and place, then rows of unit, name, phone and a box to sign in.

Pre-filled with the registered people (in unit then name order, so a section's people stand together at
the door) plus blank rows for walk-ins; or all blank, for an open event nobody registered for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from desktop.core.progress import Job
from desktop.reports.pdf.table import Column, TableForm, render_table_form

TITLE = "活动签到表"
COLUMNS: Sequence[Column] = (
    Column("单位", 1.6),
    Column("姓名", 1.0),
    Column("性别", 0.5),
    Column("联系电话", 1.3, wrap=False),
    Column("本人签字", 1.5),
    Column("备注", 0.9),
)


@dataclass(frozen=True)
class SigninLine:
    unit: str
    name: str
    sex: str
    phone: str
    note: str = ""


def render_activity_signin(
    rows: Iterable[SigninLine],
    out: Path | BinaryIO,
    *,
    office_name: str,
    brand: str,
    title: str,
    when: str,
    place: str,
    total: int,
    blank_rows: int = 10,
    job: Job | None = None,
) -> int:
    spec = TableForm(
        title=TITLE,
        columns=COLUMNS,
        rows=([r.unit, r.name, r.sex, r.phone, "", r.note] for r in rows),
        row_count=total,
        office_name=office_name,
        subtitles=[
            (f"活动：{title}（{brand}）", f"报名{total}人" if total else ""),
            f"时间：{when}" + (f"　　地点：{place}" if place else ""),
        ],
        signatures=("签到负责人", "工会经办人"),
        blank_rows=max(0, blank_rows),
        min_row_height=22.0,
        footer_note="含职工个人信息，请妥善保管",
        empty_text="（没有报名人员）",
    )
    return render_table_form(spec, out, job=job)
