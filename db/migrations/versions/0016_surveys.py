"""needs surveys and the 职工需求清单 (#19 item 3)

Revision ID: 0016
Revises: 0015

New tables only: ``survey``, ``survey_question``, ``survey_response``, ``survey_answer`` and ``survey_need``.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column("archived_at", sa.DateTime(), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("created_by", sa.String(length=50), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.Column("updated_by", sa.String(length=50), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey")),
        sa.UniqueConstraint("uid", name=op.f("uq_survey_uid")),
    )
    op.create_table(
        "survey_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], name=op.f("fk_survey_question_survey_id_survey")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_question")),
    )
    op.create_index("ix_survey_question_survey_id", "survey_question", ["survey_id"])
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], name=op.f("fk_survey_response_survey_id_survey")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_survey_response_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
        sa.UniqueConstraint("survey_id", "worker_id", name="uq_survey_response_survey_id"),
    )
    op.create_index("ix_survey_response_worker_id", "survey_response", ["worker_id"])
    op.create_table(
        "survey_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["survey_response.id"],
                                name=op.f("fk_survey_answer_response_id_survey_response")),
        sa.ForeignKeyConstraint(["question_id"], ["survey_question.id"],
                                name=op.f("fk_survey_answer_question_id_survey_question")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
        sa.UniqueConstraint("response_id", "question_id", name="uq_survey_answer_response_id"),
    )
    op.create_index("ix_survey_answer_question_id", "survey_answer", ["question_id"])
    op.create_table(
        "survey_need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=True),
        sa.Column("worker_id", sa.Integer(), nullable=True),
        sa.Column("need", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("collected_on", sa.Date(), nullable=False),
        sa.Column("collected_by", sa.String(length=50), nullable=False),
        sa.Column("handling_on", sa.Date(), nullable=True),
        sa.Column("handling_by", sa.String(length=50), nullable=False),
        sa.Column("handling_note", sa.Text(), nullable=False),
        sa.Column("revisited_on", sa.Date(), nullable=True),
        sa.Column("revisited_by", sa.String(length=50), nullable=False),
        sa.Column("revisit_note", sa.Text(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], name=op.f("fk_survey_need_survey_id_survey")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_survey_need_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_need")),
        sa.UniqueConstraint("uid", name=op.f("uq_survey_need_uid")),
    )
    op.create_index("ix_survey_need_collected_on", "survey_need", ["collected_on"])


def downgrade() -> None:
    op.drop_index("ix_survey_need_collected_on", table_name="survey_need")
    op.drop_table("survey_need")
    op.drop_index("ix_survey_answer_question_id", table_name="survey_answer")
    op.drop_table("survey_answer")
    op.drop_index("ix_survey_response_worker_id", table_name="survey_response")
    op.drop_table("survey_response")
    op.drop_index("ix_survey_question_survey_id", table_name="survey_question")
    op.drop_table("survey_question")
    op.drop_table("survey")
