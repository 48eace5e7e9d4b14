"""condolence visits and hardship files (#5)

Revision ID: 0004
Revises: 0003

Only new tables; an empty condolence_standard means the built-in standards of
desktop.core.condolences.DEFAULT_STANDARDS apply.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "condolence_standard",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.String(length=20), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("default_fen", sa.Integer(), nullable=False),
        sa.Column("cap_fen", sa.Integer(), nullable=False),
        sa.Column("yearly_cap_fen", sa.Integer(), nullable=False),
        sa.Column("max_per_year", sa.Integer(), nullable=False),
        sa.Column("once_per_cause", sa.Boolean(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_condolence_standard")),
        sa.UniqueConstraint("occasion", "effective_from", name="uq_condolence_standard_occasion_effective_from"),
    )
    op.create_table(
        "condolence_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("occasion", sa.String(length=20), nullable=False),
        sa.Column("festival", sa.String(length=30), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("group_text", sa.Text(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_condolence_batch")),
        sa.UniqueConstraint("uid", name=op.f("uq_condolence_batch_uid")),
    )
    op.create_table(
        "condolence_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("occasion", sa.String(length=20), nullable=False),
        sa.Column("festival", sa.String(length=30), nullable=False),
        sa.Column("cause", sa.String(length=100), nullable=False),
        sa.Column("relative_name", sa.String(length=50), nullable=False),
        sa.Column("relative_relation", sa.String(length=20), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("visitors", sa.String(length=200), nullable=False),
        sa.Column("cash_fen", sa.Integer(), nullable=False),
        sa.Column("goods", sa.String(length=200), nullable=False),
        sa.Column("goods_fen", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("approved_by", sa.String(length=50), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("override_rules", sa.Text(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.Column("override_by", sa.String(length=50), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_stamps(),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_condolence_visit_worker_id_worker")),
        sa.ForeignKeyConstraint(["batch_id"], ["condolence_batch.id"],
                                name=op.f("fk_condolence_visit_batch_id_condolence_batch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_condolence_visit")),
        sa.UniqueConstraint("uid", name=op.f("uq_condolence_visit_uid")),
    )
    with op.batch_alter_table("condolence_visit", schema=None) as batch_op:
        batch_op.create_index("ix_condolence_visit_worker_id", ["worker_id"], unique=False)
        batch_op.create_index("ix_condolence_visit_visit_date", ["visit_date"], unique=False)
        batch_op.create_index("ix_condolence_visit_batch_id", ["batch_id"], unique=False)
    op.create_table(
        "hardship_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("main_cause", sa.String(length=50), nullable=False),
        sa.Column("secondary_causes", sa.String(length=200), nullable=False),
        sa.Column("health", sa.String(length=200), nullable=False),
        sa.Column("disability", sa.String(length=100), nullable=False),
        sa.Column("marital_status", sa.String(length=20), nullable=False),
        sa.Column("housing", sa.String(length=200), nullable=False),
        sa.Column("single_parent", sa.Boolean(), nullable=False),
        sa.Column("own_income_fen", sa.Integer(), nullable=False),
        sa.Column("household_income_fen", sa.Integer(), nullable=False),
        sa.Column("household_size", sa.Integer(), nullable=False),
        sa.Column("bank_name", sa.String(length=100), nullable=False),
        sa.Column("bank_account", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("last_reviewed_on", sa.Date(), nullable=True),
        sa.Column("base_opinion", sa.Text(), nullable=False),
        sa.Column("base_signed_on", sa.Date(), nullable=True),
        sa.Column("higher_opinion", sa.Text(), nullable=False),
        sa.Column("higher_signed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        *_stamps(),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_hardship_file_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hardship_file")),
        sa.UniqueConstraint("uid", name=op.f("uq_hardship_file_uid")),
        sa.UniqueConstraint("worker_id", name=op.f("uq_hardship_file_worker_id")),
    )
    op.create_table(
        "hardship_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("health", sa.String(length=100), nullable=False),
        sa.Column("income_fen", sa.Integer(), nullable=False),
        sa.Column("school_or_work", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["file_id"], ["hardship_file.id"],
                                name=op.f("fk_hardship_member_file_id_hardship_file")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hardship_member")),
    )
    with op.batch_alter_table("hardship_member", schema=None) as batch_op:
        batch_op.create_index("ix_hardship_member_file_id", ["file_id"], unique=False)
        batch_op.create_index("ix_hardship_member_id_number", ["id_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hardship_member", schema=None) as batch_op:
        batch_op.drop_index("ix_hardship_member_id_number")
        batch_op.drop_index("ix_hardship_member_file_id")
    op.drop_table("hardship_member")
    op.drop_table("hardship_file")
    with op.batch_alter_table("condolence_visit", schema=None) as batch_op:
        batch_op.drop_index("ix_condolence_visit_batch_id")
        batch_op.drop_index("ix_condolence_visit_visit_date")
        batch_op.drop_index("ix_condolence_visit_worker_id")
    op.drop_table("condolence_visit")
    op.drop_table("condolence_batch")
    op.drop_table("condolence_standard")
