"""How the command line fails: exit codes, the one-line error, and a fault the clerk can act on in words."""

from __future__ import annotations

import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL = 0, 1


class CliError(Exception):
    """A failure to report as one line on stderr with exit code 1."""


def masked(text: str) -> str:
    from desktop.logging_setup import mask_personal

    return mask_personal(text)


def explain(exc: BaseException, db: str | None) -> str:
    """A fault the clerk can act on (disk full, read-only, locked, damaged…) in words; else log it."""
    from desktop.services.faults import explain as explain_fault

    text = explain_fault(exc, Path(db).expanduser().resolve() if db else None, cli=True)
    if text is not None:
        return text
    import logging

    from desktop.logging_setup import setup_logging

    log_file = setup_logging()
    logging.getLogger("union-desk.cli").error("命令 %s 出错", " ".join(sys.argv[1:2]), exc_info=exc)
    where = f"详细信息已写入日志 {log_file}" if log_file else "日志无法写入"
    return f"程序内部错误（{type(exc).__name__}），本次操作未完成，已保存的数据不受影响。{where}，请发给维护人员"


def quiet_pipe() -> None:
    """The reader of our output went away (``reminders | head``): stop without a Broken pipe message.

    Python would still try to flush the rest at exit and print an error; so stdout is pointed at the null
    device first (the recipe in Python's signal documentation)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (tests' capture, the Windows GUI program)
        pass
