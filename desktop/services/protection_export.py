"""Export the four-period ledger (as filtered in the tab, on its day) to an Excel workbook.

As for the roster export: ID numbers are masked unless asked for, an export with full ID numbers is
written to the change log (it is sensitive personal and health information leaving the program), and the
workbook is saved atomically so a cancelled export leaves no file behind.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.core.progress import Job
from desktop.reports.excel.protection_ledger import write_protection_ledger
from desktop.reports.excel.writer import discard_workbook, new_workbook, save_atomically
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.office import unit_tree
from desktop.services.protection_ledger import current_cases


def export_protection_ledger(
    db: Database,
    path: Path,
    *,
    on: date,
    state: str | None = None,
    unit_id: int | None = None,
    text: str = "",
    full_ids: bool = False,
    sort: str = "unit",
    descending: bool = False,
    job: Job | None = None,
) -> int:
    """Write the women the ledger shows on ``on`` with these filters; returns how many were written.

    Raises Cancelled (from ``job``) with no file written, DomainError for a bad filter or an unsavable file.
    """
    path = Path(path)
    workbook = new_workbook()
    try:
        with db.read() as session:
            if job is not None:
                job.step(0, 0, "正在计算四期保护台账")
            rows = current_cases(session, on, state=state, unit_id=unit_id, text=text, sort=sort,
                                 descending=descending)
            paths = {node.id: node.path for node in unit_tree(session)}
        written = write_protection_ledger(workbook, rows, on=on, full_ids=full_ids, unit_paths=paths, job=job)
        if job is not None:
            job.step(written, written, "正在保存文件")
    except BaseException:
        discard_workbook(workbook)
        raise
    save_atomically(workbook, path)
    if full_ids:
        with db.write() as session:
            audit.record(session, actor=db.actor, action="export", entity="protection_case", entity_id=None,
                         after={"file": path.name, "count": written, "full_ids": True, "on": on.isoformat()})
    return written
