"""Budgets a workbook must keep before any parser sees it, checked while streaming it once.

python-calamine (the reader) trusts the package: it inflates every part it needs whole, holds a sheet as
one dense rectangle from A1 to its last used cell, and allocates for that rectangle up front. A hostile or
broken file can therefore abort the process (a cell at XFD1048576 behind a ``<dimension>`` of A1:C3 asks
for 512 GiB) or take all memory (a 3 MB package whose sheet or shared strings inflate to 3 GiB). A
named pipe called ``fifo.xlsx`` would block the open for ever. So before calamine opens a file,
``inspect_workbook``:

1. refuses anything but a regular file, and a file larger than ``MAX_FILE_BYTES``;
2. reads the zip directory and refuses a package whose parts claim more than ``MAX_PART_BYTES`` each,
   ``MAX_TOTAL_BYTES`` together, more than ``MAX_PARTS`` parts, or a compression ratio above ``MAX_RATIO``;
3. inflates every part itself, in chunks, from the raw deflate stream (not through ``zipfile``, which
   stops at the stated size and so would not see a stream that inflates further than it claims): a part
   that inflates past its stated size, a corrupt stream, a wrong CRC are refused before more than one
   chunk beyond the budget exists in memory;
4. while inflating the sheets, finds the cells that hold something — never trusting ``<dimension>``,
   and following calamine's own rules for cells and rows without an ``r`` attribute — and the cells that
   show a formula error (#N/A …), which calamine would give as empty.

The extent is checked against ``MAX_ROWS``/``MAX_COLUMNS``/``MAX_CELLS`` only when a sheet is about to be
loaded (``too_large``), so a stray cell on a sheet the reader never loads does not refuse the file.

Every refusal is a DomainError with one Chinese line naming the file and the limit. A package that is
not a zip, or is damaged, raises ``DamagedWorkbook``, which each caller words in its own way.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

from desktop.core.errors import DomainError

MB = 1 << 20
# Budgets, about ten times what a 20,000-worker office sends (a roster export: 2.8 MB on disk, one
# 16.5 MB sheet; an HQ workbook: 2.2 MB, 13 MB of sheets) and small enough for a 4 GB office PC.
MAX_FILE_BYTES = 100 * MB  # the file on disk
MAX_PART_BYTES = 200 * MB  # one part of the package, inflated
MAX_TOTAL_BYTES = 300 * MB  # all parts together, inflated
MAX_PARTS = 10_000  # entries in the zip directory (a workbook has a few dozen)
MAX_INDEX_BYTES = 16 * MB  # workbook.xml and its relationships, which are parsed whole (normally 3 KB)
# Real sheets compress 3–20:1. Like Apache POI (minimum inflate ratio 0.01), a part that inflates to more
# than 100 times its compressed size is taken for a zip bomb — once it is large enough to matter.
MAX_RATIO = 100
RATIO_GRACE_BYTES = 10 * MB
# The sheet calamine loads, from A1: about 32 bytes a cell in calamine, and a Python list cell on top.
MAX_ROWS = 300_000  # an office has at most a few ten-thousand workers; a sheet row per visit or case
MAX_COLUMNS = 1_000  # the roster has 16 columns, the widest HQ sheet fewer than 40
MAX_CELLS = 8_000_000  # a quarter of a gigabyte in calamine; 20,000 workers × 30 columns is 600,000

CHUNK = 1 << 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an .xls, or an .xlsx with an open password (Office encrypts into OLE)
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class DamagedWorkbook(DomainError):
    """Not a zip package, or one whose parts cannot be read back; ``encrypted`` when it is an OLE file
    (what Excel writes for a workbook with an open password)."""

    def __init__(self, message: str, *, encrypted: bool = False) -> None:
        super().__init__(message)
        self.encrypted = encrypted


@dataclass(frozen=True)
class Extent:
    rows: int  # the last row number that holds a cell
    columns: int  # the widest column that holds a cell
    deepest_cell: str = ""  # a cell on the last row, to show the clerk ("A1048576")
    widest_cell: str = ""  # a cell in the widest column ("XFD1")

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def far_cell(self) -> str:
        """The cell that makes the sheet too large: far right names a column, else the last row."""
        return self.widest_cell if self.columns > 256 else self.deepest_cell


@dataclass
class WorkbookScan:
    """What the reader needs to know about a package that passed the budgets."""

    stamp: tuple[int, int, int] = (0, 0, 0)  # size, mtime, inode of the file that was checked
    extents: dict[str, Extent] = field(default_factory=dict)  # sheet name -> reach
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)  # sheet -> (row, col) -> #N/A

    def extent(self, sheet: str) -> Extent | None:
        return self.extents.get(sheet)

    def error_cells(self, sheet: str) -> dict[tuple[int, int], str]:
        return self.errors.get(sheet, {})

    def still_describes(self, path: Path) -> bool:
        """True when ``path`` is still the regular file that was checked (for a second open of it)."""
        try:
            st = path.stat()
        except OSError:
            return False
        return stat.S_ISREG(st.st_mode) and _stamp(st) == self.stamp


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n} 字节"


def _refuse(path: Path, what: str) -> DomainError:
    return DomainError(f"“{path.name}”{what}，没有读取；请确认是 Excel 或 WPS 保存的花名册或上报工作簿")


def inspect_workbook(path: Path) -> WorkbookScan:
    """Check ``path`` against the budgets and scan its sheets; see the module docstring."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise DomainError(f"找不到文件“{path}”") from exc
    except OSError as exc:
        raise DomainError(f"无法打开“{path.name}”：文件可能正在被其他程序使用") from exc
    # Checked before any open: opening a named pipe or a device blocks until someone writes to it.
    if not stat.S_ISREG(st.st_mode):
        raise DomainError(f"“{path.name}”不是普通文件（可能是文件夹、管道或设备），只能读取 .xlsx 工作簿文件")
    if st.st_size > MAX_FILE_BYTES:
        raise _refuse(path, f"有 {_mb(st.st_size)}，超过了可读取的上限 {_mb(MAX_FILE_BYTES)}")
    try:
        with open(path, "rb") as fh:
            if fh.read(4) == _OLE_MAGIC:
                raise DamagedWorkbook(f"“{path.name}”不是 .xlsx 压缩包（旧版 .xls 或设置了打开密码）", encrypted=True)
            entries = _entry_count(fh, st.st_size)
            if entries is not None and entries > MAX_PARTS:
                # Checked before zipfile reads the directory, which costs memory for every entry.
                raise _refuse(path, f"含有 {entries} 个部件，超过了 {MAX_PARTS} 个的上限")
            fh.seek(0)
            scan = _Inspector(path, fh).run()
            scan.stamp = _stamp(os.fstat(fh.fileno()))
            return scan
    except PermissionError as exc:
        raise DomainError(f"无法打开“{path.name}”：文件可能正在被其他程序使用") from exc
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        zlib.error,
        struct.error,
        ValueError,
        ElementTree.ParseError,
        OSError,
    ) as exc:
        if isinstance(exc, DomainError):
            raise
        raise DamagedWorkbook(f"“{path.name}”不是有效的 .xlsx 文件或已损坏") from exc


