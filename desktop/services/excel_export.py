"""The one way an area exports a workbook: build it, save it atomically, log exports of full ID numbers.

A cancelled or failed export leaves no file behind (the workbook's temp files are discarded), and an export
that carries full ID numbers is sensitive personal information leaving the program, so it is written to the
change log (who, when, how many, which file, and the reason the account gave). Masked exports are logged too
(issue #15): a list of names, units and pregnancies is personal data even without ID numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.core.errors import DomainError
from desktop.core.progress import Job
from desktop.core.roles import Permission
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
    reason: str = "",
) -> int:
    """Run ``fill(session, workbook) -> rows written`` in one read session, then save; returns the rows.

    Full ID numbers need an account that may take them out (审批/领导, 管理员) and a reason."""
    path = Path(path)
    check_export(db, full_ids=full_ids, reason=reason)
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
    details: dict[str, Any] = {"file": path.name, "count": written, "full_ids": full_ids, **(log_details or {})}
    if full_ids:
        details["reason"] = reason.strip()
    audit.log_output(
        db,
        action="export",
        entity=entity,
        details=details,
        permission=Permission.EXPORT_FULL_IDS if full_ids else Permission.EXPORT,
    )
    return written


def check_export(db: Database, *, full_ids: bool, reason: str = "") -> None:
    """Refuse before any work: the role may not export, or full ID numbers are asked for without a reason."""
    db.require(Permission.EXPORT_FULL_IDS if full_ids else Permission.EXPORT)
    if full_ids and not reason.strip():
        raise DomainError("导出完整身份证号须写明用途（例如：报送社保中心办理生育津贴）")
