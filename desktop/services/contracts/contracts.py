"""专项集体合同: contracts and their clauses (add, edit, archive, the signed file), the contract in force, the
figures of the yearly compliance check counted from the program's own data, and the clause values that tighten
the rules (stricter wins).

Every write is audited and goes through the session guard (Permission.EDIT: 经办, 管理员). Nothing is deleted:
contracts and clauses are archived and can be restored; a replaced signed file keeps its bytes.

The figures (docs/decisions.md, #19 item 1):
- screening: women on the roll (hired by the year's end) aged 35–64 on 31 December (the 两癌 plan default,
  domain.md §5) who attended a 两癌筛查 in the clause's interval ending with the year (every 2 years → 2025–2026
  for 2026);
- exam: every woman on the roll (hired by the year's end), attended a 年度体检 in the interval;
- protection: pregnancy cases registered in the year whose worker's post has work the decree forbids in
  pregnancy, or who were reassigned: moved (reassigned_on) within the clause's days of registration to a post
  without such work;
- insurance: women on the roll (hired by the year's end) with a 特种病保险 enrolment whose coverage touches the
  year (desktop/services/insurance/enrolments.py); no enrolment at all for the year is no data, not 0 %;
- menstrual_leave: not counted (no leave records), the rule value the program uses is quoted.
The roster is today's: a woman who left during the year is no longer counted (the roster keeps no history).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import ColumnElement, Exists, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from db.models import AuditEntry, ProtectionCase, Worker, utcnow
from db.models_activities import AttachmentBlob
from db.models_contracts import SpecialContract, SpecialContractClause
from db.models_exams import ExamAppointment, ExamPlan
from desktop.core import hazards
from desktop.core import special_contracts as core
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.exams import DEFAULTS, birth_range
from desktop.services import audit, lookup
from desktop.services.activities.attachments import MAX_BYTES, store_file
from desktop.services.roster.workers import new_uid

ENTITY = "special_contract"
CLAUSE_ENTITY = "special_contract_clause"


# --- contracts ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractDraft:
    """Everything the clerk enters for one contract; the dialog works on this."""

    title: str = ""
    status: str = "draft"
    term_start: date | None = None
    term_end: date | None = None
    signed_on: date | None = None
    union_party: str = ""
    union_rep: str = ""
    company_party: str = ""
    company_rep: str = ""
    notes: str = ""


CONTRACT_FIELDS = [f.name for f in fields(ContractDraft)]
_TEXT_MAX = {"union_party": 100, "company_party": 100, "union_rep": 50, "company_rep": 50}


def check_contract_draft(draft: ContractDraft) -> ContractDraft:
    strip = {k: v.strip() for k, v in asdict(draft).items() if isinstance(v, str)}
    clean = ContractDraft(**{**asdict(draft), **strip})
    errors: dict[str, str] = {}
    try:
        core.check_contract(
            clean.title,
            clean.status,
            clean.term_start,
            clean.term_end,
            clean.signed_on,
            clean.union_party,
            clean.company_party,
        )
    except FieldErrors as exc:
        errors.update(exc.errors)
    for key, limit in _TEXT_MAX.items():
        if len(getattr(clean, key)) > limit:
            errors[key] = f"最多{limit}字"
    if errors:
        raise FieldErrors(errors)
    return clean


def get_contract(session: Session, contract_id: int) -> SpecialContract:
    message = f"没有找到编号为 {contract_id} 的专项集体合同"
    return lookup.fetch(session, SpecialContract, contract_id, message, field="contract")


def get_draft(session: Session, contract_id: int) -> ContractDraft:
    c = get_contract(session, contract_id)
    return ContractDraft(**audit.snapshot(c, CONTRACT_FIELDS))


def add_contract(session: Session, draft: ContractDraft, *, actor: str) -> SpecialContract:
    clean = check_contract_draft(draft)
    now = utcnow()
    contract = SpecialContract(
        uid=new_uid(session),
        created_at=now,
        created_by=actor,
        updated_at=now,
        updated_by=actor,
        file_name="",
        file_size=0,
        **asdict(clean),
    )
    audit.add(session, contract, fields=CONTRACT_FIELDS, actor=actor, entity=ENTITY)
    return contract


def update_contract(session: Session, contract_id: int, draft: ContractDraft, *, actor: str) -> SpecialContract:
    contract = get_contract(session, contract_id)
    clean = check_contract_draft(draft)
    audit.update(session, contract, asdict(clean), fields=CONTRACT_FIELDS, actor=actor, entity=ENTITY)
    return contract


def set_archived(session: Session, contract_id: int, *, archived: bool, actor: str) -> bool:
    contract = get_contract(session, contract_id)
    return audit.set_archived(session, contract, archived, entity=ENTITY, actor=actor, fields=["title"])


def attach_signed_file(
    session: Session, contract_id: int, *, file_name: str, data: bytes, actor: str
) -> SpecialContract:
    """Keep the signed contract (scan or PDF) inside the data file, as activity attachments are kept; a
    replaced file's bytes stay in attachment_blob, so the history can name it and a backup still holds it."""
    contract = get_contract(session, contract_id)
    stored = store_file(session, file_name, data, unnamed="合同文件须有文件名")
    before = {"file_name": contract.file_name, "file_sha256": contract.file_sha256}
    contract.file_name, contract.file_size, contract.file_sha256 = stored.file_name, stored.size, stored.sha256
    contract.updated_at, contract.updated_by = utcnow(), actor
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="attach",
        entity=ENTITY,
        entity_id=contract.id,
        before=before,
        after={"file_name": contract.file_name, "file_sha256": stored.sha256},
    )
    return contract


