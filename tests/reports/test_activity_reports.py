"""Activity forms and exports: PDF text via pypdf, Excel reopened with openpyxl, the CLI commands."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.errors import DomainError
from desktop.core.worker import WorkerDraft
from desktop.services import office, printing
from desktop.services.activities import attachments as activity_attachments
from desktop.services.activities import export as activity_export
from desktop.services.activities import honours as activity_honours
from desktop.services.activities import participants as activity_participants
from desktop.services.activities import records as activity_records
from desktop.services.activities.records import ActivityFilter
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.services.serials import serial_of

TODAY = date(2026, 11, 20)


def _text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def _png(color: str, size: tuple[int, int] = (400, 300)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


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
                s, WorkerDraft(name=name, id_number=number, unit_id=units[unit], phone="13904705678"), actor="t"
            ).id
        brand = next(b.id for b in activity_records.list_brands(s) if b.name == "最美家庭")
        act = activity_records.add_activity(
            s,
            activity_records.ActivityDraft(
                brand_id=brand,
                title="2026年度最美家庭评选",
                kind="selection",
                starts_at=datetime(2026, 5, 15, 9),
                ends_at=datetime(2026, 5, 15, 11, 30),
                place="职工之家",
                organiser="公司工会女工委",
                budget_fen=300000,
                actual_fen=123456,
                summary="评选出最美家庭5户，开展家风故事分享。",
            ),
            actor="t",
        )
        out["activity"] = act.id
        activity_participants.add_participants(s, act.id, [out["张丽"], out["王建国"], out["李娜"]], actor="t")
        rows = {r.name: r.id for r in activity_participants.participant_rows(s, act.id)}
        activity_participants.set_status(s, [rows["张丽"], rows["王建国"]], "signed", actor="t")
        activity_participants.update_participant(
            s,
            rows["张丽"],
            activity_participants.ParticipantDraft(
                status="signed", award_name="最美家庭", family_name="张丽家庭", family_members=4
            ),
            actor="t",
        )
        for i, color in enumerate(("red", "green", "blue", "orange", "purple")):
            activity_attachments.add_attachment(
                s, act.id, file_name=f"照片{i + 1}.png", data=_png(color), caption=f"现场{i + 1}", actor="t"
            )
        activity_attachments.add_attachment(s, act.id, file_name="坏图.jpg", data=b"not an image", actor="t")
        out["honour"] = activity_honours.add_honour(
            s,
            activity_honours.HonourDraft(
                title="最美家庭",
                year=2026,
                level="company",
                worker_id=out["张丽"],
                family_name="张丽家庭",
                activity_id=act.id,
                awarded_on=date(2026, 5, 20),
            ),
            actor="t",
            today=TODAY,
        ).id
    return out


def test_signin_sheet_lists_registered_people_plus_blank_rows(
    office_db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "signin.pdf"
    assert printing.FORMS["activity-signin"](office_db, out, activity=data["activity"]) == 1
    text = _text(out)
    for word in (
        "活动签到表",
        "2026年度最美家庭评选",
        "最美家庭",
        "2026-05-15 09:00–11:30",
        "职工之家",
        "张丽",
        "王建国",
        "李娜",
        "139****5678",
        "报名3人",
        "阿里河森工公司工会",
    ):
        assert word in text, word
    assert "13904705678" not in text  # the sheet lies at the door: numbers masked unless asked for
    full = tmp_path / "full.pdf"
    printing.FORMS["activity-signin"](office_db, full, activity=data["activity"], full_phones=True)
    assert "13904705678" in _text(full)
    blank = tmp_path / "blank.pdf"
    printing.FORMS["activity-signin"](office_db, blank, activity=data["activity"], blank=True)
    assert "张丽" not in _text(blank) and "20" in _text(blank)
    with pytest.raises(DomainError):
        printing.FORMS["activity-signin"](office_db, blank, activity=None)


def test_record_form_has_counts_cost_awards_and_photos(
    office_db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "record.pdf"
    assert printing.FORMS["activity-record"](office_db, out, activity=data["activity"]) >= 1
    text = _text(out)
    for word in (
        "活动记录表",
        "报名3人，签到2人（女职工1人），缺席0人",
        "3,000.00",
        "1,234.56",
        "评选出最美家庭5户",
        "张丽家庭（张丽）：最美家庭",
        "现场1",
        "现场4",
    ):
        assert word in text, word
    assert "现场5" not in text  # at most four photos
    images = sum(len(p.images) for p in PdfReader(str(out)).pages)
    assert images == 4


def test_certificate_is_landscape_and_names_the_family(
    office_db: Database, data: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "cert.pdf"
    printing.FORMS["honour-certificate"](office_db, out, honour=data["honour"])
    page = PdfReader(str(out)).pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = _text(out)
    for word in ("荣誉证书", "张丽家庭", "2026年度最美家庭评选", "最美家庭", "2026年5月20日", "阿里河森工公司工会"):
        assert word in text, word


def test_excel_exports_reopen(office_db: Database, data: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "act.xlsx"
    assert activity_export.export_activities(office_db, path, ActivityFilter(year=2026)) == 1
    wb = load_workbook(path)
    ws = wb["品牌活动"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=False))
    assert row["活动名称"] == "2026年度最美家庭评选" and row["报名人数"] == 3 and row["签到人数"] == 2
    assert float(row["实际支出（元）"]) == pytest.approx(1234.56) and isinstance(row["开始时间"], datetime)
    honours = wb["荣誉登记"]
    assert [c.value for c in honours[2]][:6] == ["证2026-0001", 2026, "最美家庭", "公司", "张丽", "张丽家庭"]
    # The record number first, the global uid last (#17 item 3).
    assert header[0] == "编号" and row["编号"] == "活2026-001" and header[-1] == "全局标识（集团汇总用）"
    assert row[header[-1]].startswith("ALH-")
    reach = tmp_path / "reach.xlsx"
    activity_export.export_reach(office_db, reach, year=2026)
    wb = load_workbook(reach)
    rows = list(wb["2026年参与率"].iter_rows(min_row=2, values_only=True))
    company = rows[0]
    assert company[0] == "阿里河森工公司" and company[1:4] == (2, 1, 50)
    missing = list(wb["2026年未参加的女职工"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in missing] == ["李娜"]
    assert missing[0][4] == "139****5678"  # phones masked unless asked for
    activity_export.export_reach(office_db, reach, year=2026, full_phones=True)
    full = list(load_workbook(reach)["2026年未参加的女职工"].iter_rows(min_row=2, values_only=True))
    assert full[0][4] == "13904705678"


def test_cli_prints_both_activity_forms(
    office_db: Database, data: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(office_db.path)
    out = tmp_path / "cli.pdf"
    with office_db.read() as s:  # the CLI takes record numbers (#17 item 3)
        act, honour = serial_of(s, "activity", data["activity"]), serial_of(s, "honour", data["honour"])
    assert main(["pdf", "activity-signin", "--db", db, "--activity", act, "--out", str(out)]) == 0
    assert "张丽" in _text(out)
    assert main(["pdf", "activity-record", "--db", db, "--activity", act, "--out", str(out)]) == 0
    assert "活动记录表" in _text(out)
    assert main(["pdf", "activity-record", "--db", db, "--activity", "活2026-999", "--out", str(out)]) == 1
    assert "活2026-999" in capsys.readouterr().err
    assert main(["pdf", "activity-signin", "--db", db, "--out", str(out)]) == 1
    assert main(["pdf", "honour-certificate", "--db", db, "--honour", honour, "--out", str(out)]) == 0
    assert main(["pdf", "roster", "--db", db, "--activity", "1", "--out", str(out)]) == 1
