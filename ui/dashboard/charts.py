"""Bar charts drawn with QPainter: no chart module to install, and they paint the same under
the offscreen platform (tests, PNG export) as on screen.

Every bar carries its figure in words beside it, so colour and length are never the only
cue, and the chart's accessible description lists the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import style
from ui.readings.chart import nice_ticks

BAR = QColor("#005eb8")
BAR_SECOND = QColor("#7c9fc4")  # a lighter blue for a second, related figure
GRID = QColor("#dde2e6")
INK = QColor("#1d1d1b")
AXIS_TEXT = QColor(style.MUTED_FG)


def _tick(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,g}"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the figure as words: "1,234 (56%)"
    second: bool = False  # drawn in the lighter colour


class BarChart(QWidget):
    """Horizontal bars (one per line, label on the left) or vertical columns (labels below)."""

    def __init__(self, name: str, horizontal: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.horizontal = horizontal
        self.bars: tuple[Bar, ...] = ()
        self.top: float | None = None
        self.empty_text = "Nothing to show."
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(style.em(self) * 16, style.em(self) * 9)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("#ffffff"))
        self.setPalette(palette)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(style.em(self) * 30, max(style.em(self) * 12, self._rows_height()))

    def _rows_height(self) -> int:
        """Horizontal bars need a line of text each, however many there are."""
        if not self.horizontal:
            return 0
        m = style.em(self)
        return int(len(self.bars) * m * 1.4 + m * 2.4)

    def set_bars(self, bars: Sequence[Bar], top: float | None = None,
                 empty_text: str = "Nothing to show.") -> None:
        """`top`: the scale's end (100 for shares); by default the largest value, rounded."""
        self.bars, self.top, self.empty_text = tuple(bars), top, empty_text
        self.setMinimumHeight(max(style.em(self) * 9, self._rows_height()))
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.text}" for b in self.bars)
                                      or empty_text)
        self.updateGeometry()
        self.update()

    def save_png(self, path: Path) -> bool:
        return self.grab().save(str(path), "PNG")

    # ---- drawing --------------------------------------------------------------------------

    def _scale(self) -> list[float]:
        high = self.top if self.top is not None else max((b.value for b in self.bars), default=0)
        return nice_ticks(0, max(high, 1), 4)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if not self.bars or all(b.value == 0 for b in self.bars) and self.top is None:
            p.setPen(AXIS_TEXT)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.empty_text if not self.bars else
                       "; ".join(f"{b.label}: {b.text}" for b in self.bars))
            p.end()
            return
        if self.horizontal:
            self._paint_horizontal(p)
        else:
            self._paint_vertical(p)
        p.end()

    def _paint_horizontal(self, p: QPainter) -> None:
        fm = self.fontMetrics()
        m = style.em(self)
        ticks = self._scale()
        top = ticks[-1]
        label_w = min(max(fm.horizontalAdvance(b.label) for b in self.bars) + m,
                      int(self.width() * 0.38))
        text_w = max(fm.horizontalAdvance(b.text) for b in self.bars) + m // 2
        left = label_w
        right = self.width() - text_w - m // 2
        plot_top, plot_bottom = m // 2, self.height() - int(m * 1.6)
        span = max(right - left, 10)
        row_h = (plot_bottom - plot_top) / len(self.bars)
        bar_h = min(row_h * 0.7, m * 2.2)
        p.setPen(QPen(GRID, 1))
        for t in ticks:
            x = left + span * t / top
            p.drawLine(int(x), plot_top, int(x), plot_bottom)
            p.setPen(AXIS_TEXT)
            words = _tick(t) + ("%" if self.top == 100 else "")
            p.drawText(QRectF(x - m * 2, plot_bottom + 2, m * 4, m * 1.4),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, words)
            p.setPen(QPen(GRID, 1))
        for i, b in enumerate(self.bars):
            y = plot_top + row_h * i + (row_h - bar_h) / 2
            p.setPen(INK)
            p.drawText(QRectF(0, plot_top + row_h * i, label_w - m // 2, row_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(b.label, Qt.TextElideMode.ElideRight, label_w - m // 2))
            width = span * min(b.value, top) / top
            p.fillRect(QRectF(left, y, width, bar_h), BAR_SECOND if b.second else BAR)
            p.setPen(INK)
            bold = QFont(self.font())
            bold.setBold(True)
            p.setFont(bold)
            p.drawText(QRectF(left + width + m // 3, plot_top + row_h * i, text_w + m, row_h),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, b.text)
            p.setFont(self.font())

    def _paint_vertical(self, p: QPainter) -> None:
        fm = self.fontMetrics()
        m = style.em(self)
        ticks = self._scale()
        top = ticks[-1]
        axis_w = max(fm.horizontalAdvance(_tick(t)) for t in ticks) + m // 2
        left, right = axis_w + m // 4, self.width() - m // 2
        col_w = (right - left) / len(self.bars)
        # Labels too wide for their column ("22 Nov") go on two lines ("22" over "Nov")
        # rather than being cut to "22 …".
        stacked = any(fm.horizontalAdvance(b.label) > col_w for b in self.bars)
        label_h = m * (2.6 if stacked else 1.4)
        plot_top, plot_bottom = int(m * 1.4), self.height() - int(label_h + m * 0.2)
        height = max(plot_bottom - plot_top, 10)
        for t in ticks:
            y = plot_bottom - height * t / top
            p.setPen(QPen(GRID, 1))
            p.drawLine(left, int(y), right, int(y))
            p.setPen(AXIS_TEXT)
            p.drawText(QRectF(0, y - m, axis_w, m * 2),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _tick(t))
        bar_w = col_w * 0.7
        for i, b in enumerate(self.bars):
            x = left + col_w * i + (col_w - bar_w) / 2
            h = height * min(b.value, top) / top
            p.fillRect(QRectF(x, plot_bottom - h, bar_w, h), BAR_SECOND if b.second else BAR)
            p.setPen(INK)
            p.drawText(QRectF(x - m, plot_bottom - h - m * 1.3, bar_w + 2 * m, m * 1.2),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, b.text)
            p.setPen(AXIS_TEXT)
            lines = b.label.split(" ", 1) if stacked else [b.label]
            p.drawText(QRectF(left + col_w * i, plot_bottom + 2, col_w, label_h),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                       "\n".join(fm.elidedText(line, Qt.TextElideMode.ElideRight, int(col_w))
                                 for line in lines))
