"""The shared look of every printed form, and the engine for tabular forms (花名册、台账、签收表、签到表).

One style for all forms, so a clerk's binder looks like one office made it: a large centred title, the
office and print date beneath, a plain bordered table whose grey header row repeats on every page,
"第x页 共y页" at the foot of each page, and signature lines at the end.

Later forms that are not tables (notices, certificates, cut-apart exam slips) reuse the pieces:
``title_block``, ``signature_block``, ``key_value_table``, ``CutLine`` and ``build_document``.

Large inputs: a 20,000-row roster is 500+ pages. reportlab's own Table re-measures and copies every
remaining row on each page split, which is quadratic, so rows are measured once here and each page gets a
small Table of just its rows (``_PagedTable``).
"""

from __future__ import annotations

import functools
import io
import os
import zlib
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Literal
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.tables import TableStyle

from desktop.core.dates import format_date
from desktop.core.errors import DomainError
from desktop.core.progress import Cancelled, Job
from desktop.reports.pdf.fonts import FONT, ensure_fonts, string_width
from desktop.reports.pdf.linebreak import CJKParagraph

Align = Literal["left", "center", "right"]

# ---------------------------------------------------------------------------------------------- style
BLACK = colors.black
HEADER_FILL = colors.HexColor("#D9D9D9")
MUTED = colors.HexColor("#444444")

TITLE_SIZE = 18.0
INFO_SIZE = 10.0
SUBTITLE_SIZE = 9.5
BODY_SIZE = 9.0
FOOTER_SIZE = 8.5
MIN_SHRINK_SIZE = 6.0  # below this an ID number is hard to read on paper; wrap instead

MARGIN_X = 14 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 16 * mm  # room for the page-number footer
FOOTER_Y = 8 * mm

CELL_PAD_X = 3.0
CELL_PAD_Y = 2.5
GRID_WIDTH = 0.5
BOX_WIDTH = 1.0

# Page streams are zlib-compressed anyway; ASCII85 on top only makes files 25% larger and, without the C
# accelerator, costs ~3 s on a 500-page roster.
rl_config.useA85 = 0

_TA = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
_TABLE_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}


def page_size(landscape_: bool = False) -> tuple[float, float]:
    return landscape(A4) if landscape_ else A4


def frame_width(landscape_: bool = False) -> float:
    return page_size(landscape_)[0] - 2 * MARGIN_X


def frame_height(landscape_: bool = False) -> float:
    return page_size(landscape_)[1] - MARGIN_TOP - MARGIN_BOTTOM


@functools.lru_cache(maxsize=64)
def paragraph_style(
    size: float = BODY_SIZE, align: Align = "left", leading: float | None = None, color: str = "#000000"
) -> ParagraphStyle:
    """A CJK paragraph style: ``wordWrap="CJK"`` lets Chinese text break between characters (use it with
    ``CJKParagraph``, which keeps the Chinese line-breaking rules)."""
    ensure_fonts()
    return ParagraphStyle(
        name=f"cjk-{size}-{align}-{leading}-{color}",
        fontName=FONT,
        fontSize=size,
        leading=leading or round(size * 1.3, 2),
        alignment=_TA[align],
        wordWrap="CJK",
        textColor=colors.HexColor(color),
    )


def para(text: str, size: float = BODY_SIZE, align: Align = "left", leading: float | None = None) -> Paragraph:
    """A paragraph of plain text (escaped: a name with "&" or "<" must not be read as markup)."""
    return CJKParagraph(escape(text).replace("\n", "<br/>"), paragraph_style(size, align, leading))


# ------------------------------------------------------------------------------------------- pieces
class BoldText(Flowable):
    """One line of text drawn with fill + thin stroke: the font has no bold face, and this reads as bold."""

    def __init__(self, text: str, size: float = TITLE_SIZE, align: Align = "center", space_after: float = 4.0) -> None:
        super().__init__()
        self.text, self.size, self.align = text, size, align
        self.spaceAfter = space_after

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        ensure_fonts()
        # A title longer than the line shrinks rather than running off the page.
        self._size = self.size
        while self._size > 10 and string_width(self.text, self._size) > aW:
            self._size -= 0.5
        self.width, self.height = aW, self._size * 1.35
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFont(FONT, self._size)
        c.setLineWidth(self._size / 40)
        c.setStrokeColor(BLACK)
        c.setFillColor(BLACK)
        text = c.beginText()
        text.setTextRenderMode(2)
        text.setFont(FONT, self._size)
        w = string_width(self.text, self._size)
        x = {"left": 0.0, "center": (self.width - w) / 2, "right": self.width - w}[self.align]
        text.setTextOrigin(x, self._size * 0.3)
        text.textOut(self.text)
        c.drawText(text)
        c.restoreState()


class LeftRight(Flowable):
    """A line with text at the left and at the right margin (单位 …… 打印日期)."""

    def __init__(self, left: str, right: str, size: float = INFO_SIZE, space_after: float = 2.0) -> None:
        super().__init__()
        self.left, self.right, self.size = left, right, size
        self.spaceAfter = space_after

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = aW, self.size * 1.45
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFont(FONT, self.size)
        y = self.size * 0.35
        c.drawString(0, y, self.left)
        c.drawRightString(self.width, y, self.right)


