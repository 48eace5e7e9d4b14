"""Exam forms (notices, sign-in sheet) through the registry and CLI, the Excel export, reminders, profile."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.cli import main
from desktop.services import printing
from desktop.services.database import Database
from desktop.services.exams import appointments as exam_appointments
from desktop.services.exams.printing import export_plan
from desktop.services.exams.scheduling import generate_schedule
from desktop.services.reminders import collect_reminders
from desktop.services.roster.profile import worker_profile
from desktop.services.serials import serial_of
from tests.services.test_exam_scheduling import appts, people, plan


def text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


@pytest.fixture
def booked(office_db: Database) -> tuple[Database, int, dict[str, int]]:
    ids = people(office_db)
    pid = plan(
        office_db,
        date(2026, 5, 6),
        date(2026, 5, 15),
        cap=4,
        place="妇幼保健院二楼",
        report_time="08:00",
        contact="王丽 0470-7351234",
    )
    generate_schedule(office_db, pid, today=date(2026, 5, 6))
    return office_db, pid, ids


def test_notices_three_per_page_with_fields(booked: tuple[Database, int, dict[str, int]], tmp_path: Path) -> None:
    db, pid, _ = booked
    out = tmp_path / "n.pdf"
    pages = printing.FORMS["exam-notices"](db, out, plan=pid)
    assert pages == 2  # 6 slips, 3 to a page
    t = text(out)
    for needle in (
        "两癌筛查通知单",
        "甲一",
        "甘河林场",
        "2026年5月6日",
        "08:00",
        "妇幼保健院二楼",
        "宫颈癌筛查",
        "避开月经期",
        "王丽 0470-7351234",
        "沿此线剪开",
    ):
        assert needle in t, needle
    assert "150785" not in t  # no ID numbers on slips


def test_signin_sheet_for_one_day(booked: tuple[Database, int, dict[str, int]], tmp_path: Path) -> None:
    db, pid, ids = booked
    day = appts(db, pid)[ids["甲一"]].scheduled_date
    out = tmp_path / "s.pdf"
    with db.read() as s:  # the CLI takes record numbers (#17 item 3)
        number = serial_of(s, "plan", pid)
    assert (
        main(
            ["pdf", "exam-signin", "--db", str(db.path), "--plan", number, "--day", day.isoformat(), "--out", str(out)]
        )
        == 0
    )
    t = text(out)
    assert "体检签到表" in t and "本人签字" in t and "甲一" in t and "女" in t and "甘河林场" in t
    assert "阿里河森工公司/" not in t
    assert main(["pdf", "exam-signin", "--db", str(db.path), "--plan", number, "--out", str(out)]) != 0
    assert main(["pdf", "exam-notices", "--db", str(db.path), "--plan", number, "--out", str(tmp_path / "n.pdf")]) == 0


def test_signin_sheet_masks_phones_unless_asked(booked: tuple[Database, int, dict[str, int]], tmp_path: Path) -> None:
    from db.models import Worker

    db, pid, ids = booked
    with db.write() as s:
        s.get(Worker, ids["甲一"]).phone = "13812345678"  # type: ignore[union-attr]
    day = appts(db, pid)[ids["甲一"]].scheduled_date
    out = tmp_path / "s.pdf"
    printing.FORMS["exam-signin"](db, out, plan=pid, day=day)
    assert "138****5678" in text(out) and "13812345678" not in text(out)  # the sheet goes round the bus
    printing.FORMS["exam-signin"](db, out, plan=pid, day=day, full_phones=True)
    assert "13812345678" in text(out)
    export_plan(db, tmp_path / "plan.xlsx", plan=pid)
    cells = [c for row in load_workbook(tmp_path / "plan.xlsx")["预约名单"].iter_rows(values_only=True) for c in row]
    assert "138****5678" in cells and "13812345678" not in cells


def test_excel_export(booked: tuple[Database, int, dict[str, int]], tmp_path: Path) -> None:
    db, pid, ids = booked
    with db.write() as s:
        exam_appointments.record_result(s, appts(db, pid)[ids["甲一"]].id, result="recheck", actor="clerk")
    out = tmp_path / "plan.xlsx"
    assert export_plan(db, out, plan=pid) == 6
    wb = load_workbook(out)
    ws = wb["预约名单"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("所属单位", "姓名", "性别") and rows[0][-1] == "全局标识（集团汇总用）"  # uid last
    jia = next(r for r in rows if r[1] == "甲一")
    assert "*" in jia[4] and jia[10] == "异常需复查" and jia[-1].startswith("ALH-")
    cov = list(wb["覆盖率"].iter_rows(values_only=True))
    assert cov[-1][:4] == ("合计", 6, 6, 1)


def test_reminders_and_profile(booked: tuple[Database, int, dict[str, int]]) -> None:
    db, pid, ids = booked
    with db.write() as s:
        exam_appointments.record_result(s, appts(db, pid)[ids["甲一"]].id, result="see_doctor", actor="clerk")
    with db.read() as s:
        got = collect_reminders(s, date(2026, 5, 6), 30)
        kinds = {(r.kind_label, r.area) for r in got}
        assert ("体检日", "体检筛查") in kinds and ("复查到期", "体检筛查") in kinds
        sections = worker_profile(s, ids["甲一"])
        exam = next(sec for sec in sections if sec.title == "体检筛查")
        assert "建议就医" in exam.lines[0].value


def test_plan_export_is_logged_and_full_ids_need_a_reason(
    booked: tuple[Database, int, dict[str, int]], tmp_path: Path
) -> None:
    """The plan's workbook goes through export_workbook like every export: each one logged (#15), full ID
    numbers only with a reason (it used to log full exports alone and take no reason)."""
    import json

    from sqlalchemy import select

    from db.models import AuditEntry
    from desktop.core.errors import DomainError

    db, pid, _ids = booked
    export_plan(db, tmp_path / "masked.xlsx", plan=pid)
    with pytest.raises(DomainError, match="用途"):
        export_plan(db, tmp_path / "full.xlsx", plan=pid, full_ids=True)
    assert not (tmp_path / "full.xlsx").exists()
    export_plan(db, tmp_path / "full.xlsx", plan=pid, full_ids=True, reason="报送体检机构")
    with db.read() as s:
        logged = [
            json.loads(e.after or "{}")
            for e in s.scalars(
                select(AuditEntry).where(AuditEntry.action == "export", AuditEntry.entity == "exam_plan")
            )
        ]
    assert [(d["file"], d["full_ids"], d["plan_id"]) for d in logged] == [
        ("masked.xlsx", False, pid),
        ("full.xlsx", True, pid),
    ]
    assert logged[1]["reason"] == "报送体检机构" and logged[1]["plan"]
