"""体检签到表: one sheet per exam day — unit, name, sex, age, a box for the signature — read out on the bus
and signed at the hospital; blank rows at the end for anyone added on the day."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from desktop.core.progress import Job
from desktop.reports.exams.notice_pdf import day_text
from desktop.reports.pdf.table import Column, TableForm, render_table_form

TITLE = "体检签到表"
COLUMNS: Sequence[Column] = (
    Column("单位", 1.6),
    Column("姓名", 1.0),
    Column("性别", 0.5),
    Column("年龄", 0.5),
    Column("联系电话", 1.2, wrap=False),
    Column("本人签字", 1.4),
    Column("备注", 1.0),
)


@dataclass(frozen=True)
class SigninRow:
    unit: str
    name: str
    sex: str
    age: int
    phone: str


def render_exam_signin(
    rows: Iterable[SigninRow],
    out: Path | BinaryIO,
    *,
    office_name: str,
    plan_name: str,
    day: date,
    place: str,
    total: int,
    job: Job | None = None,
) -> int:
    spec = TableForm(
        title=TITLE,
        columns=COLUMNS,
        rows=([r.unit, r.name, r.sex, str(r.age), r.phone, "", ""] for r in rows),
        row_count=total,
        office_name=office_name,
        subtitles=[(f"{plan_name}　检查日期：{day_text(day)}", f"共{total}人"), f"地点：{place}" if place else ""],
        signatures=("带队人", "工会经办人"),
        blank_rows=3,
        min_row_height=22.0,
        footer_note="含职工个人信息，请妥善保管",
        empty_text="（当天没有预约）",
    )
    return render_table_form(spec, out, job=job)
