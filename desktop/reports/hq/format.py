"""The HQ workbook format (docs/hq-workbook.md): its sheets, their columns, the signature and the fingerprint.

Export, merge and the docs all read the sheet definitions from here, so the format has one source. The
signature is computed over what a reader gets back from the cells (texts as cleaned for Excel, money as
yuan with two decimals, dates as ISO days), so a workbook saved by the program and read back by the merge
gives the same value, and any edited cell gives another. It is keyed with the group key (HMAC-SHA256):
an unkeyed digest could be recomputed by whoever edited the cells, with this very code.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from desktop.reports.excel.writer import ColumnKind, ColumnSpec, clean_text

FORMAT_NAME = "工会上报工作簿"
# 2: the checksum covers the 说明 rows too (version 1 was a pre-release draft that never reached an office).
# 3: 职工名册 carries 出生年份 instead of 出生日期, and masked numbers keep the region and the check character
#    only: a version-2 masked roster gave the birth date beside 150785********0022, which rebuilt the number
#    (docs/decisions.md, "Masking that holds"). Version-2 files are refused rather than merged, so the merge
#    result never carries such a pair; the office exports again with this version.
#    Before its first release it gained 专项合同履行, 特种病保险, 维权诉求汇总 and 职工需求 (#19); no office had
#    version 3 yet, so the number stayed. A reader does not ask for them (a sheet not in 说明's 行数 lines is
#    simply absent).
#    Also before its first release (#17 item 3): a sheet of numbered records starts with the record's 编号
#    (慰2026-0042), the number clerks know, and every internal uid moved to the end of its row, the record's
#    own last, headed 全局标识（集团汇总用） as in the office's own exports. The merge finds it by its header.
FORMAT_VERSION = 3
KNOWN_VERSIONS = frozenset({3})
INFO_SHEET = "说明"
SUMMARY_SHEET = "汇总"
CONFLICT_SHEET = "冲突"
SERIAL = "编号"  # the record's serial (desktop.core.serials), per office and year: read with 上报单位
RECORD_ID = "全局标识（集团汇总用）"  # the internal uid (office code + UUID): what the merge matches records by
PERIOD_DATE = "归属日期"
FINGERPRINT = "身份指纹"
OFFICE_COLUMN = "上报单位"
FINGERPRINT_HEX = 16

SheetScope = Literal["snapshot", "period"]


@dataclass(frozen=True)
class AreaSheet:
    """One area sheet: its title, columns (the serial first where the records have one, the record's uid
    last) and how a merge treats newer exports.

    ``snapshot`` sheets hold a state, not dated records: the roster and the hardship files as they stand at
    the export (``snapshot_on="export"``), the four-period cases on the period's last day
    (``"period_end"``). A merge takes such a sheet whole from one workbook of the office: the latest export,
    or the one with the latest period end. ``period`` sheets hold records dated inside the period (by their
    归属日期): a newer export replaces the rows of its own period.
    """

    title: str
    scope: SheetScope
    columns: tuple[ColumnSpec, ...]
    snapshot_on: Literal["export", "period_end"] = "export"

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(c.title for c in self.columns)

    @property
    def record_id_at(self) -> int:
        """Where the record's uid sits among the columns (the last), found by header like every column."""
        return self.titles.index(RECORD_ID)

    @property
    def numbered(self) -> bool:
        """Whether its rows are records with a serial, in the first column."""
        return self.titles[0] == SERIAL


def _c(
    key: str, title: str, kind: ColumnKind = "text", *, width: float | None = None, as_text: bool = False
) -> ColumnSpec:
    return ColumnSpec(key, title, width=width, kind=kind, as_text=as_text)


# Uids last (the record's own the very last): they are for matching, not for reading.
_RID = _c("record_id", RECORD_ID, width=46)
_SERIAL = _c("serial", SERIAL, width=13)
_WID = _c("worker_record_id", "职工全局标识", width=46)
_NAME = _c("name", "姓名", width=10)
_IDNO = _c("id_number", "身份证号", width=21, as_text=True)
_FP = _c("fingerprint", FINGERPRINT, width=19, as_text=True)
_UNIT = _c("unit", "所属单位", width=22)
_PDATE = _c("period_date", PERIOD_DATE, "date")

