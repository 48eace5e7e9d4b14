"""The shared tabular form: text comes back out of the PDF, headers repeat, cancel leaves nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.idcard import check_char
from desktop.core.progress import Cancelled, Job
from desktop.reports.pdf.blocks import CutLine, key_value_table, signature_block
from desktop.reports.pdf.form import build_document, frame_width, title_block
from desktop.reports.pdf.table import Column, TableForm, render_table_form
from desktop.reports.roster.roster_pdf import render_roster


def _pages(path: Path | bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else path)
    return [p.extract_text() or "" for p in reader.pages]


def _spec(n: int, **kw: object) -> TableForm:
    base: dict[str, object] = {
        "title": "测试登记表",
        "office_name": "阿里河森工公司工会",
        "columns": [Column("姓名"), Column("所属单位", 2, "left"), Column("联系电话", 1.5, wrap=False)],
        "rows": [[f"职工{i:03d}", "甘河林场", "13912345678"] for i in range(n)],
        "printed_on": date(2026, 3, 8),
    }
    base.update(kw)
    return TableForm(**base)  # type: ignore[arg-type]


def test_title_office_date_names_and_page_numbers(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    pages = render_table_form(_spec(120), out)
    texts = _pages(out)
    assert pages == len(texts) >= 3
    joined = "".join(texts)
    assert "测试登记表" in texts[0] and "阿里河森工公司工会" in texts[0] and "打印日期：2026-03-08" in texts[0]
    for i in range(120):
        assert f"职工{i:03d}" in joined
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页 共{pages}页" in text
    # the header row repeats on every page; the signatures come once, at the end
    assert all("序号" in t and "所属单位" in t and "联系电话" in t for t in texts)
    assert "制表人" in texts[-1] and "审核人" in texts[-1] and "年" in texts[-1]
    assert all("制表人" not in t for t in texts[:-1])


def test_rows_are_numbered_and_blank_rows_continue_the_numbers(tmp_path: Path) -> None:
    out = tmp_path / "sign.pdf"
    render_table_form(_spec(2, blank_rows=3, min_row_height=22, signatures=["经办人"]), out)
    text = "".join(_pages(out))
    assert all(str(k) in text for k in range(1, 6))
    assert "经办人" in text


def test_empty_form_says_so(tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    assert render_table_form(_spec(0, empty_text="（没有记录）"), out) == 1
    assert "没有记录" in _pages(out)[0]


def test_stream_output_and_subtitles(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    render_table_form(_spec(3, subtitles=["统计截至：2026-03-01", ("筛选：女", "共3人")]), buffer)
    text = _pages(buffer.getvalue())[0]
    assert "统计截至：2026-03-01" in text and "筛选：女" in text and "共3人" in text


def test_cell_taller_than_a_page_is_continued_not_lost(tmp_path: Path) -> None:
    out = tmp_path / "tall.pdf"
    note = "很长的备注" * 1500
    pages = render_table_form(
        _spec(1, columns=[Column("姓名"), Column("备注", 4, "left")], rows=[["张丽", note], ["李娜", "无"]]), out
    )
    texts = _pages(out)
    assert pages >= 3
    assert "".join(texts).count("很") == 1500
    assert "李娜" in texts[-1] and "制表人" in texts[-1]


def test_cancel_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    out.write_bytes(b"old")
    job = Job(on_progress=lambda done, total, msg: job.cancel() if done > 0 else None)
    with pytest.raises(Cancelled):
        render_table_form(_spec(500), out, job)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["form.pdf"]


def test_cancel_during_layout_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    job = Job(on_progress=lambda done, total, msg: job.cancel() if msg == "正在排版…" else None)
    with pytest.raises(Cancelled):
        render_table_form(_spec(500), out, job)
    assert list(tmp_path.iterdir()) == []


def test_progress_reaches_the_end(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    render_table_form(_spec(300), tmp_path / "p.pdf", Job(on_progress=lambda d, t, m: seen.append((d, t))))
    assert seen[-1][0] == seen[-1][1] > 0
    assert all(d <= t for d, t in seen)


def test_pieces_build_a_notice(tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    story = title_block("体检通知单", "阿里河森工公司工会", printed_on=date(2026, 4, 1))
    story.append(
        key_value_table(
            [("姓名", "张丽"), ("单位", "甘河林场"), ("检查项目", "乳腺彩超、宫颈癌筛查")],
            frame_width(),
            wide={"检查项目"},
        )
    )
    story += [CutLine(), signature_block(["经办人"])]
    assert build_document(out, story) == 1
    text = _pages(out)[0]
    assert all(s in text for s in ("体检通知单", "张丽", "乳腺彩超", "沿此线剪开", "经办人", "第1页 共1页"))


@dataclass
class _Row:
    name: str
    sex: str
    ethnicity: str
    id_number: str
    birth_date: date
    unit_name: str
    post: str
    employment_type: str
    union_member: bool
    phone: str
    hire_date: date | None
    status: str


def _row(i: int) -> _Row:
    first17 = f"15078519850312{i % 50 * 2:03d}"
    return _Row(
        f"张丽{chr(0x4E00 + i)}",
        "F",
        "蒙古族",
        first17 + check_char(first17),
        date(1985, 3, 12),
        "甘河林场",
        "营林工",
        "active",
        True,
        "13912345678",
        date(2005, 7, 1),
        "on_roll",
    )


def test_roster_masks_ids_by_default(tmp_path: Path) -> None:
    out = tmp_path / "roster.pdf"
    rows = [_row(i) for i in range(3)]
    render_roster(rows, out, office_name="阿里河森工公司工会", filter_text="女；在册", as_of=date(2026, 3, 8))
    text = _pages(out)[0]
    assert "职工花名册" in text and "筛选：女；在册" in text and "共3人" in text
    assert "150785***********" in text.replace(" ", "")
    assert rows[0].id_number not in text
    # Masked: the birth year only (no date, no age) and the phone masked, so no line rebuilds the number.
    assert "出生年份" in text and "1985年" in text and "1985-03-12" not in text and "岁" not in text
    assert "139****5678" in text and "13912345678" not in text
    assert "在岗" in text and "在册" in text

    full = tmp_path / "full.pdf"
    render_roster(rows, full, office_name="阿里河森工公司工会", full_ids=True, as_of=date(2026, 3, 8), full_phones=True)
    text = _pages(full)[0]
    assert rows[0].id_number in text and "1985-03-12（40岁）" in text and "13912345678" in text
