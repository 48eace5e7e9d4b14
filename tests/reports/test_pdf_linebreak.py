"""Chinese line-breaking rules on printed forms: no line starts with 》，。；、）：！？” and none ends with 《（“.

reportlab's own CJK wrapping printed "》；" at the start of a line of the 告知单 (issue #17); every form's
paragraphs now go through desktop.reports.pdf.linebreak.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph

from desktop.reports.pdf.form import para, paragraph_style
from desktop.reports.pdf.linebreak import NO_LINE_END, NO_LINE_START, CJKParagraph, break_index, line_texts

BASIS = (
    "告知依据：国务院令第619号《女职工劳动保护特别规定》第五条、第六条、第七条、第九条及附录《女职工禁忌从事"
    "的劳动范围》；《内蒙古自治区人口与计划生育条例》（在国家规定基础上延长产假）；《中华人民共和国劳动合同法》"
    "第四十二条第四项、第四十五条（女职工在孕期、产期、哺乳期的，劳动合同期满应当续延至哺乳期满）。"
)
CLOSERS = "》，。；、）：！？”"
OPENERS = "《（“"


def _violations(lines: list[str]) -> list[str]:
    bad = [line for line in lines[1:] if line and line[0] in CLOSERS]
    return bad + [line for line in lines[:-1] if line and line[-1] in OPENERS]


def test_reportlab_alone_starts_a_line_with_closing_marks() -> None:
    """The defect as it was: the plain reportlab Paragraph breaks before "》；" at some width."""
    style = paragraph_style(10)
    assert any(_violations(line_texts(Paragraph(BASIS, style), w)) for w in range(60, 400, 3))


@pytest.mark.parametrize("size", [8.0, 9.0, 10.0, 12.0])
def test_no_line_starts_with_a_closer_or_ends_with_an_opener_at_any_width(size: float) -> None:
    style = paragraph_style(size)
    for width in range(40, 500, 3):
        lines = line_texts(CJKParagraph(BASIS, style), width)
        assert not _violations(lines), (width, lines)
        assert "".join(lines) == BASIS  # nothing lost or doubled


def test_para_uses_the_rules_and_keeps_words_and_line_breaks() -> None:
    lines = line_texts(para("甲乙丙丁戊己庚辛壬癸2026-01-25发放", 10), 105)
    assert "2026-01-25" in "|".join(lines).replace("|", "") and any("2026-01-25" in line for line in lines)
    assert line_texts(para("第一行\n第二行", 10), 200) == ["第一行", "第二行"]


def test_break_index_moves_closers_with_the_character_before() -> None:
    text = list("规定》；哺乳")
    # the line could hold "规定" and the next character is "》": "定" goes down with "》；"
    assert break_index(text, 0, 2) == 1
    # a line of punctuation only must still break somewhere (progress over rules)
    assert break_index(list("》》》》"), 0, 2) == 2
    assert break_index(list("甲《乙》"), 0, 2) == 1  # "《" does not end a line


def test_the_sets_hold_the_chinese_marks() -> None:
    assert set(CLOSERS) <= NO_LINE_START
    assert set(OPENERS) <= NO_LINE_END


def test_no_form_builds_a_plain_reportlab_paragraph() -> None:
    """One helper for every form: modules use para() or CJKParagraph, never reportlab's Paragraph(...)."""
    root = Path(__file__).resolve().parents[2] / "desktop" / "reports" / "pdf"
    offenders = []
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Paragraph":
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_a_unit_path_breaks_after_its_slash() -> None:
    """The ledger's 单位 cell: "吉文林场/管" + "护一组" was the break; now the farm and the team each keep a line."""
    for width in range(50, 74, 2):  # narrower than the whole path, wider than "吉文林场/"
        lines = line_texts(para("吉文林场/管护一组", 9), width)
        assert lines == ["吉文林场/", "管护一组"], (width, lines)
