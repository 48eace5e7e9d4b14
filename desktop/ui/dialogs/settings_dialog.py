"""设置 → 单位与组织: the office's code and name, and its unit tree (add, edit, move, retire, delete unused)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.enums import UNIT_KIND
from desktop.core.errors import DomainError
from desktop.services import office
from desktop.services.database import Database
from desktop.ui import prompts

_ID_ROLE = Qt.ItemDataRole.UserRole


class UnitEditDialog(QDialog):
    """Name, kind and parent of one unit; the parent list leaves out the unit itself and its children."""

    def __init__(
        self,
        parent: QWidget | None,
        nodes: list[office.UnitNode],
        *,
        name: str = "",
        kind: str = "farm",
        parent_id: int | None = None,
        exclude: set[int] | None = None,
        title: str = "单位",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name_edit = QLineEdit(name)
        self.name_edit.setPlaceholderText("如：甘河林场、营林科、一班")
        self.kind_combo = QComboBox()
        for code, label in UNIT_KIND.items():
            self.kind_combo.addItem(label, code)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.parent_combo = QComboBox()
        self.parent_combo.addItem("（无上级，顶级单位）", None)
        for n in nodes:
            if exclude and n.id in exclude or n.retired:
                continue
            self.parent_combo.addItem("　" * n.depth + n.name, n.id)
        self.parent_combo.setCurrentIndex(max(0, self.parent_combo.findData(parent_id)))
        self.error = QLabel()
        self.error.setStyleSheet("color:#b00020")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("单位名称", self.name_edit)
        form.addRow("类型", self.kind_combo)
        form.addRow("上级单位", self.parent_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(420, 0)

    def values(self) -> tuple[str, str, int | None]:
        return self.name_edit.text(), self.kind_combo.currentData(), self.parent_combo.currentData()

    def show_error(self, message: str) -> None:
        self.error.setText(message)


class SettingsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("设置 — 单位与组织")
        self.resize(760, 680)

        office_box = QGroupBox("工会信息")
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("字母或数字，如 ALH（上报集团时区分各单位）")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("如：阿里河森工公司工会")
        self.office_error = QLabel()
        self.office_error.setStyleSheet("color:#b00020")
        save_office = QPushButton("保存工会信息")
        save_office.clicked.connect(self._save_office)
        form = QFormLayout(office_box)
        form.addRow("单位代码", self.code_edit)
        form.addRow("工会名称", self.name_edit)
        # The key is a shared secret: shown as dots, never read back into the field; only its fingerprint is
        # shown, so two offices can compare keys over the phone without saying them.
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(f"由集团工会统一下发（至少{office.MIN_KEY_LENGTH}个字符），各单位相同")
        self.key_state = QLabel()
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        save_key = QPushButton("保存密钥")
        save_key.clicked.connect(self._save_key)
        key_row.addWidget(save_key)
        form.addRow("集团密钥", key_row)
        form.addRow("", self.key_state)
        row = QHBoxLayout()
        row.addWidget(self.office_error, 1)
        row.addWidget(save_office)
        form.addRow(row)

        units_box = QGroupBox("单位（公司 → 林场/车间/科室 → 班组）")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["单位名称", "类型", "职工数", "状态"])
        self.tree.setColumnWidth(0, 320)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self._edit())
        self.add_top = QPushButton("新增顶级单位")
        self.add_child = QPushButton("新增下级单位")
        self.edit_btn = QPushButton("修改…")
        self.retire_btn = QPushButton("撤销")
        self.delete_btn = QPushButton("删除")
        self.delete_btn.setToolTip("只有从未有职工、也没有下级单位的单位才能删除；其余只能撤销")
        self.add_top.clicked.connect(lambda: self._add(None))
        self.add_child.clicked.connect(lambda: self._add(self._selected()))
        self.edit_btn.clicked.connect(self._edit)
        self.retire_btn.clicked.connect(self._toggle_retired)
        self.delete_btn.clicked.connect(self._delete)
        buttons = QHBoxLayout()
        for b in (self.add_top, self.add_child, self.edit_btn, self.retire_btn, self.delete_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        units_layout = QVBoxLayout(units_box)
        units_layout.addWidget(self.tree)
        units_layout.addLayout(buttons)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(office_box)
        layout.addWidget(units_box, 1)
        from desktop.ui.dialogs.backup_settings import BackupSettingsBox

        self.backup_box = BackupSettingsBox(self)
        layout.addWidget(self.backup_box)
        layout.addWidget(close)
        self._load()

    # -- data ---------------------------------------------------------------------------------------
    def _load(self, select_id: int | None = None) -> None:
        with self.db.read() as s:
            o = office.get_office(s)
            self.nodes = office.unit_tree(s)
        if o is not None:
            self.code_edit.setText(o.code)
            self.name_edit.setText(o.name)
        self._show_key_state()
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for n in self.nodes:
            item = QTreeWidgetItem(
                [n.name, UNIT_KIND.get(n.kind, n.kind), str(n.worker_count), "已撤销" if n.retired else "使用中"]
            )
            item.setData(0, _ID_ROLE, n.id)
            if n.retired:
                for col in range(4):
                    item.setForeground(col, Qt.GlobalColor.gray)
            parent = items.get(n.parent_id) if n.parent_id is not None else None
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[n.id] = item
            if n.id == select_id:
                self.tree.setCurrentItem(item)
        self.tree.expandAll()
        self._update_buttons()

    def _selected(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, _ID_ROLE) if item is not None else None

    def _node(self, unit_id: int) -> office.UnitNode:
        return next(n for n in self.nodes if n.id == unit_id)

    def _update_buttons(self) -> None:
        uid = self._selected()
        for b in (self.add_child, self.edit_btn, self.retire_btn, self.delete_btn):
            b.setEnabled(uid is not None)
        if uid is not None:
            self.retire_btn.setText("恢复使用" if self._node(uid).retired else "撤销")

    # -- actions ------------------------------------------------------------------------------------
    def _save_office(self) -> None:
        try:
            with self.db.write() as s:
                office.save_office(s, code=self.code_edit.text(), name=self.name_edit.text(), actor=self.db.actor)
        except DomainError as exc:
            self.office_error.setText(exc.message)
            return
        self.office_error.setStyleSheet("color:#1b5e20")
        self.office_error.setText("已保存")

    def _key_fingerprint(self) -> str:
        with self.db.read() as s:
            return office.group_key_fingerprint(s)

    def _show_key_state(self) -> None:
        try:
            fingerprint = self._key_fingerprint()
        except DomainError as exc:
            self.key_state.setText(exc.message)
            return
        self.key_state.setText(
            f"已设置，密钥指纹 {fingerprint}（应与集团工会公布的一致）：上报工作簿带签名和身份指纹"
            if fingerprint
            else "未设置：上报工作簿没有签名，集团汇总时会被拒收；请填入集团工会下发的密钥"
        )

    def _save_key(self) -> None:
        typed = self.key_edit.text().strip()
        try:
            current = self._key_fingerprint()
        except DomainError:
            current = ""  # an undecryptable key is what a new one replaces
        # Clearing or replacing the key changes every later signature and fingerprint: asked, never by accident.
        if (
            current
            and not typed
            and not prompts.confirm(
                self, "清除集团密钥", "清除后导出的上报工作簿没有签名，集团汇总时会被拒收。确定清除吗？", ok="清除"
            )
        ):
            return
        if (
            current
            and typed
            and office.key_fingerprint(typed) != current
            and not prompts.confirm(
                self,
                "更换集团密钥",
                f"当前密钥指纹 {current}，新密钥指纹 {office.key_fingerprint(typed)}。"
                "更换后，用旧密钥导出的工作簿不再能与新的一起汇总，请确认这是集团工会下发的新密钥。",
                ok="更换",
            )
        ):
            return
        try:
            with self.db.write() as s:
                office.save_group_key(s, typed, actor=self.db.actor)
        except DomainError as exc:
            self.key_state.setText(exc.message)
            return
        self.key_edit.clear()
        self._show_key_state()

    def _run_unit_dialog(self, dlg: UnitEditDialog, save: Callable[[str, str, int | None], int]) -> None:
        """Keep the dialog open with the message until the input is accepted or cancelled."""
        while dlg.exec() == QDialog.DialogCode.Accepted:
            try:
                unit_id = save(*dlg.values())
            except DomainError as exc:
                dlg.show_error(exc.message)
                continue
            self._load(select_id=unit_id)
            return

    def _add(self, parent_id: int | None) -> None:
        default_kind = "farm" if parent_id is None or self._node(parent_id).depth == 0 else "team"
        if parent_id is None and not self.nodes:
            default_kind = "company"
        dlg = UnitEditDialog(self, self.nodes, kind=default_kind, parent_id=parent_id, title="新增单位")

        def save(name: str, kind: str, parent: int | None) -> int:
            with self.db.write() as s:
                return office.add_unit(s, name=name, parent_id=parent, kind=kind, actor=self.db.actor).id

        self._run_unit_dialog(dlg, save)

    def _edit(self) -> None:
        uid = self._selected()
        if uid is None:
            return
        n = self._node(uid)
        with self.db.read() as s:
            exclude = set(office.descendant_ids(s, uid))
        dlg = UnitEditDialog(
            self, self.nodes, name=n.name, kind=n.kind, parent_id=n.parent_id, exclude=exclude, title="修改单位"
        )

        def save(name: str, kind: str, parent: int | None) -> int:
            with self.db.write() as s:
                return office.update_unit(s, uid, name=name, kind=kind, parent_id=parent, actor=self.db.actor).id

        self._run_unit_dialog(dlg, save)

    def _toggle_retired(self) -> None:
        uid = self._selected()
        if uid is None:
            return
        n = self._node(uid)
        if (
            not n.retired
            and n.worker_count
            and QMessageBox.question(
                self,
                "撤销单位",
                f"“{n.name}”下还有 {n.worker_count} 名职工。撤销后不能再往该单位分配职工，"
                "已有记录保持不变。确定撤销吗？",
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        with self.db.write() as s:
            office.retire_unit(s, uid, actor=self.db.actor, retired=not n.retired)
        self._load(select_id=uid)

    def _delete(self) -> None:
        uid = self._selected()
        if uid is None:
            return
        n = self._node(uid)
        if QMessageBox.question(self, "删除单位", f"确定删除“{n.name}”吗？") != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.db.write() as s:
                office.delete_unit(s, uid, actor=self.db.actor)
        except DomainError as exc:
            QMessageBox.information(self, "不能删除", exc.message)
            return
        self._load()
