"""How a protection case looks on the 四期保护 tab: ledger columns (each date's tooltip is its reason),
the detail pane's sections, the case history's wording, and the columns of the conflict and reminder lists.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.core import hazards
from desktop.core.dates import format_date
from desktop.core.errors import DomainError
from desktop.core.idcard import mask
from desktop.core.protection_timeline import ExplainedDate, ExplainedNumber
from desktop.services.protections.cases import FIELD_LABELS
from desktop.services.protections.conflicts import Conflict
from desktop.services.protections.ledger import CaseRow
from desktop.services.reminders import Reminder
from desktop.ui.widgets.detail_pane import AuditLike, DetailRow, DetailSection, HistoryLine, history_lines
from desktop.ui.widgets.lazy_table import CENTER, RIGHT, Column, LazyTableModel

ALERT = "#b00020"
ALERT_MARK = "！"  # a full-width mark every CJK font has; a ⚠ glyph falls back to boxes on bare PCs
DATE_WIDTH = "0000-00-00"


# -- ledger ------------------------------------------------------------------------------------------
def _date(item: ExplainedDate | None) -> str:
    return format_date(item.day) if item is not None else ""


def _reason(item: ExplainedDate | ExplainedNumber | None) -> str:
    return item.reason if item is not None else ""


def leave_start(r: CaseRow) -> ExplainedDate | None:
    """The start of her leave: maternity leave, or the miscarriage leave (one column for both)."""
    if r.leave_start is not None:
        return r.leave_start
    return r.timeline.miscarriage_leave_start if r.timeline is not None else None


def leave_end(r: CaseRow) -> ExplainedDate | None:
    return r.leave_end or r.miscarriage_leave_end


def lactation_last(r: CaseRow) -> ExplainedDate | None:
    """Stopping early ends the protection; the stored stop date carries its own reason."""
    return r.lactation_stopped or r.lactation_end


def _hours(r: CaseRow) -> str:
    return f"{r.breastfeeding_hours.value}小时" if r.breastfeeding_hours is not None else ""


def _post(r: CaseRow) -> str:
    return r.post + ("（调）" if r.reassigned else "")


def _post_tip(r: CaseRow) -> str:
    lines = [f"岗位危害条件：{describe_conditions(r.conditions)}"]
    if r.reassignment:
        lines.append(f"调岗：{r.reassignment}")
    return "\n".join(lines)


def _state_tip(r: CaseRow) -> str:
    if r.problem:
        return f"登记内容与规则不符，请编辑更正：{r.problem}"
    if r.weeks is not None and r.lmp is not None and r.state_code in ("pregnant", "pregnant_7m"):
        return f"孕{r.weeks}周：按末次月经 {_date(r.lmp)} 计到统计日期的整周数"
    return ""


def has_alert(r: CaseRow) -> bool:
    return bool(r.post_problems) or r.state_code == "invalid"


def _alert_text(r: CaseRow) -> str:
    if r.state_code == "invalid":
        return f"{ALERT_MARK}核对"
    return f"{ALERT_MARK}冲突" if r.post_problems else ""


def _alert_tip(r: CaseRow) -> str:
    if r.problem:
        return r.problem
    return "\n".join(r.post_problems)


def _date_column(
    key: str, title: str, get: Callable[[CaseRow], ExplainedDate | None], *, sort: str | None = None, tooltip: str = ""
) -> Column[CaseRow]:
    return Column(
        key,
        title,
        lambda r: _date(get(r)),
        sort=sort,
        align=CENTER,
        width=DATE_WIDTH,
        tooltip=tooltip,
        cell_tip=lambda r: _reason(get(r)),
    )


COLUMNS: list[Column[CaseRow]] = [
    Column("name", "姓名", lambda r: r.name, sort="name", width=5, cell_tip=lambda r: r.name),
    Column("unit", "单位", lambda r: r.unit_name, sort="unit", width=5, cell_tip=lambda r: r.unit_name, fit=True),
    Column(
        "post", "岗位", _post, width=6, cell_tip=_post_tip, tooltip="统计日期当天所在岗位；“（调）”表示已按四期保护调岗"
    ),
    Column(
        "alert",
        "冲突",
        _alert_text,
        align=CENTER,
        width=3,
        cell_tip=_alert_tip,
        tooltip="岗位有本期禁忌作业或夜班/加班，须调岗；“核对”表示登记内容需更正",
    ),
    Column("state", "状态", lambda r: r.state_label, sort="state", width=5, cell_tip=_state_tip),
    _date_column("lmp", "末次月经", lambda r: r.lmp),
    _date_column("due", "预产期", lambda r: r.due, sort="due"),
    _date_column(
        "seven_month",
        "满7个月",
        lambda r: r.seven_month,
        tooltip="自此日起不得安排夜班和延长劳动时间（国务院令第619号第六条）",
    ),
    _date_column("leave_start", "产假起", leave_start, tooltip="产假（流产的为流产假）第一天"),
    _date_column("leave_end", "产假止", leave_end, sort="leave_end", tooltip="产假（流产的为流产假）最后一天"),
    _date_column(
        "lactation_end",
        "哺乳期止",
        lactation_last,
        sort="lactation_end",
        tooltip="哺乳期保护的最后一天（婴儿满“四期保护规则”中哺乳期月龄的前一天，或停止哺乳之日；"
        "每格的提示写明计算依据）",
    ),
    Column(
        "hours",
        "每日哺乳",
        _hours,
        align=RIGHT,
        width=4,
        cell_tip=lambda r: _reason(r.breastfeeding_hours),
        tooltip="哺乳期内每个工作日的哺乳时间（国务院令第619号第九条）",
    ),
    Column(
        "contract",
        "合同到期",
        lambda r: _contract(r),
        align=CENTER,
        width=DATE_WIDTH,
        cell_tip=lambda r: _reason(r.contract_extension),
        tooltip="名册中的合同到期日；在孕期、产期、哺乳期内到期的标红，合同应续延至哺乳期满"
        "（劳动合同法第四十二条、第四十五条）",
    ),
]


def _contract(r: CaseRow) -> str:
    if r.contract_end is None:
        return ""
    return (f"{ALERT_MARK}" if r.contract_extension is not None else "") + format_date(r.contract_end)


class AlertTableModel(LazyTableModel[Any]):
    """A LazyTableModel whose warning cells are dark red, so a conflict stands out in a long list."""

    def __init__(self, columns: Sequence[Column[Any]], *, alert: Callable[[str, Any], bool], **kw: Any) -> None:
        super().__init__(columns, **kw)
        self._alert = alert

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and 0 <= index.row() < self.rowCount():
            rec = self.record(index.row())
            if rec is not None and self._alert(self.columns[index.column()].key, rec):
                return QColor(ALERT)
        return super().data(index, role)


def ledger_alert(key: str, r: CaseRow) -> bool:
    if key == "contract":
        return r.contract_extension is not None
    return key in ("alert", "state") and has_alert(r) and (key == "alert" or r.state_code == "invalid")


# -- detail pane ---------------------------------------------------------------------------------------
def describe_conditions(conditions: str) -> str:
    try:
        return hazards.describe(conditions)
    except DomainError:  # stored long ago with an unknown code: show it rather than break the pane
        return conditions or "无"


def detail_sections(
    row: CaseRow, on: date, unit_paths: Mapping[int, str], others: Sequence[CaseRow] = ()
) -> list[DetailSection]:
    """What needs doing first (post problems, data to correct), then the dates with their reasons."""
    basic = [
        DetailRow("单位", unit_paths.get(row.unit_id, row.unit_name)),
        DetailRow(
            "状态", row.state_label or "不在四期内", f"统计日期 {format_date(on)}；{_state_tip(row)}".rstrip("；")
        ),
    ]
    if row.birth_type:
        basic.append(DetailRow("分娩", f"{row.birth_type}，{row.babies}个婴儿"))
    basic.append(DetailRow("身份证号", mask(row.id_number)))
    sections = [DetailSection("基本情况", basic)]
    if row.problem:
        sections.append(DetailSection("需要处理", [DetailRow("登记需核对", row.problem, "请点“编辑”更正")]))
    elif row.post_problems:
        sections.append(
            DetailSection(
                "需要处理：岗位冲突",
                [
                    *(DetailRow("问题", p) for p in row.post_problems),
                    DetailRow("办法", "点“调岗”记录调整后的岗位", "调岗生效后冲突即消除"),
                ],
            )
        )
    if row.contract_extension is not None and row.contract_end is not None:
        sections.append(
            DetailSection(
                "需要处理：劳动合同",
                [
                    DetailRow("合同到期日", format_date(row.contract_end), row.contract_extension.reason),
                    DetailRow("应续延至", _date(row.contract_extension), "请告知人事部门，不得按期满终止合同"),
                ],
            )
        )
    dates = [
        DetailRow(label, value, reason)
        for label, value, reason in (row.timeline.rows() if row.timeline is not None else [])
    ]
    if row.frozen_rules is not None:
        since = format_date(row.rules_day) if row.rules_day else "变更前"
        dates.append(
            DetailRow(
                "适用规则",
                f"保留 {since} 有效的规则",
                "规则变更时她的产假已开始，按当时的规则计算（不随追溯变更移动）；"
                "如需按现行规则计算，请点“重新计算”，变更记入历史",
            )
        )
    elif row.rules_day is not None:
        dates.append(
            DetailRow(
                "适用规则",
                f"{format_date(row.rules_day)} 有效的规则",
                "取分娩日（流产日；未分娩的取预产期）当天有效的规则，见“设置 → 四期保护规则”",
            )
        )
    sections.append(DetailSection("关键日期及依据", dates or [DetailRow("日期", "暂无可计算的日期")]))
    post = [DetailRow("现岗位", row.post or "未填", f"作业条件：{describe_conditions(row.conditions)}")]
    if row.reassignment:
        post.append(DetailRow("调岗", row.reassignment, "" if row.reassigned else "调岗日期未到，按原岗位核对"))
    post.append(
        DetailRow(
            "医生证明",
            "已提交" if row.doctor_certificate else "未提交",
            "凭医生证明应减轻劳动量或安排其他工作（国务院令第619号第六条）",
        )
    )
    if row.reduced_workload:
        post.append(DetailRow("减轻工作量", row.reduced_workload))
    if not row.post_problems and not row.problem and row.state_code is not None:
        post.append(DetailRow("岗位冲突", "无", "现岗位没有本期禁忌作业，也没有须避免的夜班/加班"))
    sections.append(DetailSection("岗位与保护措施", post))
    if row.notes:
        sections.append(DetailSection("备注", [DetailRow("备注", row.notes)]))
    if others:
        sections.append(DetailSection("她的其他登记", [DetailRow(*_other_case(o)) for o in others]))
    return sections


def _other_case(o: CaseRow) -> tuple[str, str]:
    if o.delivery is not None:
        return "分娩", f"{_date(o.delivery)}（{o.birth_type}，{o.babies}个婴儿）"
    if o.miscarriage is not None:
        return "流产", _date(o.miscarriage)
    return "预产期", _date(o.due)


# -- history -----------------------------------------------------------------------------------------
ACTION_NAMES = {
    "create": "登记",
    "update": "编辑",
    "delivery": "记录分娩",
    "miscarriage": "记录流产",
    "leave_start": "记录产假开始",
    "return": "记录返岗",
    "reassign": "记录调岗",
    "stop_lactation": "记录停止哺乳",
    "archive": "归档",
    "restore": "恢复",
    "rules_kept": "规则变更：保留原规则",
    "rule_change": "规则变更：按新规则重算",
    "recalculate": "重新计算",
}


def _yes_no(value: object) -> str:
    return "是" if value else "否"


HISTORY_FORMATS: dict[str, Callable[[Any], str]] = {
    "doctor_certificate": lambda v: "已提交" if v else "未提交",
    "dystocia": _yes_no,
    "reassigned_to_hazards": lambda v: describe_conditions(str(v)),
}


@dataclass(frozen=True)
class _AsChange:
    """An audit entry read as a field change, so every recorded step lists what it changed."""

    actor: str
    action: str
    at: Any
    before: str | None
    after: str | None


_RULE_ACTIONS = ("rules_kept", "rule_change", "recalculate")


def case_history(entries: Iterable[AuditLike]) -> list[HistoryLine]:
    out: list[HistoryLine] = []
    for e in entries:
        action = "update" if e.action not in ("create", "archive", "restore") else e.action
        after = e.after
        if e.action == "create" and after:
            # A registration lists only the facts it was opened with, not every empty field.
            filled = {k: v for k, v in json.loads(after).items() if v not in (None, "", False, 1)}
            after, action = json.dumps(filled, ensure_ascii=False), "update"
        labels: Mapping[str, str] = FIELD_LABELS
        if e.action in _RULE_ACTIONS:
            # Rule changes record the computed dates under their Chinese labels (产假天数, 产假结束 …).
            keys = {**json.loads(e.before or "{}"), **json.loads(after or "{}")}
            labels = {k: k for k in keys}
        [line] = history_lines(
            [_AsChange(e.actor, action, e.at, e.before, after)], labels=labels, formats=HISTORY_FORMATS
        )
        if e.action == "create":
            line = replace(line, changes=[c.replace("（空） → ", "") for c in line.changes])
        out.append(replace(line, what=ACTION_NAMES.get(e.action, e.action)))
    return out


# -- conflicts and reminders -------------------------------------------------------------------------
CONFLICT_COLUMNS: list[Column[Conflict]] = [
    Column("kind", "类别", lambda c: c.kind_label, width=7),
    Column("name", "姓名", lambda c: c.name, width=5, cell_tip=lambda c: c.name),
    Column("unit", "单位", lambda c: c.unit, width=5, fit=True),
    Column("post", "岗位", lambda c: c.post, width=5),
    Column("state", "状态", lambda c: c.state_label, width=5),
    Column("conditions", "岗位危害条件", lambda c: c.conditions, width=9, cell_tip=lambda c: c.conditions),
    Column("reasons", "原因", lambda c: "；".join(c.reasons), width=30, cell_tip=lambda c: "\n".join(c.reasons)),
]


def conflict_alert(key: str, c: Conflict) -> bool:
    return key == "kind" and c.kind != "menstruation"


def _days_from(on: Callable[[], date]) -> Callable[[Reminder], str]:
    def text(r: Reminder) -> str:
        n = (r.day - on()).days
        return "今天" if n == 0 else f"{n}天后" if n > 0 else f"{-n}天前"

    return text


def reminder_columns(on: Callable[[], date]) -> list[Column[Reminder]]:
    """``on`` gives the tab's 统计日期, from which "N天后" is counted."""
    return [
        Column("day", "日期", lambda r: format_date(r.day), align=CENTER, width=DATE_WIDTH),
        Column("in", "距统计日", _days_from(on), align=RIGHT, width=4),
        Column("kind", "事项", lambda r: r.kind_label, width=6),
        Column("name", "姓名", lambda r: r.name, width=5, cell_tip=lambda r: r.name),
        Column("unit", "单位", lambda r: r.unit, width=5, fit=True),
        Column("detail", "说明", lambda r: r.detail, width=30, cell_tip=lambda r: r.detail),
    ]


def reminder_alert(key: str, r: Reminder) -> bool:
    return key == "detail" and "须调整" in r.detail
