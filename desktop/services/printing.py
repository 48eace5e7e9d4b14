"""Printing use cases: gather the rows a form needs, then hand plain values to desktop.reports.pdf.

``FORMS`` is the registry behind ``union-desk pdf FORM`` and the 打印 menus: each tab adds its forms
with ``register``. ``FORMS[name](db, out)`` prints a form with default options; tabs pass options
(a filter, a date, a selection) as keyword arguments.

Privacy defaults (docs/decisions.md, "Masking that holds"): every form that shows ID numbers masks them
and shows no birth date beside them; every form that shows workers' phone numbers takes ``full_phones``
(default False: 138****5678), which ``union-desk pdf --full-phones`` and the preview's checkbox set.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.core import enums
from desktop.core.progress import Job
from desktop.core.roles import Permission
from desktop.reports.roster.roster_pdf import TITLE as ROSTER_TITLE
from desktop.reports.roster.roster_pdf import render_roster
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.office import get_office, unit_labels, unit_tree
from desktop.services.roster.workers import WorkerFilter, WorkerRow, fetch_rows, worker_ids

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
        audit.log_output(
            db,
            action="print",
            entity=self.name,
            details=details,
            permission=Permission.EXPORT_FULL_IDS if full_ids else Permission.VIEW,
        )
        return pages


# The modules whose forms join the registry when they are imported, in menu and ``--help`` order.
AREA_MODULES = (
    "desktop.services.activities.printing",
    "desktop.services.condolences.printing",
    "desktop.services.exams.printing",
    "desktop.services.protections.printing",
    "desktop.services.rights.outputs",
    "desktop.services.contracts.outputs",
    "desktop.services.insurance.outputs",
    "desktop.services.surveys.outputs",
)


class FormRegistry(Mapping[str, PdfForm]):
    """name -> form. The areas are imported on the first look-up, not when this module is: an area imports
    ``register`` from here, so importing the areas from this module's body made a cycle (importing
    protection_printing on its own failed half-way through)."""

    def __init__(self) -> None:
        self._forms: dict[str, PdfForm] = {}
        self._loaded = False

    def add(self, form: PdfForm) -> None:
        if form.name in self._forms:
            raise ValueError(f"form {form.name!r} registered twice")
        self._forms[form.name] = form

    def _all(self) -> dict[str, PdfForm]:
        if not self._loaded:
            self._loaded = True
            for module in AREA_MODULES:
                importlib.import_module(module)
        # Menu order whichever area was imported first: the roster, then the areas as listed above.
        rank = {module: i for i, module in enumerate(AREA_MODULES)}
        return {f.name: f for f in sorted(self._forms.values(), key=lambda f: rank.get(f.render.__module__, -1))}

    def __getitem__(self, name: str) -> PdfForm:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


FORMS = FormRegistry()


def register(form: PdfForm) -> PdfForm:
    """Add a form to the registry; the module rebinds its render function's name to the returned form, so the
    tabs' direct calls are checked and logged exactly like ``union-desk pdf``."""
    FORMS.add(form)
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
