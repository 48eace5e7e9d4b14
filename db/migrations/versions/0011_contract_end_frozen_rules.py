"""rule corrections (#18 items 5, 7): contract end on the roster; a case's rules frozen against backdated changes

Revision ID: 0011
Revises: 0010

- ``worker.contract_end`` (合同到期日): a labour contract ending inside pregnancy, maternity leave or
  lactation runs on until lactation ends (劳动合同法 art. 42(4), 45); empty for existing workers.
- ``protection_case.rules_frozen`` / ``rules_frozen_on``: the rule set a case keeps once her leave has
  started, when a later rule change (often backdated) would move her dates. Empty for existing cases, which
  follow the rule data as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("worker") as batch:
        batch.add_column(sa.Column("contract_end", sa.Date(), nullable=True))
    with op.batch_alter_table("protection_case") as batch:
        batch.add_column(sa.Column("rules_frozen", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("rules_frozen_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("protection_case") as batch:
        batch.drop_column("rules_frozen_on")
        batch.drop_column("rules_frozen")
    with op.batch_alter_table("worker") as batch:
        batch.drop_column("contract_end")