Subtitle = str | tuple[str, str]
"""A line under the title: text, or (left, right) such as ("筛选：甘河林场；女", "共12人")."""


def _subtitle(line: Subtitle) -> Flowable:
    if isinstance(line, str):
        p = para(line, SUBTITLE_SIZE)
    else:
        left, right = line
        right_w = string_width(right, SUBTITLE_SIZE) + 2
        # A table, not two strings, so a long filter description wraps instead of running into the count.
        p = _LeftRightTable(para(left, SUBTITLE_SIZE), para(right, SUBTITLE_SIZE, "right"), right_w)
    p.spaceAfter = 1.5
    return p


class _LeftRightTable(Flowable):
    def __init__(self, left: Paragraph, right: Paragraph, right_w: float) -> None:
        super().__init__()
        self.left, self.right, self.right_w = left, right, right_w

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        _, hl = self.left.wrap(aW - self.right_w - 12, aH)
        _, hr = self.right.wrap(self.right_w, aH)
        self.width, self.height = aW, max(hl, hr)
        self._hl, self._hr = hl, hr
        return self.width, self.height

    def draw(self) -> None:
        self.left.drawOn(self.canv, 0, self.height - self._hl)
        self.right.drawOn(self.canv, self.width - self.right_w, self.height - self._hr)


def title_block(
    title: str,
    office_name: str = "",
    *,
    printed_on: date | None = None,
    subtitles: Sequence[Subtitle] = (),
    show_printed: bool = True,
) -> list[Flowable]:
    """Title centred, then "单位：…" left and "打印日期：yyyy-MM-dd" right, then subtitle lines."""
    ensure_fonts()
    out: list[Flowable] = [BoldText(title, TITLE_SIZE, space_after=6)]
    right = f"打印日期：{format_date(printed_on or date.today())}" if show_printed else ""
    left = f"单位：{office_name}" if office_name else ""
    if left or right:
        out.append(LeftRight(left, right))
    out.extend(_subtitle(line) for line in subtitles if line)
    out.append(Spacer(1, 4))
    return out


class SignatureBlock(Flowable):
    """制表人：______  审核人：______  日期：____年____月____日 — lines are drawn, not typed underscores, so
    they are straight and of equal length in any viewer. Labels that do not fit on one line wrap to a second.
    """

    LINE = 60.0  # shortest line to sign on
    GAP = 22.0
    ROW_H = 26.0
    DATE_BLANKS = ((32.0, "年"), (22.0, "月"), (22.0, "日"))

    def __init__(
        self, labels: Sequence[str], date_line: bool = True, size: float = INFO_SIZE, space_before: float = 12.0
    ) -> None:
        super().__init__()
        self.labels = list(labels)
        self.date_line = date_line
        self.size = size
        self.spaceBefore = space_before

    def _min_width(self, item: str) -> float:
        if item == "日期：":
            return string_width(item, self.size) + sum(w + string_width(u, self.size) + 2 for w, u in self.DATE_BLANKS)
        return string_width(item, self.size) + self.LINE

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        ensure_fonts()
        items = [f"{lab}：" for lab in self.labels] + (["日期："] if self.date_line else [])
        self._rows: list[list[str]] = []
        row: list[str] = []
        used = 0.0
        for item in items:
            w = self._min_width(item)
            if row and used + self.GAP + w > aW:
                self._rows.append(row)
                row, used = [], 0.0
            used += (self.GAP if row else 0.0) + w
            row.append(item)
        if row:
            self._rows.append(row)
        self.width, self.height = aW, self.ROW_H * len(self._rows)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFont(FONT, self.size)
        c.setLineWidth(0.6)
        c.setStrokeColor(BLACK)
        for r_index, row in enumerate(self._rows):
            y = self.height - (r_index + 1) * self.ROW_H + 8
            signers = [item for item in row if item != "日期："]
            spare = self.width - sum(self._min_width(i) for i in row) - self.GAP * (len(row) - 1)
            # Spare width lengthens the signing lines (a one-item row would otherwise stretch absurdly).
            extra = min(spare / len(signers), 80.0) if signers and spare > 0 else 0.0
            x = 0.0
            for item in row:
                c.drawString(x, y, item)
                x += string_width(item, self.size)
                if item == "日期：":
                    for width, unit in self.DATE_BLANKS:
                        c.line(x + 1, y - 2.5, x + width - 1, y - 2.5)
                        c.drawString(x + width + 1, y, unit)
                        x += width + string_width(unit, self.size) + 2
                else:
                    length = self.LINE + extra
                    c.line(x + 1, y - 2.5, x + length, y - 2.5)
                    x += length
                x += self.GAP


def signature_block(labels: Sequence[str], *, date_line: bool = True) -> Flowable:
    return SignatureBlock(labels, date_line)


