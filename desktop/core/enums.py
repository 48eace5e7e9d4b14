"""Coded values and their Chinese labels. Codes are stored; labels are shown and exported."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.core.errors import DomainError

SEX: Mapping[str, str] = {"M": "男", "F": "女"}
EMPLOYMENT_TYPE: Mapping[str, str] = {
    "active": "在岗",
    "retired": "退休",
    "flexible": "灵活就业",
    "dispatched": "劳务派遣",
    "other": "其他",
}
WORKER_STATUS: Mapping[str, str] = {
    "on_roll": "在册",
    "transferred": "调出",
    "retired": "退休",
    "deceased": "去世",
}
UNIT_KIND: Mapping[str, str] = {
    "company": "公司",
    "farm": "林场",
    "workshop": "车间",
    "section": "科室",
    "team": "班组",
    "other": "其他",
}

_YES = {"是", "Y", "YES", "TRUE", "1", "会员", "√", "✓"}
_NO = {"否", "N", "NO", "FALSE", "0", "非会员", "×", ""}


def label(mapping: Mapping[str, str], code: str | None) -> str:
    return mapping.get(code or "", code or "")


def code_for(mapping: Mapping[str, str], text: str, *, field: str) -> str:
    """Accept either a code or its Chinese label (as typed in Excel) and return the code."""
    value = (text or "").strip()
    if value in mapping:
        return value
    for code, lab in mapping.items():
        if lab == value:
            return code
    allowed = "、".join(mapping.values())
    raise DomainError(f"“{value}”不是可选值，应为：{allowed}", field=field)


def parse_yes_no(value: object, *, field: str) -> bool:
    if isinstance(value, bool):
        return value
    text = ("" if value is None else str(value)).strip().upper()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise DomainError(f"“{value}”应填“是”或“否”", field=field)
