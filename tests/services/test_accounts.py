"""Sign-in, roles and the change-log chain (#15), at the service level."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from db.models import utcnow
from desktop.core.errors import DomainError, FieldErrors, PermissionDenied, SignInError
from desktop.core.roles import Permission, Role, can
from desktop.core.worker import WorkerDraft
from desktop.services import accounts, audit_chain, office
from desktop.services.database import Database, open_data_file
from desktop.services.roster import workers
from tests.conftest import ADMIN_PASSWORD, ADMIN_USER, sign_in_as

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _add_woman(db: Database, name: str = "张丽", number: str = "150785198503120022") -> int:
    with db.read() as s:
        unit_id = office.unit_tree(s)[1].id
    with db.write() as s:
        return workers.add_worker(s, WorkerDraft(name=name, id_number=number, unit_id=unit_id), actor="x").id


# -- roles --------------------------------------------------------------------------------------------
def _actions(db: Database, tmp_path: Path) -> dict[str, object]:
    """One real call per permission, each through the service a screen or the CLI uses."""
    from desktop.services.condolences import visits as condolences
    from desktop.services.roster.export import export_roster
    from desktop.services.roster.workers import WorkerFilter

    def edit() -> None:
        _add_woman(db, "李娜", "150784199211050040")

    def export() -> None:
        export_roster(db, tmp_path / "r.xlsx", WorkerFilter())

    def export_full() -> None:
        export_roster(db, tmp_path / "f.xlsx", WorkerFilter(), full_ids=True, reason="生育津贴")

    def settings() -> None:
        with db.write() as s:
            office.save_office(s, code="ALH", name="阿里河森工公司工会（改）", actor="x")

    def rules() -> None:
        from desktop.services.protections.rules import set_rule

        with db.write() as s:
            set_rule(s, "menstrual_leave_days", 2, date(2026, 1, 1), "专项集体合同", actor="x")

    def manage_accounts() -> None:
        accounts.add_account(db, f"new{len(str(tmp_path))}", "a-long-password", Role.CLERK)

    def audit() -> None:
        from desktop.services import audit_log

        with db.read() as s:
            audit_log.search(s, audit_log.AuditQuery())

    def approve() -> None:
        with db.write() as s:
            condolences.advance(s, VISIT[0], actor="x", approver="")

    return {
        Permission.EDIT: edit,
        Permission.EXPORT: export,
        Permission.EXPORT_FULL_IDS: export_full,
        Permission.SETTINGS: settings,
        Permission.RULES: rules,
        Permission.ACCOUNTS: manage_accounts,
        Permission.AUDIT: audit,
        Permission.APPROVE: approve,
    }


VISIT: list[int] = []


def _visit(db: Database, worker_id: int) -> int:
    from desktop.services.condolences import visits as condolences

    day = date.today() - timedelta(days=1)
    with db.write() as s:  # entered by the administrator's session; approved later by each role in turn
        draft = condolences.VisitDraft(
            occasion="sick",
            cause="住院",
            visit_date=day,
            event_date=day,
            cash_fen=50000,
            visitors="工会",
            documents="住院证明或出院小结\n医疗费票据复印件",
        )
        return condolences.add_visit(s, worker_id, draft, actor="x").id


@pytest.mark.parametrize("role", list(Role))
def test_role_matrix_is_enforced_in_the_services(office_db: Database, tmp_path: Path, role: Role) -> None:
    wid = _add_woman(office_db)
    VISIT[:] = [_visit(office_db, wid)]
    if role is not Role.ADMIN:
        sign_in_as(office_db, role.value)
    for permission, action in _actions(office_db, tmp_path).items():
        if can(role, permission):
            action()  # type: ignore[operator]
        else:
            with pytest.raises(PermissionDenied) as refused:
                action()  # type: ignore[operator]
            assert role.label in str(refused.value)


def test_nobody_signed_in_reads_nothing(office_db: Database) -> None:
    office_db.account = None
    with pytest.raises(PermissionDenied, match="请先登录"), office_db.read():
        pass


# -- sign-in ------------------------------------------------------------------------------------------
def test_lockout_after_five_wrong_tries_then_unlocks(db: Database) -> None:
    now = utcnow()
    for i in range(4):
        with pytest.raises(SignInError, match=f"再错 {4 - i} 次"):
            accounts.sign_in(db, ADMIN_USER, "wrong-password", now=now)
    with pytest.raises(SignInError, match="已锁定 10 分钟"):
        accounts.sign_in(db, ADMIN_USER, "wrong-password", now=now)
    with pytest.raises(SignInError, match="请 10 分钟后再试"):
        accounts.sign_in(db, ADMIN_USER, ADMIN_PASSWORD, now=now + timedelta(seconds=5))
    signed = accounts.sign_in(db, ADMIN_USER, ADMIN_PASSWORD, now=now + timedelta(minutes=11))
    assert signed.role is Role.ADMIN and db.account == signed


def test_unknown_user_and_disabled_account(db: Database) -> None:
    with pytest.raises(SignInError, match="^用户名或密码不正确$"):
        accounts.sign_in(db, "nobody", "whatever-password")
    clerk = accounts.add_account(db, "clerk1", "temp-password-1", Role.CLERK)
    accounts.set_disabled(db, clerk, True)
    with pytest.raises(SignInError, match="已停用"):
        accounts.sign_in(db, "clerk1", "temp-password-1")


def test_new_account_must_change_its_temporary_password(db: Database) -> None:
    accounts.add_account(db, "clerk1", "temp-password-1", Role.CLERK, "李干事")
    signed = accounts.sign_in(db, "clerk1", "temp-password-1")
    assert signed.must_change_password
    with pytest.raises(FieldErrors):
        accounts.change_own_password(db, "temp-password-1", "short")
    accounts.change_own_password(db, "temp-password-1", "my-own-password")
    assert not accounts.sign_in(db, "clerk1", "my-own-password").must_change_password


def test_temporary_password_may_not_approve_or_enter(office_db: Database) -> None:
    """#17 item 1: the GUI and CLI ask for a new password first; the services refuse writes too."""
    wid = _add_woman(office_db)
    visit = _visit(office_db, wid)
    admin = office_db.account
    accounts.add_account(office_db, "leader1", "temp-password-1", Role.APPROVER, "刘刚")
    accounts.add_account(office_db, "clerk1", "temp-password-2", Role.CLERK, "李干事")
    from desktop.services.condolences import visits as condolences

    accounts.sign_in(office_db, "leader1", "temp-password-1")
    with pytest.raises(PermissionDenied, match="临时密码.*请先修改密码"), office_db.write() as s:
        condolences.advance(s, visit, actor="leader1")
    with office_db.read() as s:
        assert condolences.get_visit(s, visit).status == "registered"
    accounts.sign_in(office_db, "clerk1", "temp-password-2")
    with pytest.raises(PermissionDenied, match="“clerk1”.*临时密码"):
        _add_woman(office_db, "李娜", "150784199211050040")
    with office_db.read() as s:  # reading stays allowed
        assert workers.count_workers(s) == 1
    accounts.change_own_password(office_db, "temp-password-2", "my-own-password")
    _add_woman(office_db, "李娜", "150784199211050040")
    accounts.sign_in(office_db, "leader1", "temp-password-1")
    accounts.change_own_password(office_db, "temp-password-1", "leader-password")
    with office_db.write() as s:
        assert condolences.advance(s, visit, actor="leader1").status == "approved"
    office_db.account = admin


