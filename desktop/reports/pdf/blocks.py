"""The blocks of forms that are not only a table — notices, approvals, certificates, cut-apart slips — and
the signature lines that also close every tabular form: ``SignatureBlock``/``signature_block``, ``CutLine``,
``key_value_table`` (the bordered 项目/内容 grid) and ``opinion_table`` (boxes to write an opinion in by hand).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer, Table
from reportlab.platypus.tables import TableStyle

from desktop.reports.pdf.fonts import FONT, ensure_fonts, string_width
from desktop.reports.pdf.form import (
    BLACK,
    BOX_WIDTH,
    FOOTER_SIZE,
    GRID_WIDTH,
    HEADER_FILL,
    INFO_SIZE,
    MUTED,
    para,
)


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
