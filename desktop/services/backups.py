"""Backups the office can rely on: automatic (on close, daily), rotated, copied to a second place, restorable.

Settings are per computer (a USB stick's drive letter or a network folder belongs to this PC, not to the
data file), kept as a small JSON file in the user's app-data folder so the command line and the window read
the same ones. Every backup goes through ``db.backup.copy_checked``: a checked copy or nothing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path

from db.backup import (
    Rotation,
    backup_file,
    backup_name,
    copy_file_checked,
    default_backup_dir,
    list_backups,
    rotate_backups,
)
from desktop.atomic_file import write_atomically
from desktop.paths import app_data_dir
from desktop.services.database import Database, open_data_file
from desktop.services.faults import UserFault, explain

log = logging.getLogger(__name__)

SETTINGS_NAME = "backup-settings.json"


@dataclass(frozen=True)
class BackupSettings:
    on_close: bool = True
    daily: bool = True
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12
    second_dir: str = ""  # a USB stick or a network folder; empty = none

    @property
    def rotation(self) -> Rotation:
        return Rotation(
            daily=max(1, self.keep_daily), weekly=max(0, self.keep_weekly), monthly=max(0, self.keep_monthly)
        )


def settings_path() -> Path:
    return app_data_dir() / SETTINGS_NAME


def load_settings(path: Path | None = None) -> BackupSettings:
    """The saved settings; defaults for anything missing or unreadable (a broken file must not stop backups)."""
    try:
        raw = json.loads((path or settings_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BackupSettings()
    known = {f for f in BackupSettings.__dataclass_fields__}
    values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
    try:
        return replace(BackupSettings(), **values)
    except TypeError:
        return BackupSettings()


def save_settings(settings: BackupSettings, path: Path | None = None) -> None:
    if min(settings.keep_daily, settings.keep_weekly, settings.keep_monthly) < 0 or settings.keep_daily < 1:
        raise UserFault("保留份数须为非负整数，且每日备份至少保留 1 份")
    target = path or settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, json.dumps(asdict(settings), ensure_ascii=False, indent=2))


@dataclass
class BackupResult:
    path: Path
    second: Path | None = None
    second_error: str = ""
    removed: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        text = f"已备份到 {self.path}"
        if self.second is not None:
            text += f"；副本已存到 {self.second}"
        if self.second_error:
            text += f"；第二备份位置未能写入：{self.second_error}"
        if self.removed:
            text += f"；按保留规则删除了 {len(self.removed)} 份旧备份"
        return text


def make_backup(
    db: Database, reason: str = "manual", *, to_dir: Path | None = None, settings: BackupSettings | None = None
) -> BackupResult:
    """Back up the open file (checked), rotate old backups, and copy it to the second place if one is set.

    A missing USB stick or network folder does not fail the backup: the first copy is made, and the result
    says why the second one was not.
    """
    settings = settings or load_settings()
    folder = (to_dir or default_backup_dir(db.path)).expanduser().resolve()
    try:
        path = db.backup(folder, reason=reason)
    except Exception as exc:
        # Name the backup folder, not the data file: it is the backup's disk that is full or read-only.
        text = explain(exc, folder / backup_name(db.path, reason))
        if text is None:
            raise
        raise UserFault(text) from exc
    result = BackupResult(path)
    result.removed = rotate_backups(folder, db.path, settings.rotation)
    if settings.second_dir and to_dir is None:
        second = Path(settings.second_dir).expanduser()
        try:
            if not second.is_dir():
                raise UserFault(f"文件夹 {second} 不存在（U盘未插入或网络文件夹未连接？）")
            result.second = copy_file_checked(path, second / path.name)
            result.removed += rotate_backups(second, db.path, settings.rotation)
        except Exception as exc:  # the first backup stands; the second place is reported
            result.second_error = explain(exc, second) or f"{type(exc).__name__}"
            log.warning("second backup place failed: %s", result.second_error)
    return result


def backup_due(db: Database, settings: BackupSettings | None = None, *, today: datetime | None = None) -> bool:
    """True when daily backups are on and the file has no backup from today yet."""
    settings = settings or load_settings()
    if not settings.daily:
        return False
    day = (today or datetime.now()).date()
    return not any(b.taken.date() == day for b in list_backups(default_backup_dir(db.path), db.path))


def backup_if_due(db: Database, settings: BackupSettings | None = None) -> BackupResult | None:
    settings = settings or load_settings()
    return make_backup(db, "daily", settings=settings) if backup_due(db, settings) else None


# --- restore -----------------------------------------------------------------------------------------------


def require_admin(db: Database) -> None:
    """Restoring replaces every record: only an account with the restore permission (administrators).

    Sign-in and roles (desktop/core/roles.py, desktop/services/access.py) were being built alongside this; the
    check is looked up rather than imported so restore works on either side of that change.
    """
    require = getattr(db, "require", None)
    if not callable(require):
        return
    try:
        from desktop.core.roles import Permission
    except ImportError:
        return
    permission = getattr(Permission, "RESTORE", None)
    if permission is not None:
        require(permission)


def require_backup_admin(backup: Path, username: str, password: Callable[[], str]) -> str:
    """Who may restore over a data file that cannot be opened (damaged, emptied, not there): an administrator
    of the backup being restored, signed in on the backup itself, read-only. Returns the account's name.

    The current file's accounts cannot be read, and taking nobody's word for it would let anyone replace the
    office's data (a wrong password made the current file "unopenable" too). The restored file will be the
    backup, with the backup's accounts, so its administrators are the ones who may put it in place. A backup
    made before the file had accounts asks nobody: whoever holds it can open it anyway. ``password`` is asked
    only when an account is needed."""
    from desktop.core.errors import PermissionDenied, SignInError
    from desktop.core.roles import Permission, refusal
    from desktop.services.file_sign_in import file_has_accounts, read_only_sign_in

    info = inspect_backup(backup)
    if info.problems:
        raise UserFault(f"备份文件 {backup.name} 检查未通过（{info.problems[0]}），当前数据未做改动")
    if not file_has_accounts(backup):
        return ""
    if not username.strip():
        raise SignInError(
            f"当前数据文件无法打开，不能核对其账户：恢复须由备份 {backup.name} 中的管理员确认，"
            "请加 --user 该备份中的管理员用户名"
        )
    with read_only_sign_in(backup, username, password()) as (_s, account):
        assert account is not None
        if not account.can(Permission.RESTORE):
            raise PermissionDenied(
                f"备份 {backup.name} 中的账户“{account.username}”：{refusal(account.role, Permission.RESTORE)}"
            )
        return account.username


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revision: str | None
    problems: list[str]


def inspect_backup(backup: Path) -> BackupInfo:
    """Is this a sound backup of a union-desk data file this program can open?"""
    from db.check import check_file

    if not backup.is_file():
        raise UserFault(f"找不到备份文件：{backup}")
    report = check_file(backup, no_writer=True)
    return BackupInfo(backup, report.revision, report.problems)


def _remove_sidecars(path: Path) -> None:
    for extra in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{extra}").unlink()


def _prepare_copy(backup: Path, beside: Path) -> Path:
    """The backup, copied next to the data file and upgraded to this program's schema; checked."""
    from db.migrate import open_database

    tmp = beside.with_name(f".{beside.name}.restore.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")
    try:
        backup_file(backup, tmp)
        opened = open_database(tmp, backup=False)
        try:
            from db.backup import integrity_check

            problems = integrity_check(opened.engine)
        finally:
            opened.engine.dispose()
        if problems:
            raise UserFault(f"备份文件 {backup.name} 升级后检查未通过：{problems[0]}，当前数据未做改动")
        return tmp
    except BaseException:
        for extra in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{tmp}{extra}").unlink()
        raise


