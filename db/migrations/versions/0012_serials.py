"""record numbers (#17 item 3): a serial per visit, batch, activity, honour, exam plan and hardship file

Revision ID: 0012
Revises: 0011

- ``serial`` on condolence_visit, condolence_batch, activity, honour, exam_plan and hardship_file (慰2026-0042,
  批2026-003, 活2026-017, 证2026-0005, 检2026-002, 帮2026-0001; desktop.core.serials), unique per table.
- ``serial_counter``: the last number given per kind and year.

Existing records are numbered per kind and year in date order (ties by when they were entered, i.e. by id),
archived ones included, and the counters set to the last number given, so the next record continues the
sequence. The year is the record's own: visit date, batch date, activity start, honour year, plan year,
the file's opening date.

Columns are added with ALTER TABLE and the uniqueness is a unique index, not a table rebuild: a rebuild drops
the old table, which SQLite refuses while visits, participants or appointments point at it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# table -> (kind, prefix, zero padding, SQL giving the year, SQL ordering within a year). Written out here
# rather than imported: a migration must keep doing what it did when released.
_KINDS = {
    "condolence_visit": ("visit", "慰", 4, "CAST(strftime('%Y', visit_date) AS INTEGER)", "visit_date, id"),
    "condolence_batch": ("batch", "批", 3, "CAST(strftime('%Y', visit_date) AS INTEGER)", "visit_date, id"),
    "activity": ("activity", "活", 3, "CAST(strftime('%Y', starts_at) AS INTEGER)", "starts_at, id"),
    "honour": ("honour", "证", 4, "year", "awarded_on IS NULL, awarded_on, id"),
    "exam_plan": ("plan", "检", 3, "year", "start_date, id"),
    "hardship_file": ("hardship", "帮", 4, "CAST(strftime('%Y', opened_on) AS INTEGER)", "opened_on, id"),
}


def upgrade() -> None:
    op.create_table(
        "serial_counter",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "year", name=op.f("pk_serial_counter")),
    )
    conn = op.get_bind()
    for table, (kind, prefix, width, year_sql, order) in _KINDS.items():
        op.add_column(table, sa.Column("serial", sa.String(length=20), server_default="", nullable=False))
        rows = conn.exec_driver_sql(f"SELECT id, {year_sql} FROM {table} ORDER BY {year_sql}, {order}").fetchall()
        last: dict[int, int] = {}
        numbered = []
        for row_id, year in rows:
            last[year] = last.get(year, 0) + 1
            numbered.append({"serial": f"{prefix}{year:04d}-{last[year]:0{width}d}", "id": row_id})
        if numbered:
            conn.execute(sa.text(f"UPDATE {table} SET serial = :serial WHERE id = :id"), numbered)
            conn.execute(sa.text("INSERT INTO serial_counter (kind, year, last) VALUES (:kind, :year, :last)"),
                         [{"kind": kind, "year": y, "last": n} for y, n in sorted(last.items())])
        op.create_index(op.f(f"ix_{table}_serial"), table, ["serial"], unique=True)


def downgrade() -> None:
    for table in reversed(_KINDS):
        op.drop_index(op.f(f"ix_{table}_serial"), table_name=table)
        # Plain DROP COLUMN (SQLite 3.35+), not a batch rebuild: see the note on upgrade.
        op.execute(f"ALTER TABLE {table} DROP COLUMN serial")
    op.drop_table("serial_counter")
