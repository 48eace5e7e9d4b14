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


def test_pragmas_are_in_force(db) -> None:  # noqa: ANN001 - fixture
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


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("schema-*.sqlite")))
def test_every_released_schema_upgrades_with_its_data(fixture: str, tmp_path: Path) -> None:
    """Each fixture is a real data file written by a released schema; its workers must survive."""
    path = tmp_path / fixture
    shutil.copyfile(FIXTURES / fixture, path)
    with sqlite3.connect(path) as conn:
        old_rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        workers_before = conn.execute("SELECT uid, name, id_number FROM worker ORDER BY id").fetchall()
    conn.close()
    db = open_signed(path)
    try:
        revision, problems = db.check()
        assert revision == head_revision() and problems == []
        with db.engine.connect() as conn:
            after = conn.exec_driver_sql("SELECT uid, name, id_number FROM worker ORDER BY id").fetchall()
        assert [tuple(r) for r in after] == workers_before and len(after) > 0
        if old_rev != head_revision():
            assert db.opened.backup_path is not None and db.opened.backup_path.exists()
            backup = sqlite3.connect(db.opened.backup_path)
            assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_rev
            backup.close()
    finally:
        db.close()


def test_backup_is_a_consistent_copy(office_db, tmp_path: Path) -> None:  # noqa: ANN001 - fixture
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
