"""The base of every add/edit dialog: a form built from field declarations, checked as the clerk types.

A subclass declares its fields and three small methods; messages appear under the field they concern:

    class UnitDialog(RecordDialog):
        FIELDS = [Field("name", "名称", required=True), Field("kind", "类型", "combo", options=[...])]
        def check(self, values): ...        # pure rule check; raise FieldErrors({"name": "…"})
        def check_database(self, values): ...  # optional: checks that read the database, run after a pause
        def save(self, values) -> int: ...  # call the service in db.write(); may raise FieldErrors too
        @classmethod
        def ask(cls, parent, db, unit_id=None) -> int | None:
            return cls(parent, db, unit_id).run()

Nothing typed is ever cleared: a failed save shows its messages and keeps the dialog open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import Qt, QTimer, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import free_text
from desktop.core.errors import DomainError, FieldErrors
from desktop.ui import prompts
from desktop.ui.widgets.date_field import DateField

Kind = Literal["line", "combo", "date", "check", "text", "custom"]
W = TypeVar("W", bound=QWidget)
ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: #444444;"
GENERAL = "_general"  # messages that belong to no field are shown above the buttons
VALIDATE_DELAY_MS = 200
# Checks that read the database wait for a pause in typing: a session per keystroke makes a large file stutter.
DATABASE_DELAY_MS = 300
FIELD_CHARS = 20  # width of a field column, in Chinese characters


@runtime_checkable
class FieldInput(Protocol):
    """What RecordDialog needs of a ``date`` or ``custom`` input besides being a QWidget.

    ``set_value`` takes ``object``: set_values passes whatever the caller's mapping holds, so each input
    reads what it understands (None resets it). ``changed`` is any signal; its arguments are ignored.
    """

    @property
    def changed(self) -> SignalInstance: ...

    def value(self) -> object:
        """The field's value for check/save; may raise DomainError for unreadable text (a bad date)."""
        ...

    def set_value(self, value: object) -> None: ...


@dataclass(frozen=True)
class Field:
    """One form row. ``column`` 0/1 puts it in the left or right column; ``wide`` spans both, below.

    A ``custom`` widget comes from ``factory``: a QWidget that is a FieldInput.
    """

    key: str
    label: str
    kind: Kind = "line"
    options: Sequence[tuple[Any, str]] = ()  # combo: (code, label); an editable combo returns the text
    editable: bool = False
    required: bool = False
    placeholder: str = ""
    check_text: str = ""  # text beside a check box
    max_length: int = 0
    factory: Callable[[], FieldInput] | None = None
    column: int = 0
    wide: bool = False
    tooltip: str = ""


