"""The printable forms' registry and what every form shares; each area's forms live in its own package.

``FORMS`` is the registry behind ``union-desk pdf FORM`` and the 打印 menus: an area's form module (named in
its package's ``CONTRIBUTES``, see desktop.services.areas) adds its forms with ``register``.
``FORMS[name](db, out)`` prints a form with default options; tabs pass options (a filter, a date, a
selection) as keyword arguments.

Privacy defaults (docs/decisions.md, "Masking that holds"): every form that shows ID numbers masks them
and shows no birth date beside them; every form that shows workers' phone numbers takes ``full_phones``
(default False: 138****5678), which ``union-desk pdf --full-phones`` and the preview's checkbox set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.core.roles import Permission
from desktop.services import areas, audit
from desktop.services.database import Database
from desktop.services.office import get_office

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


class FormRegistry(Mapping[str, PdfForm]):
    """name -> form. The areas' form modules (desktop.services.areas) are imported on the first look-up, not
    when this module is: an area imports ``register`` from here, so importing the areas from this module's
    body made a cycle (importing protection_printing on its own failed half-way through)."""

    def __init__(self) -> None:
        self._forms: dict[str, PdfForm] = {}
        self._rank: dict[str, int] | None = None  # form module -> its place in the menus, once loaded

    def add(self, form: PdfForm) -> None:
        if form.name in self._forms:
            raise ValueError(f"form {form.name!r} registered twice")
        self._forms[form.name] = form

    def _all(self) -> dict[str, PdfForm]:
        if self._rank is None:
            self._rank = {module.__name__: i for i, module in enumerate(areas.load("forms"))}
        # Menu order whichever area was imported first: the areas' order, each module's forms as it adds them.
        rank = self._rank
        return {f.name: f for f in sorted(self._forms.values(), key=lambda f: rank.get(f.render.__module__, len(rank)))}

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
