"""Shared machinery for every Excel table the program writes (roster, ledgers, the HQ workbook).

A table is one header row and then one row per record, streamed through the program's own sheet writer
(stream_xlsx: openpyxl and XlsxWriter are several times too slow for the HQ workbooks) so that 20,000
rows neither take minutes nor hold the whole sheet in memory. Every sheet gets
the same look (bold filled header, frozen, with an autofilter) so a clerk learns it once.

Safety rules the writer applies to every text cell, because the values come from clerks and HR files:
- text that Excel would read as a formula when the cell is edited (= + - @, tab, carriage return at the
  start) is stored as a plain string with the text number format and Excel's quote prefix, so it can
  never turn into a formula — neither on opening nor after F2/Enter;
- characters XML cannot hold (pasted control characters) are dropped instead of aborting the export;
- columns flagged ``as_text`` (ID numbers, phone numbers) get the text format "@" so that editing a cell
  in Excel does not turn 150785198503120022 into 1.50785E+17.

``save_atomically`` writes to a temporary file beside the target and renames it, so a cancelled or
crashed export never leaves a half-written workbook under the clerk's chosen name.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from desktop.core.errors import DomainError
from desktop.core.progress import Job
from desktop.reports.excel import stream_xlsx as sx
from desktop.reports.excel.stream_xlsx import StreamWorkbook

ColumnKind = Literal["text", "int", "number", "date", "datetime", "money_fen", "money", "bool"]
"""money_fen: integer fen, written as yuan; money: yuan already (Decimal or float), written as is."""

# Number formats of the import template (an openpyxl workbook); the streamed sheets' are in stream_xlsx.
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
EXCEL_MAX_TEXT = 32767
# Excel would re-read these as a formula (or DDE) once the cell is edited; OWASP's CSV-injection list,
# plus LF because a CR is stored as LF (see clean_text).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# XML 1.0 cannot hold C0 controls (but tab, LF, CR), lone surrogates, U+FFFE or U+FFFF; a file with any of
# them is unreadable to Excel and to openpyxl. (openpyxl's own pattern misses the last three.)
_ILLEGAL_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_XML_ILLEGAL = re.compile(f"[{_ILLEGAL_CLASS}]")
_NEEDS_CLEANING = re.compile(f"[{_ILLEGAL_CLASS}\r]")  # also a CR, which clean_text turns into LF
_TRIGGER_CHARS = "".join(FORMULA_TRIGGERS)
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
PROGRESS_EVERY = 500

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
_THIN = Side(style="thin", color="FF8EA9C1")
HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)

_DEFAULT_WIDTH: dict[str, float] = {
    "text": 12,
    "int": 8,
    "number": 10,
    "date": 12,
    "datetime": 17,
    "money_fen": 12,
    "money": 12,
    "bool": 8,
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table sheet: which value of the row goes in it, its title, width and kind."""

    key: str
    title: str
    width: float | None = None  # in Excel character units; None: fitted to the title and the kind
    kind: ColumnKind = "text"
    as_text: bool = False  # number format "@", for digits that are not numbers (ID, phone)

    def effective_width(self) -> float:
        if self.width is not None:
            return self.width
        # +3 leaves room for the filter arrow beside the title.
        return float(max(_DEFAULT_WIDTH.get(self.kind, 12), display_width(self.title) + 3))


def new_workbook() -> StreamWorkbook:
    """A streaming workbook for table sheets: rows go to disk as they are written. Its document properties
    name the program and version (Excel: 文件 → 信息), so any exported file says what wrote it."""
    from desktop import __version__

    return StreamWorkbook(creator=f"union-desk {__version__}")


def display_width(text: str) -> int:
    """Width in Excel character units of a text; a CJK character is about two Latin ones wide."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def sheet_title(title: str) -> str:
    """A title Excel accepts: at most 31 characters, none of [ ] : * ? / \\."""
    # Cut first, then strip: a cut may leave an apostrophe at the end, which Excel refuses in a name.
    cleaned = _SHEET_TITLE_BAD.sub("_", title)[:31].strip("'")
    return cleaned or "Sheet"


def clean_text(value: object) -> str:
    """Text as it may go into a cell: no XML-illegal characters, within Excel's cell limit."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= EXCEL_MAX_TEXT and not _NEEDS_CLEANING.search(text):
        return text  # the common case, checked without building a new string
    text = _XML_ILLEGAL.sub("", text)
    if "\r" in text:
        # XML readers turn a bare CR into LF anyway; normalising here makes what we write what Excel shows.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[:EXCEL_MAX_TEXT]


def _row_values(row: object, columns: Sequence[ColumnSpec]) -> list[object]:
    if isinstance(row, Mapping):
        return [row.get(c.key) for c in columns]
    if isinstance(row, Sequence) and not isinstance(row, str):
        return list(row)
    return [getattr(row, c.key, None) for c in columns]


CellEncoder = Callable[[object, str], str]


