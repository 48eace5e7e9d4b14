"""专项集体合同履行情况检查表: one contract, one year — each clause's promise, what the program's own data
shows, the verdict and how it was reached; signed by the union's checker, its chair and the company's
representative. Pure report: it receives plain values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from desktop.core.dates import format_date
from desktop.reports.pdf.form import para
from desktop.reports.pdf.table import Column, TableForm, render_table_form

TITLE = "专项集体合同履行情况检查表"
COLUMNS: Sequence[Column] = (
    Column("条款", 0.6),
    Column("类别", 0.7),
    Column("合同约定", 1.8, align="left"),
    Column("实际情况", 1.2),
    Column("结论", 0.7),
    Column("依据与说明", 2.7, align="left"),
    Column("检查意见", 1.1),  # left blank: the checker writes here, above all for 须人工核查 rows
)


@dataclass(frozen=True)
class CheckLine:
    article: str
    kind: str
    promise: str
    actual: str
    verdict: str
    explanation: str


@dataclass(frozen=True)
class CheckSheet:
    year: int
    contract_title: str
    term_start: date
    term_end: date
    signed_on: date | None
    union_party: str
    union_rep: str
    company_party: str
    company_rep: str
    summary: str
    lines: Sequence[CheckLine]


def _party(name: str, rep: str) -> str:
    return f"{name or '（未填）'}（代表：{rep}）" if rep else (name or "（未填）")


def render_check(sheet: CheckSheet, out: Path | BinaryIO, *, office_name: str, printed_on: date | None = None) -> int:
    signed = format_date(sheet.signed_on) if sheet.signed_on else "未填"
    spec = TableForm(
        title=TITLE,
        columns=COLUMNS,
        rows=(
            [ln.article or "—", ln.kind, ln.promise, ln.actual, ln.verdict, ln.explanation, ""] for ln in sheet.lines
        ),
        row_count=len(sheet.lines),
        office_name=office_name,
        subtitles=[
            (f"合同：《{sheet.contract_title}》", f"检查年度：{sheet.year}年"),
            f"合同期限：{format_date(sheet.term_start)} 至 {format_date(sheet.term_end)}　签订日期：{signed}",
            f"工会方：{_party(sheet.union_party, sheet.union_rep)}　企业方："
            f"{_party(sheet.company_party, sheet.company_rep)}",
            sheet.summary,
        ],
        landscape=True,
        signatures=("检查人", "工会主席", "企业方代表"),
        printed_on=printed_on,
        empty_text="（合同没有登记条款）",
        min_row_height=28.0,
        running_text=f"{sheet.year}年度",
        extra_story=[
            para(
                "说明：实际情况取自本程序登记的体检、两癌筛查和四期保护记录，按当前在册职工统计；"
                "“须人工核查”的条款请对照考勤、台账等材料填写意见。",
                9,
            )
        ],
    )
    return render_table_form(spec, out)
