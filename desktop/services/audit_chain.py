"""The change log as a chain nobody can quietly edit (issue #15).

Each entry's ``mac`` is HMAC-SHA256, under a key derived from the file secret, of the previous entry's mac and
this entry's fields. Editing an entry, deleting one, or moving one to another place breaks the chain at that
entry; deleting the newest entries is caught by the head (the last mac) kept in ``security_state``. Without a
password nobody has the key, so nobody can write a valid entry or re-seal an edited one.

What the chain cannot show: the whole file replaced by an older copy (a backup, say) — that is what restoring
a backup does, and it is recorded on the PC's own log (docs/security.md).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from db.models import AuditEntry, SecurityState
from desktop.core.errors import DomainError
from desktop.services import keys

HEAD = "audit_head"
GUARD_TRIGGERS = ("audit_log_no_delete", "audit_log_no_update")  # db/migrations/versions/0009
_GENESIS = "union-desk audit chain v1"
_PREV = "audit_prev"  # session.info: the mac the next entry chains to
_START = "audit_head_start"  # session.info: the head as this session first read it
KEY = "audit_key"  # session.info: the chain key (present only when an account is signed in)


def chain_key(file_key: bytes) -> bytes:
    return keys.subkey(file_key, "audit-chain-v1")


def _fields(
    at: datetime | None,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: str | None,
    after: str | None,
) -> bytes:
    stamp = at.isoformat(sep=" ") if at is not None else ""
    parts = (stamp, actor, action, entity, "" if entity_id is None else str(entity_id), before or "", after or "")
    # Unit separators cannot occur in JSON text or names, so no two different entries give the same bytes.
    return "\x1f".join(parts).encode("utf-8")


def entry_mac(key: bytes, prev: str, entry: AuditEntry) -> str:
    message = (
        prev.encode("ascii")
        + b"\x1e"
        + _fields(entry.at, entry.actor, entry.action, entry.entity, entry.entity_id, entry.before, entry.after)
    )
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _genesis(key: bytes) -> str:
    return hmac.new(key, _GENESIS.encode("ascii"), hashlib.sha256).hexdigest()


def _read_head(session: Session) -> str | None:
    return session.scalar(select(SecurityState.value).where(SecurityState.key == HEAD))


def seal(session: Session, entry: AuditEntry) -> None:
    """Give a new entry its mac (the session must carry the chain key)."""
    key: bytes = session.info[KEY]
    prev = session.info.get(_PREV)
    if prev is None:
        head = _read_head(session)
        session.info[_START] = head
        prev = head if head is not None else _genesis(key)
    entry.mac = entry_mac(key, prev, entry)
    session.info[_PREV] = entry.mac


def _before_commit(session: Session) -> None:
    """Move the head to this session's last entry, only if no other writer moved it meanwhile."""
    new = session.info.pop(_PREV, None)
    if new is None:
        return
    start = session.info.pop(_START, None)
    session.flush()
    if start is None:
        session.add(SecurityState(key=HEAD, value=new))
        session.flush()
        return
    result = session.execute(
        update(SecurityState).where(SecurityState.key == HEAD, SecurityState.value == start).values(value=new)
    )
    # Session.execute is typed as returning Result; an UPDATE returns a CursorResult, which has rowcount.
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError("另一个窗口或程序刚刚保存了修改，本次保存未生效，请重试")


def _after_rollback(session: Session) -> None:
    session.info.pop(_PREV, None)
    session.info.pop(_START, None)


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_soft_rollback", lambda s, _t: _after_rollback(s))


def seal_existing(session: Session, key: bytes) -> int:
    """Chain the entries written before the file had accounts (called once, with the first administrator)."""
    prev = _read_head(session) or _genesis(key)
    count = 0
    for entry in session.scalars(select(AuditEntry).where(AuditEntry.mac.is_(None)).order_by(AuditEntry.id)):
        entry.mac = entry_mac(key, prev, entry)
        prev = entry.mac
        count += 1
    session.flush()
    head = session.get(SecurityState, HEAD)
    if head is None:
        session.add(SecurityState(key=HEAD, value=prev))
    else:
        head.value = prev
    session.flush()
    return count


@dataclass(frozen=True)
class ChainReport:
    entries: int
    broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    def line(self) -> str:
        if self.ok:
            return f"变更记录：{self.entries} 条，签名链完整"
        return f"变更记录：{self.problem}"


def _describe(entry: AuditEntry) -> str:
    from datetime import timezone

    at = entry.at.replace(tzinfo=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M") if entry.at else "时间不明"
    return f"第 {entry.id} 条（{at}，{entry.actor}，{entry.action} {entry.entity}）"


def _entries(session: Session) -> Iterator[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000)
    yield from session.scalars(stmt)


def verify(session: Session, file_key: bytes) -> ChainReport:
    """Walk the chain from the first entry; name the first entry that does not follow from the one before."""
    key = chain_key(file_key)
    prev = _genesis(key)
    count = 0
    for entry in _entries(session):
        count += 1
        if entry.mac is None:
            return ChainReport(count, entry.id, f"{_describe(entry)}没有签名，是在程序之外添加的")
        if not hmac.compare_digest(entry.mac, entry_mac(key, prev, entry)):
            return ChainReport(count, entry.id, f"{_describe(entry)}被改动过，或它前面的记录被删除、调换过")
        prev = entry.mac
        session.expunge(entry)
    head = _read_head(session)
    if count == 0 and head is None:
        return ChainReport(0)
    if head != prev:
        return ChainReport(count, None, f"最后的 {count} 条之后原有的记录被删除了（链尾与记录不符）")
    present = {
        name
        for (name,) in session.execute(
            text("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'")
        )
    }
    if missing := [t for t in GUARD_TRIGGERS if t not in present]:
        return ChainReport(
            count, None, f"{count} 条签名完整，但防止改删的触发器（{'、'.join(missing)}）被删除了，文件曾被其他工具改动"
        )
    return ChainReport(count)
