"""Per-user preferences (QSettings): font size, window and column layout, last data file."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

ORG = "LinquGonghui"
APP = "union-desk"
DISPLAY_NAME = "林区工会女职工工作台"

# Point sizes offered under 设置 → 字号. The default is one step above the usual 9 pt because the clerks
# who use this read small print with difficulty.
FONT_SIZES: dict[str, int] = {"标准": 11, "大": 13, "特大": 15}
DEFAULT_FONT_SIZE = 11

_loaded_family: str | None = None


def settings() -> QSettings:
    """INI format everywhere so the preferences file is plain text and tests can redirect it (setPath)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, APP)


def int_setting(key: str, default: int) -> int:
    """A whole-number preference; ``default`` when it is missing or not a number (the INI file is plain text
    and may be edited by hand). QSettings reads INI values as text, so an int is parsed from a str."""
    value = settings().value(key, default)
    if isinstance(value, (int, str)):
        try:
            return int(value)
        except ValueError:
            pass
    return default


def font_size() -> int:
    size = int_setting("ui/font_size", DEFAULT_FONT_SIZE)
    return size if 8 <= size <= 24 else DEFAULT_FONT_SIZE


def load_bundled_font() -> str | None:
    """Register the shipped CJK font once, so a PC without Chinese fonts still shows (and prints) Chinese."""
    global _loaded_family
    if _loaded_family is None:
        from desktop.paths import cjk_font_path

        font_id = QFontDatabase.addApplicationFont(str(cjk_font_path()))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _loaded_family = families[0] if families else ""
    return _loaded_family or None


def apply_font(size: int | None = None, *, save: bool = False) -> None:
    """Make the bundled font, at the chosen size, the application font; open widgets follow it."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    size = size or font_size()
    font = QFont(app.font())
    family = load_bundled_font()
    if family:
        font.setFamilies([family])
    font.setPointSize(size)
    app.setFont(font)
    if save:
        settings().setValue("ui/font_size", size)