ROSTER = AreaSheet(
    "职工名册",
    "snapshot",
    (
        _NAME,
        _c("sex", "性别", width=6),
        _IDNO,
        _FP,
        _c("birth_year", "出生年份", "int"),
        _UNIT,
        _c("post", "岗位", width=14),
        _c("employment", "用工形式"),
        _c("member", "工会会员", "bool"),
        _c("join_date", "入会日期", "date"),
        _c("hire_date", "入职日期", "date"),
        _c("status", "状态", width=8),
        _RID,
    ),
)
PROTECTION = AreaSheet(
    "四期保护",
    "snapshot",
    (
        _NAME,
        _IDNO,
        _FP,
        _UNIT,
        _c("state", "状态", width=14),
        _c("weeks", "孕周", "int"),
        _c("lmp", "末次月经", "date"),
        _c("due", "预产期", "date"),
        _c("seven_month", "孕7月日期", "date"),
        _c("delivery", "分娩日期", "date"),
        _c("babies", "胎数", "int"),
        _c("dystocia", "难产", "bool"),
        _c("miscarriage", "流产日期", "date"),
        _c("leave_days", "产假天数", "int"),
        _c("leave_start", "产假开始", "date"),
        _c("leave_end", "产假结束", "date"),
        _c("lactation_end", "哺乳期结束", "date"),
        _c("reassignment", "调岗情况", width=28),
        _c("state_on", "状态日期", "date"),
        _WID,
        _RID,
    ),
    snapshot_on="period_end",
)
EXAMS = AreaSheet(
    "体检筛查",
    "period",
    (
        _c("plan_serial", "体检计划编号", width=13),
        _c("plan", "体检计划", width=22),
        _c("exam_type", "体检类型", width=12),
        _c("year", "年度", "int"),
        _c("provider", "体检机构", width=18),
        _NAME,
        _IDNO,
        _FP,
        _UNIT,
        _c("scheduled", "预约日期", "date"),
        _c("status", "状态", width=8),
        _c("actual", "实检日期", "date"),
        _c("result", "结果类别", width=12),
        _c("follow_up_due", "复查截止", "date"),
        _c("follow_up_done", "复查完成", "date"),
        _PDATE,
        _c("plan_record_id", "体检计划全局标识", width=46),
        _WID,
        _RID,
    ),
)
VISITS = AreaSheet(
    "慰问记录",
    "period",
    (
        _SERIAL,
        _NAME,
        _IDNO,
        _FP,
        _UNIT,
        _c("occasion", "慰问事由", width=12),
        _c("festival", "节日", width=8),
        _c("relative", "亲属姓名", width=10),
        _c("relation", "亲属关系", width=8),
        _c("event_date", "事件日期", "date"),
        _c("visit_date", "慰问日期", "date"),
        _c("cash", "慰问金（元）", "money"),
        _c("goods", "慰问品", width=18),
        _c("goods_value", "慰问品价值（元）", "money"),
        _c("status", "状态", width=8),
        _c("approved_by", "审批人", width=10),
        _c("approved_on", "审批日期", "date"),
        _c("paid_on", "发放日期", "date"),
        _c("override", "突破标准", "bool"),
        _c("override_rules", "突破的规定", width=30),
        _c("override_reason", "突破理由", width=30),
        _c("visitors", "慰问人", width=16),
        _c("batch_serial", "批次编号", width=12),
        _c("batch", "慰问批次", width=18),
        _PDATE,
        _WID,
        _RID,
    ),
)
HARDSHIP = AreaSheet(
    "困难职工档案",
    "snapshot",
    (
        _SERIAL,
        _NAME,
        _IDNO,
        _FP,
        _UNIT,
        _c("grade", "困难类别", width=10),
        _c("main_cause", "主要致困原因", width=14),
        _c("secondary_causes", "次要原因", width=16),
        _c("health", "健康状况", width=14),
        _c("disability", "残疾情况", width=10),
        _c("housing", "住房情况", width=14),
        _c("single_parent", "单亲家庭", "bool"),
        _c("own_income", "本人年收入（元）", "money"),
        _c("household_income", "家庭年收入（元）", "money"),
        _c("household_size", "家庭人口", "int"),
        _c("per_capita", "家庭人均年收入（元）", "money"),
        _c("bank", "开户银行", width=16),
        _c("bank_account", "银行账号", width=22, as_text=True),
        _c("status", "档案状态", width=8),
        _c("opened_on", "建档日期", "date"),
        _c("status_on", "状态变更日期", "date"),
        _c("status_reason", "变更原因", width=18),
        _c("reviewed_on", "上次复核", "date"),
        _WID,
        _RID,
    ),
)
ACTIVITIES = AreaSheet(
    "品牌活动",
    "period",
    (
        _SERIAL,
        _c("brand", "品牌", width=10),
        _c("title", "活动名称", width=24),
        _c("kind", "形式", width=8),
        _c("starts_at", "开始时间", "datetime"),
        _c("ends_at", "结束时间", "datetime"),
        _c("place", "地点", width=16),
        _c("organiser", "组织者", width=14),
        _c("target", "对象", width=14),
        _c("budget", "预算（元）", "money"),
        _c("actual", "实际费用（元）", "money"),
        _c("registered", "报名人数", "int"),
        _c("signed", "签到人数", "int"),
        _PDATE,
        _RID,
    ),
)
PARTICIPANTS = AreaSheet(
    "活动参与",
    "period",
    (
        _c("activity_serial", "活动编号", width=13),
        _c("activity", "活动名称", width=24),
        _c("brand", "品牌", width=10),
        _NAME,
        _c("sex", "性别", width=6),
        _FP,
        _UNIT,
        _c("status", "状态", width=8),
        _c("role", "角色", width=8),
        _c("award", "奖项", width=16),
        _c("rank", "名次", width=8),
        _c("hours", "时长（小时）", "number"),
        _c("family", "家庭名称", width=12),
        _PDATE,
        _c("activity_record_id", "活动全局标识", width=46),
        _WID,
        _RID,
    ),
)
HONOURS = AreaSheet(
    "荣誉",
    "period",
    (
        _SERIAL,
        _c("year", "年度", "int"),
        _c("title", "荣誉名称", width=18),
        _c("level", "级别", width=8),
        _c("holder", "获得者", width=14),
        _NAME,
        _FP,
        _UNIT,
        _c("awarded_by", "授予单位", width=18),
        _c("awarded_on", "授予日期", "date"),
        _c("activity_serial", "关联活动编号", width=13),
        _PDATE,
        _c("activity_record_id", "关联活动全局标识", width=46),
        _WID,
        _RID,
    ),
)