def _stream_encoder(col: ColumnSpec, letter: str) -> CellEncoder:
    """The XML of one column's cell for a value and a row number."""
    kind = col.kind
    plain_style = sx.TEXT if kind == "text" and col.as_text else sx.PLAIN

    def text(value: object, row: str) -> str:
        cleaned = clean_text(value)
        if not cleaned:
            return ""
        return sx.string_cell(letter + row, cleaned, sx.GUARDED if cleaned[0] in _TRIGGER_CHARS else plain_style)

    if kind == "text":
        return lambda value, row: "" if value is None or value == "" else text(value, row)

    def encode(value: object, row: str) -> str:
        if value is None or value == "":
            return ""
        if kind in ("date", "datetime"):
            if kind == "date" and isinstance(value, datetime):
                value = value.date()
            number = sx.serial(value) if isinstance(value, date) else None
            if number is None:  # not a date, or one before 1900 that Excel cannot hold: keep it as text
                return text(value.isoformat() if isinstance(value, date) else value, row)
            return sx.number_cell(letter + row, number, sx.DATE if kind == "date" else sx.DATETIME)
        if kind == "bool":
            label = value if isinstance(value, str) else ("是" if value else "否")
            return text(label, row)
        if not isinstance(value, (int, float, Decimal)):
            # A number column holding text or a date (a hand-edited input of a merge): keep what it holds;
            # the merge's checksum then refuses the file with a clear message.
            return text(value, row)
        if kind == "money_fen":
            return sx.number_cell(letter + row, str(Decimal(int(value)).scaleb(-2)), sx.MONEY)
        if kind == "int":
            return sx.number_cell(letter + row, str(int(value)))
        if isinstance(value, bool):
            return sx.number_cell(letter + row, str(int(value)))
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        return sx.number_cell(letter + row, str(value), sx.MONEY if kind == "money" else sx.PLAIN)

    return encode


class TableSheet:
    """A table sheet that rows are appended to one at a time, possibly interleaved with other sheets
    (the HQ merge fills eight area sheets from each workbook it reads); each row becomes XML at once.
    ``close`` sets the autofilter."""

    def __init__(self, wb_or_ws: StreamWorkbook | sx.StreamSheet, title: str, columns: Sequence[ColumnSpec]) -> None:
        self.title = title
        self.columns = list(columns)
        self.written = 0
        ws = wb_or_ws.create_sheet(sheet_title(title)) if isinstance(wb_or_ws, StreamWorkbook) else wb_or_ws
        ws.title = sheet_title(title)
        ws.widths = [col.effective_width() for col in self.columns]
        ws.frozen_header = ws.print_header = ws.landscape = True
        self.ws = ws
        letters = [get_column_letter(i) for i in range(1, len(self.columns) + 1)]
        ws.append_xml(
            "".join(
                sx.string_cell(f"{letter}1", clean_text(col.title), sx.HEADER)
                for letter, col in zip(letters, self.columns, strict=True)
            ),
            len(self.columns),
        )
        self._encoders = [_stream_encoder(col, letter) for col, letter in zip(self.columns, letters, strict=True)]

    def append(self, row: object) -> None:
        """Append one row: a mapping (values by column key), a sequence (column order) or an object."""
        values = _row_values(row, self.columns)
        number = str(self.ws.rows + 1)
        self.ws.append_xml(
            "".join([enc(v, number) for enc, v in zip(self._encoders, values, strict=False)]), len(self.columns)
        )
        self.written += 1

    def close(self) -> int:
        last_col = get_column_letter(max(len(self.columns), 1))
        self.ws.autofilter = f"A1:{last_col}{self.written + 1}"
        return self.written


def write_table_sheet(
    wb_or_ws: StreamWorkbook | sx.StreamSheet,
    title: str,
    columns: Sequence[ColumnSpec],
    rows_iterable: Iterable[object],
    job: Job | None = None,
    total: int | None = None,
) -> int:
    """Write a header row and the rows; returns the number of data rows written.

    A row is a mapping (values by column key), a sequence (values in column order) or an object
    (values as attributes named by the keys). ``job.step`` is called every few hundred rows and raises
    Cancelled when the clerk pressed 取消; the caller then discards the workbook (nothing was saved).
    """
    table = TableSheet(wb_or_ws, title, columns)
    if job is not None:
        job.step(0, total or 0, f"正在写入“{title}”")
    for row in rows_iterable:
        table.append(row)
        if job is not None and table.written % PROGRESS_EVERY == 0:
            job.step(table.written, total or 0, f"正在写入“{title}”：{table.written} 行")
    written = table.close()
    if job is not None:
        job.step(written, total or written, f"“{title}”已写入 {written} 行")
    return written


def discard_workbook(workbook: StreamWorkbook | Workbook) -> None:
    """Drop a streamed workbook that will not be saved (cancelled export) and its temporary files.
    An openpyxl workbook (the import template) lives in memory and has nothing to drop."""
    if isinstance(workbook, StreamWorkbook):
        workbook.discard()


def save_atomically(workbook: StreamWorkbook | Workbook, path: Path) -> None:
    """Save under ``path`` only when the whole file is written: temp file in the same folder, then rename."""
    path = Path(path)
    if not path.parent.is_dir():
        discard_workbook(workbook)
        raise DomainError(f"保存位置“{path.parent}”不存在，请另选文件夹")
    # Same folder, so os.replace is a rename on one file system and never a half-finished copy. Not
    # mkstemp: its 0600 mode would survive the rename and a colleague could not open the export.
    from desktop.reports.part_files import clean_parts, part_path

    clean_parts(path.parent)  # parts a killed export left here
    tmp = part_path(path)
    try:
        workbook.save(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except PermissionError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise DomainError(
            f"无法写入“{path.name}”：文件可能正在 Excel 或 WPS 中打开，请关闭后重试，或换一个文件名"
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        discard_workbook(workbook)
        raise
