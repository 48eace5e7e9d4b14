"""Whether a process still runs: the ``.part`` files of exports and backups carry their writer's id, and only
those of processes that are gone may be removed (desktop.reports.part_files, db.backup).

No Qt, no database: both the persistence layer and the report writers use it.
"""

from __future__ import annotations

import os
import sys


def pid_alive(pid: int) -> bool:
    """True when ``pid`` runs (or cannot be told apart from a running process); this process counts as alive."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # not os.name: mypy knows windll only under a sys.platform check
        import ctypes

        # PROCESS_QUERY_LIMITED_INFORMATION: enough to learn that the process exists.
        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it runs
        return True
    return True
