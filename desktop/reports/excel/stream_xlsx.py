"""A streaming .xlsx writer for the program's table sheets: rows go to a temporary file as SpreadsheetML,
and ``save`` packs the workbook.

Why our own writer and not openpyxl or XlsxWriter for these sheets: measured on the office machines
(docs/architecture.md, "Excel output"), openpyxl's write-only mode costs about 20–35 µs per cell and
XlsxWriter's constant-memory mode about 17 µs; an HQ export of 20,000 workers is 1.2 million cells and an
HQ merge of 19 offices six million, so neither library can meet the 10 s / 60 s the offices need. The
sheets the program writes are all of one simple shape — one styled header row, typed cells from a small
fixed set of styles, widths, a frozen header, an autofilter, print titles — which takes a few string
templates per cell (≈ 2.5 µs). Everything else (the import template with its drop-down lists, reading)
stays with openpyxl.

Strings are written inline (``t="inlineStr"``), so memory does not grow with the text written, and every
cell carries its reference. The package is checked by the tests through openpyxl and calamine.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO

from openpyxl.utils import get_column_letter

# Cell styles (indexes into cellXfs of styles.xml below).
PLAIN, HEADER, DATE, DATETIME, MONEY, TEXT, GUARDED = range(7)

_EPOCH = date(1899, 12, 30).toordinal()  # Excel's day 0 in the 1900 date system (with its 1900 leap day)
_FLUSH_ROWS = 2000
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# Excel and every reader decode _xHHHH_ in a text as the character HHHH; a literal one is escaped as
# _x005F_xHHHH_ so that "_x0041_" typed by a clerk comes back as typed, not as "A".
_X_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attr(text: str) -> str:
    return escape(text).replace('"', "&quot;")


def serial(value: date) -> str | None:
    """A date or datetime as Excel's serial day number; None before 1900, which Excel cannot show."""
    if value.year < 1900:
        return None
    days = value.toordinal() - _EPOCH
    if days < 61:  # Excel counts a 29 February 1900 that never was: serial 1 is 1 January 1900
        days -= 1
    if isinstance(value, datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return repr(days + seconds / 86400) if seconds else str(days)
    return str(days)


_STYLE_ATTR = ("", ' s="1"', ' s="2"', ' s="3"', ' s="4"', ' s="5"', ' s="6"')
_XML_SPACE = " \t\n"


def string_cell(ref: str, text: str, style: int = PLAIN) -> str:
    """An inline string cell; ``text`` must be non-empty and cleaned of characters XML cannot hold."""
    # Excel trims leading and trailing blanks of a text node unless told to keep them.
    space = ' xml:space="preserve"' if text[0] in _XML_SPACE or text[-1] in _XML_SPACE else ""
    if "_x" in text:
        text = _X_ESCAPE.sub(r"_x005F_\1", text)
    return f'<c r="{ref}"{_STYLE_ATTR[style]} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def number_cell(ref: str, number: str, style: int = PLAIN) -> str:
    return f'<c r="{ref}"{_STYLE_ATTR[style]}><v>{number}</v></c>'


class StreamSheet:
    """One sheet: its header look and layout are set up front, rows are appended as ready XML."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.widths: list[float] = []
        self.frozen_header = False
        self.print_header = False
        self.landscape = False
        self.autofilter: str | None = None
        self.rows = 0
        self.columns = 0
        self._buffer: list[str] = []
        # Closed by discard(), which save() and a cancelled export both reach.
        self._file: IO[bytes] | None = tempfile.TemporaryFile(prefix="union-desk-sheet-")  # noqa: SIM115

    def append_xml(self, cells: str, columns: int) -> None:
        """Append the next row; ``cells`` holds its <c> elements, referencing row ``self.rows + 1``."""
        self.rows += 1
        if columns > self.columns:
            self.columns = columns
        self._buffer.append(f'<row r="{self.rows}">{cells}</row>')
        if len(self._buffer) >= _FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._buffer and self._file is not None:
            self._file.write("".join(self._buffer).encode("utf-8"))
        self._buffer.clear()

    def _prefix(self, selected: bool) -> str:
        last = get_column_letter(max(self.columns, 1))
        parts = [_HEAD, f"<worksheet {_NS} {_NS_R}>"]
        if self.landscape:
            parts.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        parts.append(f'<dimension ref="A1:{last}{max(self.rows, 1)}"/>')
        tab = ' tabSelected="1"' if selected else ""
        if self.frozen_header:
            parts.append(
                f'<sheetViews><sheetView{tab} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
                'sqref="A2"/></sheetView></sheetViews>'
            )
        else:
            parts.append(f'<sheetViews><sheetView{tab} workbookViewId="0"/></sheetViews>')
        parts.append('<sheetFormatPr defaultRowHeight="15"/>')
        if self.widths:
            parts.append("<cols>")
            parts += [f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>' for i, w in enumerate(self.widths, 1)]
            parts.append("</cols>")
        parts.append("<sheetData>")
        return "".join(parts)

    def _suffix(self) -> str:
        parts = ["</sheetData>"]
        if self.autofilter:
            parts.append(f'<autoFilter ref="{self.autofilter}"/>')
        parts.append('<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
        if self.landscape:
            parts.append('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>')
        parts.append("</worksheet>")
        return "".join(parts)

    def write_to(self, out: IO[bytes], selected: bool) -> None:
        self._flush()
        out.write(self._prefix(selected).encode("utf-8"))
        if self._file is not None:
            self._file.seek(0)
            shutil.copyfileobj(self._file, out, 1 << 20)
        out.write(self._suffix().encode("utf-8"))

    def discard(self) -> None:
        self._buffer.clear()
        if self._file is not None:
            self._file.close()
            self._file = None


class StreamWorkbook:
    """Sheets in creation order; nothing reaches the target path until ``save``."""

    def __init__(self, *, creator: str = "") -> None:
        self.creator = creator
        self.worksheets: list[StreamSheet] = []

    @property
    def sheetnames(self) -> list[str]:
        return [ws.title for ws in self.worksheets]

    def create_sheet(self, title: str) -> StreamSheet:
        ws = StreamSheet(title)
        self.worksheets.append(ws)
        return ws

    def discard(self) -> None:
        for ws in self.worksheets:
            ws.discard()

    def save(self, path: Path | str) -> None:
        sheets = self.worksheets or [self.create_sheet("Sheet1")]
        _unique_titles(sheets)
        # Level 3: files about a tenth larger than level 6 in half the time (measured on an HQ export).
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as z:
            z.writestr("[Content_Types].xml", self._content_types(len(sheets)))
            z.writestr("_rels/.rels", _ROOT_RELS)
            z.writestr("docProps/core.xml", self._core())
            z.writestr("docProps/app.xml", _APP)
            z.writestr("xl/workbook.xml", self._workbook_xml(sheets))
            z.writestr("xl/_rels/workbook.xml.rels", self._workbook_rels(len(sheets)))
            z.writestr("xl/styles.xml", _STYLES)
            for n, ws in enumerate(sheets, 1):
                with z.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as out:
                    ws.write_to(out, selected=n == 1)
        self.discard()

    @staticmethod
    def _content_types(count: int) -> str:
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, count + 1)
        )
        return (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f'{sheets}<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
        )

    def _core(self) -> str:
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        who = escape(self.creator)
        return (
            f"{_HEAD}<cp:coreProperties "
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:creator>{who}</dc:creator><cp:lastModifiedBy>{who}</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>'
        )

    @staticmethod
    def _workbook_xml(sheets: Sequence[StreamSheet]) -> str:
        entries = "".join(
            f'<sheet name="{_attr(ws.title)}" sheetId="{n}" r:id="rId{n}"/>' for n, ws in enumerate(sheets, 1)
        )
        names = []
        for n, ws in enumerate(sheets):
            quoted = "'" + ws.title.replace("'", "''") + "'"
            if ws.autofilter:
                first, last = ws.autofilter.split(":")
                ref = f"{quoted}!{_absolute(first)}:{_absolute(last)}"
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
                    f"{_attr(ref)}</definedName>"
                )
            if ws.print_header:
                names.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">{_attr(quoted)}!$1:$1</definedName>'
                )
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (
            f'{_HEAD}<workbook {_NS} {_NS_R}><workbookPr/><bookViews><workbookView activeTab="0"/>'
            f'</bookViews><sheets>{entries}</sheets>{defined}<calcPr calcId="124519" fullCalcOnLoad="1"/>'
            "</workbook>"
        )

    @staticmethod
    def _workbook_rels(count: int) -> str:
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        return (
            f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{rels}<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"
        )


def _unique_titles(sheets: Sequence[StreamSheet]) -> None:
    """Excel refuses two sheets whose names differ only in case; number the later ones (as openpyxl does)."""
    seen: set[str] = set()
    for ws in sheets:
        title, n = ws.title, 1
        while title.casefold() in seen:
            suffix = str(n)
            title, n = ws.title[: 31 - len(suffix)] + suffix, n + 1
        ws.title = title
        seen.add(title.casefold())


def _absolute(ref: str) -> str:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = ref[len(letters) :]
    return f"${letters}${digits}"


_ROOT_RELS = (
    f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>'
)
_APP = (
    f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>union-desk</Application></Properties>"
)
# 宋体 with the GB2312 charset is what Chinese Excel and WPS use by default, so columns fitted to the
# titles look the same on the clerk's screen. 0.00 is built-in number format 2 and @ is 49.
_FONT = '<sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/>'
_THIN = '<{side} style="thin"><color rgb="FF8EA9C1"/></{side}>'
_STYLES = (
    f"{_HEAD}<styleSheet {_NS}>"
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor rgb="FFDDEBF7"/>'
    "</patternFill></fill></fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>'
    + "".join(_THIN.format(side=s) for s in ("left", "right", "top", "bottom"))
    + "<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
    'applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
    'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
)
