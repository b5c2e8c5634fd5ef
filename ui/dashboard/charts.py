"""Bar charts drawn with QPainter: no chart module to install, and they paint the same under
the offscreen platform (tests, PNG export) as on screen.

Every bar carries its figure in words beside it, so colour and length are never the only
cue, and the chart's accessible description lists the same figures.

Where the words go is worked out apart from the painting (`BarChart.drawing`), so a test can
check that no two of them touch at any size. Text is measured with floating-point metrics
in the font it is drawn in: at fractional scaling (150%) whole-pixel widths are a pixel or
two short, and the value text is drawn in bold.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import style
from ui.readings.chart import nice_ticks

BAR = QColor("#005eb8")
BAR_SECOND = QColor("#7c9fc4")  # a lighter blue for a second, related figure
GRID = QColor("#dde2e6")
INK = QColor("#1d1d1b")
AXIS_TEXT = QColor(style.MUTED_FG)
WAITING = "Working out…"


def _tick(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,g}"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the figure as words: "1,234 (56%)"
    second: bool = False  # drawn in the lighter colour


@dataclass(frozen=True)
class Words:
    """Some text the chart draws, and the box it is drawn in."""

    rect: QRectF
    text: str


@dataclass
class Drawing:
    """Everything a chart draws, in widget coordinates."""

    grid: list[tuple[float, float, float, float]] = field(default_factory=list)  # lines
    bars: list[tuple[QRectF, bool]] = field(default_factory=list)  # (rect, second)
    ticks: list[Words] = field(default_factory=list)  # the scale's numbers
    labels: list[Words] = field(default_factory=list)  # what each bar is
    values: list[Words] = field(default_factory=list)  # each bar's figure, in bold
    inside: list[tuple[Words, bool]] = field(default_factory=list)  # (figure, second)
    value_scale: float = 1.0  # the figures' font size, against the chart's


def thinned(words: list[Words], gap: float) -> list[Words]:
    """Every other one left out, and again, until no two are closer than `gap`. The first is
    always kept (the scale's 0, the first week)."""
    step = 1
    while True:
        kept = words[::step]
        if len(kept) <= 1 or not any(
                a.rect.adjusted(-gap, -gap, gap, gap).intersects(b.rect)
                for a, b in pairwise(kept)):
            return kept
        step *= 2


def _centred(x: float, y: float, width: float, height: float, limit: float) -> QRectF:
    """A box centred on x, moved sideways to stay within 0..limit."""
    left = min(max(x - width / 2, 0), max(limit - width, 0))
    return QRectF(left, y, width, height)


class BarChart(QWidget):
    """Horizontal bars (one per line, label on the left) or vertical columns (labels below)."""

    def __init__(self, name: str, horizontal: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.horizontal = horizontal
        self.bars: tuple[Bar, ...] = ()
        self.top: float | None = None
        self._under_now = False  # figures under the bars (see _under)
        # Until the figures arrive, "Nothing to show." would be untrue.
        self.empty_text = WAITING
        self.setAccessibleName(name)
        self.setAccessibleDescription(WAITING)
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
        return int(len(self.bars) * m * (2.5 if self._under_now else 1.4) + m * 2.4)

    def set_bars(self, bars: Sequence[Bar], top: float | None = None,
                 empty_text: str = "Nothing to show.") -> None:
        """`top`: the scale's end (100 for shares); by default the largest value, rounded."""
        self.bars, self.top, self.empty_text = tuple(bars), top, empty_text
        self._under_now = self._under(self.width())
        self.setMinimumHeight(max(style.em(self) * 9, self._rows_height()))
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.text}" for b in self.bars)
                                      or empty_text)
        self.updateGeometry()
        self.update()

    def set_waiting(self, text: str = WAITING) -> None:
        """No figures yet (or none coming): say so instead of drawing bars."""
        self.set_bars((), None, text)

    def save_png(self, path: Path) -> bool:
        return self.grab().save(str(path), "PNG")

    # ---- where things go --------------------------------------------------------------------

    def _scale(self) -> list[float]:
        high = self.top if self.top is not None else max((b.value for b in self.bars), default=0)
        return nice_ticks(0, max(high, 1), 4)

    def _bold(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def _value_font(self, scale: float) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        return font

    def shows_bars(self) -> bool:
        return bool(self.bars) and not (all(b.value == 0 for b in self.bars)
                                        and self.top is None)

    def drawing(self) -> Drawing:
        """Where every line, bar and word goes at the chart's present size."""
        if not self.shows_bars():
            return Drawing()
        return self._horizontal() if self.horizontal else self._vertical()

    def _fit(self, width: float):
        """The horizontal chart's columns at `width`: where the bars start, the scale's length,
        the longest it could be, and each figure's width in bold."""
        fm, bold = QFontMetricsF(self.font()), QFontMetricsF(self._bold())
        m = style.em(self)
        gap = m / 3
        top = self._scale()[-1]
        left = min(max(fm.horizontalAdvance(b.label) for b in self.bars) + m, width * 0.38)
        last = _tick(top) + ("%" if self.top == 100 else "")
        # The scale is as long as it can be with each bar's figure either after the bar's end
        # (and inside the chart) or, where the bar is long enough, inside the bar; and the
        # last number fitting under the scale's end.
        longest = width - m / 2 - (fm.horizontalAdvance(last) + 2) / 2 - left
        needs = [(min(b.value, top) / top, math.ceil(bold.horizontalAdvance(b.text)) + 1)
                 for b in self.bars]

        def fits(length: float, text_w: float) -> bool:
            after = left + length + gap + text_w <= width - m / 4
            return after or length >= text_w + 2 * gap

        candidates = {longest} | {(width - m / 4 - gap - tw - left) / share
                                  for share, tw in needs if share > 0}
        span = next((c for c in sorted(candidates, reverse=True)
                     if 10 <= c <= longest and all(fits(c * share, tw)
                                                   for share, tw in needs)), 10)
        return left, span, longest, needs

    def _under(self, width: float) -> bool:
        """Cramped (long figures, a narrow chart): each figure goes on its own line under
        its bar, and the bars get the whole width."""
        if not self.horizontal or not self.bars:
            return False
        _left, span, longest, _needs = self._fit(width)
        return span < longest / 2

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._under(event.size().width()) != self._under_now:
            # Rows of two lines need more height: ask the layout for it.
            self._under_now = not self._under_now
            self.setMinimumHeight(max(style.em(self) * 9, self._rows_height()))
            self.updateGeometry()

    def _horizontal(self) -> Drawing:
        d = Drawing()
        fm = QFontMetricsF(self.font())
        m = style.em(self)
        gap = m / 3
        width = self.width()
        ticks = self._scale()
        top = ticks[-1]
        left, span, longest, needs = self._fit(width)
        label_w = left
        words = [_tick(t) + ("%" if self.top == 100 else "") for t in ticks]
        tick_w = [fm.horizontalAdvance(s) + 2 for s in words]

        def after_fits(length: float, text_w: float) -> bool:
            return left + length + gap + text_w <= width - m / 4

        def inside_fits(length: float, text_w: float) -> bool:
            return length >= text_w + 2 * gap

        plot_top, plot_bottom = m / 2, self.height() - m * 1.6
        row_h = (plot_bottom - plot_top) / len(self.bars)
        bar_h = min(row_h * 0.7, m * 2.2)
        under = span < longest / 2 and row_h >= fm.lineSpacing() * 2.2
        if under:
            span = longest
            bar_h = min(row_h - fm.lineSpacing() * 1.4, m * 1.4)
        placed = []
        for t, s, tw in zip(ticks, words, tick_w, strict=True):
            x = left + span * t / top
            d.grid.append((x, plot_top, x, plot_bottom))
            placed.append(Words(_centred(x, plot_bottom + 2, tw, fm.height(), width), s))
        d.ticks = thinned(placed, m / 2)
        for i, b in enumerate(self.bars):
            row = plot_top + row_h * i
            d.labels.append(Words(QRectF(0, row + (row_h - fm.height()) / 2, label_w - m / 2,
                                         fm.height()),
                                  fm.elidedText(b.label, Qt.TextElideMode.ElideRight,
                                                label_w - m / 2)))
            length = span * min(b.value, top) / top
            room = row_h - (fm.lineSpacing() if under else 0)
            d.bars.append((QRectF(left, row + (room - bar_h) / 2, length, bar_h), b.second))
            text_w = needs[i][1]
            bar = d.bars[-1][0]
            if under:
                # From the bar's start, or further left if the words would run off the end.
                x = max(min(left, width - m / 4 - text_w), 0)
                d.values.append(Words(QRectF(x, bar.bottom() + 1, text_w,
                                             fm.lineSpacing() + 2), b.text))
            elif after_fits(length, text_w) or not inside_fits(length, text_w):
                d.values.append(Words(QRectF(left + length + gap, row, text_w, row_h), b.text))
            else:
                d.inside.append((Words(QRectF(left + length - gap - text_w, row, text_w,
                                              row_h), b.text), b.second))
        return d

    def _vertical(self) -> Drawing:
        d = Drawing()
        fm = QFontMetricsF(self.font())
        m = style.em(self)
        ticks = self._scale()
        top = ticks[-1]
        axis_w = max(fm.horizontalAdvance(_tick(t)) for t in ticks) + m / 2
        left, right = axis_w + m / 4, self.width() - m / 2
        col_w = (right - left) / len(self.bars)
        # Labels too wide for their column ("22 Nov") go on two lines ("22" over "Nov");
        # if even those touch, every other column is labelled.
        stacked = any(fm.horizontalAdvance(b.label) > col_w - m / 4 for b in self.bars)
        lines = [b.label.split(" ", 1) if stacked else [b.label] for b in self.bars]
        label_h = fm.lineSpacing() * (2 if stacked else 1) + 2
        plot_top, plot_bottom = m * 1.4, self.height() - label_h - m * 0.4
        height = max(plot_bottom - plot_top, 10)
        placed = []
        for t in ticks:
            y = plot_bottom - height * t / top
            d.grid.append((left, y, right, y))
            placed.append(Words(QRectF(0, y - fm.height() / 2, axis_w - m / 4, fm.height()),
                                _tick(t)))
        d.ticks = thinned(placed, 1)
        bar_w = col_w * 0.7
        # Figures over narrow columns are drawn smaller, down to 60%, so neighbours keep apart.
        d.value_scale = max(0.6, min(1.0, (col_w - 3) / max(
            fm.horizontalAdvance(b.text) + 2 for b in self.bars)))
        small = QFontMetricsF(self._value_font(d.value_scale))
        below = []
        for i, b in enumerate(self.bars):
            x = left + col_w * i + (col_w - bar_w) / 2
            h = height * min(b.value, top) / top
            d.bars.append((QRectF(x, plot_bottom - h, bar_w, h), b.second))
            text_w = small.horizontalAdvance(b.text) + 2
            d.values.append(Words(_centred(x + bar_w / 2, plot_bottom - h - small.height() - 2,
                                           text_w, small.height(), self.width()), b.text))
            w = max(fm.horizontalAdvance(line) for line in lines[i]) + 2
            below.append(Words(_centred(left + col_w * (i + 0.5), plot_bottom + 2, w, label_h,
                                        self.width()), "\n".join(lines[i])))
        d.labels = thinned(below, m / 4)
        return d

    # ---- drawing --------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if not self.shows_bars():
            p.setPen(AXIS_TEXT)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.empty_text if not self.bars else
                       "; ".join(f"{b.label}: {b.text}" for b in self.bars))
            p.end()
            return
        d = self.drawing()
        p.setPen(QPen(GRID, 1))
        for x1, y1, x2, y2 in d.grid:
            p.drawLine(int(x1), int(y1), int(x2), int(y2))
        for rect, second in d.bars:
            p.fillRect(rect, BAR_SECOND if second else BAR)
        centre = Qt.AlignmentFlag.AlignHCenter
        p.setPen(AXIS_TEXT)
        tick_align = (centre | Qt.AlignmentFlag.AlignTop if self.horizontal else
                      Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for t in d.ticks:
            p.drawText(t.rect, tick_align, t.text)
        p.setPen(INK if self.horizontal else AXIS_TEXT)
        label_align = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                       if self.horizontal else centre | Qt.AlignmentFlag.AlignTop)
        for label in d.labels:
            p.drawText(label.rect, label_align, label.text)
        p.setPen(INK)
        if self.horizontal:
            p.setFont(self._bold())
            value_align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        else:
            p.setFont(self._value_font(d.value_scale))
            value_align = centre | Qt.AlignmentFlag.AlignBottom
        for v in d.values:
            p.drawText(v.rect, value_align, v.text)
        for v, second in d.inside:
            # White on the dark blue; the light blue is too pale for white, so ink on it.
            p.setPen(INK if second else QColor("#ffffff"))
            p.drawText(v.rect, value_align, v.text)
        p.setFont(self.font())
