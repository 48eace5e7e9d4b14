"""One error style for the command line (#17): usage errors in Chinese with exit 1, a quiet broken pipe, and
`pdf --help` naming every form with its options."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services.database import Database

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["pdf", "roster", "--db", "x.sqlite", "--out", "x.pdf", "--activity"], "参数 --activity 后面缺少它的值"),
        (["pdf", "exam-signin", "--db", "x.sqlite", "--out", "x.pdf", "--day"], "参数 --day 后面缺少它的值"),
        (["reminders", "--db", "x.sqlite", "--days", "三十"], "参数 --days 的值“三十”无效，应为整数"),
        (["init", "--db", "x.sqlite"], "缺少必填参数：--office-code、--office-name"),
        (["frob"], "没有“frob”这个命令，可用的命令：gui、demo"),
        (["account"], "缺少要执行的命令"),
        (["check", "--db", "x.sqlite", "--bogus"], "无法识别的参数：--bogus"),
        (["template", "bogus", "--out", "x.xlsx"], "参数 kind 不能取“bogus”，可选：roster"),
    ],
)
def test_usage_errors_are_one_chinese_line_with_exit_1(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 1
    out, err = capsys.readouterr()
    assert out == ""
    line = err.strip()
    assert "\n" not in line and line.startswith("错误：") and says in line, line
    assert "usage" not in line and "error:" not in line and "argument" not in line


def test_help_is_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["reminders", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：union-desk reminders") and "显示本帮助并退出" in out
    assert "usage:" not in out and "show this help" not in out


def test_pdf_help_lists_every_form_with_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.services.printing import FORMS

    with pytest.raises(SystemExit):
        main(["pdf", "--help"])
    out = capsys.readouterr().out
    assert f"可用的表单（共 {len(FORMS)} 种" in out and len(FORMS) == 15
    blocks = re.split(r"\n  (?=\S)", out.split("可用的表单（共", 1)[1])[1:]
    by_name = {block.split()[0]: block.split("\n\n")[0] for block in blocks}
    assert list(by_name) == list(FORMS)
    for name, form in FORMS.items():
        block = by_name[name]
        assert form.title in block and form.description in block
        params = inspect.signature(form.render).parameters
        # Every option the CLI passes on is listed, required ones marked; nothing the form ignores.
        for key, flag in (
            ("worker", "--worker 身份证号"),
            ("visit", "--visit 记录号"),
            ("plan", "--plan 计划编号"),
            ("day", "--day YYYY-MM-DD"),
            ("batch", "--batch 批次号"),
            ("activity", "--activity 活动编号"),
            ("honour", "--honour 荣誉记录号"),
            ("on", "--on YYYY-MM-DD"),
            ("full_phones", "--full-phones"),
            ("year", "--year YYYY"),
        ):
            if key not in params:
                assert flag.split()[0] not in block.split("选项：", 1)[1], (name, flag)
                continue
            required = params[key].default is inspect.Parameter.empty
            assert (flag + "（必填）" in block) == required and flag in block, (name, flag)
    assert "--worker 身份证号（必填）" in by_name["protection-notice"]
    assert "--day YYYY-MM-DD（必填）" in by_name["exam-signin"]
    assert "选项：--year YYYY" in by_name["insurance-ledger"] and "选项：--year YYYY" in by_name["rights-summary"]


def test_a_reader_that_stops_early_gets_no_broken_pipe_message(db: Database) -> None:
    """`union-desk reminders | head`: head exits first; the command ends without a Broken pipe line."""
    db.close()
    base = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    for unbuffered in (False, True):  # a pipe is block-buffered, unless PYTHONUNBUFFERED is set
        env = {**base, "PYTHONPATH": str(ROOT), **({"PYTHONUNBUFFERED": "1"} if unbuffered else {})}
        for argv, codes in ((["reminders", "--db", str(db.path)], {1}), (["pdf", "--help"], {0, 1})):
            proc = subprocess.Popen(
                [sys.executable, "-m", "desktop", *argv],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                cwd=ROOT,
            )
            assert proc.stdout is not None and proc.stderr is not None
            proc.stdout.close()  # the reader is gone before the first line is written
            err = proc.stderr.read().decode("utf-8", "replace")
            assert proc.wait(60) in codes and err == "", (argv, unbuffered, err)


def test_db_without_a_command_opens_the_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`union-desk --db FILE` is the window on FILE, not an unknown command named after the file."""
    from desktop.ui import app

    opened: list[str | None] = []
    monkeypatch.setattr(app, "run_gui", lambda db: opened.append(db) or 0)
    assert main(["--db", str(tmp_path / "工会.sqlite")]) == 0
    assert main([]) == 0
    assert opened == [str(tmp_path / "工会.sqlite"), os.environ.get("UNION_DESK_DB")]
