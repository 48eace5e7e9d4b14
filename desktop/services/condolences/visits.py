"""Condolence visits (慰问): record, check against the standard, approve, pay, archive — one use case each.

Every save checks the visit against the standard in force on its visit date and the member's other live
visits (desktop.core.condolences.check_visit). A broken rule raises ``RuleBroken`` listing each rule with
its numbers; the clerk may then save with an authorised override, which needs a written reason and is
stored with the rules it overrode, so reports can show it.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry, Worker, utcnow
from db.models_condolences import CondolenceVisit
from desktop.core import condolences as condolence_rules
from desktop.core.condolences import DRAFT_FIELDS, REAPPROVAL_FIELDS, VisitDraft, cause_key, check_draft
from desktop.core.condolences import FIELD_LABELS as FIELD_LABELS  # the change log's labels, for the screens
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.roles import Permission
from desktop.services import access, audit
from desktop.services.condolences.standards import StandardBook, load_standards
from desktop.services.roster import workers
from desktop.services.roster.workers import new_uid

ENTITY = "condolence_visit"


class RuleBroken(DomainError):
    """The visit breaks the standard; ``violations`` name each rule. Saving needs an override reason."""

    def __init__(
        self,
        violations: list[condolence_rules.Violation],
        *,
        previous_rules: str = "",
        previous_reason: str = "",
        action: str = "",
    ) -> None:
        self.violations = violations
        if action:
            # Approve or restore (#18 item 5): the visit is checked again against the standards in force now
            # (a cap entered later with an earlier date reaches it) and the member's other visits.
            new = condolence_rules.uncovered(violations, previous_rules) or violations
            had = f"原特批理由“{previous_reason}”只针对：{previous_rules or '（无）'}；" if previous_reason else ""
            message = (
                f"{action}前复核不符合慰问标准：{condolence_rules.describe(new)}。{had}"
                f"如确需{action}，请由负责人批准并填写特批理由"
            )
        elif previous_reason:
            # An edit: the stored override was given for other rules or numbers and does not carry over.
            new = condolence_rules.uncovered(violations, previous_rules) or violations
            message = (
                f"修改后不符合慰问标准：{condolence_rules.describe(new)}。原特批理由“{previous_reason}”只针对："
                f"{previous_rules or '（无）'}，不适用于本次修改；如确需发放，请由负责人重新批准并填写特批理由"
            )
        else:
            message = (
                "不符合慰问标准："
                + condolence_rules.describe(violations)
                + "。如确需发放，请由负责人批准并填写特批理由"
            )
        super().__init__(message, field="override_reason")


AUDITED = DRAFT_FIELDS + ["status", "approved_by", "approved_on", "paid_on", "override_rules", "override_reason"]


def prior_visits(
    session: Session, worker_id: int, year: int, *, exclude_id: int | None = None
) -> list[condolence_rules.PriorVisit]:
    """The member's live visits in a calendar year (the caps and limits count per year)."""
    stmt = select(CondolenceVisit).where(
        CondolenceVisit.worker_id == worker_id,
        CondolenceVisit.archived_at.is_(None),
        CondolenceVisit.visit_date >= date(year, 1, 1),
        CondolenceVisit.visit_date <= date(year, 12, 31),
    )
    if exclude_id is not None:
        stmt = stmt.where(CondolenceVisit.id != exclude_id)
    return [
        condolence_rules.PriorVisit(v.occasion, v.visit_date, v.cash_fen + v.goods_fen, cause_key(v))
        for v in session.scalars(stmt)
    ]


def check_festival(book: StandardBook, draft: VisitDraft, *, stored: str | None = None) -> None:
    """A festival visit names a festival of the closed list in force on its date (FieldErrors otherwise).

    ``stored`` is the festival of the visit being edited: a visit entered before the list was closed (三八,
    free text) may be corrected in other fields without choosing its festival again.
    """
    if draft.occasion != "festival" or draft.visit_date is None or (stored is not None and draft.festival == stored):
        return
    condolence_rules.check_festival(draft.festival, draft.visit_date, book.festivals)


def evaluate(
    session: Session,
    worker_id: int,
    draft: VisitDraft,
    *,
    exclude_id: int | None = None,
    book: StandardBook | None = None,
) -> list[condolence_rules.Violation]:
    """The rules this visit would break (empty when it follows the standard)."""
    assert draft.visit_date is not None
    book = book or load_standards(session)
    standard = book.on(draft.occasion, draft.visit_date)
    prior = prior_visits(session, worker_id, draft.visit_date.year, exclude_id=exclude_id)
    out = condolence_rules.check_visit(
        standard,
        visit_date=draft.visit_date,
        cash_fen=draft.cash_fen,
        goods_fen=draft.goods_fen,
        cause=cause_key(draft),
        prior=prior,
    )
    if draft.occasion == "festival" and book.festivals:
        worker = session.get(Worker, worker_id)
        if worker is not None:
            wrong = condolence_rules.ethnicity_violation(
                draft.festival, draft.visit_date, book.festivals, worker.ethnicity or "", worker.name
            )
            out += [wrong] if wrong is not None else []
    return out


