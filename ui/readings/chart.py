"""A chart of one kind of reading over time, drawn with QPainter so it needs no chart module
and paints the same offscreen as on screen.

The usual range is shaded behind each line. A reading outside it is drawn as a diamond as
well as in a warning colour, so colour is never the only cue, and the figures are also in
the table beside the chart and in the chart's accessible description.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from carecoord.domain.dates import format_date
from carecoord.services.readings import Line, Series
from ui import style

LINE_COLOURS = (QColor("#005eb8"), QColor("#9a4a00"))  # blue and brown: apart for most eyes
BAND_COLOURS = (QColor(0, 94, 184, 34), QColor(154, 74, 0, 30))
UNUSUAL = QColor("#a3160b")
GRID = QColor("#dde2e6")
AXIS_TEXT = QColor(style.MUTED_FG)


def nice_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Round numbers spanning low..high, at most `most` + 1 of them."""
    if high <= low:
        high = low + 1
    raw = (high - low) / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    count = round((last - first) / step)
    return [round(first + i * step, 6) for i in range(count + 1)]


@dataclass(frozen=True)
class LegendItem:
    """One entry of the legend: its mark (a line's colour, the shaded ranges, or the
    unusual-reading diamond) and its words, inside `rect`."""

    mark: str  # "line", "range" or "unusual"
    text: str
    rect: QRectF
    index: int = 0  # which line, for a line's colour


def _outside(value: float, line: Line) -> bool:
    return not line.usual.low <= value <= line.usual.high


class ReadingsChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.series: Series | None = None
        self.decimals = 0
        self.empty_text = "No readings to show yet."
        self.setAccessibleName("Chart of readings over time")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(style.em(self) * 18, style.em(self) * 8)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(style.em(self) * 40, style.em(self) * 13)

    def set_series(self, series: Series | None, decimals: int = 0,
                   empty_text: str = "No readings to show yet.") -> None:
        self.series, self.decimals, self.empty_text = series, decimals, empty_text
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        s = self.series
        if s is None or not s.lines or not s.lines[0].points:
            return self.empty_text
        first, last = s.lines[0].points[0][0], s.lines[0].points[-1][0]
        latest = "/".join(f"{line.points[-1][1]:.{self.decimals}f}" for line in s.lines
                          if line.points)
        count = len(s.lines[0].points)
        return (f"{s.title}: {count} reading{'s' if count != 1 else ''} from "
                f"{format_date(first, '%-d %B %Y')} to {format_date(last, '%-d %B %Y')}; "
                f"the latest is {latest} {s.unit}.")

    # -- painting -----------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QPen(GRID, 1))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        s = self.series
        if s is None or not any(line.points for line in s.lines):
            p.setPen(AXIS_TEXT)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            p.end()
            return
        self._paint(p, s)
        p.end()

    def _paint(self, p: QPainter, s: Series) -> None:
        m = style.em(self)
        metrics = self.fontMetrics()
        ticks = self._ticks(s)
        low, high = ticks[0], ticks[-1]
        label_width = self._label_width(ticks)
        legend_height = self.legend_height(s)
        plot = QRectF(label_width + m * 0.8, legend_height + m * 0.4,
                      self.width() - label_width - m * 1.8,
                      self.height() - legend_height - m * 2.4)
        times = sorted({t for line in s.lines for t, _v in line.points})
        start, end = times[0], times[-1]
        span = max((end - start).total_seconds(), 1.0)
        pad = plot.width() * 0.04

        def x(moment: dt.datetime) -> float:
            if start == end:
                return plot.center().x()
            return plot.left() + pad + (moment - start).total_seconds() / span * (
                plot.width() - 2 * pad)

        def y(value: float) -> float:
            return plot.bottom() - (value - low) / (high - low) * plot.height()

        # Grid and value labels.
        for t in ticks:
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(plot.left(), y(t)), QPointF(plot.right(), y(t)))
            p.setPen(AXIS_TEXT)
            p.drawText(QRectF(0, y(t) - m / 2, label_width + m * 0.4, m),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       self._number(t))
        # The usual range of each line, shaded behind it.
        for i, line in enumerate(s.lines):
            top, bottom = y(min(line.usual.high, high)), y(max(line.usual.low, low))
            p.fillRect(QRectF(plot.left(), top, plot.width(), bottom - top),
                       BAND_COLOURS[i % 2])
            pen = QPen(LINE_COLOURS[i % 2], 1, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(plot.left(), top), QPointF(plot.right(), top))
            p.drawLine(QPointF(plot.left(), bottom), QPointF(plot.right(), bottom))
        # Date labels: the first, the last, and one between when there is room.
        p.setPen(AXIS_TEXT)
        shown = [start] if start == end else [start, end]
        if len(times) > 2 and plot.width() > m * 24:
            shown.insert(1, times[len(times) // 2])
        for moment in shown:
            text = format_date(moment, "%-d %b %Y")
            width = metrics.horizontalAdvance(text)
            left = min(max(x(moment) - width / 2, plot.left()), plot.right() - width)
            p.drawText(QRectF(left, plot.bottom() + m * 0.3, width + 2, m * 1.2),
                       Qt.AlignmentFlag.AlignLeft, text)
        # The lines and their points.
        for i, line in enumerate(s.lines):
            colour = LINE_COLOURS[i % 2]
            points = [QPointF(x(t), y(v)) for t, v in line.points]
            if len(points) > 1:
                path = QPainterPath(points[0])
                for pt in points[1:]:
                    path.lineTo(pt)
                p.setPen(QPen(colour, 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(path)
            for (_t, v), pt in zip(line.points, points, strict=True):
                if _outside(v, line):
                    self._diamond(p, pt, m * 0.32)
                else:
                    p.setPen(QPen(colour, 1))
                    p.setBrush(colour)
                    p.drawEllipse(pt, m * 0.2, m * 0.2)
        self._legend(p, s)

    def _diamond(self, p: QPainter, centre: QPointF, r: float) -> None:
        p.setPen(QPen(UNUSUAL, 2))
        p.setBrush(QColor("#ffffff"))
        p.drawPolygon(QPolygonF([QPointF(centre.x(), centre.y() - r),
                                 QPointF(centre.x() + r, centre.y()),
                                 QPointF(centre.x(), centre.y() + r),
                                 QPointF(centre.x() - r, centre.y())]))

    def _ticks(self, s: Series) -> list[float]:
        values = [v for line in s.lines for _t, v in line.points]
        values += [b for line in s.lines for b in (line.usual.low, line.usual.high)]
        return nice_ticks(min(values), max(values))

    def _label_width(self, ticks: list[float]) -> int:
        return max(self.fontMetrics().horizontalAdvance(self._number(t)) for t in ticks)

    # -- the legend ---------------------------------------------------------------------------

    def legend_items(self, s: Series) -> list[LegendItem]:
        """The legend's entries left to right from the plot's left edge, an entry that would
        pass the chart's right edge starting a new line below."""
        if not s.lines:
            return []
        m = style.em(self)
        metrics = self.fontMetrics()
        bands = len(s.lines)
        entries = [("line", f"{line.label} ({s.unit})", m * 1.3, i)
                   for i, line in enumerate(s.lines)]
        entries.append(("range", "usual ranges" if bands > 1 else "usual range",
                        m * (0.6 * bands + 0.4), 0))
        entries.append(("unusual", "unusual reading", m * 1.1, 0))
        start = self._label_width(self._ticks(s)) + m * 0.8  # the plot's left edge
        right = self.width() - m * 0.4
        items: list[LegendItem] = []
        x, top = start, m * 0.1
        for mark, text, mark_width, index in entries:
            width = mark_width + metrics.horizontalAdvance(text)
            if x > start and x + width > right:
                x, top = start, top + m * 1.4
            # An entry wider than the chart begins at its edge, to be cut as little as may be.
            left = min(x, max(m * 0.4, right - width))
            items.append(LegendItem(mark, text, QRectF(left, top, width, m * 1.4), index))
            x = left + width + m * 0.8
        return items

    def legend_height(self, s: Series) -> float:
        """The space the legend takes above the plot: one line of it, or more."""
        items = self.legend_items(s)
        return max(item.rect.bottom() for item in items) if items else 0.0

    def _legend(self, p: QPainter, s: Series) -> None:
        m = style.em(self)
        p.setFont(QFont(self.font()))
        rise = self.fontMetrics().ascent() / 2.5  # the words' baseline, centred on the mark
        bands = len(s.lines)
        for item in self.legend_items(s):
            x, mid = item.rect.left(), item.rect.center().y()
            if item.mark == "line":
                p.setPen(QPen(LINE_COLOURS[item.index % 2], 2))
                p.drawLine(QPointF(x, mid), QPointF(x + m, mid))
                words = x + m * 1.3
            elif item.mark == "range":
                for i in range(bands):
                    p.fillRect(QRectF(x + i * m * 0.6, mid - m * 0.35, m * 0.6, m * 0.7),
                               BAND_COLOURS[i % 2])
                words = x + m * (0.6 * bands + 0.4)
            else:
                self._diamond(p, QPointF(x + m * 0.4, mid), m * 0.32)
                words = x + m * 1.1
            p.setPen(QColor("#1d1d1b"))
            p.drawText(QPointF(words, mid + rise), item.text)

    def _number(self, value: float) -> str:
        return f"{value:.{self.decimals}f}" if self.decimals else f"{value:g}"
