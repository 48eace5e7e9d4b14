"""Opening data files: upgrade after a backup, refuse files from a newer program, pragmas in force."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from db.backup import integrity_check
from db.migrate import NotADataFileError, SchemaTooNewError, current_revision, head_revision, open_database
from tests.conftest import open_signed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_new_file_is_created_at_head_without_backup(tmp_path: Path) -> None:
    opened = open_database(tmp_path / "new.sqlite")
    assert opened.from_revision is None and opened.backup_path is None
    assert current_revision(opened.engine) == head_revision()


def test_pragmas_are_in_force(db) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_newer_schema_is_refused_and_file_left_untouched(tmp_path: Path, _template_db: Path) -> None:
    path = tmp_path / "future.sqlite"
    shutil.copyfile(_template_db, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num='9999_from_the_future'")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="更新版本的程序"):
        open_signed(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("这不是数据库" * 100, encoding="utf-8")
    with pytest.raises(NotADataFileError, match="无法读取"):
        open_signed(path)


def _rows(conn: sqlite3.Connection) -> dict[str, dict[int, dict[str, object]]]:
    """Every row of every table, by table and rowid, as column -> value."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
        )
    ]
    out: dict[str, dict[int, dict[str, object]]] = {}
    for table in tables:
        cur = conn.execute(f'SELECT rowid, * FROM "{table}"')
        names = [d[0] for d in cur.description][1:]
        out[table] = {row[0]: dict(zip(names, row[1:], strict=True)) for row in cur}
    return out


# What opening a file legitimately changes: signing in updates the account and the change log's head.
_CHANGED_BY_OPENING = {"account", "security_state"}


def test_every_schema_from_0001_to_head_has_a_fixture() -> None:
    from db.migrate import _known_revisions

    assert {p.name for p in FIXTURES.glob("schema-*.sqlite")} >= {f"schema-{r}.sqlite" for r in _known_revisions()}


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("schema-*.sqlite")))
def test_every_released_schema_upgrades_with_its_data(fixture: str, tmp_path: Path) -> None:
    """Each fixture is a data file of a released schema; every row of every area must survive the upgrade,
    each column it had keeping its value."""
    path = tmp_path / fixture
    shutil.copyfile(FIXTURES / fixture, path)
    with sqlite3.connect(path) as conn:
        old_rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        before = _rows(conn)
    conn.close()
    assert before["worker"], fixture
    db = open_signed(path)
    try:
        revision, problems = db.check()
        assert revision == head_revision() and problems == []
        db.engine.dispose()
        with sqlite3.connect(path) as conn:
            after = _rows(conn)
        conn.close()
        for table, rows in before.items():
            assert table in after, f"{fixture}: table {table} is gone"
            assert set(after[table]) >= set(rows), f"{fixture}: rows of {table} lost"
            if table in _CHANGED_BY_OPENING:
                continue
            for rowid, row in rows.items():
                kept = {k: after[table][rowid][k] for k in row if k in after[table][rowid]}
                assert kept == {k: v for k, v in row.items() if k in kept}, f"{fixture}: {table} row {rowid} changed"
        if old_rev != head_revision():
            assert db.opened.backup_path is not None and db.opened.backup_path.exists()
            backup = sqlite3.connect(db.opened.backup_path)
            assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_rev
            backup.close()
    finally:
        db.close()


def test_backup_is_a_consistent_copy(office_db, tmp_path: Path) -> None:
    target = office_db.backup(tmp_path / "bk")
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT count(*) FROM unit").fetchone()[0] == 7
    copy.close()
    assert integrity_check(office_db.engine) == []


def test_revisions_read_from_scripts_agree_with_alembic() -> None:
    # Start-up reads revision ids without importing Alembic; they must be Alembic's.
    from alembic.script import ScriptDirectory

    from db.migrate import _known_revisions, alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert _known_revisions() == {rev.revision for rev in script.walk_revisions()}
