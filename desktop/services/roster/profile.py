"""What each area knows about one worker, for the roster's detail pane (exam history, honours, cases …).

Areas register a provider here instead of editing the roster tab, so the tab stays one module and each
area owns its own query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session


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
    # Import the areas that contribute, so their registrations run whatever the caller imported first.
    from desktop.services.activities import profile as activity_profile  # noqa: F401
    from desktop.services.condolences import profile as condolence_profile  # noqa: F401
    from desktop.services.contracts import profile as special_contract_profile  # noqa: F401
    from desktop.services.exams import profile as exam_profile  # noqa: F401
    from desktop.services.insurance import profile as special_insurance_profile  # noqa: F401
    from desktop.services.protections import profile as protection_profile  # noqa: F401

    return list(_PROVIDERS)


def worker_profile(session: Session, worker_id: int) -> list[ProfileSection]:
    sections: list[ProfileSection] = []
    for provider in providers():
        sections.extend(provider(session, worker_id))
    return sections
