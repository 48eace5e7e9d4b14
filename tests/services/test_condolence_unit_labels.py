"""One unit-label rule (office.unit_labels, #17 item 4, #20) in every condolence output: the visit export, the
approval form, the sign-off sheet (its group heading plus the 单位 cell), the hardship card and export."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop.core import condolences as condolence_rules
from desktop.core import hardship as hardship_rules
from desktop.core.worker import WorkerDraft
from desktop.reports.condolences.signoff_pdf import signoff_form
from desktop.services import office
from desktop.services.condolences import export, hardship, printing
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.services.roster import workers

TODAY = date(2026, 11, 20)
# Two farms each with a 后勤班, and a deep 营林队 under each: the leaf alone would name two units.
PEOPLE = (
    ("张丽", "150785198503120022", ("甘河林场", "后勤班")),
    ("王建国", "150782199007071132", ("吉文林场", "后勤班")),
    ("赵敏", "15078519920815008X", ("甘河林场", "第一工段", "营林队")),
    ("李娜", "150784199211050040", ("吉文林场", "第一工段", "营林队")),
)
LABELS = {
    "张丽": "甘河林场/后勤班",
    "王建国": "吉文林场/后勤班",
    "赵敏": "甘河林场/第一工段/营林队",
    "李娜": "吉文林场/第一工段/营林队",
}


def _unit(db: Database, path: tuple[str, ...]) -> int:
    with db.write() as s:
        nodes = office.unit_tree(s)
        parent = next(n.id for n in nodes if n.parent_id is None)
        for name in path:
            found = next((n.id for n in nodes if n.parent_id == parent and n.name == name), None)
            parent = found if found is not None else office.add_unit(s, name=name, parent_id=parent, actor="t").id
            nodes = office.unit_tree(s)
    return parent


@pytest.fixture
def visits(office_db: Database) -> dict[str, int]:
    out: dict[str, int] = {}
    for name, number, path in PEOPLE:
        unit = _unit(office_db, path)
        with office_db.write() as s:
            wid = workers.add_worker(s, WorkerDraft(name=name, id_number=number, unit_id=unit), actor="t").id
            draft = condolence_rules.VisitDraft(
                occasion="sick", cause="肺炎", visit_date=date(2026, 3, 2), cash_fen=50000
            )
            out[name] = condolence_visits.add_visit(s, wid, draft, actor="t", today=TODAY).id
            if name == "张丽":
                file = hardship_rules.FileDraft(
                    main_cause="因病", household_income_fen=1200000, opened_on=date(2026, 3, 1)
                )
                hardship.open_file(s, wid, file, actor="t", today=TODAY)
    return out


def test_export_and_forms_name_each_unit_the_same(
    office_db: Database, visits: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "v.xlsx"
    export.export_visits(office_db, out)
    rows = list(load_workbook(out, read_only=True)["慰问记录"].values)
    unit = rows[0].index("单位")
    assert {r[1]: r[unit] for r in rows[1:]} == LABELS

    seen: dict[str, Any] = {}
    monkeypatch.setattr(printing, "render_approval", lambda row, *_a, **_k: seen.setdefault("approval", row) and 1)
    printing.approval_pdf(office_db, tmp_path / "a.pdf", visit=visits["赵敏"])
    assert seen["approval"].unit_name == LABELS["赵敏"]

    def signoff(rows: Any, *_a: Any, sheets: Any = None, **_k: Any) -> int:
        seen["signoff"] = signoff_form(rows, office_name="", heading="", sheets=sheets)
        return 1

    monkeypatch.setattr(printing, "render_signoff", signoff)
    printing.signoff_pdf(office_db, tmp_path / "s.pdf", flt=printing.VisitFilter(year=2026))
    form = seen["signoff"]
    name, cell = (form.columns.index(c) for c in form.columns if c.title in ("姓名", "单位"))
    for group in form.groups:
        sheet = group.heading.removeprefix("领取单位：").split("（")[0]
        for line in group.rows:
            label = LABELS[line[name]]
            # The heading names the 林场; the cell names the unit within it, and together they are the label.
            assert label.startswith(f"{sheet}/") and line[cell] == label.removeprefix(f"{sheet}/")

    with office_db.read() as s:
        card = printing.hardship_card(s, "150785198503120022")
    files = tmp_path / "f.xlsx"
    export.export_files(office_db, files)
    f_rows = list(load_workbook(files, read_only=True)["困难职工档案"].values)
    assert card.unit_name == f_rows[1][f_rows[0].index("单位")] == LABELS["张丽"]
