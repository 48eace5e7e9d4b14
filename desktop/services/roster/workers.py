"""Roster use cases: add, edit, archive/restore workers, and the filtered, sorted id lists the table needs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from db.models import Unit, Worker, utcnow
from desktop.core.dates import add_years
from desktop.core.errors import FieldErrors
from desktop.core.worker import WorkerDraft, check_worker
from desktop.services import audit, lookup
from desktop.services.office import descendant_ids, office_code, unit_labels

DRAFT_FIELDS = [f.name for f in fields(WorkerDraft) if f.name != "birth_date"]
AUDITED = DRAFT_FIELDS + ["birth_date"]


@dataclass(frozen=True)
class WorkerFilter:
    text: str = ""
    unit_id: int | None = None  # includes sub-units
    sex: str | None = None
    status: str | None = None
    employment_type: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    archived: bool = False  # False: the live roster; True: the archive
    on: date | None = None  # the day ages are computed on (today by default)


@dataclass(frozen=True)
class WorkerRow:
    """One table row; id_number is the full number — the table masks it, exports choose."""

    id: int
    uid: str
    name: str
    sex: str
    ethnicity: str
    id_number: str
    birth_date: date
    unit_id: int
    unit_name: str  # the unit's short path, e.g. 甘河林场/一班 (see office.unit_labels)
    post: str
    hazards: str
    employment_type: str
    union_member: bool
    union_join_date: date | None
    phone: str
    hire_date: date | None
    status: str
    notes: str
    archived: bool
    contract_end: date | None = None


# Sort keys the table offers; each maps to a SQL expression so sorting stays in the database.
SORT_KEYS = {
    "name": Worker.name,
    "sex": Worker.sex,
    "ethnicity": Worker.ethnicity,
    "id_number": Worker.id_number,
    # Older first when ascending by age means birth date descending; the table handles direction.
    "age": Worker.birth_date,
    "birth_date": Worker.birth_date,
    "unit": Unit.name,
    "post": Worker.post,
    "employment_type": Worker.employment_type,
    "union_member": Worker.union_member,
    "phone": Worker.phone,
    "hire_date": Worker.hire_date,
    "contract_end": Worker.contract_end,
    "status": Worker.status,
    "id": Worker.id,
}


def _filtered(stmt: Select, session: Session, flt: WorkerFilter) -> Select:
    stmt = stmt.where(Worker.archived_at.is_not(None) if flt.archived else Worker.archived_at.is_(None))
    text = "".join((flt.text or "").split())
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(or_(Worker.name.like(like), Worker.id_number.like(like.upper()), Worker.phone.like(like)))
    if flt.unit_id is not None:
        stmt = stmt.where(Worker.unit_id.in_(descendant_ids(session, flt.unit_id)))
    if flt.sex:
        stmt = stmt.where(Worker.sex == flt.sex)
    if flt.status:
        stmt = stmt.where(Worker.status == flt.status)
    if flt.employment_type:
        stmt = stmt.where(Worker.employment_type == flt.employment_type)
    on = flt.on or date.today()
    # age >= n  ⇔  born on or before the n-th birthday cut-off; computed in Python, compared in SQL.
    if flt.age_min is not None:
        stmt = stmt.where(Worker.birth_date <= add_years(on, -flt.age_min))
    if flt.age_max is not None:
        stmt = stmt.where(Worker.birth_date > add_years(on, -(flt.age_max + 1)))
    return stmt


def worker_ids(session: Session, flt: WorkerFilter, *, sort: str = "id", descending: bool = False) -> list[int]:
    """The ids of the rows the table shows, in order; the table then fetches rows lazily by id."""
    key = SORT_KEYS.get(sort, Worker.id)
    if sort == "age":
        descending = not descending
    order = key.desc() if descending else key.asc()
    stmt = select(Worker.id).join(Unit, Worker.unit_id == Unit.id)
    stmt = _filtered(stmt, session, flt).order_by(order, Worker.id)
    return list(session.scalars(stmt))


def count_workers(session: Session, flt: WorkerFilter | None = None) -> int:
    stmt = _filtered(select(func.count()).select_from(Worker), session, flt or WorkerFilter())
    return int(session.scalar(stmt) or 0)


def fetch_rows(session: Session, ids: list[int]) -> list[WorkerRow]:
    """Rows for the given ids, in the given order (ids not found are skipped)."""
    if not ids:
        return []
    found: dict[int, WorkerRow] = {}
    labels = unit_labels(session)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        stmt = select(Worker, Unit.name).join(Unit, Worker.unit_id == Unit.id).where(Worker.id.in_(chunk))
        for w, unit_name in session.execute(stmt):
            found[w.id] = _row(w, labels.get(w.unit_id, unit_name))
    return [found[i] for i in ids if i in found]


def _row(w: Worker, unit_name: str) -> WorkerRow:
    return WorkerRow(
        id=w.id,
        uid=w.uid,
        name=w.name,
        sex=w.sex,
        ethnicity=w.ethnicity,
        id_number=w.id_number,
        birth_date=w.birth_date,
        unit_id=w.unit_id,
        unit_name=unit_name,
        post=w.post,
        hazards=w.hazards,
        employment_type=w.employment_type,
        union_member=w.union_member,
        union_join_date=w.union_join_date,
        phone=w.phone,
        hire_date=w.hire_date,
        status=w.status,
        notes=w.notes,
        archived=w.archived_at is not None,
        contract_end=w.contract_end,
    )


def get_draft(session: Session, worker_id: int) -> WorkerDraft:
    w = _get(session, worker_id)
    draft = WorkerDraft(**audit.snapshot(w, DRAFT_FIELDS))
    draft.birth_date = w.birth_date
    return draft


def _check_unique(session: Session, draft: WorkerDraft, exclude_id: int | None) -> None:
    stmt = select(Worker.id, Worker.name, Worker.archived_at).where(Worker.id_number == draft.id_number)
    if exclude_id is not None:
        stmt = stmt.where(Worker.id != exclude_id)
    hit = session.execute(stmt).first()
    if hit is not None:
        where = "（已归档，可在归档中恢复）" if hit.archived_at is not None else ""
        raise FieldErrors({"id_number": f"身份证号已登记在职工“{hit.name}”名下{where}，不能重复录入"})


def _check_unit(session: Session, unit_id: int | None) -> None:
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        raise FieldErrors({"unit_id": "所选单位不存在"})
    if unit.retired_at is not None:
        raise FieldErrors({"unit_id": f"单位“{unit.name}”已撤销，不能再分配职工"})


def new_uid(session: Session) -> str:
    """Global record id: office code + UUID, stable across exports so HQ can de-duplicate."""
    return f"{office_code(session)}-{uuid.uuid4()}"


def add_worker(session: Session, draft: WorkerDraft, *, actor: str, today: date | None = None) -> Worker:
    clean = check_worker(draft, today=today)
    _check_unique(session, clean, None)
    _check_unit(session, clean.unit_id)
    now = utcnow()
    worker = Worker(
        uid=new_uid(session),
        created_at=now,
        created_by=actor,
        updated_at=now,
        updated_by=actor,
        **{f: getattr(clean, f) for f in AUDITED},
    )
    audit.add(session, worker, fields=AUDITED, actor=actor, entity="worker")
    return worker


def update_worker(
    session: Session, worker_id: int, draft: WorkerDraft, *, actor: str, today: date | None = None
) -> Worker:
    worker = _get(session, worker_id)
    clean = check_worker(draft, today=today)
    _check_unique(session, clean, worker_id)
    if clean.unit_id != worker.unit_id:
        _check_unit(session, clean.unit_id)
    audit.update(session, worker, {f: getattr(clean, f) for f in AUDITED}, fields=AUDITED, actor=actor, entity="worker")
    return worker


def set_archived(session: Session, worker_ids_: list[int], *, archived: bool, actor: str) -> int:
    """Archive or restore; nothing is ever hard-deleted. Returns how many rows changed."""
    return sum(
        audit.set_archived(session, _get(session, wid), archived, entity="worker", actor=actor, flag=True)
        for wid in worker_ids_
    )


def _get(session: Session, worker_id: int) -> Worker:
    return lookup.fetch(session, Worker, worker_id, "该职工记录不存在（可能已被他人修改），请刷新")
