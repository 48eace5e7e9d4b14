"""Reading a roster sheet and checking its rows, before anything is written (desktop.services.roster.importing).

The sheet is read against the template's columns; each row's cells are checked (formula errors, control
characters, lengths), matched to a registered worker by record number or ID number, overlaid on that worker
(blank cells keep what she has) and put through the worker dialog's rules; the units a row names are found,
or planned with negative ids when the import may create them. Problems are collected in the report, naming
row and column; nothing here writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker
from desktop.core import enums, free_text, idcard
from desktop.core.dates import parse_date
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.progress import Job
from desktop.core.text import clean_name, clean_phone, mask_phone
from desktop.core.unit_outline import MAX_NAME, guess_kind, normalize_path
from desktop.core.worker import WorkerDraft, check_worker
from desktop.reports.excel.reader import CellError, SheetRow, SheetTable, read_table
from desktop.reports.roster.template_xlsx import DERIVED_COLUMNS, REQUIRED_FIELDS, ROSTER_FIELDS
from desktop.services.office import UnitNode, office_code, resolve_unit_path
from desktop.services.roster.import_report import ImportReport, Problem
from desktop.services.roster.workers import DRAFT_FIELDS

PROGRESS_EVERY = 200
PREFETCH_CHUNK = 900  # below SQLite's old limit of 999 bound parameters

_TITLES: dict[str, str] = {spec.key: spec.title for spec in ROSTER_FIELDS}
# check_worker names fields by WorkerDraft attribute; these are the sheet columns they come from.
_COLUMN_OF: dict[str, str] = {"unit_id": "unit", "birth_date": "id_number"}
_OUR_UID = re.compile(
    r"^([A-Za-z0-9]{2,20})-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


@dataclass
class CheckedRow:
    """A row that passed every check: the worker as it will be saved and the one it updates (None: new)."""

    number: int
    clean: WorkerDraft
    target: Worker | None
    uid: str | None  # a record number from the file, kept for a new worker


def _text(value: object) -> str:
    """A cell as text: whole-number floats without ".0", dates as yyyy-mm-dd."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class ImportUnits:
    """Finds the unit a row names; plans (with negative ids) the units an import will create."""

    def __init__(self, nodes: list[UnitNode], *, create: bool) -> None:
        self.active = [n for n in nodes if not n.retired]
        self.retired = [n for n in nodes if n.retired]
        roots = [n for n in self.active if n.parent_id is None]
        self.base = roots[0] if len(roots) == 1 else None
        self.create = create
        self.planned: list[UnitNode] = []
        self.missing: list[str] = []
        self._cache: dict[str, int | DomainError] = {}

    def resolve(self, raw: object) -> int:
        text = normalize_path(_text(raw))
        hit = self._cache.get(text)
        if hit is None:
            try:
                hit = self._resolve(text)
            except DomainError as exc:
                hit = exc
            self._cache[text] = hit
        if isinstance(hit, DomainError):
            raise hit
        return hit

    def _find(self, text: str) -> UnitNode | None:
        candidates = [n for n in self.active if n.path == text or n.path.endswith("/" + text)]
        node = resolve_unit_path(self.active, text)
        # resolve_unit_path takes the first of several same-named units and falls back to the last path
        # segment (吉文林场/一班 would land in 甘河林场/一班); an import must not guess, so both are refused.
        if node is not None and node not in candidates:
            node = None
        exact = [n for n in candidates if n.path == text]
        if exact:
            return exact[0]
        if len(candidates) > 1:
            shown = "、".join(n.path for n in candidates[:5])
            raise DomainError(f"单位“{text}”不唯一（{shown}），请写出完整路径，如 {candidates[0].path}")
        return node or (candidates[0] if candidates else None)

    def _retired_match(self, text: str) -> UnitNode | None:
        return next((n for n in self.retired if n.path == text or n.path.endswith("/" + text)), None)

    def _resolve(self, text: str) -> int:
        if not text:
            raise DomainError("所属单位不能为空")
        node = self._find(text)
        if node is not None:
            return node.id
        retired = self._retired_match(text)
        if retired is not None:
            raise DomainError(
                f"单位“{retired.path}”已撤销，不能再分配职工；请改填其他单位，或先在“设置 → 单位与组织”中恢复它"
            )
        if not self.create:
            self.missing.append(text)
            raise DomainError(f"单位“{text}”在程序中不存在")
        return self._plan(text).id

    def _plan(self, text: str) -> UnitNode:
        parts = text.split("/")
        for name in parts:
            if len(name) > MAX_NAME:
                raise DomainError(f"单位名称“{name}”过长（最多{MAX_NAME}个字）")
        parent: UnitNode | None = None
        start = 0
        for k in range(len(parts) - 1, 0, -1):
            found = self._find("/".join(parts[:k]))
            if found is not None:
                parent, start = found, k
                break
        if parent is None:
            parent = self.base
        node = parent
        for name in parts[start:]:
            parent_id = node.id if node is not None else None
            if any(r.parent_id == parent_id and r.name == name for r in self.retired):
                raise DomainError(f"单位“{name}”已撤销，不能再分配职工；请先在“设置 → 单位与组织”中恢复它")
            node = UnitNode(
                id=-(len(self.planned) + 1),
                parent_id=parent_id,
                name=name,
                kind=guess_kind(name),
                retired=False,
                path=f"{node.path}/{name}" if node is not None else name,
                depth=node.depth + 1 if node is not None else 0,
                worker_count=0,
            )
            self.planned.append(node)
            self.active.append(node)
        assert node is not None  # parts is never empty: blank text was refused above
        return node


