"""record numbers for 维权诉求 (#17 item 3): 权2026-0001

Revision ID: 0017
Revises: 0016

- ``serial`` on rights_request (权2026-0001; desktop.core.serials), unique: the year is the intake date's.

Existing requests are numbered per year in intake-date order (ties by when they were entered, i.e. by id),
archived ones included, and the counter set to the last number given, so the next request continues the
sequence — the same backfill as 0012. The column is added with ALTER TABLE and the uniqueness is a unique
index, not a table rebuild (see 0012).
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# Written out here rather than imported: a migration must keep doing what it did when released.
_TABLE, _KIND, _PREFIX, _WIDTH = "rights_request", "rights", "权", 4
_YEAR_SQL = "CAST(strftime('%Y', received_on) AS INTEGER)"


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column(_TABLE, sa.Column("serial", sa.String(length=20), server_default="", nullable=False))
    rows = conn.exec_driver_sql(f"SELECT id, {_YEAR_SQL} FROM {_TABLE} ORDER BY {_YEAR_SQL}, received_on, id"
                                ).fetchall()
    last: dict[int, int] = {}
    numbered = []
    for row_id, year in rows:
        last[year] = last.get(year, 0) + 1
        numbered.append({"serial": f"{_PREFIX}{year:04d}-{last[year]:0{_WIDTH}d}", "id": row_id})
    if numbered:
        conn.execute(sa.text(f"UPDATE {_TABLE} SET serial = :serial WHERE id = :id"), numbered)
        # Upsert: a counter for the kind cannot exist yet, but a rerun after a failed half must not fail on it.
        conn.execute(sa.text("INSERT INTO serial_counter (kind, year, last) VALUES (:kind, :year, :last) "
                             "ON CONFLICT (kind, year) DO UPDATE SET last = excluded.last"),
                     [{"kind": _KIND, "year": y, "last": n} for y, n in sorted(last.items())])
    op.create_index(op.f(f"ix_{_TABLE}_serial"), _TABLE, ["serial"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{_TABLE}_serial"), table_name=_TABLE)
    # Plain DROP COLUMN (SQLite 3.35+), not a batch rebuild: see 0012.
    op.execute(f"ALTER TABLE {_TABLE} DROP COLUMN serial")
    op.execute(f"DELETE FROM serial_counter WHERE kind = '{_KIND}'")
