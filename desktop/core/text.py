"""Cleaning of what clerks type or paste: padded names, phone numbers."""

from __future__ import annotations

import re

from desktop.core.errors import DomainError

_SPACES = re.compile(r"[\s\u3000]+")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,5})?$")
_NAME = re.compile(r"^[\u3400-\u9fff\uf900-\ufaffA-Za-z·•．.]+$")


def clean_name(raw: object) -> str:
    """Drop alignment padding ("张　丽" → "张丽"); unify the minority-name dot to the middle dot."""
    text = _SPACES.sub("", "" if raw is None else str(raw))
    return re.sub(r"[•．.]", "·", text)


def validate_name(raw: object) -> str:
    name = clean_name(raw)
    if not name:
        raise DomainError("姓名不能为空", field="name")
    if len(name) > 30:
        raise DomainError(f"姓名“{name}”过长（最多30个字）", field="name")
    if not _NAME.match(name) or name.startswith("·") or name.endswith("·"):
        raise DomainError(f"姓名“{name}”含有不应出现的字符", field="name")
    return name


def clean_phone(raw: object) -> str:
    text = "" if raw is None else str(raw)
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    return re.sub(r"[\s\u3000()（）]", "", text).replace("－", "-").replace("—", "-")


def validate_phone(raw: object) -> str:
    """A mobile (11 digits, 1[3-9]…) or a landline with area code (0470-3521234); empty is allowed."""
    phone = clean_phone(raw)
    if not phone:
        return ""
    if _MOBILE.match(phone) or _LANDLINE.match(phone):
        return phone
    raise DomainError(
        f"联系电话“{phone}”格式不对：手机号为1开头的11位数字，座机请带区号，如 0470-3521234", field="phone"
    )
