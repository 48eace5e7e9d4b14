"""Write tests/fixtures/schema-<rev>.sqlite for released schemas that never got one (0003–0011).

Those releases shipped before a fixture was kept for every schema, so each file is rebuilt: an empty file is
upgraded with Alembic to exactly that revision, and every area that schema knows is filled from a small demo
file of today's program (12 workers, all areas), copying the columns the old schema has (bulky tables
cut to their first rows, the change log's chain head moved back with it). Accounts and the
change log come along from 0009 on, so those files open signed in as the tests' administrator, as a real
0009–0011 file would. The copies are compacted (512-byte pages, no WAL) to keep the repository small.

Run once; files that exist are never rewritten (tests/db/test_migrate.py relies on them staying as made).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

from db.engine import make_engine
from db.migrate import upgrade
from desktop.services.accounts import create_first_admin
from desktop.services.database import open_data_file
from desktop.services.demo import create_demo

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
REVISIONS = ["0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011"]
# The tests' administrator (tests/conftest.py), so open_signed opens the files that have accounts.
ADMIN_USER, ADMIN_PASSWORD = "test", "test-password-1"
CAP = {"audit_log": 40, "activity": 6, "activity_participant": 20, "attachment_blob": 6, "honour": 4}


def _source(folder: Path) -> Path:
    path = folder / "source.sqlite"
    db = open_data_file(path)
    create_first_admin(db, ADMIN_USER, ADMIN_PASSWORD, "测试管理员")
    create_demo(db, workers=12, seed=7, today=date(2026, 11, 23))
    db.close()
    return path


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA {schema}.table_info("{table}")')]


def _fill(target: Path, source: Path) -> None:
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    source_tables = {r[0] for r in conn.execute("SELECT name FROM src.sqlite_master WHERE type='table'")}
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type='table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
        )
    ]
    conn.execute("BEGIN")
    for table in tables:
        if table not in source_tables:
            continue
        shared = [c for c in _columns(conn, "main", table) if c in set(_columns(conn, "src", table))]
        cols = ", ".join(f'"{c}"' for c in shared)
        # Rows a migration seeded (the built-in brands) come again from the source, which has them too.
        conn.execute(f'DELETE FROM main."{table}"')
        # A few rows of each bulky table are enough to see an area survive; the first ones, so the change
        # log's chain stays an unbroken prefix.
        keep = (
            f' WHERE rowid IN (SELECT rowid FROM src."{table}" ORDER BY rowid LIMIT {CAP[table]})'
            if table in CAP
            else ""
        )
        conn.execute(f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM src."{table}"' + keep)
    if "security_state" in tables:
        # The chain's head (desktop.services.audit_chain) moves back to the last entry kept.
        conn.execute(
            "UPDATE main.security_state SET value = (SELECT mac FROM main.audit_log ORDER BY id DESC "
            "LIMIT 1) WHERE key = 'audit_head'"
        )
    # Rows whose parent was cut go too, until every reference holds.
    while problems := conn.execute("PRAGMA main.foreign_key_check").fetchall():
        for table, rowid, _parent, _fk in problems:
            conn.execute(f'DELETE FROM main."{table}" WHERE rowid = ?', (rowid,))
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE src")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA page_size=512")
    conn.execute("VACUUM")
    conn.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        source = _source(Path(tmp))
        for revision in REVISIONS:
            target = FIXTURES / f"schema-{revision}.sqlite"
            if target.exists():
                print(f"{target} exists; old fixtures are never regenerated")
                continue
            engine = make_engine(target)
            upgrade(engine, revision)
            engine.dispose()
            _fill(target, source)
            print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
