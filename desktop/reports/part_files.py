"""Hidden ``.part`` files: where an export is written before it is renamed to the name the clerk chose.

A kill (or a power cut) between writing and renaming used to leave ``.名册.3f9c….part`` files in the clerk's
folder for good. The name now carries the writing process's id, so the next export into that folder removes
the parts of processes that no longer run and never one still being written by another export.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from pathlib import Path

from desktop.processes import pid_alive

_PART = re.compile(r"^\..+\.(\d+)-[0-9a-f]{8}(\.[A-Za-z]+)?\.part$")


def part_path(target: Path, kind: str = "") -> Path:
    """A hidden temporary name in ``target``'s folder (same disk, so the final rename is atomic)."""
    extra = f".{kind}" if kind else ""
    return target.with_name(f".{target.stem}.{os.getpid()}-{uuid.uuid4().hex[:8]}{extra}.part")


def clean_parts(folder: Path) -> list[Path]:
    """Remove the ``.part`` files in ``folder`` left by killed exports; returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for p in entries:
        m = _PART.match(p.name)
        if m and not pid_alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed
