"""Reading HQ workbooks that offices send: the 说明 sheet, then the area sheets row by row.

Every problem is a DomainError that names the file and says what is wrong in words a clerk at HQ can pass
back to the office ("文件 甘河.xlsx：缺少工作表“慰问记录”").

Reading is done with python-calamine (the Rust calamine reader; pandas uses it too): about 2 µs a cell
against openpyxl's 19 µs in read-only mode, which decides whether 19 offices merge in one minute or in
five. It loads one sheet at a time and the merge reads one workbook at a time, so memory stays bounded
by the largest sheet. Calamine gives empty cells as "" and numbers as floats; ``iter_rows`` turns its
values back into what the sheet's column kinds mean (None, int, date, datetime). The caller closes what
it opens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from desktop.core import free_text
from desktop.core.errors import DomainError
from desktop.reports.excel.workbook_guard import DamagedWorkbook, WorkbookScan, inspect_workbook, too_large
from desktop.reports.hq import format as fmt


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
    checksum: str  # the signature (HMAC-SHA256 under the group key), lower case; "" when the office had no key
    key_id: str = ""  # the fingerprint of the key it was signed with (hq_format.key_fingerprint)
    scan: WorkbookScan | None = field(default=None, repr=False, compare=False)  # the budget check's result
    row_counts: dict[str, int] = field(default_factory=dict)  # area sheets present, in file order
    pairs: list[tuple[str, str]] = field(default_factory=list)  # 说明 rows but the signature, as it sees them

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def signed(self) -> bool:
        return bool(self.checksum)

    @property
    def who(self) -> str:
        """The file and the office it says it comes from, for messages HQ passes back to that office."""
        office = " ".join(p for p in (self.office_code, self.office_name) if p)
        return f"文件“{self.name}”（{office}）" if office else f"文件“{self.name}”"


def _fail(path: Path, message: str) -> DomainError:
    return DomainError(f"文件“{path.name}”：{message}")


# What a damaged package or sheet XML raises (a truncated download, a file "repaired" by hand).
_DAMAGED = (CalamineError, OSError, ValueError, TypeError, IndexError, KeyError)


class HqWorkbook:
    """An open workbook and what the budget check found in it (each sheet's real reach)."""

    def __init__(self, path: Path, scan: WorkbookScan, book: CalamineWorkbook) -> None:
        self.path, self.scan, self.book = path, scan, book

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names)

    def close(self) -> None:
        self.book.close()


def open_workbook(path: Path, *, checked: WorkbookScan | None = None) -> HqWorkbook:
    """Open a sent workbook after the budget check; ``checked`` is the check of an earlier open of the
    same file (the merge opens each file twice), used again while the file is unchanged."""
    path = Path(path)
    if checked is not None and checked.still_describes(path):
        try:
            return HqWorkbook(path, checked, CalamineWorkbook.from_path(str(path)))
        except _DAMAGED as exc:
            raise _fail(path, "不是有效的 Excel 工作簿（.xlsx），或文件已损坏；请让该单位重新导出并发送") from exc
    if not path.exists():
        raise _fail(path, "找不到文件")
    if path.suffix.lower() in (".xls", ".et", ".csv"):
        raise _fail(path, "不是 .xlsx 工作簿；请用 Excel 或 WPS 打开后另存为“Excel 工作簿（*.xlsx）”")
    damaged = "不是有效的 Excel 工作簿（.xlsx），或文件已损坏；请让该单位重新导出并发送"
    # Budgets first (size, zip bombs, the real used range, regular files only): calamine trusts the package.
    try:
        scan = inspect_workbook(path)
    except DamagedWorkbook as exc:
        raise _fail(path, damaged) from exc
    try:
        return HqWorkbook(path, scan, CalamineWorkbook.from_path(str(path)))
    except _DAMAGED as exc:
        raise _fail(path, damaged) from exc


