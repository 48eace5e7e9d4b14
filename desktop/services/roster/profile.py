"""What each area knows about one worker, for the roster's detail pane (exam history, honours, cases …).

Areas register a provider here instead of editing the roster tab, so the tab stays one module and each
area owns its own query; an area names its profile module in its package's ``CONTRIBUTES`` (see
desktop.services.areas).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from desktop.services import areas


@dataclass(frozen=True)
class ProfileLine:
    label: str
    value: str
    reason: str = ""


@dataclass(frozen=True)
class ProfileSection:
    title: str
    lines: list[ProfileLine] = field(default_factory=list)


Provider = Callable[[Session, int], list[ProfileSection]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Decorator: add an area's provider (registered at import of the area's service module)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def providers() -> list[Provider]:
    """The providers in the areas' order; the areas' profile modules are imported here (by name, see
    desktop.services.areas), so their registrations have run whatever the caller imported first."""
    rank = {module.__name__: i for i, module in enumerate(areas.load("profile"))}
    return sorted(_PROVIDERS, key=lambda provider: rank.get(provider.__module__, len(rank)))


def worker_profile(session: Session, worker_id: int) -> list[ProfileSection]:
    sections: list[ProfileSection] = []
    for provider in providers():
        sections.extend(provider(session, worker_id))
    return sections
