"""慰问审批表 (issue #17): the amount in 大写 beside the figures, boxes with room to write an opinion and
sign, the record's serial number, on one page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from reportlab.platypus import Table

from desktop.reports.condolences.signoff_pdf import render_approval
from desktop.reports.pdf.blocks import Opinion, opinion_table
from desktop.reports.pdf.form import frame_width


@dataclass(frozen=True)
class Visit:
    name: str = "许娟"
    unit_id: int = 3
    unit_name: str = "克一河林场/管护一组"
    visit_date: date = date(2026, 9, 4)
    cash_fen: int = 120000
    goods: str = ""
    goods_fen: int = 0
    approved_by: str = "刘刚"
    override_reason: str = ""
    id_number: str = "15078219900101002X"
    uid: str = "ALH-3ee66609-7a28-4fc7-8045-26977f816dc5"
    serial: str = "慰2026-0042"
    cause: str = "透析并发症"
    relative_name: str = ""
    relative_relation: str = ""
    event_date: date | None = None
    visitors: str = "工会主席 刘刚"
    documents: str = "住院证明"
    status: str = "paid"
    approved_on: date | None = date(2026, 9, 5)
    paid_on: date | None = date(2026, 9, 7)
    override_rules: str = ""
    notes: str = ""
    occasion_text: str = "生病住院（透析并发症）"


def _text(path: Path) -> str:
    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def test_amount_in_capitals_serial_and_full_unit(tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    assert render_approval(Visit(), out, office_name="测试工会", standard_text="默认500.00元") == 1
    text = _text(out)
    for needle in (
        "金额（大写）",
        "人民币壹仟贰佰元整（¥1,200.00）",
        "慰2026-0042",
        "克一河林场/管护一组",
        "经办人意见",
        "工会主席审批意见",
        "已在系统中审批：刘刚2026-09-05",
        "签字：",
        "领取人：",
    ):
        assert needle in text, needle
    assert "ALH-3ee66609" not in text  # the serial is what a clerk names the visit by


def test_goods_are_counted_in_the_capital_amount(tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    render_approval(
        Visit(cash_fen=30000, goods="米、面", goods_fen=550), out, office_name="测试工会", standard_text="默认"
    )
    assert "人民币叁佰零伍元伍角（¥305.50），其中慰问金300.00元、慰问品5.50元" in _text(out)


def test_opinion_boxes_leave_several_lines_to_write_in() -> None:
    width = frame_width()
    table = opinion_table([Opinion("经办人意见", lines=4), Opinion("审批意见", "已审批", lines=5)], width)
    assert isinstance(table, Table)
    _, height = table.wrap(width, 1e9)
    # each box: at least its lines of handwriting (16 points each at 10-point text) plus the signing line
    assert height >= (4 + 5) * 16 + 2 * 16


def test_a_long_approval_still_fits_one_page(tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    long = Visit(
        override_reason="经工会主席批准：配偶病情加重再次住院，家庭深度困难。" * 4,
        override_rules="“生病住院”每人每年最多慰问2次；" * 3,
        notes="备注说明。" * 30,
    )
    assert render_approval(long, out, office_name="测试工会", standard_text="默认500.00元；每次上限1,000.00元") == 1


def test_unchecked_documents_print_as_unchecked_not_a_dash(tmp_path: Path) -> None:
    """#17 item 2: an approval form with nothing ticked said "已查验材料 —"."""
    out = tmp_path / "a.pdf"
    render_approval(
        Visit(documents=""),
        out,
        office_name="测试工会",
        standard_text="默认",
        required_documents=("住院证明或出院小结", "医疗费票据复印件"),
    )
    text = _text(out)
    assert "未查验（须查验：住院证明或出院小结、医疗费票据复印件）" in text
    assert "已查验材料—" not in text
