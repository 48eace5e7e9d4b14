"""Reading tables out of the sheets offices really send: titles above the header, footers below it.

The reader knows nothing about workers. It is given the fields it looks for (a key, the title used in
messages, and the header variants offices write) and returns, for the first sheet that has such a header:
which header cell went to which field, which header cells could not be placed (so the report can name
them), and the data rows as plain dicts of raw cell values keyed by field, each with its row number as
the clerk sees it in Excel.

What it copes with (see shared/samples/README.md):
- a merged title row and a 填报单位/填报日期 row above the header — the header row is the row among the
  first ``HEADER_SCAN_ROWS`` that matches the most known headers;
- header variants in any order, with spaces or line breaks inside ("姓 名"), a required-marker "*",
  or a hint in brackets ("入职日期（2024-03-05）");
- a 序号 column (ignored), blank rows in the middle (skipped; a row with only a 序号 counts as blank);
- footer rows (合计, 制表人/审核人, 填表说明 …): reading stops at the first one.

Sheets are read with python-calamine (about ten times faster than openpyxl's read-only mode, which
decides whether a 20,000-row roster imports in seconds or in a quarter of a minute). Its values are
turned back into what openpyxl would give: None for an empty cell, whole numbers as int.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

from desktop.core.errors import DomainError
from desktop.core.progress import Job
from desktop.reports.excel.workbook_guard import DamagedWorkbook, WorkbookScan, inspect_workbook, too_large

HEADER_SCAN_ROWS = 30
PROGRESS_EVERY = 500
# A footer starts with one of these in its first filled cell; data rows never do (a name or a number).
FOOTER_PREFIXES = (
    "合计",
    "总计",
    "小计",
    "共计",
    "制表人",
    "制表",
    "填表人",
    "审核人",
    "审核",
    "负责人",
    "单位负责人",
    "经办人",
    "填表说明",
    "填报说明",
    "说明",
    "注：",
    "注:",
    "备注：",
    "备注:",
)
DEFAULT_IGNORED: Mapping[str, str] = {"序号": "", "编号序号": ""}

_BRACKETED = re.compile(r"[（(【\[].*?[）)】\]]")
_NOISE = re.compile(r"[\s\u3000*＊:：]+")


class CellError(str):
    """A cell showing a formula error (#N/A, #REF! …): text, but not a value the clerk typed."""


@dataclass(frozen=True)
class FieldSpec:
    """A field the caller wants: ``title`` is how messages name it, ``aliases`` what offices write."""

    key: str
    title: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows at the left of the sheet
    values: dict[str, object]  # raw cell values by field key (None for an empty cell)


@dataclass
class SheetTable:
    sheet: str
    header_row: int
    columns: dict[str, str] = field(default_factory=dict)  # field key -> header as written in the file
    column_letters: dict[str, str] = field(default_factory=dict)  # field key -> "E"
    unplaced: list[str] = field(default_factory=list)  # headers no field took, as written (with notes)
    ignored: list[str] = field(default_factory=list)  # headers deliberately not read (序号, derived ones)
    missing: list[str] = field(default_factory=list)  # keys of required fields with no column
    rows: list[SheetRow] = field(default_factory=list)
    footer_row: int | None = None  # first footer row (合计 …), where reading stopped


def normalize_header(text: object) -> str:
    """ "姓 名" → "姓名", "身份证号码*" → "身份证号码", "入职日期（2024-03-05）" → "入职日期"."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text))
    value = _BRACKETED.sub("", value)
    return _NOISE.sub("", value)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_footer(values: Sequence[object]) -> bool:
    """A row whose first filled cell starts like 合计 / 制表人 / 填表说明 ends the table."""
    for value in values:
        if _is_blank(value):
            continue
        if not isinstance(value, str):
            return False
        first = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", value))
        return first.startswith(FOOTER_PREFIXES)
    return False


def _lookup(fields: Sequence[FieldSpec]) -> dict[str, str]:
    table: dict[str, str] = {}
    for spec in fields:
        for name in spec.names():
            table.setdefault(normalize_header(name), spec.key)
    return table


def _score(values: Sequence[object], lookup: Mapping[str, str]) -> int:
    keys = {lookup[h] for h in (normalize_header(v) for v in values if isinstance(v, str)) if h in lookup}
    return len(keys)


_DAMAGED = "不是有效的 .xlsx 文件（可能已损坏或加了密码），请在 Excel 中另存为 .xlsx 后重试"
_PASSWORD = "文件设置了打开密码，请在 Excel 中取消密码后重试"


def _open(path: Path) -> tuple[CalamineWorkbook, WorkbookScan]:
    if not path.exists():
        raise DomainError(f"找不到文件“{path}”")
    if path.suffix.lower() == ".xls":
        raise DomainError(f"“{path.name}”是旧版 .xls 格式，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入")
    # Budgets first (size, zip bombs, the real used range, regular files only): calamine trusts the package.
    try:
        scan = inspect_workbook(path)
    except DamagedWorkbook as exc:
        raise DomainError(f"无法读取“{path.name}”：{_PASSWORD if exc.encrypted else _DAMAGED}") from exc
    try:
        return CalamineWorkbook.from_path(str(path)), scan
    except PermissionError as exc:
        raise DomainError(f"无法打开“{path.name}”：文件可能正在被其他程序使用") from exc
    except (CalamineError, OSError, ValueError) as exc:
        if isinstance(exc, PasswordError):
            raise DomainError(f"无法读取“{path.name}”：{_PASSWORD}") from exc
        raise DomainError(f"无法读取“{path.name}”：{_DAMAGED}") from exc


_EXACT_FLOAT = 2**53  # beyond this a float is not a whole number Excel kept exactly (an ID turned number)


def _value(v: object) -> object:
    if v == "":
        return None
    if type(v) is float and v.is_integer() and abs(v) < _EXACT_FLOAT:
        return int(v)
    return v


def _rows(
    workbook: CalamineWorkbook, scan: WorkbookScan, name: str, path: Path
) -> Iterator[tuple[int, tuple[object, ...]]]:
    problem = too_large(scan.extent(name))
    if problem is not None:
        raise DomainError(f"“{path.name}”的工作表“{name}”{problem}")
    try:
        # skip_empty_area=False: the grid starts at A1 however far down the table begins, so row numbers
        # and column letters are the ones the clerk sees.
        grid = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except (CalamineError, ValueError) as exc:
        raise DomainError(f"无法读取“{path.name}”的工作表“{name}”：内容已损坏，请在 Excel 中另存后重试") from exc
    errors = scan.error_cells(name)
    for number, row in enumerate(grid, start=1):
        values = tuple(_value(v) for v in row)
        if errors:
            values = tuple(
                CellError(errors[(number, col)]) if (number, col) in errors else v
                for col, v in enumerate(values, start=1)
            )
        yield number, values


def read_table(
    path: Path,
    fields: Sequence[FieldSpec],
    *,
    required: Sequence[str] = (),
    ignored: Mapping[str, str] | None = None,
    job: Job | None = None,
) -> SheetTable:
    """Find the header in the first sheet that has one and read the rows below it.

    ``ignored`` maps header texts that are read silently to a reason shown in the report ("" for none,
    e.g. 序号). Raises DomainError when the file cannot be opened or no sheet has a recognisable header.
    """
    lookup = _lookup(fields)
    titles = {spec.key: spec.title for spec in fields}
    skip = {normalize_header(k): v for k, v in {**DEFAULT_IGNORED, **(ignored or {})}.items()}
    wb, scan = _open(Path(path))
    try:
        for sheet in wb.sheets_metadata:
            if sheet.typ != SheetTypeEnum.WorkSheet:  # chart and macro sheets
                continue
            rows = _rows(wb, scan, sheet.name, Path(path))
            table = _read_sheet(sheet.name, rows, lookup, titles, skip, required, job)
            if table is not None:
                return table
    finally:
        wb.close()
    expected = "、".join(spec.title for spec in fields if spec.key in required) or "、".join(titles.values())
    raise DomainError(f"在“{Path(path).name}”中没有找到表头行：前{HEADER_SCAN_ROWS}行里应有 {expected} 等列名")


def _read_sheet(
    title: str,
    sheet_rows: Iterator[tuple[int, tuple[object, ...]]],
    lookup: Mapping[str, str],
    titles: Mapping[str, str],
    skip: Mapping[str, str],
    required: Sequence[str],
    job: Job | None,
) -> SheetTable | None:
    """The sheet's table under its best header within the first rows, or None when it has no header."""
    best, scanned = _find_header(sheet_rows, lookup)
    if best is None:
        return None
    header_row, header = best
    table = SheetTable(sheet=title, header_row=header_row)
    positions = _place_columns(table, header, lookup, titles, skip)
    table.missing = [key for key in required if key not in positions]
    # The rows scanned past the header come first, then the rest of the sheet.
    below = itertools.chain((item for item in scanned if item[0] > header_row), sheet_rows)
    _read_rows(table, below, positions, job)
    return table


def _find_header(
    rows: Iterator[tuple[int, tuple[object, ...]]], lookup: Mapping[str, str]
) -> tuple[tuple[int, tuple[object, ...]] | None, list[tuple[int, tuple[object, ...]]]]:
    """(row number and values of the row naming most fields, at least two) and the rows scanned for it."""
    best: tuple[int, int, tuple[object, ...]] | None = None
    scanned: list[tuple[int, tuple[object, ...]]] = []
    for number, values in rows:
        scanned.append((number, values))
        score = _score(values, lookup)
        if score >= 2 and (best is None or score > best[1]):
            best = (number, score, values)
        if number >= HEADER_SCAN_ROWS:
            break
    return (None if best is None else (best[0], best[2])), scanned


def _place_columns(
    table: SheetTable,
    header: tuple[object, ...],
    lookup: Mapping[str, str],
    titles: Mapping[str, str],
    skip: Mapping[str, str],
) -> dict[str, int]:
    """Field key → column index; headers read silently, not placed or repeated are noted in ``table``."""
    positions: dict[str, int] = {}
    for idx, raw in enumerate(header):
        if _is_blank(raw):
            continue
        shown = re.sub(r"\s+", " ", str(raw)).strip()
        norm = normalize_header(raw)
        if norm in skip:
            if skip[norm]:
                table.ignored.append(f"{shown}（{skip[norm]}）")
            continue
        key = lookup.get(norm)
        if key is None:
            table.unplaced.append(shown)
        elif key in positions:
            table.unplaced.append(f"{shown}（与“{table.columns[key]}”重复，均对应“{titles[key]}”，只读取了前者）")
        else:
            positions[key] = idx
            table.columns[key] = shown
            table.column_letters[key] = get_column_letter(idx + 1)
    return positions


def _read_rows(
    table: SheetTable,
    rows: Iterable[tuple[int, tuple[object, ...]]],
    positions: Mapping[str, int],
    job: Job | None,
) -> None:
    """The data rows up to the first footer; rows with nothing in the placed columns are skipped."""
    for number, values in rows:
        if is_footer(values):
            table.footer_row = number
            break
        picked = {key: _clean(values[idx]) if idx < len(values) else None for key, idx in positions.items()}
        if all(_is_blank(v) for v in picked.values()):
            continue
        table.rows.append(SheetRow(number=number, values=picked))
        if job is not None and len(table.rows) % PROGRESS_EVERY == 0:
            job.step(len(table.rows), 0, f"正在读取第 {number} 行")


def _clean(value: object) -> object:
    """The raw value, except that text of only spaces counts as an empty cell."""
    if isinstance(value, str) and not value.strip():
        return None
    return value
