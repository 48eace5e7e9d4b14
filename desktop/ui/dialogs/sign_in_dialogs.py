"""Sign-in, the first administrator, the recovery code and password changes (issue #15).

The dialogs call desktop.services.accounts; a wrong password is one red line under the fields, and nothing
typed is cleared except the password.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import DomainError, FieldErrors
from desktop.core.roles import MIN_PASSWORD_LENGTH
from desktop.core.text import keep_together
from desktop.services import accounts
from desktop.services.database import Database
from desktop.ui import prefs

ERROR_STYLE = "color: #b00020;"


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(128)
    return edit


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def _buttons(dialog: QDialog, ok: str, cancel: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _pair_differs(again: QLineEdit, first: QLineEdit, error: QLabel, what: str = "密码") -> bool:
    """The repeated password must match; on a mismatch say so, clear the repeat and put the cursor there."""
    if first.text() == again.text():
        return False
    error.setText(f"两次输入的{what}不一致")
    again.clear()
    again.setFocus()
    return True


def _message(exc: DomainError) -> str:
    if isinstance(exc, FieldErrors):
        return "；".join(exc.errors.values())
    return str(exc)


class SignInDialog(QDialog):
    """Name and password for the open data file; ``username`` fixed for the lock screen."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, username: str | None = None, title: str = "登录"
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(f"{title} — {prefs.DISPLAY_NAME}")
        self.user = QLineEdit(username or str(prefs.settings().value("sign_in/last_user", "") or ""))
        self.user.setMaxLength(40)
        self.user.setReadOnly(username is not None)
        self.password = _password_edit()
        self.error = _error_label()
        intro = QLabel(
            f"数据文件：{db.path.name}\n" + ("屏幕已锁定，请输入密码继续。" if username else "请输入用户名和密码。")
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("用户名", self.user)
        form.addRow("密码", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        hint = accounts.demo_hint(db)
        if hint:
            demo = QLabel(hint)
            demo.setWordWrap(True)
            layout.addWidget(demo)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "登录" if username is None else "解锁", "退出程序"))
        (self.password if self.user.text() else self.user).setFocus()
        self.setMinimumWidth(380)

    def accept(self) -> None:
        try:
            accounts.sign_in(self.db, self.user.text(), self.password.text())
        except DomainError as exc:
            self.error.setText(_message(exc))
            self.password.clear()
            self.password.setFocus()
            return
        prefs.settings().setValue("sign_in/last_user", self.user.text().strip())
        super().accept()


class FirstAdminDialog(QDialog):
    """A file without accounts: its first administrator, before anything else is shown."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.code = ""
        self.setWindowTitle(f"建立管理员账户 — {prefs.DISPLAY_NAME}")
        intro = QLabel(
            keep_together(
                f"数据文件 {db.path.name} 还没有登录账户。\n"
                "职工身份证号、孕产和筛查情况都在这个文件里，从现在起打开它须登录。"
                "请先建立管理员账户（管理员负责账户、设置和恢复备份），"
                "之后可在 设置 → 账户管理 中为经办、领导建立账户。"
            )
        )
        intro.setWordWrap(True)
        self.user = QLineEdit()
        self.user.setMaxLength(40)
        self.name = QLineEdit()
        self.name.setMaxLength(40)
        self.password = _password_edit()
        self.again = _password_edit()
        self.error = _error_label()
        form = QFormLayout()
        form.addRow("用户名", self.user)
        form.addRow("姓名", self.name)
        form.addRow(f"密码（至少{MIN_PASSWORD_LENGTH}位）", self.password)
        form.addRow("再输一次", self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "建立并登录", "退出程序"))
        self.setMinimumWidth(460)

    def accept(self) -> None:
        if _pair_differs(self.again, self.password, self.error):
            return
        try:
            _signed, self.code = accounts.create_first_admin(
                self.db, self.user.text(), self.password.text(), self.name.text()
            )
        except DomainError as exc:
            self.error.setText(_message(exc))
            return
        prefs.settings().setValue("sign_in/last_user", self.user.text().strip())
        super().accept()


class RecoveryCodeDialog(QDialog):
    """Shows the recovery code once; the clerk must say it has been written down."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("恢复码 — 只显示这一次")
        text = QLabel(
            "管理员忘记密码时，凭这个恢复码可以重设密码。请把它抄在纸上，与备份U盘一起锁进柜子。"
            "它只显示这一次；丢失后可由管理员在 设置 → 账户管理 中更换。"
        )
        text.setWordWrap(True)
        self.code_label = QLabel(code)
        font = self.code_label.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_box = QCheckBox("我已抄下恢复码并妥善保管")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("继续")
        self.ok.setEnabled(False)
        self.done_box.toggled.connect(self.ok.setEnabled)
        copy = buttons.addButton("复制", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(code))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for w in (text, self.code_label, self.done_box, buttons):
            layout.addWidget(w)
        self.setMinimumWidth(460)

    def reject(self) -> None:  # Esc must not skip the code
        if self.done_box.isChecked():
            super().reject()


class ChangePasswordDialog(QDialog):
    """The signed-in account's own password (required after an administrator set a temporary one)."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, required: bool = False) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("修改密码")
        intro = QLabel("管理员为您设置的是临时密码，请改成只有您知道的密码。" if required else "修改当前账户的密码。")
        intro.setWordWrap(True)
        self.old = _password_edit()
        self.new = _password_edit()
        self.again = _password_edit()
        self.error = _error_label()
        form = QFormLayout()
        form.addRow("原密码", self.old)
        form.addRow(f"新密码（至少{MIN_PASSWORD_LENGTH}位）", self.new)
        form.addRow("再输一次", self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "修改", "退出程序" if required else "取消"))

    def accept(self) -> None:
        if _pair_differs(self.again, self.new, self.error, "新密码"):
            return
        try:
            accounts.change_own_password(self.db, self.old.text(), self.new.text())
        except DomainError as exc:
            self.error.setText(_message(exc))
            return
        super().accept()


def sign_in_at_start(db: Database, parent: QWidget | None = None) -> bool:
    """Before the main window: the first administrator (new or pre-#15 file) or a sign-in; False = quit."""
    if not db.secured:
        first = FirstAdminDialog(db, parent)
        if first.exec() != QDialog.DialogCode.Accepted:
            return False
        RecoveryCodeDialog(first.code, parent).exec()
        return True
    if SignInDialog(db, parent).exec() != QDialog.DialogCode.Accepted:
        return False
    if db.account is not None and db.account.must_change_password:
        return ChangePasswordDialog(db, parent, required=True).exec() == QDialog.DialogCode.Accepted
    return True
