"""The house rules of design.md, checked mechanically so they cannot drift."""

from __future__ import annotations

import ast
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
        str(p.relative_to(ROOT)) for p in _py("desktop", "db")
        if any(n.split(".")[0] == "PySide6" for n in _imports(p))
        and not p.relative_to(ROOT).as_posix().startswith("desktop/ui/")
    ]
    assert offenders == []


def test_core_imports_nothing_of_the_project_but_core() -> None:
    for p in _py("desktop/core"):
        project = {n for n in _imports(p) if n.split(".")[0] in {"desktop", "db"}}
        assert all(n.startswith("desktop.core") for n in project), (p, project)


def test_reports_do_not_query_or_use_qt() -> None:
    for p in _py("desktop/reports"):
        names = _imports(p)
        assert not any(n.startswith(("sqlalchemy", "db", "desktop.services", "PySide6")) for n in names), p


def test_ui_does_not_build_queries() -> None:
    for p in _py("desktop/ui"):
        names = _imports(p)
        assert not any(n.startswith(("sqlalchemy", "db.models", "db.engine")) for n in names), p
