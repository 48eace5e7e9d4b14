"""Export condolence visits (as filtered in the tab) and hardship files to Excel.

ID numbers and bank accounts are masked unless asked for; an export with them whole is written to the
change log (sensitive personal information leaving the program). Saved atomically: a cancel leaves no file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker
from desktop.core.progress import Job
from desktop.reports.excel.condolence_export import write_files, write_visits
from desktop.reports.excel.writer import discard_workbook, new_workbook, save_atomically
from desktop.services import audit
from desktop.services.condolence_ledger import VisitFilter, fetch_visit_rows, visit_ids
from desktop.services.database import Database
from desktop.services.hardship_files import FileFilter, file_rows, get_draft
from desktop.services.office import unit_tree


def export_visits(db: Database, path: Path, flt: VisitFilter | None = None, *, full_ids: bool = False,
                  sort: str = "visit_date", descending: bool = True, job: Job | None = None) -> int:
    path = Path(path)
    workbook = new_workbook()
    try:
        with db.read() as s:
            ids = visit_ids(s, flt or VisitFilter(), sort=sort, descending=descending)
            paths = unit_paths(s)

            def rows():  # noqa: ANN202 - a generator of VisitRow, read in chunks to bound memory
                for start in range(0, len(ids), 1000):
                    for r in fetch_visit_rows(s, ids[start:start + 1000]):
                        yield replace(r, unit_name=paths.get(r.unit_id, r.unit_name))

            written = write_visits(workbook, rows(), full_ids=full_ids, total=len(ids), job=job)
    except BaseException:
        discard_workbook(workbook)
        raise
    save_atomically(workbook, path)
    _log(db, "condolence_visit", path, written, full_ids)
    return written


def export_files(db: Database, path: Path, flt: FileFilter | None = None, *, full_ids: bool = False,
                 job: Job | None = None) -> int:
    path = Path(path)
    workbook = new_workbook()
    try:
        with db.read() as s:
            items = [(f, get_draft(s, f.id).members) for f in file_rows(s, flt or FileFilter(status=None))]
            paths = {w.id: p for w, p in _worker_paths(s, [f.worker_id for f, _ in items])}
            items = [(replace(f, unit_name=paths.get(f.worker_id, f.unit_name)), m) for f, m in items]
        written = write_files(workbook, items, full_ids=full_ids, job=job)
    except BaseException:
        discard_workbook(workbook)
        raise
    save_atomically(workbook, path)
    _log(db, "hardship_file", path, written, full_ids)
    return written


def unit_paths(session: Session) -> dict[int, str]:
    """Unit id → its path below the company ("甘河林场/一班"): two farms may each have a 后勤班."""
    return {n.id: "/".join(n.path.split("/")[1:]) or n.path for n in unit_tree(session)}


def _worker_paths(session: Session, worker_ids: list[int]) -> list[tuple[Worker, str]]:
    paths = unit_paths(session)
    found = session.scalars(select(Worker).where(Worker.id.in_(worker_ids))) if worker_ids else []
    return [(w, paths.get(w.unit_id, "")) for w in found]


def _log(db: Database, entity: str, path: Path, count: int, full_ids: bool) -> None:
    if full_ids:
        with db.write() as s:
            audit.record(s, actor=db.actor, action="export", entity=entity, entity_id=None,
                         after={"file": path.name, "count": count, "full_ids": True})
