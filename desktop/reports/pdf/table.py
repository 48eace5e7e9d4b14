"""The engine for tabular forms (花名册、台账、签收表、签到表): a plain bordered table whose grey header row
repeats on every page, rows grouped under headings with 小计 rows, 合计 at the end, and signature lines under
the last rows. ``TableForm`` says what to print; ``render_table_form`` writes it in the shared look (form.py).

Large inputs: a 20,000-row roster is 500+ pages. reportlab's own Table re-measures and copies every
remaining row on each page split, which is quadratic, so rows are measured once here and each page gets a
small Table of just its rows (``_PagedTable``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus.tables import TableStyle

from desktop.core.progress import Job
from desktop.reports.pdf.blocks import SignatureBlock
from desktop.reports.pdf.fonts import FONT, ensure_fonts, string_width
from desktop.reports.pdf.form import (
    BLACK,
    BODY_SIZE,
    BOX_WIDTH,
    CELL_PAD_X,
    CELL_PAD_Y,
    GRID_WIDTH,
    HEADER_FILL,
    MIN_SHRINK_SIZE,
    Align,
    BoldText,
    Subtitle,
    build_document,
    frame_height,
    frame_width,
    page_footer,
    para,
    story_height,
    subtitle_line,
    title_block,
)

_TABLE_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}


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
        out.append(subtitle_line(text))
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


def _measure(spec: TableForm, width: float, job: Job | None) -> list[tuple[_Body, TableGroup | None]]:
    """The form's tables, measured: one, or with ``group_pages`` one per group (then one for the totals)."""
    measure = _Measure(spec, width, job)
    if spec.groups is None:
        for values in spec.rows:
            measure.data(values)
        for values in spec.totals:
            measure.total(values)
        return [(measure.body(spec.blank_rows), None)]
    if spec.group_pages:
        bodies: list[tuple[_Body, TableGroup | None]] = []
        for group in spec.groups:
            for values in group.rows:
                measure.data(values)
            for values in group.totals:
                measure.total(values)
            bodies.append((measure.body(), group))
            measure.new_body()
        if spec.totals or not spec.groups:
            for values in spec.totals:
                measure.total(values)
            bodies.append((measure.body(spec.blank_rows), None))
        return bodies
    for group in spec.groups:
        measure.heading(group.heading)
        for values in group.rows:
            measure.data(values)
        for values in group.totals:
            measure.total(values)
        measure.end_group()
    for values in spec.totals:
        measure.total(values)
    return [(measure.body(spec.blank_rows), None)]


def _headings(spec: TableForm, group: TableGroup | None) -> tuple[list[Subtitle], str]:
    """The subtitles under a table's title and the text its continuation pages repeat."""
    subtitles = list(spec.subtitles)
    running = spec.running_text or _first_subtitle(spec.subtitles)
    if group is not None:
        subtitles.append(group.heading)
        running = f"{running}　{group.heading}" if running else group.heading
    elif spec.group_pages and spec.groups:
        subtitles.append(spec.totals_heading)
        running = f"{running}　{spec.totals_heading}" if running else spec.totals_heading
    return subtitles, running


def render_table_form(spec: TableForm, out: Path | BinaryIO, job: Job | None = None) -> int:
    """Render a tabular form to PDF; returns the number of pages. ``job.step`` reports rows then pages."""
    ensure_fonts()
    width = frame_width(spec.landscape)
    bodies = _measure(spec, width, job)
    total_rows = sum(len(body.rows) for body, _ in bodies)
    progress_total = 3 * max(total_rows, 1)

    def reporter(before: int) -> Callable[[int], None] | None:
        if job is None:
            return None
        return lambda done: job.step(total_rows + 2 * (before + done), progress_total, "正在排版…")

    story: list[Flowable] = []
    before = 0
    for index, (body, group) in enumerate(bodies):
        subtitles, running = _headings(spec, group)

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
