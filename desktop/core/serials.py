"""Record numbers a clerk says aloud and types (#17 item 3): 慰2026-0042, 批2026-003, 活2026-017 …

A serial is a one-character kind, the record's year and a number counted from 1 per kind and year in the
office's data file (one file = one office). It is given once, when the record is saved, and never changes or
returns to the pool: an archived record keeps its number, and a later correction of the record's date keeps
it too (a number printed on a form must keep naming the same record). The internal uid (office code + UUID)
stays the record's identity for HQ merges only.

Parsing is forgiving about what a clerk may type (docs/decisions.md, "Record numbers"): full-width digits and
dashes (慰２０２６－４２), a missing zero padding (慰2026-42), spaces, or no dash at all (慰202642); the kind
character and the four-digit year are required.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.core.errors import DomainError


@dataclass(frozen=True)
class SerialKind:
    """One kind of numbered record: its code, the character that starts its serials and the zero padding."""

    code: str
    prefix: str
    width: int
    label: str  # what the record is called, for messages: "慰问记录"
    year_of: str  # which date gives the year, for help texts and docs


KINDS: dict[str, SerialKind] = {
    k.code: k
    for k in (
        SerialKind("visit", "慰", 4, "慰问记录", "慰问日期"),
        SerialKind("batch", "批", 3, "发放批次", "发放日期"),
        SerialKind("activity", "活", 3, "活动", "活动开始日期"),
        SerialKind("honour", "证", 4, "荣誉", "荣誉年度"),
        SerialKind("plan", "检", 3, "体检计划", "计划年度"),
        SerialKind("hardship", "帮", 4, "困难职工档案", "建档日期"),
        SerialKind("rights", "权", 4, "维权诉求", "受理日期"),
    )
}
BY_PREFIX: dict[str, SerialKind] = {k.prefix: k for k in KINDS.values()}

YEAR_MIN, YEAR_MAX = 1950, 2199
_PATTERN = re.compile(r"^(?P<prefix>\S)\s*(?P<year>[0-9]{4})\s*[-‐‑‒–—―~_/.]?\s*(?P<number>[0-9]{1,7})$")


class SerialError(DomainError):
    """The text is not a record number (of the kind asked for); the message says what one looks like."""


@dataclass(frozen=True)
class Serial:
    kind: str
    year: int
    number: int

    def __str__(self) -> str:
        return format_serial(self.kind, self.year, self.number)


def format_serial(kind: str, year: int, number: int) -> str:
    """慰2026-0042: the kind's character, the year, a dash and the number zero-padded to the kind's width
    (wider numbers are written in full: 批2026-1000)."""
    k = KINDS[kind]
    if number < 1:
        raise ValueError(f"serial numbers start at 1, got {number}")
    return f"{k.prefix}{year:04d}-{number:0{k.width}d}"


def example(kind: str) -> str:
    return format_serial(kind, 2026, 42 if KINDS[kind].width == 4 else 17)


def normalize(text: str) -> str:
    """Full-width digits and dashes to ASCII (NFKC), surrounding spaces dropped."""
    return unicodedata.normalize("NFKC", text or "").strip()


def looks_like_serial(text: str) -> bool:
    """Whether ``text`` starts like a serial (one of the kind characters), as opposed to a uid or an id."""
    clean = normalize(text)
    return bool(clean) and clean[0] in BY_PREFIX


def parse_serial(text: str, kind: str | None = None) -> Serial:
    """The serial in ``text``; with ``kind``, it must be of that kind. SerialError names what is wrong."""
    clean = normalize(text)
    wanted = KINDS[kind] if kind else None
    shape = (
        f"应为“{wanted.prefix}年份-序号”，如 {example(wanted.code)}"
        if wanted
        else "应为“类别字+年份-序号”，如 " + "、".join(example(k) for k in ("visit", "batch", "activity"))
    )
    if not clean:
        raise SerialError(f"请填写{wanted.label if wanted else '记录'}编号（{shape}）")
    m = _PATTERN.match(clean)
    if m is None or m["prefix"] not in BY_PREFIX:
        raise SerialError(f"“{text.strip()}”不是{wanted.label if wanted else '记录'}编号，{shape}")
    found = BY_PREFIX[m["prefix"]]
    if wanted is not None and found.code != wanted.code:
        raise SerialError(f"“{text.strip()}”是{found.label}编号，这里要的是{wanted.label}编号（{shape}）")
    year, number = int(m["year"]), int(m["number"])
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise SerialError(f"“{text.strip()}”的年份 {year} 不合理，{shape}")
    if number < 1:
        raise SerialError(f"“{text.strip()}”的序号应从 1 起，{shape}")
    return Serial(found.code, year, number)


def canonical(text: str, kind: str | None = None) -> str:
    """The stored form of a typed serial: 慰２０２６－４２ → 慰2026-0042."""
    return str(parse_serial(text, kind))


def sort_key(serial: str) -> tuple[str, int, int]:
    """Orders serials as numbers (批2026-999 before 批2026-1000), which plain text order does not."""
    try:
        s = parse_serial(serial)
    except SerialError:
        return (serial, 0, 0)
    return (s.kind, s.year, s.number)