def _rows(workbook: HqWorkbook, path: Path, title: str) -> Iterator[Sequence[object]]:
    """A sheet's rows from the first; a damaged sheet becomes a DomainError naming the file and the sheet.
    Our sheets start at A1, which calamine's range then starts at too."""
    problem = too_large(workbook.scan.extent(title))
    if problem is not None:
        raise _fail(path, f"工作表“{title}”{problem}")
    try:
        yield from workbook.book.get_sheet_by_name(title).iter_rows()
    except _DAMAGED as exc:
        raise _fail(path, f"工作表“{title}”已损坏，无法读取；请让该单位重新导出并发送") from exc


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _parse_date(path: Path, key: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _fail(path, f"说明页“{key}”应为日期（YYYY-MM-DD），实际为“{value}”") from exc


def read_info(workbook: HqWorkbook, path: Path) -> HqInfo:
    """Parse and check the 说明 sheet and the headers of the sheets it lists."""
    if fmt.INFO_SHEET not in workbook.sheet_names:
        raise _fail(path, f"缺少“{fmt.INFO_SHEET}”工作表，不是本程序导出的上报工作簿")
    stated = _info_rows(workbook, path)
    pairs = stated.pairs
    version = _format_version(pairs, path)
    for key in (
        fmt.INFO_OFFICE_CODE,
        fmt.INFO_EXPORTED_AT,
        fmt.INFO_PERIOD_FROM,
        fmt.INFO_PERIOD_TO,
        fmt.INFO_SIGNATURE,
    ):
        if not pairs.get(key):
            raise _fail(path, f"说明页缺少“{key}”")
    try:
        exported_at = datetime.fromisoformat(pairs[fmt.INFO_EXPORTED_AT])
    except ValueError as exc:
        raise _fail(path, f"说明页“{fmt.INFO_EXPORTED_AT}”无法识别：“{pairs[fmt.INFO_EXPORTED_AT]}”") from exc
    period_from = _parse_date(path, fmt.INFO_PERIOD_FROM, pairs[fmt.INFO_PERIOD_FROM])
    period_to = _parse_date(path, fmt.INFO_PERIOD_TO, pairs[fmt.INFO_PERIOD_TO])
    if period_to < period_from:
        raise _fail(path, "统计期间的结束日期早于开始日期")
    info = HqInfo(
        path=path,
        format_version=version,
        office_code=pairs[fmt.INFO_OFFICE_CODE],
        office_name=pairs.get(fmt.INFO_OFFICE_NAME, ""),
        exported_at=exported_at,
        period_from=period_from,
        period_to=period_to,
        program=pairs.get(fmt.INFO_PROGRAM, ""),
        schema=pairs.get(fmt.INFO_SCHEMA, ""),
        full_ids=pairs.get(fmt.INFO_IDS) == fmt.IDS_FULL,
        checksum="" if pairs[fmt.INFO_SIGNATURE] == fmt.UNSIGNED else pairs[fmt.INFO_SIGNATURE].lower(),
        key_id=pairs.get(fmt.INFO_KEY_ID, "").lower(),
        pairs=stated.ordered,
        scan=workbook.scan,
    )
    info.row_counts.update(_listed_sheets(workbook, path, stated.rows_by_sheet))
    return info


@dataclass
class _InfoRows:
    """The 说明 sheet's rows as read."""

    pairs: dict[str, str] = field(default_factory=dict)
    """Item → value, the row counts aside (a repeated item: the last)."""
    rows_by_sheet: dict[str, int] = field(default_factory=dict)
    """Area sheet title → the number of rows it states."""
    ordered: list[tuple[str, str]] = field(default_factory=list)
    """Every row but the signature, in sheet order: what the signature covers."""


def _info_rows(workbook: HqWorkbook, path: Path) -> _InfoRows:
    out = _InfoRows()
    for row in islice(_rows(workbook, path, fmt.INFO_SHEET), 1, None):
        key, value = _text(row[0] if row else None), _text(row[1] if len(row) > 1 else None)
        if not key:
            continue
        if key != fmt.INFO_SIGNATURE:
            out.ordered.append((key, value))
        if key.startswith(fmt.INFO_ROWS_PREFIX):
            title = key[len(fmt.INFO_ROWS_PREFIX) :]
            if not value.isdigit():
                raise _fail(path, f"说明页“{key}”应为行数，实际为“{value}”")
            out.rows_by_sheet[title] = int(value)
        else:
            out.pairs[key] = value
    return out


def _format_version(pairs: Mapping[str, str], path: Path) -> int:
    """The format version, after checking the file is one of ours and of a version this program reads."""
    if pairs.get(fmt.INFO_FORMAT) != fmt.FORMAT_NAME:
        raise _fail(path, f"说明页未标明“{fmt.INFO_FORMAT}：{fmt.FORMAT_NAME}”，不是本程序导出的上报工作簿")
    if not pairs.get(fmt.INFO_VERSION):
        raise _fail(path, f"说明页缺少“{fmt.INFO_VERSION}”")
    # The version first: an older file lacks this version's rows, and "说明页缺少“签名”" would not tell the
    # office what to do.
    version_text = pairs[fmt.INFO_VERSION]
    if version_text.isdigit() and 2 <= int(version_text) < fmt.SIGNED_SINCE:
        office = " ".join(p for p in (pairs.get(fmt.INFO_OFFICE_CODE), pairs.get(fmt.INFO_OFFICE_NAME)) if p)
        raise _fail(
            path,
            f"{office or '该单位'}用旧版程序导出（格式版本 {version_text}），没有集团密钥签名，"
            "无法确认导出后未被改动，不能汇总。请该单位升级到新版程序，在 设置 → 单位与组织 → 集团密钥 "
            "中填入集团工会下发的密钥后重新导出",
        )
    if not version_text.isdigit() or int(version_text) not in fmt.KNOWN_VERSIONS:
        known = "、".join(str(v) for v in sorted(fmt.KNOWN_VERSIONS))
        raise _fail(path, f"格式版本为“{version_text}”，本程序只认识版本 {known}；请对方与汇总方使用同一版本的程序")
    return int(version_text)


def _listed_sheets(workbook: HqWorkbook, path: Path, rows_by_sheet: Mapping[str, int]) -> dict[str, int]:
    """The area sheets the 说明 sheet lists, each known and present, and the 汇总 sheet present."""
    counts: dict[str, int] = {}
    for title, count in rows_by_sheet.items():
        if title not in fmt.AREA_BY_TITLE:
            raise _fail(path, f"说明页列出了未知的工作表“{title}”")
        if title not in workbook.sheet_names:
            raise _fail(path, f"缺少工作表“{title}”（说明页记有 {count} 行）")
        # The columns are checked when the sheet is read (iter_rows): reading a sheet loads all of it,
        # and the merge writes nothing before every file has been read through.
        counts[title] = count
    if fmt.SUMMARY_SHEET not in workbook.sheet_names:  # it is signed too, so it must be there
        raise _fail(path, f"缺少工作表“{fmt.SUMMARY_SHEET}”")
    return counts


def column_positions(header: Sequence[object], path: Path, area: fmt.AreaSheet) -> list[int]:
    """Where each of the area's columns sits in the sheet (0-based), by header title; all are required."""
    where = {_text(v): i for i, v in enumerate(header) if _text(v)}
    missing = [t for t in area.titles if t not in where]
    if missing:
        raise _fail(path, f"工作表“{area.title}”缺少列：{'、'.join(missing)}")
    return [where[t] for t in area.titles]


def _reader(kind: fmt.ColumnKind) -> Callable[[object], object]:
    """Calamine's cell value back to what the column kind holds, as openpyxl or the export would give it."""

    def value(v: object) -> object:
        if v == "" or v is None:
            return None
        if kind == "int" and isinstance(v, float) and v.is_integer():
            return int(v)
        if kind == "datetime" and isinstance(v, date) and not isinstance(v, datetime):
            return datetime.combine(v, time())  # a time of 00:00 comes back as a plain date
        return v

    return value


def iter_rows(workbook: HqWorkbook, path: Path, area: fmt.AreaSheet) -> Iterator[tuple[int, list[object]]]:
    """(Excel row number, values in the area's column order) for each non-empty data row."""
    rows = _rows(workbook, path, area.title)
    positions = column_positions(next(rows, []), path, area)
    readers = [_reader(c.kind) for c in area.columns]
    width = max(positions) + 1
    for number, row in enumerate(rows, start=2):
        if len(row) < width:
            row = list(row) + [None] * (width - len(row))
        values = [read(row[i]) for read, i in zip(readers, positions, strict=True)]
        if all(v is None for v in values):
            continue
        _check_text(path, area, number, values)
        yield number, values


def _check_text(path: Path, area: fmt.AreaSheet, number: int, values: list[object]) -> None:
    """Text the merge would have to cut on writing (a control character, a cell beyond Excel's limit) is
    refused with the cell named, instead of leaving the merged workbook silently different from the input.
    One search over the row's text, so the six million cells of a merge pay almost nothing."""
    texts = [v for v in values if isinstance(v, str)]
    if not texts:
        return
    if free_text.control_character("\n".join(texts)) is None and max(map(len, texts)) <= free_text.EXCEL_CELL_MAX:
        return
    for title, value in zip(area.titles, values, strict=True):
        if isinstance(value, str):
            problem = free_text.text_problem(value, title, free_text.EXCEL_CELL_MAX)
            if problem is not None:
                raise _fail(path, f"工作表“{area.title}”第{number}行：{problem}；请让该单位改正后重新导出")
