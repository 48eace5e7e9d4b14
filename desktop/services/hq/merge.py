"""HQ merge (汇总各单位报表): many offices' workbooks into one group report, counted once and checked.

Rules (docs/hq-workbook.md):
1. Every input's 说明 sheet and headers are checked before anything else, and its signature must be made
   with a group key the merge was given (an unsigned workbook, or one signed with another key, is refused
   with what the office should do); then each file is streamed once and its signature (HMAC-SHA256 under
   the group key) and row counts verified. Any bad file stops the merge, names the file, the office and the
   reason, and no output file is written (the workbook is saved atomically only at the end).
2. The same workbook given twice (same signature) counts once.
3. Within one office, a snapshot sheet comes whole from one workbook: 名册 and 困难档案 from the latest
   export, 四期保护 from the latest period end (of equal ends, the latest export); a period sheet's row
   from an older export is dropped when its 归属日期 falls in the period of a newer export, or when a newer
   one has the same record.
4. Conflicts go to the 冲突 sheet: one fingerprint in two offices' rosters (a transferred worker, or a
   double registration), and one record id with different content in two offices' workbooks.
The result is streamed (write-only); inputs are read read-only, one at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import desktop
from desktop.core.errors import DomainError
from desktop.core.hq_summary import Summary
from desktop.core.progress import Job
from desktop.reports.excel.writer import (
    PROGRESS_EVERY,
    ColumnSpec,
    TableSheet,
    discard_workbook,
    new_workbook,
    save_atomically,
)
from desktop.reports.hq import format as fmt
from desktop.reports.hq.reader import HqInfo, HqWorkbook, iter_rows, open_workbook, read_info

OFFICE_COLUMNS = (
    ColumnSpec("office_code", "上报单位代码", width=12),
    ColumnSpec("office_name", fmt.OFFICE_COLUMN, width=18),
)
INFO_COLUMNS = (ColumnSpec("key", "项目", width=16), ColumnSpec("value", "内容", width=60))
SOURCE_COLUMNS = (
    ColumnSpec("file", "文件", width=28),
    ColumnSpec("office_code", "单位代码", width=10),
    ColumnSpec("office_name", "单位名称", width=18),
    ColumnSpec("from", "统计期间起", kind="date"),
    ColumnSpec("to", "统计期间止", kind="date"),
    ColumnSpec("exported_at", "导出时间", kind="datetime"),
    ColumnSpec("program", "程序版本", width=16),
    ColumnSpec("ids", "身份证号", width=14),
    ColumnSpec("rows", "合并行数", kind="int"),
    ColumnSpec("outcome", "处理结果", width=36),
)
CONFLICT_COLUMNS = (
    ColumnSpec("kind", "冲突类型", width=18),
    ColumnSpec("key", f"身份指纹/{fmt.RECORD_ID}", width=46),
    ColumnSpec("sheet", "工作表", width=12),
    ColumnSpec("office_a", "单位一", width=16),
    ColumnSpec("who_a", "姓名一", width=10),
    ColumnSpec("office_b", "单位二", width=16),
    ColumnSpec("who_b", "姓名二", width=10),
    ColumnSpec("note", "说明", width=40),
)
SOURCES_SHEET = "来源文件"


@dataclass
class MergeResult:
    offices: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)  # file names counted once already
    conflicts: int = 0
    summaries: dict[str, Summary] = field(default_factory=dict)

    def summary_line(self) -> str:
        total = sum(self.rows.values())
        text = f"已汇总 {len(self.offices)} 个单位，{total} 行；冲突 {self.conflicts} 条"
        if self.duplicates:
            text += f"；重复文件已只计一次：{'、'.join(self.duplicates)}"
        return text


def _digest(canonical_row: str) -> bytes:
    """A short digest of a row's content, to tell "the same record" from "a different record, same id"."""
    return hashlib.blake2b(canonical_row.encode("utf-8"), digest_size=12).digest()


