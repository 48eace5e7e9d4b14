"""荣誉证书: an A4 landscape certificate for one honour — a double border, the title, the citation, the
issuing union and date — printed on plain paper or on bought certificate card (``frame=False``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.reports.pdf.form import BoldText, build_document, frame_width, para, paragraph_style
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


def _citation(text: str, size: float = 20) -> Paragraph:
    """A paragraph indented by two characters, as Chinese prose is (leading spaces would be stripped)."""
    style = ParagraphStyle("cert", parent=paragraph_style(size, "left", size * 1.7), firstLineIndent=2 * size)
    return CJKParagraph(escape(text), style)


def render_honour_certificate(cert: Certificate, out: Path | BinaryIO, *, frame: bool = True) -> int:
    if not cert.activity:
        what = f"在{cert.year}年度工作中"
    elif str(cert.year) in cert.activity:  # "2026年度最美家庭评选" already says the year
        what = f"在{cert.activity}中"
    else:
        what = f"在{cert.year}年度{cert.activity}中"
    inner: list[Flowable] = [
        para(f"{cert.holder}{'' if cert.holder.endswith('家庭') else '同志'}：", 20),
        Spacer(1, 5 * mm),
        _citation(f"{what}表现突出，荣获“{cert.honour}”称号。"),
        _citation("特发此证，以资鼓励。"),
        Spacer(1, 16 * mm),
        para(cert.issuer, 16, "right"),
        Spacer(1, 3 * mm),
        para(cert.issued_on, 16, "right"),
    ]
    width = frame_width(True)
    # Padding keeps the words well inside the printed border (and the margins of bought certificate card).
    body = Table([[f] for f in inner], colWidths=[width],
                 style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 28 * mm),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 28 * mm),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    story: list[Flowable] = [Spacer(1, 20 * mm), BoldText(TITLE, 40, space_after=14 * mm), body,
                             Spacer(1, 14 * mm), para(f"证书编号：{cert.number}", 9, "center")]
    decorate = _border if frame else (lambda c, n, t: None)
    return build_document(out, story, landscape_=True, title=TITLE, subject=cert.honour, decorate=decorate)
