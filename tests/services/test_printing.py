"""Printing from the data file: 职工花名册 through the service, the FORMS registry and the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.idcard import check_char
from desktop.core.progress import Cancelled, Job
from desktop.core.worker import WorkerDraft
from desktop.services import office, printing
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.services.roster.printing import roster_pdf

ZHANG = "150785198503120022"  # F
WANG = "150782199007071132"  # M
LIU = "15078519920815008X"  # F


def _unit(db: Database, name: str) -> int:
    with db.read() as s:
        return next(n.id for n in office.unit_tree(s) if n.name == name)


def _add(db: Database, name: str, id_number: str, unit: str = "甘河林场", **kw: object) -> None:
    with db.write() as s:
        workers.add_worker(
            s,
            WorkerDraft(
                name=name,
                id_number=id_number,
                unit_id=_unit(db, unit),  # type: ignore[arg-type]
                phone="13912345678",
                hire_date=date(2005, 7, 1),
                **kw,
            ),
            actor="t",
        )


def _three(db: Database) -> None:
    _add(db, "张丽", ZHANG, "一班")
    _add(db, "王建国", WANG, "营林科")
    _add(db, "刘敏", LIU, "甘河林场", status="transferred")


def _text(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def _many(db: Database, n: int) -> None:
    farm = _unit(db, "甘河林场")
    with db.write() as s:
        for i in range(n):
            first17 = f"150785{1970 + i % 30}0{1 + i % 9}1{i % 10}{100 + i:03d}"
            workers.add_worker(
                s,
                WorkerDraft(name=f"职工{chr(0x4E00 + i)}", id_number=first17 + check_char(first17), unit_id=farm),
                actor="t",
            )


def test_roster_lists_workers_with_masked_ids(office_db: Database, tmp_path: Path) -> None:
    _three(office_db)
    out = tmp_path / "roster.pdf"
    pages = roster_pdf(office_db, out)
    texts = _text(out)
    assert pages == len(texts) == 1
    text = texts[0]
    for s in ("职工花名册", "阿里河森工公司工会", "张丽", "王建国", "刘敏", "共3人", "第1页 共1页", "工会主席"):
        assert s in text
    assert "150785***********2" in text and ZHANG not in text
    assert "调出" in text and "营林科" in text


def test_full_ids_only_when_asked(office_db: Database, tmp_path: Path) -> None:
    _three(office_db)
    out = tmp_path / "full.pdf"
    roster_pdf(office_db, out, full_ids=True)
    text = _text(out)[0]
    assert ZHANG in text and LIU in text and "完整身份证号" in text


def test_filter_is_applied_and_described(office_db: Database, tmp_path: Path) -> None:
    _three(office_db)
    out = tmp_path / "farm.pdf"
    flt = workers.WorkerFilter(unit_id=_unit(office_db, "甘河林场"), sex="F", status="on_roll")
    roster_pdf(office_db, out, flt)
    text = _text(out)[0]
    assert "筛选：甘河林场（含下级单位）；女；在册" in text and "共1人" in text
    assert "张丽" in text and "王建国" not in text and "刘敏" not in text
    roster_pdf(office_db, out, flt, filter_text="一班的女职工")
    assert "筛选：一班的女职工" in _text(out)[0]


def test_roster_is_grouped_by_unit_and_sorted_as_the_table_within_each(office_db: Database, tmp_path: Path) -> None:
    _three(office_db)
    _many(office_db, 4)  # in 甘河林场, born 1970 … 1973
    out = tmp_path / "sorted.pdf"
    roster_pdf(office_db, out, sort="birth_date", descending=True)
    text = "".join(_text(out)[0].split())
    # units in tree order, each under its full path with a subtotal; 合计 at the end
    farm, team, section = (text.index(f"阿里河森工公司/{u}（") for u in ("甘河林场", "甘河林场/一班", "营林科"))
    assert farm < team < section
    assert "小计：5人" in text and "小计：1人" in text and "合计：7人" in text
    assert farm < text.index("刘敏") < team < text.index("张丽") < section < text.index("王建国")
    # the table's sort within a unit: the youngest first
    born = [text.index(f"职工{chr(0x4E00 + i)}") for i in (3, 2, 1, 0)]
    assert born == sorted(born)


def test_long_roster_repeats_header_and_numbers_pages(office_db: Database, tmp_path: Path) -> None:
    _many(office_db, 60)
    out = tmp_path / "long.pdf"
    pages = roster_pdf(office_db, out)
    texts = _text(out)
    assert pages == len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页 共{pages}页" in text
        assert "姓名" in text and "身份证号" in text and "联系电话" in text
    joined = "".join(texts)
    assert all(f"职工{chr(0x4E00 + i)}" in joined for i in range(60))
    assert "职工花名册" in texts[0] and "共60人" in texts[0]


def test_cancel_leaves_no_file(office_db: Database, tmp_path: Path) -> None:
    _many(office_db, 60)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    job = Job(on_progress=lambda done, total, msg: job.cancel() if msg == "正在排版…" else None)
    with pytest.raises(Cancelled):
        roster_pdf(office_db, out_dir / "cancelled.pdf", job=job)
    assert list(out_dir.iterdir()) == []


def test_registry_and_cli(office_db: Database, tmp_path: Path) -> None:
    _three(office_db)
    form = printing.FORMS["roster"]
    assert form.title == "职工花名册"
    assert form(office_db, tmp_path / "registry.pdf") == 1
    out = tmp_path / "cli.pdf"
    assert main(["pdf", "roster", "--db", str(office_db.path), "--out", str(out)]) == 0
    assert "张丽" in _text(out)[0]
    assert main(["pdf", "no-such-form", "--db", str(office_db.path), "--out", str(out)]) == 1


def test_empty_data_file_prints_an_empty_roster(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    assert roster_pdf(db, out) == 1
    assert "没有符合条件的职工" in _text(out)[0]
