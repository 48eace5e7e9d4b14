"""Golden 困难职工档案表: the story card_story builds, flowable by flowable and cell by cell, and the PDF text.

Recorded before card_story was split into helpers (#20), so the split is shown to change nothing on the
card: masked and full numbers, with and without members, assistance, a status change and notes. After a
deliberate change, rewrite the golden file with ``python -m tests.reports.test_hardship_card_golden`` and
read the diff before committing it.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.platypus import Flowable, Paragraph, Table

from desktop.core.dates import format_date
from desktop.core.hardship import Member
from desktop.core.idcard import check_char
from desktop.reports.condolences.hardship_pdf import HardshipCard, card_story, render_hardship_file

GOLDEN = Path(__file__).parent / "golden" / "hardship_cards.json"


def _id(birth: date, seq: int) -> str:
    first17 = f"150785{birth:%Y%m%d}{seq:02d}2"
    return first17 + check_char(first17)


CARD = HardshipCard(
    uid="GH-1",
    serial="帮2026-0001",
    name="李娜",
    sex="女",
    birth_date=date(1978, 5, 4),
    ethnicity="蒙古族",
    id_number=_id(date(1978, 5, 4), 1),
    unit_name="甘河林场",
    post="营林工",
    phone="0470-3521234",
    grade="deep",
    main_cause="患病",
    secondary_causes="子女上学",
    health="慢性病",
    disability="",
    marital_status="离异",
    housing="林场职工住宅，40平方米，需要修缮屋顶和取暖设施",
    single_parent=True,
    own_income_fen=2_400_000,
    household_income_fen=3_600_000,
    household_size=3,
    per_capita_fen=1_200_000,
    bank_name="中国农业银行",
    bank_account="6228********5678",
    status="active",
    opened_on=date(2025, 3, 1),
    status_on=None,
    status_reason="",
    last_reviewed_on=date(2026, 3, 1),
    review_due=date(2027, 3, 1),
    base_opinion="情况属实，同意建档",
    base_signed_on=date(2025, 3, 5),
    higher_opinion="",
    higher_signed_on=None,
    notes="",
    members=(
        Member("王小明", "子", _id(date(2008, 9, 1), 3), "健康", 0, "牙克石市第一中学"),
        Member("王小红", "女", "", "", 0, ""),
    ),
    assistance=((2026, 3, 150_000), (2025, 1, 50_000)),
)

CARDS: dict[str, tuple[HardshipCard, bool]] = {
    "masked": (CARD, False),
    "full numbers": (CARD, True),
    "bare": (
        replace(
            CARD,
            serial="",
            phone="",
            post="",
            health="",
            secondary_causes="",
            housing="",
            bank_name="",
            bank_account="",
            last_reviewed_on=None,
            base_opinion="",
            base_signed_on=None,
            members=(),
            assistance=(),
            single_parent=False,
            marital_status="",
        ),
        False,
    ),
    "left the file, with notes": (
        replace(
            CARD,
            status="closed",
            status_on=date(2026, 10, 1),
            status_reason="子女就业，家庭收入提高",
            higher_opinion="同意",
            higher_signed_on=date(2025, 3, 10),
            notes="2026年10月脱困",
        ),
        False,
    ),
}


def _cell(value: Any) -> Any:
    if isinstance(value, Paragraph):
        return value.getPlainText()
    if isinstance(value, (list, tuple)):
        return [_cell(v) for v in value]
    if isinstance(value, Flowable):
        return describe(value)
    return value if isinstance(value, (str, int, float)) or value is None else repr(value)


def describe(f: Flowable) -> dict[str, Any]:
    """A flowable as data: its type, text, and for a table its cells, widths and style commands."""
    out: dict[str, Any] = {"type": type(f).__name__}
    if isinstance(f, Table):
        out["cells"] = _cell(f._cellvalues)
        out["widths"] = [round(w, 3) if isinstance(w, float) else w for w in f._colWidths]
        out["spans"] = repr(f._spanCmds)
    elif isinstance(f, Paragraph):
        out["text"] = f.getPlainText()
    for attr in ("text", "left", "right", "size", "align", "spaceAfter", "width", "height"):
        value = getattr(f, attr, None)
        if attr not in out and isinstance(value, (str, int, float, Paragraph)):
            out[attr] = _cell(value) if not isinstance(value, float) else round(value, 3)
    return out


def outcome(card: HardshipCard, full_ids: bool) -> dict[str, Any]:
    story = [describe(f) for f in card_story(card, office_name="阿里河森工公司工会", full_ids=full_ids)]
    buffer = io.BytesIO()
    render_hardship_file(card, buffer, office_name="阿里河森工公司工会", full_ids=full_ids)
    text = [page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages]
    # The print date is today's: named, not recorded.
    printed = json.dumps({"story": story, "pdf_text": text}, ensure_ascii=False)
    return dict(json.loads(printed.replace(format_date(date.today()), "（今天）")))


@pytest.mark.parametrize("name", list(CARDS))
def test_card_matches_golden(name: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert outcome(*CARDS[name]) == golden[name]


def test_masked_card_shows_no_whole_number() -> None:
    text = "".join(outcome(CARD, False)["pdf_text"])
    assert CARD.id_number not in text and CARD.members[0].id_number not in text
    assert "出生年份" in text and "1978年" in text


if __name__ == "__main__":
    GOLDEN.parent.mkdir(exist_ok=True)
    record = {name: outcome(*case) for name, case in CARDS.items()}
    GOLDEN.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
