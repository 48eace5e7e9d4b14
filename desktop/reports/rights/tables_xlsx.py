"""维权诉求 as Excel sheets: the requests (masked ID numbers) and the yearly counts (no names)."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.core.rights_requests import STAGES
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import ColumnSpec, write_table_sheet

REQUEST_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("serial", "编号", width=13),
    ColumnSpec("name", "姓名", width=10),
    ColumnSpec("unit", "单位", width=24),
    ColumnSpec("id_number", "身份证号", width=21, as_text=True),
    ColumnSpec("category", "诉求类别", width=14),
    ColumnSpec("summary", "诉求内容", width=40),
    ColumnSpec("received_on", "受理日期", kind="date"),
    ColumnSpec("stage", "所处阶段", width=16),
    ColumnSpec("mediation_on", "调解日期", kind="date"),
    ColumnSpec("arbitration_on", "仲裁日期", kind="date"),
    ColumnSpec("litigation_on", "诉讼日期", kind="date"),
    ColumnSpec("legal_aid_on", "转介法律援助日期", kind="date"),
    ColumnSpec("closed_on", "办结日期", kind="date"),
    ColumnSpec("outcome", "办理结果", width=10),
    ColumnSpec("satisfaction", "满意度", width=10),
    ColumnSpec("uid", "全局标识", width=44),
)

SUMMARY_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("year", "年度", width=8, kind="int"),
    ColumnSpec("category", "诉求类别", width=16),
    ColumnSpec("total", "受理件数", kind="int"),
    *(ColumnSpec(f"stage_{code}", label.split("（")[0], kind="int") for code, label in STAGES.items()),
    ColumnSpec("legal_aid", "转介法律援助", kind="int"),
    ColumnSpec("closed", "已办结", kind="int"),
    ColumnSpec("resolved", "已解决", kind="int"),
    ColumnSpec("satisfied", "满意或基本满意", kind="int"),
    ColumnSpec("asked", "已回访", kind="int"),
)


def write_requests(workbook: StreamWorkbook, rows: Iterable[dict[str, object]], *, title: str = "维权诉求") -> int:
    return write_table_sheet(workbook, title, REQUEST_COLUMNS, rows)


def write_summary(workbook: StreamWorkbook, rows: Iterable[dict[str, object]], *, title: str = "年度汇总") -> int:
    return write_table_sheet(workbook, title, SUMMARY_COLUMNS, rows)
