"""Printing use cases: gather the rows a form needs, then hand plain values to desktop.reports.pdf.

``FORMS`` is the registry behind ``union-desk pdf FORM`` and the 打印 menus: each tab adds its forms
with ``register``. ``FORMS[name](db, out)`` prints a form with default options; tabs pass options
(a filter, a date, a selection) as keyword arguments.

Privacy defaults (docs/decisions.md, "Masking that holds"): every form that shows ID numbers masks them
and shows no birth date beside them; every form that shows workers' phone numbers takes ``full_phones``
(default False: 138****5678), which ``union-desk pdf --full-phones`` and the preview's checkbox set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.core import enums
from desktop.core.progress import Job
from desktop.core.roles import Permission
from desktop.reports.pdf.roster import TITLE as ROSTER_TITLE
from desktop.reports.pdf.roster import render_roster
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.office import get_office, unit_labels, unit_tree
from desktop.services.workers import WorkerFilter, WorkerRow, fetch_rows, worker_ids

FETCH_CHUNK = 1000  # rows read per query while printing: bounded memory per step, few round trips


@dataclass(frozen=True)
class PdfForm:
    """A printable form: ``form(db, out, **options)`` writes the PDF and returns its page count."""

    name: str  # the CLI name, e.g. "roster"
    title: str  # as shown in menus, e.g. "职工花名册"
    description: str
    render: Callable[..., int]

    def __call__(self, db: Database, out: Path, *args: Any, **options: Any) -> int:
        """Print, refusing first what the account may not print, and log the print (issue #15)."""
        full_ids = bool(options.get("full_ids"))
        db.require(Permission.EXPORT_FULL_IDS if full_ids else Permission.VIEW)
        pages = self.render(db, out, *args, **options)
        details: dict[str, Any] = {"form": self.title, "file": Path(out).name, "pages": pages}
        details.update({k: v for k, v in options.items() if k in ("full_ids", "full_phones") and v})
        audit.log_output(db, action="print", entity=self.name, details=details,
                         permission=Permission.EXPORT_FULL_IDS if full_ids else Permission.VIEW)
        return pages


FORMS: dict[str, PdfForm] = {}


def register(form: PdfForm) -> PdfForm:
    """Add a form to the registry; the module rebinds its render function's name to the returned form, so the
    tabs' direct calls are checked and logged exactly like ``union-desk pdf``."""
    if form.name in FORMS:
        raise ValueError(f"form {form.name!r} registered twice")
    FORMS[form.name] = form
    return form


def office_name(session: Session) -> str:
    office = get_office(session)
    return office.name if office else ""


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
        yield from fetch_rows(session, ids[start:start + FETCH_CHUNK])


def roster_pdf(db: Database, out: Path, flt: WorkerFilter | None = None, *, filter_text: str = "",
               sort: str = "id", descending: bool = False, full_ids: bool = False,
               full_phones: bool = False, job: Job | None = None) -> int:
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
            _rows(s, ids), out, office_name=office_name(s), filter_text=filter_text or describe_filter(s, flt),
            total=len(ids), full_ids=full_ids, as_of=flt.on, full_phones=full_phones,
            units=[(n.id, n.path) for n in unit_tree(s)], job=job,
        )


roster_pdf = register(PdfForm(
    "roster", ROSTER_TITLE,
    "在册职工名单，按单位分组小计（可按单位、性别、状态等筛选），身份证号默认隐去中间部分",
    roster_pdf))

# Other areas' forms register themselves on import; at the end, so they find ``register`` and ``PdfForm``.
from desktop.services import (  # noqa: E402
    activity_printing,  # noqa: F401
    condolence_printing,  # noqa: F401
    exam_printing,  # noqa: F401
    protection_printing,  # noqa: F401
    rights_outputs,  # noqa: F401
    special_contract_outputs,  # noqa: F401
    special_insurance_outputs,  # noqa: F401
)
