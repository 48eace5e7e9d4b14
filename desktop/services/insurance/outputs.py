"""特种病保险 outputs: the 女职工特殊疾病互助保障台账 PDF (registered in ``printing.FORMS`` as
``insurance-ledger``) and the workbook of a year's enrolments and claims through ``excel_export.export_workbook``
(one read session, atomic save, the export in the change log). ID numbers are masked unless the account may
take them out and asks (with a reason, as every full-ID export)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.condolences import yuan
from desktop.core.errors import DomainError
from desktop.core.idcard import mask
from desktop.core.progress import Job
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.insurance.ledger_pdf import TITLE, LedgerLine, render_ledger
from desktop.reports.insurance.tables_xlsx import write_claims, write_enrolments
from desktop.services.database import Database
from desktop.services.excel_export import export_workbook
from desktop.services.insurance import enrolments as insurance_enrolments
from desktop.services.printing import PdfForm, office_name, register


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


def _claims_text(claims: list[insurance_enrolments.ClaimRow]) -> str:
    parts = []
    for c in sorted(claims, key=lambda c: c.diagnosis_date):
        paid = f"，给付{yuan(c.paid_fen)}" if c.paid_fen else ""
        parts.append(
            f"{c.diagnosis_date.isoformat()} {c.diagnosis_label}：申请{yuan(c.claimed_fen)}{paid}（{c.status_label}）"
        )
    return "；".join(parts)


def ledger_lines(session: Session, year: int) -> list[LedgerLine]:
    by_enrolment: dict[int, list[insurance_enrolments.ClaimRow]] = {}
    for c in insurance_enrolments.list_claims(session):
        by_enrolment.setdefault(c.enrolment_id, []).append(c)
    rows = sorted(
        insurance_enrolments.list_enrolments(session, year=year), key=lambda r: (r.unit, r.name, r.coverage_start)
    )
    return [
        LedgerLine(
            r.name,
            r.unit,
            mask(r.id_number),
            r.plan_name,
            f"{r.coverage_start.isoformat()}—{r.coverage_end.isoformat()}",
            yuan(r.premium_fen),
            r.payer_label.removesuffix("缴纳"),
            _claims_text(by_enrolment.get(r.id, [])),
        )
        for r in rows
    ]


def ledger_pdf(db: Database, out: Path, *, year: int | str | None = None, job: Job | None = None) -> int:
    """The ledger of ``year`` (default this year); returns the page count."""
    y = _year(year)
    with db.read() as s:
        lines = ledger_lines(s, y)
        summary = insurance_enrolments.year_totals(s, y).summary()
        office = office_name(s)
    if job is not None:
        job.step(0, 1, "正在排版台账")
    return render_ledger(lines, out, year=y, office_name=office, summary=summary)


ledger_pdf = register(
    PdfForm(
        "insurance-ledger",
        TITLE,
        "某一年度的女职工特殊疾病互助保障参保与互助金申请（默认今年），身份证号隐去中间部分",
        ledger_pdf,
    )
)


def _enrolment_rows(session: Session, year: int, full_ids: bool) -> Iterator[dict[str, object]]:
    for r in insurance_enrolments.list_enrolments(session, year=year):
        yield {
            "name": r.name,
            "unit": r.unit,
            "id_number": r.id_number if full_ids else mask(r.id_number),
            "plan_name": r.plan_name,
            "coverage_start": r.coverage_start,
            "coverage_end": r.coverage_end,
            "premium_fen": r.premium_fen,
            "payer": r.payer_label,
            "claims": r.claims,
            "notes": r.notes,
            "uid": r.uid,
        }


def _claim_rows(session: Session, year: int, full_ids: bool) -> Iterator[dict[str, object]]:
    for c in insurance_enrolments.list_claims(session, year=year):
        yield {
            "name": c.name,
            "unit": c.unit,
            "id_number": c.id_number if full_ids else mask(c.id_number),
            "plan_name": c.plan_name,
            "coverage": c.coverage_text,
            "diagnosis": c.diagnosis_label,
            "diagnosis_date": c.diagnosis_date,
            "claimed_fen": c.claimed_fen,
            "paid_fen": c.paid_fen,
            "documents": c.documents_text,
            "received_on": c.received_on,
            "status": c.status_label,
            "decided_on": c.decided_on,
            "uid": c.uid,
        }


def export_insurance(
    db: Database,
    path: Path,
    *,
    year: int | str | None = None,
    full_ids: bool = False,
    reason: str = "",
    job: Job | None = None,
) -> int:
    """A workbook: sheet 参保登记 (enrolments touching ``year``) and sheet 互助金申请 (claims diagnosed in it);
    returns the rows written."""
    y = _year(year)

    def fill(session: Session, workbook: StreamWorkbook) -> int:
        return write_enrolments(workbook, _enrolment_rows(session, y, full_ids)) + write_claims(
            workbook, _claim_rows(session, y, full_ids)
        )

    return export_workbook(
        db, Path(path), fill, entity="insurance", full_ids=full_ids, reason=reason, job=job, log_details={"year": y}
    )
