"""设置 → 账户管理 (管理员): add accounts, reset a password, change a role, disable or enable, new recovery code.

Accounts are never deleted: the change log keeps naming the person who did each thing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import DomainError
from desktop.core.roles import MIN_PASSWORD_LENGTH, Role
from desktop.services import accounts
from desktop.services.accounts import AccountRow
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.dialogs.sign_in_dialogs import (
    RecoveryCodeDialog,
    _error_label,
    _message,
    _pair_differs,
    _password_edit,
)

HEADERS = ("用户名", "姓名", "角色", "状态", "建立时间")


def _role_box(current: Role | None = None) -> QComboBox:
    box = QComboBox()
    for role in Role:
        box.addItem(role.label, role.value)
    if current is not None:
        box.setCurrentIndex(list(Role).index(current))
    return box


class AccountFormDialog(QDialog):
    """A new account, or a new temporary password for one (``username`` given)."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, reset: AccountRow | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.reset = reset
        self.setWindowTitle("重设密码" if reset else "新增账户")
        self.user = QLineEdit(reset.username if reset else "")
        self.user.setReadOnly(reset is not None)
        self.name = QLineEdit(reset.display_name if reset else "")
        self.role = _role_box(Role.CLERK)
        self.password = _password_edit()
        self.again = _password_edit()
        self.error = _error_label()
        form = QFormLayout()
        form.addRow("用户名", self.user)
        if reset is None:
            form.addRow("姓名", self.name)
            form.addRow("角色", self.role)
        form.addRow(f"临时密码（至少{MIN_PASSWORD_LENGTH}位）", self.password)
        form.addRow("再输一次", self.again)
        note = QLabel("对方首次登录时须把临时密码改成只有自己知道的密码。")
        note.setWordWrap(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(box)

    def accept(self) -> None:
        if _pair_differs(self.again, self.password, self.error):
            return
        try:
            if self.reset is not None:
                accounts.reset_password(self.db, self.reset.id, self.password.text())
            else:
                accounts.add_account(
                    self.db, self.user.text(), self.password.text(), str(self.role.currentData()), self.name.text()
                )
        except DomainError as exc:
            self.error.setText(_message(exc))
            return
        super().accept()


class AccountsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("账户管理")
        self.rows: list[AccountRow] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.role = _role_box()
        buttons = QHBoxLayout()
        for text, slot in (
            ("新增账户…", self.add),
            ("重设密码…", self.reset_password),
            ("停用", self.disable),
            ("启用", self.enable),
            ("更换恢复码…", self.new_code),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("角色改为"))
        buttons.addWidget(self.role)
        apply_role = QPushButton("修改角色")
        apply_role.clicked.connect(self.change_role)
        buttons.addWidget(apply_role)
        note = QLabel(
            "管理员：账户、设置、规则数据、恢复备份；经办：录入、修改、打印、导出（隐去身份证号）；"
            "审批/领导：审批慰问与发放、查看全部、经说明用途导出完整身份证号；只读：查看与打印。"
            "账户不会被删除，停用后变更记录仍写明其名。"
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(note)
        self.resize(820, 420)
        self.reload()

    def reload(self) -> None:
        with self.db.read() as s:
            self.rows = accounts.list_accounts(s)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            values = (r.username, r.display_name, r.role.label, r.status, r.created_at.strftime("%Y-%m-%d"))
            for j, v in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(v))

    def selected(self) -> AccountRow | None:
        index = self.table.currentRow()
        if 0 <= index < len(self.rows):
            return self.rows[index]
        prompts.inform(self, "账户管理", "请先选中一个账户")
        return None

    def _do(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except DomainError as exc:
            prompts.warn(self, "账户管理", _message(exc))
        self.reload()

    def add(self) -> None:
        if AccountFormDialog(self.db, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def reset_password(self) -> None:
        row = self.selected()
        if row is not None and AccountFormDialog(self.db, self, reset=row).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def disable(self) -> None:
        row = self.selected()
        if row is not None:
            self._do(lambda: accounts.set_disabled(self.db, row.id, True))

    def enable(self) -> None:
        row = self.selected()
        if row is not None:
            self._do(lambda: accounts.set_disabled(self.db, row.id, False))

    def change_role(self) -> None:
        row = self.selected()
        if row is not None:
            self._do(lambda: accounts.set_role(self.db, row.id, str(self.role.currentData())))

    def new_code(self) -> None:
        if not prompts.confirm(self, "更换恢复码", "更换后，原来抄下的恢复码立即作废。继续？", ok="更换"):
            return
        try:
            code = accounts.new_recovery_code(self.db)
        except DomainError as exc:
            prompts.warn(self, "更换恢复码", _message(exc))
            return
        RecoveryCodeDialog(code, self).exec()
