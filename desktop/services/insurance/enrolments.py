"""女职工特殊疾病互助保障 (特种病保险): enrolments and claims — add, edit, archive/restore, lists — and the
enrolment share the 专项集体合同 check reads.

Every write is audited and goes through the session guard (Permission.EDIT: 经办, 管理员); nothing is deleted.
Only women may be enrolled (the plan is for women workers); a claim is tied to the enrolment covering its
diagnosis date, found by the rule in desktop.core.special_insurance, never picked by hand.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date

from sqlalchemy import ColumnElement, Exists, and_, exists, func, or_, select, true
from sqlalchemy.orm import Session

from db.models import Worker, utcnow
from db.models_insurance import InsuranceClaim, InsuranceEnrolment
from desktop.core import special_insurance as core
from desktop.core.errors import DomainError, FieldErrors
from desktop.services import audit, lookup
from desktop.services.office import unit_labels
from desktop.services.roster.workers import WorkerFilter, WorkerRow, fetch_rows, new_uid, worker_ids

ENTITY = "insurance_enrolment"
CLAIM_ENTITY = "insurance_claim"


# --- enrolments -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentDraft:
    worker_id: int | None = None
    plan_name: str = "在职女职工特殊疾病互助保障计划"
    coverage_start: date | None = None
    coverage_end: date | None = None
    premium_fen: int | None = None
    payer: str = "union"
    notes: str = ""


ENROLMENT_FIELDS = [f.name for f in fields(EnrolmentDraft)]


def _woman(session: Session, worker_id: int | None) -> Worker:
    if worker_id is None:
        raise FieldErrors({"worker_id": "请选择参保的女职工"})
    worker = session.get(Worker, worker_id)
    if worker is None:
        raise FieldErrors({"worker_id": f"没有找到编号为 {worker_id} 的职工"})
    if worker.sex != "F":
        raise FieldErrors({"worker_id": f"{worker.name}不是女职工，不能参加女职工特殊疾病互助保障"})
    return worker


def _facts(e: InsuranceEnrolment) -> core.EnrolmentFacts:
    return core.EnrolmentFacts(
        e.id, e.worker_id, e.plan_name, e.coverage_start, e.coverage_end, e.archived_at is not None
    )


def _enrolments_of(session: Session, worker_id: int) -> list[core.EnrolmentFacts]:
    return [
        _facts(e) for e in session.scalars(select(InsuranceEnrolment).where(InsuranceEnrolment.worker_id == worker_id))
    ]


def check_enrolment_draft(session: Session, draft: EnrolmentDraft, enrolment_id: int | None = None) -> EnrolmentDraft:
    clean = replace(draft, plan_name=draft.plan_name.strip()[:100], notes=draft.notes.strip())
    errors: dict[str, str] = {}
    others: list[core.EnrolmentFacts] = []
    try:
        worker = _woman(session, clean.worker_id)
        if worker.archived_at is not None and enrolment_id is None:
            errors["worker_id"] = f"{worker.name}已归档，不能新登记参保"
        others = [e for e in _enrolments_of(session, worker.id) if e.id != enrolment_id]
    except FieldErrors as exc:
        errors.update(exc.errors)
    try:
        core.check_enrolment(
            clean.plan_name, clean.coverage_start, clean.coverage_end, clean.premium_fen, clean.payer, others
        )
    except FieldErrors as exc:
        errors.update(exc.errors)
    if errors:
        raise FieldErrors(errors)
    return clean


def get_enrolment(session: Session, enrolment_id: int) -> InsuranceEnrolment:
    message = f"没有找到编号为 {enrolment_id} 的参保登记"
    return lookup.fetch(session, InsuranceEnrolment, enrolment_id, message, field="enrolment")


def get_enrolment_draft(session: Session, enrolment_id: int) -> EnrolmentDraft:
    e = get_enrolment(session, enrolment_id)
    return EnrolmentDraft(**audit.snapshot(e, ENROLMENT_FIELDS))


def add_enrolment(session: Session, draft: EnrolmentDraft, *, actor: str) -> InsuranceEnrolment:
    clean = check_enrolment_draft(session, draft)
    now = utcnow()
    e = InsuranceEnrolment(
        uid=new_uid(session), created_at=now, created_by=actor, updated_at=now, updated_by=actor, **asdict(clean)
    )
    audit.add(session, e, fields=ENROLMENT_FIELDS, actor=actor, entity=ENTITY)
    return e


def update_enrolment(session: Session, enrolment_id: int, draft: EnrolmentDraft, *, actor: str) -> InsuranceEnrolment:
    e = get_enrolment(session, enrolment_id)
    if draft.worker_id != e.worker_id:
        raise FieldErrors({"worker_id": "参保登记的职工不能更改；请归档后为另一人重新登记"})
    clean = check_enrolment_draft(session, draft, enrolment_id)
    claims = list(
        session.scalars(
            select(InsuranceClaim).where(InsuranceClaim.enrolment_id == e.id, InsuranceClaim.archived_at.is_(None))
        )
    )
    start, end = clean.coverage_start, clean.coverage_end
    assert start is not None and end is not None  # check_enrolment refuses a draft without them
    outside = [c for c in claims if not (start <= c.diagnosis_date <= end)]
    if outside:
        raise FieldErrors(
            {"coverage_start": f"已有确诊日期为{outside[0].diagnosis_date.isoformat()}的互助金申请，保障期须包含该日期"}
        )
    audit.update(session, e, asdict(clean), fields=ENROLMENT_FIELDS, actor=actor, entity=ENTITY)
    return e


def set_enrolment_archived(session: Session, enrolment_id: int, *, archived: bool, actor: str) -> bool:
    e = get_enrolment(session, enrolment_id)
    if (e.archived_at is not None) == archived:
        return False
    if archived:
        live = (
            session.scalar(
                select(func.count())
                .select_from(InsuranceClaim)
                .where(InsuranceClaim.enrolment_id == e.id, InsuranceClaim.archived_at.is_(None))
            )
            or 0
        )
        if live:
            raise DomainError(f"这次参保下还有{live}件互助金申请，请先归档申请再归档参保登记")
    else:
        others = [f for f in _enrolments_of(session, e.worker_id) if f.id != e.id]
        core.check_enrolment(e.plan_name, e.coverage_start, e.coverage_end, e.premium_fen, e.payer, others)
    named = ["worker_id", "plan_name", "coverage_start", "coverage_end"]
    return audit.set_archived(session, e, archived, entity=ENTITY, actor=actor, fields=named)


# --- claims ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimDraft:
    worker_id: int | None = None
    diagnosis: str = ""
    diagnosis_date: date | None = None
    claimed_fen: int | None = None
    paid_fen: int | None = None
    documents: frozenset[str] = field(default_factory=frozenset)
    received_on: date | None = None
    status: str = "received"
    decided_on: date | None = None
    notes: str = ""


CLAIM_FIELDS = [f.name for f in fields(ClaimDraft)]
_CLAIM_AUDITED = [*CLAIM_FIELDS, "enrolment_id"]  # a changed diagnosis date may move it to another enrolment


def check_claim_draft(
    session: Session, draft: ClaimDraft, *, today: date, claim_id: int | None = None
) -> tuple[ClaimDraft, int]:
    """The cleaned draft and the id of the enrolment that covers its diagnosis date."""
    clean = replace(
        draft,
        notes=draft.notes.strip(),
        documents=frozenset(draft.documents),
        paid_fen=draft.paid_fen or None if draft.status != "paid" else draft.paid_fen,
    )
    errors: dict[str, str] = {}
    enrolments: list[core.EnrolmentFacts] = []
    try:
        worker = _woman(session, clean.worker_id)
        enrolments = _enrolments_of(session, worker.id)
    except FieldErrors as exc:
        errors.update(exc.errors)
    if clean.received_on is not None and clean.received_on > today:
        errors["received_on"] = f"收到材料日期（{clean.received_on.isoformat()}）晚于今天"
    found: core.EnrolmentFacts | None = None
    try:
        found = core.check_claim(
            core.ClaimFacts(
                clean.diagnosis,
                clean.diagnosis_date,
                clean.claimed_fen,
                clean.paid_fen,
                clean.status,
                clean.documents,
                clean.decided_on,
            ),
            enrolments,
            today=today,
        )
    except FieldErrors as exc:
        # Her name is the one thing the picker knows; without her there is no coverage to speak of.
        errors.update({k: v for k, v in exc.errors.items() if not ("worker_id" in errors and k == "diagnosis_date")})
    if errors:
        raise FieldErrors(errors)
    assert found is not None
    return clean, found.id


def _claim_values(clean: ClaimDraft) -> dict[str, object]:
    values = asdict(clean)
    values["documents"] = core.store_documents(clean.documents)
    return values


def get_claim(session: Session, claim_id: int) -> InsuranceClaim:
    return lookup.fetch(session, InsuranceClaim, claim_id, f"没有找到编号为 {claim_id} 的互助金申请", field="claim")


def get_claim_draft(session: Session, claim_id: int) -> ClaimDraft:
    c = get_claim(session, claim_id)
    values = audit.snapshot(c, CLAIM_FIELDS)
    values["documents"] = core.parse_documents(c.documents)
    return ClaimDraft(**values)


def add_claim(session: Session, draft: ClaimDraft, *, actor: str, today: date | None = None) -> InsuranceClaim:
    clean, enrolment_id = check_claim_draft(session, draft, today=today or date.today())
    now = utcnow()
    c = InsuranceClaim(
        uid=new_uid(session),
        enrolment_id=enrolment_id,
        created_at=now,
        created_by=actor,
        updated_at=now,
        updated_by=actor,
        **_claim_values(clean),
    )
    audit.add(session, c, fields=_CLAIM_AUDITED, actor=actor, entity=CLAIM_ENTITY)
    return c


def update_claim(
    session: Session, claim_id: int, draft: ClaimDraft, *, actor: str, today: date | None = None
) -> InsuranceClaim:
    c = get_claim(session, claim_id)
    if draft.worker_id != c.worker_id:
        raise FieldErrors({"worker_id": "申请人不能更改；请归档后为另一人重新登记"})
    clean, enrolment_id = check_claim_draft(session, draft, today=today or date.today(), claim_id=claim_id)
    values = {**_claim_values(clean), "enrolment_id": enrolment_id}
    audit.update(session, c, values, fields=_CLAIM_AUDITED, actor=actor, entity=CLAIM_ENTITY)
    return c


def set_claim_archived(session: Session, claim_id: int, *, archived: bool, actor: str) -> bool:
    c = get_claim(session, claim_id)
    if (c.archived_at is not None) == archived:
        return False
    if not archived and get_enrolment(session, c.enrolment_id).archived_at is not None:
        raise DomainError("这件申请所属的参保登记已归档，请先恢复参保登记")
    named = ["worker_id", "diagnosis", "diagnosis_date"]
    return audit.set_archived(session, c, archived, entity=CLAIM_ENTITY, actor=actor, fields=named)


# --- reading -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentRow:
    id: int
    uid: str
    worker_id: int
    name: str
    id_number: str  # whole: screens and outputs mask it (idcard.mask)
    unit: str
    plan_name: str
    coverage_start: date
    coverage_end: date
    premium_fen: int
    payer: str
    payer_label: str
    notes: str
    archived: bool
    claims: int

    @property
    def period_text(self) -> str:
        return f"{self.coverage_start.isoformat()} 至 {self.coverage_end.isoformat()}"


@dataclass(frozen=True)
class ClaimRow:
    id: int
    uid: str
    worker_id: int
    enrolment_id: int
    name: str
    id_number: str
    unit: str
    plan_name: str
    coverage_text: str
    diagnosis: str
    diagnosis_label: str
    diagnosis_date: date
    claimed_fen: int
    paid_fen: int | None
    documents_text: str
    missing_documents: str
    received_on: date | None
    status: str
    status_label: str
    decided_on: date | None
    notes: str
    archived: bool


def _year_overlap(year: int | None) -> ColumnElement[bool]:
    if year is None:
        return true()  # what where(True) becomes: no condition
    return and_(
        InsuranceEnrolment.coverage_start <= date(year, 12, 31), InsuranceEnrolment.coverage_end >= date(year, 1, 1)
    )


def _text(text: str) -> ColumnElement[bool]:
    words = "".join(text.split())
    if not words:
        return true()
    like = f"%{words}%"
    return or_(Worker.name.like(like), InsuranceEnrolment.plan_name.like(like))


def list_enrolments(
    session: Session, *, year: int | None = None, text: str = "", archived: bool = False
) -> list[EnrolmentRow]:
    """Enrolments whose coverage touches ``year`` (None: all), by unit label, name and start."""
    counts = dict(
        session.execute(
            select(InsuranceClaim.enrolment_id, func.count())
            .where(InsuranceClaim.archived_at.is_(None))
            .group_by(InsuranceClaim.enrolment_id)
        ).all()
    )
    labels = unit_labels(session)
    gone = InsuranceEnrolment.archived_at
    e = InsuranceEnrolment
    # Plain columns, not ORM rows: a year of a 20,000-worker file is ~7,000 enrolments.
    stmt = (
        select(
            e.id,
            e.uid,
            Worker.id,
            Worker.name,
            Worker.id_number,
            Worker.unit_id,
            e.plan_name,
            e.coverage_start,
            e.coverage_end,
            e.premium_fen,
            e.payer,
            e.notes,
        )
        .join(Worker, Worker.id == e.worker_id)
        .where(gone.is_not(None) if archived else gone.is_(None), _year_overlap(year), _text(text))
        .order_by(e.coverage_start.desc(), Worker.name, e.id)
    )
    return [
        EnrolmentRow(
            eid,
            uid,
            wid,
            name,
            idn,
            labels.get(unit_id, ""),
            plan,
            start,
            end,
            premium,
            payer,
            core.PAYERS.get(payer, payer),
            notes,
            archived,
            counts.get(eid, 0),
        )
        for eid, uid, wid, name, idn, unit_id, plan, start, end, premium, payer, notes in (
            tuple(r) for r in session.execute(stmt)
        )
    ]


def enrolment_row(session: Session, enrolment_id: int) -> EnrolmentRow:
    e = get_enrolment(session, enrolment_id)
    rows = [r for r in list_enrolments(session, archived=e.archived_at is not None) if r.id == enrolment_id]
    return rows[0]


def list_claims(session: Session, *, year: int | None = None, text: str = "", archived: bool = False) -> list[ClaimRow]:
    """Claims diagnosed in ``year`` (None: all), newest diagnosis first."""
    labels = unit_labels(session)
    stmt = (
        select(InsuranceClaim, InsuranceEnrolment, Worker)
        .join(InsuranceEnrolment, InsuranceEnrolment.id == InsuranceClaim.enrolment_id)
        .join(Worker, Worker.id == InsuranceClaim.worker_id)
        .where(
            InsuranceClaim.archived_at.is_not(None) if archived else InsuranceClaim.archived_at.is_(None), _text(text)
        )
        .order_by(InsuranceClaim.diagnosis_date.desc(), Worker.name, InsuranceClaim.id)
    )
    if year is not None:
        stmt = stmt.where(InsuranceClaim.diagnosis_date.between(date(year, 1, 1), date(year, 12, 31)))
    out = []
    for c, e, w in session.execute(stmt):
        docs = core.parse_documents(c.documents)
        missing = core.documents_text(d for d in core.REQUIRED_DOCUMENTS if d not in docs)
        out.append(
            ClaimRow(
                c.id,
                c.uid,
                w.id,
                e.id,
                w.name,
                w.id_number,
                labels.get(w.unit_id, ""),
                e.plan_name,
                f"{e.coverage_start.isoformat()} 至 {e.coverage_end.isoformat()}",
                c.diagnosis,
                core.DIAGNOSES.get(c.diagnosis, c.diagnosis),
                c.diagnosis_date,
                c.claimed_fen,
                c.paid_fen,
                core.documents_text(docs),
                missing,
                c.received_on,
                c.status,
                core.CLAIM_STATUS.get(c.status, c.status),
                c.decided_on,
                c.notes,
                c.archived_at is not None,
            )
        )
    return out


def claim_row(session: Session, claim_id: int) -> ClaimRow:
    c = get_claim(session, claim_id)
    return next(r for r in list_claims(session, archived=c.archived_at is not None) if r.id == claim_id)


def covering_enrolment(session: Session, worker_id: int, day: date) -> core.EnrolmentFacts | None:
    return core.covering(_enrolments_of(session, worker_id), day)


@dataclass(frozen=True)
class YearTotals:
    year: int
    enrolled: int
    premium_fen: int
    union_fen: int
    worker_fen: int
    shared_fen: int
    claims: int
    claimed_fen: int
    paid_fen: int
    women: int

    @property
    def share_text(self) -> str:
        return core.enrolment_share(self.enrolled, self.women)

    def summary(self) -> str:
        return (
            f"{self.year}年参保{self.enrolled}人（在册女职工{self.women}人，参保率{self.share_text}），"
            f"保费合计{self.premium_fen / 100:,.2f}元（工会缴纳{self.union_fen / 100:,.2f}元，"
            f"个人缴纳{self.worker_fen / 100:,.2f}元，共同缴纳{self.shared_fen / 100:,.2f}元）；"
            f"互助金申请{self.claims}件，申请{self.claimed_fen / 100:,.2f}元，已给付{self.paid_fen / 100:,.2f}元"
        )


def _women(year: int) -> list[ColumnElement[bool]]:  # the 专项集体合同 check's population
    end = date(year, 12, 31)
    return [
        Worker.sex == "F",
        Worker.archived_at.is_(None),
        Worker.status == "on_roll",
        (Worker.hire_date.is_(None)) | (Worker.hire_date <= end),
    ]


def _enrolled_in(year: int) -> Exists:
    return exists(
        select(InsuranceEnrolment.id).where(
            InsuranceEnrolment.worker_id == Worker.id, InsuranceEnrolment.archived_at.is_(None), _year_overlap(year)
        )
    )


def enrolment_figures(session: Session, year: int) -> tuple[int, int] | None:
    """(women on the roll enrolled for a period touching ``year``, women on the roll); None when nothing at all
    is enrolled for the year — the office may not run the plan through this program, which is no data, not 0 %."""
    anyone = (
        session.scalar(
            select(func.count())
            .select_from(InsuranceEnrolment)
            .where(InsuranceEnrolment.archived_at.is_(None), _year_overlap(year))
        )
        or 0
    )
    if not anyone:
        return None
    women = session.scalar(select(func.count()).select_from(Worker).where(and_(*_women(year)))) or 0
    enrolled = (
        session.scalar(select(func.count()).select_from(Worker).where(and_(*_women(year), _enrolled_in(year)))) or 0
    )
    return int(enrolled), int(women)


def year_totals(session: Session, year: int) -> YearTotals:
    money = {p: 0 for p in core.PAYERS}
    for payer, total in session.execute(
        select(InsuranceEnrolment.payer, func.sum(InsuranceEnrolment.premium_fen))
        .where(InsuranceEnrolment.archived_at.is_(None), _year_overlap(year))
        .group_by(InsuranceEnrolment.payer)
    ):
        money[payer] = int(total or 0)
    enrolled_people = (
        session.scalar(
            select(func.count(func.distinct(InsuranceEnrolment.worker_id))).where(
                InsuranceEnrolment.archived_at.is_(None), _year_overlap(year)
            )
        )
        or 0
    )
    claims, claimed, paid = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(InsuranceClaim.claimed_fen), 0),
            func.coalesce(func.sum(InsuranceClaim.paid_fen), 0),
        ).where(
            InsuranceClaim.archived_at.is_(None),
            InsuranceClaim.diagnosis_date.between(date(year, 1, 1), date(year, 12, 31)),
        )
    ).one()
    women = session.scalar(select(func.count()).select_from(Worker).where(and_(*_women(year)))) or 0
    return YearTotals(
        year,
        int(enrolled_people),
        sum(money.values()),
        money["union"],
        money["worker"],
        money["shared"],
        int(claims),
        int(claimed),
        int(paid or 0),
        int(women),
    )


def search_women(session: Session, text: str, limit: int = 50) -> tuple[int, list[WorkerRow]]:
    """Women of the live roster whose name, ID number or phone holds ``text``, for the picker."""
    ids = worker_ids(session, WorkerFilter(text=text, sex="F"), sort="name")
    return len(ids), fetch_rows(session, ids[:limit])
