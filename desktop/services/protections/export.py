"""Export the four-period ledger (as filtered in the tab, on its day) to an Excel workbook.

As for the roster export: ID numbers are masked unless asked for, an export with full ID numbers is
written to the change log (it is sensitive personal and health information leaving the program), and the
workbook is saved atomically so a cancelled export leaves no file behind.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.progress import Job
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.protections.ledger_xlsx import write_protection_ledger
from desktop.services.database import Database
from desktop.services.excel_export import export_workbook
from desktop.services.office import unit_tree
from desktop.services.protections.ledger import current_cases


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
    reason: str = "",
) -> int:
    """Write the women the ledger shows on ``on`` with these filters; returns how many were written.

    Raises Cancelled (from ``job``) with no file written, DomainError for a bad filter or an unsavable file.
    """

    def fill(session: Session, workbook: StreamWorkbook) -> int:
        if job is not None:
            job.step(0, 0, "正在计算四期保护台账")
        rows = current_cases(session, on, state=state, unit_id=unit_id, text=text, sort=sort, descending=descending)
        paths = {node.id: node.path for node in unit_tree(session)}
        return write_protection_ledger(workbook, rows, on=on, full_ids=full_ids, unit_paths=paths, job=job)

    return export_workbook(
        db,
        path,
        fill,
        entity="protection_case",
        full_ids=full_ids,
        job=job,
        reason=reason,
        log_details={"on": on.isoformat()},
    )
