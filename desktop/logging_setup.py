"""The program's log: a small rotating file in the user's app-data folder, with ID numbers masked.

The log is what a clerk e-mails when something goes wrong, so it must never carry a full ID number
(个人信息保护法 art. 28): every line — message, arguments and traceback — passes through ``IdMaskFilter``.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop.core.idcard import mask
from desktop.paths import app_data_dir

LOG_NAME = "union-desk.log"
MAX_BYTES = 1_000_000  # about a month of normal use; old PCs have small disks
BACKUPS = 4
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# 17 digits and a digit or X, not part of a longer run of letters/digits (a uid or a hash is left alone).
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


# A mobile number (11 digits from 13…–19…) and a bank card (16–19 digits), again not inside a longer run.
_MOBILE_LIKE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
_CARD_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{16,19}(?![0-9A-Za-z])")


def mask_ids(text: str) -> str:
    """Replace everything that looks like an 18-character ID number with its masked form."""
    return _ID_LIKE.sub(lambda m: mask(m.group(0).upper()), text)


def mask_personal(text: str) -> str:
    """ID numbers, mobile numbers and bank card numbers masked: what a log line or an error may show."""
    text = mask_ids(text)  # first, so an ID is masked as an ID and not as a card number
    text = _CARD_LIKE.sub(lambda m: m.group(0)[:4] + "*" * (len(m.group(0)) - 8) + m.group(0)[-4:], text)
    return _MOBILE_LIKE.sub(lambda m: m.group(0)[:3] + "****" + m.group(0)[-4:], text)


class IdMaskFilter(logging.Filter):
    """Masks ID, phone and card numbers in the message and the traceback text before any handler writes them."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not drop the line
            message = str(record.msg)
        record.msg, record.args = mask_personal(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal(record.stack_info)
        return True


def log_dir() -> Path:
    return app_data_dir() / "logs"


def setup_logging(folder: Path | None = None, *, level: int = logging.INFO) -> Path | None:
    """Send the root logger to ``folder/union-desk.log`` (rotating); returns the file, or None.

    A profile where the folder cannot be written must not stop the program: then warnings go to stderr
    (still masked) and None is returned.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_union_desk", False)]:
        root.removeHandler(old)
        old.close()
    handler: logging.Handler
    path: Path | None = None
    try:
        target = folder or log_dir()
        target.mkdir(parents=True, exist_ok=True)
        path = target / LOG_NAME
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
        root.setLevel(level)
    except OSError:
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
        root.setLevel(min(root.level or logging.WARNING, logging.WARNING))
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(IdMaskFilter())
    # A mark on a stdlib handler (read with getattr) so a second setup replaces only the handler it added.
    handler._union_desk = True  # type: ignore[union-attr]
    root.addHandler(handler)
    from desktop import __version__

    # The first line of every run says which version wrote what follows, for reading a clerk's log.
    logging.getLogger("union-desk").info("union-desk %s 启动", __version__)
    return path