def get_visit(session: Session, visit_id: int) -> CondolenceVisit:
    visit = session.get(CondolenceVisit, visit_id)
    if visit is None:
        raise DomainError("该慰问记录不存在（可能已被他人修改），请刷新")
    return visit


def get_draft(session: Session, visit_id: int) -> VisitDraft:
    visit = get_visit(session, visit_id)
    return VisitDraft(**{f: getattr(visit, f) for f in DRAFT_FIELDS})


def visit_history(session: Session, visit_id: int) -> list[AuditEntry]:
    return audit.history(session, ENTITY, visit_id)


def member(session: Session, worker_id: int) -> Worker:
    """A union member who may be visited: on the roster and not archived (retirees included)."""
    worker = session.get(Worker, worker_id)
    if worker is None:
        raise FieldErrors({"worker_id": "该职工记录不存在（可能已被他人修改），请刷新"})
    if worker.archived_at is not None:
        raise FieldErrors({"worker_id": f"“{worker.name}”已归档，不能登记慰问；如需登记请先在名册中恢复"})
    if not worker.union_member:
        raise FieldErrors(
            {
                "worker_id": f"“{worker.name}”不是工会会员，工会慰问金只发给会员，不能登记慰问；"
                "如已入会，请先在名册中把“工会会员”改为“是”"
            }
        )
    return worker


def member_ids(session: Session, text: str = "", *, sort: str = "name", keep: int | None = None) -> list[int]:
    """Live union members matching ``text`` (name, ID number, phone), for choosing whom to visit.

    ``keep`` is the person of a visit being edited, listed even if she has left the union since.
    """
    ids = workers.worker_ids(session, workers.WorkerFilter(text=text), sort=sort)
    others = set(session.scalars(select(Worker.id).where(Worker.union_member.is_not(True)))) - {keep}
    return [i for i in ids if i not in others]


def needs_reapproval(visit: CondolenceVisit, draft: VisitDraft) -> bool:
    """True when saving ``draft`` over an approved visit changes what was approved (money or occasion)."""
    return visit.status == "approved" and any(getattr(visit, k) != getattr(draft, k) for k in REAPPROVAL_FIELDS)


def stored_override(visit: CondolenceVisit) -> condolence_rules.Override:
    return condolence_rules.Override(visit.override_rules or "", visit.override_reason or "", visit.override_by or "")


def settle(
    violations: list[condolence_rules.Violation],
    *,
    stored: condolence_rules.Override | None = None,
    given: str,
    actor: str,
    action: str = "",
) -> condolence_rules.Override:
    """The override the visit records after a step (condolence_rules.settle_override, the one
    rule); RuleBroken when the step
    needs a new written reason — naming the stored one, and the step (``action``) for approve and restore."""
    stored = stored or condolence_rules.Override()
    settled = condolence_rules.settle_override(violations, stored=stored, given=given, actor=actor)
    if settled is None:
        raise RuleBroken(violations, previous_rules=stored.rules, previous_reason=stored.reason, action=action)
    return settled


def add_visit(
    session: Session,
    worker_id: int,
    draft: VisitDraft,
    *,
    actor: str,
    override_reason: str = "",
    batch_id: int | None = None,
    today: date | None = None,
    book: StandardBook | None = None,
) -> CondolenceVisit:
    """Register a visit (status 登记); refuses a broken standard unless ``override_reason`` is given."""
    worker = member(session, worker_id)
    clean = check_draft(draft, today=today)
    book = book or load_standards(session)
    check_festival(book, clean)
    settled = settle(evaluate(session, worker.id, clean, book=book), given=override_reason, actor=actor)
    now = utcnow()
    visit = CondolenceVisit(
        uid=new_uid(session),
        worker_id=worker.id,
        batch_id=batch_id,
        status="registered",
        override_rules=settled.rules,
        override_reason=settled.reason,
        override_by=settled.by,
        created_at=now,
        created_by=actor,
        updated_at=now,
        updated_by=actor,
        **asdict(clean),
    )
    session.add(visit)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity=ENTITY,
        entity_id=visit.id,
        after={"worker_id": worker.id, **audit.snapshot(visit, AUDITED)},
    )
    return visit


def update_visit(
    session: Session,
    visit_id: int,
    draft: VisitDraft,
    *,
    actor: str,
    override_reason: str = "",
    today: date | None = None,
) -> CondolenceVisit:
    """Correct a visit not yet paid; the checks run again.

    The stored override stands only for the rules and numbers it was given for: when the edited visit
    breaks anything else, a new written reason (``override_reason``) is needed, recorded as given by
    ``actor``. Changing the money or occasion of an approved visit sends it back to 登记 for approval.
    """
    visit = _live(session, visit_id)
    if visit.status == "paid":
        raise DomainError("该慰问已发放，不能再修改；如有错误请归档后重新登记并注明原因")
    clean = check_draft(draft, today=today)
    book = load_standards(session)
    check_festival(book, clean, stored=visit.festival)
    violations = evaluate(session, visit.worker_id, clean, exclude_id=visit.id, book=book)
    settled = settle(violations, stored=stored_override(visit), given=override_reason, actor=actor)
    before = audit.snapshot(visit, AUDITED)
    if needs_reapproval(visit, clean):
        visit.status, visit.approved_by, visit.approved_on = "registered", "", None
    for k in DRAFT_FIELDS:
        setattr(visit, k, getattr(clean, k))
    visit.override_rules, visit.override_reason, visit.override_by = settled.rules, settled.reason, settled.by
    visit.updated_at, visit.updated_by = utcnow(), actor
    audit.record(
        session,
        actor=actor,
        action="update",
        entity=ENTITY,
        entity_id=visit.id,
        before=before,
        after=audit.snapshot(visit, AUDITED),
    )
    return visit


