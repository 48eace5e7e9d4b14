"""Scale (#16 item 5): a long printed form must not hold every page's drawing code as loose strings.

The page footer says 共y页, so pages are held until the last one is laid out. As tens of thousands of small
strings a held page took about 80 KB, and the 100,000-worker roster (3,800 pages) peaked at 641 MB; held
compressed, the same PDF comes out byte for byte and the roster peaks at 433 MB (docs/reliability.md)."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from reportlab import rl_config

from desktop.reports.pdf import form, table


def _spec(rows: int) -> table.TableForm:
    columns = [
        table.Column(title, weight)
        for title, weight in (("姓名", 1.0), ("单位", 2.2), ("岗位", 1.2), ("电话", 1.4), ("备注", 2.0))
    ]
    lines = (
        [
            f"职工{i:05d}",
            f"阿里河森工公司/甘河林场/营林{i % 7}班",
            "营林工",
            f"138****{i % 10000:04d}",
            "长期从事林区营林生产",
        ]
        for i in range(rows)
    )
    return table.TableForm(title="职工花名册", columns=columns, rows=lines, row_count=rows, office_name="基准工会")


def _render(rows: int) -> tuple[int, bytes, int]:
    """(pages, PDF bytes, memory taken from the first page laid out to the last: mostly the held pages)."""
    out = io.BytesIO()
    held: dict[str, int] = {}
    real_show, real_save = form._NumberedCanvas.showPage, form._NumberedCanvas.save

    def show(canvas: form._NumberedCanvas) -> None:
        real_show(canvas)
        held.setdefault("first", tracemalloc.get_traced_memory()[0])

    def save(canvas: form._NumberedCanvas) -> None:
        held["last"] = tracemalloc.get_traced_memory()[0]
        real_save(canvas)

    form._NumberedCanvas.showPage = show  # type: ignore[method-assign]
    form._NumberedCanvas.save = save  # type: ignore[method-assign]
    tracemalloc.start()
    try:
        pages = table.render_table_form(_spec(rows), out)
    finally:
        tracemalloc.stop()
        form._NumberedCanvas.showPage = real_show  # type: ignore[method-assign]
        form._NumberedCanvas.save = real_save  # type: ignore[method-assign]
    return pages, out.getvalue(), held["last"] - held["first"]


def test_held_pages_are_small_and_the_pdf_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)  # no dates or random ids: two renderings compare equal
    form.ensure_fonts()
    pages, pdf, grown = _render(3000)
    assert pages >= 60
    # Memory taken while the pages were laid out, per page: about 35 KB with the pages held as loose strings
    # (80 KB and more on a real roster page), about 6 KB held compressed.
    assert grown / pages < 15_000, f"{grown / pages:.0f} bytes a page"
    again = io.BytesIO()
    table.render_table_form(_spec(3000), again)
    assert again.getvalue() == pdf  # held pages come back exactly (rendering is deterministic under invariant)
