"""The log: rotating, in app-data, and never holding a full ID number."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import logging_setup
from desktop.logging_setup import IdMaskFilter, mask_ids, setup_logging

ID = "150785198503120022"
ID_X = "11010519491231002X"


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield tmp_path / "logs"
    for h in list(root.handlers):
        if h not in handlers:
            root.removeHandler(h)
            h.close()
    root.setLevel(level)


def test_mask_ids_hides_birth_date_and_sequence() -> None:
    assert mask_ids(f"保存 张丽 {ID} 成功") == "保存 张丽 150785***********2 成功"
    assert mask_ids(f"id={ID_X.lower()}") == "id=110105***********X"
    assert mask_ids(f"'{ID}','{ID_X}'") == "'150785***********2','110105***********X'"


def test_mask_ids_leaves_other_numbers_alone() -> None:
    text = "ZJ-1234567890123456789012 电话 13912345678 19 位 1507851985031200221 计 123456"
    assert mask_ids(text) == text


def test_log_file_has_no_full_id_in_message_args_or_traceback(log_folder: Path) -> None:
    path = setup_logging(log_folder)
    assert path == log_folder / "union-desk.log"
    log = logging.getLogger("desktop.test")
    log.info("新增职工 %s", ID)
    log.warning(f"重复的身份证号 {ID_X}")
    try:
        raise ValueError(f"身份证号“{ID}”已存在")
    except ValueError:
        log.exception("保存失败")
    for h in logging.getLogger().handlers:
        h.flush()
    text = path.read_text(encoding="utf-8")
    assert ID not in text and ID_X not in text
    assert "150785***********2" in text and "110105***********X" in text
    assert "Traceback" in text and "ValueError" in text
    assert "union-desk" in text.splitlines()[0]  # the version line opens each run


def test_log_rotates(log_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logging_setup, "MAX_BYTES", 2000)
    path = setup_logging(log_folder)
    assert path is not None
    log = logging.getLogger("desktop.test")
    for i in range(200):
        log.info("第 %d 行 %s", i, "x" * 40)
    files = sorted(p.name for p in log_folder.iterdir())
    assert "union-desk.log.1" in files
    assert len(files) <= logging_setup.BACKUPS + 1
    assert all(p.stat().st_size <= 2500 for p in log_folder.iterdir())


def test_default_folder_is_app_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "appdata"))
    folder = logging_setup.log_dir()
    assert folder.parent.name == "union-desk"
    assert str(folder).startswith(str(tmp_path))


def test_unwritable_folder_does_not_stop_the_program(log_folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert setup_logging(blocker / "logs") is None  # a file where the folder should be


def test_setup_twice_keeps_one_handler(log_folder: Path) -> None:
    setup_logging(log_folder)
    setup_logging(log_folder)
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_union_desk", False)]
    assert len(ours) == 1


def test_filter_survives_a_bad_format_string() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d 人 " + ID, ("不是数字",), None)
    assert IdMaskFilter().filter(record)
    assert ID not in record.getMessage()
