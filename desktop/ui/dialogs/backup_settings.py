"""The 备份 box of the settings dialog: automatic backups, how many to keep, a second place (USB, network)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.services import backups


class BackupSettingsBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("备份（本机设置）", parent)
        s = backups.load_settings()
        self.on_close = QCheckBox("关闭程序时自动备份")
        self.on_close.setChecked(s.on_close)
        self.daily = QCheckBox("每天第一次打开时自动备份")
        self.daily.setChecked(s.daily)
        self.keep: dict[str, QSpinBox] = {}
        keep_row = QHBoxLayout()
        for key, label, value in (
            ("keep_daily", "每日", s.keep_daily),
            ("keep_weekly", "每周", s.keep_weekly),
            ("keep_monthly", "每月", s.keep_monthly),
        ):
            box = QSpinBox()
            box.setRange(1 if key == "keep_daily" else 0, 365)
            box.setValue(value)
            box.setSuffix(" 份")
            self.keep[key] = box
            keep_row.addWidget(QLabel(label))
            keep_row.addWidget(box)
        keep_row.addStretch(1)
        self.second = QLineEdit(s.second_dir)
        self.second.setPlaceholderText("可选：U盘或网络文件夹，每次备份再存一份；留空则不用")
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        second_row = QHBoxLayout()
        second_row.addWidget(self.second, 1)
        second_row.addWidget(browse)
        self.message = QLabel()
        save = QPushButton("保存备份设置")
        save.clicked.connect(self.save)
        form = QFormLayout(self)
        form.addRow(self.on_close, self.daily)
        form.addRow("保留份数", keep_row)
        form.addRow("第二备份位置", second_row)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(save)
        form.addRow(bottom)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择第二备份位置", self.second.text())
        if folder:
            self.second.setText(folder)

    def values(self) -> backups.BackupSettings:
        return backups.BackupSettings(
            on_close=self.on_close.isChecked(),
            daily=self.daily.isChecked(),
            keep_daily=self.keep["keep_daily"].value(),
            keep_weekly=self.keep["keep_weekly"].value(),
            keep_monthly=self.keep["keep_monthly"].value(),
            second_dir=self.second.text().strip(),
        )

    def save(self) -> bool:
        try:
            backups.save_settings(self.values())
        except Exception as exc:  # shown beside the button
            from desktop.services.faults import explain

            self.message.setStyleSheet("color:#b00020")
            self.message.setText(explain(exc) or f"无法保存（{type(exc).__name__}）")
            return False
        self.message.setStyleSheet("")
        self.message.setText("已保存")
        return True
