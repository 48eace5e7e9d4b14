"""困难职工档案 dialogs: open or edit a file (with its household members), change its status, record a review,
and restore an archived file (归档 is for a file opened by mistake; "一户一档" counts archived files too, so
without restore a household whose file was archived by mistake could never have one again).

The per-capita income is computed under 家庭人口 as the clerk types the incomes, with the arithmetic, so the
figure that goes on the card is visible before saving. The bank account is shown masked until the clerk
clicks into it (it is typed once and rarely read on screen).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import condolences as condolence_rules
from desktop.core import hardship as hardship_rules
from desktop.core.dates import format_date
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.idcard import mask
from desktop.services.condolences import hardship as hardship_files
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.services.roster.workers import WorkerFilter
from desktop.ui import prompts
from desktop.ui.widgets.lazy_table import Column
from desktop.ui.widgets.person_picker import PersonPicker
from desktop.ui.widgets.record_dialog import Field, RecordDialog
from desktop.ui.widgets.short_list import ShortListModel, ShortListView

L = hardship_rules.FIELD_LABELS
MEMBER_HEADERS = ("姓名", "与本人关系", "身份证号", "健康状况", "年收入（元）", "就学或工作单位")


class MembersTable(QWidget):
    """Household members other than the worker, one row each; value() reads them (incomes in yuan → fen)."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.table = QTableWidget(0, len(MEMBER_HEADERS))
        self.table.setHorizontalHeaderLabels(list(MEMBER_HEADERS))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 7)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())
        add, remove = QPushButton("添加成员"), QPushButton("删除所选成员")
        add.clicked.connect(self._add)
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)

    def _add(self) -> None:
        self.table.insertRow(self.table.rowCount())
        self.changed.emit()

    def _remove(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self.changed.emit()

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item is not None else ""

    def value(self) -> tuple[hardship_rules.Member, ...]:
        out: list[hardship_rules.Member] = []
        for r in range(self.table.rowCount()):
            cells = [self._text(r, c) for c in range(len(MEMBER_HEADERS))]
            if not any(cells):
                continue  # an empty row added by mistake is not a member
            income = condolence_rules.parse_yuan(cells[4], label=f"第{r + 1}行年收入", field="members")
            out.append(hardship_rules.Member(cells[0], cells[1], cells[2], cells[3], income, cells[5]))
        return tuple(out)

    def set_value(self, value: object) -> None:
        rows = list(value) if isinstance(value, Iterable) else []
        members = [m for m in rows if isinstance(m, hardship_rules.Member)]
        if len(members) != len(rows):
            raise TypeError("household members must be hardship.Member rows")
        self.table.blockSignals(True)
        self.table.setRowCount(len(members))
        for r, m in enumerate(members):
            cells = (
                m.name,
                m.relation,
                m.id_number,
                m.health,
                condolence_rules.yuan(m.income_fen, grouping=False),
                m.school_or_work,
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.blockSignals(False)


class SizeSpin(QSpinBox):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setRange(1, hardship_rules.MAX_HOUSEHOLD)
        self.setSuffix(" 人")
        self.valueChanged.connect(lambda _v: self.changed.emit())

    def set_value(self, value: object) -> None:
        self.setValue(value if isinstance(value, int) and value else 1)


def _money(key: str) -> Field:
    return Field(key, L[key] + "（元）", placeholder="全年合计，如 24000")


class HardshipFileDialog(RecordDialog):
    FIELDS = (
        Field("worker_id", L["worker_id"], "custom", factory=PersonPicker, required=True),
        Field("grade", L["grade"], "combo", options=tuple(hardship_rules.GRADES.items()), required=True, column=1),
        Field(
            "main_cause",
            L["main_cause"],
            "combo",
            options=tuple((c, c) for c in hardship_rules.CAUSES),
            editable=True,
            required=True,
            column=1,
        ),
        Field("secondary_causes", L["secondary_causes"], max_length=200, column=1, placeholder="可写多项，用顿号分隔"),
        Field("opened_on", L["opened_on"], "date", required=True, column=1),
        Field("last_reviewed_on", L["last_reviewed_on"], "date", column=1),
        Field("health", L["health"], max_length=200),
        Field("disability", L["disability"], max_length=100, placeholder="如：肢体三级；无则留空"),
        Field(
            "marital_status",
            L["marital_status"],
            "combo",
            options=(("", ""), *((m, m) for m in ("未婚", "已婚", "离异", "丧偶"))),
            editable=True,
        ),
        Field("single_parent", L["single_parent"], "check", check_text="单亲家庭"),
        Field("housing", L["housing"], max_length=200, column=1),
        _money("own_income_fen"),
        _money("household_income_fen"),
        Field("household_size", L["household_size"], "custom", factory=SizeSpin, tooltip="含职工本人"),
        Field("bank_name", L["bank_name"], max_length=100, column=1),
        Field("bank_account", L["bank_account"], max_length=40, column=1, tooltip="屏幕和导出中只显示后四位"),
        Field(
            "members",
            L["members"],
            "custom",
            factory=MembersTable,
            wide=True,
            tooltip="除职工本人以外的家庭成员；身份证号用于防止同一家庭重复建档",
        ),
        Field("base_opinion", L["base_opinion"], "text", wide=True),
        Field("base_signed_on", L["base_signed_on"], "date", column=1),
        Field("higher_signed_on", L["higher_signed_on"], "date", column=1),
        Field("higher_opinion", L["higher_opinion"], "text", wide=True),
        Field("notes", L["notes"], "text", wide=True),
    )
    ERROR_TARGETS = {"own_income_fen": "own_income_fen", "household_income_fen": "household_income_fen"}

    def __init__(
        self, parent: QWidget | None, db: Database, file_id: int | None = None, today: date | None = None
    ) -> None:
        self.db = db
        self.file_id = file_id
        self.today = today or date.today()
        worker_row = None
        draft = None
        with db.read() as s:
            if file_id is not None:
                f = hardship_files.get_file(s, file_id)
                draft = hardship_files.get_draft(s, file_id)
                worker_row = workers.fetch_rows(s, [f.worker_id])[0]
        super().__init__(parent, "编辑困难职工档案" if file_id else "新建困难职工档案")
        self.picker = self.field_widget("worker_id", PersonPicker)
        self.picker.set_search(self._search)
        # Dots while the field is not being edited: the account is typed once and rarely read on screen.
        self.field_widget("bank_account", QLineEdit).setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        if draft is not None and worker_row is not None:
            # The name, not the ID number, goes in the search box: the screen never shows a whole ID number.
            self.picker.edit.setText(worker_row.name)
            self.picker.refresh()
            self.picker.set_value(worker_row.id)
            self.picker.setEnabled(False)
            values = {k: getattr(draft, k) for k in hardship_rules.SCALARS}
            for k in ("own_income_fen", "household_income_fen"):
                values[k] = condolence_rules.yuan(getattr(draft, k), grouping=False)
            self.set_values({**values, "members": draft.members})
        else:
            self.set_values({"opened_on": self.today, "household_size": 1})

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, file_id: int | None = None) -> int | None:
        return cls(parent, db, file_id).run()

    def _search(self, text: str) -> tuple[int, list[workers.WorkerRow]]:
        with self.db.read() as s:
            ids = workers.worker_ids(s, WorkerFilter(text=text), sort="name")
            return len(ids), workers.fetch_rows(s, ids[:50])

    def draft(self, values: dict[str, Any]) -> hardship_rules.FileDraft:
        errors: dict[str, str] = {}
        money: dict[str, int] = {}
        for key in ("own_income_fen", "household_income_fen"):
            try:
                money[key] = condolence_rules.parse_yuan(values.get(key), label=L[key], field=key)
            except DomainError as e:
                errors[key] = e.message
        try:
            members = self.field_widget("members", MembersTable).value()
        except DomainError as e:
            errors["members"] = e.message
            members = ()
        if errors:
            raise FieldErrors(errors)

        def text(key: str) -> str:
            value = values.get(key)
            return value if isinstance(value, str) else ""

        def day(key: str) -> date | None:
            value = values.get(key)
            return value if isinstance(value, date) else None

        return hardship_rules.FileDraft(
            grade=text("grade"),
            main_cause=text("main_cause"),
            secondary_causes=text("secondary_causes"),
            health=text("health"),
            disability=text("disability"),
            marital_status=text("marital_status"),
            housing=text("housing"),
            single_parent=bool(values.get("single_parent")),
            own_income_fen=money["own_income_fen"],
            household_income_fen=money["household_income_fen"],
            household_size=int(values.get("household_size") or 1),
            bank_name=text("bank_name"),
            bank_account=text("bank_account"),
            opened_on=day("opened_on"),
            last_reviewed_on=day("last_reviewed_on"),
            base_opinion=text("base_opinion"),
            base_signed_on=day("base_signed_on"),
            higher_opinion=text("higher_opinion"),
            higher_signed_on=day("higher_signed_on"),
            notes=text("notes"),
            members=members,
        )

    def check(self, values: dict[str, Any]) -> None:
        if values.get("worker_id") is None and self.file_id is None:
            raise FieldErrors({"worker_id": "请从列表中选择一名职工"})
        hardship_rules.check_file(self.draft(values), today=self.today)

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        out: dict[str, str] = {}
        try:
            d = self.draft(values)
            per = hardship_rules.per_capita_fen(d.household_income_fen, d.household_size)
            out["household_size"] = (
                f"人均年收入 {condolence_rules.yuan(per)} 元 = "
                f"家庭年收入 {condolence_rules.yuan(d.household_income_fen)} 元 ÷ {d.household_size} 人"
            )
            if d.bank_account:
                out["bank_account"] = f"显示为 {hardship_rules.mask_account(d.bank_account)}"
            numbers = [m.id_number for m in d.members if m.id_number]
            if numbers:
                out["members"] = "身份证号在档案表和导出中显示为：" + "、".join(mask(n) for n in numbers)
        except (DomainError, ValueError):
            pass
        return out

    def save(self, values: dict[str, Any]) -> int:
        draft = self.draft(values)
        with self.db.write() as s:
            if self.file_id is None:
                return hardship_files.open_file(s, values["worker_id"], draft, actor=self.db.actor, today=self.today).id
            return hardship_files.update_file(s, self.file_id, draft, actor=self.db.actor, today=self.today).id


class StatusDialog(RecordDialog):
    FIELDS = (
        Field("status", L["status"], "combo", options=tuple(hardship_rules.STATUS.items()), required=True),
        Field("status_on", L["status_on"], "date", required=True),
        Field(
            "status_reason",
            L["status_reason"],
            "combo",
            options=(
                ("", ""),
                *((r, r) for r in ("收入提高，已脱困", *hardship_rules.WITHDRAW_REASONS, "再次致困，恢复在档")),
            ),
            editable=True,
            required=True,
        ),
    )

    def __init__(self, parent: QWidget | None, db: Database, file_id: int, today: date | None = None) -> None:
        self.db, self.file_id = db, file_id
        self.today = today or date.today()
        with db.read() as s:
            self.current = hardship_files.get_file(s, file_id).status
        super().__init__(parent, "档案状态变更")
        target = "out" if self.current == "active" else "active"
        self.set_values({"status": target, "status_on": self.today})

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, file_id: int) -> int | None:
        return cls(parent, db, file_id).run()

    def check(self, values: dict[str, Any]) -> None:
        hardship_rules.check_transition(
            self.current, values["status"], on=values.get("status_on"), reason=values.get("status_reason") or ""
        )

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            return hardship_files.change_status(
                s,
                self.file_id,
                values["status"],
                on=values["status_on"],
                reason=values["status_reason"],
                actor=self.db.actor,
            ).id


