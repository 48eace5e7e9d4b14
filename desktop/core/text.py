"""Cleaning of what clerks type or paste: padded names, phone numbers (and their masked form for print)."""

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


def mask_phone(raw: object) -> str:
    """138****5678 for a mobile, 0470-***1234 for a landline: enough to tell numbers apart and to check one
    read out on the phone, not enough to call it. Sign-in sheets lie on a table for everyone who signs.

    A landline keeps its area code (public: it names the town) and its extension; anything else keeps only
    its last four digits, and a short number none.
    """
    phone = clean_phone(raw)
    if not phone:
        return ""
    if _MOBILE.match(phone):
        return phone[:3] + "****" + phone[-4:]
    if _LANDLINE.match(phone):
        if "-" in phone:
            area, _, rest = phone.partition("-")
        else:
            area, rest = phone[: _area_length(phone)], phone[_area_length(phone) :]
        number, dash, extension = rest.partition("-")
        return area + "-" + "*" * (len(number) - 4) + number[-4:] + dash + extension
    digits = [c for c in phone if c.isdigit()]
    keep = 4 if len(digits) > 6 else 0
    out: list[str] = []
    seen = 0
    for c in reversed(phone):
        if c.isdigit():
            seen += 1
            out.append(c if seen <= keep else "*")
        else:
            out.append(c)
    return "".join(reversed(out))


def _area_length(phone: str) -> int:
    """010 and 02x are three-digit area codes; the others (0470 呼伦贝尔 …) four."""
    return 3 if phone[1] in "12" else 4


WORD_JOINER = "\u2060"  # no line break on either side (Unicode line breaking, UAX #14); nothing is drawn


def keep_together(text: str, tail: int = 4) -> str:
    """Each paragraph's last ``tail`` characters joined so a wrapped label never ends on a line of one or two
    ("户。" alone at 特大, #17 item 10); Chinese may otherwise break between any two characters."""
    out = []
    for paragraph in text.split("\n"):
        if len(paragraph) > tail:
            paragraph = paragraph[:-tail] + WORD_JOINER.join(paragraph[-tail:])
        out.append(paragraph)
    return "\n".join(out)
