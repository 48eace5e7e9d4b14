"""Photos and documents of an activity, kept inside the data file.

Why inside (decision): the office backs up by copying the data file through SQLite's backup API
(``Database.backup``), restores by opening a copy, and sometimes carries the file on a USB stick. Files in
a folder beside it would be left behind by each of those; BLOBs go along and commit in the same
transaction as the activity, so there is never a photo without its record or a record without its photo.
To keep the data file fast the bytes sit in their own table (``attachment_blob``, one row per distinct
content by SHA-256) and lists read only the small metadata rows; a size cap keeps a stray video out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import utcnow
from db.models_activities import ActivityAttachment, AttachmentBlob
from desktop.core.errors import DomainError
from desktop.services import audit
from desktop.services.activities.records import get_activity
from desktop.services.roster.workers import new_uid

ENTITY = "activity_attachment"
MAX_BYTES = 20 * 1024 * 1024
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp"}


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    kind: str
    file_name: str
    caption: str
    size: int
    sha256: str

    @property
    def kind_label(self) -> str:
        return "照片" if self.kind == "photo" else "文件"


def kind_for(file_name: str) -> str:
    return "photo" if Path(file_name).suffix.lower() in PHOTO_SUFFIXES else "document"


@dataclass(frozen=True)
class StoredFile:
    """A file's bytes kept in attachment_blob: its name (path stripped), size and the SHA-256 that finds the
    bytes again."""

    name: str
    size: int
    sha256: str

    @property
    def file_name(self) -> str:
        """The name as stored (the column holds 200 characters); the kind is read from the whole name."""
        return self.name[:200]


def store_file(session: Session, file_name: str, data: bytes, *, unnamed: str = "附件须有文件名") -> StoredFile:
    """Check a file the clerk picked (a name, not empty, within MAX_BYTES) and keep its bytes once per content:
    the same photo added twice, or a contract's signed scan that is also an activity photo, is stored once.
    ``unnamed`` is the message for a file without a name, in the words of the area that asks."""
    name = Path(file_name).name.strip()
    if not name:
        raise DomainError(unnamed)
    if not data:
        raise DomainError(f"“{name}”是空文件")
    if len(data) > MAX_BYTES:
        raise DomainError(f"“{name}”有{len(data) / 1048576:.1f} MB，超过{MAX_BYTES // 1048576} MB，请压缩后再添加")
    digest = hashlib.sha256(data).hexdigest()
    if session.get(AttachmentBlob, digest) is None:
        session.add(AttachmentBlob(sha256=digest, size=len(data), data=data))
    return StoredFile(name, len(data), digest)


def add_attachment(
    session: Session, activity_id: int, *, file_name: str, data: bytes, caption: str = "", actor: str
) -> ActivityAttachment:
    get_activity(session, activity_id)
    stored = store_file(session, file_name, data)
    row = ActivityAttachment(
        uid=new_uid(session),
        activity_id=activity_id,
        kind=kind_for(stored.name),
        file_name=stored.file_name,
        caption=caption.strip()[:200],
        size=stored.size,
        sha256=stored.sha256,
        created_at=utcnow(),
        created_by=actor,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity=ENTITY,
        entity_id=row.id,
        after={"activity_id": activity_id, "file_name": row.file_name, "size": row.size},
    )
    return row


def add_file(session: Session, activity_id: int, path: Path, *, caption: str = "", actor: str) -> ActivityAttachment:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DomainError(f"“{path.name}”有{size / 1048576:.1f} MB，超过{MAX_BYTES // 1048576} MB，请压缩后再添加")
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(f"无法读取“{path.name}”：{exc.strerror or exc}") from exc
    return add_attachment(session, activity_id, file_name=path.name, data=data, caption=caption, actor=actor)


def attachments(session: Session, activity_id: int, *, kind: str | None = None) -> list[AttachmentRow]:
    stmt = (
        select(ActivityAttachment)
        .where(ActivityAttachment.activity_id == activity_id, ActivityAttachment.archived_at.is_(None))
        .order_by(ActivityAttachment.id)
    )
    if kind:
        stmt = stmt.where(ActivityAttachment.kind == kind)
    return [AttachmentRow(a.id, a.kind, a.file_name, a.caption, a.size, a.sha256) for a in session.scalars(stmt)]


def attachment_bytes(session: Session, attachment_id: int) -> bytes:
    row = session.get(ActivityAttachment, attachment_id)
    if row is None:
        raise DomainError("没有找到该附件")
    data = session.scalar(select(AttachmentBlob.data).where(AttachmentBlob.sha256 == row.sha256))
    if data is None:
        raise DomainError(f"附件“{row.file_name}”的内容缺失，请从备份恢复")
    return data


def save_copy(session: Session, attachment_id: int, target: Path) -> Path:
    """Write the attachment out (to open or hand on) without touching the stored bytes."""
    data = attachment_bytes(session, attachment_id)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def remove_attachment(session: Session, attachment_id: int, *, actor: str) -> None:
    """Hide it from the activity; the bytes stay, so restoring needs no backup."""
    row = session.get(ActivityAttachment, attachment_id)
    if row is not None:
        audit.set_archived(session, row, True, entity=ENTITY, actor=actor, fields=["file_name"], stamp=False)
