"""A damaged file is explained to each reader in their own terms (issue #20): the window names its menus, the
command line its commands. The window's message used to name ``union-desk check`` / ``union-desk restore``,
which a clerk in the window has nowhere to type."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services.faults import explain

MALFORMED = sqlite3.DatabaseError("database disk image is malformed")
DISK_IO = sqlite3.OperationalError("disk I/O error")


@pytest.fixture
def garbage_file(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite"
    path.write_bytes(b"\x00 this was a data file \x00" * 4000)
    return path


def test_damaged_in_the_window_names_the_menu(tmp_path: Path) -> None:
    text = explain(MALFORMED, tmp_path / "office.sqlite")
    assert text is not None
    assert "文件 → 从备份恢复…" in text and "office.sqlite" in text
    assert "union-desk" not in text


def test_damaged_at_the_command_line_names_the_commands(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    text = explain(MALFORMED, path, cli=True)
    assert text is not None
    assert "union-desk check" in text and f"union-desk restore --db {path}" in text
    assert "→" not in text  # no menu: there is no window


def test_disk_errors_are_worded_for_each_reader(tmp_path: Path) -> None:
    assert "union-desk" not in (explain(DISK_IO, tmp_path / "office.sqlite") or "union-desk")
    assert "union-desk check" in (explain(DISK_IO, tmp_path / "office.sqlite", cli=True) or "")


def test_a_file_that_is_no_data_file_opened_in_the_window(garbage_file: Path) -> None:
    from desktop.ui.data_file import try_open

    db, why = try_open(garbage_file)
    assert db is None
    assert "union-desk" not in why and "打开其他数据文件…" in why and "backups" in why


def test_a_file_that_is_no_data_file_at_the_command_line(
    garbage_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-roster", "--db", str(garbage_file), str(garbage_file)]) == 1
    err = capsys.readouterr().err
    assert "union-desk check" in err and "→" not in err
