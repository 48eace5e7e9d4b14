"""The office and its unit tree (公司 → 林场/车间/科室 → 班组), and the HQ group key."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.models import Office, SecurityState, Unit, Worker, utcnow
from desktop.core.errors import DomainError, PermissionDenied
from desktop.core.roles import Permission
from desktop.services import access, audit, keys, lookup

if TYPE_CHECKING:
    from desktop.services.database import Database

_OFFICE_CODE = re.compile(r"^[A-Za-z0-9]{2,20}$")


@dataclass(frozen=True)
class UnitNode:
    id: int
    parent_id: int | None
    name: str
    kind: str
    retired: bool
    path: str  # "阿里河森工公司/甘河林场/一班" — how a unit is named in reports and imports
    depth: int
    worker_count: int
    label: str = ""  # how screens and forms name it: see unit_labels ("克一河林场/管护一组")


def get_office(session: Session) -> Office | None:
    return session.scalars(select(Office).order_by(Office.id)).first()


def office_code(session: Session) -> str:
    office = get_office(session)
    return office.code if office else "LOCAL"


def save_office(session: Session, *, code: str, name: str, actor: str) -> Office:
    access.require(session, Permission.SETTINGS)
    code = (code or "").strip().upper()
    name = (name or "").strip()
    if not _OFFICE_CODE.match(code):
        raise DomainError("单位代码应为2–20位字母或数字（如 ALH），用于区分各单位上报的数据", field="code")
    if not name:
        raise DomainError("工会名称不能为空", field="name")
    office = get_office(session)
    before = {"code": office.code, "name": office.name} if office else None
    if office is None:
        office = Office(code=code, name=name)
        session.add(office)
    else:
        office.code, office.name = code, name
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="update" if before else "create",
        entity="office",
        entity_id=office.id,
        before=before,
        after={"code": code, "name": name},
    )
    return office


def unit_tree(session: Session, *, include_retired: bool = True) -> list[UnitNode]:
    """All units in tree order (parents before children, siblings by sort order then name)."""
    units = list(session.scalars(select(Unit)))
    counts = dict(
        session.execute(
            select(Worker.unit_id, func.count()).where(Worker.archived_at.is_(None)).group_by(Worker.unit_id)
        ).all()
    )
    children: dict[int | None, list[Unit]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    out: list[UnitNode] = []

    def walk(parent: int | None, prefix: str, depth: int) -> None:
        for u in sorted(children.get(parent, []), key=lambda x: (x.sort_order, x.name)):
            if u.retired_at is not None and not include_retired:
                continue
            path = f"{prefix}/{u.name}" if prefix else u.name
            out.append(
                UnitNode(
                    u.id, u.parent_id, u.name, u.kind, u.retired_at is not None, path, depth, int(counts.get(u.id, 0))
                )
            )
            walk(u.id, path, depth + 1)

    walk(None, "", 0)
    labels = label_paths({n.id: tuple(n.path.split("/")) for n in out})
    return [replace(n, label=labels[n.id]) for n in out]


def descendant_ids(session: Session, unit_id: int) -> list[int]:
    """The unit and every unit below it, for "this 林场 including its 班组" filters."""
    pairs = session.execute(select(Unit.id, Unit.parent_id)).all()
    kids: dict[int | None, list[int]] = {}
    for uid, pid in pairs:
        kids.setdefault(pid, []).append(uid)
    out, stack = [], [unit_id]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(kids.get(current, []))
    return out


def _check_name(session: Session, name: str, parent_id: int | None, exclude_id: int | None = None) -> str:
    name = re.sub(r"[\s\u3000]+", "", name or "")
    if not name:
        raise DomainError("单位名称不能为空", field="name")
    if "/" in name:
        raise DomainError("单位名称不能含有“/”", field="name")
    stmt = select(Unit.id).where(Unit.name == name)
    stmt = stmt.where(Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id)
    if exclude_id is not None:
        stmt = stmt.where(Unit.id != exclude_id)
    if session.scalars(stmt).first() is not None:
        raise DomainError(f"同一上级下已有名为“{name}”的单位", field="name")
    return name


def add_unit(session: Session, *, name: str, parent_id: int | None, kind: str = "other", actor: str) -> Unit:
    name = _check_name(session, name, parent_id)
    if parent_id is not None and session.get(Unit, parent_id) is None:
        raise DomainError("上级单位不存在", field="parent_id")
    unit = Unit(name=name, parent_id=parent_id, kind=kind, sort_order=0)
    session.add(unit)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="unit",
        entity_id=unit.id,
        after={"name": name, "parent_id": parent_id, "kind": kind},
    )
    return unit


def update_unit(session: Session, unit_id: int, *, name: str, kind: str, parent_id: int | None, actor: str) -> Unit:
    unit = _get(session, unit_id)
    if parent_id is not None and parent_id in descendant_ids(session, unit_id):
        raise DomainError("不能把单位移到它自己或它的下级单位之下", field="parent_id")
    name = _check_name(session, name, parent_id, exclude_id=unit_id)
    values = {"name": name, "kind": kind, "parent_id": parent_id}
    audit.update(session, unit, values, fields=list(values), actor=actor, entity="unit", stamp=False)
    return unit


def unit_in_use(session: Session, unit_id: int) -> bool:
    """A unit is in use if any worker (archived ones too) or any sub-unit points at it."""
    used = session.scalar(select(func.count()).select_from(Worker).where(Worker.unit_id == unit_id))
    subs = session.scalar(select(func.count()).select_from(Unit).where(Unit.parent_id == unit_id))
    return bool(used) or bool(subs)


def delete_unit(session: Session, unit_id: int, *, actor: str) -> None:
    """Only a unit nobody ever used may go; a used one is retired so old records keep their unit."""
    unit = _get(session, unit_id)
    if unit_in_use(session, unit_id):
        raise DomainError(f"单位“{unit.name}”下有职工或下级单位，不能删除，只能撤销（停用）")
    audit.record(
        session,
        actor=actor,
        action="delete",
        entity="unit",
        entity_id=unit.id,
        before={"name": unit.name, "parent_id": unit.parent_id},
    )
    session.delete(unit)


def retire_unit(session: Session, unit_id: int, *, actor: str, retired: bool = True) -> None:
    unit = _get(session, unit_id)
    before = {"retired": unit.retired_at is not None}
    unit.retired_at = utcnow() if retired else None
    audit.record(
        session,
        actor=actor,
        action="retire" if retired else "restore",
        entity="unit",
        entity_id=unit.id,
        before=before,
        after={"retired": retired},
    )


def _get(session: Session, unit_id: int) -> Unit:
    return lookup.fetch(session, Unit, unit_id, "单位不存在（可能已被他人修改），请刷新")


def resolve_unit_path(nodes: list[UnitNode], text: str) -> UnitNode | None:
    """Find a unit by what a roster writes: a full path, a path without the company, or a unique name."""
    text = re.sub(r"[\s\u3000]+", "", text or "").replace("／", "/").replace("\\", "/")
    if not text:
        return None
    active = [n for n in nodes if not n.retired] or nodes
    exact = [n for n in active if n.path == text]
    if exact:
        return exact[0]
    # "甘河林场/一班" or "一班": accepted only when exactly one unit fits, never a guess between two.
    tail = [n for n in active if n.path.endswith("/" + text)]
    return tail[0] if len(tail) == 1 else None


# Labels longer than this many levels are shortened (below the company): "甘河林场/一班" stays whole, a deep
# tree's "甘河林场/第一工段/营林队/一班" becomes the shortest tail that names one unit, e.g. "营林队/一班".
SHORT_LEVELS = 2


def label_paths(paths: Mapping[int, tuple[str, ...]]) -> dict[int, str]:
    """Unit id → its label, from each unit's full path (company first).

    The one rule for naming a unit on screens, in exports and on forms: the path below the company (a
    single-root tree drops the root: every unit is in it), since many 林场 have a 管护一组 and the leaf alone is
    ambiguous. A path of more than SHORT_LEVELS levels is cut to its shortest tail of at least SHORT_LEVELS
    levels that no other unit's path ends with, so it stays unique."""
    roots = {p[0] for p in paths.values() if p}
    drop = 1 if len(roots) == 1 else 0
    below = {uid: (p[drop:] or p) for uid, p in paths.items()}
    tails: dict[tuple[str, ...], int] = {}
    for p in below.values():
        for k in range(1, len(p) + 1):
            tails[p[-k:]] = tails.get(p[-k:], 0) + 1
    labels: dict[int, str] = {}
    for uid, p in below.items():
        k = min(SHORT_LEVELS, len(p))
        while k < len(p) and tails[p[-k:]] > 1:
            k += 1
        labels[uid] = "/".join(p[-k:])
    return labels