def attach_path(session: Session, contract_id: int, path: Path, *, actor: str) -> SpecialContract:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise DomainError(f"“{path.name}”超过{MAX_BYTES // 1048576} MB，请压缩后再添加")
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(f"无法读取“{path.name}”：{exc.strerror or exc}") from exc
    return attach_signed_file(session, contract_id, file_name=path.name, data=data, actor=actor)


def signed_file_bytes(session: Session, contract_id: int) -> tuple[str, bytes]:
    contract = get_contract(session, contract_id)
    if not contract.file_sha256:
        raise DomainError(f"合同“{contract.title}”还没有上传签订文本")
    data = session.scalar(select(AttachmentBlob.data).where(AttachmentBlob.sha256 == contract.file_sha256))
    if data is None:
        raise DomainError(f"合同文件“{contract.file_name}”的内容缺失，请从备份恢复")
    return contract.file_name, data


def save_signed_copy(session: Session, contract_id: int, target: Path) -> Path:
    _, data = signed_file_bytes(session, contract_id)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


# --- clauses -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClauseDraft:
    kind: str = "screening"
    value: int | None = None
    unit: str = ""
    target_percent: int | None = None
    article: str = ""
    text: str = ""


CLAUSE_FIELDS = [f.name for f in fields(ClauseDraft)]


def check_clause_draft(draft: ClauseDraft) -> ClauseDraft:
    clean = ClauseDraft(
        kind=draft.kind,
        value=draft.value,
        unit=core.unit_of(draft.kind, draft.unit)[:10],
        target_percent=draft.target_percent,
        article=draft.article.strip(),
        text=draft.text.strip(),
    )
    core.check_clause(facts_of(clean))
    return clean


def facts_of(c: ClauseDraft | SpecialContractClause) -> core.ClauseFacts:
    return core.ClauseFacts(c.kind, c.value, c.text, c.article, c.target_percent, c.unit)


def get_clause(session: Session, clause_id: int) -> SpecialContractClause:
    return lookup.fetch(
        session, SpecialContractClause, clause_id, f"没有找到编号为 {clause_id} 的合同条款", field="clause"
    )


def add_clause(session: Session, contract_id: int, draft: ClauseDraft, *, actor: str) -> SpecialContractClause:
    contract = get_contract(session, contract_id)
    clean = check_clause_draft(draft)
    last = (
        session.scalar(
            select(func.max(SpecialContractClause.sort_order)).where(SpecialContractClause.contract_id == contract.id)
        )
        or 0
    )
    now = utcnow()
    clause = SpecialContractClause(
        uid=new_uid(session),
        contract_id=contract.id,
        sort_order=last + 1,
        created_at=now,
        created_by=actor,
        updated_at=now,
        updated_by=actor,
        **asdict(clean),
    )
    parent = {"contract_id": contract.id}
    audit.add(session, clause, fields=CLAUSE_FIELDS, actor=actor, entity=CLAUSE_ENTITY, parent=parent)
    return clause


