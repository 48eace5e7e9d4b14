"""需求调研: the surveys (问卷, 座谈, 走访) and a questionnaire's questions.

The answers are in surveys.answers, the results in surveys.results, the 职工需求清单 in surveys.needs. Reading
needs an account (any role); every write needs Permission.EDIT (the session guard), is audited, and archives
rather than deletes. The rules are desktop.core.surveys's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.models import utcnow
from db.models_surveys import Survey, SurveyNeed, SurveyQuestion, SurveyResponse
from desktop.core import surveys as core
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.roles import Permission
from desktop.services import access, audit, lookup
from desktop.services.roster.workers import new_uid

K = TypeVar("K")  # a grouping key: a survey id, nullable on needs

SURVEY_FIELDS = ["title", "kind", "held_on", "notes"]


@dataclass(frozen=True)
class SurveyDraft:
    title: str = ""
    kind: str = ""
    held_on: date | None = None
    notes: str = ""


def check_survey(d: SurveyDraft, today: date) -> SurveyDraft:
    clean = replace(d, title=d.title.strip(), notes=d.notes.strip())
    errors: dict[str, str] = {}
    if not clean.title:
        errors["title"] = "请填写调研名称"
    if clean.kind not in core.KINDS:
        errors["kind"] = "请选择调研方式（问卷、座谈或走访）"
    if clean.held_on is None:
        errors["held_on"] = "请填写调研日期"
    elif clean.held_on > today:
        errors["held_on"] = f"调研日期（{clean.held_on.isoformat()}）晚于今天"
    if errors:
        raise FieldErrors(errors)
    return clean


def get_survey(session: Session, survey_id: int) -> Survey:
    return lookup.fetch(session, Survey, survey_id, f"没有找到编号为 {survey_id} 的调研", field="survey")


def add_survey(session: Session, draft: SurveyDraft, *, actor: str, today: date | None = None) -> Survey:
    access.require(session, Permission.EDIT)
    clean = check_survey(draft, today or date.today())
    who = access.actor_of(session, actor)
    now = utcnow()
    s = Survey(
        uid=new_uid(session),
        title=clean.title,
        kind=clean.kind,
        held_on=clean.held_on,
        notes=clean.notes,
        created_at=now,
        created_by=who,
        updated_at=now,
        updated_by=who,
    )
    session.add(s)
    session.flush()
    audit.record(
        session, actor=who, action="create", entity="survey", entity_id=s.id, after=audit.snapshot(s, SURVEY_FIELDS)
    )
    return s


def update_survey(
    session: Session, survey_id: int, draft: SurveyDraft, *, actor: str, today: date | None = None
) -> Survey:
    access.require(session, Permission.EDIT)
    s = get_survey(session, survey_id)
    clean = check_survey(draft, today or date.today())
    audit.update(
        session,
        s,
        {k: getattr(clean, k) for k in SURVEY_FIELDS},
        fields=SURVEY_FIELDS,
        actor=access.actor_of(session, actor),
        entity="survey",
    )
    return s


def set_survey_archived(session: Session, survey_id: int, *, archived: bool, actor: str) -> bool:
    access.require(session, Permission.EDIT)
    s = get_survey(session, survey_id)
    if (s.archived_at is not None) == archived:
        return False
    who = access.actor_of(session, actor)
    s.archived_at = utcnow() if archived else None
    s.updated_at, s.updated_by = utcnow(), who
    audit.record(
        session,
        actor=who,
        action="archive" if archived else "restore",
        entity="survey",
        entity_id=s.id,
        before={"title": s.title},
    )
    return True


@dataclass(frozen=True)
class SurveyRow:
    id: int
    title: str
    kind_label: str
    held_on: date
    questions: int
    respondents: int
    needs: int
    notes: str
    archived: bool


def list_surveys(session: Session, *, archived: bool = False) -> list[SurveyRow]:
    access.require(session, Permission.VIEW)
    surveys = list(
        session.scalars(
            select(Survey)
            .where(Survey.archived_at.is_not(None) if archived else Survey.archived_at.is_(None))
            .order_by(Survey.held_on.desc(), Survey.id.desc())
        )
    )

    def count(col: InstrumentedAttribute[K], archived_at: InstrumentedAttribute[datetime | None]) -> dict[K, int]:
        rows = session.execute(select(col, func.count()).where(archived_at.is_(None)).group_by(col)).all()
        return {key: n for key, n in rows}

    q = count(SurveyQuestion.survey_id, SurveyQuestion.archived_at)
    r = count(SurveyResponse.survey_id, SurveyResponse.archived_at)
    n = count(SurveyNeed.survey_id, SurveyNeed.archived_at)
    return [
        SurveyRow(
            s.id,
            s.title,
            core.KINDS.get(s.kind, s.kind),
            s.held_on,
            q.get(s.id, 0),
            r.get(s.id, 0),
            n.get(s.id, 0),
            s.notes,
            s.archived_at is not None,
        )
        for s in surveys
    ]


# --------------------------------------------------------------------------------------------- questions
@dataclass(frozen=True)
class QuestionRow:
    id: int
    position: int
    text: str
    kind: str
    options: tuple[str, ...]
    required: bool

    @property
    def rule(self) -> core.Question:
        return core.Question(self.text, self.kind, self.options, self.required)


def questions(session: Session, survey_id: int) -> list[QuestionRow]:
    rows = session.scalars(
        select(SurveyQuestion)
        .where(SurveyQuestion.survey_id == survey_id, SurveyQuestion.archived_at.is_(None))
        .order_by(SurveyQuestion.position, SurveyQuestion.id)
    )
    return [QuestionRow(q.id, q.position, q.text, q.kind, tuple(core.options_of(q.options)), q.required) for q in rows]


def add_question(
    session: Session, survey_id: int, *, text: str, kind: str, options: str = "", required: bool = False, actor: str
) -> SurveyQuestion:
    access.require(session, Permission.EDIT)
    s = get_survey(session, survey_id)
    if s.kind != "questionnaire":
        raise DomainError(
            f"“{s.title}”是{core.KINDS[s.kind]}记录，只有问卷才设题目；座谈、走访的内容写在备注和需求清单里"
        )
    opts = core.options_of(options)
    core.check_question(core.Question(text.strip(), kind, tuple(opts), required))
    last = max((q.position for q in questions(session, survey_id)), default=0)
    q = SurveyQuestion(
        survey_id=survey_id, position=last + 1, text=text.strip(), kind=kind, options="\n".join(opts), required=required
    )
    session.add(q)
    session.flush()
    audit.record(
        session,
        actor=access.actor_of(session, actor),
        action="create",
        entity="survey_question",
        entity_id=q.id,
        after={"survey_id": survey_id, "text": q.text, "kind": kind, "options": q.options, "required": required},
    )
    return q
