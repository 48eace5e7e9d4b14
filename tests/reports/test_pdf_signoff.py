"""慰问金（品）发放签收表 layout (issue #17): title and batch on every page, one page group per unit with
its own 小计 and signature lines, 小计 on one line, constant columns printed once in the header."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from desktop.reports.condolences.signoff_pdf import TITLE, render_signoff

UNITS = {1: "甘河林场", 2: "甘河林场/营林一班", 3: "吉文林场/管护一组", 4: "营林科"}


@dataclass(frozen=True)
class Row:
    name: str
    unit_id: int
    unit_name: str
    visit_date: date = date(2026, 1, 25)
    cash_fen: int = 0
    goods: str = "米、面、油"
    goods_fen: int = 60000
    approved_by: str = "刘刚"
    override_reason: str = ""
    occasion_text: str = "节日慰问·春节"


def _rows() -> list[Row]:
    counts = {1: 3, 2: 40, 3: 25, 4: 2}
    return [Row(f"职工{u}{k:02d}", u, UNITS[u]) for u, n in counts.items() for k in range(n)]


def _pages(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def _flat(text: str) -> str:
    return "".join(text.split())


def test_every_page_has_the_title_batch_and_its_unit(tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    pages = render_signoff(_rows(), out, office_name="测试工会", heading="2026年元旦春节慰问")
    texts = _pages(out)
    assert pages == len(texts) > 4
    units = []
    for i, text in enumerate(texts, start=1):
        flat = _flat(text)
        assert TITLE in flat, i
        assert "2026年元旦春节慰问" in flat, i
        assert f"第{i}页共{pages}页" in flat
        named = [
            u
            for u in (
                "领取单位：甘河林场（43人次",
                "领取单位：吉文林场（25人次",
                "领取单位：营林科（2人次",
                "各单位汇总",
            )
            if u in flat
        ]
        assert len(named) == 1, (i, named)  # one unit per page: its sheets never run into the next unit's
        units.append(named[0])
    # each unit's pages are together, in the caller's order, and the summary comes last
    assert [u for k, u in enumerate(units) if k == 0 or units[k - 1] != u] == [
        "领取单位：甘河林场（43人次",
        "领取单位：吉文林场（25人次",
        "领取单位：营林科（2人次",
        "各单位汇总",
    ]


def test_each_unit_has_its_subtotal_and_signatures_and_numbers_from_one(tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    render_signoff(_rows(), out, office_name="测试工会", heading="春节慰问")
    texts = _pages(out)
    groups: dict[str, list[str]] = {}
    current = ""
    for text in texts:
        for u in ("甘河林场", "吉文林场", "营林科", "各单位汇总"):
            if f"领取单位：{u}" in _flat(text) or (u == "各单位汇总" and u in text):
                current = u
        groups.setdefault(current, []).append(text)
    for unit, n, money in (("甘河林场", 43, "25,800.00"), ("吉文林场", 25, "15,000.00"), ("营林科", 2, "1,200.00")):
        last = groups[unit][-1]
        # 小计 on one line, with the unit's sum, and the three signature lines on the unit's last page
        assert f"小计（{n}人次）" in last.splitlines() or any(
            line.strip().startswith(f"小计（{n}人次）") for line in last.splitlines()
        ), unit
        assert money in last
        for signer in ("经办人：", "审核人：", "工会主席：", "日期："):
            assert signer in last, (unit, signer)
        assert sum("小计" in t for t in groups[unit]) == 1
        # numbering restarts on each unit's sheets
        first_rows = [line.split()[0] for line in groups[unit][0].splitlines() if line.split()[:1] == ["1"]]
        assert first_rows, unit
    summary = _flat("".join(groups["各单位汇总"]))
    assert "合计（70人次）" in summary and "42,000.00" in summary
    # the team below the farm is named without the farm; the farm's own staff have a blank unit cell
    assert "营林一班" in _flat("".join(groups["甘河林场"])) and "甘河林场/营林一班" not in _flat(texts[0])


def test_constant_columns_are_printed_once_in_the_header(tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    render_signoff(_rows(), out, office_name="测试工会", heading="春节慰问")
    texts = _pages(out)
    header = _flat(texts[0])
    for text in ("慰问事由：节日慰问·春节", "慰问日期：2026-01-25", "慰问品：米、面、油", "审批人：刘刚"):
        assert text in header, text
    body = "".join(texts)
    # only in the header of each unit's first page (and the summary's), never on the lines
    assert body.count("2026-01-25") == body.count("慰问日期：2026-01-25") == body.count("打印日期") == 4
    assert "慰问金（元）" not in body  # goods only: no empty money column
    # a sheet whose lines differ keeps the columns
    mixed = [
        *_rows()[:3],
        Row(
            "特批者",
            4,
            "营林科",
            visit_date=date(2026, 2, 1),
            cash_fen=50000,
            occasion_text="生病住院（骨折）",
            override_reason="主席批准",
        ),
    ]
    render_signoff(mixed, out, office_name="测试工会", heading="慰问记录")
    flat = _flat("".join(_pages(out)))
    assert "慰问事由" in flat and "生病住院（骨折）（特批）" in flat and "2026-02-01" in flat and "慰问金（元）" in flat


def test_empty_sheet_says_so(tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    assert render_signoff([], out, office_name="测试工会", heading="春节慰问") == 1
    assert "没有慰问记录" in _pages(out)[0]


def test_the_forest_farms_own_staff_show_their_unit(tmp_path: Path) -> None:
    """#17 item 5: someone assigned to the 林场 itself (not a team under it) had a blank 单位 cell."""
    out = tmp_path / "s.pdf"
    render_signoff(
        [Row("甲职工", 1, UNITS[1]), Row("乙职工", 2, UNITS[2])],
        out,
        office_name="测试工会",
        heading="2026年元旦春节慰问",
    )
    cells = [line.strip() for line in _pages(out)[0].splitlines()]
    assert cells[cells.index("甲职工") + 1] == "甘河林场"
    assert cells[cells.index("乙职工") + 1] == "营林一班"
