"""rule corrections (#18): approved ethnic festivals as dated rule data; how office holidays combine with the package

Revision ID: 0010
Revises: 0009

Nothing existing is changed. Office holiday rows entered before this revision replaced the package's whole
year, which is the defect #18 fixes (one local day off wiped the national holidays): without a
``holiday_year`` row a year's office rows now add to the package, which is what the clerk meant.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "condolence_festival",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_condolence_festival")),
        sa.UniqueConstraint("name", "effective_from", name="uq_condolence_festival_name_effective_from"),
    )
    op.create_table(
        "holiday_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("replaces_package", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_holiday_year")),
    )


def downgrade() -> None:
    op.drop_table("holiday_year")
    op.drop_table("condolence_festival")
