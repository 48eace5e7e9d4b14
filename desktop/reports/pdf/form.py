"""The shared look of every printed form: its style, the title block, and the A4 document with "第x页 共y页".

One style for all forms, so a clerk's binder looks like one office made it: a large centred title, the
office and print date beneath, "第x页 共y页" at the foot of each page. Tabular forms (花名册、台账、签收表、
签到表) are laid out by table.py; the pieces of notices, approvals and certificates (signature lines, the
项目/内容 grid, opinion boxes, the cut line) are in blocks.py.
"""

from __future__ import annotations

import functools
import io
import os
import zlib
from collections.abc import Callable, Sequence
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
    PageTemplate,
    Paragraph,
    Spacer,
)

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


def subtitle_line(line: Subtitle) -> Flowable:
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
    out.extend(subtitle_line(line) for line in subtitles if line)
    out.append(Spacer(1, 4))
    return out


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

    def showPage(self) -> None:
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


def _doc_template(
    target: str | BinaryIO, landscape_: bool, *, title: str, author: str, subject: str
) -> BaseDocTemplate:
    """An A4 document with one body frame inside the margins, the footer's room left below it."""
    pagesize = page_size(landscape_)
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
    return doc


def _write_replacing(target: Path, build: Callable[[str], None]) -> None:
    """``build`` writes a part file beside ``target``, moved into place only when complete."""
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
    pages = 0

    def counted(c: Canvas, number: int, total: int) -> None:
        nonlocal pages
        pages = total
        (decorate or page_footer())(c, number, total)

    def build(target: str | BinaryIO) -> None:
        doc = _doc_template(target, landscape_, title=title, author=author, subject=subject)

        def page_done(n: int) -> None:
            if job is not None and job.cancelled:
                raise Cancelled()
            if on_page is not None:
                on_page(n)

        doc.build(story, canvasmaker=functools.partial(_NumberedCanvas, decorate=counted, on_page=page_done))

    if isinstance(out, (str, Path)):
        _write_replacing(Path(out), build)
    else:
        buffer = io.BytesIO()
        build(buffer)
        out.write(buffer.getvalue())
    return pages
