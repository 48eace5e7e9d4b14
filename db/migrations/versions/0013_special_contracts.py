"""special collective contracts for women workers (#19 item 1)

Revision ID: 0013
Revises: 0012

New tables only: ``special_contract`` (term, parties, status, the signed file as a row of attachment_blob, like
activity attachments) and ``special_contract_clause`` (kind, promised value with unit, clause text).
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "special_contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("union_party", sa.String(length=100), nullable=False),
        sa.Column("union_rep", sa.String(length=50), nullable=False),
        sa.Column("company_party", sa.String(length=100), nullable=False),
        sa.Column("company_rep", sa.String(length=50), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["file_sha256"], ["attachment_blob.sha256"],
                                name=op.f("fk_special_contract_file_sha256_attachment_blob")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_contract")),
        sa.UniqueConstraint("uid", name=op.f("uq_special_contract_uid")),
    )
    op.create_table(
        "special_contract_clause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("article", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("target_percent", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["contract_id"], ["special_contract.id"],
                                name=op.f("fk_special_contract_clause_contract_id_special_contract")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_contract_clause")),
        sa.UniqueConstraint("uid", name=op.f("uq_special_contract_clause_uid")),
    )
    op.create_index("ix_special_contract_clause_contract_id", "special_contract_clause", ["contract_id"])


def downgrade() -> None:
    op.drop_index("ix_special_contract_clause_contract_id", table_name="special_contract_clause")
    op.drop_table("special_contract_clause")
    op.drop_table("special_contract")
