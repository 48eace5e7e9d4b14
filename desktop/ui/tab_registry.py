"""The tab bar, in order: one entry per tab. Adding an area's tab is one entry here.

Each entry's factory imports its tab's module when called, so start-up pays only for the tabs built at start
(工作台, in front, and 职工名册, which the menus and the status bar use); the others are built on first showing.
The tab a factory returns must satisfy desktop.ui.area_tab.AreaTab (checked when it is built, and by
tests/ui/test_main_window.py for every entry).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from desktop.services.database import Database
from desktop.ui.area_tab import ShowTab

TabFactory = Callable[[Database, ShowTab], QWidget]


@dataclass(frozen=True)
class TabEntry:
    key: str  # how code names the tab: show_tab("exams"), the 工作台's AREA_TAB, screenshot file names
    title: str  # the tab bar's text; an area's reminders name their area with it
    build: TabFactory
    at_start: bool = False  # built with the window, not on first showing


def _home(db: Database, show_tab: ShowTab) -> QWidget:
    from desktop.ui.home.tab import HomeTab

    return HomeTab(db, show_tab)


def _roster(db: Database, _show_tab: ShowTab) -> QWidget:
    from desktop.ui.roster.tab import RosterTab

    return RosterTab(db)


def _protection(db: Database, _show_tab: ShowTab) -> QWidget:
    from desktop.ui.protections.tab import ProtectionTab

    return ProtectionTab(db)


def _condolence(db: Database, _show_tab: ShowTab) -> QWidget:
    from desktop.ui.condolences.tab import CondolenceTab

    return CondolenceTab(db)


def _exams(db: Database, _show_tab: ShowTab) -> QWidget:
    from desktop.ui.exams.tab import ExamTab

    return ExamTab(db)


def _activities(db: Database, _show_tab: ShowTab) -> QWidget:
    from desktop.ui.activities.tab import ActivityTab

    return ActivityTab(db)


def _contracts(db: Database, _show_tab: ShowTab) -> QWidget:
    from desktop.ui.contracts.tab import ContractTab

    return ContractTab(db)


def _insurance(db: Database, _show_tab: ShowTab) -> QWidget:
    from desktop.ui.insurance.tab import InsuranceTab

    return InsuranceTab(db)


def _rights(db: Database, _show_tab: ShowTab) -> QWidget:
    from desktop.ui.rights.tab import RightsTab

    return RightsTab(db)


def _surveys(db: Database, _show_tab: ShowTab) -> QWidget:
    from desktop.ui.surveys.tab import SurveyTab

    return SurveyTab(db)


# The factories above hold real import statements (not module names in strings) so that PyInstaller's
# analysis finds every tab's module for the bundle.
TABS: tuple[TabEntry, ...] = (
    TabEntry("home", "工作台", _home, at_start=True),
    TabEntry("roster", "职工名册", _roster, at_start=True),
    TabEntry("protection", "四期保护", _protection),
    TabEntry("condolence", "慰问帮扶", _condolence),
    TabEntry("exams", "体检筛查", _exams),
    TabEntry("activities", "品牌活动", _activities),
    TabEntry("contracts", "专项集体合同", _contracts),
    TabEntry("insurance", "特种病保险", _insurance),
    TabEntry("rights", "维权诉求", _rights),
    TabEntry("surveys", "需求调研", _surveys),
)

KEYS: tuple[str, ...] = tuple(entry.key for entry in TABS)


def index_of(key: str) -> int:
    """The tab's place in the tab bar; KeyError for a key with no entry."""
    try:
        return KEYS.index(key)
    except ValueError:
        raise KeyError(key) from None


def key_for_title(title: str) -> str | None:
    """The tab titled ``title`` (an area's reminders name their area with its tab's title), or None."""
    return next((entry.key for entry in TABS if entry.title == title), None)
