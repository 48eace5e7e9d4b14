"""Writing an office's HQ workbook: 说明, 汇总, then one sheet per area (format: hq_format, docs/hq-workbook.md).

Rows are streamed; the checksum and the key figures are computed from the very values the cells get, and
说明/汇总 are filled last (a streamed workbook may append to a sheet created earlier), so a 20,000-worker
export passes over the data once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from desktop.core import idcard
from desktop.core.hq_summary import Summary
from desktop.core.progress import Job
from desktop.reports.excel import hq_format as fmt
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import PROGRESS_EVERY, ColumnKind, ColumnSpec, TableSheet

INFO_COLUMNS = (ColumnSpec("key", "项目", width=22), ColumnSpec("value", "内容", width=70))
SUMMARY_COLUMNS = (
    ColumnSpec("category", "类别", width=12), ColumnSpec("label", "指标", width=26),
    ColumnSpec("value", "数值", kind="number", width=14), ColumnSpec("unit", "单位", width=8),
)


@dataclass(frozen=True)
class ExportInfo:
    office_code: str
    office_name: str
    exported_at: datetime
    period_from: date
    period_to: date
    program_version: str
    schema_version: str
    full_ids: bool
    fingerprints: bool


def write_hq_workbook(
    workbook: StreamWorkbook,
    info: ExportInfo,
    areas: Iterable[tuple[fmt.AreaSheet, Iterable[Mapping[str, object]]]],
    *,
    job: Job | None = None,
) -> dict[str, int]:
    """Fill ``workbook``; ``areas`` gives each area sheet with its rows (values by column key, as
    hq_format's cell_value expects). Returns the rows written per sheet."""
    info_sheet = TableSheet(workbook, fmt.INFO_SHEET, INFO_COLUMNS)
    summary_sheet = TableSheet(workbook, fmt.SUMMARY_SHEET, SUMMARY_COLUMNS)
    checksum = fmt.Checksum(office_code=info.office_code, period_from=info.period_from, period_to=info.period_to)
    summary = Summary()
    counts: dict[str, int] = {}
    done = 0
    for area, rows in areas:
        table = TableSheet(workbook, area.title, area.columns)
        kinds = [c.kind for c in area.columns]
        checksum.start_sheet(area.title, kinds)
        keys = [c.key for c in area.columns]
        titles = area.titles
        converters = [_converter(kind, mask=not info.full_ids) for kind in kinds]
        for row in rows:
            values = [convert(row.get(key)) for convert, key in zip(converters, keys, strict=True)]
            checksum.add_row(values)
            summary.add(area.title, dict(zip(titles, values, strict=True)))
            table.append(values)
            done += 1
            if job is not None and done % PROGRESS_EVERY == 0:
                job.step(done, 0, f"正在写入“{area.title}”：{table.written} 行")
        counts[area.title] = table.close()
        if job is not None:
            job.step(done, 0, f"“{area.title}”已写入 {counts[area.title]} 行")

    rows = info_rows(info, counts)
    checksum.add_info(rows)
    rows.append((fmt.INFO_CHECKSUM, checksum.hexdigest()))
    for key, value in rows:
        info_sheet.append({"key": key, "value": value})
    info_sheet.close()
    for fig in summary.figures():
        summary_sheet.append({"category": fig.category, "label": fig.label, "value": fig.value, "unit": fig.unit})
    summary_sheet.close()
    return counts


def _converter(kind: ColumnKind, *, mask: bool) -> Callable[[object], object]:
    """One column's raw value to the cell value (hq_format.cell_value), text masked when asked."""
    if kind != "text" or not mask:
        return lambda raw: fmt.cell_value(kind, raw)

    def masked(raw: object) -> object:
        # An ID number typed into a note, a reason or a household name leaves masked too.
        value = fmt.cell_value("text", raw)
        return idcard.mask_in_text(value) if isinstance(value, str) else value

    return masked


def info_rows(info: ExportInfo, counts: Mapping[str, int]) -> list[tuple[str, str]]:
    """The 说明 rows but the checksum, which covers them and comes last."""
    rows = [
        (fmt.INFO_FORMAT, fmt.FORMAT_NAME),
        (fmt.INFO_VERSION, str(fmt.FORMAT_VERSION)),
        (fmt.INFO_OFFICE_CODE, info.office_code),
        (fmt.INFO_OFFICE_NAME, info.office_name),
        (fmt.INFO_EXPORTED_AT, info.exported_at.strftime("%Y-%m-%d %H:%M:%S")),
        (fmt.INFO_PERIOD_FROM, info.period_from.isoformat()),
        (fmt.INFO_PERIOD_TO, info.period_to.isoformat()),
        (fmt.INFO_PROGRAM, f"union-desk {info.program_version}"),
        (fmt.INFO_SCHEMA, info.schema_version),
        (fmt.INFO_IDS, fmt.IDS_FULL if info.full_ids else fmt.IDS_MASKED),
        (fmt.INFO_FINGERPRINT, "HMAC-SHA256（集团密钥）前16位" if info.fingerprints else "未设置集团密钥，无指纹"),
    ]
    rows += [(f"{fmt.INFO_ROWS_PREFIX}{title}", str(n)) for title, n in counts.items()]
    return rows
