"""Record numbers on printed forms (#17 item 3).

The defect: the hardship file printed its uid as 档案编号 ("ALH-ea62f220-…"), the certificate a uid tail
("787EB43F30C5") as 证书编号, and the sign-off sheet no batch number at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from db.models_condolences import CondolenceVisit
from desktop.core.worker import WorkerDraft
from desktop.services import office, printing
from desktop.services.activities import honours as activity_honours
from desktop.services.condolences import batches as condolence_batches
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.services.roster import workers

TODAY = date(2026, 11, 20)


def _text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_forms_print_the_serial_not_the_uid(office_db: Database, tmp_path: Path) -> None:
    with office_db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        zhang = workers.add_worker(
            s, WorkerDraft(name="张丽", id_number="150785198503120022", unit_id=unit), actor="t"
        ).id
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
            ),
            actor="t",
            today=TODAY,
        )
        h = activity_honours.add_honour(
            s,
            activity_honours.HonourDraft(title="技术能手", year=2026, level="company", worker_id=zhang),
            actor="t",
            today=TODAY,
        )
        draft = condolence_visits.VisitDraft(
            occasion="festival", festival="spring", visit_date=date(2026, 2, 1), goods="米面油", goods_fen=20000
        )
        b, _, _ = condolence_batches.create_batch(
            s, condolence_batches.BatchSpec(title="2026年春节慰问", draft=draft), actor="t", today=TODAY
        )
        uids = (f.uid, h.uid, b.uid)

    out = tmp_path / "file.pdf"
    printing.FORMS["hardship-file"](office_db, out, worker="150785198503120022")
    text = _text(out)
    assert "档案编号：帮2026-0001" in text and uids[0] not in text

    printing.FORMS["honour-certificate"](office_db, out, honour=h.id)
    text = _text(out).replace("\n", "")
    assert "证书编号：证2026-0001" in text and uids[1].rsplit("-", 1)[-1][:12].upper() not in text

    printing.FORMS["condolence-signoff"](office_db, out, batch="批2026-001")
    text = _text(out)
    assert "2026年春节慰问（批2026-001）" in text.replace("\n", "") and uids[2] not in text

    with office_db.read() as s:
        visit = s.scalars(select(CondolenceVisit).where(CondolenceVisit.serial == "慰2026-0001")).one()
    printing.FORMS["condolence-approval"](office_db, out, visit="慰2026-1")
    text = _text(out)
    assert "慰2026-0001" in text and visit.uid not in text
