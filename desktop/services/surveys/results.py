"""需求调研: a questionnaire's results, each choice question's counts by age band, post, unit or group."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from db.models import Worker
from db.models_condolences import HardshipFile
from db.models_surveys import SurveyAnswer, SurveyResponse
from desktop.core import surveys as core
from desktop.core.errors import DomainError
from desktop.core.roles import Permission
from desktop.services import access
from desktop.services.office import unit_labels
from desktop.services.surveys.surveys import QuestionRow, get_survey, questions


@dataclass(frozen=True)
class QuestionResult:
    question: QuestionRow
    rows: list[core.ResultRow]


def results(session: Session, survey_id: int, dimension: str) -> list[QuestionResult]:
    """Each choice question's counts by ``dimension`` (age/post/unit/group), from one query over the answers,
    their workers and the workers' hardship files."""
    access.require(session, Permission.VIEW)
    if dimension not in core.DIMENSIONS:
        raise DomainError(f"没有“{dimension}”这种分组方式")
    survey = get_survey(session, survey_id)
    qs = [q for q in questions(session, survey_id) if q.kind == "choice"]
    labels = unit_labels(session)
    stmt = (
        select(
            SurveyAnswer.question_id,
            SurveyAnswer.value,
            Worker.sex,
            Worker.birth_date,
            Worker.post,
            Worker.unit_id,
            Worker.hire_date,
            HardshipFile.single_parent,
        )
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(Worker, Worker.id == SurveyResponse.worker_id)
        .outerjoin(HardshipFile, and_(HardshipFile.worker_id == Worker.id, HardshipFile.archived_at.is_(None)))
        .where(SurveyResponse.survey_id == survey_id, SurveyResponse.archived_at.is_(None))
    )
    by_question: dict[int, list[tuple[core.Respondent, str]]] = {q.id: [] for q in qs}
    for qid, value, sex, birth, post, unit_id, hired, single in session.execute(stmt):
        if qid in by_question:
            by_question[qid].append(
                (core.Respondent(sex, birth, post, labels.get(unit_id, ""), hired, bool(single)), value)
            )
    return [QuestionResult(q, core.breakdown(q.options, by_question[q.id], dimension, survey.held_on)) for q in qs]
