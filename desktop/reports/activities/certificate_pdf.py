"""荣誉证书: an A4 landscape certificate for one honour — a double border, the title set wide, the citation
in balanced lines, the issuing union and date under a seal circle — printed on plain paper or on bought
certificate card (``frame=False``).

The face is the program's one CJK font (WenQuanYi Micro Hei, a sans): a formal serif (宋体) face that
reportlab can load is a 20 MB TrueType file (AR PL UMing), and the bundle has no room for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.reports.pdf.fonts import FONT, string_width
from desktop.reports.pdf.form import build_document, para, paragraph_style
from desktop.reports.pdf.linebreak import CJKParagraph

TITLE = "荣誉证书"
RED = colors.HexColor("#B22222")
GOLD = colors.HexColor("#B8860B")


@dataclass(frozen=True)
class Certificate:
    holder: str  # "张丽" or "张丽家庭"
    year: int
    honour: str
    activity: str  # "" when the honour came from no recorded activity
    issuer: str
    issued_on: str  # "二〇二六年三月八日" or "2026年3月8日"
    number: str  # the honour's serial (证2026-0005), so a certificate can be traced to its register line


MUTED = colors.HexColor("#9A9A9A")
TEXT_SIZE = 20.0
MIN_TEXT_SIZE = 14.0
SEAL_RADIUS = 21 * mm  # a union's round seal is 40–42 mm across


def _border(c: Canvas, number: int, total: int) -> None:
    w, h = c._pagesize
    c.saveState()
    c.setStrokeColor(RED)
    c.setLineWidth(4)
    c.rect(10 * mm, 10 * mm, w - 20 * mm, h - 20 * mm)
    c.setStrokeColor(GOLD)
    c.setLineWidth(1.2)
    c.rect(14 * mm, 14 * mm, w - 28 * mm, h - 28 * mm)
    c.restoreState()


def _citation(text: str, size: float = TEXT_SIZE) -> CJKParagraph:
    """A paragraph indented by two characters, as Chinese prose is (leading spaces would be stripped); its
    last line keeps at least four characters, so "称号。" never stands alone."""
    style = ParagraphStyle(f"cert-{size}", parent=paragraph_style(size, "left", size * 1.8), firstLineIndent=2 * size)
    return CJKParagraph(escape(text), style, min_last=4)


def balanced_width(make: Callable[[], Paragraph], width: float) -> float:
    """The narrowest width at which the paragraph takes no more lines than at ``width``: its lines come
    out of about equal length instead of one full line and a stub."""

    def lines(w: float) -> int:
        p = make()
        p.wrap(w, 1e9)  # wrap, not breakLines: it takes the first-line indent off the first line
        return len(p.blPara.lines)

    target = lines(width)
    if target <= 1:
        return width
    low, high = width / target, width
    while high - low > 2:
        mid = (low + high) / 2
        if lines(mid) <= target:
            high = mid
        else:
            low = mid
    return high


class _SpacedTitle(Flowable):
    """荣 誉 证 书: the title set wide, in the certificate red, drawn bold (fill and a thin stroke)."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.text, self.size = text, size

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = aW, self.size * 1.3
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        space = self.size * 0.6
        w = string_width(self.text, self.size) + space * (len(self.text) - 1)
        c.saveState()
        c.setFillColor(RED)
        c.setStrokeColor(RED)
        c.setLineWidth(self.size / 40)
        t = c.beginText()
        t.setTextRenderMode(2)
        t.setFont(FONT, self.size)
        t.setCharSpace(space)
        t.setTextOrigin((self.width - w) / 2, self.size * 0.25)
        t.textOut(self.text)
        c.drawText(t)
        c.restoreState()


