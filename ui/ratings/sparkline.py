"""A goal's ratings as a small chart on a fixed 0–10 scale. Ratings given at a review are
filled dots and those at a contact hollow; the words beside the chart say the same."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from carecoord.domain.dates import format_date
from carecoord.services.goals import RatingView
from ui import style

INK = QColor("#005eb8")
FRAME = QColor("#c9d0d6")
MIDLINE = QColor("#e6eaed")


class Sparkline(QWidget):
    def __init__(self, parent: QWidget | None = None, most: int = 12):
        super().__init__(parent)
        self.most = most
        self.ratings: list[RatingView] = []
        self.setAccessibleName("Chart of the person's ratings")
        m = style.em(self)
        self.setFixedSize(QSize(m * 10, m * 3))

    def set_ratings(self, ratings: list[RatingView] | tuple[RatingView, ...]) -> None:
        ordered = sorted(ratings, key=lambda r: r.rated_on)  # stable: keeps recorded order
        self.ratings = ordered[-self.most:]
        self.setAccessibleDescription(describe(self.ratings))
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        pad = max(4, style.em(self) // 4)
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QPen(FRAME, 1))
        p.drawRect(0, 0, w - 1, h - 1)
        if self.ratings:
            p.setPen(QPen(MIDLINE, 1))
            p.drawLine(QPointF(pad, h / 2), QPointF(w - pad, h / 2))  # a score of 5
        if not self.ratings:
            p.setPen(QColor(style.MUTED_FG))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "no ratings yet")
            p.end()
            return
        n = len(self.ratings)
        step = (w - 2 * pad) / (n - 1) if n > 1 else 0

        def at(i: int, score: int) -> QPointF:
            x = pad + i * step if n > 1 else w / 2
            return QPointF(x, h - pad - score / 10 * (h - 2 * pad))

        points = [at(i, r.score) for i, r in enumerate(self.ratings)]
        p.setPen(QPen(INK, 2))
        for a, b in zip(points, points[1:], strict=False):
            p.drawLine(a, b)
        radius = max(2.5, style.em(self) / 6)
        for r, pt in zip(self.ratings, points, strict=True):
            p.setPen(QPen(INK, 1.5))
            p.setBrush(INK if r.at_review else QColor("#ffffff"))
            p.drawEllipse(pt, radius, radius)
        p.end()


def describe(ratings: list[RatingView]) -> str:
    if not ratings:
        return "Not rated yet."
    return "Ratings, oldest first: " + ", ".join(
        f"{r.score} on {_day(r.rated_on)}{' at a review' if r.at_review else ''}"
        for r in ratings) + "."


def _day(day: dt.date) -> str:
    return format_date(day, "%-d %B %Y")
