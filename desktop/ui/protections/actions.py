"""What the 四期保护 toolbar does: open the step dialogs, archive, and the file work (Excel export, the
ledger and the notice as PDF) in the background.

The export and print services are imported when used: they load openpyxl and reportlab, which start-up
does not need.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import DomainError
from desktop.core.progress import Job
from desktop.services.protections import cases as protections
from desktop.ui import prompts
from desktop.ui.protections import dialogs
from desktop.ui.tab_io import ask_workbook_path, print_pdf

if TYPE_CHECKING:
    from desktop.ui.protections.tab import ProtectionTab


# -- dialogs -------------------------------------------------------------------------------------------
def register(tab: ProtectionTab) -> None:
    new_id = dialogs.RegisterPregnancyDialog.ask(tab, tab.db)
    if new_id is None:
        return
    if tab.filter_bar.is_filtered():
        tab.filter_bar.clear()  # a new case outside the filter would seem to vanish
    tab.pages.setCurrentIndex(0)
    tab.after_change(new_id)


def _step(tab: ProtectionTab, cls: type[dialogs.CaseStepDialog]) -> None:
    case_id = tab.current_case_id()
    if case_id is None:
        return
    try:
        saved = cls.ask(tab, tab.db, case_id)
    except DomainError as exc:  # archived or left the roll since the list was read
        prompts.show_error(tab, cls.TITLE, exc)
        tab.after_change()
        return
    if saved is not None:
        tab.after_change(case_id)


def delivery(tab: ProtectionTab) -> None:
    _step(tab, dialogs.DeliveryDialog)


def miscarriage(tab: ProtectionTab) -> None:
    _step(tab, dialogs.MiscarriageDialog)


def leave_start(tab: ProtectionTab) -> None:
    _step(tab, dialogs.LeaveStartDialog)


def return_to_work(tab: ProtectionTab) -> None:
    _step(tab, dialogs.ReturnDialog)


def reassign(tab: ProtectionTab) -> None:
    _step(tab, dialogs.ReassignDialog)


def stop_lactation(tab: ProtectionTab) -> None:
    _step(tab, dialogs.StopLactationDialog)


def edit(tab: ProtectionTab) -> None:
    _step(tab, dialogs.CaseEditDialog)


def recalculate(tab: ProtectionTab) -> None:
    """重新计算 (#18 item 5): a case that kept its rules after a backdated change follows the rule data again."""
    row = tab.current_row
    if row is None or row.frozen_rules is None:
        return
    since = row.rules_day.isoformat() if row.rules_day else "变更前"
    if not prompts.confirm(
        tab,
        "重新计算",
        f"{row.name}的产假在规则变更前已开始，目前按 {since} 有效的规则计算。\n\n"
        "按现行规则（设置 → 四期保护规则）重新计算她的产假、哺乳期等日期？\n"
        "计算前后的日期和天数记入该登记的历史。",
        ok="重新计算",
    ):
        return
    try:
        with tab.db.write() as s:
            protections.recalculate_case(s, row.case_id, actor=tab.db.actor)
    except Exception as exc:  # shown to the clerk; nothing was written
        prompts.show_error(tab, "重新计算", exc)
        return
    tab.after_change(row.case_id)


def archive(tab: ProtectionTab) -> None:
    row = tab.current_row
    if row is None:
        return
    what = f"预产期 {row.due.day.isoformat()}" if row.due else row.state_label
    if not prompts.confirm(
        tab,
        "归档登记",
        f"把{row.name}的这条四期保护登记（{what}）归档？\n\n"
        "归档后它不再出现在台账、冲突和提醒中；记录保留，不会删除。\n"
        "误登记或她已离开本单位时才归档。",
        ok="归档",
    ):
        return
    try:
        with tab.db.write() as s:
            protections.archive_case(s, row.case_id, actor=tab.db.actor)
    except Exception as exc:  # shown to the clerk; nothing was written
        prompts.show_error(tab, "归档登记", exc)
        return
    tab.after_change()


# -- files ---------------------------------------------------------------------------------------------
def start_export(tab: ProtectionTab) -> None:
    count = tab.model.rowCount()
    if count == 0:
        prompts.inform(tab, "导出四期保护台账", "当前台账中没有女职工，没有可导出的内容。")
        return
    choice = prompts.choose(
        tab,
        "导出四期保护台账",
        f"将导出统计日期 {tab.on().isoformat()} 的台账中 {count} 名女职工到 Excel。\n\n"
        "身份证号怎样导出？完整号码属于敏感个人信息，只在上报确实需要时选择。",
        ["隐去中间部分（推荐）", "完整身份证号"],
        default=0,
    )
    if choice is None:
        return
    full_ids = choice == 1
    path = ask_workbook_path(tab, "导出四期保护台账", f"四期保护台账-{tab.on():%Y%m%d}.xlsx")
    if path is None:
        return
    db, q = tab.db, tab.current_query()

    def work(job: Job) -> int:
        from desktop.services.protections.export import export_protection_ledger

        return export_protection_ledger(
            db, path, on=q.on, state=q.state, unit_id=q.unit_id, text=q.text, full_ids=full_ids, job=job
        )

    def done(n: int) -> None:
        ids = "含完整身份证号，请妥善保管" if full_ids else "身份证号已隐去中间部分"
        prompts.inform(tab, "导出四期保护台账", f"已导出 {n} 名女职工（{ids}）到：\n{path}")

    tab.run_task(work, title="导出四期保护台账", label=f"正在导出到 {path.name}…", on_success=done)


def _accepted(render: Callable[..., Any], options: dict[str, Any]) -> dict[str, Any]:
    """The options a form takes: the table's order and the filter's wording go only to a form that
    accepts them (the forms are developed alongside and may not take every option)."""
    params = inspect.signature(render).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return options
    return {k: v for k, v in options.items() if k in params}


def _print(tab: ProtectionTab, form_name: str, title: str, file_name: str, options: dict[str, Any]) -> None:
    db = tab.db

    def render(out: Path, job: Job) -> int:
        from desktop.services.printing import FORMS

        form = FORMS[form_name]
        return form(db, out, **_accepted(form.render, {**options, "job": job}))

    print_pdf(tab, title, render, file_name=file_name, run=tab.run_task, keep=lambda p: setattr(tab, "preview", p))


def start_print_ledger(tab: ProtectionTab) -> None:
    if tab.model.rowCount() == 0:
        prompts.inform(tab, "打印四期保护台账", "当前台账中没有女职工，没有可打印的内容。")
        return
    q = tab.current_query()
    options = {
        "on": q.on,
        "state": q.state,
        "unit_id": q.unit_id,
        "text": q.text,
        "sort": tab.model.sort_key,
        "descending": tab.model.descending,
        "filter_text": tab.filter_bar.describe(),
    }
    _print(tab, "protection-ledger", "女职工四期保护台账", f"四期保护台账-{q.on:%Y%m%d}.pdf", options)


def start_print_notice(tab: ProtectionTab) -> None:
    row = tab.current_row
    if row is None:
        prompts.inform(tab, "打印告知单", "请先选中一名女职工。")
        return
    on: date = tab.on()
    _print(
        tab,
        "protection-notice",
        f"保护告知单 — {row.name}",
        f"保护告知单-{row.name}.pdf",
        {"worker": row.worker_id, "on": on},
    )