class CutLine(Flowable):
    """A dashed line with "沿此线剪开" in the middle, between slips printed several to a page."""

    def __init__(self, text: str = "沿此线剪开", space: float = 8.0) -> None:
        super().__init__()
        self.text = text
        self.spaceBefore = self.spaceAfter = space

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = aW, FOOTER_SIZE * 1.4
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFont(FONT, FOOTER_SIZE)
        c.setFillColor(MUTED)
        c.setStrokeColor(MUTED)
        c.setDash(4, 3)
        c.setLineWidth(0.6)
        label = f" {self.text} " if self.text else ""
        tw = string_width(label, FOOTER_SIZE)
        y = self.height / 2
        c.line(0, y, (self.width - tw) / 2, y)
        c.line((self.width + tw) / 2, y, self.width, y)
        if label:
            c.drawCentredString(self.width / 2, y - FOOTER_SIZE * 0.35, label)
        c.restoreState()


def key_value_table(
    pairs: Sequence[tuple[str, str]],
    width: float,
    *,
    per_row: int = 2,
    wide: Collection[str] = (),
    label_width: float = 70.0,
    size: float = 10.0,
) -> Table:
    """A bordered 项目/内容 grid for notices and certificates: grey label cells, wrapping value cells.

    ``per_row`` pairs share a line; a label named in ``wide`` gets a line of its own, its value spanning
    the rest of it (e.g. 检查项目 with a long list of items).
    """
    ensure_fonts()
    ncols = per_row * 2
    value_w = (width - per_row * label_width) / per_row
    col_widths = [label_width if i % 2 == 0 else value_w for i in range(ncols)]
    data: list[list[Any]] = []
    spans: list[int] = []
    line: list[Any] = []

    def flush() -> None:
        nonlocal line
        if line:
            data.append(line + [""] * (ncols - len(line)))
            line = []

    for label, value in pairs:
        if label in wide:
            flush()
            spans.append(len(data))
        line += [para(label, size, "center"), para(value, size)]
        if label in wide or len(line) == ncols:
            flush()
    flush()
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), GRID_WIDTH, BLACK),
        ("BOX", (0, 0), (-1, -1), BOX_WIDTH, BLACK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for c in range(0, ncols, 2):
        cmds.append(("BACKGROUND", (c, 0), (c, -1), HEADER_FILL))
    for r in spans:
        cmds.append(("SPAN", (1, r), (-1, r)))
        cmds.append(("BACKGROUND", (1, r), (-1, r), colors.white))
    return Table(data, colWidths=col_widths, style=TableStyle(cmds), hAlign="CENTER")


@dataclass(frozen=True)
class Opinion:
    """One signer's box on an approval form: what is already on record (may be empty) and who signs."""

    label: str  # 经办人意见
    text: str = ""  # typed in the program, printed at the top of the box
    signer: str = "签字"  # the word before the signing line: 签字, 签字（盖章）
    lines: int = 4  # room for handwriting, in lines of about 10 points


class _SignLine(Flowable):
    """ "签字：________  ____年__月__日" at the right of an opinion box."""

    def __init__(self, signer: str, size: float = INFO_SIZE) -> None:
        super().__init__()
        self.signer, self.size = signer, size

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = aW, self.size * 1.6
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFont(FONT, self.size)
        c.setLineWidth(0.6)
        parts = [(f"{self.signer}：", 90.0), ("", 34.0), ("年", 20.0), ("月", 20.0), ("日", 0.0)]
        total = sum(string_width(t, self.size) + w for t, w in parts) + 24
        x = self.width - total
        y = self.size * 0.4
        for i, (text, blank) in enumerate(parts):
            if i == 1:
                x += 24  # gap between the signature and the date
            c.drawString(x, y, text)
            x += string_width(text, self.size)
            if blank:
                c.line(x + 1, y - 2.5, x + blank - 1, y - 2.5)
                x += blank


def opinion_table(
    opinions: Sequence[Opinion], width: float, *, label_width: float = 90.0, size: float = INFO_SIZE
) -> Table:
    """Bordered boxes with room to write an opinion by hand, each ending in a signature and date line."""
    ensure_fonts()
    inner = width - label_width - 10
    data: list[list[Any]] = []
    for o in opinions:
        leading = size * 1.6
        written = para(o.text, size, leading=leading) if o.text else Spacer(1, 0)
        _, used = written.wrap(inner, 1e9)
        room = max(0.0, o.lines * leading - used)
        data.append([para(o.label, size + 0.5, "center"), [written, Spacer(1, room), _SignLine(o.signer, size)]])
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), GRID_WIDTH, BLACK),
            ("BOX", (0, 0), (-1, -1), BOX_WIDTH, BLACK),
            ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
            ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
            ("VALIGN", (1, 0), (1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
    )
    return Table(data, colWidths=[label_width, width - label_width], style=style, hAlign="CENTER")


# ------------------------------------------------------------------------------------------ document
PageDecorator = Callable[[Canvas, int, int], None]


def story_height(story: Sequence[Flowable], width: float) -> float:
    """Height of ``story`` laid out in one column of ``width`` with nothing split, the spaces between
    flowables included (the larger of neighbouring space-after and space-before, as the frame does)."""
    canvas = Canvas(io.BytesIO())  # some flowables (KeepTogether) measure their parts on a canvas
    total = 0.0
    prev_after = 0.0
    for i, f in enumerate(story):
        if isinstance(f, KeepTogether):
            h = story_height(f._content, width)  # its own wrap answers "huge" to make the frame split it
        else:
            _, h = f.wrapOn(canvas, width, 1e9)
        before = f.getSpaceBefore()
        total += h + (max(prev_after, before) if i else 0.0)
        prev_after = f.getSpaceAfter()
    return total


class _NumberedCanvas(Canvas):
    """Holds every page until the end so each footer can say "共y页" (reportlab's two-pass recipe).

    A held page's drawing code is kept zlib-compressed: as tens of thousands of small strings it took about
    80 KB a page, and a 100,000-worker roster (3,800 pages) went past 600 MB (issue #16); compressed it is
    a few KB. The PDF written is byte for byte the same."""

    def __init__(
        self, *args: Any, decorate: PageDecorator, on_page: Callable[[int], None] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._decorate = decorate
        self._on_page = on_page

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        state = dict(self.__dict__)
        # Canvas.showPage joins the code with newlines; one joined piece gives the same stream.
        state["_code"] = zlib.compress("\n".join(self._code).encode("utf-8", "surrogatepass"), 1)
        self._pages.append(state)
        if self._on_page is not None:
            self._on_page(len(self._pages))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        pages, self._pages = self._pages, []
        for number in range(1, total + 1):
            state = pages[number - 1]
            pages[number - 1] = {}  # each page's state goes as soon as it is written
            packed = state.pop("_code")
            self.__dict__.update(state)
            self._code = [zlib.decompress(packed).decode("utf-8", "surrogatepass")] if packed else []
            self._decorate(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


def page_footer(left: str = "", right: str = "") -> PageDecorator:
    """The footer every form uses: optional note at the left, 第x页 共y页 centred, optional text at the right."""

    def decorate(c: Canvas, number: int, total: int) -> None:
        width = c._pagesize[0]
        c.saveState()
        c.setFont(FONT, FOOTER_SIZE)
        c.setFillColor(BLACK)
        c.drawCentredString(width / 2, FOOTER_Y, f"第{number}页 共{total}页")
        c.setFillColor(MUTED)
        if left:
            c.drawString(MARGIN_X, FOOTER_Y, left)
        if right:
            c.drawRightString(width - MARGIN_X, FOOTER_Y, right)
        c.restoreState()

    return decorate


def build_document(
    out: Path | BinaryIO,
    story: list[Flowable],
    *,
    landscape_: bool = False,
    title: str = "",
    author: str = "",
    subject: str = "",
    decorate: PageDecorator | None = None,
    job: Job | None = None,
    on_page: Callable[[int], None] | None = None,
) -> int:
    """Lay out ``story`` on A4 pages and write the PDF; returns the number of pages.

    A Path is written to a temporary file beside it and moved into place only when complete, so a
    cancel or an error never leaves a half-written PDF (nor destroys the previous one). A stream gets
    the bytes only on success.
    """
    ensure_fonts()
    pagesize = page_size(landscape_)
    pages = 0

    def counted(c: Canvas, number: int, total: int) -> None:
        nonlocal pages
        pages = total
        (decorate or page_footer())(c, number, total)

    def build(target: str | BinaryIO) -> None:
        doc = BaseDocTemplate(
            target,
            pagesize=pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=author,
            subject=subject,
            creator="union-desk",
        )
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            pagesize[0] - 2 * MARGIN_X,
            frame_height(landscape_),
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

        def page_done(n: int) -> None:
            if job is not None and job.cancelled:
                raise Cancelled()
            if on_page is not None:
                on_page(n)

        doc.build(story, canvasmaker=functools.partial(_NumberedCanvas, decorate=counted, on_page=page_done))

    if isinstance(out, (str, Path)):
        target = Path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Not mkstemp: its 0600 mode would make the finished PDF unreadable to colleagues on a shared PC.
        from desktop.reports.part_files import clean_parts, part_path

        clean_parts(target.parent)  # parts a killed print left here
        tmp_name = str(part_path(target, "pdf"))
        try:
            build(tmp_name)
            try:
                os.replace(tmp_name, target)
            except PermissionError as exc:
                raise DomainError(
                    f"无法写入“{target.name}”：文件可能正在被其他程序（如 PDF 阅读器）打开，请关闭后重试"
                ) from exc
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
    else:
        buffer = io.BytesIO()
        build(buffer)
        out.write(buffer.getvalue())
    return pages


# ------------------------------------------------------------------------------------- tabular forms
@dataclass(frozen=True)
class Column:
    title: str
    weight: float = 1.0  # share of the width left after the 序号 column
    align: Align = "center"
    wrap: bool = True  # False: keep on one line, shrinking the text (ID and phone numbers must not break)


@dataclass
class TableGroup:
    """A run of rows under one heading (a unit), with its own 小计 rows after them.

    ``totals`` rows are not numbered; their first cell is a label spanning ``TableForm.total_span`` columns
    (the 序号 column counts), so "小计（47人）" never wraps in a narrow column.
    """

    heading: str
    rows: Sequence[Sequence[str]]
    totals: Sequence[Sequence[str]] = ()


@dataclass
class TableForm:
    """Everything a tabular form needs; ``rows`` are strings only (the caller formats dates and codes).

    ``rows`` may be a generator (pass ``row_count`` for progress); it is read once, so a spec renders once.

    With ``groups`` the rows come from the groups instead: each group's rows follow a heading row
    spanning the table (its name repeated with "（续）" where a group runs onto a new page), then its
    小计 rows; ``totals`` close the table. With ``group_pages`` each group starts a page of its own under
    the full title, numbered from 1 and signed on its own — one sheet (or run of sheets) per unit.

    Every page after a form's first repeats the title and ``running_text`` (e.g. the batch) above the table.
    """

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[str]] = ()
    row_count: int | None = None  # for progress when ``rows`` is a generator
    office_name: str = ""
    subtitles: Sequence[Subtitle] = ()
    landscape: bool = False
    number_column: str | None = "序号"  # prepended and filled 1, 2, 3 … (blank rows too); None: no such column
    signatures: Sequence[str] = ("制表人", "审核人")
    date_line: bool = True
    blank_rows: int = 0  # empty rows after the data, for names written in by hand (签到表)
    min_row_height: float = 0.0  # points; ~22 leaves room for a handwritten signature
    footer_note: str = ""  # bottom-left of every page, e.g. a confidentiality reminder
    empty_text: str = "（无记录）"
    printed_on: date | None = None
    font_size: float = BODY_SIZE
    author: str = ""
    extra_story: list[Flowable] = field(default_factory=list)  # after the signatures (notes, explanations)
    groups: Sequence[TableGroup] | None = None
    group_pages: bool = False
    totals: Sequence[Sequence[str]] = ()  # after all groups (合计)
    total_span: int = 2
    running_text: str = ""  # on every continuation page beside the title; default: the first subtitle
    totals_heading: str = "各单位汇总"  # above ``totals`` when groups have pages of their own


@dataclass
class _Body:
    """The measured table: cell contents and row heights, computed once for all pages."""

    col_widths: list[float]
    header: list[Any]
    header_height: float
    rows: list[list[Any]]
    heights: list[float]
    cum: list[float]  # cum[i] = total height of rows[:i]
    style: list[tuple[Any, ...]]
    frame_h: float  # a full page's height: a row taller than this must be broken inside
    span_first_row: bool = False
    row_style: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)  # per row; row index given as 0
    group_of: list[int] = field(default_factory=list)  # index of the heading row above each row, -1: none
    continued: dict[int, tuple[list[Any], float]] = field(default_factory=dict)  # heading row → "（续）" row, h


class _CellMaker:
    """Turns strings into table cells, using a Paragraph only where text must wrap (Paragraphs are slow)."""

    def __init__(self, columns: Sequence[Column], widths: Sequence[float], size: float) -> None:
        self.columns = columns
        self.inner = [w - 2 * CELL_PAD_X for w in widths]
        self.size = size
        self.leading = round(size * 1.3, 2)
        self.pad = 2 * CELL_PAD_Y

    def cell(self, i: int, text: str, inner: float | None = None, align: Align | None = None) -> tuple[Any, float]:
        if not text:
            return "", self.leading + self.pad
        col = self.columns[i]
        inner = self.inner[i] if inner is None else inner
        align = align or col.align
        if "\n" not in text and string_width(text, self.size) <= inner:
            return text, self.leading + self.pad
        if not col.wrap and "\n" not in text:
            size = self.size
            while size > MIN_SHRINK_SIZE and string_width(text, size) > inner:
                size -= 0.25
            if string_width(text, size) <= inner:
                p = para(text, size, align, self.leading)
                return p, self.leading + self.pad
        p = para(text, self.size, align, self.leading)
        _, h = p.wrap(inner, 1e9)
        return p, h + self.pad


def _running_head(title: str, text: str) -> list[Flowable]:
    """What a continuation page shows above its table: the title, smaller, and the batch or unit."""
    out: list[Flowable] = [BoldText(f"{title}（续）", 13.0, space_after=3)]
    if text:
        out.append(_subtitle(text))
    out.append(Spacer(1, 3))
    return out


class _PagedTable(Flowable):
    """The rest of a measured table from row ``start`` on; splits into one small Table per page.

    The signature block (``trailer``) is drawn under the last rows, so it never stands alone on a page:
    when it does not fit, the last two rows move to the next page with it. Each later page starts with
    ``head`` (the title again) and, inside a group, the group's heading marked "（续）".
    """

    KEEP_WITH_TRAILER = 2

    def __init__(
        self,
        body: _Body,
        start: int,
        trailer: Flowable | None,
        on_rows: Callable[[int], None] | None,
        head: Callable[[], list[Flowable]] | None = None,
        head_h: float = 0.0,
    ) -> None:
        super().__init__()
        self.body, self.start, self.trailer, self.on_rows = body, start, trailer, on_rows
        self.head, self.head_h = head, head_h
        self.hAlign = "CENTER"

    def _trailer_height(self, aW: float) -> float:
        if self.trailer is None:
            return 0.0
        _, h = self.trailer.wrap(aW, 1e9)
        return h + self.trailer.getSpaceBefore()

    def _carried(self, start: int) -> float:
        """Height of the "（续）" heading row a piece starting at ``start`` opens with (0 if none)."""
        b = self.body
        g = b.group_of[start] if start < len(b.group_of) else -1
        if g < 0 or g == start:
            return 0.0
        return b.continued[g][1]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        b = self.body
        self._table_h = b.header_height + self._carried(self.start) + b.cum[-1] - b.cum[self.start]
        self.width = sum(b.col_widths)
        self.height = self._table_h + self._trailer_height(aW)
        return self.width, self.height

    def _piece(self, start: int, end: int) -> Table:
        b = self.body
        style = list(b.style)
        if b.span_first_row and start == 0:
            style.append(("SPAN", (0, 1), (-1, 1)))
        data: list[list[Any]] = [b.header]
        heights = [b.header_height]
        if self._carried(start):
            row, h = b.continued[b.group_of[start]]
            style.extend(_at_row(b.row_style[b.group_of[start]], 1))
            data.append(row)
            heights.append(h)
        first = len(data)
        for r in range(start, end):
            cmds = b.row_style.get(r)
            if cmds:
                style.extend(_at_row(cmds, r - start + first))
        data.extend(b.rows[start:end])
        heights.extend(b.heights[start:end])
        return Table(data, colWidths=b.col_widths, rowHeights=heights, style=TableStyle(style), hAlign="CENTER")

    def split(self, aW: float, aH: float) -> list[Flowable]:
        b = self.body
        n = len(b.rows)
        # At the top of an empty page (under the repeated title): waiting for the next one cannot help.
        fresh_page = aH >= b.frame_h - self.head_h - 1.0
        top = b.header_height + self._carried(self.start)
        end = bisect_right(b.cum, b.cum[self.start] + aH - top + 1e-6) - 1
        if end >= n:
            # All rows fit but the signatures do not: carry the last rows over with them. On an empty page
            # waiting would not help, so carry at least one (the signatures go alone only after a lone row).
            if not fresh_page:
                end = n - self.KEEP_WITH_TRAILER
            elif n - self.start >= 2:
                end = max(self.start + 1, n - self.KEEP_WITH_TRAILER)
            else:
                self._report(n)
                return [self._piece(self.start, n), *([self.trailer] if self.trailer else [])]
        # A group heading is not left as the last row of a page.
        while end > self.start + 1 and end - 1 < n and b.group_of[end - 1] == end - 1:
            end -= 1
        if end <= self.start:
            if self.start < n and b.heights[self.start] + top > b.frame_h - self.head_h - 1.0:
                return self._split_tall_row(aW, aH)
            return []
        self._report(end)
        rest = _PagedTable(b, end, self.trailer, self.on_rows, self.head, self.head_h)
        if self.head is None:
            return [self._piece(self.start, end), rest]
        return [self._piece(self.start, end), PageBreak(), *self.head(), rest]

    def _report(self, done: int) -> None:
        if self.on_rows is not None:
            self.on_rows(done)

    def _split_tall_row(self, aW: float, aH: float) -> list[Flowable]:
        """Break a row taller than a page (a very long note) into a part that fills this page and the rest."""
        b = self.body
        room = aH - b.header_height - self._carried(self.start) - 2 * CELL_PAD_Y - 0.5
        if room < 3 * BODY_SIZE * 1.3:
            return []
        first: list[Any] = []
        rest: list[Any] = []
        rest_h = 0.0
        for i, cell in enumerate(b.rows[self.start]):
            inner = b.col_widths[i] - 2 * CELL_PAD_X
            if isinstance(cell, Paragraph) and cell.wrap(inner, 1e9)[1] > room:
                parts = cell.split(inner, room)
                if len(parts) == 2:
                    first.append(parts[0])
                    rest.append(parts[1])
                    rest_h = max(rest_h, parts[1].wrap(inner, 1e9)[1])
                    continue
            first.append(cell)
            rest.append("")
        if rest_h == 0.0:
            return []
        s = self.start
        b.rows[s : s + 1] = [first, rest]
        b.heights[s : s + 1] = [room + 2 * CELL_PAD_Y, rest_h + 2 * CELL_PAD_Y]
        b.group_of[s : s + 1] = [b.group_of[s], b.group_of[s]]
        # Rows below moved down by one: so do their styles and the group headings they point to.
        b.row_style = {(r + 1 if r > s else r): cmds for r, cmds in b.row_style.items()}
        b.continued = {(r + 1 if r > s else r): v for r, v in b.continued.items()}
        b.group_of = [g + 1 if g > s else g for g in b.group_of]
        b.cum[s + 1 :] = []
        for h in b.heights[s:]:
            b.cum.append(b.cum[-1] + h)
        return self.split(aW, aH)

    def draw(self) -> None:
        b = self.body
        table = self._piece(self.start, len(b.rows))
        table.wrapOn(self.canv, self.width, self._table_h)
        trailer_h = self.height - self._table_h
        table.drawOn(self.canv, 0, trailer_h)
        self._report(len(b.rows))
        if self.trailer is not None:
            self.trailer.wrap(self.width, 1e9)
            self.trailer.drawOn(self.canv, 0, 0)


def _at_row(cmds: Sequence[tuple[Any, ...]], row: int) -> list[tuple[Any, ...]]:
    """Style commands written for row 0, moved to ``row`` of a page's table."""
    return [(name, (a[0], row), (b[0], row), *rest) for name, a, b, *rest in cmds]


def _column_widths(spec: TableForm, total: float) -> tuple[list[Column], list[float]]:
    columns = list(spec.columns)
    fixed = 0.0
    if spec.number_column:
        # Wide enough for "序号" and five digits; the rest is shared by weight.
        fixed = max(string_width(spec.number_column, spec.font_size), string_width("00000", spec.font_size))
        fixed += 2 * CELL_PAD_X + 2
        columns.insert(0, Column(spec.number_column, 0, "center", wrap=False))
    weights = sum(c.weight for c in spec.columns) or 1.0
    widths = [(total - fixed) * c.weight / weights for c in spec.columns]
    if spec.number_column:
        widths.insert(0, fixed)
    return columns, widths


def _base_style(columns: Sequence[Column], size: float) -> list[tuple[Any, ...]]:
    leading = round(size * 1.3, 2)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, size, leading),
        ("GRID", (0, 0), (-1, -1), GRID_WIDTH, BLACK),
        ("BOX", (0, 0), (-1, -1), BOX_WIDTH, BLACK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
    ]
    for i, col in enumerate(columns):
        style.append(("ALIGN", (i, 1), (i, -1), _TABLE_ALIGN[col.align]))
    style.append(("ALIGN", (0, 0), (-1, 0), "CENTER"))
    return style


