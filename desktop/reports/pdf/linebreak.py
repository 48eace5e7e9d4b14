"""Chinese line-breaking rules (避头尾) for every paragraph on a printed form.

reportlab's ``wordWrap="CJK"`` breaks between any two characters. Its own kinsoku only knows a Japanese
list (no ，；：！？》” among the characters that cannot start a line), lets one such mark hang past the
right edge — into the cell border on a table form — and ignores opening brackets that cannot end a line.
So a notice printed "》；" at the start of a line. ``CJKParagraph`` lays lines out with the simplified-
Chinese sets of ECMA-376 (Part 1, 17.3.1.16, the rules Word uses for zh-CN): a mark that cannot start a
line takes the character before it along to the next line, and an opening mark that cannot end a line
moves down with the character it opens. A run of Latin letters or digits (a date, an amount, an ID number)
is kept whole when it fits on a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus.paragraph import Paragraph, ParaLines, cjkU, makeCJKParaLine

NO_LINE_START = frozenset(
    "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠"
)
"""Closing brackets and punctuation: never the first character of a line."""

NO_LINE_END = frozenset("$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥")
"""Opening brackets and quotes: never the last character of a line."""

_FUZZ = 1e-6
PATH_LOOKBACK = 8  # characters: a unit name is rarely longer


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "-./:_%+")


def break_index(text: Sequence[str], start: int, end: int) -> int:
    """Where to start the next line when ``text[start:end]`` fits and ``text[end]`` does not.

    Moves the break back over characters that may not start a line and openers that may not end one,
    and to the start of a Latin/digit run, but never so far that the line is left empty (a line
    made only of punctuation breaks where it must).
    """
    brk = end
    while brk > start + 1 and (text[brk] in NO_LINE_START or text[brk - 1] in NO_LINE_END):
        brk -= 1
    if brk == start + 1 and (text[brk] in NO_LINE_START or text[brk - 1] in NO_LINE_END):
        return end  # nothing better: the rule cannot be kept on so narrow a line
    # A unit path breaks after its "/" rather than inside a name ("克一河林场/" + "营林二班").
    slash = max((j for j in range(max(start + 1, brk - PATH_LOOKBACK), brk) if text[j] == "/"), default=-1)
    if slash >= 0 and text[slash + 1] not in NO_LINE_START:
        return slash + 1
    if _is_word_char(text[brk]) and _is_word_char(text[brk - 1]):
        word = brk
        while word > start and _is_word_char(text[word - 1]):
            word -= 1
        if word > start and text[word] not in NO_LINE_START and text[word - 1] not in NO_LINE_END:
            brk = word
    return brk


def _glyphs(frags: Sequence[Any]) -> list[Any]:
    glyphs: list[Any] = []
    for f in frags:
        text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
        if isinstance(text, bytes):
            text = text.decode("utf8")
        if text:
            glyphs.extend(cjkU(t, f, "utf8") for t in text)
        else:
            glyphs.append(cjkU(text, f, "utf8"))  # an image or a <br/>: one zero-text glyph
    return glyphs


def split_lines(frags: Sequence[Any], max_widths: Sequence[float], calc_bounds: bool, min_last: int = 0) -> ParaLines:
    """reportlab's ``cjkFragSplit`` with the Chinese rules above (same inputs, same ParaLines out).

    ``min_last``: the last line of the paragraph gets at least this many characters (moved down from the
    line before), so "称号。" never stands alone on a certificate.
    """
    glyphs = _glyphs(frags)
    text = [str(g) for g in glyphs]
    lines: list[Any] = []
    start = 0
    n = len(glyphs)
    while start < n:
        max_w = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        hard_break = False
        while i < n:
            g = glyphs[i]
            if hasattr(g.frag, "lineBreak"):
                i += 1
                hard_break = True
                break
            if used + g.width > max_w + _FUZZ and i > start:
                break
            used += g.width
            i += 1
        end = i
        if not hard_break and end < n:
            end = break_index(text, start, end)
            if 0 < n - end < min_last and not _hard_break_after(glyphs, end) and n - min_last > start + 1:
                end = break_index(text, start, n - min_last)
        width = sum(g.width for g in glyphs[start:end])
        lines.append(makeCJKParaLine(glyphs[start:end], max_w, width, max_w - width, hard_break, calc_bounds))
        start = end
    return ParaLines(kind=1, lines=lines)


def _hard_break_after(glyphs: Sequence[Any], start: int) -> bool:
    """Whether a <br/> follows ``start``: then the paragraph's last line is not what is left after it."""
    return any(hasattr(g.frag, "lineBreak") for g in glyphs[start:])


class CJKParagraph(Paragraph):
    """A Paragraph whose CJK wrapping keeps the Chinese line-breaking rules (use with ``wordWrap="CJK"``).

    ``min_last``: at least this many characters on the last line (no lone "称号。")."""

    def __init__(self, text: Any, style: Any = None, *args: Any, min_last: int = 0, **kwargs: Any) -> None:
        self.min_last = min_last
        super().__init__(text, style, *args, **kwargs)

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara  # the second half of a split paragraph keeps the lines already made
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        if not self.frags:
            return ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        return split_lines(self.frags, maxWidths, auto_leading not in ("", "off"), self.min_last)


def line_texts(p: Paragraph, width: float) -> list[str]:
    """The text of each line ``p`` wraps to at ``width`` (for tests and layout checks)."""
    p.wrap(width, 1e9)
    out: list[str] = []
    for line in p.blPara.lines:
        words = getattr(line, "words", None)
        if words is not None:
            out.append("".join(getattr(w, "text", "") for w in words))
        else:
            out.append("".join(line[1]))
    return out
