"""The one list of areas (desktop.services.areas) and what each area declares it adds to the registries."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services import areas, reminders
from desktop.services.printing import FORMS
from desktop.services.roster import profile

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "desktop" / "services"


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _imports_name(path: Path, module: str, name: str) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.ImportFrom) and node.module == module and any(a.name == name for a in node.names)
        for node in ast.walk(tree)
    )


def test_every_area_package_is_in_the_one_list() -> None:
    packages = sorted(p.parent.name for p in SERVICES.glob("*/__init__.py"))
    assert sorted(areas.AREAS) == packages


def test_every_module_that_registers_is_declared_by_its_area() -> None:
    # A module left out of its package's CONTRIBUTES would register only when something happened to import
    # it: its form missing from `union-desk pdf`, its section from the profile, in the bundle or not.
    files = sorted(SERVICES.glob("*/*.py"))
    forms = [_module(p) for p in files if _imports_name(p, "desktop.services.printing", "register")]
    sections = [_module(p) for p in files if _imports_name(p, "desktop.services.roster.profile", "register")]
    reminder_modules = [_module(p) for p in files if p.name == "reminders.py"]
    assert sorted(areas.names("forms")) == sorted(forms)
    assert sorted(areas.names("profile")) == sorted(sections)
    assert sorted({name.rpartition(".")[0] for name in areas.names("reminders")}) == sorted(reminder_modules)


def test_the_registries_follow_the_areas_order() -> None:
    assert list(FORMS)[:4] == ["roster", "activity-signin", "activity-record", "honour-certificate"]
    assert list(FORMS)[-1] == "needs-list"
    assert [f"{p.__module__}.{p.__name__}" for p in reminders.providers()] == areas.names("reminders")
    assert [p.__module__ for p in profile.providers()] == areas.names("profile")


def test_pyinstaller_bundles_every_contributing_module() -> None:
    # The registries import these by name, which PyInstaller's scan cannot see.
    spec = (ROOT / "build" / "union-desk.spec").read_text(encoding="utf-8")
    assert "contributing_modules()" in spec.split("HIDDEN", 1)[1].split("datas", 1)[0]
    assert set(areas.contributing_modules()) >= {"desktop.services.roster.printing", "desktop.services.exams.profile"}


def test_start_up_imports_no_area_module() -> None:
    code = (
        "import sys, desktop.ui.main_window\n"
        "started = set(sys.modules)\n"
        "from desktop.services.areas import AREAS, contributing_modules\n"
        "packages = {f'desktop.services.{area}' for area in AREAS}  # cheap: nothing but a declaration\n"
        "wanted = [*contributing_modules(), 'reportlab', 'openpyxl']\n"
        "loaded = [m for m in wanted if m in started and m not in packages]\n"
        "assert not loaded, loaded\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]


def test_self_test_names_a_contributing_module_missing_from_the_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from desktop import selftest

    monkeypatch.setattr(areas, "contributing_modules", lambda: ["desktop.services.exams.profile", "desktop.nowhere"])
    with pytest.raises(selftest.SelfTestError, match="缺少程序模块 desktop.nowhere"):
        selftest.step_resources(selftest.Context(folder=tmp_path))
