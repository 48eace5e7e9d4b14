"""Table forms (issue #17): the title and what the sheet is for on every page; groups of rows under a
heading (repeated with （续） on a new page) with 小计 rows whose label spans columns; page groups that
each start a page, number from 1 and end in their own signatures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from desktop.reports.pdf.table import Column, TableForm, TableGroup, render_table_form


def _pages(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def _flat(text: str) -> str:
    return "".join(text.split())


def _spec(**kw: object) -> TableForm:
    base: dict[str, object] = {
        "title": "测试登记表",
        "office_name": "测试工会",
        "printed_on": date(2026, 3, 8),
        "columns": [Column("姓名"), Column("岗位", 2), Column("金额", 1, "right")],
        "subtitles": [("事项：2026年春节慰问", "共90人")],
    }
    base.update(kw)
    return TableForm(**base)  # type: ignore[arg-type]


def _groups() -> list[TableGroup]:
    return [
        TableGroup(
            f"单位{u}",
            [[f"{u}号{i:02d}", "营林工", "100.00"] for i in range(n)],
            [[f"小计（{n}人）", "", f"{n * 100:,}.00"]],
        )
        for u, n in (("甲", 50), ("乙", 3), ("丙", 37))
    ]


def test_every_page_repeats_the_title_and_the_first_subtitle(tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    rows = [[f"职工{i:03d}", "营林工", "1.00"] for i in range(150)]
    pages = render_table_form(_spec(rows=rows), out)
    texts = _pages(out)
    assert pages == len(texts) >= 3
    for i, text in enumerate(texts):
        flat = _flat(text)
        assert "测试登记表" in flat and "事项：2026年春节慰问" in flat, i
        if i:
            assert "测试登记表（续）" in flat


def test_inline_groups_have_headings_subtotals_and_carry_on(tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    render_table_form(_spec(groups=_groups(), totals=[["合计（90人）", "", "9,000.00"]]), out)
    texts = _pages(out)
    flat = _flat("".join(texts))
    assert flat.index("单位甲") < flat.index("小计（50人）") < flat.index("单位乙") < flat.index("小计（3人）")
    assert flat.index("单位丙") < flat.index("小计（37人）") < flat.index("合计（90人）")
    # a unit that runs onto the next page names itself again there
    assert any("单位甲（续）" in _flat(t) for t in texts[1:])
    # subtotal labels span the 序号 and 姓名 columns: one line, not wrapped
    lines = [line.strip() for t in texts for line in t.splitlines()]
    assert any(line.startswith("小计（50人）") for line in lines)
    # numbering runs through the groups
    assert "90" in [line.split()[0] for line in lines if line.split()]


def test_page_groups_start_pages_restart_numbers_and_sign_each(tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    render_table_form(
        _spec(
            groups=_groups(),
            group_pages=True,
            signatures=("经办人", "审核人"),
            totals=[["合计（90人）", "", "9,000.00"]],
            totals_heading="汇总",
        ),
        out,
    )
    texts = _pages(out)
    owner = []
    for text in texts:
        names = [g for g in ("单位甲", "单位乙", "单位丙", "汇总") if g in _flat(text)]
        assert len(names) == 1, names
        owner.append(names[0])
    assert [g for k, g in enumerate(owner) if not k or owner[k - 1] != g] == ["单位甲", "单位乙", "单位丙", "汇总"]
    for group in ("单位甲", "单位乙", "单位丙", "汇总"):
        mine = [t for t, g in zip(texts, owner, strict=True) if g == group]
        assert "经办人：" in mine[-1] and all("经办人：" not in t for t in mine[:-1]), group
    first_of_yi = texts[owner.index("单位乙")]
    numbers = [line.split()[0] for line in first_of_yi.splitlines() if line.split()]
    assert "1" in numbers and "51" not in numbers  # 乙's sheet numbers from 1
