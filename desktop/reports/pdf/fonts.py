"""The one CJK font every PDF form uses, registered with reportlab once per process.

reportlab cannot load CFF/OTF fonts (Noto CJK, Source Han), so the program ships WenQuanYi Micro Hei
as a TrueType collection; it has Latin letters and digits too, so one font serves the whole form.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.core.errors import DomainError
from desktop.paths import cjk_font_path

FONT = "WQYMicroHei"
"""The font name to use in styles; call ``ensure_fonts()`` before building a document."""

_lock = threading.Lock()
_registered = False


def ensure_fonts(path: Path | None = None) -> str:
    """Register the CJK font (idempotent; safe when two background jobs print at once) and return its name."""
    global _registered
    if _registered:
        return FONT
    with _lock:
        if _registered:
            return FONT
        font_path = path or cjk_font_path()
        if not font_path.is_file():
            raise DomainError(f"找不到中文字体文件 {font_path}，无法生成 PDF；请重新安装本程序")
        pdfmetrics.registerFont(TTFont(FONT, str(font_path), subfontIndex=0))
        # The font has no bold or italic face; mapping all four to it keeps <b>/<i> in a paragraph from
        # failing with "can't map font" — emphasis is shown by size instead.
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT, bold, italic, FONT)
        _registered = True
    return FONT


def string_width(text: str, size: float) -> float:
    """Width in points of ``text`` set in the CJK font."""
    if not _registered:
        ensure_fonts()
    return pdfmetrics.stringWidth(text, FONT, size)
