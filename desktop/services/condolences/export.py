"""Export condolence visits (as filtered in the tab) and hardship files to Excel.

ID numbers and bank accounts are masked unless asked for (with a reason, by an account that may); every
export is written to the change log. Saved atomically through export_workbook: a cancel leaves no file.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.progress import Job
from desktop.reports.condolences.export_xlsx import write_files, write_visits
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.services.condolences.hardship import FileFilter, file_rows, get_draft
from desktop.services.condolences.ledger import VisitFilter, fetch_visit_rows, visit_ids
from desktop.services.database import Database
from desktop.services.excel_export import export_workbook


def export_visits(
    db: Database,
    path: Path,
    flt: VisitFilter | None = None,
    *,
    full_ids: bool = False,
    sort: str = "visit_date",
    descending: bool = True,
    job: Job | None = None,
    reason: str = "",
) -> int:
    def fill(s: Session, workbook: StreamWorkbook) -> int:
        ids = visit_ids(s, flt or VisitFilter(), sort=sort, descending=descending)

        def rows():  # a generator of VisitRow, read in chunks to bound memory
            # Rows name units by office.unit_labels ("甘河林场/后勤班"): two farms may each have a 后勤班.
            for start in range(0, len(ids), 1000):
                yield from fetch_visit_rows(s, ids[start : start + 1000])

        return write_visits(workbook, rows(), full_ids=full_ids, total=len(ids), job=job)

    return export_workbook(db, Path(path), fill, entity="condolence_visit", full_ids=full_ids, job=job, reason=reason)


def export_files(
    db: Database,
    path: Path,
    flt: FileFilter | None = None,
    *,
    full_ids: bool = False,
    job: Job | None = None,
    reason: str = "",
) -> int:
    def fill(s: Session, workbook: StreamWorkbook) -> int:
        items = [(f, get_draft(s, f.id).members) for f in file_rows(s, flt or FileFilter(status=None))]
        return write_files(workbook, items, full_ids=full_ids, job=job)

    return export_workbook(db, Path(path), fill, entity="hardship_file", full_ids=full_ids, job=job, reason=reason)
