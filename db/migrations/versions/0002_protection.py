"""protection: dated rule values and per-woman protection cases (issue #3)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:17:59.875609

Only new tables, so existing rows are untouched; both tables start empty (no rule rows means the
defaults of desktop.core.protections.ProtectionRules apply).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rule_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_value")),
        sa.UniqueConstraint("key", "effective_from", name="uq_rule_value_key_effective_from"),
    )
    op.create_table(
        "protection_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("lmp", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("doctor_certificate", sa.Boolean(), nullable=False),
        sa.Column("reduced_workload", sa.Text(), nullable=False),
        sa.Column("reassigned_from_post", sa.String(length=50), nullable=False),
        sa.Column("reassigned_to_post", sa.String(length=50), nullable=False),
        sa.Column("reassigned_to_hazards", sa.String(length=300), nullable=False),
        sa.Column("reassigned_on", sa.Date(), nullable=True),
        sa.Column("delivery_date", sa.Date(), nullable=True),
        sa.Column("dystocia", sa.Boolean(), nullable=False),
        sa.Column("babies", sa.Integer(), nullable=False),
        sa.Column("miscarriage_date", sa.Date(), nullable=True),
        sa.Column("leave_start", sa.Date(), nullable=True),
        sa.Column("return_to_work", sa.Date(), nullable=True),
        sa.Column("lactation_stopped", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_protection_case_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case")),
        sa.UniqueConstraint("uid", name=op.f("uq_protection_case_uid")),
    )
    with op.batch_alter_table("protection_case", schema=None) as batch_op:
        batch_op.create_index("ix_protection_case_worker_id", ["worker_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("protection_case", schema=None) as batch_op:
        batch_op.drop_index("ix_protection_case_worker_id")
    op.drop_table("protection_case")
    op.drop_table("rule_value")
