"""pid_alive decides which .part files of exports and backups may be removed."""

from __future__ import annotations

import os
import subprocess
import sys

from desktop.processes import pid_alive


def test_this_process_and_a_running_child_are_alive_a_finished_one_is_not() -> None:
    assert pid_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert pid_alive(child.pid)
    finally:
        child.kill()
        child.wait()
    assert not pid_alive(child.pid)  # reaped: the id names no process any more