def recheck(session: Session, visit: CondolenceVisit, *, action: str, override_reason: str = "", actor: str) -> None:
    """Approve and restore check the visit again (#18 item 5) against the standards in force now and the member's
    other live visits, under the same override rule as add and edit (``settle``): a breach the stored override
    does not name — e.g. from a cap entered later with an earlier date — needs a new written reason, or the
    step is refused; a breach that is gone is no longer recorded as overridden."""
    broken = evaluate(session, visit.worker_id, get_draft(session, visit.id), exclude_id=visit.id)
    settled = settle(broken, stored=stored_override(visit), given=override_reason, actor=actor, action=action)
    visit.override_rules, visit.override_reason, visit.override_by = settled.rules, settled.reason, settled.by


def standard_documents(session: Session, occasion: str, day: date) -> tuple[str, ...]:
    """The 须查验 documents of the standard in force on that day."""
    return load_standards(session).on(occasion, day).documents


def missing_documents(session: Session, visit: CondolenceVisit) -> tuple[str, ...]:
    """The 须查验 documents of the visit's standard that are not ticked."""
    return condolence_rules.missing_documents(
        standard_documents(session, visit.occasion, visit.visit_date), visit.documents or ""
    )


def advance(
    session: Session,
    visit_id: int,
    *,
    actor: str,
    approver: str = "",
    on: date | None = None,
    override_reason: str = "",
) -> CondolenceVisit:
    """登记 → 已审批 (names the approver) → 已发放 (the day it was handed over).

    Approval checks the visit again (``recheck``): ``override_reason`` is the approver's written reason for a
    breach the visit's override does not name."""
    visit = _live(session, visit_id)
    new = condolence_rules.next_status(visit.status)
    day = on or date.today()
    before = audit.snapshot(visit, AUDITED)
    if new == "approved":
        # Only a 审批/领导 account approves money (issue #15); the approver named is that account's person.
        account = access.require(session, Permission.APPROVE)
        if account is not None and not approver.strip():
            approver = account.display_name or account.username
        who = " ".join((approver or "").split())
        if not who:
            raise FieldErrors({"approved_by": "请填写审批人姓名"})
        recheck(session, visit, action="审批", override_reason=override_reason, actor=actor)
        if missing := missing_documents(session, visit):
            # The approver signs off money on the strength of these papers (docs/decisions.md, #17 item 2).
            raise FieldErrors(
                {"documents": f"审批前须查验：{'、'.join(missing)}。请经办人收齐这些材料，在“修改”中勾选已查验，再审批"}
            )
        visit.approved_by, visit.approved_on = who, day
    else:
        if visit.approved_on and day < visit.approved_on:
            raise FieldErrors({"paid_on": f"发放日期早于审批日期 {visit.approved_on.isoformat()}"})
        visit.paid_on = day
    visit.status = new
    visit.updated_at, visit.updated_by = utcnow(), actor
    audit.record(
        session,
        actor=actor,
        action=new,
        entity=ENTITY,
        entity_id=visit.id,
        before=before,
        after=audit.snapshot(visit, AUDITED),
    )
    return visit


def archive_visit(
    session: Session, visit_id: int, *, actor: str, archived: bool = True, override_reason: str = ""
) -> CondolenceVisit:
    """Take a visit off every list and total (entered by mistake); restore brings it back, checked again: the
    stored override stands only for the breaches it names (``recheck``), not for any breach."""
    visit = get_visit(session, visit_id)
    if (visit.archived_at is not None) == archived:
        return visit
    before = audit.snapshot(visit, AUDITED)
    if not archived:
        recheck(session, visit, action="恢复", override_reason=override_reason, actor=actor)
        if visit.override_reason != before["override_reason"] or visit.override_rules != before["override_rules"]:
            audit.record(
                session,
                actor=actor,
                action="update",
                entity=ENTITY,
                entity_id=visit.id,
                before=before,
                after=audit.snapshot(visit, AUDITED),
            )
    visit.archived_at = utcnow() if archived else None
    visit.updated_at, visit.updated_by = utcnow(), actor
    audit.record(
        session,
        actor=actor,
        action="archive" if archived else "restore",
        entity=ENTITY,
        entity_id=visit.id,
        before={"archived": not archived},
        after={"archived": archived},
    )
    return visit


def _live(session: Session, visit_id: int) -> CondolenceVisit:
    visit = get_visit(session, visit_id)
    if visit.archived_at is not None:
        raise DomainError("该慰问记录已归档，不能修改；如需修改请先恢复")
    return visit
