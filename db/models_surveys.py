"""Models of the 需求调研 (#19 item 3): surveys with their questions and each respondent's answers, and the
职工需求清单 (needs, each moved 收集 → 办理 → 回访). The codes are desktop.core.surveys's; writes go through
desktop/services/surveys/ (surveys, answers, needs), which audit them; nothing is deleted (``archived_at``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow


class Survey(Base):
    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")


class SurveyQuestion(Base):
    __tablename__ = "survey_question"
    __table_args__ = (Index("ix_survey_question_survey_id", "survey_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    options: Mapped[str] = mapped_column(Text, default="")
    """Choice questions: the options, one a line, in the order shown."""
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)


class SurveyResponse(Base):
    """One worker's answers to one survey (one response per worker: entering her again corrects it)."""

    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("survey_id", "worker_id", name="uq_survey_response_survey_id"),
        Index("ix_survey_response_worker_id", "worker_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"))
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    source: Mapped[str] = mapped_column(String(12), default="clerk")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")


class SurveyAnswer(Base):
    __tablename__ = "survey_answer"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id", name="uq_survey_answer_response_id"),
        Index("ix_survey_answer_question_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_response.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id"))
    value: Mapped[str] = mapped_column(Text, default="")


class SurveyNeed(Base):
    """One line of the 职工需求清单: what was asked for, by whom (optional), and each step with its date and
    the person who handled it."""

    __tablename__ = "survey_need"
    __table_args__ = (Index("ix_survey_need_collected_on", "collected_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id"))
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"))
    need: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12))
    collected_on: Mapped[date] = mapped_column(Date)
    collected_by: Mapped[str] = mapped_column(String(50))
    handling_on: Mapped[date | None] = mapped_column(Date)
    handling_by: Mapped[str] = mapped_column(String(50), default="")
    handling_note: Mapped[str] = mapped_column(Text, default="")
    revisited_on: Mapped[date | None] = mapped_column(Date)
    revisited_by: Mapped[str] = mapped_column(String(50), default="")
    revisit_note: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")