def read_sheet(path: Path, report: ImportReport, *, job: Job | None = None) -> SheetTable | None:
    """The roster sheet of ``path``, with where it was found noted in the report; None (the reason in the
    report) when the file is refused, a required column is missing or there are no rows."""
    try:
        table = read_table(path, ROSTER_FIELDS, required=REQUIRED_FIELDS, ignored=DERIVED_COLUMNS, job=job)
    except DomainError as exc:
        report.problems.append(Problem(None, "", exc.message))
        return None
    report.sheet, report.header_row = table.sheet, table.header_row
    report.rows_read, report.footer_row = len(table.rows), table.footer_row
    report.unplaced_headers, report.ignored_headers = list(table.unplaced), list(table.ignored)
    if table.missing:
        aliases = {spec.key: spec.aliases for spec in ROSTER_FIELDS}
        for key in table.missing:
            also = "、".join(aliases[key][:4])
            message = f"表头中没有“{_TITLES[key]}”列" + (f"（也可写作 {also}）" if also else "")
            report.problems.append(Problem(table.header_row, _TITLES[key], message))
        return None
    if not table.rows:
        report.problems.append(Problem(None, "", f"表头（第{table.header_row}行）下面没有职工数据"))
        return None
    return table


def _prefetch(session: Session, table: SheetTable) -> tuple[dict[str, Worker], dict[str, Worker]]:
    numbers = {idcard.normalize(v) for r in table.rows if isinstance(v := r.values.get("id_number"), str)}
    uids = {_text(r.values.get("uid")) for r in table.rows} - {""}
    by_number: dict[str, Worker] = {}
    by_uid: dict[str, Worker] = {}

    def load(column: Any, values: list[str]) -> None:
        for start in range(0, len(values), PREFETCH_CHUNK):
            for w in session.scalars(select(Worker).where(column.in_(values[start : start + PREFETCH_CHUNK]))):
                by_number[w.id_number] = w
                by_uid[w.uid] = w

    load(Worker.uid, sorted(uids))
    # A re-imported export already found its workers by record number; look up only the rest by ID.
    load(Worker.id_number, sorted(numbers - by_number.keys()))
    return by_number, by_uid


