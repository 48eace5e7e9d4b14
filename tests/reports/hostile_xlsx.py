"""Hostile .xlsx packages written by hand (zip structures with struct, XML as text).

zipfile cannot write a part whose stated size differs from its content, nor a deflate stream of 3 GiB in
milliseconds; these helpers can. Nothing here is big on disk: a part inflating to 3 GiB is a 3 MB file.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

MB = 1 << 20
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"

WORKBOOK = (
    f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}">'
    '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'{_HEAD}<Relationships xmlns="{_PKG}">'
    f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
ROOT_RELS = (
    f'{_HEAD}<Relationships xmlns="{_PKG}">'
    f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
CONTENT_TYPES = (
    f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SML}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SML}.sharedStrings+xml"/>'
    "</Types>"
)
SHARED_STRINGS = f'{_HEAD}<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>x</t></si></sst>'
SHEET_PART = "xl/worksheets/sheet1.xml"


def sheet(rows: str, dimension: str = "A1:C3") -> str:
    """A worksheet whose <dimension> says ``dimension`` whatever ``rows`` hold."""
    return f'{_HEAD}<worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'


def cells(table: list[list[str]], first_row: int = 1) -> str:
    """Rows of inline-string cells, written as Excel does (r first, double quotes)."""
    out = []
    for i, row in enumerate(table, first_row):
        cs = "".join(f'<c r="{chr(65 + j)}{i}" t="inlineStr"><is><t>{v}</t></is></c>' for j, v in enumerate(row))
        out.append(f'<row r="{i}">{cs}</row>')
    return "".join(out)


class Member:
    """One zip entry: ``data`` deflated honestly, or ``raw`` deflate bytes stated as ``size`` and ``crc``."""

    def __init__(
        self,
        name: str,
        data: bytes | None = None,
        *,
        raw: bytes | None = None,
        size: int | None = None,
        crc: int | None = None,
        method: int = 8,
    ) -> None:
        self.name = name
        if raw is None:
            assert data is not None
            if method == 8:
                c = zlib.compressobj(6, zlib.DEFLATED, -15)
                raw = c.compress(data) + c.flush()
            else:
                raw = data
            size = len(data) if size is None else size
            crc = zlib.crc32(data) if crc is None else crc
        self.raw, self.size, self.crc, self.method = raw, size or 0, crc or 0, method


def bomb(head: bytes, filler: bytes, repeat: int, tail: bytes) -> bytes:
    """A raw deflate stream of head + filler × repeat + tail, made in milliseconds: after a full flush each
    filler block compresses to the same bytes, so it is compressed once and repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)]
    one = c.compress(filler) + c.flush(zlib.Z_FULL_FLUSH)
    two = c.compress(filler) + c.flush(zlib.Z_FULL_FLUSH)
    assert one == two
    out += [one, two * (repeat - 1), c.compress(tail) + c.flush()]
    return b"".join(out)


def write_zip(path: Path, members: list[Member]) -> Path:
    body = bytearray()
    central = bytearray()
    for m in members:
        name = m.name.encode()
        offset = len(body)
        body += (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                m.method,
                0,
                0x21,
                m.crc & 0xFFFFFFFF,
                len(m.raw),
                m.size,
                len(name),
                0,
            )
            + name
            + m.raw
        )
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                m.method,
                0,
                0x21,
                m.crc & 0xFFFFFFFF,
                len(m.raw),
                m.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    count = min(len(members), 0xFFFF)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(body), 0)
    path.write_bytes(bytes(body + central + end))
    return path


def workbook(
    path: Path,
    sheet_xml: str | bytes | Member,
    *,
    shared: str | Member = SHARED_STRINGS,
    book: str | Member = WORKBOOK,
    extra: list[Member] = (),
) -> Path:
    """A one-sheet workbook (sheet 花名册) whose parts may be hostile."""

    def member(name: str, x: str | bytes | Member) -> Member:
        if isinstance(x, Member):
            return x
        return Member(name, x.encode() if isinstance(x, str) else x)

    return write_zip(
        path,
        [
            member("[Content_Types].xml", CONTENT_TYPES),
            member("_rels/.rels", ROOT_RELS),
            member("xl/workbook.xml", book),
            member("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            member("xl/sharedStrings.xml", shared),
            member(SHEET_PART, sheet_xml),
            *extra,
        ],
    )


def sheet_bomb(inflated: int, *, stated: int | None = None, rows: str = "") -> Member:
    """The sheet part, padded with spaces to ``inflated`` bytes; stated as that size unless ``stated``."""
    head, tail = sheet(rows).split("</sheetData>")
    head_b, tail_b = head.encode(), ("</sheetData>" + tail).encode()
    repeat = max(1, (inflated - len(head_b) - len(tail_b)) // MB)
    size = len(head_b) + repeat * MB + len(tail_b)
    return Member(
        SHEET_PART, raw=bomb(head_b, b" " * MB, repeat, tail_b), size=size if stated is None else stated, crc=0
    )
