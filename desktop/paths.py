"""Where things live: the bundled resources (font, icons), from a source tree or a PyInstaller bundle, and the
per-user folder for data, backups, settings and logs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "union-desk"


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def cjk_font_path() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"


def app_data_dir() -> Path:
    """The per-user folder for data, backups, settings and logs (never the program's own folder)."""
    if os.name == "nt":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME
