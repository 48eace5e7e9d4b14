"""Hardship files (一户一档): open, edit, change status, review yearly, archive; one file per household.

"One household, one file" is enforced two ways: a worker has at most one file (closed files included — a
household that falls back into hardship is restored to 在档 in its old file, so its history stays in one
place), and a household member's ID number may appear in one file only, nor may it be the worker of
another file (a couple working at the same company is one household).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import AuditEntry, Unit, Worker, utcnow
from db.models_condolences import CondolenceVisit, HardshipFile, HardshipMember
from desktop.core import hardship as hardship_rules
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.hardship import FIELD_LABELS as FIELD_LABELS  # the change log's labels, for the screens
from desktop.core.hardship import SCALARS, FileDraft, check_file, mask_account
from desktop.services import audit, serials
from desktop.services.condolences.visits import member
from desktop.services.office import descendant_ids, unit_labels
from desktop.services.roster.workers import new_uid

ENTITY = "hardship_file"


AUDITED = SCALARS + ["status", "status_on", "status_reason"]


def _check_unique(
    session: Session, worker: Worker, members: tuple[hardship_rules.Member, ...], file_id: int | None
) -> None:
    other = session.scalars(select(HardshipFile).where(HardshipFile.worker_id == worker.id)).first()
    if other is not None and other.id != file_id:
        where = "（已归档，可在“已归档…”中恢复）" if other.archived_at else ""
        raise FieldErrors({"worker_id": f"“{worker.name}”已有困难职工档案{where}，一户只建一档；请打开原档案修改"})
    numbers = [m.id_number for m in members if m.id_number]
    if worker.id_number in numbers:
        raise FieldErrors({"members": "家庭成员中不能包含职工本人"})
    own = (
        select(Worker.name)
        .join(HardshipFile, HardshipFile.worker_id == Worker.id)
        .join(HardshipMember, HardshipMember.file_id == HardshipFile.id)
        .where(HardshipMember.id_number == worker.id_number)
    )
    if file_id is not None:
        own = own.where(HardshipFile.id != file_id)
    listed_in = session.scalars(own).first()
    if listed_in is not None:
        raise FieldErrors(
            {"worker_id": f"“{worker.name}”已作为家庭成员登记在“{listed_in}”的档案中，同一家庭只能建一份档案"}
        )
    if not numbers:
        return
    stmt = (
        select(HardshipMember.id_number, Worker.name)
        .join(HardshipFile, HardshipMember.file_id == HardshipFile.id)
        .join(Worker, HardshipFile.worker_id == Worker.id)
        .where(HardshipMember.id_number.in_(numbers))
    )
    if file_id is not None:
        stmt = stmt.where(HardshipFile.id != file_id)
    hit = session.execute(stmt).first()
    if hit is not None:
        raise FieldErrors(
            {"members": f"身份证号{hit[0][:6]}…{hit[0][-4:]}的家庭成员已在“{hit[1]}”的档案中，同一家庭只能建一份档案"}
        )
    stmt2 = (
        select(Worker.name).join(HardshipFile, HardshipFile.worker_id == Worker.id).where(Worker.id_number.in_(numbers))
    )
    if file_id is not None:
        stmt2 = stmt2.where(HardshipFile.id != file_id)
    hit2 = session.execute(stmt2).first()
    if hit2 is not None:
        raise FieldErrors({"members": f"家庭成员“{hit2[0]}”本人已有困难职工档案，同一家庭只能建一份档案"})


def _set_members(f: HardshipFile, members: tuple[hardship_rules.Member, ...]) -> None:
    f.members.clear()
    for i, m in enumerate(members):
        f.members.append(
            HardshipMember(
                position=i,
                name=m.name,
                relation=m.relation,
                id_number=m.id_number,
                health=m.health,
                income_fen=m.income_fen,
                school_or_work=m.school_or_work,
            )
        )


def _members_snapshot(f: HardshipFile) -> list[str]:
    # Audit shows who was in the household; the ID number is masked in the log like on screen.
    return [f"{m.name}（{m.relation}）" for m in f.members]


def open_file(
    session: Session, worker_id: int, draft: FileDraft, *, actor: str, today: date | None = None
) -> HardshipFile:
    worker = member(session, worker_id)
    clean = check_file(draft, today=today)
    _check_unique(session, worker, clean.members, None)
    now = utcnow()
    f = HardshipFile(
        uid=new_uid(session),
        worker_id=worker.id,
        status="active",
        status_reason="",
        created_at=now,
        created_by=actor,
        updated_at=now,
        updated_by=actor,
        **{k: getattr(clean, k) for k in SCALARS},
    )
    _set_members(f, clean.members)
    session.add(f)
    session.flush()
    audit.record(
        session, actor=actor, action="create", entity=ENTITY, entity_id=f.id, after={"worker_id": worker.id, **_snap(f)}
    )
    return f


def update_file(
    session: Session, file_id: int, draft: FileDraft, *, actor: str, today: date | None = None
) -> HardshipFile:
    f = _live(session, file_id)
    clean = check_file(draft, today=today)
    _check_unique(session, f.worker, clean.members, f.id)
    before = _snap(f)
    for k in SCALARS:
        setattr(f, k, getattr(clean, k))
    _set_members(f, clean.members)
    f.updated_at, f.updated_by = utcnow(), actor
    session.flush()
    audit.record(session, actor=actor, action="update", entity=ENTITY, entity_id=f.id, before=before, after=_snap(f))
    return f


def change_status(
    session: Session, file_id: int, status: str, *, on: date | None, reason: str, actor: str
) -> HardshipFile:
    """在档 → 脱困/退档 (with date and reason), or back to 在档."""
    f = _live(session, file_id)
    hardship_rules.check_transition(f.status, status, on=on, reason=reason)
    assert on is not None
    if on < f.opened_on:
        raise FieldErrors({"status_on": f"状态日期早于建档日期 {f.opened_on.isoformat()}"})
    before = _snap(f)
    f.status, f.status_on, f.status_reason = status, on, " ".join(reason.split())
    f.updated_at, f.updated_by = utcnow(), actor
    audit.record(session, actor=actor, action="status", entity=ENTITY, entity_id=f.id, before=before, after=_snap(f))
    return f


def record_review(session: Session, file_id: int, *, on: date, actor: str) -> HardshipFile:
    """The yearly review was done on ``on``; the next one falls a year later."""
    f = _live(session, file_id)
    if f.status != "active":
        raise DomainError("只有在档的困难职工档案需要年度复核")
    if on < f.opened_on:
        raise FieldErrors({"last_reviewed_on": "复核日期早于建档日期"})
    before = _snap(f)
    f.last_reviewed_on = on
    f.updated_at, f.updated_by = utcnow(), actor
    audit.record(session, actor=actor, action="review", entity=ENTITY, entity_id=f.id, before=before, after=_snap(f))
    return f


def archive_file(session: Session, file_id: int, *, actor: str, archived: bool = True) -> HardshipFile:
    f = get_file(session, file_id)
    if (f.archived_at is not None) == archived:
        return f
    f.archived_at = utcnow() if archived else None
    f.updated_at, f.updated_by = utcnow(), actor
    audit.record(
        session,
        actor=actor,
        action="archive" if archived else "restore",
        entity=ENTITY,
        entity_id=f.id,
        before={"archived": not archived},
        after={"archived": archived},
    )
    return f


def get_file(session: Session, file_id: int) -> HardshipFile:
    f = session.get(HardshipFile, file_id)
    if f is None:
        raise DomainError("该困难职工档案不存在（可能已被他人修改），请刷新")
    return f


def file_of_worker(session: Session, worker_id: int) -> HardshipFile | None:
    return session.scalars(select(HardshipFile).where(HardshipFile.worker_id == worker_id)).first()


def get_draft(session: Session, file_id: int) -> FileDraft:
    f = get_file(session, file_id)
    members = tuple(
        hardship_rules.Member(m.name, m.relation, m.id_number, m.health, m.income_fen, m.school_or_work)
        for m in f.members
    )
    return FileDraft(**{k: getattr(f, k) for k in SCALARS}, members=members)


def file_history(session: Session, file_id: int) -> list[AuditEntry]:
    return audit.history(session, ENTITY, file_id)


def _snap(f: HardshipFile) -> dict[str, object]:
    snap = audit.snapshot(f, AUDITED)
    snap["bank_account"] = mask_account(f.bank_account) if f.bank_account else ""
    snap["members"] = _members_snapshot(f)
    return snap


def _live(session: Session, file_id: int) -> HardshipFile:
    f = get_file(session, file_id)
    if f.archived_at is not None:
        raise DomainError("该档案已归档，不能修改；如需修改请先恢复")
    return f


# --- lists -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileRow:
    id: int
    uid: str
    worker_id: int
    name: str
    id_number: str
    unit_name: str
    grade: str
    main_cause: str
    household_size: int
    household_income_fen: int
    per_capita_fen: int
    single_parent: bool
    status: str
    opened_on: date
    review_due: date
    bank_account: str
    archived: bool
    serial: str = ""  # 帮2026-0001, the 档案编号


@dataclass(frozen=True)
class FileFilter:
    status: str | None = "active"
    grade: str | None = None
    unit_id: int | None = None
    due_by: date | None = None
    """Only active files whose yearly review falls on or before this day."""
    text: str = ""
    archived: bool = False


def file_rows(session: Session, flt: FileFilter | None = None) -> list[FileRow]:
    flt = flt or FileFilter()
    stmt = (
        select(HardshipFile, Worker, Unit.name)
        .join(Worker, HardshipFile.worker_id == Worker.id)
        .join(Unit, Worker.unit_id == Unit.id)
    )
    stmt = stmt.where(HardshipFile.archived_at.is_not(None) if flt.archived else HardshipFile.archived_at.is_(None))
    if flt.status:
        stmt = stmt.where(HardshipFile.status == flt.status)
    if flt.grade:
        stmt = stmt.where(HardshipFile.grade == flt.grade)
    if flt.unit_id is not None:
        stmt = stmt.where(Worker.unit_id.in_(descendant_ids(session, flt.unit_id)))
    needle = "".join(flt.text.split()).replace("%", "")
    if needle:
        stmt = stmt.where(
            or_(
                Worker.name.like(f"%{needle}%"),
                Worker.id_number.like(f"%{needle.upper()}%"),
                serials.matches(HardshipFile.serial, needle),
            )
        )
    out = []
    labels = unit_labels(session)
    for f, w, unit in session.execute(stmt.order_by(Unit.name, Worker.name)):
        due = hardship_rules.review_due(f.opened_on, f.last_reviewed_on)
        if flt.due_by is not None and (f.status != "active" or due > flt.due_by):
            continue
        unit = labels.get(w.unit_id, unit)
        out.append(
            FileRow(
                f.id,
                f.uid,
                w.id,
                w.name,
                w.id_number,
                unit,
                f.grade,
                f.main_cause,
                f.household_size,
                f.household_income_fen,
                hardship_rules.per_capita_fen(f.household_income_fen, f.household_size),
                f.single_parent,
                f.status,
                f.opened_on,
                due,
                f.bank_account,
                f.archived_at is not None,
                f.serial,
            )
        )
    return out


def assistance_by_year(session: Session, worker_id: int) -> dict[int, tuple[int, int]]:
    """The household's assistance history: year → (visits, fen), from the member's live visits."""
    acc: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for v in session.scalars(
        select(CondolenceVisit).where(CondolenceVisit.worker_id == worker_id, CondolenceVisit.archived_at.is_(None))
    ):
        acc[v.visit_date.year][0] += 1
        acc[v.visit_date.year][1] += v.cash_fen + v.goods_fen
    return {y: (n, fen) for y, (n, fen) in sorted(acc.items(), reverse=True)}
