"""荣誉证书 (issue #17): "称号。" never wraps alone, the citation's lines are balanced, the seal area is drawn
(a circle with 盖章处 over the union's name and date) on plain paper and left out on bought card."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from desktop.reports.activities.certificate_pdf import Certificate, _citation, balanced_width, render_honour_certificate
from desktop.reports.pdf.form import frame_width
from desktop.reports.pdf.linebreak import CJKParagraph, line_texts

INNER = frame_width(True) - 60 * mm  # the text width inside the certificate's padding
STUB = "在2026年度全旗林区女职中表现突出，荣获“巾帼建功标兵”称号。"  # wraps to a lone "称号。" without care


def _cert(activity: str = "全旗林区女职", **kw: str) -> Certificate:
    fields = {
        "holder": "乌日娜",
        "year": 2026,
        "honour": "巾帼建功标兵",
        "activity": activity,
        "issuer": "阿里河森工公司工会",
        "issued_on": "2026年3月8日",
        "number": "证2026-0005",
    }
    fields.update(kw)
    return Certificate(**fields)  # type: ignore[arg-type]


def test_the_defect_plain_wrapping_leaves_the_word_alone() -> None:
    style = _citation(STUB).style
    assert line_texts(CJKParagraph(STUB, style), INNER)[-1] == "称号。"


@pytest.mark.parametrize("activity", ["全旗林区", "全旗林区女职", "女职工技能大比武暨劳动竞赛" + "系列" * 10])
def test_the_last_line_keeps_four_characters(activity: str) -> None:
    text = f"在2026年度{activity}中表现突出，荣获“巾帼建功标兵”称号。"
    lines = line_texts(_citation(text), INNER)
    assert len(lines[-1]) >= 4 and "".join(lines) == text


def test_balanced_lines_are_of_about_equal_length() -> None:
    width = balanced_width(lambda: _citation(STUB), INNER)
    lines = line_texts(_citation(STUB), width)
    assert len(lines) == 2 and width < INNER
    assert abs(len(lines[0]) + 2 - len(lines[1])) <= 3  # the first line is indented two characters


def test_certificate_in_print(tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    assert render_honour_certificate(_cert(), out) == 1
    text = PdfReader(out).pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines()]
    assert "称号。" not in lines
    flat = "".join(text.split())
    for needle in (
        "荣誉证书",
        "乌日娜同志：",
        "荣获“巾帼建功标兵”称号。",
        "特发此证，以资鼓励。",
        "阿里河森工公司工会",
        "2026年3月8日",
        "盖章处",
        "证书编号：证2026-0005",
    ):
        assert needle in flat, needle
    card = tmp_path / "card.pdf"
    render_honour_certificate(_cert(holder="张子轩家庭"), card, frame=False)
    flat = "".join(PdfReader(card).pages[0].extract_text().split())
    assert "张子轩家庭：" in flat and "盖章处" not in flat  # bought card has its own border and seal place


def test_a_very_long_citation_still_fits_one_page(tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    long = _cert(activity="内蒙古森工集团阿里河森工公司" * 8, honour="全国五一巾帼标兵岗" * 3)
    assert render_honour_certificate(long, out) == 1
    assert "特发此证" in PdfReader(out).pages[0].extract_text()
