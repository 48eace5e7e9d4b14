"""Shared fixtures: a fresh migrated data file per test (copied from one migrated template)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.services.access import SignedIn
from desktop.services.database import Database, open_data_file

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# The template's administrator. Every copy of the template shares its file secret, so the signed-in account
# made once is valid on each copy and no test pays for argon2 unless it tests sign-in itself.
ADMIN_USER, ADMIN_PASSWORD = "test", "test-password-1"


@pytest.fixture(autouse=True)
def _cli_account(monkeypatch: pytest.MonkeyPatch) -> None:
    """Command-line calls in tests sign in as the template's administrator (and make new files with it)."""
    monkeypatch.setenv("UNION_DESK_USER", ADMIN_USER)
    monkeypatch.setenv("UNION_DESK_PASSWORD", ADMIN_PASSWORD)


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SignedIn]:
    from desktop.services.accounts import create_first_admin

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_data_file(path)
    signed, _code = create_first_admin(db, ADMIN_USER, ADMIN_PASSWORD, "测试管理员")
    db.close()
    return path, signed


def open_signed(path: Path) -> Database:
    """Open a data file copied from the template (or a backup of one) signed in as its administrator."""
    from desktop.services.accounts import sign_in

    database = open_data_file(path)
    if database.secured:
        sign_in(database, ADMIN_USER, ADMIN_PASSWORD)
    return database


@pytest.fixture
def _template_db(_template: tuple[Path, SignedIn]) -> Path:
    return _template[0]


@pytest.fixture
def admin_account(_template: tuple[Path, SignedIn]) -> SignedIn:
    return _template[1]


@pytest.fixture
def db(_template: tuple[Path, SignedIn], tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated data file of the current schema, signed in as its administrator."""
    path = tmp_path / "data.sqlite"
    shutil.copyfile(_template[0], path)
    database = open_data_file(path)
    database.account = _template[1]
    yield database
    database.close()


def sign_in_as(db: Database, role: str, username: str | None = None) -> SignedIn:
    """Switch the test's data file to an account of this role (made on first use), without argon2 costs
    beyond the one account creation."""
    from desktop.core.roles import Role
    from desktop.services.accounts import add_account, find_account_id

    name = username or f"{role}-user"
    admin = db.account
    with db.read() as s:
        try:
            account_id = find_account_id(s, name)
        except Exception:
            account_id = None
    if account_id is None:
        account_id = add_account(db, name, "a-long-password", role)
    assert admin is not None
    db.account = SignedIn(account_id, name, name, Role(role), admin.file_key)
    return db.account


@pytest.fixture
def office_db(db: Database) -> Database:
    """A data file with an office and a small unit tree: 公司 → 林场/科室 → 班组."""
    from desktop.services import office

    with db.write() as s:
        office.save_office(s, code="ALH", name="阿里河森工公司工会", actor="test")
        company = office.add_unit(s, name="阿里河森工公司", parent_id=None, kind="company", actor="test")
        for name, kind in (
            ("甘河林场", "farm"),
            ("吉文林场", "farm"),
            ("营林科", "section"),
            ("财务科", "section"),
            ("贮木场", "workshop"),
        ):
            unit = office.add_unit(s, name=name, parent_id=company.id, kind=kind, actor="test")
            if name == "甘河林场":
                office.add_unit(s, name="一班", parent_id=unit.id, kind="team", actor="test")
    return db


@pytest.fixture
def sample_roster() -> Path:
    path = SAMPLES / "hr-roster-ali-river-2026.xlsx"
    if not path.exists():
        pytest.skip("shared/samples is not beside this checkout")
    return path


@pytest.fixture
def admin_may_approve(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests of the condolence flow itself: the template's administrator also approves, so a test need not
    switch accounts between entering and approving. The real split is tested in tests/services/test_accounts.py."""
    from desktop.core import roles

    monkeypatch.setitem(
        roles.ROLE_PERMISSIONS, roles.Role.ADMIN, roles.ROLE_PERMISSIONS[roles.Role.ADMIN] | {roles.Permission.APPROVE}
    )
