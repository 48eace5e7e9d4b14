"""The house rules of design.md, checked mechanically so they cannot drift.

The arrows between layers are import-linter contracts in pyproject.toml ([tool.importlinter]); this test runs
them, so `scripts/test.sh` enforces them. One check stays here as plain AST: "Qt only in desktop/ui" over every
file, because a contract has to name its modules and a new top-level module would slip past it.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _py(*dirs: str) -> list[Path]:
    return [p for d in dirs for p in (ROOT / d).rglob("*.py")]


def test_qt_only_in_desktop_ui() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in _py("desktop", "db")
        if any(n.split(".")[0] == "PySide6" for n in _imports(p))
        and not p.relative_to(ROOT).as_posix().startswith("desktop/ui/")
    ]
    assert offenders == []


def test_import_contracts_are_kept() -> None:
    # In its own process: import-linter configures logging with dictConfig, which disables every logger that
    # already exists in this one (the program's own among them), and later tests would lose their log lines.
    import subprocess
    import sys

    script = (
        "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert " 0 broken" in out, out


def test_each_area_contribution_imports_on_its_own() -> None:
    """The registries import the areas' modules by name on first use (desktop.services.areas), never from their
    bodies: importing an area module first (protection_printing did) must not meet a half-initialised
    registry or sibling area."""
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from desktop.services.areas import contributing_modules

    check = (
        "from desktop.services.printing import FORMS; from desktop.services import reminders; "
        "from desktop.services.roster import profile; "
        "assert len(FORMS) > 1 and len(reminders.providers()) > 1 and len(profile.providers()) > 1"
    )

    def run(module: str) -> subprocess.CompletedProcess[str]:
        code = f"import {module}; {check}"
        return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)

    modules = contributing_modules()
    with ThreadPoolExecutor(max_workers=4) as pool:
        for module, done in zip(modules, pool.map(run, modules), strict=True):
            assert done.returncode == 0, (module, done.stderr[-2000:])
