"""The key figures of an HQ workbook (汇总), counted from the rows of its area sheets.

The export and the HQ merge count with the same code from the same rows, so an office's own 汇总 and the
figures HQ computes for it from its rows agree, and the group's figures are sums of counters (coverage is
recomputed from the summed counts, never averaged from percentages).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# Protection states in the order HQ reads them (labels as the 四期保护 sheet writes them).
PROTECTION_STATES = ("孕期（未满7个月）", "孕7月以上", "产假中", "哺乳期", "流产假")
# The 职工需求 sheet's step columns (#19 item 3), as the sheet titles them.
NEED_STEPS = ("待办理（收集）", "办理中", "已回访")


@dataclass(frozen=True)
class Figure:
    category: str
    label: str
    value: int | Decimal
    unit: str


def _money(value: object) -> Decimal:
    if value is None or value == "" or isinstance(value, bool):
        return Decimal(0)
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        # Text in a money cell can only come from a hand edit; the merge's checksum refuses that file.
        return Decimal(0)


@dataclass
class Summary:
    """Counters filled row by row; ``figures`` turns them into the 汇总 lines."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    money: dict[tuple[str, str], Decimal] = field(default_factory=dict)

    def _count(self, category: str, label: str, n: int = 1) -> None:
        self.counts[(category, label)] = self.counts.get((category, label), 0) + n

    def _add_money(self, category: str, label: str, amount: Decimal) -> None:
        self.money[(category, label)] = self.money.get((category, label), Decimal(0)) + amount

    def add(self, sheet: str, row: Mapping[str, object]) -> None:
        """Count one row of an area sheet, given as {column title: value}; other sheets count nothing."""
        counter = _COUNTERS.get(sheet)
        if counter is not None:
            counter(self, row)

    def _roster(self, row: Mapping[str, object]) -> None:
        if row.get("状态") == "在册":
            self._count("职工", "在册职工")
            if row.get("性别") == "女":
                self._count("职工", "其中女职工")
            if row.get("工会会员") == "是":
                self._count("职工", "其中工会会员")

    def _protection(self, row: Mapping[str, object]) -> None:
        state = str(row.get("状态") or "")
        if state in PROTECTION_STATES:
            self._count("四期保护", state)

    def _exam(self, row: Mapping[str, object]) -> None:
        kind = str(row.get("体检类型") or "其他")
        self._count("体检筛查", f"{kind}·安排")
        if row.get("状态") == "已检":
            self._count("体检筛查", f"{kind}·已检")

    def _visit(self, row: Mapping[str, object]) -> None:
        occasion = str(row.get("慰问事由") or "其他")
        self._count("慰问", f"{occasion}·次数")
        amount = _money(row.get("慰问金（元）")) + _money(row.get("慰问品价值（元）"))
        self._add_money("慰问", f"{occasion}·金额", amount)

    def _hardship(self, row: Mapping[str, object]) -> None:
        if row.get("档案状态") == "在档":
            self._count("困难职工", str(row.get("困难类别") or "未分类"))

    def _activity(self, row: Mapping[str, object]) -> None:
        self._count("品牌活动", f"{row.get('品牌') or '其他'}·活动")

    def _participation(self, row: Mapping[str, object]) -> None:
        if row.get("状态") == "签到":
            self._count("品牌活动", f"{row.get('品牌') or '其他'}·参与人次")

    def _honour(self, row: Mapping[str, object]) -> None:
        self._count("荣誉", str(row.get("级别") or "其他"))

    def _contract_clause(self, row: Mapping[str, object]) -> None:
        self._count("专项集体合同", f"条款·{row.get('结论') or '无数据'}")

    def _insurance(self, row: Mapping[str, object]) -> None:
        self._count("特种病保险", "参保人次", _int(row.get("参保人次")))
        self._add_money("特种病保险", "缴费合计", _money(row.get("缴费合计（元）")))
        if row.get("诊断类别"):
            diagnosis = str(row["诊断类别"])
            self._count("特种病保险", f"{diagnosis}·申请件数", _int(row.get("申请件数")))
            self._add_money("特种病保险", f"{diagnosis}·申请金额", _money(row.get("申请金额（元）")))
            self._add_money("特种病保险", f"{diagnosis}·给付金额", _money(row.get("给付金额（元）")))

    def _rights(self, row: Mapping[str, object]) -> None:
        self._count("维权诉求", f"{row.get('诉求类别') or '其他'}·受理件数", _int(row.get("受理件数")))
        for column in ("已办结", "满意或基本满意", "已回访"):
            self._count("维权诉求", f"合计·{column}", _int(row.get(column)))

    def _need(self, row: Mapping[str, object]) -> None:
        self._count("职工需求", f"{row.get('需求类别') or '其他'}·收集件数", _int(row.get("收集件数")))
        for column in NEED_STEPS:
            self._count("职工需求", f"合计·{column}", _int(row.get(column)))

    def __iadd__(self, other: Summary) -> Summary:
        for key, n in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + n
        for key, amount in other.money.items():
            self.money[key] = self.money.get(key, Decimal(0)) + amount
        return self

    def figures(self) -> list[Figure]:
        out: list[Figure] = []
        c = self.counts
        for label in ("在册职工", "其中女职工", "其中工会会员"):
            out.append(Figure("职工", label, c.get(("职工", label), 0), "人"))
        for state in PROTECTION_STATES:
            out.append(Figure("四期保护", state, c.get(("四期保护", state), 0), "人"))
        exam_kinds = _kinds(c, "体检筛查", "·安排")
        planned = done = 0
        for kind in exam_kinds:
            p, d = c.get(("体检筛查", f"{kind}·安排"), 0), c.get(("体检筛查", f"{kind}·已检"), 0)
            planned, done = planned + p, done + d
            out += [
                Figure("体检筛查", f"{kind}·安排", p, "人次"),
                Figure("体检筛查", f"{kind}·已检", d, "人次"),
                Figure("体检筛查", f"{kind}·完成率", _rate(d, p), "%"),
            ]
        out += [
            Figure("体检筛查", "合计·安排", planned, "人次"),
            Figure("体检筛查", "合计·已检", done, "人次"),
            Figure("体检筛查", "合计·完成率", _rate(done, planned), "%"),
        ]
        visits = 0
        total_money = Decimal("0.00")
        for occasion in _kinds(c, "慰问", "·次数"):
            n = c.get(("慰问", f"{occasion}·次数"), 0)
            amount_money = self.money.get(("慰问", f"{occasion}·金额"), Decimal("0.00"))
            visits, total_money = visits + n, total_money + amount_money
            out += [Figure("慰问", f"{occasion}·次数", n, "次"), Figure("慰问", f"{occasion}·金额", amount_money, "元")]
        out += [Figure("慰问", "合计·次数", visits, "次"), Figure("慰问", "合计·金额", total_money, "元")]
        for grade in sorted(label for cat, label in c if cat == "困难职工"):
            out.append(Figure("困难职工", f"在档·{grade}", c[("困难职工", grade)], "户"))
        brands = _kinds(c, "品牌活动", "·活动") + [
            b for b in _kinds(c, "品牌活动", "·参与人次") if ("品牌活动", f"{b}·活动") not in c
        ]
        for brand in brands:
            out += [
                Figure("品牌活动", f"{brand}·活动", c.get(("品牌活动", f"{brand}·活动"), 0), "项"),
                Figure("品牌活动", f"{brand}·参与人次", c.get(("品牌活动", f"{brand}·参与人次"), 0), "人次"),
            ]
        for level in [label for cat, label in c if cat == "荣誉"]:
            out.append(Figure("荣誉", level, c[("荣誉", level)], "项"))
        out += self._special_figures()
        return out

    def _special_figures(self) -> list[Figure]:
        """专项集体合同 verdicts, 特种病保险 by diagnosis class, 维权诉求 by category (#19); only when present, so
        a workbook without these sheets keeps the figures it had."""
        c, m = self.counts, self.money
        out: list[Figure] = []
        verdicts = [label for cat, label in c if cat == "专项集体合同"]
        for label in verdicts:
            out.append(Figure("专项集体合同", label, c[("专项集体合同", label)], "项"))
        if verdicts:
            out.append(Figure("专项集体合同", "条款·合计", sum(c[("专项集体合同", v)] for v in verdicts), "项"))
        if ("特种病保险", "参保人次") in c:
            out += [
                Figure("特种病保险", "参保人次", c[("特种病保险", "参保人次")], "人次"),
                Figure("特种病保险", "缴费合计", m.get(("特种病保险", "缴费合计"), Decimal("0.00")), "元"),
            ]
            claims, claimed, paid = 0, Decimal("0.00"), Decimal("0.00")
            for diagnosis in _kinds(c, "特种病保险", "·申请件数"):
                n = c[("特种病保险", f"{diagnosis}·申请件数")]
                asked = m.get(("特种病保险", f"{diagnosis}·申请金额"), Decimal("0.00"))
                given = m.get(("特种病保险", f"{diagnosis}·给付金额"), Decimal("0.00"))
                claims, claimed, paid = claims + n, claimed + asked, paid + given
                out += [
                    Figure("特种病保险", f"{diagnosis}·申请件数", n, "件"),
                    Figure("特种病保险", f"{diagnosis}·给付金额", given, "元"),
                ]
            out += [
                Figure("特种病保险", "合计·申请件数", claims, "件"),
                Figure("特种病保险", "合计·申请金额", claimed, "元"),
                Figure("特种病保险", "合计·给付金额", paid, "元"),
            ]
        categories = _kinds(c, "维权诉求", "·受理件数")
        if categories:
            total = 0
            for category in categories:
                n = c[("维权诉求", f"{category}·受理件数")]
                total += n
                out.append(Figure("维权诉求", f"{category}·受理件数", n, "件"))
            done, pleased, reached = (
                c.get(("维权诉求", f"合计·{k}"), 0) for k in ("已办结", "满意或基本满意", "已回访")
            )
            out += [
                Figure("维权诉求", "合计·受理件数", total, "件"),
                Figure("维权诉求", "合计·已办结", done, "件"),
                Figure("维权诉求", "合计·满意或基本满意", pleased, "件"),
                Figure("维权诉求", "合计·已回访", reached, "件"),
                Figure("维权诉求", "合计·满意率", _rate(pleased, reached), "%"),
            ]
        needs = _kinds(c, "职工需求", "·收集件数")
        if needs:
            for category in needs:
                out.append(Figure("职工需求", f"{category}·收集件数", c[("职工需求", f"{category}·收集件数")], "项"))
            out.append(Figure("职工需求", "合计·收集件数", sum(c[("职工需求", f"{k}·收集件数")] for k in needs), "项"))
            out += [
                Figure("职工需求", f"合计·{column}", c.get(("职工需求", f"合计·{column}"), 0), "项")
                for column in NEED_STEPS
            ]
        return out


# Each area sheet's row counter, by the sheet's title.
_COUNTERS: dict[str, Callable[[Summary, Mapping[str, object]], None]] = {
    "职工名册": Summary._roster,
    "四期保护": Summary._protection,
    "体检筛查": Summary._exam,
    "慰问记录": Summary._visit,
    "困难职工档案": Summary._hardship,
    "品牌活动": Summary._activity,
    "活动参与": Summary._participation,
    "荣誉": Summary._honour,
    "专项合同履行": Summary._contract_clause,
    "特种病保险": Summary._insurance,
    "维权诉求汇总": Summary._rights,
    "职工需求": Summary._need,
}


def _int(value: object) -> int:
    # A hand-edited cell is refused by the merge's signature; counting it as 0 meanwhile avoids a crash.
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _kinds(counts: Mapping[tuple[str, str], int], category: str, suffix: str) -> list[str]:
    """The sub-keys (exam types, occasions, brands) met so far, in the order they were first counted."""
    return [label[: -len(suffix)] for cat, label in counts if cat == category and label.endswith(suffix)]


def _rate(done: int, planned: int) -> Decimal:
    if planned <= 0:
        return Decimal("0.0")
    return (Decimal(done) * 100 / Decimal(planned)).quantize(Decimal("0.1"))
