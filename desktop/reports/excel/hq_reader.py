"""Reading HQ workbooks that offices send: the 说明 sheet, then the area sheets row by row.

Every problem is a DomainError that names the file and says what is wrong in words a clerk at HQ can pass
back to the office ("文件 甘河.xlsx：缺少工作表“慰问记录”"). Workbooks are opened read-only, so the merge
of many large files keeps memory bounded; the caller closes what it opens.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from desktop.core.errors import DomainError
from desktop.reports.excel import hq_format as fmt


@dataclass
class HqInfo:
    """What an office's 说明 sheet says about its workbook."""

    path: Path
    format_version: int
    office_code: str
    office_name: str
    exported_at: datetime
    period_from: date
    period_to: date
    program: str
    schema: str
    full_ids: bool
    checksum: str
    row_counts: dict[str, int] = field(default_factory=dict)  # area sheets present, in file order
    pairs: list[tuple[str, str]] = field(default_factory=list)  # 说明 rows but the checksum, as the checksum sees them

    @property
    def name(self) -> str:
        return self.path.name


def _fail(path: Path, message: str) -> DomainError:
    return DomainError(f"文件“{path.name}”：{message}")


# What openpyxl raises on a damaged package or sheet XML (a truncated download, a file "repaired" by hand).
_DAMAGED = (InvalidFileException, zipfile.BadZipFile, zlib.error, ParseError, KeyError, EOFError, OSError,
            ValueError, TypeError, IndexError)


def open_workbook(path: Path) -> Workbook:
    path = Path(path)
    if not path.is_file():
        raise _fail(path, "找不到文件")
    if path.suffix.lower() in (".xls", ".et", ".csv"):
        raise _fail(path, "不是 .xlsx 工作簿；请用 Excel 或 WPS 打开后另存为“Excel 工作簿（*.xlsx）”")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except _DAMAGED as exc:
        raise _fail(path, "不是有效的 Excel 工作簿（.xlsx），或文件已损坏；请让该单位重新导出并发送") from exc


def sheet(workbook: Workbook, title: str) -> ReadOnlyWorksheet:
    ws = workbook[title]
    # A streamed workbook may state no (or a wrong) dimension; openpyxl would then scan the whole sheet
    # to find it before every iteration. Rows are padded by the reader instead.
    ws.reset_dimensions()
    return ws