def _put_in_place(tmp: Path, path: Path) -> None:
    # The data file is closed (no engine) and locked by us: its -wal/-shm are either gone or stale ones a
    # crash left; a stale WAL beside the new file would be replayed into it, so they go first.
    _remove_sidecars(path)
    os.replace(tmp, path)
    _remove_sidecars(tmp)


@dataclass
class RestoreResult:
    db: Database
    safety_backup: Path | None
    backup: Path

    def summary(self) -> str:
        kept = f"；恢复前的数据已另存为 {self.safety_backup}" if self.safety_backup else ""
        return f"已从 {self.backup.name} 恢复数据文件 {self.db.path}{kept}"


def restore_file(path: Path, backup: Path, *, actor: str) -> RestoreResult:
    """Replace the data file at ``path`` (closed, locked by the caller) with ``backup``.

    Order: check the backup → back up the current file (``before-restore``) → build the restored file beside
    it and check it → rename it into place → open and check it; if that fails, the current file is put back.
    At every moment the data file is either the old one or the whole restored one.
    """
    path = path.expanduser().resolve()
    backup = backup.expanduser().resolve()
    if backup == path:
        raise UserFault("备份文件就是当前数据文件本身，请选择 backups 文件夹中的备份")
    info = inspect_backup(backup)
    if info.problems:
        raise UserFault(f"备份文件 {backup.name} 检查未通过（{info.problems[0]}），当前数据未做改动")
    safety: Path | None = None
    if path.exists() and path.stat().st_size > 0:
        from db.migrate import recover_interrupted_write

        target = default_backup_dir(path) / backup_name(path, "before-restore")
        try:
            recover_interrupted_write(path)
            safety = backup_file(path, target)
        except Exception as exc:  # a damaged current file is what restore is for: keep it raw
            if explain(exc, path) and "损坏" not in (explain(exc, path) or ""):
                raise
            target.parent.mkdir(parents=True, exist_ok=True)
            safety = target.with_name(target.stem + "-damaged.sqlite")
            shutil.copyfile(path, safety)
    tmp = _prepare_copy(backup, path)
    _put_in_place(tmp, path)
    try:
        db = open_data_file(path)
        from db.backup import integrity_check

        problems = integrity_check(db.engine)
        if problems:
            db.close()
            raise UserFault(f"恢复后的数据文件检查未通过：{problems[0]}")
    except BaseException:
        if safety is not None:  # roll back to what was there before
            back = _prepare_copy(safety, path) if not safety.name.endswith("-damaged.sqlite") else None
            if back is not None:
                _put_in_place(back, path)
            else:
                _remove_sidecars(path)
                shutil.copyfile(safety, path)
        raise
    from desktop.services import audit

    # Nobody is signed in to the file just put in place (its accounts may differ): program bookkeeping.
    writer = getattr(db, "system_write", db.write)
    with writer() as s:
        audit.record(
            s,
            actor=actor,
            action="restore",
            entity="data_file",
            entity_id=None,
            after={"backup": backup.name, "safety_backup": safety.name if safety else None},
        )
    return RestoreResult(db, safety, backup)


def restore_backup(db: Database, backup: Path) -> RestoreResult:
    """Restore the open data file from ``backup`` (administrators only). ``db`` is closed; use the result's."""
    require_admin(db)
    path, actor = db.path, db.actor
    db.close()
    return restore_file(path, backup, actor=actor)
