"""What the reader needs to know about a sheet before loading it: how far it reaches, and its error cells.

python-calamine (the reader) holds a sheet as one dense rectangle from its first to its last used cell. A
clerk's file with one stray value far away — a space typed in column XFD, a note at row 1,048,576 — would
make that rectangle gigabytes large. Before loading, the used range is read from the sheet's <dimension>
(which Excel, WPS and this program write first); when a writer left it out, or it is large (it also
counts empty cells that only carry a border, which the reader skips), the sheet's XML is scanned once
for the cells that hold something. A sheet that would not fit is refused with a message naming where
the stray cell is.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from openpyxl.utils import column_index_from_string

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FILLED_CELL = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')
_CHUNK = 1 << 20
# About 32 bytes a cell in calamine: 8 million cells is a quarter of a gigabyte, far above any real table
# (20,000 workers × 30 columns is 600,000) and still safe on an old office PC.
MAX_CELLS = 8_000_000


@dataclass(frozen=True)
class Extent:
    rows: int  # the last row number that holds a cell
    columns: int  # the widest column that holds a cell
    far_cell: str  # a reference to show the clerk ("XFD1"), or "" when nothing is far

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name inside the package."""
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[sheet.get("name", "")] = path
    return parts


def sheet_extent(path: Path, sheet: str) -> Extent | None:
    """The reach of ``sheet`` in the .xlsx at ``path``; None when the package does not say (the reader then
    reports the damage itself)."""
    try:
        with zipfile.ZipFile(path) as z:
            part = _sheet_parts(z).get(sheet)
            if part is None:
                return None
            with z.open(part) as fh:
                head = fh.read(4096)
            dim = _DIMENSION.search(head)
            if dim is not None:
                # Excel, WPS and this program state the used range up front; only some other writers omit it.
                letters, row = (dim.group(3), dim.group(4)) if dim.group(3) else (dim.group(1), dim.group(2))
                stated = Extent(rows=int(row), columns=column_index_from_string(letters.decode()),
                                far_cell=f"{letters.decode()}{int(row)}")
                if stated.cells <= MAX_CELLS:
                    return stated
            # No range stated, or a large one: it may count empty cells that only carry a border, which the
            # reader skips. Look at the cells that hold something.
            return _scan(z, part)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, ValueError):
        return None


def _scan(z: zipfile.ZipFile, part: str) -> Extent:
    last_row, widest = 0, 0
    deepest_cell = widest_cell = ""
    tail = b""
    with z.open(part) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            data = tail + chunk
            # A tag may be cut at the chunk's end: keep everything from the last "<" for the next round.
            cut = data.rfind(b"<") if chunk else len(data)
            if cut <= 0:
                cut = len(data)
            # Only cells with content: <c r="B7" …>…</c>, not the self-closed <c r="B7" s="3"/>.
            for letters, number in _FILLED_CELL.findall(data, 0, cut):
                row, col = int(number), column_index_from_string(letters.decode())
                if row > last_row:
                    last_row, deepest_cell = row, f"{letters.decode()}{row}"
                if col > widest:
                    widest, widest_cell = col, f"{letters.decode()}{row}"
            tail = data[cut:]
            if not chunk:
                break
    far = widest_cell if widest > 256 else deepest_cell
    return Extent(rows=last_row, columns=max(widest, 1), far_cell=far)


def too_large(extent: Extent | None) -> str | None:
    """A clerk's message when the sheet cannot be loaded safely, else None."""
    if extent is None or extent.cells <= MAX_CELLS:
        return None
    where = f"单元格 {extent.far_cell} " if extent.far_cell else f"第 {extent.rows} 行"
    return (f"表格范围过大（一直到{where}都有内容，可能是误输入的空格或格式）；请在 Excel 中删除表格右侧"
            "和下方多余的行列后保存，再重试")


# From the cell's start to its <v>, never past its own </c> (a self-closed cell has no value to show).
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>(?:(?!</(?:\w+:)?c>).)*?'
                         rb'<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>', re.DOTALL)


def error_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column) → the error a formula shows (#N/A, #REF! …). The reader gives such a cell as empty,
    which would let a failed lookup pass as "no value"; the import names them instead."""
    found: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(path) as z:
            part = _sheet_parts(z).get(sheet)
            if part is None:
                return found
            data = z.read(part)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, ValueError):
        return found
    at = data.find(b't="e"')
    while at >= 0:  # rare: only cells whose formula failed
        start = data.rfind(b"<", 0, at)
        m = _ERROR_CELL.match(data, start)
        if m is not None:
            row, col = int(m.group(2)), column_index_from_string(m.group(1).decode())
            found[(row, col)] = m.group(3).decode("utf-8", "replace") or "#VALUE!"
        at = data.find(b't="e"', at + 5)
    return found
