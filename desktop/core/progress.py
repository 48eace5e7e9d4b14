"""How long-running work reports progress and learns it was cancelled, without knowing about Qt."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """Raised inside a job when the user pressed 取消; the job must leave nothing half-written."""


class Job:
    """Handed to a long service call: it calls ``step`` as it goes; the UI may call ``cancel``."""

    def __init__(self, on_progress: Callable[[int, int, str], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._on_progress = on_progress

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def step(self, done: int, total: int, message: str = "") -> None:
        """Report progress; raise Cancelled if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()
        if self._on_progress is not None:
            self._on_progress(done, total, message)


NO_JOB = Job()
