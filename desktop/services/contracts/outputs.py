"""专项集体合同 outputs: the 履行情况检查表 PDF (registered in ``printing.FORMS`` as ``contract-check``) and the
workbook of a year's check with the contracts' clauses, through ``excel_export.export_workbook`` (one read
session, atomic save, the export in the change log)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.errors import DomainError
from desktop.core.progress import Job
from desktop.reports.contracts.check_pdf import TITLE, CheckLine, CheckSheet, render_check
from desktop.reports.contracts.tables_xlsx import write_check, write_clauses
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.services.contracts import contracts as contract_service
from desktop.services.database import Database
from desktop.services.excel_export import export_workbook
from desktop.services.printing import PdfForm, office_name, register


def _year(year: int | str | None) -> int:
    if year is None:
        return date.today().year
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise DomainError(f"检查年度应为四位年份，现为“{year}”", field="year") from None
    if not 2000 <= value <= 2100:
        raise DomainError(f"检查年度应在2000到2100年之间，现为{value}", field="year")
    return value


def check_sheet(session: Session, year: int, contract_id: int | None = None) -> CheckSheet:
    result = contract_service.yearly_check(session, year, contract_id)
    c = result.contract
    lines = [
        CheckLine(
            r.article,
            contract_service.core.CLAUSE_KINDS.get(r.kind, r.kind),
            r.promise,
            r.actual,
            r.verdict_label,
            r.explanation,
        )
        for r in result.check.rows
    ]
    return CheckSheet(
        year,
        c.title,
        c.term_start,
        c.term_end,
        c.signed_on,
        c.union_party,
        c.union_rep,
        c.company_party,
        c.company_rep,
        result.check.summary(),
        lines,
    )


def check_pdf(
    db: Database, out: Path, *, year: int | str | None = None, contract: int | None = None, job: Job | None = None
) -> int:
    """The check of ``year`` (default this year) for ``contract`` (default the one the year is measured
    against); returns the page count."""
    y = _year(year)
    with db.read() as s:
        sheet = check_sheet(s, y, contract)
        office = office_name(s)
    if job is not None:
        job.step(0, 1, "正在排版检查表")
    return render_check(sheet, out, office_name=office)


check_pdf = register(
    PdfForm(
        "contract-check",
        TITLE,
        "女职工权益保护专项集体合同某一年度的履行情况：逐条约定、实际数据、结论与依据（默认今年、当年生效的合同）",
        check_pdf,
    )
)


def _check_rows(sheet: CheckSheet) -> Iterator[dict[str, object]]:
    for ln in sheet.lines:
        yield {
            "year": sheet.year,
            "contract": sheet.contract_title,
            "article": ln.article,
            "kind": ln.kind,
            "promise": ln.promise,
            "actual": ln.actual,
            "verdict": ln.verdict,
            "explanation": ln.explanation,
        }


def _clause_rows(session: Session) -> Iterator[dict[str, object]]:
    for c in contract_service.list_contracts(session):
        for cl in contract_service.clauses(session, c.id):
            yield {
                "contract": c.title,
                "status": c.status_label,
                "term_start": c.term_start,
                "term_end": c.term_end,
                "signed_on": c.signed_on,
                "union_party": c.union_party,
                "company_party": c.company_party,
                "article": cl.article,
                "kind": cl.kind_label,
                "value": cl.value,
                "unit": cl.unit,
                "target_percent": cl.target_percent,
                "promise": cl.promise,
                "text": cl.text,
                "uid": c.uid,
            }


def export_check(
    db: Database, path: Path, *, year: int | str | None = None, contract: int | None = None, job: Job | None = None
) -> int:
    """A workbook: sheet 履行情况检查 (the year's check, one row per clause) and sheet 合同条款 (every contract
    not archived, with its clauses); returns the check rows written. No personal data: figures only."""
    y = _year(year)

    def fill(session: Session, workbook: StreamWorkbook) -> int:
        written = write_check(workbook, _check_rows(check_sheet(session, y, contract)))
        write_clauses(workbook, _clause_rows(session))
        return written

    return export_workbook(db, Path(path), fill, entity="special_contract", job=job, log_details={"year": y})
