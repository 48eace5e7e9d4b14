"""First run of a new data file: the union's name and code, the company and its units, in one step.

A new file has no office, no units and no workers; every later screen needs units (a worker belongs to one),
so the window asks for them before anything else. The writes go through the office services, which audit
each one; the setup may be run again on a file that has some of it (existing units are kept, not doubled).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Unit, Worker
from desktop.core.errors import DomainError
from desktop.core.roles import Permission
from desktop.core.unit_outline import guess_kind, normalize_path, under_company
from desktop.services import access
from desktop.services.office import add_unit, get_office, save_office


@dataclass(frozen=True)
class SetupState:
    office_name: str
    office_code: str
    units: int
    workers: int  # archived ones too: a file that ever had workers is not new

    @property
    def is_new(self) -> bool:
        """Nothing set up yet: no office, no unit, no worker."""
        return not self.office_name and self.units == 0 and self.workers == 0


def setup_state(session: Session) -> SetupState:
    office = get_office(session)
    units = session.scalar(select(func.count()).select_from(Unit)) or 0
    workers = session.scalar(select(func.count()).select_from(Worker)) or 0
    return SetupState(office.name if office else "", office.code if office else "", int(units), int(workers))


def company_name(session: Session) -> str:
    """The one top unit's name, if the tree has exactly one (the company)."""
    roots = list(session.scalars(select(Unit.name).where(Unit.parent_id.is_(None), Unit.retired_at.is_(None))))
    return roots[0] if len(roots) == 1 else ""


@dataclass(frozen=True)
class SetupResult:
    created: list[str]  # unit paths made now, company first
    kept: int  # units named that already existed


def apply_setup(
    session: Session, *, office_name: str, office_code: str, company: str, unit_paths: list[str], actor: str
) -> SetupResult:
    """Save the office, then make the company (if named) and every unit path below it that is missing."""
    access.require(session, Permission.SETTINGS)
    save_office(session, code=office_code, name=office_name, actor=actor)
    company = normalize_path(company)
    if "/" in company:
        raise DomainError("公司名称不能含有“/”", field="company")
    created: list[str] = []
    kept = 0
    children: dict[int | None, dict[str, int]] = {}
    for unit_id, parent_id, name in session.execute(select(Unit.id, Unit.parent_id, Unit.name)).all():
        children.setdefault(parent_id, {})[name] = unit_id

    def ensure(name: str, parent_id: int | None, path: str) -> int:
        nonlocal kept
        existing = children.get(parent_id, {}).get(name)
        if existing is not None:
            kept += 1
            return existing
        kind = "company" if parent_id is None and name == company else guess_kind(name)
        unit = add_unit(session, name=name, parent_id=parent_id, kind=kind, actor=actor)
        children.setdefault(parent_id, {})[unit.name] = unit.id
        created.append(path)
        return unit.id

    top = ensure(company, None, company) if company else None
    for path in under_company([normalize_path(p) for p in unit_paths], company):
        parent = top
        parts = path.split("/")
        for k, name in enumerate(parts):
            parent = ensure(name, parent, "/".join(([company] if company else []) + parts[: k + 1]))
    return SetupResult(created, kept)


def units_in_roster(path: Path) -> list[str]:
    """The unit paths a roster workbook's 所属单位 column names, each once, in the order they first appear."""
    from desktop.reports.excel.reader import read_table
    from desktop.reports.roster.template_xlsx import DERIVED_COLUMNS, ROSTER_FIELDS

    table = read_table(Path(path), ROSTER_FIELDS, required=("unit",), ignored=DERIVED_COLUMNS)
    if "unit" in table.missing:
        raise DomainError(f"{Path(path).name} 的表头中没有“所属单位”列（也可写作 单位、部门），读不出单位")
    seen: dict[str, None] = {}
    for row in table.rows:
        value = row.values.get("unit")
        text = normalize_path(str(value)) if value is not None else ""
        if text:
            seen.setdefault(text, None)
    if not seen:
        raise DomainError(f"{Path(path).name} 的“所属单位”列是空的")
    return list(seen)
