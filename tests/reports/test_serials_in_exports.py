"""Record numbers in the office's Excel exports (#17 item 3).

The defect: the first column of the visit and hardship sheets was the internal uid ("ALH-ea62f220-…"), under
the name 记录编号/档案编号. Now the serial is first and the uid last, labelled as being for HQ merges only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from desktop.core.hardship import Member
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.condolences import export as condolence_export
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import visits as condolence_visits
from desktop.services.condolences.ledger import VisitFilter
from desktop.services.database import Database
from desktop.services.roster import workers

TODAY = date(2026, 11, 20)
UID = "全局标识（集团汇总用）"


def test_visit_and_file_sheets_start_with_the_serial_and_end_with_the_uid(office_db: Database, tmp_path: Path) -> None:
    with office_db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        zhang = workers.add_worker(
            s, WorkerDraft(name="张丽", id_number="150785198503120022", unit_id=unit), actor="t"
        ).id
        v = condolence_visits.add_visit(
            s,
            zhang,
            condolence_visits.VisitDraft(occasion="sick", cause="肺炎", visit_date=date(2026, 3, 2), cash_fen=50000),
            actor="t",
            today=TODAY,
        )
        f = hardship_files.open_file(
            s,
            zhang,
            hardship_files.FileDraft(
                grade="deep",
                main_cause="因病",
                opened_on=date(2026, 2, 1),
                own_income_fen=100000,
                household_income_fen=200000,
                household_size=2,
                members=(Member("刘强", "配偶", "", "健康", 0, ""),),
            ),
            actor="t",
            today=TODAY,
        )
        uids = (v.uid, f.uid)

    out = tmp_path / "visits.xlsx"
    condolence_export.export_visits(office_db, out, VisitFilter(year=2026))
    rows = list(load_workbook(out)["慰问记录"].iter_rows(values_only=True))
    assert (rows[0][0], rows[1][0]) == ("编号", "慰2026-0001")
    assert (rows[0][-1], rows[1][-1]) == (UID, uids[0])

    condolence_export.export_files(office_db, out)
    wb = load_workbook(out)
    files = list(wb["困难职工档案"].iter_rows(values_only=True))
    assert (files[0][0], files[1][0], files[0][-1], files[1][-1]) == ("档案编号", "帮2026-0001", UID, uids[1])
    members = list(wb["家庭成员"].iter_rows(values_only=True))
    assert (members[1][0], members[1][2], members[1][-1]) == ("帮2026-0001", "刘强", uids[1])