def test_last_administrator_stays(db: Database) -> None:
    with db.read() as s:
        me = accounts.find_account_id(s, ADMIN_USER)
    with pytest.raises(DomainError, match="至少要保留一个"):
        accounts.set_role(db, me, Role.CLERK)
    with pytest.raises(DomainError, match="不能停用自己"):
        accounts.set_disabled(db, me, True)


def test_recovery_code_resets_the_administrator(tmp_path: Path) -> None:
    db = open_data_file(tmp_path / "f.sqlite")
    try:
        _signed, code = accounts.create_first_admin(db, "boss", "boss-password")
        db.account = None
        with pytest.raises(SignInError, match="恢复码不正确"):
            accounts.recover_admin(db, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE", "boss", "new-password-1")
        accounts.recover_admin(db, code.lower().replace("-", " "), "boss", "new-password-1")
        db.account = None
        assert accounts.sign_in(db, "boss", "new-password-1").role is Role.ADMIN
        assert accounts.verify_log(db) is not None and accounts.verify_log(db).ok  # type: ignore[union-attr]
    finally:
        db.close()


def test_actor_is_the_account_not_the_os_user(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "张主席")
    monkeypatch.setenv("USERNAME", "张主席")
    with db.write() as s:
        office.save_office(s, code="ALH", name="阿里河", actor="张主席")
    from desktop.services import audit_log

    with db.read() as s:
        _n, rows = audit_log.search(s, audit_log.AuditQuery(text="工会信息"))
    assert [r.actor for r in rows] == [ADMIN_USER]


# -- the chain ----------------------------------------------------------------------------------------
def _raw(db: Database, *sql: str) -> None:
    db.close()
    conn = sqlite3.connect(db.path)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _verify(path: Path) -> audit_chain.ChainReport:
    db = open_data_file(path)
    try:
        accounts.sign_in(db, ADMIN_USER, ADMIN_PASSWORD)
        report = accounts.verify_log(db)
        assert report is not None
        return report
    finally:
        db.close()


@pytest.fixture
def logged(office_db: Database) -> Database:
    _add_woman(office_db)
    _add_woman(office_db, "李娜", "150784199211050040")
    report = accounts.verify_log(office_db)
    assert report is not None and report.ok and report.entries >= 8
    return office_db


def test_the_log_cannot_be_changed_through_sqlite_while_triggers_stand(logged: Database) -> None:
    conn = sqlite3.connect(logged.path)
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        conn.execute("DELETE FROM audit_log WHERE id = 3")
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        conn.execute("UPDATE audit_log SET actor = 'x' WHERE id = 3")
    conn.close()


@pytest.mark.parametrize(
    "tamper, broken",
    [
        (
            "UPDATE audit_log SET after = replace(after, '张丽', '张莉') WHERE entity = 'worker' AND id = "
            "(SELECT min(id) FROM audit_log WHERE entity = 'worker')",
            "被改动过",
        ),
        ("DELETE FROM audit_log WHERE id = 4", "被改动过"),
        (
            "UPDATE audit_log SET id = -1 WHERE id = 5; UPDATE audit_log SET id = 5 WHERE id = 6; "
            "UPDATE audit_log SET id = 6 WHERE id = -1",
            "被改动过",
        ),  # two entries swapped
        (
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES "
            "('2026-01-01 00:00:00', 'test', 'create', 'worker', 99, NULL, '{}')",
            "没有签名",
        ),
        ("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)", "被删除了"),
    ],
)
def test_check_names_the_first_broken_entry(logged: Database, tamper: str, broken: str) -> None:
    _raw(logged, *tamper.split("; "))
    report = _verify(logged.path)
    assert not report.ok and broken in report.problem


def test_dropping_the_triggers_alone_is_reported(logged: Database) -> None:
    _raw(logged)
    report = _verify(logged.path)
    assert not report.ok and "触发器" in report.problem


def test_forged_entry_with_a_plain_hash_is_refused(logged: Database) -> None:
    """Recomputing a digest without the key (what an attacker can do) does not make an entry genuine."""
    import hashlib

    fake = hashlib.sha256(b"forged").hexdigest()
    _raw(
        logged,
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, mac) VALUES "
        f"('2026-01-01 00:00:00', 'test', 'create', 'worker', 99, NULL, '{{}}', '{fake}')",
    )
    assert "被改动过" in _verify(logged.path).problem


# -- existing files -----------------------------------------------------------------------------------
def test_an_old_file_keeps_its_data_and_asks_for_the_first_account(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema-0002.sqlite", path)
    conn = sqlite3.connect(path)
    before = conn.execute("SELECT count(*) FROM worker").fetchone()[0]
    logged_before = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    conn.close()
    db = open_data_file(path)
    try:
        assert not db.secured and not accounts.has_accounts(db)  # the GUI and CLI now ask for an administrator
        accounts.create_first_admin(db, "boss", "boss-password")
        with db.read() as s:
            assert s.execute(text("SELECT count(*) FROM worker")).scalar() == before > 0
        report = accounts.verify_log(db)
        assert report is not None and report.ok and report.entries == logged_before + 1
    finally:
        db.close()
    again = open_data_file(path)
    try:
        assert again.secured
        with pytest.raises(PermissionDenied), again.read():
            pass
    finally:
        again.close()
