"""Sign-in on screen (#15): the first administrator, wrong passwords, what each role sees, the lock screen,
the accounts and change-log dialogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from desktop.services import accounts
from desktop.services.database import Database, open_data_file
from desktop.ui import idle_lock, prompts
from desktop.ui.dialogs.accounts_dialog import AccountFormDialog, AccountsDialog
from desktop.ui.dialogs.audit_log_dialog import AuditLogDialog
from desktop.ui.dialogs.sign_in_dialogs import FirstAdminDialog, RecoveryCodeDialog, SignInDialog, sign_in_at_start
from desktop.ui.main_window import MainWindow
from tests.conftest import ADMIN_PASSWORD, ADMIN_USER, sign_in_as


def test_a_new_file_asks_for_its_administrator_first(
    tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_data_file(tmp_path / "新.sqlite")
    shown: list[str] = []

    def fill(self: FirstAdminDialog) -> int:
        self.user.setText("zhang")
        self.name.setText("张主席")
        self.password.setText("short")
        self.again.setText("short")
        self.accept()
        shown.append(self.error.text())  # too short: said beside the fields, nothing lost
        assert self.user.text() == "zhang"
        self.password.setText("a-long-password")
        self.again.setText("a-long-password")
        self.accept()
        return int(self.result())

    monkeypatch.setattr(FirstAdminDialog, "exec", fill)
    monkeypatch.setattr(RecoveryCodeDialog, "exec", lambda self: shown.append(self.code_label.text()) or 1)
    try:
        assert sign_in_at_start(db)
        assert "至少8个字符" in shown[0] and len(shown[1]) == 29  # XXXXX-XXXXX-XXXXX-XXXXX-XXXXX
        assert db.secured and db.account is not None and db.account.username == "zhang"
    finally:
        db.close()


def test_wrong_password_is_one_red_line_and_five_lock(db: Database, qtbot: Any) -> None:
    db.account = None
    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    dialog.user.setText(ADMIN_USER)
    for _ in range(5):
        dialog.password.setText("wrong-password")
        dialog.accept()
    assert "锁定" in dialog.error.text() and "\n" not in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted and db.account is None
    dialog.password.setText(ADMIN_PASSWORD)  # right, but locked for some minutes
    dialog.accept()
    assert "请" in dialog.error.text() and db.account is None


def test_a_read_only_account_sees_no_editing(office_db: Database, qtbot: Any) -> None:
    sign_in_as(office_db, "viewer")
    window = MainWindow(office_db)
    qtbot.addWidget(window)
    visible = {a.text() for a in window.roster.toolbar.actions() if a.isVisible()}
    assert "新增" not in visible and "导入" not in visible and "导出" not in visible and "打印" in visible
    menu = {a.text(): a.isVisible() for m in window.menus.values() for a in m.actions()}
    assert not menu["单位与组织…"] and not menu["账户管理…"] and not menu["变更记录…"] and menu["修改密码…"]
    assert "只读" in window.user_label.text()
    tab = window.ensure_tab("condolence")
    assert not any(
        a.isVisible() and a.text() in ("登记慰问", "编辑", "归档")
        for a in tab.findChildren(type(window.roster.act_new))
    )


def test_a_leader_may_approve_and_read_the_log_but_not_enter(office_db: Database, qtbot: Any) -> None:
    sign_in_as(office_db, "approver")
    window = MainWindow(office_db)
    qtbot.addWidget(window)
    menu = {a.text(): a.isVisible() for m in window.menus.values() for a in m.actions()}
    assert menu["变更记录…"] and not menu["账户管理…"] and not menu["导入花名册…"]
    tab = window.ensure_tab("condolence")
    texts = {a.text() for a in tab.findChildren(type(window.roster.act_new)) if a.isVisible()}
    assert "审批/发放" in texts and "登记慰问" not in texts


def test_lock_screen_hides_the_tabs_until_the_password(office_db: Database, qtbot: Any) -> None:
    window = MainWindow(office_db)
    qtbot.addWidget(window)
    tabs = window.centralWidget()
    assert idle_lock.lock_window(window) and idle_lock.is_locked(window)
    page = window.centralWidget()
    assert isinstance(page, idle_lock.LockPage) and not window.menuBar().isEnabled()
    page.password.setText("wrong-password")
    page.unlock()
    assert idle_lock.is_locked(window) and "不正确" in page.error.text()
    page.password.setText(ADMIN_PASSWORD)
    page.unlock()
    assert window.centralWidget() is tabs and window.menuBar().isEnabled()


def test_idle_watcher_locks_after_the_limit(office_db: Database, qtbot: Any) -> None:
    window = MainWindow(office_db)
    qtbot.addWidget(window)
    watcher = idle_lock.IdleWatcher(window, minutes=1)
    watcher.idle_ms = 60_000 - watcher.timer.interval()
    watcher._tick()
    assert idle_lock.is_locked(window)
    idle_lock.unlock_window(window)


def test_accounts_dialog_adds_an_account_and_the_log_shows_it(
    office_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = AccountsDialog(office_db)
    qtbot.addWidget(dialog)
    form = AccountFormDialog(office_db, dialog)
    form.user.setText("xiaoli")
    form.name.setText("李干事")
    form.password.setText("temporary-pass")
    form.again.setText("temporary-pass")
    form.accept()
    assert form.result() == QDialog.DialogCode.Accepted
    dialog.reload()
    assert [r.username for r in dialog.rows] == [ADMIN_USER, "xiaoli"]
    log = AuditLogDialog(office_db)
    qtbot.addWidget(log)
    assert log.model.rowCount() >= 1 and "签名链完整" in log.chain.text()
    log.text.setText("账户")
    log.refresh()
    first = log.model.index(0, 5).data()
    assert "xiaoli" in first
    saved: list[Path] = []
    out = office_db.path.parent / "log.xlsx"
    monkeypatch.setattr(prompts, "save_file", lambda *_a, **_k: out)
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: saved.append(Path(text.split("\n")[-1])))
    log.export()
    assert saved == [out] and out.exists()
    with office_db.read() as s:
        assert [r.username for r in accounts.list_accounts(s)] == [ADMIN_USER, "xiaoli"]


def test_a_repeated_password_that_differs_is_said_once_the_same_way_in_every_dialog(
    db: Database, tmp_path: Path, qtbot: Any
) -> None:
    from desktop.ui.dialogs.sign_in_dialogs import ChangePasswordDialog

    first = FirstAdminDialog(open_data_file(tmp_path / "新.sqlite"))
    change = ChangePasswordDialog(db)
    account = AccountFormDialog(db)
    try:
        for dialog, new, message in [
            (first, first.password, "两次输入的密码不一致"),
            (change, change.new, "两次输入的新密码不一致"),
            (account, account.password, "两次输入的密码不一致"),
        ]:
            qtbot.addWidget(dialog)
            new.setText("a-long-password")
            dialog.again.setText("a-long-passwort")
            dialog.accept()
            assert dialog.error.text() == message and dialog.again.text() == ""
            assert new.text() == "a-long-password" and dialog.result() != QDialog.DialogCode.Accepted
        assert not first.db.secured
    finally:
        first.db.close()


@pytest.mark.parametrize("size", ["标准", "特大"])
def test_the_first_administrator_intro_leaves_no_one_or_two_characters_alone(
    tmp_path: Path, qtbot: Any, size: str
) -> None:
    """#17 item 10: at 特大 the intro's last line was "户。" alone. The dialog's width depends on the screen and
    the file's name, so every width from the narrowest the dialog allows to a wide one is tried."""
    from PySide6.QtGui import QTextLayout
    from PySide6.QtWidgets import QApplication, QLabel

    from desktop.ui import prefs

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    prefs.apply_font(prefs.FONT_SIZES[size])
    try:
        dialog = FirstAdminDialog(open_data_file(tmp_path / "data.sqlite"))
        qtbot.addWidget(dialog)
        intro = dialog.findChildren(QLabel)[0]
        for width in range(400, 720, 3):
            for paragraph in intro.text().split("\n"):
                layout = QTextLayout(paragraph, intro.font())
                layout.beginLayout()
                lines = []
                while (line := layout.createLine()).isValid():
                    line.setLineWidth(width)
                    lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()])
                layout.endLayout()
                last = "".join(ch for ch in lines[-1] if ch.isprintable() and not ch.isspace())
                assert len(lines) == 1 or len(last) > 3, (width, lines)
    finally:
        app.setFont(before)
