"""exams and screening (#4): plans, per-day capacities, appointments, office-entered holidays

Revision ID: 0003
Revises: 0002

Only new tables, so existing rows are untouched. Written by hand to match db/models_exams.py
(tests/db/test_models_match_migrations.py checks they agree).
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exam_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("exam_type", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("preparation", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=100), nullable=False),
        sa.Column("report_time", sa.String(length=30), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("daily_capacity", sa.Integer(), nullable=False),
        sa.Column("elig_sex", sa.String(length=1), nullable=False),
        sa.Column("elig_age_min", sa.Integer(), nullable=True),
        sa.Column("elig_age_max", sa.Integer(), nullable=True),
        sa.Column("elig_employment", sa.String(length=100), nullable=False),
        sa.Column("elig_units", sa.Text(), nullable=False),
        sa.Column("elig_hazards", sa.String(length=300), nullable=False),
        sa.Column("interval_years", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_plan")),
        sa.UniqueConstraint("uid", name=op.f("uq_exam_plan_uid")),
    )
    op.create_table(
        "exam_plan_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["exam_plan.id"], name=op.f("fk_exam_plan_day_plan_id_exam_plan")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_plan_day")),
        sa.UniqueConstraint("plan_id", "day", name="uq_exam_plan_day_plan_id_day"),
    )
    op.create_table(
        "exam_appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("scheduled_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("actual_date", sa.Date(), nullable=True),
        sa.Column("result", sa.String(length=12), nullable=False),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("follow_up_done", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["exam_plan.id"],
                                name=op.f("fk_exam_appointment_plan_id_exam_plan")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_exam_appointment_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_appointment")),
        sa.UniqueConstraint("plan_id", "worker_id", name="uq_exam_appointment_plan_id_worker_id"),
        sa.UniqueConstraint("uid", name=op.f("uq_exam_appointment_uid")),
    )
    with op.batch_alter_table("exam_appointment", schema=None) as batch_op:
        batch_op.create_index("ix_exam_appointment_plan_day", ["plan_id", "scheduled_date"], unique=False)
        batch_op.create_index("ix_exam_appointment_worker_id", ["worker_id"], unique=False)
    op.create_table(
        "holiday_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday_day")),
        sa.UniqueConstraint("day", name=op.f("uq_holiday_day_day")),
    )


def downgrade() -> None:
    op.drop_table("holiday_day")
    with op.batch_alter_table("exam_appointment", schema=None) as batch_op:
        batch_op.drop_index("ix_exam_appointment_worker_id")
        batch_op.drop_index("ix_exam_appointment_plan_day")
    op.drop_table("exam_appointment")
    op.drop_table("exam_plan_day")
    op.drop_table("exam_plan")
