"""A layout that lines widgets up left to right and wraps to a new row when the window is too narrow
(after Qt's Flow Layout example) — so a large font on a 1366-pixel screen wraps instead of clipping."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget

_GROWING = (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        width = sum(i.sizeHint().width() for i in self._items) + self._spacing * max(0, len(self._items) - 1)
        height = max((i.sizeHint().height() for i in self._items), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Place items row by row; a row's last item (the stretch target) takes what the row leaves."""
        x, y, row_height = rect.x(), rect.y(), 0
        rows: list[list[tuple[QLayoutItem, int]]] = [[]]
        for item in self._items:
            if (widget := item.widget()) is not None and widget.isHidden():
                continue
            width = item.sizeHint().width()
            if rows[-1] and x + width > rect.right() + 1:
                rows.append([])
                x = rect.x()
            rows[-1].append((item, width))
            x += width + self._spacing
        for row in rows:
            row_height = max((item.sizeHint().height() for item, _w in row), default=0)
            spare = rect.width() - sum(w for _i, w in row) - self._spacing * max(0, len(row) - 1)
            growers = [
                item
                for item, _w in row
                if (widget := item.widget()) is not None and widget.sizePolicy().horizontalPolicy() in _GROWING
            ]
            x = rect.x()
            for item, width in row:
                if growers and item in growers and spare > 0:
                    width += spare // len(growers)
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, row_height)))
                x += width + self._spacing
            y += row_height + self._spacing
        return y - self._spacing - rect.y()
