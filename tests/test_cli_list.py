"""``union-desk list …`` and record options by serial (#17 item 3).

The defect: the CLI had no way to list batch/visit/activity numbers, and its record options took internal ids
(``--activity 3``) or uids (ALH-ea62f220-…) that no screen or form showed under that name.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.activities import honours as activity_honours
from desktop.services.activities import records as activity_records
from desktop.services.condolences import batches as condolence_batches
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.services.exams import plans as exam_plans
from desktop.services.roster import workers

TODAY = date(2026, 11, 20)


@pytest.fixture
def filled(office_db: Database) -> dict[str, object]:
    with office_db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        zhang = workers.add_worker(
            s, WorkerDraft(name="张丽", id_number="150785198503120022", unit_id=unit), actor="t"
        ).id
        li = workers.add_worker(s, WorkerDraft(name="李娜", id_number="150784199211050040", unit_id=unit), actor="t").id
        hardship_files.open_file(
            s,
            li,
            hardship_files.FileDraft(
                grade="deep",
                main_cause="因病",
                opened_on=date(2026, 2, 1),
                own_income_fen=100000,
                household_income_fen=200000,
                household_size=2,
            ),
            actor="t",
            today=TODAY,
        )
        visit = condolence_visits.add_visit(
            s,
            zhang,
            condolence_visits.VisitDraft(occasion="sick", cause="肺炎", visit_date=date(2026, 3, 2), cash_fen=50000),
            actor="t",
            today=TODAY,
        )
        draft = condolence_visits.VisitDraft(
            occasion="festival", festival="spring", visit_date=date(2026, 2, 1), goods="米面油", goods_fen=20000
        )
        batch, _, _ = condolence_batches.create_batch(
            s, condolence_batches.BatchSpec(title="2026年春节慰问", draft=draft), actor="t", today=TODAY
        )
        brand = activity_records.list_brands(s)[0].id
        act = activity_records.add_activity(
            s,
            activity_records.ActivityDraft(
                brand_id=brand, title="春季读书分享会", kind="reading", starts_at=datetime(2026, 3, 8, 9)
            ),
            actor="t",
        )
        honour = activity_honours.add_honour(
            s,
            activity_honours.HonourDraft(title="技术能手", year=2026, level="company", worker_id=zhang),
            actor="t",
            today=TODAY,
        )
        plan = exam_plans.create_plan(s, exam_plans.default_draft("two_cancer", date(2026, 5, 4)), actor="t")
        return {"visit": visit.uid, "batch": batch.uid, "activity": act.uid, "honour": honour.uid, "plan": plan.uid}


def test_list_prints_serials_dates_people_masked(
    office_db: Database, filled: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(office_db.path)
    assert main(["list", "visits", "--db", db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["编号", "慰问日期", "事由", "慰问对象", "状态"]
    assert out[1].split() == ["慰2026-0001", "2026-03-02", "生病住院", "张丽", "150785***********2", "登记"]
    assert out[2].split()[:3] == ["慰2026-0002", "2026-02-01", "节日慰问（春节）"]  # numbered when entered
    assert out[-1] == "共 3 条慰问记录" and "150785198503120022" not in "\n".join(out)

    assert main(["list", "batches", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines()[1].split() == [
        "批2026-001",
        "2026-02-01",
        "2026年春节慰问",
        "已发放",
        "0/2",
        "人",
    ]
    for what, serial, words in (
        ("activities", "活2026-001", "春季读书分享会（玫瑰书香）"),
        ("honours", "证2026-0001", "技术能手（公司）"),
        ("plans", "检2026-001", "两癌筛查"),
    ):
        assert main(["list", what, "--db", db]) == 0
        line = capsys.readouterr().out.splitlines()[1]
        assert line.startswith(serial) and words in line, line
    assert main(["list", "visits", "--db", db, "--year", "2025"]) == 0
    assert capsys.readouterr().out.strip() == "2025年没有慰问记录"


def test_record_options_take_the_serial_and_still_the_uid(
    office_db: Database, filled: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, out = str(office_db.path), str(tmp_path / "f.pdf")
    for args in (
        ["condolence-signoff", "--batch", "批2026-1"],
        ["condolence-signoff", "--batch", str(filled["batch"])],
        ["condolence-approval", "--visit", "慰２０２６－１"],
        ["condolence-approval", "--visit", str(filled["visit"])],
        ["activity-record", "--activity", "活2026-001"],
        ["activity-record", "--activity", str(filled["activity"])],
        ["honour-certificate", "--honour", "证2026-1"],
        ["honour-certificate", "--honour", str(filled["honour"])],
        ["exam-notices", "--plan", "检2026-001"],
        ["exam-notices", "--plan", str(filled["plan"])],
        ["hardship-file", "--worker", "帮2026-1"],
        ["hardship-file", "--worker", "150784199211050040"],
    ):
        assert main(["pdf", *args, "--db", db, "--out", out]) == 0, (args, capsys.readouterr().err)
        capsys.readouterr()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["condolence-signoff", "--batch", "批2026-007"],
            "错误：没有编号为 批2026-007 的发放批次（union-desk list batches 列出全部编号）",
        ),
        (
            ["activity-record", "--activity", "ALH-ea62f220"],
            "错误：没有编号为“ALH-ea62f220”的活动；活动编号形如 活2026-017（union-desk list activities 列出全部编号）",
        ),
        # Digits alone are what a clerk types for 慰2026-0001; read as a row id they would print another record.
        (
            ["condolence-approval", "--visit", "1"],
            "错误：“1”不是慰问记录编号：慰问记录编号形如 慰2026-0042，须带“慰”字和年份"
            "（union-desk list visits 列出全部编号）",
        ),
        (
            ["condolence-approval", "--visit", "批2026-001"],
            "错误：“批2026-001”是发放批次编号，这里要的是慰问记录编号（应为“慰年份-序号”，如 慰2026-0042）",
        ),
    ],
)
def test_unknown_or_wrong_number_is_one_chinese_line(
    office_db: Database,
    filled: dict[str, object],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    assert main(["pdf", *args, "--db", str(office_db.path), "--out", str(tmp_path / "f.pdf")]) == 1
    err = capsys.readouterr().err
    assert err == message + "\n" and not (tmp_path / "f.pdf").exists()
