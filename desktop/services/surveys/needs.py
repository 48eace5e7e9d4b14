"""需求调研: the 职工需求清单 — each need a worker raised, with its steps 收集 → 办理 → 回访.

A need may come from a survey or stand alone. Reading needs an account (any role); every write needs
Permission.EDIT, is audited, and archives rather than deletes; the steps' rules are desktop.core.surveys's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker, utcnow
from db.models_surveys import Survey, SurveyNeed
from desktop.core import surveys as core
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.roles import Permission
from desktop.services import access, audit, lookup
from desktop.services.office import unit_labels
from desktop.services.roster.workers import new_uid

NEED_FIELDS = [
    "survey_id",
    "worker_id",
    "need",
    "category",
    "status",
    "collected_on",
    "collected_by",
    "handling_on",
    "handling_by",
    "handling_note",
    "revisited_on",
    "revisited_by",
    "revisit_note",
]


@dataclass(frozen=True)
class NeedDraft:
    need: str = ""
    category: str = ""
    collected_on: date | None = None
    collected_by: str = ""
    worker_id: int | None = None
    survey_id: int | None = None


def get_need(session: Session, need_id: int) -> SurveyNeed:
    return lookup.fetch(session, SurveyNeed, need_id, f"没有找到编号为 {need_id} 的需求", field="need")


def _check_need(session: Session, draft: NeedDraft, later: SurveyNeed | None, *, today: date) -> None:
    """The need's own fields, and its 收集 step against the later steps it already has (``later``)."""
    errors: dict[str, str] = {}
    if not draft.need.strip():
        errors["need"] = "请写明职工的需求"
    if draft.category not in core.NEED_CATEGORIES:
        errors["category"] = "请选择需求类别"
    if draft.worker_id is not None and session.get(Worker, draft.worker_id) is None:
        errors["worker_id"] = f"没有找到编号为 {draft.worker_id} 的职工"
    if draft.survey_id is not None and session.get(Survey, draft.survey_id) is None:
        errors["survey_id"] = f"没有找到编号为 {draft.survey_id} 的调研"
    steps = core.NeedSteps(draft.collected_on, draft.collected_by)
    if later is not None:
        steps = replace(
            steps,
            handling_on=later.handling_on,
            handling_by=later.handling_by,
            revisited_on=later.revisited_on,
            revisited_by=later.revisited_by,
        )
    try:
        core.check_steps(steps, today=today)
    except FieldErrors as exc:
        # A later step now earlier than 收集 is the 收集 date's fault: it is the field being edited.
        errors.update({"collected_on" if k.endswith("_on") else k: m for k, m in exc.errors.items()})
    if errors:
        raise FieldErrors(errors)


def add_need(session: Session, draft: NeedDraft, *, actor: str, today: date | None = None) -> SurveyNeed:
    access.require(session, Permission.EDIT)
    _check_need(session, draft, None, today=today or date.today())
    who = access.actor_of(session, actor)
    now = utcnow()
    n = SurveyNeed(
        uid=new_uid(session),
        survey_id=draft.survey_id,
        worker_id=draft.worker_id,
        need=draft.need.strip(),
        category=draft.category,
        status="collected",
        collected_on=draft.collected_on,
        collected_by=draft.collected_by.strip(),
        handling_by="",
        handling_note="",
        revisited_by="",
        revisit_note="",
        created_at=now,
        created_by=who,
        updated_at=now,
        updated_by=who,
    )
    session.add(n)
    session.flush()
    audit.record(
        session, actor=who, action="create", entity="survey_need", entity_id=n.id, after=audit.snapshot(n, NEED_FIELDS)
    )
    return n


def get_need_draft(session: Session, need_id: int) -> NeedDraft:
    n = get_need(session, need_id)
    return NeedDraft(n.need, n.category, n.collected_on, n.collected_by, n.worker_id, n.survey_id)


def update_need(
    session: Session, need_id: int, draft: NeedDraft, *, actor: str, today: date | None = None
) -> SurveyNeed:
    """Correct what was collected (the need, its category, who raised it, the survey, the 收集 step); the later
    steps are changed only by moving forward."""
    access.require(session, Permission.EDIT)
    n = get_need(session, need_id)
    if n.archived_at is not None:
        raise DomainError("这条需求已归档，请先恢复")
    _check_need(session, draft, n, today=today or date.today())
    values = {
        "need": draft.need.strip(),
        "category": draft.category,
        "worker_id": draft.worker_id,
        "survey_id": draft.survey_id,
        "collected_on": draft.collected_on,
        "collected_by": draft.collected_by.strip(),
    }
    audit.update(session, n, values, fields=NEED_FIELDS, actor=access.actor_of(session, actor), entity="survey_need")
    return n


