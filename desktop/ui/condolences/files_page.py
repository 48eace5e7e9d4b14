"""困难职工档案: one file per household — list with filters (status, grade, unit, review due), detail with the
household, the assistance history per year and the change log; open, edit, status, review, print, export.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from desktop.core import condolences, hardship
from desktop.core.dates import format_date
from desktop.core.idcard import mask
from desktop.services import office
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import ledger
from desktop.ui import prompts
from desktop.ui.condolences import io_actions
from desktop.ui.condolences.hardship_dialogs import ArchivedFilesDialog, HardshipFileDialog, StatusDialog
from desktop.ui.condolences.visits_page import Named
from desktop.ui.widgets.detail_pane import DetailRow, DetailSection, history_lines
from desktop.ui.widgets.filter_bar import ComboFilter, FilterDef, UnitFilter
from desktop.ui.widgets.lazy_table import CENTER, RIGHT, Column
from desktop.ui.widgets.list_page import ListPage
from desktop.ui.widgets.toolbar import SEPARATOR, Action

COLUMNS: list[Column[hardship_files.FileRow]] = [
    Column("serial", "档案编号", lambda r: r.serial, width="帮2026-00000"),
    Column("name", "姓名", lambda r: r.name, width=5),
    Column("unit", "单位", lambda r: r.unit_name, width=8, fit=True),
    # The text says 逾期 itself (FilesPage.review_text): the red row alone would not reach every eye. Early in
    # the row, so the word is on screen at 特大 too.
    Column(
        "review",
        "下次复核",
        lambda r: format_date(r.review_due) if r.status == "active" else "",
        width="2026-01-01 逾期",
        fit=True,
        tooltip="每年复核一次；过了复核日期仍未复核的整行标红并注明“逾期”",
    ),
    Column("grade", "困难类别", lambda r: hardship.GRADES.get(r.grade, r.grade), align=CENTER, width=5),
    Column("cause", "主要原因", lambda r: r.main_cause, width=6),
    Column("size", "人口", lambda r: str(r.household_size), align=RIGHT, width=3),
    Column(
        "per_capita",
        "人均年收入（元）",
        lambda r: condolences.yuan(r.per_capita_fen),
        align=RIGHT,
        width=7,
        fit=True,
        tooltip="家庭年收入 ÷ 家庭人口，四舍五入到分",
    ),
    Column("status", "状态", lambda r: hardship.STATUS.get(r.status, r.status), align=CENTER, width=3),
]
DUE_DAYS = 30
RECENT_VISITS = 12  # the household's latest visits listed under the yearly totals
EMPTY = "还没有困难职工档案 — 点“新建档案”为困难职工建档（一户一档）"


class FilesPage(ListPage[hardship_files.FileRow]):
    toolbar_title = "困难职工档案"
    columns = COLUMNS
    layout_key = "hardship_files"
    empty_text = EMPTY
    detail_text = "选中一户，这里显示家庭情况、帮扶记录和修改记录"
    placeholder = "搜索姓名、身份证号、档案编号"
    count_format = "共 {n} 户"
    # A district has tens of files, not thousands: one query gives the whole list, in the service's order.
    short = True
    split_sizes = (800, 420)

    def filters(self) -> list[FilterDef]:
        return [
            ComboFilter("status", "状态", tuple(hardship.STATUS.items())),
            ComboFilter("grade", "类别", tuple(hardship.GRADES.items())),
            UnitFilter(self._units),
            ComboFilter("due", "复核", ((True, f"{DUE_DAYS}天内到期或已逾期"),)),
        ]

    def filter_defaults(self) -> dict[str, Any]:
        return {"status": "active"}

    def make_columns(self) -> list[Column[hardship_files.FileRow]]:
        return [replace(c, text=self.review_text) if c.key == "review" else c for c in COLUMNS]

    def toolbar_actions(self) -> list[Action | None]:
        return [
            Action("new", "新建档案", self.add),
            Action("edit", "编辑", self.edit, row=True),
            Action("status", "状态变更", self.change_status, row=True),
            Action("review", "已复核", self.review, row=True),
            Action("archive", "归档", self.archive, row=True),
            Action("archived", "已归档…", self.show_archived),
            SEPARATOR,
            Action("export", "导出", self.export),
            Action("print", "打印档案表", self.print_card, row=True),
        ]

    def overdue(self, row: hardship_files.FileRow) -> bool:
        """An active file whose yearly review date has passed without a review."""
        return row.status == "active" and not row.archived and row.review_due < self.today()

    def review_text(self, row: hardship_files.FileRow) -> str:
        if row.status != "active":
            return ""
        return format_date(row.review_due) + (" 逾期" if self.overdue(row) else "")

    def _units(self) -> list[office.UnitNode]:
        with self.db.read() as s:
            return office.unit_tree(s)

    def current_filter(self) -> hardship_files.FileFilter:
        v = self.filter_bar.values()
        due = self.today() + timedelta(days=DUE_DAYS) if v["due"] else None
        return hardship_files.FileFilter(
            status=v["status"], grade=v["grade"], unit_id=v["unit_id"], due_by=due, text=v["text"]
        )

    query = current_filter

    def load_rows(self, query: hardship_files.FileFilter) -> list[hardship_files.FileRow]:
        with self.db.read() as s:
            return hardship_files.file_rows(s, query)

    def row_warned(self, row: hardship_files.FileRow) -> bool:
        return self.overdue(row)

    def show_detail(self, row: hardship_files.FileRow) -> None:
        assert self.detail is not None
        with self.db.read() as s:
            draft = hardship_files.get_draft(s, row.id)
            help_by_year = hardship_files.assistance_by_year(s, row.worker_id)
            recent = ledger.visit_rows(s, ledger.VisitFilter(worker_id=row.worker_id))[:RECENT_VISITS]
            lines = history_lines(
                [Named(e) for e in hardship_files.file_history(s, row.id)],
                labels=hardship_files.FIELD_LABELS,
                formats={
                    "own_income_fen": condolences.yuan,
                    "household_income_fen": condolences.yuan,
                    "grade": lambda c: hardship.GRADES.get(c, c),
                    "status": lambda c: hardship.STATUS.get(c, c),
                    "members": lambda v: "、".join(v) if isinstance(v, list) else str(v),
                },
            )
        family = [
            DetailRow(
                f"{m.name}（{m.relation}）",
                m.health or "—",
                "；".join(
                    x for x in (mask(m.id_number), f"年收入{condolences.yuan(m.income_fen)}元", m.school_or_work) if x
                ),
            )
            for m in draft.members
        ]
        basic = [
            DetailRow(
                "困难类别",
                hardship.GRADES.get(row.grade, row.grade),
                f"{row.main_cause}；{draft.secondary_causes}" if draft.secondary_causes else row.main_cause,
            ),
            DetailRow(
                "家庭人均年收入",
                f"{condolences.yuan(row.per_capita_fen)} 元",
                f"家庭年收入 {condolences.yuan(row.household_income_fen)} 元 ÷ {row.household_size} 人",
            ),
            DetailRow("健康/残疾", "；".join(x for x in (draft.health, draft.disability) if x) or "—"),
            DetailRow("住房", draft.housing or "—"),
            DetailRow(
                "银行账号", hardship.mask_account(row.bank_account) if row.bank_account else "—", draft.bank_name
            ),
            DetailRow("档案状态", hardship.STATUS.get(row.status, row.status), f"建档 {format_date(row.opened_on)}"),
            DetailRow(
                "下次复核",
                self.review_text(row) or "—",
                ("已逾期，请尽快复核并点“已复核”；" if self.overdue(row) else "")
                + "每年复核一次：最近复核（未复核则建档）后一年",
            ),
        ]
        helped = [DetailRow(f"{y}年", f"{n} 次，{condolences.yuan(fen)} 元") for y, (n, fen) in help_by_year.items()]
        helped += [DetailRow(format_date(v.visit_date), v.occasion_text, v.given_text) for v in recent]
        sections = [
            DetailSection("档案", basic),
            DetailSection("家庭成员", family or [DetailRow("—", "未登记")]),
            DetailSection("帮扶记录", helped or [DetailRow("—", "尚无慰问帮扶记录")]),
        ]
        self.detail.show_record(
            f"{row.serial} · {row.name} · {hardship.GRADES.get(row.grade, row.grade)}", sections, lines
        )

    # -- actions -------------------------------------------------------------------------------------
    def add(self) -> None:
        new_id = HardshipFileDialog.ask(self, self.db)
        if new_id is not None:
            self.filter_bar.clear()
            self.filter_bar.set_value("status", "active")
            self.after_change(new_id)

    def edit(self) -> None:
        row = self.current()
        if row is not None and HardshipFileDialog.ask(self, self.db, row.id) is not None:
            self.after_change(row.id)

    def change_status(self) -> None:
        row = self.current()
        if row is not None and StatusDialog.ask(self, self.db, row.id) is not None:
            self.after_change(row.id)

    def review(self) -> None:
        row = self.current()
        if row is None or not prompts.confirm(
            self,
            "年度复核",
            f"确认 {row.name} 家的档案已于今天完成年度复核？\n（家庭收入、人口有变化的，请先点“编辑”更新）",
            ok="已复核",
        ):
            return
        try:
            with self.db.write() as s:
                hardship_files.record_review(s, row.id, on=self.today(), actor=self.db.actor)
        except Exception as exc:  # shown to the clerk; nothing was written
            prompts.show_error(self, "年度复核", exc)
            return
        self.after_change(row.id)

    def show_archived(self) -> None:
        """The archived files, where one is restored (the promise of "归档后可恢复")."""
        restored = ArchivedFilesDialog.ask(self, self.db)
        if restored is not None:
            self.after_change(restored)

    def archive(self) -> None:
        row = self.current()
        if row is None:
            return
        text = (
            f"归档 {row.name} 的困难职工档案？\n\n"
            "只用于误建的档案；脱困或退档请用“状态变更”。归档后可在“已归档…”中恢复。"
        )
        if not prompts.confirm(self, "归档档案", text, ok="归档"):
            return
        with self.db.write() as s:
            hardship_files.archive_file(s, row.id, actor=self.db.actor)
        self.after_change()

    def export(self) -> None:
        from desktop.services.condolences.export import export_files

        db, flt = self.db, self.current_filter()
        io_actions.export_xlsx(
            self,
            "导出困难职工档案",
            self.model.rowCount(),
            "困难职工档案",
            lambda path, full, job: export_files(db, path, flt, full_ids=full, job=job),
        )

    def print_card(self) -> None:
        from desktop.services.condolences.printing import hardship_pdf

        row = self.current()
        if row is not None:
            db = self.db
            io_actions.print_pdf(
                self,
                "困难职工档案表",
                lambda out, job: hardship_pdf(db, out, worker=row.worker_id, job=job),
                full_phones=lambda out, job: hardship_pdf(db, out, worker=row.worker_id, full_phones=True, job=job),
            )
