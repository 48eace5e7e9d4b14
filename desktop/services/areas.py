"""The areas of the program, in menu order: the one place that names them all.

An area is a package of desktop.services (protections, condolences …). What it adds to the shared
registries it declares in its own ``__init__.py``, by module name, for instance::

    CONTRIBUTES = Contributions(forms=("printing",), reminders=("reminders.protection_reminders",))

The registries — the printable forms (desktop.services.printing), the reminders (desktop.services.reminders),
the worker profile's sections (desktop.services.roster.profile) — ask this module on their first use. So:

- nothing of an area is imported at start-up: its modules load, with reportlab or openpyxl behind them, only
  when a form, a reminder list or a profile is first asked for;
- an area module imports its registry at the top and the registry never imports an area while loading, so
  importing either first works (no cycle);
- the order of AREAS is the order of the forms in the 打印 menus and ``union-desk pdf --help``, of the
  reminder providers and of the profile's sections.

PyInstaller cannot follow names given as strings: build/union-desk.spec adds ``contributing_modules()`` to
its hidden imports, and the self-test imports them in the bundle.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal

PACKAGE = "desktop.services"

AREAS: tuple[str, ...] = (
    "roster",
    "activities",
    "condolences",
    "exams",
    "protections",
    "rights",
    "contracts",
    "insurance",
    "surveys",
    "home",
    "hq",
)
"""Every area package of desktop.services, in menu order."""


@dataclass(frozen=True)
class Contributions:
    """What one area adds to the registries; names are relative to the area's package."""

    forms: tuple[str, ...] = ()
    """Modules whose import registers printable forms (desktop.services.printing.register)."""
    reminders: tuple[str, ...] = ()
    """Reminder providers as "module.function", in the order they run."""
    profile: tuple[str, ...] = ()
    """Modules whose import registers worker-profile sections (desktop.services.roster.profile.register)."""


Kind = Literal["forms", "reminders", "profile"]


def contributions(area: str) -> Contributions:
    """The area's declaration (importing its package, which holds nothing but the declaration)."""
    declared = getattr(importlib.import_module(f"{PACKAGE}.{area}"), "CONTRIBUTES", Contributions())
    if not isinstance(declared, Contributions):
        raise TypeError(f"{PACKAGE}.{area}.CONTRIBUTES must be a Contributions, not {type(declared).__name__}")
    return declared


def names(kind: Kind) -> list[str]:
    """The full dotted names of one kind of contribution, area by area in AREAS order."""
    return [f"{PACKAGE}.{area}.{name}" for area in AREAS for name in getattr(contributions(area), kind)]


def load(kind: Literal["forms", "profile"]) -> list[ModuleType]:
    """Import the modules that register forms or profile sections (their registrations run on import)."""
    return [importlib.import_module(name) for name in names(kind)]


def reminder_providers() -> list[Callable[..., Any]]:
    """The reminder providers, imported by name."""
    providers: list[Callable[..., Any]] = []
    for name in names("reminders"):
        module, _, function = name.rpartition(".")
        providers.append(getattr(importlib.import_module(module), function))
    return providers


def contributing_modules() -> list[str]:
    """The area packages and every module they contribute, each once: what the loader imports by name, so what
    PyInstaller must bundle without seeing an import."""
    packages = [f"{PACKAGE}.{area}" for area in AREAS]
    reminder_modules = [name.rpartition(".")[0] for name in names("reminders")]
    return list(dict.fromkeys([*packages, *names("forms"), *reminder_modules, *names("profile")]))