# The three areas of #19. Figures, not people: the check is about the contract, and the insurance and rights
# sheets are counts per slice of the period (a calendar year cut to the period), so no name, ID number or
# diagnosis tied to a person leaves the office (docs/decisions.md, "HQ detail of the #19 areas"). Their
# record ids are made from the office code, the slice and the line, so a re-export of a slice replaces it.
_SLICE_FROM = _c("slice_from", "统计起", "date")
CONTRACT_CHECK = AreaSheet(
    "专项合同履行",
    "period",
    (
        _c("contract", "合同名称", width=30),
        _c("year", "检查年度", "int"),
        _c("article", "条款", width=10),
        _c("kind", "类别", width=12),
        _c("promise", "合同约定", width=34),
        _c("promised", "约定数值", "int"),
        _c("unit", "单位", width=6),
        _c("target", "达标比例（%）", "int", width=12),
        _c("done", "实际达到", "int"),
        _c("of", "应统计", "int"),
        _c("actual", "实际情况", width=22),
        _c("verdict", "结论", width=10),
        _c("explanation", "依据与说明", width=60),
        _PDATE,
        _c("contract_record_id", "合同全局标识", width=46),
        _RID,
    ),
)
INSURANCE = AreaSheet(
    "特种病保险",
    "period",
    (
        _c("year", "年度", "int"),
        _c("line", "项目", width=12),
        _c("diagnosis", "诊断类别", width=20),
        _c("enrolled", "参保人次", "int"),
        _c("premium", "缴费合计（元）", "money", width=14),
        _c("union_paid", "工会缴纳（元）", "money", width=14),
        _c("worker_paid", "个人缴纳（元）", "money", width=14),
        _c("shared_paid", "共同缴纳（元）", "money", width=14),
        _c("claims", "申请件数", "int"),
        _c("paid_claims", "已给付件数", "int", width=10),
        _c("claimed", "申请金额（元）", "money", width=14),
        _c("paid", "给付金额（元）", "money", width=14),
        _SLICE_FROM,
        _PDATE,
        _RID,
    ),
)
RIGHTS = AreaSheet(
    "维权诉求汇总",
    "period",
    (
        _c("year", "年度", "int"),
        _c("category", "诉求类别", width=14),
        _c("total", "受理件数", "int"),
        _c("prevention", "预防", "int"),
        _c("mediation", "调解", "int"),
        _c("arbitration", "仲裁", "int"),
        _c("litigation", "诉讼", "int"),
        _c("legal_aid", "转介法律援助", "int", width=12),
        _c("closed", "已办结", "int"),
        _c("resolved", "已解决", "int"),
        _c("satisfied", "满意或基本满意", "int", width=14),
        _c("asked", "已回访", "int"),
        _SLICE_FROM,
        _PDATE,
        _RID,
    ),
)
# The 职工需求清单 (#19 item 3) as counts: per slice and need category, how many were collected and the step
# each has reached — the needs' text and who raised them stay in the office.
NEEDS = AreaSheet(
    "职工需求",
    "period",
    (
        _c("year", "年度", "int"),
        _c("category", "需求类别", width=12),
        _c("total", "收集件数", "int"),
        _c("collected", "待办理（收集）", "int", width=14),
        _c("handling", "办理中", "int"),
        _c("revisited", "已回访", "int"),
        _SLICE_FROM,
        _PDATE,
        _RID,
    ),
)