class _Body(Flowable):
    """Everything below the title, laid out on the page's remaining height: the salutation and citation
    centred in the space between the title and the signature; the issuer and date at the lower right
    with the seal circle over them (a seal is stamped across the union's name and the date); the number
    at the foot."""

    def __init__(self, cert: Certificate, what: str, seal: bool) -> None:
        super().__init__()
        self.cert, self.what, self.seal = cert, what, seal

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = aW, aH
        return aW, aH

    def _text(self, size: float) -> list[Paragraph]:
        cert = self.cert
        holder = para(f"{cert.holder}{'' if cert.holder.endswith('家庭') else '同志'}：", size + 2)
        return [
            holder,
            _citation(f"{self.what}表现突出，荣获“{cert.honour}”称号。", size),  # the same text as draw's
            _citation("特发此证，以资鼓励。", size),
        ]

    def draw(self) -> None:
        c = self.canv
        pad = 30 * mm  # well inside the border, and inside the margins of bought certificate card
        inner = self.width - 2 * pad
        bottom_block = 42 * mm  # issuer, date and the seal over them, and the number below
        room = self.height - bottom_block - 6 * mm
        size = TEXT_SIZE
        citation = f"{self.what}表现突出，荣获“{self.cert.honour}”称号。"
        while True:
            paras = self._text(size)
            width = balanced_width(partial(_citation, citation, size), inner)
            heights = [p.wrap(inner if i == 0 else width, 1e9)[1] for i, p in enumerate(paras)]
            total = sum(heights) + size * 0.6 * (len(paras) - 1)
            if total <= room or size <= MIN_TEXT_SIZE:
                break
            size -= 1
        y = self.height - max(0.0, (room - total) / 2)
        # Balanced lines narrower than the page: the block is centred, the salutation at its left edge.
        left = pad + max(0.0, (inner - max(width, paras[0].minWidth())) / 2)
        for i, (p, h) in enumerate(zip(paras, heights, strict=True)):
            y -= h
            p.drawOn(c, left, y)
            y -= size * 0.6 if i < len(paras) - 1 else 0

        # Issuer and date, right-aligned under each other, centred as a block on the seal.
        right = self.width - pad
        issuer_size, date_size = 18.0, 16.0
        issuer_w = string_width(self.cert.issuer, issuer_size)
        date_w = string_width(self.cert.issued_on, date_size)
        block_w = max(issuer_w, date_w)
        centre_x = right - block_w / 2
        issuer_y = 30 * mm
        date_y = issuer_y - 9 * mm
        c.setFillColor(colors.black)
        c.setFont(FONT, issuer_size)
        c.drawCentredString(centre_x, issuer_y, self.cert.issuer)
        c.setFont(FONT, date_size)
        c.drawCentredString(centre_x, date_y, self.cert.issued_on)
        if self.seal:
            c.saveState()
            c.setStrokeColor(RED)
            c.setLineWidth(0.8)
            c.setDash(3, 3)
            cy = (issuer_y + date_y) / 2 + 3
            c.circle(centre_x, cy, SEAL_RADIUS, stroke=1, fill=0)
            c.setFillColor(MUTED)
            c.setFont(FONT, 9)
            c.drawCentredString(centre_x, cy + SEAL_RADIUS - 14, "盖章处")
            c.restoreState()
        c.setFillColor(colors.black)
        c.setFont(FONT, 9)
        c.drawCentredString(self.width / 2, 0, f"证书编号：{self.cert.number}")


def render_honour_certificate(cert: Certificate, out: Path | BinaryIO, *, frame: bool = True) -> int:
    """One certificate on A4 landscape; ``frame=False`` leaves out the border and the seal circle, for
    bought certificate card that has its own."""
    if not cert.activity:
        what = f"在{cert.year}年度工作中"
    elif str(cert.year) in cert.activity:  # "2026年度最美家庭评选" already says the year
        what = f"在{cert.activity}中"
    else:
        what = f"在{cert.year}年度{cert.activity}中"
    story: list[Flowable] = [
        Spacer(1, 16 * mm),
        _SpacedTitle(TITLE, 40),
        Spacer(1, 14 * mm),
        _Body(cert, what, seal=frame),
    ]
    decorate = _border if frame else (lambda c, n, t: None)
    return build_document(out, story, landscape_=True, title=TITLE, subject=cert.honour, decorate=decorate)