class RecordDialog(QDialog):
    # Per class; a dialog whose choices depend on the record narrows its own copy in __init__ (not a ClassVar).
    FIELDS: Sequence[Field] = ()
    # Errors raised for a key that is not a field (e.g. birth_date derived from the ID) go to this field.
    ERROR_TARGETS: ClassVar[Mapping[str, str]] = {}

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields: dict[str, Field] = {f.key: f for f in self.FIELDS}
        self.widgets: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self.row_labels: dict[str, QWidget] = {}  # the field's label, or its box for a wide field
        self.touched: set[str] = set()
        self.errors: dict[str, str] = {}
        self.saved_id: int | None = None
        self._loading = False
        self._fitted = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATE_DELAY_MS)
        self._timer.timeout.connect(lambda: self.validate(show_all=False))
        self._database_errors: dict[str, str] = {}
        self._database_timer = QTimer(self)
        self._database_timer.setSingleShot(True)
        self._database_timer.setInterval(DATABASE_DELAY_MS)
        self._database_timer.timeout.connect(self._database_pause)
        self._build()

    def field_widget(self, key: str, kind: type[W]) -> W:
        """The input built for ``key`` as the widget class its Field makes, so callers need no type: ignore."""
        widget = self.widgets[key]
        if not isinstance(widget, kind):
            raise TypeError(f"field {key} is a {type(widget).__name__}, not a {kind.__name__}")
        return widget

    # -- what subclasses provide ---------------------------------------------------------------------
    def check(self, values: dict[str, Any]) -> None:
        """Raise FieldErrors for what is wrong; must be pure and fast (runs on each keystroke): no database."""

    def check_database(self, values: dict[str, Any]) -> None:
        """Checks that need the database (another record, a yearly total): raise FieldErrors like ``check``.

        Run DATABASE_DELAY_MS after the last edit, once when the form is filled and once before saving — never
        per keystroke; its messages stay until the next run."""

    def save(self, values: dict[str, Any]) -> int:
        raise NotImplementedError

    def hints(self, values: dict[str, Any]) -> dict[str, str]:
        """Grey notes under fields when they have no error (e.g. what the ID number says)."""
        return {}

    def on_edited(self, key: str) -> None:
        """React to a change (enable a dependent field …)."""

    # -- building ------------------------------------------------------------------------------------
    def _build(self) -> None:
        form_host = QWidget()
        grid = QGridLayout(form_host)
        grid.setHorizontalSpacing(24)
        forms = [QFormLayout(), QFormLayout()]
        for form in forms:
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            form.setHorizontalSpacing(8)
        wide_row = 1
        for f in self.FIELDS:
            widget = self._make_widget(f)
            self.widgets[f.key] = widget
            message = QLabel()
            message.setWordWrap(True)
            message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            message.hide()
            self.messages[f.key] = message
            label = QLabel(f"{f.label}{' *' if f.required else ''}")
            label.setBuddy(widget)
            if f.tooltip:
                label.setToolTip(f.tooltip)
            self.row_labels[f.key] = label
            if f.wide:
                # A wide field (a checklist, notes) gets a titled box across both columns.
                group = QGroupBox(label.text())
                group.setToolTip(f.tooltip)
                box = QVBoxLayout(group)
                box.addWidget(widget)
                box.addWidget(message)
                label.deleteLater()
                self.row_labels[f.key] = group
                grid.addWidget(group, wide_row, 0, 1, 2)
                wide_row += 1
                continue
            cell = QWidget()
            # Room for a one-line message such as "联系电话“1391234”格式不对…" without a ragged wrap.
            cell.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * FIELD_CHARS)
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(message)
            forms[min(f.column, 1)].addRow(label, cell)
        grid.addLayout(forms[0], 0, 0, Qt.AlignmentFlag.AlignTop)
        if forms[1].rowCount():
            grid.addLayout(forms[1], 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.setRowStretch(wide_row, 1)  # spare height collects below the form, not inside a box
        scroll = QScrollArea()
        scroll.setWidget(form_host)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.general = QLabel()
        self.general.setWordWrap(True)
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.hide()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        note = QLabel("带 * 的为必填项；填写时会即时检查。")
        note.setStyleSheet(HINT_STYLE)
        bottom = QHBoxLayout()
        bottom.addWidget(note, 1)
        bottom.addWidget(self.buttons)
        lay = QVBoxLayout(self)
        self.main_layout = lay  # a subclass may put a line above the form
        lay.addWidget(scroll, 1)
        lay.addWidget(self.general)
        lay.addLayout(bottom)
        self._scroll = scroll
        self._form_host = form_host

    def _make_widget(self, f: Field) -> QWidget:
        on_change = lambda *_a, key=f.key: self._edited(key)  # noqa: E731 - bound per field
        if f.kind == "line":
            edit = QLineEdit()
            edit.setPlaceholderText(f.placeholder)
            if f.max_length:
                edit.setMaxLength(f.max_length)
            edit.textEdited.connect(on_change)
            return edit
        if f.kind == "combo":
            combo = QComboBox()
            combo.setEditable(f.editable)
            for code, text in f.options:
                combo.addItem(text, code)
            if f.editable:
                combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                combo.editTextChanged.connect(on_change)
            else:
                combo.currentIndexChanged.connect(on_change)
            return combo
        if f.kind == "date":
            date_field = DateField()
            date_field.changed.connect(on_change)
            return date_field
        if f.kind == "check":
            check = QCheckBox(f.check_text)
            check.toggled.connect(on_change)
            return check
        if f.kind == "text":
            box = QPlainTextEdit()
            box.setPlaceholderText(f.placeholder)
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 14)
            box.textChanged.connect(on_change)
            return box
        if f.factory is None:
            raise ValueError(f"custom field {f.key} needs a factory")
        widget = f.factory()
        if not isinstance(widget, QWidget):
            raise TypeError(f"custom field {f.key}: the factory made a {type(widget).__name__}, not a QWidget")
        widget.changed.connect(on_change)
        return widget

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """As large as the form wants, but never taller or wider than the screen (1366×768 laptops)."""
        screen = self.screen().availableGeometry()
        inner = self._form_host.sizeHint()
        chrome = self.sizeHint() - self._scroll.sizeHint()
        # Head-room for a few message lines, so the first mistakes do not bring up a scroll bar.
        spare = self.fontMetrics().lineSpacing() * 4
        width = min(inner.width() + chrome.width() + 40, int(screen.width() * 0.95))
        height = min(inner.height() + chrome.height() + spare, int(screen.height() * 0.92))
        self.resize(max(width, self.width()), max(height, self.height()))

    # -- values --------------------------------------------------------------------------------------
    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Every field's value, plus messages for fields whose text cannot be read (a bad date)."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for key, f in self.fields.items():
            try:
                values[key] = self._value(f, self.widgets[key])
            except DomainError as exc:
                values[key] = None
                errors[key] = f"{f.label}：{exc.message}"
        return values, errors

    @staticmethod
    def _value(f: Field, w: QWidget) -> Any:
        if isinstance(w, QLineEdit):
            return w.text().strip()
        if isinstance(w, QComboBox):
            if f.editable:
                return w.currentText().strip()
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip()
        if isinstance(w, FieldInput):
            return w.value()
        raise TypeError(f"field {f.key}: {type(w).__name__} is not a FieldInput")

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Fill the form (when editing); this is not the clerk's typing, so nothing is marked touched."""
        self._loading = True
        try:
            for key, value in values.items():
                w = self.widgets.get(key)
                if w is None:
                    continue
                if isinstance(w, QLineEdit):
                    w.setText("" if value is None else str(value))
                elif isinstance(w, QComboBox):
                    found = w.findData(value)
                    if found >= 0:
                        w.setCurrentIndex(found)
                    elif w.isEditable():
                        w.setEditText("" if value is None else str(value))
                elif isinstance(w, QCheckBox):
                    w.setChecked(bool(value))
                elif isinstance(w, QPlainTextEdit):
                    w.setPlainText("" if value is None else str(value))
                elif isinstance(w, FieldInput):
                    w.set_value(value)
                else:
                    raise TypeError(f"field {key}: {type(w).__name__} is not a FieldInput")
            for key in values:
                self.on_edited(key)
        finally:
            self._loading = False
        self.run_database_check()
        self.validate(show_all=False)

    # -- checking ------------------------------------------------------------------------------------
    def _edited(self, key: str) -> None:
        if self._loading:
            return
        self.touched.add(key)
        self.on_edited(key)
        self._timer.start()
        if self._has_database_check():
            self._database_timer.start()

    def _has_database_check(self) -> bool:
        return type(self).check_database is not RecordDialog.check_database

    def run_database_check(self) -> None:
        """Run ``check_database`` now and keep its messages for ``validate``."""
        if not self._has_database_check():
            return
        self._database_timer.stop()
        values, _ = self.collect()
        errors: dict[str, str] = {}
        try:
            self.check_database(values)
        except FieldErrors as exc:
            errors.update(exc.errors)
        except DomainError as exc:
            errors[exc.field or GENERAL] = exc.message
        self._database_errors = errors

    def _database_pause(self) -> None:
        self.run_database_check()
        self.validate(show_all=False)

    def validate(self, *, show_all: bool) -> dict[str, str]:
        """Run the checks; show messages for touched fields (all fields when saving). Returns all errors."""
        values, errors = self.collect()
        errors.update({k: m for k, m in self._free_text_errors(values).items() if k not in errors})
        try:
            self.check(values)
        except FieldErrors as exc:
            for key, message in exc.errors.items():
                errors.setdefault(key, message)
        except DomainError as exc:
            errors.setdefault(exc.field or GENERAL, exc.message)
        for key, message in self._database_errors.items():
            errors.setdefault(key, message)
        self.show_messages(errors, show_all=show_all, hints=self.hints(values))
        return errors

    def _free_text_errors(self, values: Mapping[str, Any]) -> dict[str, str]:
        """Every typed text field against desktop.core.free_text (control characters, the field's length
        limit), as the clerk types — the same rule the service applies at save, so nothing is cut later."""
        errors: dict[str, str] = {}
        for key, f in self.fields.items():
            value = values.get(key)
            if not isinstance(value, str) or f.kind not in ("line", "text", "combo"):
                continue
            limit = f.max_length or free_text.limit_for(key, multiline=f.kind == "text")
            problem = free_text.text_problem(value, f.label, limit)
            if problem is not None:
                errors[key] = problem
        return errors

    def show_messages(
        self, errors: Mapping[str, str], *, show_all: bool, hints: Mapping[str, str] | None = None
    ) -> None:
        placed: dict[str, list[str]] = {}
        general: list[str] = []
        for key, message in errors.items():
            target = self.ERROR_TARGETS.get(key, key)
            if target in self.messages:
                placed.setdefault(target, []).append(message)
            else:
                general.append(message)
        self.errors = dict(errors)
        for key, label in self.messages.items():
            shown = placed.get(key) if (show_all or key in self.touched) else None
            if shown:
                label.setText("\n".join(shown))
                label.setStyleSheet(ERROR_STYLE)
                self._mark(key, True)
                label.show()
            elif hints and hints.get(key):
                label.setText(hints[key])
                label.setStyleSheet(HINT_STYLE)
                self._mark(key, False)
                label.show()
            else:
                label.clear()
                self._mark(key, False)
                label.hide()
        self.general.setText("\n".join(general) if show_all else "")
        self.general.setVisible(bool(general) and show_all)

    def _mark(self, key: str, bad: bool) -> None:
        """The field's name turns red with its message, so a long form shows where to look."""
        widget = self.row_labels[key]
        if isinstance(widget, QGroupBox):
            widget.setStyleSheet(f"QGroupBox::title {{ {ERROR_STYLE} }}" if bad else "")
        else:
            widget.setStyleSheet(ERROR_STYLE if bad else "")

    def message(self, key: str) -> str:
        """The message shown under a field now ('' when none) — for tests and screen readers."""
        label = self.messages[key]
        return label.text() if not label.isHidden() else ""

    # -- closing -------------------------------------------------------------------------------------
    def accept(self) -> None:
        self._timer.stop()
        self.run_database_check()
        errors = self.validate(show_all=True)
        if errors:
            self._focus_first_error(errors)
            return
        values, _ = self.collect()
        try:
            self.saved_id = self.save(values)
        except FieldErrors as exc:
            self.show_messages(exc.errors, show_all=True, hints=self.hints(values))
            self._focus_first_error(exc.errors)
            return
        except DomainError as exc:
            self.show_messages({exc.field or GENERAL: exc.message}, show_all=True)
            return
        except Exception as exc:  # the dialog stays open with the input intact
            prompts.show_error(self, "保存失败", exc)
            return
        super().accept()

    def _focus_first_error(self, errors: Mapping[str, str]) -> None:
        for key in self.fields:
            if key in errors or any(self.ERROR_TARGETS.get(k) == key for k in errors):
                self.widgets[key].setFocus(Qt.FocusReason.OtherFocusReason)
                self._scroll.ensureWidgetVisible(self.widgets[key])
                return

    def done(self, result: int) -> None:
        self._timer.stop()
        self._database_timer.stop()
        super().done(result)

    def reject(self) -> None:
        if self.touched and not prompts.confirm(
            self, self.windowTitle(), "放弃已填写的内容并关闭？", ok="放弃", cancel="继续填写"
        ):
            return
        super().reject()

    def run(self) -> int | None:
        """Modal: the saved record's id, or None when cancelled."""
        return self.saved_id if self.exec() == QDialog.DialogCode.Accepted else None
