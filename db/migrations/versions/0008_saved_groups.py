"""festival batches: saved groups (常用发放对象) (#5)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "condolence_saved_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("group_code", sa.String(length=20), nullable=False),
        sa.Column("unit_ids", sa.Text(), nullable=False),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("women_only", sa.Boolean(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_condolence_saved_group")),
        sa.UniqueConstraint("name", name=op.f("uq_condolence_saved_group_name")),
    )


def downgrade() -> None:
    op.drop_table("condolence_saved_group")