def advance_need(
    session: Session,
    need_id: int,
    target: str,
    *,
    on: date | None,
    by: str,
    note: str = "",
    actor: str,
    today: date | None = None,
) -> SurveyNeed:
    """Move a need one step forward (收集 → 办理, 办理 → 回访) with the step's date, who handled it and a note."""
    access.require(session, Permission.EDIT)
    n = get_need(session, need_id)
    if n.archived_at is not None:
        raise DomainError("这条需求已归档，请先恢复")
    core.check_advance(n.status, target)
    steps = core.NeedSteps(n.collected_on, n.collected_by, n.handling_on, n.handling_by, n.revisited_on, n.revisited_by)
    if target == "handling":
        steps = replace(steps, handling_on=on, handling_by=by.strip())
    else:
        steps = replace(steps, revisited_on=on, revisited_by=by.strip())
    core.check_steps(steps, today=today or date.today())
    values: dict[str, object] = {"status": target, f"{target}_on": on, f"{target}_by": by.strip()}
    values["handling_note" if target == "handling" else "revisit_note"] = note.strip()
    audit.update(
        session,
        n,
        values,
        fields=NEED_FIELDS,
        actor=access.actor_of(session, actor),
        entity="survey_need",
        action="advance",
    )
    return n


def set_need_archived(session: Session, need_id: int, *, archived: bool, actor: str) -> bool:
    access.require(session, Permission.EDIT)
    n = get_need(session, need_id)
    if (n.archived_at is not None) == archived:
        return False
    who = access.actor_of(session, actor)
    n.archived_at = utcnow() if archived else None
    n.updated_at, n.updated_by = utcnow(), who
    audit.record(
        session,
        actor=who,
        action="archive" if archived else "restore",
        entity="survey_need",
        entity_id=n.id,
        before={"need": n.need, "status": n.status},
    )
    return True


@dataclass(frozen=True)
class NeedRow:
    id: int
    uid: str
    need: str
    category_label: str
    status: str
    status_label: str
    name: str
    id_number: str  # whole: screens and outputs mask it
    unit: str
    survey: str
    collected_on: date
    collected_by: str
    handling_on: date | None
    handling_by: str
    handling_note: str
    revisited_on: date | None
    revisited_by: str
    revisit_note: str
    archived: bool


def list_needs(
    session: Session, *, survey_id: int | None = None, status: str = "", year: int | None = None, archived: bool = False
) -> list[NeedRow]:
    """The 需求清单, oldest first; optionally one survey's, one status's, or collected in one year."""
    access.require(session, Permission.VIEW)
    gone = SurveyNeed.archived_at
    stmt = (
        select(SurveyNeed, Worker, Survey.title)
        .outerjoin(Worker, Worker.id == SurveyNeed.worker_id)
        .outerjoin(Survey, Survey.id == SurveyNeed.survey_id)
        .where(gone.is_not(None) if archived else gone.is_(None))
        .order_by(SurveyNeed.collected_on, SurveyNeed.id)
    )
    if survey_id is not None:
        stmt = stmt.where(SurveyNeed.survey_id == survey_id)
    if status:
        stmt = stmt.where(SurveyNeed.status == status)
    if year is not None:
        stmt = stmt.where(SurveyNeed.collected_on.between(date(year, 1, 1), date(year, 12, 31)))
    labels = unit_labels(session)
    return [
        NeedRow(
            n.id,
            n.uid,
            n.need,
            core.NEED_CATEGORIES.get(n.category, n.category),
            n.status,
            core.STATUSES.get(n.status, n.status),
            w.name if w else "",
            w.id_number if w else "",
            labels.get(w.unit_id, "") if w else "",
            title or "",
            n.collected_on,
            n.collected_by,
            n.handling_on,
            n.handling_by,
            n.handling_note,
            n.revisited_on,
            n.revisited_by,
            n.revisit_note,
            n.archived_at is not None,
        )
        for n, w, title in session.execute(stmt)
    ]
