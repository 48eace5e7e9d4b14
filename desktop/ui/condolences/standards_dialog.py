"""设置 → 慰问标准: each occasion's standard in force today, its history, and a change from a date on.

A change never rewrites the past: it is a new standard from its effective date, so visits already checked
keep the standard of their day (the history lists every dated row).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import condolences as condolence_rules
from desktop.core.errors import DomainError, FieldErrors
from desktop.services.condolences import festivals as condolence_festivals
from desktop.services.condolences import standards as condolence_standards
from desktop.services.database import Database
from desktop.ui.widgets.record_dialog import HINT_STYLE, Field, RecordDialog

HEADERS = (
    "慰问事由",
    "方式",
    "默认（元）",
    "每次上限（元）",
    "每人每年上限（元）",
    "每年次数",
    "同一事由一年一次",
    "须查验材料",
    "执行自",
    "依据",
)


def _cap(fen: int) -> str:
    return condolence_rules.yuan(fen) if fen else "不限"


class StandardsDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("慰问标准")
        self.db = db
        self.today = today or date.today()
        self.changed = False
        note = QLabel("双击一行修改该事由的标准。修改从“生效日期”起执行，之前登记的慰问仍按当时的标准核对。")
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        buttons = QDialogButtonBox()
        edit = buttons.addButton("修改所选…", QDialogButtonBox.ButtonRole.ActionRole)
        edit.clicked.connect(self.edit)
        self.festivals_button = buttons.addButton("民族节日…", QDialogButtonBox.ButtonRole.ActionRole)
        self.festivals_button.setToolTip("本单位批准发放节日慰问品的民族节日（法定节日已内置）")
        self.festivals_button.clicked.connect(lambda: FestivalsDialog.ask(self, self.db))
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.load()
        screen = self.screen().availableGeometry()
        self.resize(min(1250, int(screen.width() * 0.95)), min(560, int(screen.height() * 0.85)))

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database) -> bool:
        dialog = cls(parent, db)
        dialog.exec()
        return dialog.changed

    def load(self) -> None:
        with self.db.read() as s:
            self.infos = condolence_standards.list_standards(s, self.today)
        self.table.setRowCount(len(self.infos))
        for r, info in enumerate(self.infos):
            st = info.current
            cells = (
                info.label,
                condolence_rules.MODES.get(st.mode, st.mode),
                condolence_rules.yuan(st.default_fen),
                _cap(st.cap_fen),
                _cap(st.yearly_cap_fen),
                str(st.max_per_year or "不限"),
                "是" if st.once_per_cause else "否",
                "、".join(st.documents),
                st.effective_from.isoformat(),
                st.source.split("（")[0],
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                history = "\n".join(
                    f"{h.effective_from.isoformat()} 起：默认{condolence_rules.yuan(h.default_fen)}元，每次上限"
                    f"{_cap(h.cap_fen)}，每年上限{_cap(h.yearly_cap_fen)}"
                    for h in info.history
                )
                item.setToolTip(f"历次标准：\n{history}")
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def edit(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        if StandardEditDialog.ask(self, self.db, self.infos[row]):
            self.changed = True
            self.load()


class StandardEditDialog(RecordDialog):
    FIELDS = (
        Field("mode", "发放方式", "combo", options=tuple(condolence_rules.MODES.items()), required=True),
        Field("default", "默认金额（元）", required=True),
        Field("cap", "每次上限（元）", placeholder="0 或留空为不限"),
        Field("yearly_cap", "每人每年上限（元）", placeholder="0 或留空为不限"),
        Field("max_per_year", "每年最多次数", placeholder="0 或留空为不限"),
        Field("once_per_cause", "同一事由", "check", check_text="同一疾病/同一亲属每年只慰问一次"),
        Field("effective_from", "生效日期", "date", required=True),
        Field("documents", "须查验材料", "text", wide=True, placeholder="每行一项"),
        Field("note", "依据/说明", "text", wide=True, placeholder="如：工会委员会2026年第3次会议决定"),
    )

    def __init__(self, parent: QWidget | None, db: Database, info: condolence_standards.StandardInfo) -> None:
        self.db, self.info = db, info
        super().__init__(parent, f"修改慰问标准：{info.label}")
        st = info.current
        self.set_values(
            {
                "mode": st.mode,
                "default": condolence_rules.yuan(st.default_fen, grouping=False),
                "cap": condolence_rules.yuan(st.cap_fen, grouping=False) if st.cap_fen else "",
                "yearly_cap": condolence_rules.yuan(st.yearly_cap_fen, grouping=False) if st.yearly_cap_fen else "",
                "max_per_year": str(st.max_per_year or ""),
                "once_per_cause": st.once_per_cause,
                "effective_from": date.today(),
                "documents": "\n".join(st.documents),
            }
        )

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, info: condolence_standards.StandardInfo) -> int | None:
        return cls(parent, db, info).run()

    def standard(self, values: dict[str, Any]) -> condolence_rules.Standard:
        errors: dict[str, str] = {}
        money: dict[str, int] = {}
        for key, label in (("default", "默认金额"), ("cap", "每次上限"), ("yearly_cap", "每人每年上限")):
            try:
                money[key] = condolence_rules.parse_yuan(values.get(key), label=label, field=key)
            except DomainError as e:
                errors[key] = e.message
        text = (values.get("max_per_year") or "0").strip()
        if not text.isdigit():
            errors["max_per_year"] = "每年最多次数应为整数（0为不限）"
        if errors:
            raise FieldErrors(errors)
        docs = tuple(d.strip() for d in (values.get("documents") or "").splitlines() if d.strip())
        return replace(
            self.info.current,
            mode=values["mode"],
            default_fen=money["default"],
            cap_fen=money["cap"],
            yearly_cap_fen=money["yearly_cap"],
            max_per_year=int(text),
            once_per_cause=bool(values.get("once_per_cause")),
            documents=docs,
            effective_from=values["effective_from"],  # check() asked for it first
        )

    def check(self, values: dict[str, Any]) -> None:
        if values.get("effective_from") is None:
            raise FieldErrors({"effective_from": "请填写生效日期"})
        try:
            standard = condolence_rules.check_standard(self.standard(values))
            condolence_rules.check_departure(standard, note=values.get("note") or "")
        except FieldErrors as e:
            targets = {"default_fen": "default", "cap_fen": "cap", "yearly_cap_fen": "yearly_cap"}
            raise FieldErrors({targets.get(k, k): v for k, v in e.errors.items()}) from None

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            return condolence_standards.set_standard(
                s, self.standard(values), note=values.get("note") or "", actor=self.db.actor
            ).id


FESTIVAL_HEADERS = ("节日", "民族", "今天", "执行自", "依据")


class FestivalsDialog(QDialog):
    """民族节日: the ethnic festivals the office approved for festival goods, each with its dated history.

    The statutory festivals are built in (总工办发〔2017〕32号); an ethnic festival is entered with its approval
    document, and stopped from a date the same way, so visits before keep the rule of their day.
    """

    def __init__(self, parent: QWidget | None, db: Database, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("民族节日")
        self.db = db
        self.today = today or date.today()
        note = QLabel(
            f"{condolence_rules.FESTIVAL_RULE}。法定节日已内置；这里登记本单位发放慰问品的民族节日及其批准文件，"
            "节日慰问品只发给该民族的会员。"
        )
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        self.table = QTableWidget(0, len(FESTIVAL_HEADERS))
        self.table.setHorizontalHeaderLabels(list(FESTIVAL_HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox()
        add = buttons.addButton("登记民族节日…", QDialogButtonBox.ButtonRole.ActionRole)
        add.clicked.connect(lambda: self.edit(approved=True))
        stop = buttons.addButton("停止发放所选…", QDialogButtonBox.ButtonRole.ActionRole)
        stop.clicked.connect(lambda: self.edit(approved=False))
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.load()
        self.resize(860, 420)

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database) -> None:
        cls(parent, db).exec()

    def load(self) -> None:
        with self.db.read() as s:
            self.infos = condolence_festivals.list_festivals(s, self.today)
        self.table.setRowCount(len(self.infos))
        for r, info in enumerate(self.infos):
            last = info.history[-1]
            shown = info.current or last
            cells = (
                info.name,
                shown.ethnicity,
                "可发放" if info.current else "不发放",
                shown.effective_from.isoformat(),
                shown.note,
            )
            history = "\n".join(
                f"{h.effective_from.isoformat()} 起：{'批准发放' if h.approved else '停止发放'}"
                f"（{h.ethnicity or '—'}）{h.note}"
                for h in info.history
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"历次登记：\n{history}")
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def edit(self, *, approved: bool) -> None:
        row = self.table.currentRow()
        info = self.infos[row] if 0 <= row < len(self.infos) else None
        if not approved and info is None:
            return
        if FestivalEditDialog.ask(self, self.db, info, approved=approved):
            self.load()


class FestivalEditDialog(RecordDialog):
    FIELDS = (
        Field("name", "节日名称", required=True, max_length=30, placeholder="如：瑟宾节"),
        Field("ethnicity", "民族", max_length=20, placeholder="如：鄂温克族"),
        Field("effective_from", "生效日期", "date", required=True),
        Field(
            "note",
            "依据",
            "text",
            wide=True,
            required=True,
            placeholder="自治区以上人民政府批准设立该节日的文件，及本单位决定发放的会议或文号",
        ),
    )

    def __init__(
        self, parent: QWidget | None, db: Database, info: condolence_festivals.FestivalInfo | None, *, approved: bool
    ) -> None:
        self.db, self.approved = db, approved
        title = "登记民族节日" if approved else f"停止发放：{info.name if info else ''}"
        super().__init__(parent, title)
        shown = (info.current or info.history[-1]) if info else None
        self.set_values(
            {
                "name": info.name if info else "",
                "ethnicity": shown.ethnicity if shown else "",
                "effective_from": date.today(),
            }
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, db: Database, info: condolence_festivals.FestivalInfo | None, *, approved: bool
    ) -> int | None:
        return cls(parent, db, info, approved=approved).run()

    def check(self, values: dict[str, Any]) -> None:
        condolence_festivals.check_festival_entry(
            values.get("name") or "",
            values.get("ethnicity") or "",
            values.get("effective_from"),
            approved=self.approved,
            note=values.get("note") or "",
        )

    def save(self, values: dict[str, Any]) -> int:
        with self.db.write() as s:
            return condolence_festivals.set_festival(
                s,
                values.get("name") or "",
                values.get("ethnicity") or "",
                values["effective_from"],
                approved=self.approved,
                note=values.get("note") or "",
                actor=self.db.actor,
            ).id
