"""The roster import format: the columns the import accepts, and the template clerks download.

``ROSTER_FIELDS`` is the single list of accepted columns with the header variants offices write; the
import (desktop.services.roster.importing) reads with it and the template writes its canonical titles, so
the two can never disagree.

The template has the header on the data sheet and nothing else there: the example row lives on the
填表说明 sheet, so a clerk who forgets to delete it cannot import a fictitious worker. The ID and phone
columns are formatted as text ("@") before anybody types, because Excel otherwise turns an 18-digit ID
into 1.50785E+17 and loses its last digits for good.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from desktop.core import enums
from desktop.reports.excel.reader import FieldSpec
from desktop.reports.excel.writer import (
    DATE_FORMAT,
    HEADER_ALIGNMENT,
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    TEXT_FORMAT,
    save_atomically,
)

ROSTER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("uid", "记录编号", ("记录ID", "记录号")),
    FieldSpec("name", "姓名", ("职工姓名", "员工姓名", "人员姓名")),
    FieldSpec("sex", "性别"),
    FieldSpec("ethnicity", "民族"),
    FieldSpec(
        "id_number",
        "身份证号",
        (
            "身份证号码",
            "公民身份号码",
            "身份证",
            "公民身份证号码",
            "公民身份证号",
            "身份证件号码",
            "居民身份证号码",
            "证件号码",
        ),
    ),
    FieldSpec(
        "unit",
        "所属单位",
        (
            "单位",
            "部门",
            "工作单位",
            "所在单位",
            "单位名称",
            "所属部门",
            "所在部门",
        ),
    ),
    FieldSpec("post", "岗位", ("工种", "岗位名称", "岗位工种", "工作岗位")),
    FieldSpec("employment_type", "用工形式", ("用工性质", "用工类型", "用工方式")),
    FieldSpec("union_member", "是否工会会员", ("工会会员", "是否会员", "会员")),
    FieldSpec("union_join_date", "入会日期", ("入会时间",)),
    FieldSpec("phone", "联系电话", ("手机", "电话", "手机号码", "手机号", "联系方式", "电话号码")),
    FieldSpec("hire_date", "入职日期", ("参加工作时间", "入职时间", "参加工作日期")),
    FieldSpec(
        "contract_end", "合同到期日", ("劳动合同到期日", "合同到期时间", "合同到期日期", "合同终止日期", "合同截止日期")
    ),
    FieldSpec("status", "状态", ("人员状态", "在册状态")),
    FieldSpec("notes", "备注"),
)
REQUIRED_FIELDS: tuple[str, ...] = ("name", "id_number", "unit")
# Columns our own export writes that the import reads past on purpose (they come from the ID number).
DERIVED_COLUMNS: Mapping[str, str] = {
    "出生日期": "由身份证号计算，不导入",
    "出生年月": "由身份证号计算，不导入",
    "出生年份": "由身份证号计算，不导入",  # the masked export's column (docs/decisions.md, masking)
    "年龄": "由身份证号计算，不导入",
}

TEMPLATE_COLUMNS: tuple[str, ...] = (
    "name",
    "sex",
    "ethnicity",
    "id_number",
    "unit",
    "post",
    "employment_type",
    "union_member",
    "union_join_date",
    "phone",
    "hire_date",
    "contract_end",
    "status",
    "notes",
)
_WIDTHS: Mapping[str, float] = {
    "name": 12,
    "sex": 7,
    "ethnicity": 10,
    "id_number": 22,
    "unit": 28,
    "post": 14,
    "employment_type": 12,
    "union_member": 14,
    "union_join_date": 13,
    "phone": 16,
    "hire_date": 13,
    "status": 9,
    "notes": 24,
    "contract_end": 13,
}
TEMPLATE_ROWS = 20000  # formats and drop-down lists reach this far; a forest district has fewer workers

REQUIRED_FILL = PatternFill(fill_type="solid", start_color="FFFCE4D6", end_color="FFFCE4D6")
EXAMPLE_FONT = Font(italic=True, color="FF808080")

_FIELD_BY_KEY: Mapping[str, FieldSpec] = {f.key: f for f in ROSTER_FIELDS}


def _rules() -> dict[str, tuple[str, str]]:
    """Per column: (what to write, an example value)."""
    employment = "、".join(enums.EMPLOYMENT_TYPE.values())
    status = "、".join(enums.WORKER_STATUS.values())
    return {
        "name": ("必填。多余的空格会自动去掉；少数民族姓名中间的“·”保留，如 阿拉坦·巴根。", "张丽"),
        "sex": ("可不填，由身份证号第17位判断；填写时须为“男”或“女”，与身份证号不符会提示。", "女"),
        "ethnicity": ("如 汉族、蒙古族、鄂伦春族、鄂温克族、达斡尔族。", "汉族"),
        "id_number": (
            "必填。18位，末位X大小写均可。本列已设为文本格式；请勿改成数字格式，"
            "否则 Excel 会把号码变成 1.50785E+17 并丢失末几位。",
            "150785198503120022",
        ),
        "unit": (
            "必填。写程序中的单位名称，如 甘河林场；有重名时写完整路径，"
            "如 阿里河森工公司/甘河林场/一班。表中出现程序里没有的单位时，导入会列出这些单位，"
            "可选“建立缺少的单位并重新导入”。",
            "甘河林场",
        ),
        "post": ("岗位或工种，如 营林工、油锯手、会计。", "营林工"),
        "employment_type": (f"可选：{employment}。不填视为“在岗”。", "在岗"),
        "union_member": ("填“是”或“否”。不填视为“是”。", "是"),
        "union_join_date": ("日期，如 2024-03-05（也可写 2024/3/5、2024.3.5、2024年3月5日）。", "2006-03-01"),
        "phone": ("手机号11位；座机请带区号，如 0470-3521234。可不填。", "13912345678"),
        "hire_date": ("日期，写法同入会日期。", "2005-07-01"),
        "contract_end": (
            "劳动合同到期日，写法同入会日期；无固定期限合同不填。合同在孕期、产期、哺乳期内到期的，"
            "依劳动合同法第四十二条第四项、第四十五条续延至哺乳期满，程序会提醒。",
            "2027-06-30",
        ),
        "status": (f"可选：{status}。不填视为“在册”。", "在册"),
        "notes": ("任意文字。", ""),
    }


GENERAL_NOTES: tuple[str, ...] = (
    "1. 每名职工占一行；请不要合并单元格，也不要在数据中间插入小计行。",
    "2. 表头（列名）可以放在任意一行、任意顺序；常见写法也能识别，"
    "如 身份证号码、公民身份号码、单位、部门、手机、参加工作时间。",
    "3. 序号列可有可无，导入时不读取；出生日期和年龄由身份证号计算，无需填写。",
    "4. 导入时先检查全部行，全部无误才写入；有问题时会逐条列出“第N行 [列名]: 问题”，不写入任何数据。",
    "5. 身份证号已在程序中登记的职工会被更新（不会重复新增）；表中空白的格子不会清除程序中已有的信息。",
    "6. “记录编号”列由本程序导出时生成，用于再次导入时对应同一职工；新增职工时留空即可。",
)


def _header_cell(ws, row: int, col: int, text: str, *, required: bool = False) -> None:
    cell = ws.cell(row=row, column=col, value=text)
    cell.font = HEADER_FONT
    cell.fill = REQUIRED_FILL if required else HEADER_FILL
    cell.border = HEADER_BORDER
    cell.alignment = HEADER_ALIGNMENT


def _list_validation(values: Sequence[str], prompt: str) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    dv.error = f"请从下拉列表中选择：{'、'.join(values)}"
    dv.errorTitle = "填写有误"
    dv.prompt = prompt
    dv.showErrorMessage = True
    dv.showInputMessage = True
    return dv


def write_roster_template(path: Path, *, unit_paths: Sequence[str] = ()) -> None:
    """Write the downloadable import template; ``unit_paths`` (optional) are listed on a 单位名称 sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    rules = _rules()
    last = TEMPLATE_ROWS + 1
    for idx, key in enumerate(TEMPLATE_COLUMNS, 1):
        spec = _FIELD_BY_KEY[key]
        letter = get_column_letter(idx)
        _header_cell(ws, 1, idx, spec.title, required=key in REQUIRED_FIELDS)
        dim = ws.column_dimensions[letter]
        dim.width = _WIDTHS[key]
        # A column style applies to every cell the clerk types into later, in Excel and WPS alike.
        if key in ("id_number", "phone"):
            dim.number_format = TEXT_FORMAT
        elif key in ("union_join_date", "hire_date", "contract_end"):
            dim.number_format = DATE_FORMAT
        cells = f"{letter}2:{letter}{last}"
        validation: DataValidation | None = None
        if key == "sex":
            validation = _list_validation(list(enums.SEX.values()), "可不填，由身份证号判断")
        elif key == "employment_type":
            validation = _list_validation(list(enums.EMPLOYMENT_TYPE.values()), "不填视为“在岗”")
        elif key == "union_member":
            validation = _list_validation(["是", "否"], "不填视为“是”")
        elif key == "status":
            validation = _list_validation(list(enums.WORKER_STATUS.values()), "不填视为“在册”")
        elif key == "id_number":
            validation = DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True)
            validation.errorStyle = "warning"
            validation.errorTitle = "身份证号位数不对"
            validation.error = "身份证号应为18位（本列为文本格式，请直接输入，不要加空格）"
            validation.prompt = "18位，末位X大小写均可"
            validation.showErrorMessage = True
            validation.showInputMessage = True
        if validation is not None:
            validation.promptTitle = spec.title
            ws.add_data_validation(validation)
            validation.add(cells)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 24

    _write_instructions(wb.create_sheet("填表说明"), rules)
    if unit_paths:
        units = wb.create_sheet("单位名称")
        _header_cell(units, 1, 1, "程序中的单位（所属单位可照此填写）")
        units.column_dimensions["A"].width = 48
        for row, unit_path in enumerate(unit_paths, 2):
            units.cell(row=row, column=1, value=unit_path)
    save_atomically(wb, Path(path))


def _write_instructions(ws, rules: Mapping[str, tuple[str, str]]) -> None:
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 90
    ws.column_dimensions["D"].width = 22
    title = ws.cell(row=1, column=1, value="职工花名册导入模板 · 填表说明")
    title.font = Font(bold=True, size=14)
    row = 3
    for note in GENERAL_NOTES:
        ws.cell(row=row, column=1, value=note)
        row += 1
    row += 1
    for col, text in enumerate(("列名", "是否必填", "填写要求", "示例"), 1):
        _header_cell(ws, row, col, text)
    wrap = Alignment(wrap_text=True, vertical="top")
    for key in TEMPLATE_COLUMNS:
        row += 1
        spec = _FIELD_BY_KEY[key]
        what, example = rules[key]
        ws.cell(row=row, column=1, value=spec.title)
        ws.cell(row=row, column=2, value="必填" if key in REQUIRED_FIELDS else "")
        ws.cell(row=row, column=3, value=what).alignment = wrap
        example_cell = ws.cell(row=row, column=4, value=example)
        example_cell.number_format = TEXT_FORMAT
        example_cell.font = EXAMPLE_FONT
