"""最美家庭: the names of a family's members on its participation (#6)

Revision ID: 0007
Revises: 0006

One text column: the other members as the clerk lists them ("李强（丈夫）、李小明（儿子）"); the count
stays in family_members.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activity_participant") as batch:
        batch.add_column(sa.Column("family_member_names", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("activity_participant") as batch:
        batch.drop_column("family_member_names")
