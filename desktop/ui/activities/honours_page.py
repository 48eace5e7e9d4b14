"""荣誉登记: the honours register by year — register, edit, archive, print a certificate, export."""

from __future__ import annotations

from typing import Any

from desktop.core.activities import HONOUR_LEVELS
from desktop.core.dates import format_date
from desktop.services.activities import honours
from desktop.ui import prompts
from desktop.ui.activities import io_actions
from desktop.ui.activities.dialogs import HonourDialog
from desktop.ui.widgets.filter_bar import ComboFilter, FilterDef
from desktop.ui.widgets.lazy_table import CENTER, Column
from desktop.ui.widgets.list_page import ListPage
from desktop.ui.widgets.toolbar import Action

COLUMNS: list[Column[honours.HonourRow]] = [
    Column("serial", "证书编号", lambda r: r.serial, width="证2026-00000"),
    Column("year", "年度", lambda r: str(r.year), align=CENTER, width=4),
    Column("title", "荣誉名称", lambda r: r.title, width=9),
    Column("level", "级别", lambda r: r.level_label, align=CENTER, width=4),
    Column("name", "姓名", lambda r: r.name, width=5),
    Column("family", "家庭", lambda r: r.family_name, width=7),
    Column("unit", "单位", lambda r: r.unit, width=9, fit=True),
    Column("activity", "相关活动", lambda r: r.activity_title, width=12, cell_tip=lambda r: r.activity_title),
    Column("awarded_by", "授予单位", lambda r: r.awarded_by, width=9),
    Column("awarded_on", "授予日期", lambda r: format_date(r.awarded_on), width="2026-01-01"),
]
EMPTY = "还没有荣誉记录 — 点“登记荣誉”，或在活动的参加人员中选中获奖者后点“登记荣誉”"


class HonoursPage(ListPage[honours.HonourRow]):
    toolbar_title = "荣誉"
    columns = COLUMNS
    layout_key = "honours"
    empty_text = EMPTY
    detail_text = None  # the row says it all; the certificate is printed from here
    placeholder = "搜索荣誉名称、姓名、家庭、证书编号"
    last_task: Any = None

    def filters(self) -> list[FilterDef]:
        year = self.today().year
        return [
            ComboFilter("year", "年度", tuple((y, f"{y}年") for y in range(year + 1, year - 11, -1))),
            ComboFilter("level", "级别", tuple(HONOUR_LEVELS.items())),
            ComboFilter("archived", "范围", ((True, "已归档"),)),
        ]

    def toolbar_actions(self) -> list[Action | None]:
        return [
            Action("new", "登记荣誉", self.add),
            Action("edit", "编辑", self.edit, row=True),
            Action("archive", "归档", self.archive, row=True),
            Action("certificate", "打印荣誉证书", self.print_certificate, row=True),
            Action("export", "导出", self.export),
        ]

    def query(self) -> dict[str, Any]:
        v = self.filter_bar.values()
        return {"year": v["year"], "level": v["level"], "text": v["text"], "archived": bool(v["archived"])}

    def fetch_ids(self, q: dict[str, Any], _sort: str, _descending: bool) -> list[int]:
        with self.db.read() as s:
            rows = honours.honour_rows(s, year=q["year"], text=q["text"], archived=q["archived"])
        return [r.id for r in rows if q["level"] in (None, r.level)]

    def fetch_rows(self, ids: list[int]) -> list[honours.HonourRow]:
        with self.db.read() as s:
            found = {r.id: r for r in honours.honour_rows(s, ids=ids) + honours.honour_rows(s, ids=ids, archived=True)}
        return [found[i] for i in ids if i in found]

    def apply_filter(self) -> None:
        super().apply_filter()
        self.actions_["archive"].setText("恢复" if self.query()["archived"] else "归档")

    def add(self) -> None:
        new_id = HonourDialog.ask(self, self.db)
        if new_id is not None:
            self.after_change(new_id)

    def edit(self) -> None:
        row = self.current()
        if row is not None and HonourDialog.ask(self, self.db, row.id) is not None:
            self.after_change(row.id)

    def archive(self) -> None:
        row = self.current()
        if row is None:
            return
        restore = self.query()["archived"]
        verb = "恢复" if restore else "归档"
        if not prompts.confirm(self, f"{verb}荣誉", f"{verb} {row.holder} 的“{row.title}”（{row.year}年）？", ok=verb):
            return
        with self.db.write() as s:
            honours.set_archived(s, [row.id], archived=not restore, actor=self.db.actor)
        self.after_change()

    def print_certificate(self) -> None:
        from desktop.services.activities.printing import certificate_pdf

        row = self.current()
        if row is not None:
            db = self.db
            self.last_task = io_actions.print_pdf(
                self, "荣誉证书", lambda out, job: certificate_pdf(db, out, honour=row.id)
            )

    def export(self) -> None:
        from desktop.services.activities.export import export_honours

        db, year = self.db, self.query()["year"]
        self.last_task = io_actions.export_xlsx(
            self, "导出荣誉登记", "荣誉记录", lambda path, job: export_honours(db, path, year=year, job=job)
        )
