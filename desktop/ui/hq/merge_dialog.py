"""文件 → 汇总各单位报表 (for the group union): pick the offices' workbooks, check and merge them.

A bad input leaves the list as it was and names the file and the reason, so the clerk can remove or
replace that one file and try again. The workbooks are verified with the group key set in the open data file
(设置 → 单位与组织 → 集团密钥), the same key every office signs with.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import DomainError
from desktop.core.progress import Job
from desktop.services import office
from desktop.services.database import Database
from desktop.services.hq.merge import NO_KEY_ADVICE, MergeResult, merge_workbooks
from desktop.ui import prompts, tasks

EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"


class HqMergeDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.task: tasks.Task | None = None
        self.merge_result: MergeResult | None = None  # not self.result: that would hide QDialog.result()
        self.setWindowTitle("汇总各单位报表")
        self.resize(640, 480)
        intro = QLabel(
            "选择各单位导出的上报工作簿。每个文件先校验（说明页、格式版本、集团密钥签名、必需的列），"
            "有任何一个文件不合格就不生成结果。同一文件选两次只计一次；同一单位较新的导出替代较旧的。"
        )
        intro.setWordWrap(True)
        self.files = QListWidget()
        self.files.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        add = QPushButton("添加文件…")
        remove = QPushButton("移除所选")
        add.clicked.connect(self._add)
        remove.clicked.connect(self._remove)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(add)
        file_buttons.addWidget(remove)
        file_buttons.addStretch(1)
        self.out_edit = QLineEdit(str(Path.home() / f"集团汇总-{date.today():%Y%m%d}.xlsx"))
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(QLabel("汇总结果保存到"))
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("汇总")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.files, 1)
        layout.addLayout(file_buttons)
        layout.addLayout(out_row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def add_paths(self, paths: list[Path]) -> None:
        present = set(self.paths())
        for p in paths:
            if p not in present:
                self.files.addItem(str(p))
                present.add(p)

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def _add(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "选择上报工作簿", str(Path.home()), EXCEL_FILTER)
        self.add_paths([Path(n) for n in names])

    def _remove(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    def _browse(self) -> None:
        path = prompts.save_file(self, "汇总结果保存到", EXCEL_FILTER, self.out_edit.text())
        if path is not None:
            self.out_edit.setText(str(path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")))

    def start(self) -> None:
        self.error.clear()
        paths = self.paths()
        text = self.out_edit.text().strip()
        if not paths:
            self.error.setText("请先添加各单位的上报工作簿")
            return
        if not text:
            self.error.setText("请选择汇总结果的保存位置")
            return
        out = Path(text)
        if out.suffix.lower() != ".xlsx":
            out = out.with_suffix(".xlsx")
        try:
            with self.db.read() as s:
                key = office.group_key(s)
        except DomainError as exc:
            self.error.setText(exc.message)
            return
        if not key:
            self.error.setText("本机还没有集团密钥，无法验证各单位工作簿的签名：请" + NO_KEY_ADVICE)
            return

        def work(job: Job) -> MergeResult:
            return merge_workbooks(paths, out, keys=[key], job=job)

        def done(result: MergeResult) -> None:
            self.merge_result = result
            prompts.inform(self, "汇总各单位报表", f"{result.summary_line()}。\n结果已保存到：\n{out}")
            self.accept()

        def failed(exc: BaseException) -> None:
            self.error.setText(exc.message if isinstance(exc, DomainError) else f"汇总失败：{exc}")

        self.task = tasks.Task(
            self, work, title="汇总各单位报表", label="正在校验并汇总…", on_success=done, on_failure=failed
        ).start()
