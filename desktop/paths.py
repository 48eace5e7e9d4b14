"""Where the bundled resources (font, icons) are, from a source tree or a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def cjk_font_path() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"
