"""Export the roster (as filtered and sorted in the table) to an Excel workbook.

ID numbers are masked unless the caller asks for full ones (个人信息保护法 art. 28, domain.md §6). An export
with full ID numbers is sensitive personal information leaving the program, so it is written to the
change log (who, when, how many, which file); masked exports are not, as they change nothing.

The workbook is streamed row by row and saved atomically: a cancelled export leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.progress import Job
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.roster.export_xlsx import write_roster_sheet
from desktop.services.database import Database
from desktop.services.excel_export import export_workbook
from desktop.services.office import unit_tree
from desktop.services.roster.workers import WorkerFilter, WorkerRow, fetch_rows, worker_ids

CHUNK = 1000


def _chunks(session: Session, ids: list[int]) -> Iterator[WorkerRow]:
    for start in range(0, len(ids), CHUNK):
        yield from fetch_rows(session, ids[start : start + CHUNK])


def export_roster(
    db: Database,
    path: Path,
    flt: WorkerFilter,
    *,
    full_ids: bool = False,
    full_phones: bool | None = None,
    sort: str = "id",
    descending: bool = False,
    job: Job | None = None,
    reason: str = "",
) -> int:
    """Write the workers the filter selects, in the table's order; returns how many were written.

    A masked export (the default) shows the birth year instead of the birth date and age, and masks phone
    numbers too unless ``full_phones`` (None: phones follow ``full_ids``).
    Raises Cancelled (from ``job``) with no file written, DomainError when the file cannot be saved.
    """
    today = flt.on or date.today()

    def fill(session: Session, workbook: StreamWorkbook) -> int:
        ids = worker_ids(session, flt, sort=sort, descending=descending)
        paths = {node.id: node.path for node in unit_tree(session)}
        if job is not None:
            job.step(0, len(ids), "正在读取职工名册")
        return write_roster_sheet(
            workbook,
            _chunks(session, ids),
            full_ids=full_ids,
            full_phones=full_phones,
            today=today,
            unit_paths=paths,
            job=job,
            total=len(ids),
        )

    return export_workbook(db, path, fill, entity="worker", full_ids=full_ids, job=job, reason=reason)
