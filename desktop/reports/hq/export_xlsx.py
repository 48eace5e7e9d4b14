"""Writing an office's HQ workbook: 说明, 汇总, then one sheet per area (format: hq_format, docs/hq-workbook.md).

Rows are streamed; the checksum and the key figures are computed from the very values the cells get, and
说明/汇总 are filled last (a streamed workbook may append to a sheet created earlier), so a 20,000-worker
export passes over the data once. The signature needs the group key; without one the workbook says it is
unsigned, and the merge refuses it with advice on setting the key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from desktop.core import idcard
from desktop.core.hq_summary import Summary
from desktop.core.progress import Job
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import PROGRESS_EVERY, ColumnKind, ColumnSpec, TableSheet
from desktop.reports.hq import format as fmt

INFO_COLUMNS = (ColumnSpec("key", "项目", width=22), ColumnSpec("value", "内容", width=70))
SUMMARY_COLUMNS = fmt.SUMMARY.columns


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
    key_id: str = ""  # the group key's fingerprint (hq_format.key_fingerprint), "" when no key is set


def write_hq_workbook(
    workbook: StreamWorkbook,
    info: ExportInfo,
    areas: Iterable[tuple[fmt.AreaSheet, Iterable[Mapping[str, object]]]],
    *,
    key: str = "",
    job: Job | None = None,
) -> dict[str, int]:
    """Fill ``workbook``; ``areas`` gives each area sheet with its rows (values by column key, as
    hq_format's cell_value expects); ``key`` is the group key that signs it ("" writes it unsigned).
    Returns the rows written per sheet."""
    info_sheet = TableSheet(workbook, fmt.INFO_SHEET, INFO_COLUMNS)
    summary_sheet = TableSheet(workbook, fmt.SUMMARY_SHEET, SUMMARY_COLUMNS)
    signature = (
        fmt.Signature(key, office_code=info.office_code, period_from=info.period_from, period_to=info.period_to)
        if key
        else None
    )
    summary = Summary()
    counts: dict[str, int] = {}
    done = 0
    for area, rows in areas:
        table = TableSheet(workbook, area.title, area.columns)
        kinds = [c.kind for c in area.columns]
        if signature is not None:
            signature.start_sheet(area.title, kinds)
        keys = [c.key for c in area.columns]
        titles = area.titles
        converters = [_converter(kind, mask=not info.full_ids) for kind in kinds]
        for row in rows:
            values = [convert(row.get(key)) for convert, key in zip(converters, keys, strict=True)]
            if signature is not None:
                signature.add_row(values)
            summary.add(area.title, dict(zip(titles, values, strict=True)))
            table.append(values)
            done += 1
            if job is not None and done % PROGRESS_EVERY == 0:
                job.step(done, 0, f"正在写入“{area.title}”：{table.written} 行")
        counts[area.title] = table.close()
        if job is not None:
            job.step(done, 0, f"“{area.title}”已写入 {counts[area.title]} 行")

    if signature is not None:
        signature.start_sheet(fmt.SUMMARY_SHEET, [c.kind for c in SUMMARY_COLUMNS])
    for fig in summary.figures():
        row = {"category": fig.category, "label": fig.label, "value": fig.value, "unit": fig.unit}
        summary_sheet.append(row)
        if signature is not None:
            signature.add_row([fmt.cell_value(c.kind, row[c.key]) for c in SUMMARY_COLUMNS])
    summary_sheet.close()
    info_lines = info_rows(info, counts)
    if signature is not None:
        signature.add_info(info_lines)
    info_lines.append((fmt.INFO_SIGNATURE, signature.hexdigest() if signature is not None else fmt.UNSIGNED))
    for name, value in info_lines:
        info_sheet.append({"key": name, "value": value})
    info_sheet.close()
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
    """The 说明 rows but the signature, which covers them and comes last."""
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
        (fmt.INFO_KEY_ID, info.key_id),
    ]
    rows += [(f"{fmt.INFO_ROWS_PREFIX}{title}", str(n)) for title, n in counts.items()]
    return rows
