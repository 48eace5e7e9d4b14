"""Quiet background reads: a query for a screen (the 工作台's list and charts) run on a pool thread.

Unlike ui.tasks.Task, there is no progress dialog and the read does not count as a running operation (it
never blocks an import or asks on 退出): it only reads, and a newer request for the same screen supersedes an
older one — a late result of a superseded read is dropped, not shown over the newer one.

    loader = Loader(self)
    loader.run("agenda", lambda: read_agenda(db), on_done=self.show_agenda, on_failed=self.show_error)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Runner(QRunnable):
    def __init__(self, loader: Loader, key: str, token: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.loader, self.key, self.token, self.fn = loader, key, token, fn

    def run(self) -> None:  # pool thread: only signals leave this method
        try:
            result = self.fn()
        except BaseException as exc:  # every failure must reach the GUI thread
            outcome: tuple[bool, object] = (False, exc)
        else:
            outcome = (True, result)
        try:
            self.loader._finished.emit(self.key, self.token, outcome)
        except RuntimeError:  # the screen was closed meanwhile (its loader deleted): nobody to tell
            pass


class Loader(QObject):
    """Runs reads by key; results arrive on the GUI thread through the callbacks given to ``run``."""

    _finished = Signal(str, int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tokens: dict[str, int] = {}
        self._callbacks: dict[str, tuple[Callable[[Any], None], Callable[[BaseException], None]]] = {}
        self._finished.connect(self._deliver)

    def run(
        self,
        key: str,
        fn: Callable[[], Any],
        *,
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
    ) -> None:
        token = self._tokens.get(key, 0) + 1
        self._tokens[key] = token
        self._callbacks[key] = (on_done, on_failed)
        QThreadPool.globalInstance().start(_Runner(self, key, token, fn))

    def busy(self, key: str) -> bool:
        return key in self._callbacks

    def _deliver(self, key: str, token: int, outcome: tuple[bool, object]) -> None:
        if self._tokens.get(key) != token:
            return  # superseded by a newer read
        on_done, on_failed = self._callbacks.pop(key)
        ok, value = outcome
        if ok:
            on_done(value)
        else:
            assert isinstance(value, BaseException)
            on_failed(value)
