"""Whether a process still runs: the ``.part`` files of exports and backups carry their writer's id, and only
those of processes that are gone may be removed (desktop.reports.part_files, db.backup).

No Qt, no database: both the persistence layer and the report writers use it.
"""

from __future__ import annotations

import os


def pid_alive(pid: int) -> bool:
    """True when ``pid`` runs (or cannot be told apart from a running process); this process counts as alive."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        import ctypes

        # PROCESS_QUERY_LIMITED_INFORMATION: enough to learn that the process exists.
        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it runs
        return True
    return True