GROUP_FILL = colors.HexColor("#F0F0F0")


class _Measure:
    """Measures rows into a _Body: data rows (numbered), group headings and total rows."""

    def __init__(self, spec: TableForm, width: float, job: Job | None) -> None:
        self.spec, self.job = spec, job
        self.columns, self.widths = _column_widths(spec, width)
        self.maker = _CellMaker(self.columns, self.widths, spec.font_size)
        self.numbered = spec.number_column is not None
        self.offset = 1 if self.numbered else 0
        self.ncols = len(self.columns)
        self.measured = 0  # rows measured so far, for progress
        header: list[Any] = []
        header_h = 0.0
        for i, col in enumerate(self.columns):
            p = para(col.title, spec.font_size, "center")
            header.append(p)
            header_h = max(header_h, p.wrap(self.maker.inner[i], 1e9)[1] + self.maker.pad)
        self.header = header
        self.header_h = max(header_h, spec.font_size * 1.3 + 2 * CELL_PAD_Y + 4)
        self.new_body()

    def new_body(self) -> None:
        self.rows: list[list[Any]] = []
        self.heights: list[float] = []
        self.row_style: dict[int, list[tuple[Any, ...]]] = {}
        self.group_of: list[int] = []
        self.continued: dict[int, tuple[list[Any], float]] = {}
        self.group = -1
        self.number = 0

    def data(self, values: Sequence[str]) -> None:
        if self.job is not None and self.measured % 200 == 0:
            expected = self.spec.row_count or 0
            self.job.step(self.measured, 3 * max(expected, self.measured + 1), "正在整理数据…")
        self.measured += 1
        self.number += 1
        cells: list[Any] = []
        h = self.spec.min_row_height
        if self.numbered:
            cell, ch = self.maker.cell(0, str(self.number))
            cells.append(cell)
            h = max(h, ch)
        for i in range(self.ncols - self.offset):
            text = values[i] if i < len(values) else ""
            cell, ch = self.maker.cell(i + self.offset, "" if text is None else str(text))
            cells.append(cell)
            h = max(h, ch)
        self._add(cells, h)

    def heading(self, text: str) -> None:
        """A row spanning the table naming the group below it (the unit's full path)."""
        width = sum(self.widths) - 2 * CELL_PAD_X
        cell, h = self.maker.cell(0, text, width, "left")
        cont, ch = self.maker.cell(0, f"{text}（续）", width, "left")
        self.group = len(self.rows)
        cmds = [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), GROUP_FILL),
            ("ALIGN", (0, 0), (-1, 0), "LEFT"),
        ]
        self.row_style[self.group] = cmds
        self.continued[self.group] = ([cont] + [""] * (self.ncols - 1), ch + 2)
        self._add([cell] + [""] * (self.ncols - 1), h + 2)

    def total(self, values: Sequence[str]) -> None:
        """A 小计/合计 row: the label spans the first ``total_span`` columns, amounts stay in theirs."""
        span = max(1, min(self.spec.total_span, self.ncols))
        label_w = sum(self.widths[:span]) - 2 * CELL_PAD_X
        cells: list[Any] = []
        h = self.spec.min_row_height
        cell, ch = self.maker.cell(0, values[0] if values else "", label_w, "center")
        cells.append(cell)
        h = max(h, ch)
        cells.extend([""] * (span - 1))
        for i in range(span, self.ncols):
            # values line up with the spec's columns: the label stands for the first span − offset of them
            k = i - self.offset
            text = values[k] if 1 <= k < len(values) else ""
            cell, ch = self.maker.cell(i, "" if text is None else str(text))
            cells.append(cell)
            h = max(h, ch)
        cmds: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (-1, 0), GROUP_FILL)]
        if span > 1:
            cmds.insert(0, ("SPAN", (0, 0), (span - 1, 0)))
        self.row_style[len(self.rows)] = cmds
        self._add(cells, h)

    def _add(self, cells: list[Any], h: float) -> None:
        self.group_of.append(self.group)
        self.rows.append(cells)
        self.heights.append(h)

    def end_group(self) -> None:
        self.group = -1

    def body(self, blank_rows: int = 0, empty: bool = True) -> _Body:
        spec = self.spec
        span_first = False
        if not self.rows and blank_rows == 0 and empty:
            self.rows.append([spec.empty_text] + [""] * (self.ncols - 1))
            self.heights.append(max(spec.min_row_height, self.maker.leading + self.maker.pad + 6))
            self.group_of.append(-1)
            span_first = True
        blank_h = max(spec.min_row_height, 22.0)
        for _ in range(blank_rows):
            self.number += 1
            self.rows.append(([str(self.number)] if self.numbered else []) + [""] * (self.ncols - self.offset))
            self.heights.append(blank_h)
            self.group_of.append(-1)
        cum = [0.0]
        for h in self.heights:
            cum.append(cum[-1] + h)
        return _Body(
            self.widths,
            self.header,
            self.header_h,
            self.rows,
            self.heights,
            cum,
            _base_style(self.columns, spec.font_size),
            frame_height(spec.landscape),
            span_first,
            self.row_style,
            self.group_of,
            self.continued,
        )


def _first_subtitle(subtitles: Sequence[Subtitle]) -> str:
    """What a continuation page repeats when the form names nothing: its first subtitle (the activity,
    the plan and day, the scope), the left part of a (left, right) pair."""
    for line in subtitles:
        if line:
            return line if isinstance(line, str) else line[0]
    return ""


def render_table_form(spec: TableForm, out: Path | BinaryIO, job: Job | None = None) -> int:
    """Render a tabular form to PDF; returns the number of pages. ``job.step`` reports rows then pages."""
    ensure_fonts()
    width = frame_width(spec.landscape)
    m = _Measure(spec, width, job)
    bodies: list[tuple[_Body, TableGroup | None]] = []
    if spec.groups is None:
        for values in spec.rows:
            m.data(values)
        for values in spec.totals:
            m.total(values)
        bodies.append((m.body(spec.blank_rows), None))
    elif spec.group_pages:
        for group in spec.groups:
            for values in group.rows:
                m.data(values)
            for values in group.totals:
                m.total(values)
            bodies.append((m.body(), group))
            m.new_body()
        if spec.totals or not spec.groups:
            for values in spec.totals:
                m.total(values)
            bodies.append((m.body(spec.blank_rows), None))
    else:
        for group in spec.groups:
            m.heading(group.heading)
            for values in group.rows:
                m.data(values)
            for values in group.totals:
                m.total(values)
            m.end_group()
        for values in spec.totals:
            m.total(values)
        bodies.append((m.body(spec.blank_rows), None))

    total_rows = sum(len(b.rows) for b, _ in bodies)
    progress_total = 3 * max(total_rows, 1)

    def reporter(before: int) -> Callable[[int], None] | None:
        if job is None:
            return None
        return lambda done: job.step(total_rows + 2 * (before + done), progress_total, "正在排版…")

    story: list[Flowable] = []
    before = 0
    for index, (body, group) in enumerate(bodies):
        subtitles = list(spec.subtitles)
        running = spec.running_text or _first_subtitle(spec.subtitles)
        if group is not None:
            subtitles.append(group.heading)
            running = f"{running}　{group.heading}" if running else group.heading
        elif spec.group_pages and spec.groups:
            subtitles.append(spec.totals_heading)
            running = f"{running}　{spec.totals_heading}" if running else spec.totals_heading

        def head(running: str = running) -> list[Flowable]:
            return _running_head(spec.title, running)

        if index:
            story.append(PageBreak())
        story.extend(title_block(spec.title, spec.office_name, printed_on=spec.printed_on, subtitles=subtitles))
        trailer = SignatureBlock(spec.signatures, spec.date_line) if (spec.signatures or spec.date_line) else None
        story.append(_PagedTable(body, 0, trailer, reporter(before), head, story_height(head(), width)))
        before += len(body.rows)
    story.extend(spec.extra_story)
    right = spec.title if not spec.office_name else f"{spec.office_name}·{spec.title}"
    pages = build_document(
        out,
        story,
        landscape_=spec.landscape,
        title=spec.title,
        author=spec.author,
        subject=spec.office_name,
        decorate=page_footer(spec.footer_note, right),
        job=job,
    )
    if job is not None:
        job.step(progress_total, progress_total, f"已生成 {pages} 页")
    return pages