def update_clause(session: Session, clause_id: int, draft: ClauseDraft, *, actor: str) -> SpecialContractClause:
    clause = get_clause(session, clause_id)
    clean = check_clause_draft(draft)
    audit.update(session, clause, asdict(clean), fields=CLAUSE_FIELDS, actor=actor, entity=CLAUSE_ENTITY)
    return clause


def set_clause_archived(session: Session, clause_id: int, *, archived: bool, actor: str) -> bool:
    clause = get_clause(session, clause_id)
    return audit.set_archived(
        session, clause, archived, entity=CLAUSE_ENTITY, actor=actor, fields=["contract_id", "kind"]
    )


def get_clause_draft(session: Session, clause_id: int) -> ClauseDraft:
    c = get_clause(session, clause_id)
    return ClauseDraft(**audit.snapshot(c, CLAUSE_FIELDS))


# --- reading -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClauseRow:
    id: int
    article: str
    kind: str
    kind_label: str
    value: int | None
    unit: str
    target_percent: int | None
    text: str
    promise: str
    archived: bool


@dataclass(frozen=True)
class ContractRow:
    id: int
    uid: str
    title: str
    status: str
    status_label: str
    term_start: date
    term_end: date
    signed_on: date | None
    union_party: str
    union_rep: str
    company_party: str
    company_rep: str
    notes: str
    file_name: str
    file_size: int
    archived: bool
    clause_count: int
    in_force_today: bool

    @property
    def term_text(self) -> str:
        return f"{self.term_start.isoformat()} 至 {self.term_end.isoformat()}"


def _facts(c: SpecialContract) -> core.ContractFacts:
    return core.ContractFacts(c.id, c.title, c.status, c.term_start, c.term_end, c.signed_on, c.archived_at is not None)


def list_contracts(session: Session, *, archived: bool = False, today: date | None = None) -> list[ContractRow]:
    """Contracts newest term first (``archived``: the archived ones instead)."""
    day = today or date.today()
    counts = dict(
        session.execute(
            select(SpecialContractClause.contract_id, func.count())
            .where(SpecialContractClause.archived_at.is_(None))
            .group_by(SpecialContractClause.contract_id)
        ).all()
    )
    stmt = (
        select(SpecialContract)
        .where(SpecialContract.archived_at.is_not(None) if archived else SpecialContract.archived_at.is_(None))
        .order_by(SpecialContract.term_start.desc(), SpecialContract.id.desc())
    )
    return [_row(c, counts.get(c.id, 0), day) for c in session.scalars(stmt)]


def _row(c: SpecialContract, clause_count: int, day: date) -> ContractRow:
    return ContractRow(
        c.id,
        c.uid,
        c.title,
        c.status,
        core.STATUS.get(c.status, c.status),
        c.term_start,
        c.term_end,
        c.signed_on,
        c.union_party,
        c.union_rep,
        c.company_party,
        c.company_rep,
        c.notes,
        c.file_name,
        c.file_size,
        c.archived_at is not None,
        clause_count,
        core.is_in_force(_facts(c), day),
    )


def contract_row(session: Session, contract_id: int, *, today: date | None = None) -> ContractRow:
    c = get_contract(session, contract_id)
    n = (
        session.scalar(
            select(func.count())
            .select_from(SpecialContractClause)
            .where(SpecialContractClause.contract_id == c.id, SpecialContractClause.archived_at.is_(None))
        )
        or 0
    )
    return _row(c, n, today or date.today())


def clauses(session: Session, contract_id: int, *, include_archived: bool = False) -> list[ClauseRow]:
    stmt = (
        select(SpecialContractClause)
        .where(SpecialContractClause.contract_id == contract_id)
        .order_by(SpecialContractClause.sort_order, SpecialContractClause.id)
    )
    if not include_archived:
        stmt = stmt.where(SpecialContractClause.archived_at.is_(None))
    return [
        ClauseRow(
            c.id,
            c.article,
            c.kind,
            core.CLAUSE_KINDS.get(c.kind, c.kind),
            c.value,
            c.unit,
            c.target_percent,
            c.text,
            core.describe_clause(facts_of(c)),
            c.archived_at is not None,
        )
        for c in session.scalars(stmt)
    ]


