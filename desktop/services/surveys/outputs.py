"""需求调研 outputs: the 职工需求清单 as a PDF (``printing.FORMS["needs-list"]``) and as a workbook whose ID
numbers are always masked (and any ID number typed into free text masked too), and a survey's results as a
workbook, one sheet per choice question and breakdown (no names)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core import surveys as core
from desktop.core.errors import DomainError
from desktop.core.idcard import mask, mask_in_text
from desktop.core.progress import Job
from desktop.core.roles import Permission
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.surveys.needs_pdf import TITLE, NeedLine, render_needs
from desktop.reports.surveys.tables_xlsx import write_needs, write_results
from desktop.services.database import Database
from desktop.services.excel_export import export_workbook
from desktop.services.printing import PdfForm, office_name, register
from desktop.services.surveys import needs, results


def _year(year: int | str | None) -> int | None:
    if year is None or year == "":
        return None
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise DomainError(f"年度应为四位年份，现为“{year}”", field="year") from None
    if not 2000 <= value <= 2100:
        raise DomainError(f"年度应在2000到2100年之间，现为{value}", field="year")
    return value


def _step(day: date | None, who: str, note: str = "") -> str:
    if day is None:
        return ""
    return f"{day.isoformat()} {who}" + (f"：{mask_in_text(note)}" if note else "")


def needs_pdf(
    db: Database, out: Path, *, year: int | str | None = None, status: str = "", job: Job | None = None
) -> int:
    y = _year(year)
    if status and status not in core.STATUSES:
        raise DomainError(f"状态应为：{'、'.join(core.STATUSES)}，现为“{status}”", field="status")
    with db.read() as s:
        rows = needs.list_needs(s, year=y, status=status)
        office = office_name(s)
    if job is not None:
        job.step(0, 1, "正在排版需求清单")
    lines = [
        NeedLine(
            mask_in_text(r.need),
            r.category_label,
            f"{r.name}（{r.unit}）" if r.name else "",
            _step(r.collected_on, r.collected_by),
            _step(r.handling_on, r.handling_by, r.handling_note),
            _step(r.revisited_on, r.revisited_by, r.revisit_note),
            r.status_label,
        )
        for r in rows
    ]
    scope = (f"{y}年收集" if y else "全部年度") + (f"，状态：{core.STATUSES[status]}" if status else "")
    return render_needs(lines, out, office_name=office, scope=scope)


needs_pdf = register(
    PdfForm(
        "needs-list",
        TITLE,
        "调研收集的职工需求，逐条写明提出人、类别和收集、办理、回访的日期与经手人（不含身份证号）",
        needs_pdf,
    )
)


def export_needs(db: Database, path: Path, *, year: int | str | None = None, job: Job | None = None) -> int:
    """The 需求清单 as one sheet; ID numbers masked, never full."""
    db.require(Permission.EXPORT)
    y = _year(year)

    def fill(session: Session, workbook: StreamWorkbook) -> int:
        rows: Iterator[dict[str, object]] = (
            {
                "need": mask_in_text(r.need),
                "category": r.category_label,
                "name": r.name,
                "unit": r.unit,
                "id_number": mask(r.id_number) if r.id_number else "",
                "survey": r.survey,
                "status": r.status_label,
                "collected_on": r.collected_on,
                "collected_by": r.collected_by,
                "handling_on": r.handling_on,
                "handling_by": r.handling_by,
                "handling_note": mask_in_text(r.handling_note),
                "revisited_on": r.revisited_on,
                "revisited_by": r.revisited_by,
                "revisit_note": mask_in_text(r.revisit_note),
                "uid": r.uid,
            }
            for r in needs.list_needs(session, year=y)
        )
        return write_needs(workbook, rows)

    return export_workbook(db, Path(path), fill, entity="survey_need", job=job, log_details={"year": y})


def export_results(db: Database, path: Path, survey_id: int, *, job: Job | None = None) -> int:
    """A survey's choice questions counted by age band, post, unit and group: a sheet per question and
    breakdown; returns the rows written."""
    db.require(Permission.EXPORT)

    def fill(session: Session, workbook: StreamWorkbook) -> int:
        written = 0
        for dimension, label in core.DIMENSIONS.items():
            for result in results.results(session, survey_id, dimension):
                q = result.question
                rows = (
                    {
                        "key": r.key,
                        "respondents": r.respondents,
                        **{f"o{i}": r.counts[o] for i, o in enumerate(q.options)},
                    }
                    for r in result.rows
                )
                written += write_results(workbook, f"第{q.position}题按{label}", q.options, rows)
        if not written:
            raise DomainError("这次调研没有单选题，没有可统计的结果")
        return written

    return export_workbook(db, Path(path), fill, entity="survey_results", job=job, log_details={"survey_id": survey_id})
