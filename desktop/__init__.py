"""林区工会女职工工作台 (union-desk)."""

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def _source_version() -> str:
    """The version from pyproject.toml, for a source tree that was never installed (one number, one place)."""
    try:
        text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return "0+unknown"
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else "0+unknown"


try:
    __version__ = version("union-desk")
except PackageNotFoundError:
    __version__ = _source_version()