AREA_SHEETS: tuple[AreaSheet, ...] = (
    ROSTER,
    PROTECTION,
    EXAMS,
    VISITS,
    HARDSHIP,
    ACTIVITIES,
    PARTICIPANTS,
    HONOURS,
    CONTRACT_CHECK,
    INSURANCE,
    RIGHTS,
    NEEDS,
)
AREA_BY_TITLE: dict[str, AreaSheet] = {s.title: s for s in AREA_SHEETS}
# The layout every area sheet keeps (docs/hq-workbook.md, "Columns"): the uid last; a serial only first.
assert all(s.titles[-1] == RECORD_ID and SERIAL not in s.titles[1:] for s in AREA_SHEETS)

# The office's own key figures. The merge recomputes them from the rows, but the sheet is read by people who
# open a single office's workbook, so it is signed like the rest. Not an area sheet: no record ids.
SUMMARY = AreaSheet(
    SUMMARY_SHEET,
    "snapshot",
    (
        _c("category", "类别", width=12),
        _c("label", "指标", width=26),
        _c("value", "数值", "number", width=14),
        _c("unit", "单位", width=8),
    ),
)

# 说明 is a two-column table (项目, 内容); these are its keys, in the order they are written.
INFO_FORMAT = "格式"
INFO_VERSION = "格式版本"
INFO_OFFICE_CODE = "单位代码"
INFO_OFFICE_NAME = "单位名称"
INFO_EXPORTED_AT = "导出时间"
INFO_PERIOD_FROM = "统计期间起"
INFO_PERIOD_TO = "统计期间止"
INFO_PROGRAM = "程序版本"
INFO_SCHEMA = "数据结构版本"
INFO_IDS = "身份证号"
INFO_FINGERPRINT = "身份指纹"
INFO_KEY_ID = "密钥指纹"
INFO_SIGNATURE = "签名（HMAC-SHA256）"
# Version 2 ended its 说明 with an unkeyed SHA-256 under this name; the reader only needs it to say what a
# version-2 file is.
INFO_OLD_CHECKSUM = "校验值（SHA-256）"
UNSIGNED = "未签名（导出时本单位未设置集团密钥）"
INFO_ROWS_PREFIX = "行数："
IDS_MASKED = "已隐去中间部分"
IDS_FULL = "完整号码（管理员明确要求导出，注意保密）"


def fingerprint(id_number: str, key: str) -> str:
    """The keyed fingerprint of an ID number: the same person gives the same 16 hex digits in every office
    that uses the group's key, while the number cannot be recovered without the key."""
    if not key or not id_number:
        return ""
    digest = hmac.new(key.encode("utf-8"), id_number.strip().upper().encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:FINGERPRINT_HEX]


def cell_value(kind: ColumnKind, raw: object) -> object:
    """The value a cell of this kind will hold when read back, for a value as the export produces it."""
    if raw is None or raw == "":
        return None
    if kind == "money":  # the export hands over fen; the cell holds yuan
        return Decimal(int(raw)).scaleb(-2)  # type: ignore[call-overload]  # raw: the export's fen (int or text)
    if kind == "bool":
        return "是" if raw else "否"
    if kind == "text":
        return clean_text(raw) or None
    if kind == "datetime" and isinstance(raw, datetime):
        # Excel keeps a time as a fraction of a day; whole minutes survive the round trip exactly enough.
        return raw.replace(second=0, microsecond=0)
    return raw


def _canon_date(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else _canon_text(value)


def _canon_datetime(value: object) -> str:
    if isinstance(value, datetime):
        # Read back, 09:30 may come as 09:29:59.999999; rounding to the minute gives the written value.
        return (value + timedelta(seconds=30)).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):  # a reader may give 00:00 as a plain date
        return value.strftime("%Y-%m-%d 00:00")
    return _canon_text(value)


def _canon_money(value: object) -> str:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(Decimal(str(value)).quantize(Decimal("0.01")))
    return _canon_text(value)


def _canon_number(value: object) -> str:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if isinstance(value, int):
            return str(value)
        return format(Decimal(str(value)).normalize(), "f")
    return _canon_text(value)


def _canon_text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


_CANONICAL: dict[str, Callable[[object], str]] = {
    "text": _canon_text,
    "bool": _canon_text,
    "date": _canon_date,
    "datetime": _canon_datetime,
    "money": _canon_money,
    "money_fen": _canon_money,
    "int": _canon_number,
    "number": _canon_number,
}


def canonical(kind: ColumnKind, value: object) -> str:
    """One cell as the checksum sees it; the same for the value written and the value read back."""
    return _CANONICAL[kind](value)


# Version 3: the signature is keyed (版本 2's unkeyed checksum could be recomputed after an edit).
SIGNED_SINCE = 3
KEY_ID_HEX = 8
_KEY_ID_LABEL = f"{FORMAT_NAME}|密钥指纹"  # never an ID number nor a signature's first line: no overlap


def key_fingerprint(key: str) -> str:
    """Eight hex digits that name a group key without revealing it, so two offices (or an office and HQ) can
    check over the phone that they typed the same key; the workbook carries it so a merge can say "another
    key" rather than "edited"."""
    if not key:
        return ""
    return hmac.new(key.encode("utf-8"), _KEY_ID_LABEL.encode("utf-8"), hashlib.sha256).hexdigest()[:KEY_ID_HEX]


class Signature:
    """HMAC-SHA256 under the group key over the office, the period, every area sheet's cells, 汇总 and 说明,
    in sheet and row order (docs/hq-workbook.md, "Signature")."""

    def __init__(self, key: str, *, office_code: str, period_from: date, period_to: date) -> None:
        if not key:
            raise ValueError("a signature needs the group key")
        self._h = self._mac(key)
        self._h.update(f"{FORMAT_NAME}|{FORMAT_VERSION}|{office_code}|{period_from}|{period_to}\n".encode())

    @staticmethod
    def _mac(key: str) -> hmac.HMAC:
        return hmac.new(key.encode("utf-8"), digestmod=hashlib.sha256)

    def start_sheet(self, title: str, kinds: Sequence[ColumnKind]) -> None:
        self._h.update(f"\x1e{title}\n".encode())
        self._canon = [_CANONICAL[k] for k in kinds]

    def add_row(self, values: Iterable[object]) -> str:
        """Add one row of the current sheet (values in column order, as read back); returns the row's
        canonical text."""
        text = "\x1f".join([f(v) for f, v in zip(self._canon, values, strict=False)])
        self._h.update(text.encode("utf-8"))
        self._h.update(b"\n")
        return text

    def add_info(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Add the 说明 rows (all but the signature's own), so an edited office name, export time or
        身份证号 statement breaks the signature as an edited cell does."""
        self._h.update(b"\x1d\n")
        for key, value in pairs:
            self._h.update(f"{info_text(key)}\x1f{info_text(value)}\n".encode())

    def hexdigest(self) -> str:
        return self._h.hexdigest()

    def matches(self, stated: str) -> bool:
        # compare_digest: the time a refusal takes says nothing about how much of a forged value was right.
        return hmac.compare_digest(self.hexdigest(), stated.strip().lower())


def info_text(value: object) -> str:
    """A 说明 cell as the reader gets it back (cleaned for Excel, stripped)."""
    return "" if value is None else clean_text(value).strip()
