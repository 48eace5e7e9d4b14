"""The one way an area exports a workbook: build it, save it atomically, log exports of full ID numbers.

A cancelled or failed export leaves no file behind (the workbook's temp files are discarded), and an export
that carries full ID numbers is sensitive personal information leaving the program, so it is written to the
change log (who, when, how many, which file); masked exports change nothing and are not logged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.core.progress import Job
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import discard_workbook, new_workbook, save_atomically
from desktop.services import audit
from desktop.services.database import Database


def export_workbook(
    db: Database,
    path: Path,
    fill: Callable[[Session, StreamWorkbook], int],
    *,
    entity: str,
    full_ids: bool = False,
    job: Job | None = None,
    log_details: dict[str, Any] | None = None,
) -> int:
    """Run ``fill(session, workbook) -> rows written`` in one read session, then save; returns the rows."""
    path = Path(path)
    workbook = new_workbook()
    try:
        with db.read() as session:
            written = fill(session, workbook)
        if job is not None:
            job.step(written, written, "正在保存文件")
    except BaseException:
        discard_workbook(workbook)
        raise
    save_atomically(workbook, path)
    if full_ids:
        with db.write() as session:
            audit.record(session, actor=db.actor, action="export", entity=entity, entity_id=None,
                         after={"file": path.name, "count": written, "full_ids": True, **(log_details or {})})
    return written
