"""The command line as a clerk or a script meets it: exit codes and one-line Chinese errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and __version__ in capsys.readouterr().out


def test_init_import_check_backup(tmp_path: Path, sample_roster: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "office.sqlite")
    assert (
        main(
            [
                "init",
                "--db",
                db,
                "--office-code",
                "alh",
                "--office-name",
                "阿里河森工公司工会",
                "--company",
                "阿里河森工公司",
            ]
        )
        == 0
    )
    assert main(["init", "--db", db, "--office-code", "ALH", "--office-name", "x"]) == 1
    assert "不会覆盖" in capsys.readouterr().err
    # Units of the HR file do not exist yet: nothing is written and every row is named.
    assert main(["import-roster", "--db", db, str(sample_roster)]) == 1
    err = capsys.readouterr().err
    assert "第4行 [所属单位]" in err and "没有写入任何数据" in err
    assert main(["import-roster", "--db", db, str(sample_roster), "--create-units"]) == 0
    assert "新增 30 人" in capsys.readouterr().out
    assert main(["check", "--db", db]) == 0
    assert "完整性检查：正常" in capsys.readouterr().out
    assert main(["backup", "--db", db, "--to", str(tmp_path / "bk")]) == 0
    assert len(list((tmp_path / "bk").glob("*.sqlite"))) == 1


def test_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(tmp_path / "none.sqlite")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：数据文件不存在") and "\n" not in err and "Traceback" not in err


def test_newer_schema_is_one_line(tmp_path: Path, _template_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "future.sqlite"
    path.write_bytes(_template_db.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num='9999'")
    conn.commit()
    conn.close()
    assert main(["check", "--db", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert "更新版本的程序" in err and "\n" not in err


def test_env_variable_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "env.sqlite"
    assert main(["init", "--db", str(db), "--office-code", "ALH", "--office-name", "阿里河森工公司工会"]) == 0
    monkeypatch.setenv("UNION_DESK_DB", str(db))
    assert main(["check"]) == 0
    assert str(db) in capsys.readouterr().out
