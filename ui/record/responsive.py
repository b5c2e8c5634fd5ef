"""Boxes side by side when the window is wide enough, one above the other when it is not.

At 150% scaling on a laptop a record's sections get little more than 550 pixels of width;
two group boxes side by side would set the width the whole window needs.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QBoxLayout, QLayout, QWidget


class Columns(QWidget):
    def __init__(self, *widgets_and_stretches: tuple[QWidget, int], spacing: int = 16,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._parts = list(widgets_and_stretches)
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(spacing)
        # The width asked for is the stacked one, so the window may shrink to it.
        self._box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        for widget, stretch in self._parts:
            self._box.addWidget(widget, stretch)

    def _side_by_side_width(self) -> int:
        shown = [w for w, _s in self._parts if not w.isHidden()]
        return sum(w.minimumSizeHint().width() for w in shown) + self._box.spacing() * max(
            0, len(shown) - 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        shown = [w for w, _s in self._parts if not w.isHidden()]
        width = max((w.minimumSizeHint().width() for w in shown), default=0)
        wide = self._box.direction() == QBoxLayout.Direction.LeftToRight
        heights = [w.minimumSizeHint().height() for w in shown]
        height = max(heights, default=0) if wide else sum(heights) + self._box.spacing() * max(
            0, len(shown) - 1)
        return QSize(width, height)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._box.sizeHint()

    def is_side_by_side(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        wanted = (QBoxLayout.Direction.LeftToRight
                  if event.size().width() >= self._side_by_side_width()
                  else QBoxLayout.Direction.TopToBottom)
        if self._box.direction() != wanted:
            self._box.setDirection(wanted)
            self.updateGeometry()
        super().resizeEvent(event)
