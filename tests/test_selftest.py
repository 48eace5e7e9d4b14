"""union-desk --self-test: the steps, its one-line failures, and that it writes nothing into the program."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import desktop
from desktop import cli, selftest
from desktop.selftest import SelfTestError, run_self_test

ROOT = Path(__file__).resolve().parents[1]


def _pyproject_version() -> str:
    match = re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert match
    return match.group(1)


def test_one_version_number() -> None:
    # desktop.__version__ comes from the installed metadata (the bundle ships one built from pyproject.toml);
    # a source tree that was never installed falls back to a literal that must not drift from pyproject.
    assert desktop.__version__ == _pyproject_version()


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"union-desk {_pyproject_version()}"


def test_core_steps_pass_and_clean_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[Path] = []

    def mkdtemp(prefix: str = "") -> str:
        made.append(tmp_path / f"{prefix}x")
        made[-1].mkdir()
        return str(made[-1])

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    lines: list[str] = []
    seconds = run_self_test(lines.append, gui=False)
    assert lines[0] == f"union-desk {desktop.__version__} 自检开始"
    steps = lines[1:-1]
    assert [line.split("]")[0] for line in steps] == [f"[{i}/6" for i in range(1, 7)]
    assert all("：" in line and line.endswith("秒）") for line in steps)
    assert lines[-1].startswith(f"自检通过：union-desk {desktop.__version__}")
    assert seconds < 30
    assert made and not made[0].exists()  # the temporary data file, PDF and workbook are gone


def test_keep_leaves_the_folder_and_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "mkdtemp", lambda prefix="": str(tmp_path))
    lines: list[str] = []
    run_self_test(lines.append, gui=False, keep=True)
    assert any(str(tmp_path) in line for line in lines)
    assert {p.suffix for p in tmp_path.iterdir()} >= {".sqlite", ".pdf", ".xlsx"}


def test_a_failing_step_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: selftest.Context) -> str:
        raise KeyError("找不到字体\n第二行不应出现")

    steps = list(selftest.CORE_STEPS)
    steps[3] = (steps[3][0], broken)
    monkeypatch.setattr(selftest, "CORE_STEPS", tuple(steps))
    lines: list[str] = []
    with pytest.raises(SelfTestError) as exc:
        run_self_test(lines.append, gui=False)
    message = str(exc.value)
    assert message.startswith("第 4 步“生成 PDF 表单”失败：KeyError")
    assert "\n" not in message
    assert not any(line.startswith("自检通过") for line in lines)


def test_cli_exit_codes(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--self-test", "--self-test-no-gui"]) == cli.EXIT_OK
    assert "自检通过" in capsys.readouterr().out

    def fail(ctx: selftest.Context) -> str:
        raise SelfTestError("PDF 中没有嵌入中文字体")

    monkeypatch.setattr(selftest, "CORE_STEPS", (("生成 PDF 表单", fail),))
    assert cli.main(["--self-test", "--self-test-no-gui"]) == cli.EXIT_FAIL
    err = capsys.readouterr().err.strip()
    assert err == "自检失败：第 1 步“生成 PDF 表单”失败：PDF 中没有嵌入中文字体"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_whole_self_test_writes_nothing_into_the_program_folder(tmp_path: Path) -> None:
    """From source, GUI included: the program folder (here a copy, so parallel work elsewhere cannot
    disturb it) is unchanged afterwards; the user's app-data folder is not touched; temp is cleaned."""
    program = tmp_path / "program"
    for name in ("desktop", "db", "resources"):
        shutil.copytree(ROOT / name, program / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", program)
    home, temp = tmp_path / "home", tmp_path / "temp"
    home.mkdir()
    temp.mkdir()
    before = _snapshot(program)
    env = {
        **os.environ,
        "PYTHONPATH": str(program),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "APPDATA": str(home / "appdata"),
        "TMPDIR": str(temp),
        "TEMP": str(temp),
        "TMP": str(temp),
        "QT_QPA_PLATFORM": "offscreen",
        # A read-only Program Files folder gets no __pycache__ either; the bundle has none to write.
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    run = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test"], cwd=home, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[-1].startswith(f"自检通过：union-desk {desktop.__version__}")
    assert sum(1 for line in lines if re.match(r"\[\d+/12\] ", line)) == 12  # 6 core steps, 6 of the window
    assert _snapshot(program) == before
    assert not (home / "data").exists() and not (home / "appdata").exists()
    assert not (home / "config" / "LinquGonghui").exists()  # the clerk's window layout and last file untouched
    assert list(temp.iterdir()) == []


def test_windows_program_without_console_writes_the_result_to_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(sys, "stdout", None)  # what a windowed PyInstaller program has
    assert cli.main(["--self-test", "--self-test-no-gui"]) == cli.EXIT_OK
    text = (tmp_path / "union-desk-selftest.txt").read_text(encoding="utf-8")
    assert text.splitlines()[-1].startswith("自检通过")


def test_source_version_is_pyproject_version() -> None:
    import re
    from pathlib import Path

    import desktop

    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    wanted = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    assert wanted and desktop._source_version() == wanted.group(1) == desktop.__version__
