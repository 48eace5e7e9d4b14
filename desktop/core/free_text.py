"""What free text may hold, wherever it comes from (a dialog, a pasted cell, an imported sheet).

Two rules, kept here so the dialogs, the services and the roster import say the same thing:

- **No control characters.** A raw 0x01, an Excel escape such as ``_x001B_`` (which the reader turns back
  into the character), a NUL: invisible on screen, cut by the exports later (XML cannot hold most of them),
  so what was stored is not what goes out. They are *refused* with the field named and the position,
  never stripped silently (docs/decisions.md). Tab, line feed and carriage return are text, not control
  characters here: a 备注 typed with Alt+Enter in Excel keeps its lines.
- **A length per field.** Each field has a limit (``limit_for``), named in the message. Limits are far
  above what a clerk writes and below Excel's 32,767 characters a cell, so nothing stored is ever cut on
  export; a 5,000,000-character 备注 is refused, not stored.
"""

from __future__ import annotations

import re

from desktop.core.errors import DomainError

# C0 controls but tab/LF/CR, DEL, C1 controls, lone surrogates and the two non-characters XML cannot hold.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

LINE_MAX = 200  # a one-line field with no limit of its own (地点, 联系人 …)
NOTE_MAX = 2000  # 备注, 说明, 意见: a page of text
LONG_MAX = 10_000  # 活动总结 and the like: several pages, still a third of an Excel cell
EXCEL_CELL_MAX = 32_767  # what one Excel cell holds; nothing the program stores may exceed it

# Per field key (the same key names the same kind of text in every area). Database columns with a
# declared length (String(50)) are held to that length too (desktop/services/text_guard.py).
LIMITS: dict[str, int] = {
    "notes": NOTE_MAX,
    "note": NOTE_MAX,
    "description": NOTE_MAX,
    "base_opinion": NOTE_MAX,
    "higher_opinion": NOTE_MAX,
    "status_reason": NOTE_MAX,
    "override_reason": NOTE_MAX,
    "reduced_workload": NOTE_MAX,
    "items": NOTE_MAX,
    "preparation": NOTE_MAX,
    "documents": NOTE_MAX,
    "family_member_names": NOTE_MAX,
    "summary": LONG_MAX,
    "name": 50,
    "ethnicity": 20,
    "post": 50,
    "phone": 30,
    "title": 100,
    "place": 200,
    "organiser": 100,
    "target_group": 100,
    "cause": 100,
    "visitors": 200,
    "goods": 200,
    "relative_name": 50,
    "relative_relation": 20,
    "award_name": 100,
    "award_rank": 50,
    "family_name": 50,
    "provider": 100,
    "contact": 100,
    "caption": 200,
    "health": 200,
    "housing": 200,
    "disability": 100,
    "bank_name": 100,
    "bank_account": 40,
    "main_cause": 50,
    "secondary_causes": 200,
    "school_or_work": 100,
    "relation": 20,
    "reassigned_from_post": 50,
    "reassigned_to_post": 50,
    "awarded_by": 100,
}

# How messages name a field when the caller has no label of its own (the database safety net).
LABELS: dict[str, str] = {
    "notes": "备注",
    "note": "备注",
    "description": "简介",
    "summary": "活动总结",
    "base_opinion": "基层工会意见",
    "higher_opinion": "上级工会意见",
    "status_reason": "状态变更原因",
    "override_reason": "超标准原因",
    "reduced_workload": "减轻劳动量安排",
    "items": "检查项目",
    "preparation": "注意事项",
    "documents": "材料",
    "family_member_names": "家庭成员",
    "name": "名称",
    "ethnicity": "民族",
    "post": "岗位",
    "phone": "联系电话",
    "title": "标题",
    "place": "地点",
    "organiser": "组织者",
    "target_group": "参加对象",
    "cause": "事由",
    "visitors": "慰问人",
    "goods": "慰问物品",
    "relative_name": "亲属姓名",
    "relative_relation": "亲属关系",
    "award_name": "奖项",
    "award_rank": "名次",
    "family_name": "家庭名称",
    "provider": "体检机构",
    "contact": "联系人",
    "caption": "说明",
    "health": "健康状况",
    "housing": "住房情况",
    "disability": "残疾情况",
    "bank_name": "开户银行",
    "bank_account": "银行账号",
    "main_cause": "主要致困原因",
    "secondary_causes": "其他致困原因",
    "school_or_work": "就学或工作单位",
    "relation": "与职工关系",
    "reassigned_from_post": "原岗位",
    "reassigned_to_post": "调整后岗位",
    "awarded_by": "授予单位",
    "report_time": "报到时间",
    "festival": "节日",
    "file_name": "文件名",
    "level": "级别",
    "group_text": "范围",
}


def limit_for(key: str, *, multiline: bool = False) -> int:
    """The length limit of field ``key``; a field with none of its own gets the line or note default."""
    return LIMITS.get(key, NOTE_MAX if multiline else LINE_MAX)


def label_for(key: str) -> str:
    return LABELS.get(key, "内容")


def control_character(text: str) -> tuple[int, str] | None:
    """(1-based position, the character) of the first control character in ``text``, or None."""
    m = _CONTROL.search(text)
    return (m.start() + 1, m.group()) if m else None


def text_problem(text: str, label: str, limit: int) -> str | None:
    """The message for what is wrong with ``text`` as the field ``label`` (limit ``limit``), or None."""
    bad = control_character(text)
    if bad is not None:
        position, char = bad
        return (
            f"{label}含有不可见的控制字符（第{position}个字符，U+{ord(char):04X}），"
            "可能是从别处复制来的；请删除后重新输入"
        )
    if len(text) > limit:
        return f"{label}过长：最多{limit}个字，现有{len(text)}个字"
    return None


def check_text(text: str, label: str, limit: int, *, field: str | None = None) -> str:
    """``text`` unchanged, or DomainError (naming ``field``) when it breaks a rule above."""
    problem = text_problem(text, label, limit)
    if problem is not None:
        raise DomainError(problem, field=field)
    return text
