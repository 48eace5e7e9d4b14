"""Golden 汇总 counters: Summary.add over rows of every area sheet, counters and figures compared in order.

Recorded before Summary.add was split into one counter per sheet (#20), so the split is shown to count every
row as before. Order matters: figures list exam types, occasions and brands in the order first counted. After
a deliberate change, rewrite the golden file with ``python -m tests.core.test_hq_summary_golden`` and read the
diff before committing it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from desktop.core.hq_summary import Summary

GOLDEN = Path(__file__).parent / "golden" / "hq_summary.json"

ROWS: list[tuple[str, dict[str, object]]] = [
    ("职工名册", {"状态": "在册", "性别": "女", "工会会员": "是"}),
    ("职工名册", {"状态": "在册", "性别": "男", "工会会员": "否"}),
    ("职工名册", {"状态": "离职", "性别": "女", "工会会员": "是"}),
    ("职工名册", {"状态": "在册", "性别": "女"}),
    ("四期保护", {"状态": "产假中"}),
    ("四期保护", {"状态": "孕7月以上"}),
    ("四期保护", {"状态": "不在保护期"}),
    ("四期保护", {}),
    ("体检筛查", {"体检类型": "两癌筛查", "状态": "已检"}),
    ("体检筛查", {"体检类型": "两癌筛查", "状态": "待检"}),
    ("体检筛查", {"体检类型": "职业健康", "状态": "已检"}),
    ("体检筛查", {"状态": "已检"}),
    ("慰问记录", {"慰问事由": "节日慰问", "慰问金（元）": "200", "慰问品价值（元）": 150.5}),
    ("慰问记录", {"慰问事由": "节日慰问", "慰问金（元）": None, "慰问品价值（元）": "abc"}),
    ("慰问记录", {"慰问事由": "生病住院", "慰问金（元）": True, "慰问品价值（元）": Decimal("0.125")}),
    ("慰问记录", {}),
    ("困难职工档案", {"档案状态": "在档", "困难类别": "深度困难"}),
    ("困难职工档案", {"档案状态": "在档"}),
    ("困难职工档案", {"档案状态": "脱困", "困难类别": "一般困难"}),
    ("品牌活动", {"品牌": "书香三八"}),
    ("品牌活动", {}),
    ("活动参与", {"品牌": "书香三八", "状态": "签到"}),
    ("活动参与", {"品牌": "健步走", "状态": "签到"}),
    ("活动参与", {"品牌": "书香三八", "状态": "报名"}),
    ("荣誉", {"级别": "省级"}),
    ("荣誉", {}),
    ("专项合同履行", {"结论": "已落实"}),
    ("专项合同履行", {"结论": ""}),
    ("特种病保险", {"参保人次": 30, "缴费合计（元）": "900.00"}),
    (
        "特种病保险",
        {
            "参保人次": 0,
            "缴费合计（元）": 0,
            "诊断类别": "乳腺癌",
            "申请件数": 2,
            "申请金额（元）": "20000",
            "给付金额（元）": "18000.5",
        },
    ),
    ("特种病保险", {"参保人次": True, "诊断类别": "宫颈癌", "申请件数": "3"}),
    ("维权诉求汇总", {"诉求类别": "劳动报酬", "受理件数": 4, "已办结": 3, "满意或基本满意": 2, "已回访": 3}),
    ("维权诉求汇总", {"受理件数": 1, "已办结": "x"}),
    ("职工需求", {"需求类别": "子女入托", "收集件数": 5, "待办理（收集）": 2, "办理中": 2, "已回访": 1}),
    ("职工需求", {"收集件数": 1}),
    ("不认识的表", {"状态": "在册"}),
]


def outcome(rows: list[tuple[str, dict[str, object]]]) -> dict[str, object]:
    summary = Summary()
    for sheet, row in rows:
        summary.add(sheet, row)
    return {
        "counts": [[*key, n] for key, n in summary.counts.items()],
        "money": [[*key, str(amount)] for key, amount in summary.money.items()],
        "figures": [[f.category, f.label, str(f.value), f.unit] for f in summary.figures()],
    }


def test_every_sheet_counts_as_recorded() -> None:
    assert outcome(ROWS) == json.loads(GOLDEN.read_text(encoding="utf-8"))["all"]


def test_each_sheet_alone_counts_as_recorded() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))["by sheet"]
    sheets = list(dict.fromkeys(sheet for sheet, _ in ROWS))
    assert {s: outcome([r for r in ROWS if r[0] == s]) for s in sheets} == golden


if __name__ == "__main__":
    sheets = list(dict.fromkeys(sheet for sheet, _ in ROWS))
    record = {"all": outcome(ROWS), "by sheet": {s: outcome([r for r in ROWS if r[0] == s]) for s in sheets}}
    GOLDEN.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