ARCHIVED_COLUMNS: list[Column[hardship_files.FileRow]] = [
    Column("serial", "档案编号", lambda r: r.serial, width="帮2026-00000"),
    Column("name", "姓名", lambda r: r.name, width=5),
    Column("unit", "单位", lambda r: r.unit_name, width=8, fit=True),
    Column("grade", "困难类别", lambda r: hardship_rules.GRADES.get(r.grade, r.grade), width=5),
    Column("status", "状态", lambda r: hardship_rules.STATUS.get(r.status, r.status), width=3),
    Column("opened", "建档日期", lambda r: format_date(r.opened_on), width="2026-01-01"),
]


class ArchivedFilesDialog(QDialog):
    """已归档的档案: the files archived as opened by mistake, to restore one to the list (what "归档后可恢复"
    and the one-file-per-household message promise)."""

    def __init__(self, parent: QWidget | None, db: Database) -> None:
        super().__init__(parent)
        self.db = db
        self.restored: int | None = None
        self.setWindowTitle("已归档的困难职工档案")
        self.model: ShortListModel[hardship_files.FileRow] = ShortListModel(
            ARCHIVED_COLUMNS, load=self._load, parent=self
        )
        self.view = ShortListView(
            self.model, layout_key="hardship_archived", empty_text="没有已归档的困难职工档案", select_first=True
        )
        self.view.activated.connect(lambda _i: self.restore())
        note = QLabel("归档只用于误建的档案；恢复后档案回到列表，状态和内容不变。")
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("恢复", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.restore)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(self.view, 1)
        lay.addWidget(buttons)
        self.model.set_query(hardship_files.FileFilter(status=None, archived=True))
        self.resize(720, 360)

    def _load(self, query: hardship_files.FileFilter) -> list[hardship_files.FileRow]:
        with self.db.read() as s:
            return hardship_files.file_rows(s, query)

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database) -> int | None:
        """The restored file's id, or None when closed without restoring. Tests replace this method."""
        dialog = cls(parent, db)
        return dialog.restored if dialog.exec() == QDialog.DialogCode.Accepted else None

    def restore(self) -> None:
        row: hardship_files.FileRow | None = self.view.current()
        if row is None:
            return
        status = hardship_rules.STATUS.get(row.status, row.status)
        if not prompts.confirm(
            self, "恢复档案", f"恢复 {row.name} 的困难职工档案（{status}）？\n\n恢复后回到档案列表。", ok="恢复"
        ):
            return
        try:
            with self.db.write() as s:
                hardship_files.archive_file(s, row.id, actor=self.db.actor, archived=False)
        except Exception as exc:  # shown to the clerk; nothing was written
            prompts.show_error(self, "恢复档案", exc)
            return
        self.restored = row.id
        self.accept()
