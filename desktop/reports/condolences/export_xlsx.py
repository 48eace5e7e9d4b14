"""Condolence visits and hardship files as Excel sheets (money as yuan to the fen, real dates).

Pure writer: rows shaped like desktop.services.condolences.ledger.VisitRow / hardship_files.FileRow. ID
numbers and bank accounts are masked unless the caller asks for them whole (domain.md §6).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from desktop.core import condolences as condolence_rules
from desktop.core import hardship as hardship_rules
from desktop.core.idcard import mask
from desktop.core.progress import Job
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import ColumnSpec, write_table_sheet

VISITS_TITLE = "慰问记录"
FILES_TITLE = "困难职工档案"
MEMBERS_TITLE = "家庭成员"

# The record number first, as on screen and on the forms (#17 item 3); the global uid last, for HQ merges only.
UID_LABEL = "全局标识（集团汇总用）"

VISIT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("serial", "编号", width=13),
    ColumnSpec("name", "姓名", width=10),
    ColumnSpec("id_number", "身份证号", width=21, as_text=True),
    ColumnSpec("unit", "单位", width=18),
    ColumnSpec("occasion", "慰问事由", width=12),
    ColumnSpec("detail", "节日/病因/亲属", width=16),
    ColumnSpec("event_date", "事件日期", kind="date"),
    ColumnSpec("visit_date", "慰问日期", kind="date"),
    ColumnSpec("visitors", "慰问人", width=16),
    ColumnSpec("cash", "慰问金（元）", kind="money_fen"),
    ColumnSpec("goods", "慰问品", width=16),
    ColumnSpec("goods_value", "慰问品价值（元）", kind="money_fen"),
    ColumnSpec("total", "合计（元）", kind="money_fen"),
    ColumnSpec("status", "状态", width=8),
    ColumnSpec("approved_by", "审批人", width=10),
    ColumnSpec("approved_on", "审批日期", kind="date"),
    ColumnSpec("paid_on", "发放日期", kind="date"),
    ColumnSpec("batch", "发放批次", width=18),
    ColumnSpec("override_rules", "突破的标准", width=36),
    ColumnSpec("override_reason", "特批理由", width=30),
    ColumnSpec("documents", "已查验材料", width=24),
    ColumnSpec("notes", "备注", width=24),
    ColumnSpec("uid", UID_LABEL, width=44),
)

FILE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("serial", "档案编号", width=13),
    ColumnSpec("name", "姓名", width=10),
    ColumnSpec("id_number", "身份证号", width=21, as_text=True),
    ColumnSpec("unit", "单位", width=18),
    ColumnSpec("grade", "困难类别", width=10),
    ColumnSpec("main_cause", "主要致困原因", width=14),
    ColumnSpec("single_parent", "单亲", kind="bool"),
    ColumnSpec("household_size", "家庭人口", kind="int"),
    ColumnSpec("household_income", "家庭年收入（元）", kind="money_fen"),
    ColumnSpec("per_capita", "人均年收入（元）", kind="money_fen"),
    ColumnSpec("status", "档案状态", width=8),
    ColumnSpec("opened_on", "建档日期", kind="date"),
    ColumnSpec("review_due", "下次复核", kind="date"),
    ColumnSpec("bank_account", "银行账号", width=24, as_text=True),
    ColumnSpec("uid", UID_LABEL, width=44),
)

MEMBER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("file_serial", "档案编号", width=13),
    ColumnSpec("worker", "职工姓名", width=10),
    ColumnSpec("name", "成员姓名", width=10),
    ColumnSpec("relation", "与职工关系", width=10),
    ColumnSpec("id_number", "身份证号", width=21, as_text=True),
    ColumnSpec("health", "健康状况", width=12),
    ColumnSpec("income", "年收入（元）", kind="money_fen"),
    ColumnSpec("school_or_work", "就学或工作单位", width=20),
    ColumnSpec("file_uid", "档案" + UID_LABEL, width=44),
)


def _visit(r: Any, full_ids: bool) -> dict[str, object]:
    detail = (
        condolence_rules.FESTIVALS.get(r.festival, r.festival)
        if r.festival
        else (f"{r.relative_relation}{r.relative_name}" if r.occasion == "death_relative" else r.cause)
    )
    return {
        "serial": r.serial,
        "uid": r.uid,
        "name": r.name,
        "id_number": r.id_number if full_ids else mask(r.id_number),
        "unit": r.unit_name,
        "occasion": condolence_rules.OCCASIONS.get(r.occasion, r.occasion),
        "detail": detail,
        "event_date": r.event_date,
        "visit_date": r.visit_date,
        "visitors": r.visitors,
        "cash": r.cash_fen,
        "goods": r.goods,
        "goods_value": r.goods_fen,
        "total": r.cash_fen + r.goods_fen,
        "status": condolence_rules.STATUS.get(r.status, r.status),
        "approved_by": r.approved_by,
        "approved_on": r.approved_on,
        "paid_on": r.paid_on,
        "batch": r.batch_title,
        "override_rules": r.override_rules,
        "override_reason": r.override_reason,
        "documents": "、".join(r.documents.splitlines()),
        "notes": r.notes,
    }


def write_visits(
    workbook: StreamWorkbook,
    rows: Iterable[Any],
    *,
    full_ids: bool = False,
    total: int | None = None,
    job: Job | None = None,
) -> int:
    return write_table_sheet(
        workbook, VISITS_TITLE, VISIT_COLUMNS, (_visit(r, full_ids) for r in rows), job=job, total=total
    )


def write_files(
    workbook: StreamWorkbook,
    files: Iterable[tuple[Any, Iterable[hardship_rules.Member]]],
    *,
    full_ids: bool = False,
    job: Job | None = None,
) -> int:
    """Two sheets: one row per file, and one row per household member (linked by the file's 档案编号)."""
    items = list(files)
    written = write_table_sheet(
        workbook,
        FILES_TITLE,
        FILE_COLUMNS,
        (
            {
                "serial": f.serial,
                "uid": f.uid,
                "name": f.name,
                "id_number": f.id_number if full_ids else mask(f.id_number),
                "unit": f.unit_name,
                "grade": hardship_rules.GRADES.get(f.grade, f.grade),
                "main_cause": f.main_cause,
                "single_parent": f.single_parent,
                "household_size": f.household_size,
                "household_income": f.household_income_fen,
                "per_capita": f.per_capita_fen,
                "status": hardship_rules.STATUS.get(f.status, f.status),
                "opened_on": f.opened_on,
                "review_due": f.review_due,
                "bank_account": f.bank_account
                if full_ids
                else hardship_rules.mask_account(f.bank_account)
                if f.bank_account
                else "",
            }
            for f, _ in items
        ),
        job=job,
        total=len(items),
    )

    def member_rows() -> Iterator[dict[str, object]]:
        for f, members in items:
            for m in members:
                yield {
                    "file_serial": f.serial,
                    "file_uid": f.uid,
                    "worker": f.name,
                    "name": m.name,
                    "relation": m.relation,
                    "id_number": m.id_number if full_ids else mask(m.id_number),
                    "health": m.health,
                    "income": m.income_fen,
                    "school_or_work": m.school_or_work,
                }

    write_table_sheet(workbook, MEMBERS_TITLE, MEMBER_COLUMNS, member_rows())
    return written