def _paths(session: Session) -> dict[int, tuple[str, ...]]:
    pairs = session.execute(select(Unit.id, Unit.parent_id, Unit.name)).all()
    by_id = {uid: (pid, name) for uid, pid, name in pairs}
    out: dict[int, tuple[str, ...]] = {}
    for uid in by_id:
        parts: list[str] = []
        current: int | None = uid
        seen: set[int] = set()
        while current is not None and current in by_id and current not in seen:
            seen.add(current)
            pid, name = by_id[current]
            parts.append(name)
            current = pid
        out[uid] = tuple(reversed(parts))
    return out


def unit_labels(session: Session) -> dict[int, str]:
    """Unit id → how tables, exports and forms name it ("克一河林场/管护一组"); see label_paths."""
    return label_paths(_paths(session))


def unit_full_paths(session: Session) -> dict[int, str]:
    """Unit id → its whole path with the company, for tooltips and detail panes where a label is cut."""
    return {uid: "/".join(p) for uid, p in _paths(session).items()}


# The group key signs HQ workbooks and keys the ID fingerprints: whoever holds it can make a workbook the
# merge takes as genuine. So it is never stored in clear once the file has accounts: it sits in
# security_state, encrypted (AES-GCM) under a key derived from the file secret, which only a correct password
# unwraps (desktop/services/keys.py). A file without accounts yet keeps it in office.hq_group_key until its
# first administrator is made (accounts.create_first_admin moves it, through seal_clear_group_key).
HQ_KEY = "hq_group_key"  # the security_state row; the same name accounts.py uses
_HQ_PURPOSE = "hq-key"
# A key is guessed offline from any workbook it signed (the signature and the fingerprints check a guess),
# so it must be long; `union-desk hq-key generate` makes one of 25 random characters.
MIN_KEY_LENGTH = 16
KEY_ADVICE = "由集团工会统一下发（可用 union-desk hq-key generate 生成），各单位填写相同的密钥"