class _RowChecker:
    """Checks rows one by one against the data file; collects problems in the report."""

    def __init__(
        self, session: Session, table: SheetTable, units: ImportUnits, report: ImportReport, today: date
    ) -> None:
        self.table, self.units, self.report, self.today = table, units, report, today
        self.by_number, self.by_uid = _prefetch(session, table)
        self.code = office_code(session).upper()
        self.uid_counts: dict[str, int] = {}
        for r in table.rows:
            uid_text = _text(r.values.get("uid"))
            if uid_text:
                self.uid_counts[uid_text] = self.uid_counts.get(uid_text, 0) + 1
        self.rows_by_number: dict[str, list[int]] = {}
        self.limits = {key: free_text.limit_for(key, multiline=key == "notes") for key in table.columns}
        self.rows_by_target: dict[int, tuple[str, list[int]]] = {}
        # Per row: the columns already reported, so check_worker does not repeat a problem.
        self._row = 0
        self._reported: set[str] = set()

    def _column(self, key: str) -> str:
        return self.table.columns.get(key) or _TITLES.get(key) or key

    def _bad(self, key: str, message: str) -> None:
        self._reported.add(key)
        self.report.problems.append(Problem(self._row, self._column(key), message))

    def check(self, row: SheetRow) -> CheckedRow | None:
        self._row, self._reported = row.number, set()
        v = self._screen_cells(row.values)
        uid_text = _text(v.get("uid"))
        target, raw_id = self._match(v, uid_text)
        draft = self._draft(v, target, raw_id)
        try:
            clean = check_worker(draft, today=self.today)
        except FieldErrors as exc:
            for key, message in exc.errors.items():
                column = _COLUMN_OF.get(key, key)
                if column not in self._reported:
                    self._bad(column, message)
            return None
        if self._reported:
            return None
        return CheckedRow(row.number, clean, target, self._kept_uid(target, uid_text))

    def _screen_cells(self, v: dict[str, object]) -> dict[str, object]:
        """The row's cells with formula errors, control characters and over-long text reported and blanked."""
        for key, value in v.items():
            if isinstance(value, CellError):
                self._bad(key, f"单元格显示公式错误“{value}”，请改成实际内容（可复制后“选择性粘贴 → 数值”）")
        # Control characters (a pasted 0x01, Excel's _x001B_) and over-long cells are refused here, naming the
        # column, before any rule below could echo a 5,000,000-character cell back. One search over the row's
        # text; the cells are looked at one by one only when it finds something.
        texts = [value for value in v.values() if isinstance(value, str)]
        if texts and (
            free_text.control_character("\n".join(texts)) is not None
            or any(len(value) > self.limits[key] for key, value in v.items() if isinstance(value, str))
        ):
            for key, value in v.items():
                if isinstance(value, str) and not isinstance(value, CellError):
                    problem = free_text.text_problem(value, self._column(key), self.limits[key])
                    if problem is not None:
                        self._bad(key, problem)
        if self._reported:
            return {key: None if key in self._reported else value for key, value in v.items()}
        return v

    def _draft(self, v: dict[str, object], target: Worker | None, raw_id: object) -> WorkerDraft:
        """The worker as the row would leave her: the registered one (or a blank) overlaid with the row."""
        draft = WorkerDraft(**{f: getattr(target, f) for f in DRAFT_FIELDS}) if target else WorkerDraft()
        # Sex and birth date come from the (possibly corrected) ID number unless the row states a sex.
        draft = replace(draft, sex="", birth_date=None)
        if "id_number" not in self._reported:
            draft.id_number = raw_id  # type: ignore[assignment]  # numbers are refused by check_worker
        if not _given(v, "name") and target is None:
            draft.name = ""
        self._fill(draft, v, is_new=target is None)
        return draft

    def _kept_uid(self, target: Worker | None, uid_text: str) -> str | None:
        """A new worker keeps the file's record number when it is ours and appears once in the sheet."""
        if target is None and uid_text and self.uid_counts.get(uid_text) == 1:
            m = _OUR_UID.match(uid_text)
            if m and m.group(1).upper() == self.code:
                return uid_text
        return None

    def _match(self, v: dict[str, object], uid_text: str) -> tuple[Worker | None, object]:
        """The existing worker this row updates (if any) and the ID number to check."""
        uid_worker = self.by_uid.get(uid_text) if uid_text else None
        raw_id: object = v.get("id_number")
        if isinstance(raw_id, str) and "*" in raw_id:
            if uid_worker is not None and idcard.is_mask_of(raw_id, uid_worker.id_number):
                raw_id = uid_worker.id_number
            else:
                self._bad(
                    "id_number",
                    "身份证号已隐去中间部分，无法据此登记；"
                    "请用导出时选择“含完整身份证号”的表，或保留本程序导出的“记录编号”列",
                )
        ok_text = isinstance(raw_id, str) and "id_number" not in self._reported
        number = idcard.normalize(raw_id) if ok_text else ""
        id_worker = self.by_number.get(number) if number else None
        target = uid_worker or id_worker
        if uid_worker is not None and id_worker is not None and uid_worker.id != id_worker.id:
            self._bad(
                "id_number",
                f"身份证号已登记在职工“{id_worker.name}”名下，而记录编号 {uid_text} "
                f"属于职工“{uid_worker.name}”，请核对",
            )
        elif (
            uid_worker is not None
            and id_worker is None
            and number
            and _given(v, "name")
            and clean_name(v.get("name")) != uid_worker.name
        ):
            self._bad(
                "uid",
                f"记录编号 {uid_text} 属于职工“{uid_worker.name}”，"
                "但本行的姓名和身份证号都不同；新增职工时请清空“记录编号”",
            )
        if target is not None and target.archived_at is not None and "id_number" not in self._reported:
            self._bad(
                "id_number",
                f"该身份证号登记在已归档的职工“{target.name}”名下；"
                "如已返岗，请先在“归档”中恢复，再重新导入（或从表中删去此行）",
            )
        if number:
            self.rows_by_number.setdefault(number, []).append(self._row)
        if target is not None:
            self.rows_by_target.setdefault(target.id, (target.name, []))[1].append(self._row)
        return target, raw_id

    def _fill(self, draft: WorkerDraft, v: dict[str, object], *, is_new: bool) -> None:
        """Overlay the row's non-blank cells on the draft (blank cells keep what the worker has)."""
        for key in ("name", "ethnicity", "post", "notes"):
            if _given(v, key):
                setattr(draft, key, _text(v[key]))
        if _given(v, "phone"):
            self._fill_phone(draft, _text(v["phone"]), is_new=is_new)
        self._fill_choices(draft, v)
        for key in ("union_join_date", "hire_date", "contract_end"):
            if _given(v, key):
                try:
                    setattr(draft, key, parse_date(v[key]))
                except DomainError as exc:
                    self._bad(key, exc.message)
        self._fill_unit(draft, v, is_new=is_new)

    def _fill_phone(self, draft: WorkerDraft, phone: str, *, is_new: bool) -> None:
        if "*" not in phone:
            draft.phone = phone
        elif is_new or mask_phone(draft.phone) != clean_phone(phone):
            # A masked export's 138****5678 re-imported for its own worker keeps her number; anything
            # else masked cannot be registered.
            self._bad(
                "phone",
                f"联系电话“{phone}”已隐去中间四位，无法据此登记；请填写完整号码，"
                "或清空此格（空白不会改动已登记的号码）",
            )

    def _fill_choices(self, draft: WorkerDraft, v: dict[str, object]) -> None:
        """Sex, employment type, status and union membership, from their words to their codes."""
        if _given(v, "sex"):
            try:
                draft.sex = enums.code_for(enums.SEX, _text(v["sex"]).removesuffix("性"), field="sex")
            except DomainError:
                self._bad("sex", f"性别“{_text(v['sex'])}”应为“男”或“女”（也可不填，由身份证号判断）")
        for key, mapping in (("employment_type", enums.EMPLOYMENT_TYPE), ("status", enums.WORKER_STATUS)):
            if _given(v, key):
                try:
                    setattr(draft, key, enums.code_for(mapping, _text(v[key]), field=key))
                except DomainError as exc:
                    self._bad(key, exc.message)
        if _given(v, "union_member"):
            try:
                draft.union_member = enums.parse_yes_no(v["union_member"], field="union_member")
            except DomainError as exc:
                self._bad("union_member", exc.message)

    def _fill_unit(self, draft: WorkerDraft, v: dict[str, object], *, is_new: bool) -> None:
        if _given(v, "unit"):
            try:
                draft.unit_id = self.units.resolve(v["unit"])
            except DomainError as exc:
                self._bad("unit", exc.message)
        elif is_new and "unit" not in self._reported:
            self._bad("unit", "所属单位不能为空")
        if "unit" in self._reported:
            draft.unit_id = 0  # keeps check_worker from naming the unit a second time

    def report_duplicates(self) -> None:
        flagged: set[int] = set()
        for number, rows in self.rows_by_number.items():
            if len(rows) > 1:
                flagged.update(rows)
                for r in rows:
                    others = "、".join(f"第{o}行" for o in rows if o != r)
                    message = f"身份证号 {number} 与{others}重复，同一人只能出现一次"
                    self.report.problems.append(Problem(r, self._column("id_number"), message))
        for name, rows in self.rows_by_target.values():
            # Rows already named as ID duplicates need no second message; this catches a copied 记录编号.
            if len(rows) > 1 and not set(rows) <= flagged:
                for r in rows:
                    others = "、".join(f"第{o}行" for o in rows if o != r)
                    message = f"与{others}指向同一名职工“{name}”；新增职工时请清空“记录编号”"
                    self.report.problems.append(Problem(r, self._column("uid"), message))


def _given(values: dict[str, object], key: str) -> bool:
    value = values.get(key)
    return value is not None and _text(value) != ""


def check_rows(
    session: Session,
    table: SheetTable,
    units: ImportUnits,
    report: ImportReport,
    *,
    today: date,
    job: Job | None,
) -> list[CheckedRow]:
    checker = _RowChecker(session, table, units, report, today)
    checked: list[CheckedRow] = []
    total = len(table.rows)
    for index, row in enumerate(table.rows, 1):
        if job is not None and index % PROGRESS_EVERY == 0:
            job.step(index, total, f"正在检查第 {row.number} 行")
        item = checker.check(row)
        if item is not None:
            checked.append(item)
    checker.report_duplicates()
    if job is not None:
        job.step(total, total, "检查完成")
    return checked