def _rows(workbook: Workbook, path: Path, title: str, *, min_row: int,
          max_row: int | None = None) -> Iterator[tuple[object, ...]]:
    """A sheet's rows as values; a damaged sheet becomes a DomainError naming the file and the sheet."""
    try:
        yield from sheet(workbook, title).iter_rows(min_row=min_row, max_row=max_row, values_only=True)
    except _DAMAGED as exc:
        raise _fail(path, f"工作表“{title}”已损坏，无法读取；请让该单位重新导出并发送") from exc


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _parse_date(path: Path, key: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _fail(path, f"说明页“{key}”应为日期（YYYY-MM-DD），实际为“{value}”") from exc


def read_info(workbook: Workbook, path: Path) -> HqInfo:
    """Parse and check the 说明 sheet and the headers of the sheets it lists."""
    if fmt.INFO_SHEET not in workbook.sheetnames:
        raise _fail(path, f"缺少“{fmt.INFO_SHEET}”工作表，不是本程序导出的上报工作簿")
    pairs: dict[str, str] = {}
    rows_by_sheet: dict[str, int] = {}
    ordered: list[tuple[str, str]] = []
    for row in _rows(workbook, path, fmt.INFO_SHEET, min_row=2):
        key, value = _text(row[0] if row else None), _text(row[1] if len(row) > 1 else None)
        if not key:
            continue
        if key != fmt.INFO_CHECKSUM:
            ordered.append((key, value))
        if key.startswith(fmt.INFO_ROWS_PREFIX):
            title = key[len(fmt.INFO_ROWS_PREFIX):]
            if not value.isdigit():
                raise _fail(path, f"说明页“{key}”应为行数，实际为“{value}”")
            rows_by_sheet[title] = int(value)
        else:
            pairs[key] = value
    if pairs.get(fmt.INFO_FORMAT) != fmt.FORMAT_NAME:
        raise _fail(path, f"说明页未标明“{fmt.INFO_FORMAT}：{fmt.FORMAT_NAME}”，不是本程序导出的上报工作簿")
    for key in (fmt.INFO_VERSION, fmt.INFO_OFFICE_CODE, fmt.INFO_EXPORTED_AT, fmt.INFO_PERIOD_FROM,
                fmt.INFO_PERIOD_TO, fmt.INFO_CHECKSUM):
        if not pairs.get(key):
            raise _fail(path, f"说明页缺少“{key}”")
    version_text = pairs[fmt.INFO_VERSION]
    if not version_text.isdigit() or int(version_text) not in fmt.KNOWN_VERSIONS:
        known = "、".join(str(v) for v in sorted(fmt.KNOWN_VERSIONS))
        raise _fail(path, f"格式版本为“{version_text}”，本程序只认识版本 {known}；请对方与汇总方使用同一版本的程序")
    try:
        exported_at = datetime.fromisoformat(pairs[fmt.INFO_EXPORTED_AT])
    except ValueError as exc:
        raise _fail(path, f"说明页“{fmt.INFO_EXPORTED_AT}”无法识别：“{pairs[fmt.INFO_EXPORTED_AT]}”") from exc
    period_from = _parse_date(path, fmt.INFO_PERIOD_FROM, pairs[fmt.INFO_PERIOD_FROM])
    period_to = _parse_date(path, fmt.INFO_PERIOD_TO, pairs[fmt.INFO_PERIOD_TO])
    if period_to < period_from:
        raise _fail(path, "统计期间的结束日期早于开始日期")
    info = HqInfo(
        path=path, format_version=int(version_text), office_code=pairs[fmt.INFO_OFFICE_CODE],
        office_name=pairs.get(fmt.INFO_OFFICE_NAME, ""), exported_at=exported_at, period_from=period_from,
        period_to=period_to, program=pairs.get(fmt.INFO_PROGRAM, ""), schema=pairs.get(fmt.INFO_SCHEMA, ""),
        full_ids=pairs.get(fmt.INFO_IDS) == fmt.IDS_FULL, checksum=pairs[fmt.INFO_CHECKSUM].lower(),
        pairs=ordered,
    )
    for title, count in rows_by_sheet.items():
        if title not in fmt.AREA_BY_TITLE:
            raise _fail(path, f"说明页列出了未知的工作表“{title}”")
        if title not in workbook.sheetnames:
            raise _fail(path, f"缺少工作表“{title}”（说明页记有 {count} 行）")
        column_positions(workbook, path, fmt.AREA_BY_TITLE[title])
        info.row_counts[title] = count
    return info


def column_positions(workbook: Workbook, path: Path, area: fmt.AreaSheet) -> list[int]:
    """Where each of the area's columns sits in the sheet (0-based), by header title; all are required."""
    header = next(_rows(workbook, path, area.title, min_row=1, max_row=1), ())
    where = {_text(v): i for i, v in enumerate(header) if _text(v)}
    missing = [t for t in area.titles if t not in where]
    if missing:
        raise _fail(path, f"工作表“{area.title}”缺少列：{'、'.join(missing)}")
    return [where[t] for t in area.titles]


def iter_rows(workbook: Workbook, path: Path, area: fmt.AreaSheet) -> Iterator[tuple[int, list[object]]]:
    """(Excel row number, values in the area's column order) for each non-empty data row."""
    positions = column_positions(workbook, path, area)
    width = max(positions) + 1
    for number, row in enumerate(_rows(workbook, path, area.title, min_row=2), start=2):
        if len(row) < width:
            row = tuple(row) + (None,) * (width - len(row))
        values = [row[i] for i in positions]
        if all(v is None or v == "" for v in values):
            continue
        yield number, values
