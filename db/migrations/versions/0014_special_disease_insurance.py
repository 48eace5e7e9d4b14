"""women workers' special-disease mutual insurance (#19 item 2)

Revision ID: 0014
Revises: 0013

New tables only: ``insurance_enrolment`` (a woman in a plan for a coverage period, the premium in fen and who
paid it) and ``insurance_claim`` (a diagnosis within an enrolment's coverage, amounts in fen, papers, status).
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "insurance_enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("plan_name", sa.String(length=100), nullable=False),
        sa.Column("coverage_start", sa.Date(), nullable=False),
        sa.Column("coverage_end", sa.Date(), nullable=False),
        sa.Column("premium_fen", sa.Integer(), nullable=False),
        sa.Column("payer", sa.String(length=10), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_insurance_enrolment_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insurance_enrolment")),
        sa.UniqueConstraint("uid", name=op.f("uq_insurance_enrolment_uid")),
    )
    op.create_index("ix_insurance_enrolment_worker_id", "insurance_enrolment", ["worker_id"])
    op.create_index("ix_insurance_enrolment_coverage", "insurance_enrolment", ["coverage_start", "coverage_end"])
    op.create_table(
        "insurance_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("diagnosis", sa.String(length=20), nullable=False),
        sa.Column("diagnosis_date", sa.Date(), nullable=False),
        sa.Column("claimed_fen", sa.Integer(), nullable=False),
        sa.Column("paid_fen", sa.Integer(), nullable=True),
        sa.Column("documents", sa.String(length=200), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_insurance_claim_worker_id_worker")),
        sa.ForeignKeyConstraint(["enrolment_id"], ["insurance_enrolment.id"],
                                name=op.f("fk_insurance_claim_enrolment_id_insurance_enrolment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insurance_claim")),
        sa.UniqueConstraint("uid", name=op.f("uq_insurance_claim_uid")),
    )
    op.create_index("ix_insurance_claim_worker_id", "insurance_claim", ["worker_id"])
    op.create_index("ix_insurance_claim_enrolment_id", "insurance_claim", ["enrolment_id"])


def downgrade() -> None:
    op.drop_index("ix_insurance_claim_enrolment_id", table_name="insurance_claim")
    op.drop_index("ix_insurance_claim_worker_id", table_name="insurance_claim")
    op.drop_table("insurance_claim")
    op.drop_index("ix_insurance_enrolment_coverage", table_name="insurance_enrolment")
    op.drop_index("ix_insurance_enrolment_worker_id", table_name="insurance_enrolment")
    op.drop_table("insurance_enrolment")
