"""Condolence forms and exports: PDF totals and names via pypdf, Excel reopened with openpyxl, the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.errors import DomainError
from desktop.core.hardship import Member
from desktop.core.worker import WorkerDraft
from desktop.services import office, printing
from desktop.services.condolences import batches as condolence_batches
from desktop.services.condolences import export as condolence_export
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.services.reminders import collect_reminders
from desktop.services.roster import workers
from desktop.services.serials import serial_of

TODAY = date(2026, 11, 20)


def _text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


@pytest.fixture
def data(office_db: Database) -> dict[str, int]:
    out: dict[str, int] = {}
    with office_db.write() as s:
        units = {n.name: n.id for n in office.unit_tree(s)}
        for name, number, unit in (
            ("张丽", "150785198503120022", "甘河林场"),
            ("王建国", "150782199007071132", "营林科"),
            ("李娜", "150784199211050040", "一班"),
        ):
            out[name] = workers.add_worker(
                s, WorkerDraft(name=name, id_number=number, unit_id=units[unit]), actor="t"
            ).id
        draft = condolence_visits.VisitDraft(
            occasion="festival",
            festival="mid_autumn",
            visit_date=date(2026, 9, 20),
            goods="月饼、米、油",
            goods_fen=30050,
        )
        batch, _, _ = condolence_batches.create_batch(
            s, condolence_batches.BatchSpec("2026年中秋慰问", draft), actor="t", today=TODAY
        )
        out["batch"] = batch.id
        visit = condolence_visits.add_visit(
            s,
            out["张丽"],
            condolence_visits.VisitDraft(
                occasion="sick", cause="肺炎", visit_date=date(2026, 3, 2), cash_fen=50000, visitors="刘刚"
            ),
            actor="t",
            today=TODAY,
        )
        out["visit"] = visit.id
        hardship_files.open_file(
            s,
            out["张丽"],
            hardship_files.FileDraft(
                grade="deep",
                main_cause="因病",
                opened_on=date(2025, 11, 25),
                own_income_fen=2400000,
                household_income_fen=3600002,
                household_size=3,
                bank_name="农业银行",
                bank_account="6228480012345678",
                members=(
                    Member("刘强", "配偶", "15078519920815008X", "慢性病", 1200000, "待业"),
                    Member("刘小丽", "子女", "", "健康", 0, "阿里河中学"),
                ),
            ),
            actor="t",
            today=TODAY,
        )
    return out


def test_batch_signoff_lists_names_totals_and_units(office_db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "signoff.pdf"
    pages = printing.FORMS["condolence-signoff"](office_db, out, batch=data["batch"])
    text = _text(out)
    assert pages == 3  # a sheet for 甘河林场 (with its 一班) and one for 营林科, then the summary
    for needle in (
        "慰问金（品）发放签收表",
        "2026年中秋慰问",
        "张丽",
        "王建国",
        "李娜",
        "领取人签名",
        "共3人次，901.50元",
        "慰问品：月饼、米、油",
        "合计（3人次）",
        "小计",
        "901.50",
        "300.50",
    ):
        assert needle in text, needle
    assert "肺炎" not in text  # the single visit is not part of the batch


def test_cli_signoff_and_hardship_file(office_db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    with office_db.read() as s:  # the CLI takes record numbers (#17 item 3)
        batch = serial_of(s, "batch", data["batch"])
    assert main(["pdf", "condolence-signoff", "--db", str(office_db.path), "--batch", batch, "--out", str(out)]) == 0
    assert "李娜" in _text(out)
    card = tmp_path / "card.pdf"
    assert (
        main(
            ["pdf", "hardship-file", "--db", str(office_db.path), "--worker", "150785198503120022", "--out", str(card)]
        )
        == 0
    )
    text = _text(card)
    for needle in (
        "困难职工档案表",
        "张丽",
        "深度困难",
        "因病",
        "12,000.01",
        "36,000.02",
        "3 人",
        "刘强",
        "刘小丽",
        "**** 5678",
        "150785***********X",
        "基层工会意见",
        "上级工会意见",
        "2026年",
        "800.50",
    ):
        assert needle in text, needle
    assert "6228480012345678" not in text and "15078519920815008X" not in text
    assert (
        main(
            ["pdf", "hardship-file", "--db", str(office_db.path), "--worker", "150782199007071132", "--out", str(card)]
        )
        == 1
    )
    assert main(["pdf", "condolence-approval", "--db", str(office_db.path), "--out", str(card)]) == 1


def test_approval_form_shows_standard(office_db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    printing.FORMS["condolence-approval"](office_db, out, visit=data["visit"])
    text = _text(out)
    for needle in (
        "慰问审批表",
        "张丽",
        "生病住院（肺炎）",
        "500.00",
        "每次上限1,000.00元",
        "每年最多2次",
        "150785***********2",
    ):
        assert needle in text, needle
    with pytest.raises(DomainError):
        printing.FORMS["condolence-approval"](office_db, out, visit=999)


def test_excel_exports_mask_unless_asked(office_db: Database, data: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "v.xlsx"
    assert condolence_export.export_visits(office_db, out) == 4
    ws = load_workbook(out, read_only=True)["慰问记录"]
    rows = list(ws.values)
    header = rows[0]
    zhang = next(r for r in rows[1:] if r[1] == "张丽" and r[4] == "生病住院")
    assert zhang[header.index("身份证号")] == "150785***********2"
    assert zhang[header.index("慰问金（元）")] == 500
    goods = next(r for r in rows[1:] if r[1] == "李娜")
    assert str(goods[header.index("慰问品价值（元）")]) == "300.5"
    files = tmp_path / "f.xlsx"
    assert condolence_export.export_files(office_db, files) == 1
    wb = load_workbook(files, read_only=True)
    f_rows = list(wb["困难职工档案"].values)
    assert f_rows[1][f_rows[0].index("银行账号")] == "**** 5678"
    assert str(f_rows[1][f_rows[0].index("人均年收入（元）")]) == "12000.01"
    m_rows = list(wb["家庭成员"].values)
    assert [r[2] for r in m_rows[1:]] == ["刘强", "刘小丽"] and m_rows[1][4] == "150785***********X"
    condolence_export.export_files(office_db, files, full_ids=True, reason="测试")
    wb = load_workbook(files, read_only=True)
    assert list(wb["困难职工档案"].values)[1][13] == "6228480012345678"


def test_hardship_review_reminder(office_db: Database, data: dict[str, int]) -> None:
    with office_db.read() as s:
        items = [r for r in collect_reminders(s, date(2026, 11, 1), 30) if r.area == "慰问帮扶"]
    # The 中秋 batch of 20 September was never handed out: it stays on the list, on the first day, overdue.
    assert [(r.day, r.name, r.kind_label, r.overdue) for r in items] == [
        (date(2026, 11, 1), "2026年中秋慰问", "节日慰问待发放", True),
        (date(2026, 11, 25), "张丽", "困难档案年度复核", False),
    ]
    with office_db.read() as s:
        late = [r for r in collect_reminders(s, date(2026, 12, 10), 7) if r.area == "慰问帮扶"]
    late = [r for r in late if r.ref_kind == "hardship_file"]
    assert late[0].day == date(2026, 12, 10) and "已逾期" in late[0].detail and late[0].overdue


def test_profile_section(office_db: Database, data: dict[str, int]) -> None:
    from desktop.services.roster.profile import worker_profile

    with office_db.read() as s:
        sections = {sec.title: sec for sec in worker_profile(s, data["张丽"])}
    lines = sections["慰问帮扶"].lines
    assert lines[0].value.startswith("深度困难") and "2次" in lines[1].value


def test_filtered_signoff_marks_overrides(office_db: Database, data: dict[str, int], tmp_path: Path) -> None:
    from desktop.services.condolences.ledger import VisitFilter

    with office_db.write() as s:
        condolence_visits.add_visit(
            s,
            data["王建国"],
            condolence_visits.VisitDraft(occasion="sick", cause="骨折", visit_date=date(2026, 4, 2), cash_fen=120000),
            actor="t",
            override_reason="经主席批准：工伤重症",
            today=TODAY,
        )
    out = tmp_path / "f.pdf"
    printing.FORMS["condolence-signoff"](office_db, out, flt=VisitFilter(occasion="sick"), filter_text="生病住院")
    text = "".join(_text(out).split())  # a cell may wrap anywhere
    assert "生病住院（骨折）（特批）" in text and "生病住院（肺炎）" in text and "合计（2人次）" in text
    assert "1,700.00" in text and "中秋" not in text
