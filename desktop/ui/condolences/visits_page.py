"""慰问记录: the visit ledger — toolbar, filters (year, occasion, unit, status, overrides), lazy table, detail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QWidget

from desktop.core import condolences
from desktop.core.dates import format_date
from desktop.core.idcard import mask
from desktop.services import office
from desktop.services.condolences import ledger, visits
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.condolences import io_actions
from desktop.ui.condolences.visit_dialog import VisitDialog
from desktop.ui.widgets.detail_pane import DetailRow, DetailSection, history_lines
from desktop.ui.widgets.filter_bar import ComboFilter, FilterDef, UnitFilter
from desktop.ui.widgets.lazy_table import CENTER, RIGHT, Column
from desktop.ui.widgets.list_page import ListPage
from desktop.ui.widgets.toolbar import SEPARATOR, Action

COLUMNS: list[Column[ledger.VisitRow]] = [
    # The record number first (#17 item 3): what forms print and `union-desk pdf --visit` takes.
    Column("serial", "编号", lambda r: r.serial, sort="serial", width="慰2026-00000"),
    Column("visit_date", "慰问日期", lambda r: format_date(r.visit_date), sort="visit_date", width="2026-01-01"),
    Column("name", "姓名", lambda r: r.name, sort="name", width=5),
    Column("unit", "单位", lambda r: r.unit_name, sort="unit", width=8, fit=True),
    Column("occasion", "慰问事由", lambda r: r.occasion_text, sort="occasion", width=10),
    Column(
        "cash",
        "慰问金（元）",
        lambda r: condolences.yuan(r.cash_fen) if r.cash_fen else "",
        sort="value",
        align=RIGHT,
        width=6,
        fit=True,
    ),
    Column("goods", "慰问品", lambda r: r.given_text if r.goods_fen else "", width=12, cell_tip=lambda r: r.given_text),
    Column(
        "status", "状态", lambda r: condolences.STATUS.get(r.status, r.status), sort="status", align=CENTER, width=4
    ),
    Column(
        "override",
        "特批",
        lambda r: "特批" if r.override_reason else "",
        align=CENTER,
        width=3,
        tooltip="突破慰问标准、经批准发放的记录",
        cell_tip=lambda r: f"{r.override_rules}\n理由：{r.override_reason}",
    ),
    Column("batch", "批次", lambda r: r.batch_title, width=10),
]
HISTORY_LABELS = {**condolences.FIELD_LABELS}
EMPTY = "还没有慰问记录 — 点“登记慰问”逐条登记，或在“发放批次”中为节日慰问建批次"
EMPTY_FILTERED = "没有符合筛选条件的慰问记录 — 点“清除筛选”查看全部"


class VisitsPage(ListPage[ledger.VisitRow]):
    toolbar_title = "慰问记录"
    columns = COLUMNS
    layout_key = "condolence_visits"
    empty_text = EMPTY
    empty_filtered_text = EMPTY_FILTERED
    detail_text = "选中一条慰问记录，这里显示详情、执行的标准和修改记录"
    placeholder = "搜索姓名、身份证号、病因、慰问品、编号"
    default_sort = "visit_date"
    sort_column, sort_descending = 1, True  # newest visits first (慰问日期)
    context_menu = True
    archived = False  # the archive view (查看归档)
    _unit_paths: dict[int, str] = {}  # unit id → whole path; filled with the unit filter's tree

    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        super().__init__(db, today)
        self.act_archived = QAction("查看归档", self)
        self.act_archived.setCheckable(True)
        self.act_archived.setToolTip("切换到已归档的慰问记录（可在其中恢复）")
        self.act_archived.toggled.connect(self.set_archive_mode)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_archived)

    def filters(self) -> list[FilterDef]:
        with self.db.read() as s:
            years = ledger.visit_years(s)
        return [
            ComboFilter("year", "年度", tuple((y, f"{y}年") for y in years)),
            ComboFilter("occasion", "事由", tuple(condolences.OCCASIONS.items())),
            UnitFilter(self._units),
            ComboFilter("status", "状态", tuple(condolences.STATUS.items())),
            ComboFilter("overrides", "特批", ((True, "仅特批"),)),
        ]

    def filter_defaults(self) -> dict[str, Any]:
        return {"year": self.today().year}

    def make_columns(self) -> list[Column[ledger.VisitRow]]:
        # The column shows the unit's label (克一河林场/管护一组); its tooltip the whole path with the company.
        return [
            replace(c, cell_tip=lambda r: self._unit_paths.get(r.unit_id, r.unit_name)) if c.key == "unit" else c
            for c in COLUMNS
        ]

    def toolbar_actions(self) -> list[Action | None]:
        return [
            Action("new", "登记慰问", self.add),
            Action("edit", "编辑", self.edit, row=True),
            Action("advance", "审批/发放", self.advance, row=True),
            Action("archive", "归档", self.archive, row=True),
            SEPARATOR,
            Action("export", "导出", self.export),
            Action("print", "打印签收表", self.print_signoff),
            Action("approval", "打印审批表", self.print_approval, row=True),
        ]

    # -- data ----------------------------------------------------------------------------------------
    def _units(self) -> list[office.UnitNode]:
        with self.db.read() as s:
            units = office.unit_tree(s)
        self._unit_paths = {u.id: u.path for u in units}
        return units

    def current_filter(self) -> ledger.VisitFilter:
        v = self.filter_bar.values()
        return ledger.VisitFilter(
            year=v["year"],
            occasion=v["occasion"],
            unit_id=v["unit_id"],
            status=v["status"],
            overrides_only=bool(v["overrides"]),
            text=v["text"],
            archived=self.archived,
        )

    query = current_filter

    def set_archive_mode(self, on: bool) -> None:
        self.archived = on
        self.actions_["archive"].setText("恢复" if on else "归档")
        for key in ("new", "edit", "advance"):
            self.actions_[key].setVisible(not on)
        self.apply_filter()

    def fetch_ids(self, query: ledger.VisitFilter, sort: str, descending: bool) -> list[int]:
        with self.db.read() as s:
            return ledger.visit_ids(s, query, sort=sort, descending=descending)

    def fetch_rows(self, ids: list[int]) -> list[ledger.VisitRow]:
        with self.db.read() as s:
            return ledger.fetch_visit_rows(s, ids)

    def row_muted(self, row: ledger.VisitRow) -> bool:
        return row.archived

    # -- detail --------------------------------------------------------------------------------------
    def current_changed(self, row: ledger.VisitRow | None) -> None:
        if row is not None:
            self.actions_["edit"].setEnabled(row.status != "paid")
            self.actions_["advance"].setEnabled(row.status != "paid")
            self.actions_["advance"].setText("发放" if row.status == "approved" else "审批")

    def show_detail(self, row: ledger.VisitRow) -> None:
        from desktop.services.condolences.printing import standard_text

        assert self.detail is not None
        with self.db.read() as s:
            std = standard_text(s, row.occasion, row.visit_date)
            required = visits.standard_documents(s, row.occasion, row.visit_date)
            lines = history_lines(
                [Named(e) for e in visits.visit_history(s, row.id)],
                labels=HISTORY_LABELS,
                formats={
                    "cash_fen": condolences.yuan,
                    "goods_fen": condolences.yuan,
                    "occasion": lambda c: condolences.OCCASIONS.get(c, c),
                    "status": lambda c: condolences.STATUS.get(c, c),
                },
            )
        unit = self._unit_paths.get(row.unit_id, row.unit_name)
        rows = [
            DetailRow("职工", f"{row.name}（{mask(row.id_number)}）", unit),
            DetailRow(
                "慰问事由", row.occasion_text, f"事件日期 {format_date(row.event_date)}" if row.event_date else ""
            ),
            DetailRow("发放", row.given_text, f"慰问人：{row.visitors}" if row.visitors else ""),
            DetailRow("执行标准", std),
            DetailRow("已查验材料", condolences.documents_text(row.documents, required)),
            DetailRow(
                "状态",
                condolences.STATUS.get(row.status, row.status),
                "；".join(
                    x
                    for x in (
                        f"审批：{row.approved_by} {format_date(row.approved_on)}" if row.approved_by else "",
                        f"发放：{format_date(row.paid_on)}" if row.paid_on else "",
                    )
                    if x
                ),
            ),
        ]
        if row.override_reason:
            rows.append(DetailRow("特批", row.override_reason, row.override_rules))
        if row.batch_title:
            rows.append(DetailRow("发放批次", row.batch_title))
        if row.notes:
            rows.append(DetailRow("备注", row.notes))
        self.detail.show_record(
            f"{row.serial} · {row.name} · {row.occasion_text}", [DetailSection("慰问", rows)], lines
        )

    # -- actions -------------------------------------------------------------------------------------
    def add(self) -> None:
        new_id = VisitDialog.ask(self, self.db)
        if new_id is not None:
            self.after_change(new_id)

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.status == "paid":
            prompts.inform(self, "编辑慰问", "该慰问已发放，不能再修改；如有错误请归档后重新登记并注明原因。")
            return
        if VisitDialog.ask(self, self.db, row.id) is not None:
            self.after_change(row.id)

    def advance(self) -> None:
        row = self.current()
        if row is None or row.status == "paid":
            return
        approver = ""
        if row.status == "registered":
            approver = ask_text(
                self, "审批慰问", f"{row.name} · {row.occasion_text} · {row.given_text}\n\n审批人姓名："
            )
            if not approver:
                return
        elif not prompts.confirm(
            self, "发放慰问", f"确认 {row.name} 的慰问（{row.given_text}）已于今天发放？", ok="已发放"
        ):
            return
        if self._with_override("审批/发放", lambda reason: self._advance(row.id, approver, reason)):
            self.after_change(row.id)

    def _advance(self, visit_id: int, approver: str, reason: str) -> None:
        with self.db.write() as s:
            visits.advance(s, visit_id, actor=self.db.actor, approver=approver, on=self.today(), override_reason=reason)

    def _with_override(self, title: str, step: Callable[[str], None]) -> bool:
        """Run a step that re-checks the visit (approve, restore, #18 item 5); when a breach is not covered by
        its override, show the rules and ask once for the responsible person's written reason."""
        reason = ""
        while True:
            try:
                step(reason)
                return True
            except visits.RuleBroken as exc:
                if reason:
                    prompts.show_error(self, title, exc)
                    return False
                reason = ask_text(self, title, f"{exc.message}\n\n特批理由（写明批准人和理由）：")
                if not reason:
                    return False
            except Exception as exc:  # shown to the clerk; nothing was written
                prompts.show_error(self, title, exc)
                return False

    def archive(self) -> None:
        """归档 (or 恢复 in the archive view); a restored visit is checked against the standard again."""
        row = self.current()
        if row is None:
            return
        verb = "恢复" if self.archived else "归档"
        then = (
            "恢复后重新计入统计和上限。"
            if self.archived
            else "归档后不再计入统计和上限，记录仍保留，可在“查看归档”中恢复。"
        )
        if not prompts.confirm(
            self, f"{verb}慰问记录", f"{verb} {row.name} 的“{row.occasion_text}”记录？\n\n{then}", ok=verb
        ):
            return

        def step(reason: str) -> None:
            with self.db.write() as s:
                visits.archive_visit(s, row.id, actor=self.db.actor, archived=not self.archived, override_reason=reason)

        if self._with_override(f"{verb}慰问记录", step):
            self.after_change()

    def export(self) -> None:
        from desktop.services.condolences.export import export_visits

        db, flt = self.db, self.current_filter()
        sort, desc = self.model.sort_key, self.model.descending
        io_actions.export_xlsx(
            self,
            "导出慰问记录",
            self.model.rowCount(),
            "慰问记录",
            lambda path, full, job: export_visits(db, path, flt, full_ids=full, sort=sort, descending=desc, job=job),
        )

    def print_signoff(self) -> None:
        from desktop.services.condolences.printing import signoff_pdf

        db, flt, words = self.db, self.current_filter(), self.filter_text()
        io_actions.print_pdf(
            self, "慰问金（品）发放签收表", lambda out, job: signoff_pdf(db, out, flt=flt, filter_text=words, job=job)
        )

    def print_approval(self) -> None:
        from desktop.services.condolences.printing import approval_pdf

        row = self.current()
        if row is not None:
            db = self.db
            io_actions.print_pdf(self, "慰问审批表", lambda out, job: approval_pdf(db, out, visit=row.id, job=job))


class Named:
    """An audit entry whose action reads in Chinese (审批/发放 are this area's own steps)."""

    ACTIONS = {
        "approved": "审批",
        "paid": "发放",
        "archive": "归档",
        "restore": "恢复",
        "status": "状态变更",
        "review": "年度复核",
    }

    def __init__(self, entry: Any) -> None:
        self.actor, self.at, self.before, self.after = entry.actor, entry.at, entry.before, entry.after
        self.action = self.ACTIONS.get(entry.action, entry.action)


def ask_text(parent: QWidget, title: str, label: str) -> str:
    """A one-line answer, or "" when cancelled (tests replace this)."""
    text, ok = QInputDialog.getText(parent, title, label)
    return text.strip() if ok else ""
