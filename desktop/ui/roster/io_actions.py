"""The roster tab's file work: import, export and print, each in the background with progress.

The services (roster_import, roster_export, printing) are imported when used: they load openpyxl and
reportlab, which start-up does not need.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.progress import Job
from desktop.ui import prompts
from desktop.ui.dialogs.report_dialog import ReportDialog
from desktop.ui.tab_io import ask_workbook_path, print_pdf

if TYPE_CHECKING:
    from desktop.ui.roster.tab import RosterTab

EXCEL_FILTER = "Excel 工作簿 (*.xlsx *.xlsm)"
CREATE_UNITS = "建立缺少的单位并重新导入"
LONG_SUMMARY = 400  # characters of a success summary that still fit a message box


def start_import(tab: RosterTab, path: Path | None = None, *, create_units: bool = False) -> None:
    if path is None:
        path = prompts.open_file(tab, "导入花名册", EXCEL_FILTER)
        if path is None:
            return
    db = tab.db

    def work(job: Job) -> Any:
        from desktop.services.roster.importing import import_roster

        return import_roster(db, path, create_units=create_units, job=job)

    def done(report: Any) -> None:
        if report.ok:
            tab.reload_units()
            tab.after_change()
            summary = report.summary()
            if len(summary) <= LONG_SUMMARY:
                prompts.inform(tab, "导入花名册", summary)
            else:  # many new units or columns: a scrollable report instead of a box taller than the screen
                ReportDialog.ask(
                    tab, "导入花名册", report.headline(), report.text(), suggested_name=f"导入报告-{path.stem}.txt"
                )
            return
        if report.file_problem is not None:  # the file itself was refused: the CLI's one line, in a box
            prompts.warn(tab, "导入花名册：没有导入", report.file_problem)
            return
        missing = [] if create_units else list(report.missing_units)
        extra = [CREATE_UNITS] if missing else []
        note = "表中有需要改正的地方，整张表都没有导入，数据文件没有任何改动。请按报告改正后重新导入。"
        if missing:
            names = "、".join(missing[:8]) + (f" 等 {len(missing)} 个" if len(missing) > 8 else "")
            note += f"\n表中的单位 {names} 在本数据文件中还没有建立，可以让程序建立后重新导入。"
        choice = ReportDialog.ask(
            tab,
            "导入花名册：没有导入",
            f"{report.summary()}\n{note}",
            report.text(gui=True),
            extra,
            suggested_name=f"导入报告-{path.stem}.txt",
        )
        if choice == 0 and confirm_create_units(tab, missing):
            start_import(tab, path, create_units=True)

    tab.run_task(work, title="导入花名册", label=f"正在导入 {path.name}…", on_success=done)


def confirm_create_units(tab: RosterTab, missing: list[str]) -> bool:
    """Units are made only after the clerk has seen which ones (a typo in the sheet would become a unit)."""
    shown = "\n".join(f"  {name}" for name in missing[:20])
    if len(missing) > 20:
        shown += f"\n  …等 {len(missing)} 个"
    return prompts.confirm(
        tab,
        CREATE_UNITS,
        f"将建立以下 {len(missing)} 个单位，然后重新导入整张表：\n\n{shown}\n\n"
        "请核对名称：表中写错的单位名也会被建成新单位。建好后可在“设置 → 单位与组织”中修改或撤销。",
        ok="建立并导入",
        cancel="取消",
    )


def start_export(tab: RosterTab) -> None:
    count = tab.model.rowCount()
    if count == 0:
        prompts.inform(tab, "导出花名册", "当前列表中没有职工，没有可导出的内容。")
        return
    scope = "当前筛选出的" if tab.filter_bar.is_filtered() else "名册中全部"
    choice = prompts.choose(
        tab,
        "导出花名册",
        f"将导出{scope} {count} 名职工到 Excel。\n\n身份证号怎样导出？完整号码属于敏感个人信息，"
        "只在上报确实需要时选择。\n隐去时只留出生年份（不含出生日期），电话号码也隐去中间四位。",
        ["隐去中间部分（推荐）", "完整身份证号和电话"],
        default=0,
    )
    if choice is None:
        return
    full_ids = choice == 1
    path = ask_workbook_path(
        tab, "导出花名册", f"花名册-{date.today():%Y%m%d}.xlsx", filters=EXCEL_FILTER, suffixes=(".xlsx", ".xlsm")
    )
    if path is None:
        return
    db, flt = tab.db, tab.current_filter()
    sort, descending = tab.model.sort_key, tab.model.descending

    def work(job: Job) -> int:
        from desktop.services.roster.export import export_roster

        return export_roster(db, path, flt, full_ids=full_ids, sort=sort, descending=descending, job=job)

    def done(n: int) -> None:
        ids = "含完整身份证号，请妥善保管" if full_ids else "身份证号已隐去中间部分"
        prompts.inform(tab, "导出花名册", f"已导出 {n} 名职工（{ids}）到：\n{path}")

    tab.run_task(work, title="导出花名册", label=f"正在导出到 {path.name}…", on_success=done)


def start_print(tab: RosterTab) -> None:
    if tab.model.rowCount() == 0:
        prompts.inform(tab, "打印花名册", "当前列表中没有职工，没有可打印的内容。")
        return
    db, flt, text = tab.db, tab.current_filter(), tab.filter_bar.describe()
    sort, descending = tab.model.sort_key, tab.model.descending

    def render(out: Path, job: Job, *, full_phones: bool = False) -> int:
        from desktop.services.roster.printing import roster_pdf

        return roster_pdf(
            db,
            out,
            flt,
            filter_text=text,
            sort=sort,
            descending=descending,
            full_ids=False,
            full_phones=full_phones,
            job=job,
        )

    print_pdf(
        tab,
        "花名册",
        render,
        lambda out, job: render(out, job, full_phones=True),
        run=tab.run_task,
        keep=lambda p: setattr(tab, "preview", p),
    )