class _Merger:
    def __init__(self, infos: list[HqInfo], keys: Mapping[str, str], job: Job | None) -> None:
        self.infos = infos
        self.keys = keys  # key fingerprint -> group key; every input's key is among them (checked before)
        self.job = job
        self.workbook = new_workbook()
        wb = self.workbook
        self.info_sheet = TableSheet(wb, fmt.INFO_SHEET, INFO_COLUMNS)
        self.summary_sheet_wb = wb.create_sheet(fmt.SUMMARY_SHEET)
        self.sources = TableSheet(wb, SOURCES_SHEET, SOURCE_COLUMNS)
        self.conflicts = TableSheet(wb, fmt.CONFLICT_SHEET, CONFLICT_COLUMNS)
        self.areas = {a.title: TableSheet(wb, a.title, (*OFFICE_COLUMNS, *a.columns)) for a in fmt.AREA_SHEETS}
        self.seen: dict[str, tuple[str, bytes, str]] = {}  # record id -> (office, content digest, who)
        self.fingerprints: dict[str, tuple[str, str]] = {}  # fingerprint -> (office, name)
        self.result = MergeResult()
        self.done = 0

    def _conflict(self, kind: str, key: str, sheet: str, a: tuple[str, str], b: tuple[str, str], note: str) -> None:
        self.conflicts.append(
            {
                "kind": kind,
                "key": key,
                "sheet": sheet,
                "office_a": a[0],
                "who_a": a[1],
                "office_b": b[0],
                "who_b": b[1],
                "note": note,
            }
        )
        self.result.conflicts += 1

    def run(self, out: Path) -> MergeResult:
        try:
            self._merge_all()
            self._finish()
        except BaseException:
            discard_workbook(self.workbook)
            raise
        save_atomically(self.workbook, out)
        return self.result

    def _merge_all(self) -> None:
        by_checksum: dict[str, str] = {}
        # Period rows: the latest export of an office wins its period. Equal export times (two exports in
        # one second) fall back to the later period end, then the signature, so the result never depends on
        # the order the files were given in.
        order = sorted(
            self.infos,
            key=lambda i: (i.office_code, -i.exported_at.timestamp(), -i.period_to.toordinal(), i.checksum, i.name),
        )
        # Snapshot sheets, per sheet (an export may leave an area out): the roster and hardship files from
        # the latest export (they are the state at export); the four-period cases from the latest period
        # end (a re-export of an older half-year, made later, describes that half-year's last day).
        self.snapshot_from: dict[tuple[str, str], HqInfo] = {}
        for info in order:
            for title in info.row_counts:
                area = fmt.AREA_BY_TITLE[title]
                best = self.snapshot_from.get((info.office_code, title))
                if best is None or (area.snapshot_on == "period_end" and info.period_to > best.period_to):
                    self.snapshot_from[(info.office_code, title)] = info
        newer: dict[str, list[HqInfo]] = {}
        names = {i.office_code: i.office_name for i in sorted(self.infos, key=lambda i: i.exported_at)}
        for info in order:
            duplicate_of = by_checksum.get(info.checksum)
            kept = self._merge_file(
                info, names[info.office_code], newer.get(info.office_code, []), keep=duplicate_of is None
            )
            if duplicate_of is not None:
                self.result.duplicates.append(info.name)
                outcome = f"与“{duplicate_of}”内容相同，只计一次"
            else:
                by_checksum[info.checksum] = info.name
                previous = newer.get(info.office_code, [])
                outcome = "已合并" if not previous else f"已合并（较新的“{previous[0].name}”已替代其重叠期间）"
                # Say so where a state sheet comes from a workbook other than the newest one.
                sources = [
                    self.snapshot_from[(info.office_code, a.title)]
                    for a in fmt.AREA_SHEETS
                    if a.snapshot_on == "period_end" and a.title in info.row_counts
                ]
                replaced = sorted(
                    {src.name for src in sources if src is not info and (not previous or src is not previous[0])}
                )
                if replaced:
                    outcome += f"；四期保护状态取自统计期末更晚的“{'、'.join(replaced)}”"
                newer.setdefault(info.office_code, []).append(info)
                if info.office_code not in self.result.offices:
                    self.result.offices.append(info.office_code)
            self.sources.append(
                {
                    "file": info.name,
                    "office_code": info.office_code,
                    "office_name": info.office_name,
                    "from": info.period_from,
                    "to": info.period_to,
                    "exported_at": info.exported_at,
                    "program": info.program,
                    "ids": "完整号码" if info.full_ids else "已隐去",
                    "rows": kept,
                    "outcome": outcome,
                }
            )

    def _superseded(self, area: fmt.AreaSheet, period_day: object, info: HqInfo, newer: list[HqInfo]) -> bool:
        if area.scope == "snapshot":
            return self.snapshot_from[(info.office_code, area.title)] is not info
        if not newer:
            return False
        day = period_day.date() if isinstance(period_day, datetime) else period_day
        if not isinstance(day, date):
            # Not a date (edited by hand): the signature refuses the file once it is read through.
            return False
        return any(n.period_from <= day <= n.period_to for n in newer)

    def _merge_file(self, info: HqInfo, office_name: str, newer: list[HqInfo], *, keep: bool) -> int:
        """Stream one workbook: verify it, and (unless it duplicates another) add its surviving rows."""
        workbook = open_workbook(info.path, checked=info.scan)
        kept = 0
        try:
            signature = fmt.Signature(
                self.keys[info.key_id],
                office_code=info.office_code,
                period_from=info.period_from,
                period_to=info.period_to,
            )
            summary = self.result.summaries.setdefault(info.office_code, Summary())
            for area in fmt.AREA_SHEETS:
                if area.title in info.row_counts:
                    kept += self._merge_sheet(workbook, info, area, signature, summary, office_name, newer, keep=keep)
            signature.start_sheet(fmt.SUMMARY_SHEET, [c.kind for c in fmt.SUMMARY.columns])
            for _number, values in iter_rows(workbook, info.path, fmt.SUMMARY):
                signature.add_row(values)
            signature.add_info(info.pairs)
            if not signature.matches(info.checksum):
                raise DomainError(
                    f"{info.who}：签名不符，数据在导出后被改动过（或不是用集团密钥导出的），不能汇总。"
                    "请让该单位重新导出并直接发送，不要手工修改"
                )
        finally:
            workbook.close()
        return kept

    def _merge_sheet(
        self,
        workbook: HqWorkbook,
        info: HqInfo,
        area: fmt.AreaSheet,
        signature: fmt.Signature,
        summary: Summary,
        office_name: str,
        newer: list[HqInfo],
        *,
        keep: bool,
    ) -> int:
        """One area sheet: every row signed and counted against 说明; the rows kept returned."""
        kinds = [c.kind for c in area.columns]
        titles = area.titles
        date_at = titles.index(fmt.PERIOD_DATE) if fmt.PERIOD_DATE in titles else None
        name_at = titles.index("姓名") if "姓名" in titles else None
        # Only the roster's fingerprints tell the same person in two offices.
        fp_at = titles.index(fmt.FINGERPRINT) if area is fmt.ROSTER and fmt.FINGERPRINT in titles else None
        # By header (the last column since #17 item 3): a serial is per office and may repeat.
        rid_at = area.record_id_at
        signature.start_sheet(area.title, kinds)
        count = kept = 0
        table = self.areas[area.title]
        for _number, values in iter_rows(workbook, info.path, area):
            canonical_row = signature.add_row(values)
            count += 1
            self.done += 1
            if self.job is not None and self.done % PROGRESS_EVERY == 0:
                self.job.step(self.done, 0, f"正在汇总“{info.name}”的“{area.title}”")
            if not keep:
                continue
            if self._superseded(area, values[date_at] if date_at is not None else None, info, newer):
                continue
            rid = fmt.canonical("text", values[rid_at])
            who = fmt.canonical("text", values[name_at]) if name_at is not None else ""
            fingerprint = values[fp_at] if fp_at is not None else None
            if not self._first_sighting(info, area.title, rid, who, _digest(canonical_row), fingerprint):
                continue
            table.append([info.office_code, office_name, *values])
            summary.add(area.title, dict(zip(titles, values, strict=True)))
            kept += 1
        expected = info.row_counts[area.title]
        if count != expected:
            raise DomainError(
                f"{info.who}：工作表“{area.title}”有 {count} 行，"
                f"说明页记为 {expected} 行，文件可能被改动过，请让该单位重新导出"
            )
        return kept

    def _first_sighting(self, info: HqInfo, title: str, rid: str, who: str, digest: bytes, fingerprint: object) -> bool:
        """Whether this record is new to the merge (and so kept); a record another office sent too, or a
        roster person whose identity fingerprint another office holds, is noted as a conflict."""
        earlier = self.seen.get(rid)
        if earlier is not None:
            if earlier[0] != info.office_code:
                same = earlier[1] == digest
                self._conflict(
                    "同一记录出现在两个单位" if same else "同一记录内容不同",
                    rid,
                    title,
                    (earlier[0], earlier[2]),
                    (info.office_code, who),
                    "内容相同，只计一次" if same else "两个单位的工作簿含同一全局标识但内容不同，已保留先读到的一份",
                )
            return False
        self.seen[rid] = (info.office_code, digest, who)
        if fingerprint:
            fp = str(fingerprint)
            other = self.fingerprints.get(fp)
            if other is None:
                self.fingerprints[fp] = (info.office_code, who)
            elif other[0] != info.office_code:
                self._conflict(
                    "同一人在两个单位",
                    fp,
                    title,
                    other,
                    (info.office_code, who),
                    "身份指纹相同：可能是调动未办结或重复登记，请两单位核对",
                )
        return True

    def _finish(self) -> None:
        r = self.result
        for title, table in self.areas.items():
            r.rows[title] = table.close()
        names = {i.office_code: i.office_name for i in sorted(self.infos, key=lambda i: i.exported_at)}
        group = Summary()
        for code in r.offices:
            group += r.summaries[code]
        office_titles = [f"{code} {names.get(code, '')}".strip() for code in r.offices]
        columns = [
            ColumnSpec("category", "类别", width=12),
            ColumnSpec("label", "指标", width=26),
            ColumnSpec("unit", "单位", width=6),
        ]
        columns += [ColumnSpec(f"o{i}", t, kind="number", width=14) for i, t in enumerate(office_titles)]
        columns.append(ColumnSpec("group", "集团合计", kind="number", width=14))
        summary = TableSheet(self.summary_sheet_wb, fmt.SUMMARY_SHEET, columns)
        per_office = [{(f.category, f.label): f.value for f in r.summaries[c].figures()} for c in r.offices]
        for fig in group.figures():
            row: dict[str, object] = {
                "category": fig.category,
                "label": fig.label,
                "unit": fig.unit,
                "group": fig.value,
            }
            for i, values in enumerate(per_office):
                row[f"o{i}"] = values.get((fig.category, fig.label), 0)
            summary.append(row)
        summary.close()
        for key, value in (
            ("格式", "工会上报汇总表"),
            ("汇总时间", datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
            ("程序版本", f"union-desk {desktop.__version__}"),
            ("单位数", str(len(r.offices))),
            ("输入文件数", str(len(self.infos))),
            ("重复文件", "、".join(r.duplicates) or "无"),
            ("冲突", f"{r.conflicts} 条，见“{fmt.CONFLICT_SHEET}”工作表"),
            ("身份证号", "含完整号码的输入：" + ("、".join(i.name for i in self.infos if i.full_ids) or "无")),
        ):
            self.info_sheet.append({"key": key, "value": value})
        self.info_sheet.close()
        self.sources.close()
        self.conflicts.close()


NO_KEY_ADVICE = (
    "在 设置 → 单位与组织 → 集团密钥 中填入集团工会下发的密钥（或运行 union-desk hq-key set "
    "--db 数据文件 --user 管理员用户名），并与集团工会核对密钥指纹"
)


def _signing_keys(infos: Sequence[HqInfo], keys: Sequence[str]) -> dict[str, str]:
    """The group key each input was signed with, by its fingerprint; refuses before any file is read through."""
    by_id = {fmt.key_fingerprint(k): k for k in keys if k}
    if not by_id:
        raise DomainError(
            "无法验证各单位上报工作簿的签名：汇总方还没有集团密钥。请"
            + NO_KEY_ADVICE
            + "；命令行汇总时用 --db 数据文件 --user 用户名，或 --key-file 密钥文件"
        )
    for info in infos:
        if not info.signed:
            raise DomainError(
                f"{info.who}：没有签名——该单位导出时还没有设置集团密钥，无法确认数据未被改动，"
                f"不能汇总。请该单位{NO_KEY_ADVICE}，然后重新导出"
            )
        if info.key_id not in by_id:
            raise DomainError(
                f"{info.who}：签名所用的集团密钥（密钥指纹 {info.key_id or '未注明'}）与汇总方的"
                f"（{'、'.join(sorted(by_id))}）不同，不能汇总。请该单位在 设置 → 单位与组织 → 集团密钥 核对密钥指纹，"
                "改正后重新导出；若集团刚更换过密钥，汇总方可在密钥文件中同时给出旧密钥（每行一个）"
            )
    return by_id


def merge_workbooks(
    paths: Sequence[Path], out: Path, *, keys: Sequence[str] = (), job: Job | None = None
) -> MergeResult:
    """Merge office workbooks into ``out``, each verified with one of ``keys`` (the group key; during a key
    change, the old one too). Raises DomainError naming the first bad file; nothing is written."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise DomainError("请至少选择一个上报工作簿")
    out = Path(out)
    if any(p.resolve() == out.resolve() for p in paths if p.exists()):
        raise DomainError(f"汇总结果“{out.name}”不能覆盖输入文件")
    infos: list[HqInfo] = []
    for n, path in enumerate(paths, 1):
        if job is not None:
            job.step(n, len(paths), f"正在检查“{path.name}”")
        workbook = open_workbook(path)
        try:
            infos.append(read_info(workbook, path))
        finally:
            workbook.close()
    return _Merger(infos, _signing_keys(infos, keys), job).run(out)
