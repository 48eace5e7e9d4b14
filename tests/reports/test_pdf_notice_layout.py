"""The 保护告知单's layout (issue #17): one page when it can be, and never a signature block on a page
without the last paragraph it acknowledges; its prose keeps the Chinese line-breaking rules."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

_SERVICES = str(Path(__file__).resolve().parents[1] / "services")
if _SERVICES not in sys.path:
    sys.path.insert(0, _SERVICES)

from test_protection_cases import ON, id_number, populate  # noqa: E402

from desktop.reports.protections.notice_pdf import render_protection_notice  # noqa: E402
from desktop.services import printing  # noqa: E402,F401 - printing first: it registers the forms
from desktop.services.database import Database  # noqa: E402
from desktop.services.protections import printing as protection_printing  # noqa: E402 - printing first: it registers the forms

WANG_ID = id_number(__import__("datetime").date(1993, 4, 12), 3)
LAST_PARAGRAPH = "本告知单一式三份"
CLOSERS = "》，。；、）：！？”"


def _pages(path: Path) -> list[str]:
    return ["".join((p.extract_text() or "").split(" ")) for p in PdfReader(path).pages]


def _signature_page_ok(texts: list[str]) -> None:
    with_last = [i for i, t in enumerate(texts) if LAST_PARAGRAPH in t]
    with_signs = [i for i, t in enumerate(texts) if "本人签字" in t and "经办人签字" in t]
    assert len(with_last) == 1 and with_signs == with_last, (with_last, with_signs)


def test_a_usual_notice_fits_on_one_page(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    out = tmp_path / "wang.pdf"
    assert protection_printing.notice_pdf(office_db, out, worker=WANG_ID, on=ON) == 1
    texts = _pages(out)
    _signature_page_ok(texts)
    # prose lines (full width, one per extracted line) never start with a closing mark
    for line in texts[0].splitlines():
        assert not line or line[0] not in CLOSERS, line


def test_a_long_notice_keeps_its_signatures_with_the_last_paragraph(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    with office_db.read() as s:
        row, period = protection_printing.notice_case(s, protection_printing.find_worker(s, WANG_ID), ON)
    # A long reassignment history pushes the notice past one page at any size.
    moves = "；".join(f"2026-0{m}-01起调至营林一班苗圃岗（临时）" for m in range(1, 10))
    long_row = replace(row, reassignment=moves * 3)
    out = tmp_path / "long.pdf"
    pages = render_protection_notice(long_row, out, office_name="测试工会", on=ON, period=period)
    texts = _pages(out)
    assert pages == len(texts) >= 2
    _signature_page_ok(texts)
    assert "告知依据" in "".join(texts)
