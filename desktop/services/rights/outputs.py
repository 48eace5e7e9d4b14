"""维权诉求 outputs, all for accounts with Permission.RIGHTS (管理员, 审批/领导): the yearly summary for HQ as a PDF
(``printing.FORMS["rights-summary"]``) and a workbook (counts only, no names), and the office's list of requests
as a workbook whose ID numbers are always masked and whose free text has any typed ID number masked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.errors import DomainError
from desktop.core.idcard import mask, mask_in_text
from desktop.core.progress import Job
from desktop.core.rights_requests import STAGES, SummaryRow
from desktop.core.roles import Permission
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.rights.summary_pdf import TITLE, render_summary
from desktop.reports.rights.tables_xlsx import write_requests, write_summary
from desktop.services.database import Database
from desktop.services.excel_export import export_workbook
from desktop.services.printing import PdfForm, office_name, register
from desktop.services.rights import requests as rights_requests


def _year(year: int | str | None) -> int:
    if year is None:
        return date.today().year
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise DomainError(f"年度应为四位年份，现为“{year}”", field="year") from None
    if not 2000 <= value <= 2100:
        raise DomainError(f"年度应在2000到2100年之间，现为{value}", field="year")
    return value


def summary_pdf(db: Database, out: Path, *, year: int | str | None = None, job: Job | None = None) -> int:
    db.require(Permission.RIGHTS)
    y = _year(year)
    with db.read() as s:
        rows = rights_requests.year_summary(s, y)
        office = office_name(s)
    if job is not None:
        job.step(0, 1, "正在排版汇总表")
    return render_summary(rows, out, year=y, office_name=office)


summary_pdf = register(
    PdfForm(
        "rights-summary",
        TITLE,
        "某一年度受理的职工维权诉求件数：按类别和所到阶段（预防/调解/仲裁/诉讼）、转介法律援助、办结与满意率，不含姓名"
        "（管理员、审批/领导）",
        summary_pdf,
    )
)


def _summary_rows(rows: list[SummaryRow], year: int) -> Iterator[dict[str, object]]:
    for r in rows:
        yield {
            "year": year,
            "category": r.category,
            "total": r.total,
            **{f"stage_{code}": r.by_stage[code] for code in STAGES},
            "legal_aid": r.legal_aid,
            "closed": r.closed,
            "resolved": r.resolved,
            "satisfied": r.satisfied,
            "asked": r.asked,
        }


def export_summary(db: Database, path: Path, *, year: int | str | None = None, job: Job | None = None) -> int:
    """The HQ summary: one sheet, a row per category and 合计; returns the rows written."""
    db.require(Permission.RIGHTS)
    y = _year(year)

    def fill(session: Session, workbook: StreamWorkbook) -> int:
        return write_summary(workbook, _summary_rows(rights_requests.year_summary(session, y), y))

    return export_workbook(db, Path(path), fill, entity="rights_summary", job=job, log_details={"year": y})


def export_requests(db: Database, path: Path, *, year: int | str | None = None, job: Job | None = None) -> int:
    """The office's list of the year's requests with the summary sheet; ID numbers masked, never full."""
    db.require(Permission.RIGHTS)
    y = _year(year)

    def fill(session: Session, workbook: StreamWorkbook) -> int:
        rows: Iterator[dict[str, object]]
        rows = (
            {
                "serial": r.serial,
                "name": r.name,
                "unit": r.unit,
                "id_number": mask(r.id_number),
                "category": r.category_label,
                "summary": mask_in_text(r.summary),
                "received_on": r.received_on,
                "stage": r.stage_label,
                "mediation_on": r.mediation_on,
                "arbitration_on": r.arbitration_on,
                "litigation_on": r.litigation_on,
                "legal_aid_on": r.legal_aid_on,
                "closed_on": r.closed_on,
                "outcome": r.outcome_label,
                "satisfaction": r.satisfaction_label,
                "uid": r.uid,
            }
            for r in rights_requests.list_requests(session, year=y)
        )
        written = write_requests(workbook, rows)
        write_summary(workbook, _summary_rows(rights_requests.year_summary(session, y), y))
        return written

    return export_workbook(db, Path(path), fill, entity="rights_request", job=job, log_details={"year": y})
