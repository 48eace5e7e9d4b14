"""A one-line "what to do next" bar for an empty screen: a sentence and the button that does it.

An empty table with a grey hint in the middle tells a new clerk that something is missing, not where to go;
this bar sits above the table, says it in one line and puts the button right beside the sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class NextStepBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nextStep")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#nextStep { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 3px; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 10, 6)
        self._layout.addWidget(self.label, 1)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_step(self, text: str, buttons: Sequence[tuple[str, Callable[[], object]]] = ()) -> None:
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.hide()  # at once: deleteLater waits for the event loop, and the old button would show through
            button.deleteLater()
        self.buttons = []
        self.label.setText(text)
        for title, slot in buttons:
            button = QPushButton(title)
            button.clicked.connect(lambda _c=False, f=slot: f())
            self._layout.addWidget(button)
            self.buttons.append(button)
        self.show()

    def button_texts(self) -> list[str]:
        return [b.text() for b in self.buttons]
