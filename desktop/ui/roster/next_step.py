"""What an empty roster asks of a new clerk: units first (首次设置), then workers (导入 or 新增)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.roles import Permission
from desktop.services.first_run import setup_state
from desktop.ui.roster import io_actions as roster_io

if TYPE_CHECKING:
    from desktop.ui.roster.tab import RosterTab

NO_UNITS = "还没有建立单位：每名职工都要归到一个单位下，请先填好工会信息和单位结构。"
NO_UNITS_ASK_ADMIN = "还没有建立单位：每名职工都要归到一个单位下，请管理员登录后在“设置 → 单位与组织”中建立。"
NO_WORKERS = "名册里还没有职工：从人事部门的 Excel 花名册导入，或逐个新增。"
EMPTY_NO_UNITS = "还没有职工，也还没有单位 — 先点上方的“首次设置…”建立单位"


def update(tab: RosterTab) -> None:
    """Show the next step above an empty, unfiltered roster; hide it otherwise (one cheap count query)."""
    bar = tab.next_step
    if tab.archive_mode or tab.filter_bar.is_filtered() or tab.model.rowCount() > 0:
        bar.hide()
        return
    with tab.db.read() as s:
        state = setup_state(s)
    if state.units == 0:
        tab.view.set_empty_text(EMPTY_NO_UNITS)  # "点导入" would fail: every row needs a unit first
        if tab.db.can(Permission.SETTINGS):
            bar.show_step(NO_UNITS, [("首次设置…", lambda: run_setup(tab))])
        else:
            bar.show_step(NO_UNITS_ASK_ADMIN)
        return
    if state.workers > 0:  # all archived: the usual empty-table hint is enough
        bar.hide()
        return
    if tab.db.can(Permission.EDIT):
        bar.show_step(NO_WORKERS, [("导入花名册…", lambda: roster_io.start_import(tab)), ("新增职工", tab.add)])
    else:
        bar.show_step(NO_WORKERS)


def run_setup(tab: RosterTab) -> None:
    from desktop.ui.dialogs.first_run_dialog import FirstRunDialog

    if FirstRunDialog.ask(tab.db, tab) is None:
        return
    tab.reload_units()
    tab.units_changed.emit()
    tab.after_change()
