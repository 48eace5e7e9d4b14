"""The roster's form: 职工花名册, the workers a filter selects grouped under their units."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core import enums
from desktop.core.progress import Job
from desktop.reports.roster.roster_pdf import TITLE as ROSTER_TITLE
from desktop.reports.roster.roster_pdf import render_roster
from desktop.services.database import Database
from desktop.services.office import unit_labels, unit_tree
from desktop.services.printing import FETCH_CHUNK, PdfForm, office_name, register
from desktop.services.roster.workers import WorkerFilter, WorkerRow, fetch_rows, worker_ids


def describe_filter(session: Session, flt: WorkerFilter) -> str:
    """The filter in words for a form's subtitle: "甘河林场（含下级单位）；女；在册"; empty for no filter."""
    parts: list[str] = []
    if flt.unit_id is not None:
        label = unit_labels(session).get(flt.unit_id, "（已删除的单位）")
        parts.append(f"{label}（含下级单位）")
    if flt.sex:
        parts.append(enums.label(enums.SEX, flt.sex))
    if flt.status:
        parts.append(enums.label(enums.WORKER_STATUS, flt.status))
    if flt.employment_type:
        parts.append(enums.label(enums.EMPLOYMENT_TYPE, flt.employment_type))
    if flt.age_min is not None and flt.age_max is not None:
        parts.append(f"{flt.age_min}–{flt.age_max}岁")
    elif flt.age_min is not None:
        parts.append(f"{flt.age_min}岁及以上")
    elif flt.age_max is not None:
        parts.append(f"{flt.age_max}岁及以下")
    text = "".join((flt.text or "").split())
    if text:
        parts.append(f"含“{text}”")
    if flt.archived:
        parts.append("已归档职工")
    return "；".join(parts)


def _rows(session: Session, ids: list[int]) -> Iterator[WorkerRow]:
    for start in range(0, len(ids), FETCH_CHUNK):
        yield from fetch_rows(session, ids[start : start + FETCH_CHUNK])


def roster_pdf(
    db: Database,
    out: Path,
    flt: WorkerFilter | None = None,
    *,
    filter_text: str = "",
    sort: str = "id",
    descending: bool = False,
    full_ids: bool = False,
    full_phones: bool = False,
    job: Job | None = None,
) -> int:
    """Print the workers the filter selects as 职工花名册, grouped under each unit's full path (units in
    tree order, the table's order within a unit) with subtotals; returns the page count.

    ``filter_text`` is what the screen shows for its filter; without it the filter is described here.
    ID numbers are masked unless ``full_ids`` (the clerk must ask for them, as for the Excel export), and
    then the birth date becomes a birth year; phone numbers are masked unless ``full_phones``.
    """
    flt = flt or WorkerFilter()
    with db.read() as s:
        ids = worker_ids(s, flt, sort=sort, descending=descending)
        return render_roster(
            _rows(s, ids),
            out,
            office_name=office_name(s),
            filter_text=filter_text or describe_filter(s, flt),
            total=len(ids),
            full_ids=full_ids,
            as_of=flt.on,
            full_phones=full_phones,
            units=[(n.id, n.path) for n in unit_tree(s)],
            job=job,
        )


roster_pdf = register(
    PdfForm(
        "roster",
        ROSTER_TITLE,
        "在册职工名单，按单位分组小计（可按单位、性别、状态等筛选），身份证号默认隐去中间部分",
        roster_pdf,
    )
)
