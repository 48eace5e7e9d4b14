"""A unit tree typed or pasted as text, for the first-run setup.

A clerk has the office's structure in a Word list or an Excel column, so both shapes are read:

    甘河林场                      阿里河森工公司/甘河林场/营林一班
        营林一班                  甘河林场/营林二班
        营林二班                  营林科
    营林科

Indentation (spaces, tabs or full-width spaces) makes a line a sub-unit of the nearest less-indented line
above it; a "/" path names its own parents (below that line when indented, from the top when not).
Bullets and numbering ("-", "•", "1.", "（一）") are dropped.
The result is a list of paths ("甘河林场/营林一班") in the order given, parents before children, each once.
"""

from __future__ import annotations

import re

from desktop.core.errors import DomainError

MAX_NAME = 50  # a unit name longer than this is a pasted sentence (the roster import holds to it too)

_KIND_BY_SUFFIX: tuple[tuple[str, str], ...] = (
    ("公司", "company"),
    ("林场", "farm"),
    ("车间", "workshop"),
    ("科", "section"),
    ("室", "section"),
    ("班", "team"),
    ("组", "team"),
)
_NUMERALS = "一二三四五六七八九十"
_BULLET = re.compile(rf"^(?:[-*·•●○■□◆◇]+|\d+[.、．)）]|[（(][{_NUMERALS}\d]+[)）]|[{_NUMERALS}]+、)\s*")
_SPACES = re.compile(r"[\s\u3000]+")


def guess_kind(name: str) -> str:
    """公司/林场/车间/科室/班组 from the name's ending, else "other", for the units the first-run setup and the
    roster import create; the clerk can change it in 设置."""
    return next((kind for suffix, kind in _KIND_BY_SUFFIX if name.endswith(suffix)), "other")


def normalize_path(text: str) -> str:
    """One unit path as a roster writes it: no spaces, "／" and "\\" read as "/", no empty levels."""
    text = _SPACES.sub("", text or "").replace("／", "/").replace("\\", "/")
    return "/".join(part for part in text.split("/") if part)


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4
        elif ch == "\u3000":
            width += 2
        else:
            break
    return width


def parse_outline(text: str) -> list[str]:
    """The unit paths the text describes (see the module docstring); a name too long is refused by line."""
    paths: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[int, str]] = []  # (indent, path) of the lines that may still take sub-units

    def add(path: str) -> None:
        parts = path.split("/")
        for k in range(1, len(parts) + 1):
            prefix = "/".join(parts[:k])
            if prefix not in seen:
                seen.add(prefix)
                paths.append(prefix)

    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        indent = _indent(raw)
        body = _BULLET.sub("", raw.strip())
        path = normalize_path(body)
        if not path:
            continue
        for name in path.split("/"):
            if len(name) > MAX_NAME:
                raise DomainError(
                    f"第{number}行：单位名称“{name[:12]}…”过长（最多{MAX_NAME}个字），每行只写一个单位名称"
                )
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if stack:  # indented: below the line above, whether it names one level or a "/" path
            path = f"{stack[-1][1]}/{path}"
        add(path)
        stack.append((indent, path))
    return paths


def under_company(paths: list[str], company: str) -> list[str]:
    """Paths below the company: a leading company name is dropped (it is the tree's top), order kept."""
    company = normalize_path(company)
    out: list[str] = []
    for path in paths:
        if company and (path == company or path.startswith(company + "/")):
            path = path[len(company) + 1 :]
        if path and path not in out:
            out.append(path)
    return out
