"""维权诉求: intake, progress and closing of workers' requests and complaints, the list, and the yearly counts.

Sensitive (docs/decisions.md, "维权诉求"): who may see what is decided here, for every caller (tab, exports, CLI):
- 管理员 and 审批/领导 (Permission.RIGHTS) see and edit every request;
- a 经办 (Permission.EDIT without RIGHTS) enters requests and sees and edits only those she entered;
- a 只读 account sees none.
Every write is audited; nothing is deleted (archive/restore). The yearly summary counts all requests and needs
Permission.RIGHTS; it carries no names.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from db.models import Worker, utcnow
from db.models_rights import RightsRequest
from desktop.core import rights_requests as core
from desktop.core.errors import DomainError, FieldErrors, PermissionDenied
from desktop.core.roles import Permission
from desktop.services import access, audit, serials
from desktop.services.office import unit_labels
from desktop.services.roster.workers import WorkerFilter, WorkerRow, fetch_rows, new_uid, worker_ids

ENTITY = "rights_request"
NOT_ALLOWED = "当前账户不能查看维权诉求（管理员、审批/领导可查看全部，经办只能查看本人登记的）"


@dataclass(frozen=True)
class Scope:
    everything: bool
    username: str


def scope(session: Session) -> Scope:
    """What the signed-in account may see; raises PermissionDenied for one that may see none."""
    account = access.signed_in(session)
    if account is None:
        if session.info.get(access.SECURED):
            raise PermissionDenied("请先登录")
        return Scope(True, "")
    if account.can(Permission.RIGHTS):
        return Scope(True, account.username)
    if account.can(Permission.EDIT):
        return Scope(False, account.username)
    raise PermissionDenied(NOT_ALLOWED)


def _visible(stmt: Select, sc: Scope) -> Select:
    return stmt if sc.everything else stmt.where(RightsRequest.created_by == sc.username)


def _writable(session: Session) -> Scope:
    sc = scope(session)
    if sc.everything and sc.username:
        access.require(session, Permission.RIGHTS)  # a 领导 may write here without Permission.EDIT
    return sc


@dataclass(frozen=True)
class RequestDraft:
    worker_id: int | None = None
    category: str = ""
    summary: str = ""
    received_on: date | None = None
    mediation_on: date | None = None
    arbitration_on: date | None = None
    litigation_on: date | None = None
    legal_aid_on: date | None = None
    closed_on: date | None = None
    outcome: str = ""
    outcome_text: str = ""
    satisfaction: str = ""
    notes: str = ""


FIELDS = [f.name for f in fields(RequestDraft)]


def facts_of(d: RequestDraft | RightsRequest) -> core.RequestFacts:
    return core.RequestFacts(
        d.category,
        d.summary,
        d.received_on,
        d.mediation_on,
        d.arbitration_on,
        d.litigation_on,
        d.legal_aid_on,
        d.closed_on,
        d.outcome,
        d.satisfaction,
    )


def check_draft(session: Session, draft: RequestDraft, *, today: date) -> RequestDraft:
    clean = replace(
        draft, summary=draft.summary.strip(), outcome_text=draft.outcome_text.strip(), notes=draft.notes.strip()
    )
    errors: dict[str, str] = {}
    if clean.worker_id is None:
        errors["worker_id"] = "请选择提出诉求的职工"
    elif session.get(Worker, clean.worker_id) is None:
        errors["worker_id"] = f"没有找到编号为 {clean.worker_id} 的职工"
    try:
        core.check_request(facts_of(clean), today=today)
    except FieldErrors as exc:
        errors.update(exc.errors)
    if errors:
        raise FieldErrors(errors)
    return clean


def get_request(session: Session, request_id: int) -> RightsRequest:
    """The request, if this account may see it (the same message for "none" and "not yours": no probing)."""
    sc = scope(session)
    r = session.get(RightsRequest, request_id)
    if r is None or not (sc.everything or r.created_by == sc.username):
        raise DomainError(f"没有找到编号为 {request_id} 的维权诉求", field="request")
    return r


def get_draft(session: Session, request_id: int) -> RequestDraft:
    r = get_request(session, request_id)
    return RequestDraft(**audit.snapshot(r, FIELDS))


def add_request(session: Session, draft: RequestDraft, *, actor: str, today: date | None = None) -> RightsRequest:
    _writable(session)
    clean = check_draft(session, draft, today=today or date.today())
    who = access.actor_of(session, actor)
    now = utcnow()
    r = RightsRequest(
        uid=new_uid(session), created_at=now, created_by=who, updated_at=now, updated_by=who, **asdict(clean)
    )
    audit.add(session, r, fields=FIELDS, actor=who, entity=ENTITY)
    return r


def update_request(
    session: Session, request_id: int, draft: RequestDraft, *, actor: str, today: date | None = None
) -> RightsRequest:
    _writable(session)
    r = get_request(session, request_id)
    if draft.worker_id != r.worker_id:
        raise FieldErrors({"worker_id": "提出诉求的职工不能更改；请归档后重新登记"})
    clean = check_draft(session, draft, today=today or date.today())
    audit.update(session, r, asdict(clean), fields=FIELDS, actor=access.actor_of(session, actor), entity=ENTITY)
    return r


def set_archived(session: Session, request_id: int, *, archived: bool, actor: str) -> bool:
    _writable(session)
    r = get_request(session, request_id)
    who = access.actor_of(session, actor)
    return audit.set_archived(session, r, archived, entity=ENTITY, actor=who, fields=["category", "received_on"])


@dataclass(frozen=True)
class RequestRow:
    id: int
    uid: str
    serial: str  # 权2026-0001 (desktop.core.serials)
    worker_id: int
    name: str
    id_number: str  # whole: screens and outputs mask it
    unit: str
    category: str
    category_label: str
    summary: str
    received_on: date
    stage: str
    stage_label: str
    mediation_on: date | None
    arbitration_on: date | None
    litigation_on: date | None
    legal_aid_on: date | None
    closed_on: date | None
    outcome_label: str
    outcome_text: str
    satisfaction_label: str
    notes: str
    created_by: str
    archived: bool

    @property
    def status_text(self) -> str:
        return f"已办结（{self.outcome_label}）" if self.closed_on else "办理中"


def list_requests(
    session: Session, *, year: int | None = None, text: str = "", archived: bool = False, open_only: bool = False
) -> list[RequestRow]:
    """The requests this account may see, received in ``year`` (None: all), newest first."""
    sc = scope(session)
    gone = RightsRequest.archived_at
    stmt = (
        select(RightsRequest, Worker)
        .join(Worker, Worker.id == RightsRequest.worker_id)
        .where(gone.is_not(None) if archived else gone.is_(None))
        .order_by(RightsRequest.received_on.desc(), RightsRequest.id.desc())
    )
    stmt = _visible(stmt, sc)
    if year is not None:
        stmt = stmt.where(RightsRequest.received_on.between(date(year, 1, 1), date(year, 12, 31)))
    words = "".join(text.split())
    if words:
        stmt = stmt.where(
            or_(
                Worker.name.like(f"%{words}%"),
                RightsRequest.summary.like(f"%{words}%"),
                serials.matches(RightsRequest.serial, words),
            )
        )
    if open_only:
        stmt = stmt.where(RightsRequest.closed_on.is_(None))
    labels = unit_labels(session)
    out = []
    for r, w in session.execute(stmt):
        stage = core.stage_of(facts_of(r))
        out.append(
            RequestRow(
                r.id,
                r.uid,
                r.serial,
                w.id,
                w.name,
                w.id_number,
                labels.get(w.unit_id, ""),
                r.category,
                core.CATEGORIES.get(r.category, r.category),
                r.summary,
                r.received_on,
                stage,
                core.STAGES[stage],
                r.mediation_on,
                r.arbitration_on,
                r.litigation_on,
                r.legal_aid_on,
                r.closed_on,
                core.OUTCOMES.get(r.outcome, ""),
                r.outcome_text,
                core.SATISFACTION.get(r.satisfaction, ""),
                r.notes,
                r.created_by,
                r.archived_at is not None,
            )
        )
    return out


def request_row(session: Session, request_id: int) -> RequestRow:
    r = get_request(session, request_id)
    return next(x for x in list_requests(session, archived=r.archived_at is not None) if x.id == request_id)


def year_summary(session: Session, year: int) -> list[core.SummaryRow]:
    """Counts of every request received in ``year`` by category and stage (no names): Permission.RIGHTS."""
    access.require(session, Permission.RIGHTS)
    rows = session.scalars(
        select(RightsRequest).where(
            RightsRequest.archived_at.is_(None), RightsRequest.received_on.between(date(year, 1, 1), date(year, 12, 31))
        )
    )
    return core.summarise((r.category, facts_of(r)) for r in rows)


def search_workers(session: Session, text: str, limit: int = 50) -> tuple[int, list[WorkerRow]]:
    ids = worker_ids(session, WorkerFilter(text=text), sort="name")
    return len(ids), fetch_rows(session, ids[:limit])