def _entry_count(fh: BinaryIO, size: int) -> int | None:
    """The number of entries the zip's end record states (None when there is none: zipfile says so)."""
    tail_len = min(size, 22 + 0xFFFF)  # the end record and the longest comment
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    entries = struct.unpack_from("<H", tail, at + 10)[0]
    locator = at - 20
    if locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":  # zip64: the count is in its record
        offset = struct.unpack_from("<Q", tail, locator + 8)[0]
        fh.seek(offset)
        record = fh.read(56)
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            entries = max(entries, struct.unpack_from("<Q", record, 32)[0])
    return entries


class _Inspector:
    def __init__(self, path: Path, fh: BinaryIO) -> None:
        self.path, self.fh = path, fh
        self.zip = zipfile.ZipFile(fh)

    def _damaged(self, part: str, why: str) -> DamagedWorkbook:
        return DamagedWorkbook(f"“{self.path.name}”已损坏（其中“{part}”{why}）")

    def run(self) -> WorkbookScan:
        infos = self.zip.infolist()
        if len(infos) > MAX_PARTS:
            raise _refuse(self.path, f"含有 {len(infos)} 个部件，超过了 {MAX_PARTS} 个的上限")
        total = 0
        for info in infos:
            if info.file_size > MAX_PART_BYTES:
                raise _refuse(
                    self.path,
                    f"中的“{info.filename}”解压后有 {_mb(info.file_size)}，超过了单个部件 {_mb(MAX_PART_BYTES)} 的上限",
                )
            if info.file_size > RATIO_GRACE_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise _refuse(
                    self.path, f"中的“{info.filename}”压缩比为 {ratio}:1，超过了 {MAX_RATIO}:1 的上限（疑似“压缩炸弹”）"
                )
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _refuse(self.path, f"解压后共有 {_mb(total)}，超过了 {_mb(MAX_TOTAL_BYTES)} 的上限")
        # Stated sizes are within budget; inflating below checks that each part keeps to its statement.
        sheets = self._sheet_parts()
        scan = WorkbookScan()
        scanners: dict[str, _SheetScanner] = {}
        for info in infos:
            key = _part_key(info.filename)
            names = sheets.get(key, [])
            scanner = _SheetScanner() if names else None
            for chunk in self._inflate(info):
                if scanner is not None:
                    scanner.feed(chunk)
            if scanner is not None:
                scanner.close()
                for name in names:
                    # Two directory entries of one name: keep the farther reach (either may be loaded).
                    earlier = scanners.get(name)
                    scanners[name] = scanner if earlier is None else earlier.merged(scanner)
        for name, scanner in scanners.items():
            scan.extents[name] = scanner.extent()
            if scanner.errors:
                scan.errors[name] = dict(scanner.errors)
        return scan

    def _read_part(self, name: str) -> bytes:
        info = self._find(name)
        if info is None:
            raise zipfile.BadZipFile(name)
        if info.file_size > MAX_INDEX_BYTES:
            raise _refuse(
                self.path, f"中的“{info.filename}”解压后有 {_mb(info.file_size)}，超过了 {_mb(MAX_INDEX_BYTES)} 的上限"
            )
        return b"".join(self._inflate(info))

    def _find(self, name: str) -> zipfile.ZipInfo | None:
        key = _part_key(name)
        return next((i for i in self.zip.infolist() if _part_key(i.filename) == key), None)

    def _sheet_parts(self) -> dict[str, list[str]]:
        """Part key -> the sheet names that use it (workbook.xml and its relationships, both small)."""
        book = ElementTree.fromstring(self._read_part("xl/workbook.xml"))
        rels = ElementTree.fromstring(self._read_part("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
        parts: dict[str, list[str]] = {}
        for sheet in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL_NS}id"), "")
            if target:
                part = target if target.startswith("/") else posixpath.join("xl", target)
                parts.setdefault(_part_key(part), []).append(sheet.get("name", ""))
        return parts

    def _raw(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part's stored bytes, from its local header on: what any reader of the package inflates."""
        self.fh.seek(info.header_offset)
        header = self.fh.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise self._damaged(info.filename, "的位置不对")
        name_len, extra_len = _LOCAL_HEADER.unpack(header)[-2:]
        self.fh.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
        left = info.compress_size
        while left > 0:
            chunk = self.fh.read(min(CHUNK, left))
            if not chunk:
                raise self._damaged(info.filename, "不完整")
            left -= len(chunk)
            yield chunk

    def _inflate(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part inflated in chunks of at most CHUNK bytes; never more than its stated size."""
        if info.flag_bits & 0x1:
            raise DamagedWorkbook(f"“{self.path.name}”设置了密码", encrypted=True)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self._damaged(info.filename, "使用了 Excel 不会使用的压缩方式")
        budget = info.file_size  # at most MAX_PART_BYTES, checked in run()
        done, crc = 0, 0

        def counted(data: bytes) -> bytes:
            nonlocal done, crc
            done += len(data)
            if done > budget:
                raise self._damaged(info.filename, f"解压后超过了它记录的 {_mb(budget)}")
            crc = zlib.crc32(data, crc)
            return data

        if info.compress_type == zipfile.ZIP_STORED:
            for raw in self._raw(info):
                yield counted(raw)
        else:
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            for raw in self._raw(info):
                data = inflater.decompress(raw, CHUNK)
                while True:
                    if data:
                        yield counted(data)
                    if not inflater.unconsumed_tail:
                        break
                    data = inflater.decompress(inflater.unconsumed_tail, CHUNK)
            # What is still pending is at most one deflate match; counted() caps it all the same.
            rest = inflater.flush()
            if rest:
                yield counted(rest)
            if not inflater.eof:
                raise self._damaged(info.filename, "不完整")
        if done != info.file_size or crc != info.CRC:
            raise self._damaged(info.filename, "的内容与记录不符")


def _part_key(name: str) -> str:
    """A part name as readers match it: no leading slash, forward slashes, no "..", any case."""
    return posixpath.normpath(name.replace("\\", "/").lstrip("/")).lower()


# -- the sheet scan --------------------------------------------------------------------------------------
# Fast path: every cell tag written the way Excel, WPS, openpyxl and this program write it — <c r="B7" …>
# with r first in double quotes. A chunk where the number of cell tags differs from the number of such
# tags (r missing, later, single-quoted, lower case …) goes through the slow path, which follows calamine:
# a cell without r is one column right of the previous cell; a row without r is one below the previous.
# Every cell tag, with its reference when written that way (else two empty groups). Without a namespace
# prefix in the chunk, the plain pattern is three times faster.
_CELL = re.compile(rb'<c[\s/>](?:r="([A-Z]{1,3})(\d{1,7})")?')
_PREFIXED_CELL = re.compile(rb'<(?:[\w.-]+:)?c[\s/>](?:r="([A-Z]{1,3})(\d{1,7})")?')
# A cell with r first that holds something: not self-closed. Calamine skips empty cells (a border on
# XFD60000 is no reason to refuse a sheet), and so does the scan — but only when the tag is plainly empty.
_FILLED_REF_CELL = re.compile(rb'<(?:[\w.-]+:)?c r="([A-Z]{1,3})(\d{1,7})"(?!(?:\s+[\w:.-]+="[^"<>]*")*\s*/>)')
_TAG = re.compile(rb"""<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(r"^\$?([A-Za-z]{1,4})\$?(\d{1,9})$")
# From the cell's start to its <v>, never past its own </c> (a self-closed cell has no value to show).
_ERROR_CELL = re.compile(
    rb'<(?:[\w.-]+:)?c r="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>(?:(?!</(?:[\w.-]+:)?c>).)*?'
    rb"<(?:[\w.-]+:)?v>([^<]*)</(?:[\w.-]+:)?v>",
    re.DOTALL,
)
_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c>")
_MAX_CARRY = 4 * CHUNK  # an error cell longer than this is left unnamed rather than held in memory


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(number: int) -> str:
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


class _SheetScanner:
    def __init__(self) -> None:
        self.max_row = 0
        self.max_col = 0
        self.deepest = self.widest = ""
        self.errors: dict[tuple[int, int], str] = {}
        self._tail = b""
        # slow-path state, as calamine keeps it
        self._row = 0
        self._col = 0

    def merged(self, other: _SheetScanner) -> _SheetScanner:
        if other.max_row > self.max_row:
            self.max_row, self.deepest = other.max_row, other.deepest
        if other.max_col > self.max_col:
            self.max_col, self.widest = other.max_col, other.widest
        return self

    def _seen(self, row: int, col: int) -> None:
        if row > self.max_row:
            self.max_row, self.deepest = row, f"{column_letters(col)}{row}"
        if col > self.max_col:
            self.max_col, self.widest = col, f"{column_letters(col)}{row}"

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        # A tag may be cut at the chunk's end: keep it, from its "<", for the next round.
        cut = data.rfind(b"<")
        if cut < 0 or data.find(b">", cut) >= 0:
            cut = len(data)
        elif len(data) - cut > _MAX_CARRY:
            # No cell or row tag is megabytes long; carrying it on would copy the sheet again and again.
            raise ValueError("a tag megabytes long")
        cut = self._errors(data, cut)
        self._scan(data, cut)
        self._tail = data[cut:]

    def close(self) -> None:
        if self._tail:
            self._errors(self._tail, len(self._tail), final=True)
            self._scan(self._tail, len(self._tail))
            self._tail = b""

    def _scan(self, data: bytes, end: int) -> None:
        pattern = _PREFIXED_CELL if data.find(b":c", 0, end) >= 0 else _CELL
        refs = pattern.findall(data, 0, end)
        if not refs:
            return
        letters = {m[0] for m in refs}
        if b"" in letters:
            self._slow(data, end)
            return
        # All cells, empty or not, first: when even those stay within the caps (every normal sheet), the
        # cells with content do too. Only a chunk reaching further looks at which cells hold something.
        widest = max(letters, key=lambda s: (len(s), s))
        deepest = max(map(int, [m[1] for m in refs]))
        if deepest <= MAX_ROWS and column_number(widest.decode()) <= MAX_COLUMNS:
            self._track(refs, deepest, widest)
        else:
            filled = _FILLED_REF_CELL.findall(data, 0, end)
            if filled:
                letters = {m[0] for m in filled}
                self._track(filled, max(int(m[1]) for m in filled), max(letters, key=lambda s: (len(s), s)))
        last = refs[-1]
        self._row, self._col = int(last[1]), column_number(last[0].decode())

    def _track(self, refs: list[tuple[bytes, bytes]], deepest: int, widest: bytes) -> None:
        col = column_number(widest.decode())
        if deepest > self.max_row:
            letters = next(m[0] for m in refs if int(m[1]) == deepest).decode()
            self.max_row, self.deepest = deepest, f"{letters}{deepest}"
        if col > self.max_col:
            number = next(m[1] for m in refs if m[0] == widest).decode()
            self.max_col, self.widest = col, f"{widest.decode()}{int(number)}"

    def _slow(self, data: bytes, end: int) -> None:
        for m in _TAG.finditer(data, 0, end):
            closing, name, attrs = m.group(1), m.group(2), m.group(3)
            if closing:
                continue
            r = _R_ATTR.search(attrs)
            ref = (r.group(1) if r.group(1) is not None else r.group(2)).decode("utf-8", "replace") if r else None
            if name == b"row":
                self._row = int(ref) if ref and ref.isdigit() else self._row + 1
                self._col = 0
                continue
            parsed = _REF.match(ref) if ref else None
            if parsed:
                self._col, row = column_number(parsed.group(1)), int(parsed.group(2))
                # Which row a later cell without r falls on is not certain: take the lower one, so the
                # scan can only overstate the reach, never miss it.
                self._row = max(self._row, row)
            else:
                self._col += 1
                row = self._row
            if not attrs.rstrip().endswith(b"/"):
                self._seen(row, self._col)

    def _errors(self, data: bytes, cut: int, *, final: bool = False) -> int:
        """Record the error cells that end before ``cut``; returns where this round must stop instead, so
        that an error cell cut by the chunk's end is read whole next round."""
        at = data.find(b't="e"', 0, cut)
        while at >= 0:  # rare: only cells whose formula failed
            start = data.rfind(b"<", 0, at)
            m = _ERROR_CELL.match(data, start)
            if m is not None:
                row, col = int(m.group(2)), column_number(m.group(1).decode())
                self.errors[(row, col)] = m.group(3).decode("utf-8", "replace") or "#VALUE!"
            elif not final and _CELL_END.search(data, start) is None and len(data) - start < _MAX_CARRY:
                return start  # the cell goes on in the next chunk
            at = data.find(b't="e"', at + 5, cut)
        return cut

    def extent(self) -> Extent:
        return Extent(rows=self.max_row, columns=self.max_col, deepest_cell=self.deepest, widest_cell=self.widest)


def too_large(extent: Extent | None) -> str | None:
    """A clerk's message when the sheet cannot be loaded safely (naming the cell and the limit), else None."""
    if extent is None:
        return None
    if extent.rows > MAX_ROWS:
        cell, limit = extent.deepest_cell, f"超过了 {MAX_ROWS} 行的上限"
    elif extent.columns > MAX_COLUMNS:
        cell, limit = extent.widest_cell, f"超过了 {MAX_COLUMNS} 列的上限"
    elif extent.cells > MAX_CELLS:
        cell = extent.far_cell
        limit = f"共 {extent.rows} 行 × {extent.columns} 列，超过了 {MAX_CELLS // 10_000} 万个单元格的上限"
    else:
        return None
    where = f"单元格 {cell} " if cell else f"第 {extent.rows} 行"
    return (
        f"表格范围过大（一直到{where}都有内容，{limit}，可能是误输入的空格或格式）；请在 Excel 中删除表格"
        "右侧和下方多余的行列后保存，再重试"
    )
