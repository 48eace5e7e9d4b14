"""维权诉求年度汇总表 for HQ: counts by category and by the stage reached, legal-aid referrals, closed, resolved and
the satisfaction rate. No names, no dates beyond the year. Pure report: it receives plain values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from desktop.core.rights_requests import STAGES, SummaryRow
from desktop.reports.pdf.form import para
from desktop.reports.pdf.table import Column, TableForm, render_table_form

TITLE = "职工维权诉求年度汇总表"
COLUMNS: Sequence[Column] = (
    Column("诉求类别", 1.4),
    Column("受理件数", 0.8),
    *(Column(label.split("（")[0], 0.7) for label in STAGES.values()),
    Column("转介法律援助", 1.0),
    Column("已办结", 0.7),
    Column("已解决", 0.7),
    Column("满意率", 0.8),
)


def summary_cells(r: SummaryRow) -> list[str]:
    return [
        r.category,
        str(r.total),
        *(str(r.by_stage[s]) for s in STAGES),
        str(r.legal_aid),
        str(r.closed),
        str(r.resolved),
        r.satisfaction_text,
    ]


def render_summary(
    rows: Sequence[SummaryRow], out: Path | BinaryIO, *, year: int, office_name: str, printed_on: date | None = None
) -> int:
    spec = TableForm(
        title=TITLE,
        columns=COLUMNS,
        rows=(summary_cells(r) for r in rows),
        row_count=len(rows),
        office_name=office_name,
        subtitles=[f"年度：{year}年（按受理日期统计）"],
        landscape=True,
        number_column=None,
        signatures=("填表人", "工会主席"),
        printed_on=printed_on,
        extra_story=[
            para(
                "说明：阶段为诉求到达的最远一步（预防—调解—仲裁—诉讼）；满意率为办结回访中“满意”和"
                "“基本满意”所占比例，未能回访的不计入。本表不含职工姓名。",
                9,
            )
        ],
    )
    return render_table_form(spec, out)
