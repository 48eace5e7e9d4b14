"""Export condolence visits (as filtered in the tab) and hardship files to Excel.

ID numbers and bank accounts are masked unless asked for (with a reason, by an account that may); every
export is written to the change log. Saved atomically through export_workbook: a cancel leaves no file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker
from desktop.core.progress import Job
from desktop.reports.excel.condolence_export import write_files, write_visits
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.services.condolence_ledger import VisitFilter, fetch_visit_rows, visit_ids
from desktop.services.database import Database
from desktop.services.excel_export import export_workbook
from desktop.services.hardship_files import FileFilter, file_rows, get_draft
from desktop.services.office import unit_tree


def export_visits(db: Database, path: Path, flt: VisitFilter | None = None, *, full_ids: bool = False,
                  sort: str = "visit_date", descending: bool = True, job: Job | None = None,
                  reason: str = "") -> int:
    def fill(s: Session, workbook: StreamWorkbook) -> int:
        ids = visit_ids(s, flt or VisitFilter(), sort=sort, descending=descending)
        paths = unit_paths(s)

        def rows():  # noqa: ANN202 - a generator of VisitRow, read in chunks to bound memory
            for start in range(0, len(ids), 1000):
                for r in fetch_visit_rows(s, ids[start:start + 1000]):
                    yield replace(r, unit_name=paths.get(r.unit_id, r.unit_name))

        return write_visits(workbook, rows(), full_ids=full_ids, total=len(ids), job=job)

    return export_workbook(db, Path(path), fill, entity="condolence_visit", full_ids=full_ids, job=job,
                           reason=reason)


def export_files(db: Database, path: Path, flt: FileFilter | None = None, *, full_ids: bool = False,
                 job: Job | None = None, reason: str = "") -> int:
    def fill(s: Session, workbook: StreamWorkbook) -> int:
        items = [(f, get_draft(s, f.id).members) for f in file_rows(s, flt or FileFilter(status=None))]
        paths = {w.id: p for w, p in _worker_paths(s, [f.worker_id for f, _ in items])}
        items = [(replace(f, unit_name=paths.get(f.worker_id, f.unit_name)), m) for f, m in items]
        return write_files(workbook, items, full_ids=full_ids, job=job)

    return export_workbook(db, Path(path), fill, entity="hardship_file", full_ids=full_ids, job=job, reason=reason)


def unit_paths(session: Session) -> dict[int, str]:
    """Unit id → its path below the company ("甘河林场/一班"): two farms may each have a 后勤班."""
    return {n.id: "/".join(n.path.split("/")[1:]) or n.path for n in unit_tree(session)}


def _worker_paths(session: Session, worker_ids: list[int]) -> list[tuple[Worker, str]]:
    paths = unit_paths(session)
    found = session.scalars(select(Worker).where(Worker.id.in_(worker_ids))) if worker_ids else []
    return [(w, paths.get(w.unit_id, "")) for w in found]