def contract_history(session: Session, contract_id: int) -> list[tuple[AuditEntry, str]]:
    """The contract's change log with its clauses' (archived ones included), newest first: (entry, the clause's
    article or kind for a clause entry, "" for the contract's own)."""
    names = {
        c.id: c.article or core.CLAUSE_KINDS.get(c.kind, c.kind)
        for c in session.scalars(select(SpecialContractClause).where(SpecialContractClause.contract_id == contract_id))
    }
    stmt = (
        select(AuditEntry)
        .where(
            or_(
                and_(AuditEntry.entity == ENTITY, AuditEntry.entity_id == contract_id),
                and_(AuditEntry.entity == CLAUSE_ENTITY, AuditEntry.entity_id.in_(list(names))),
            )
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return [(e, names.get(e.entity_id or 0, "") if e.entity == CLAUSE_ENTITY else "") for e in session.scalars(stmt)]


def _all_facts(session: Session) -> list[core.ContractFacts]:
    return [_facts(c) for c in session.scalars(select(SpecialContract))]


def in_force_on(session: Session, day: date) -> SpecialContract | None:
    found = core.in_force_on(_all_facts(session), day)
    return session.get(SpecialContract, found.id) if found else None


def contract_for_year(session: Session, year: int) -> SpecialContract | None:
    found = core.contract_for_year(_all_facts(session), year)
    return session.get(SpecialContract, found.id) if found else None


@dataclass(frozen=True)
class ClauseInForce:
    """A clause of the contract in force on a day: what rules read to tighten their numbers."""

    contract_id: int
    contract_title: str
    article: str
    kind: str
    value: int


def clause_in_force(session: Session, kind: str, day: date) -> ClauseInForce | None:
    """The strictest clause of ``kind`` in the contract in force on ``day`` (shortest interval, most days)."""
    contract = in_force_on(session, day)
    if contract is None:
        return None
    rows = [c for c in contract.clauses if c.kind == kind and c.archived_at is None and c.value is not None]
    if not rows:
        return None
    pick = (min if kind in ("exam", "screening", "protection") else max)(rows, key=lambda c: c.value or 0)
    return ClauseInForce(contract.id, contract.title, pick.article, kind, int(pick.value or 0))


def exam_interval(session: Session, exam_type: str, plan_interval: int, day: date) -> core.Tightened:
    """A plan's interval after the contract in force on ``day`` (the plan's start): the shorter wins."""
    kind = next((k for k, types in core.EXAM_TYPES_OF_KIND.items() if exam_type in types), None)
    clause = clause_in_force(session, kind, day) if kind else None
    if clause is None:
        return core.Tightened(plan_interval, False, "")
    return core.stricter_interval(plan_interval, clause.value, clause.contract_title, clause.article)


def menstrual_leave_on(session: Session, day: date) -> core.Tightened:
    """Days of 经期假 a month on ``day``: the rule data's, or the contract's when it grants more."""
    from desktop.services.protections.rules import value_on

    clause = clause_in_force(session, "menstrual_leave", day)
    rule_days = value_on(session, "menstrual_leave_days", day)
    if clause is None:
        return core.Tightened(rule_days, False, "")
    return core.stricter_leave_days(rule_days, clause.value, clause.contract_title, clause.article)


# --- the yearly check ----------------------------------------------------------------------------------------


def _year_bounds(year: int, interval: int) -> tuple[date, date]:
    return date(year - max(interval, 1) + 1, 1, 1), date(year, 12, 31)


def _women(year: int) -> list[ColumnElement[bool]]:
    end = date(year, 12, 31)
    return [
        Worker.sex == "F",
        Worker.archived_at.is_(None),
        Worker.status == "on_roll",
        (Worker.hire_date.is_(None)) | (Worker.hire_date <= end),
    ]


def _attended(exam_types: tuple[str, ...], first: date, last: date) -> Exists:
    return exists(
        select(ExamAppointment.id)
        .join(ExamPlan, ExamPlan.id == ExamAppointment.plan_id)
        .where(
            ExamAppointment.worker_id == Worker.id,
            ExamAppointment.status == "done",
            ExamPlan.exam_type.in_(exam_types),
            ExamAppointment.actual_date.between(first, last),
        )
    )


def exam_figures(session: Session, kind: str, year: int, interval: int) -> core.Figures:
    """Women counted and those examined within the interval ending with ``year``: one aggregate query."""
    conds = _women(year)
    note = ""
    if kind == "screening":
        rule = DEFAULTS["two_cancer"].rule
        after, until = birth_range(rule, date(year, 12, 31))
        if after is not None:
            conds.append(Worker.birth_date > after)
        if until is not None:
            conds.append(Worker.birth_date <= until)
        note = f"应筛查人群为年底{rule.age_min}–{rule.age_max}岁在册女职工"
    first, last = _year_bounds(year, interval)
    done = _attended(core.EXAM_TYPES_OF_KIND[kind], first, last)
    row = session.execute(
        select(func.count(), func.coalesce(func.sum(case((done, 1), else_=0)), 0))
        .select_from(Worker)
        .where(and_(*conds))
    ).one()
    total, covered = row[0], row[1]  # by index: unpacked, mypy reads this Row's values as object
    return core.Figures(int(covered), int(total), note)


def protection_figures(session: Session, year: int, days: int) -> core.Figures:
    """Pregnancy cases registered in ``year`` that needed a move, and those moved in time to a safe post."""
    start, end = datetime.combine(date(year, 1, 1), time()), datetime.combine(date(year + 1, 1, 1), time())
    rows = session.execute(
        select(
            ProtectionCase.created_at,
            ProtectionCase.reassigned_on,
            ProtectionCase.reassigned_to_hazards,
            Worker.hazards,
        )
        .join(Worker, Worker.id == ProtectionCase.worker_id)
        .where(
            ProtectionCase.archived_at.is_(None), ProtectionCase.created_at >= start, ProtectionCase.created_at < end
        )
    ).all()
    need = handled = 0
    for created, moved_on, to_hazards, post_hazards in rows:
        if moved_on is None and not _forbidden(post_hazards):
            continue
        need += 1
        if moved_on is not None and (moved_on - created.date()).days <= days and not _forbidden(to_hazards):
            handled += 1
    return core.Figures(handled, need, "以登记日期起算；调入岗位仍有孕期禁忌作业的不算按时调岗")


def _forbidden(hazard_text: str | None) -> bool:
    try:
        return bool(hazards.prohibited_for("pregnancy", hazard_text or ""))
    except DomainError:
        # Unreadable post conditions: count her, so a typo never hides a case from the check.
        return True


def clause_figures(session: Session, clause: SpecialContractClause | ClauseDraft, year: int) -> core.Figures:
    if clause.kind in ("exam", "screening"):
        return exam_figures(session, clause.kind, year, clause.value or 1)
    if clause.kind == "protection":
        return protection_figures(session, year, clause.value or 0)
    if clause.kind == "insurance":
        from desktop.services.insurance.enrolments import enrolment_figures

        counted = enrolment_figures(session, year)
        if counted is None:
            return core.Figures(None, None, f"未登记{year}年特种病保险参保")
        return core.Figures(counted[0], counted[1], "")
    if clause.kind == "menstrual_leave":
        leave = menstrual_leave_on(session, date(year, 12, 31))
        return core.Figures(None, None, f"程序按每月{leave.value}天提示")
    return core.Figures()


@dataclass(frozen=True)
class ContractCheck:
    contract: ContractRow
    check: core.YearCheck


def yearly_check(session: Session, year: int, contract_id: int | None = None) -> ContractCheck:
    """The compliance check of ``year`` for a contract (default: the one the year is measured against)."""
    if contract_id is None:
        contract = contract_for_year(session, year)
        if contract is None:
            raise DomainError(f"{year}年没有生效的专项集体合同（须为已签订或已备案，且合同期限覆盖该年）")
    else:
        contract = get_contract(session, contract_id)
    items = [c for c in contract.clauses if c.archived_at is None]
    check = core.year_check(
        year, contract.title, [facts_of(c) for c in items], [clause_figures(session, c, year) for c in items]
    )
    return ContractCheck(contract_row(session, contract.id), check)
