"""rights requests intake (#19 item 4)

Revision ID: 0015
Revises: 0014

New table only: ``rights_request`` (a worker's request or complaint: category, summary, the dates of intake,
mediation, arbitration, litigation and legal-aid referral, closing with outcome and satisfaction).
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rights_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("mediation_on", sa.Date(), nullable=True),
        sa.Column("arbitration_on", sa.Date(), nullable=True),
        sa.Column("litigation_on", sa.Date(), nullable=True),
        sa.Column("legal_aid_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("outcome_text", sa.Text(), nullable=False),
        sa.Column("satisfaction", sa.String(length=12), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_rights_request_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rights_request")),
        sa.UniqueConstraint("uid", name=op.f("uq_rights_request_uid")),
    )
    op.create_index("ix_rights_request_worker_id", "rights_request", ["worker_id"])
    op.create_index("ix_rights_request_received_on", "rights_request", ["received_on"])


def downgrade() -> None:
    op.drop_index("ix_rights_request_received_on", table_name="rights_request")
    op.drop_index("ix_rights_request_worker_id", table_name="rights_request")
    op.drop_table("rights_request")
