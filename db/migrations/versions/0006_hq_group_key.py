"""HQ exchange (#7): the group key for ID fingerprints in exported workbooks

Revision ID: 0006
Revises: 0005

One column on the office row. The key is shared by all offices of the group and entered in 设置; it never
leaves the data file (only HMAC fingerprints made with it do).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.add_column(sa.Column("hq_group_key", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.drop_column("hq_group_key")