def key_fingerprint(key: str) -> str:
    """hq_format.key_fingerprint, imported when used: the workbook format pulls in openpyxl, which every CLI
    command that touches the office would otherwise pay for at start."""
    from desktop.reports.hq.format import key_fingerprint as fingerprint

    return fingerprint(key)


def _wrapping_key(file_key: bytes) -> bytes:
    return keys.subkey(file_key, _HQ_PURPOSE)


def _secure_delete(session: Session) -> None:
    # The clear column is blanked, not just overwritten logically: SQLite could otherwise leave the old text
    # in the page's free space, where a hex viewer (or grep) finds it.
    session.execute(text("PRAGMA secure_delete=ON"))


def group_key(session: Session) -> str:
    """The group key, "" when none is set. Needs the signed-in account on a file with accounts."""
    account = access.signed_in(session)
    if account is None:
        if session.info.get(access.SECURED):
            raise PermissionDenied("请先登录")
        office = get_office(session)
        return office.hq_group_key if office else ""
    row = session.get(SecurityState, HQ_KEY)
    if row is None:
        office = get_office(session)  # a clear key not moved yet (not expected after the first administrator)
        return office.hq_group_key if office else ""
    key = keys.decrypt(_wrapping_key(account.file_key), row.value, HQ_KEY)
    if key is None:
        raise DomainError(
            "集团密钥无法解密（数据文件可能被其他工具改动过），请管理员在 设置 → 单位与组织 → 集团密钥 中重新填写",
            field="hq_group_key",
        )
    return key


def group_key_fingerprint(session: Session) -> str:
    """What screens and the CLI show of the key: its fingerprint (hq_format.key_fingerprint), "" if unset."""
    return key_fingerprint(group_key(session))


def _state(key: str) -> str:
    return f"已设置（密钥指纹 {key_fingerprint(key)}）" if key else "未设置"


def save_group_key(session: Session, key: str, *, actor: str = "") -> None:
    """Set the group's key ("", to stop signing and fingerprints); administrators only (settings). The
    change log names the key's fingerprint, never the key: whoever reads the log must not be able to sign a
    workbook or recompute fingerprints."""
    account = access.require(session, Permission.SETTINGS)
    key = (key or "").strip()
    if key and len(key) < MIN_KEY_LENGTH:
        raise DomainError(f"集团密钥至少{MIN_KEY_LENGTH}个字符（{KEY_ADVICE}）", field="hq_group_key")
    office = get_office(session)
    if office is None:
        raise DomainError("请先填写单位代码和工会名称，再设置集团密钥", field="hq_group_key")
    before = group_key(session)
    if before == key and not (account is not None and office.hq_group_key):
        return
    if account is None:  # a file without accounts yet: clear, until its first administrator seals it
        office.hq_group_key = key
    else:
        row = session.get(SecurityState, HQ_KEY)
        if not key:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(SecurityState(key=HQ_KEY, value=keys.encrypt(_wrapping_key(account.file_key), key, HQ_KEY)))
        else:
            row.value = keys.encrypt(_wrapping_key(account.file_key), key, HQ_KEY)
        if office.hq_group_key:
            _secure_delete(session)
            office.hq_group_key = ""
    session.flush()
    audit.record(
        session,
        actor=access.actor_of(session, actor),
        action="update",
        entity="office",
        entity_id=office.id,
        before={"hq_group_key": _state(before)},
        after={"hq_group_key": _state(key)},
    )


def seal_clear_group_key(session: Session, file_key: bytes) -> None:
    """Move a clear group key under encryption (the file's first administrator was just made)."""
    office = session.scalar(select(Office).order_by(Office.id).limit(1))
    if office is None or not office.hq_group_key:
        return
    value = keys.encrypt(_wrapping_key(file_key), office.hq_group_key, HQ_KEY)
    row = session.get(SecurityState, HQ_KEY)
    if row is None:
        session.add(SecurityState(key=HQ_KEY, value=value))
    else:
        row.value = value
    _secure_delete(session)
    office.hq_group_key = ""


def drop_old_pages(db: Database) -> None:
    """After the clear key was blanked: copy the WAL into the file and empty it, so the page that held the
    key in clear leaves the data file now rather than at some later checkpoint (a file copied by hand in
    between would carry it). Best effort: a reader holding an old snapshot only delays it to the close."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
