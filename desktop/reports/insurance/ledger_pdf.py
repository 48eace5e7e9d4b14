"""女职工特殊疾病互助保障台账: one year's enrolments — who, the plan and period, the premium and who paid it — with
her claims in the last column, and the year's totals above the table. Pure report: it receives plain values.
ID numbers arrive masked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from desktop.reports.pdf.form import para
from desktop.reports.pdf.table import Column, TableForm, render_table_form

TITLE = "女职工特殊疾病互助保障台账"
COLUMNS: Sequence[Column] = (
    Column("姓名", 0.8),
    Column("单位", 1.3, align="left"),
    Column("身份证号", 1.5, wrap=False),
    Column("保障计划", 1.5, align="left"),
    Column("保障期", 1.8, wrap=False),
    Column("缴费（元）", 0.7, align="right"),
    Column("缴费方", 0.6),
    Column("互助金申请", 3.4, align="left"),
)
PLAN = 3


@dataclass(frozen=True)
class LedgerLine:
    name: str
    unit: str
    id_masked: str
    plan_name: str
    period: str
    premium: str
    payer: str
    claims: str


def render_ledger(
    lines: Sequence[LedgerLine],
    out: Path | BinaryIO,
    *,
    year: int,
    office_name: str,
    summary: str,
    printed_on: date | None = None,
) -> int:
    # One plan for everybody (the usual case): named once above the table, so each row fits on one line.
    plans = {ln.plan_name for ln in lines}
    one_plan = len(plans) == 1
    columns = [c for i, c in enumerate(COLUMNS) if not (one_plan and i == PLAN)]

    def cells(ln: LedgerLine) -> list[str]:
        row = [ln.name, ln.unit, ln.id_masked, ln.plan_name, ln.period, ln.premium, ln.payer, ln.claims or "—"]
        return row[:PLAN] + row[PLAN + 1 :] if one_plan else row

    heading = f"年度：{year}年（保障期与该年有交叉的参保登记）"
    subtitles: list[str | tuple[str, str]] = [(heading, f"保障计划：{next(iter(plans))}") if one_plan else heading]
    spec = TableForm(
        title=TITLE,
        columns=columns,
        rows=(cells(ln) for ln in lines),
        row_count=len(lines),
        office_name=office_name,
        subtitles=[*subtitles, summary],
        landscape=True,
        signatures=("经办人", "工会主席"),
        printed_on=printed_on,
        empty_text=f"（{year}年没有参保登记）",
        running_text=f"{year}年度",
        footer_note="内含职工健康信息，请妥善保管，不得外传",
        extra_story=[
            para("说明：互助金申请一栏列出确诊日期、诊断类别、申请与给付金额和办理状态；身份证号隐去中间部分。", 9)
        ],
    )
    return render_table_form(spec, out)
