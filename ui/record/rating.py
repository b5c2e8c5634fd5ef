"""The person's own 0–10 rating of a goal: a small chart and the dialog that records one."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.errors import CareCoordError
from carecoord.services import goals
from carecoord.services.base import Ctx
from carecoord.services.goals import GoalView, RatingView
from ui.record import forms


class RatingChart(QWidget):
    """Scores over time on a 0–10 scale; the text beside it gives the same figures."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scores: list[int] = []
        self.setAccessibleName("Chart of the person's ratings")
        self.setFixedSize(QSize(140, 44))

    def set_scores(self, scores: list[int]) -> None:
        self.scores = scores[-12:]
        self.setAccessibleDescription("Ratings: " + ", ".join(map(str, self.scores)))
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        if len(self.scores) < 2:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        w, h, pad = self.width(), self.height(), 5
        p.setPen(QPen(QColor("#c9d0d6"), 1))
        p.drawRect(0, 0, w - 1, h - 1)
        step = (w - 2 * pad) / (len(self.scores) - 1)
        points = [QPointF(pad + i * step, h - pad - s / 10 * (h - 2 * pad))
                  for i, s in enumerate(self.scores)]
        p.setPen(QPen(QColor("#123f6e"), 2))
        for a, b in zip(points, points[1:], strict=False):
            p.drawLine(a, b)
        p.setBrush(QColor("#123f6e"))
        for pt in points:
            p.drawEllipse(pt, 2.5, 2.5)
        p.end()


class RateDialog(QDialog):
    def __init__(self, ctx: Ctx, goal: GoalView, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.goal = ctx, goal
        self.rating: RatingView | None = None
        self.setWindowTitle("The person's rating of this goal")
        layout = QVBoxLayout(self)
        layout.addWidget(forms.hint(f"“{goal.person_words}”"))
        layout.addWidget(forms.hint("Ask the person how they feel they are getting on with "
                                    "this goal, from 0 (not at all) to 10 (completely)."))
        form = QFormLayout()
        self.score = QSpinBox()
        self.score.setRange(0, 10)
        self.score.setValue(goal.ratings[-1].score if goal.ratings else 5)
        self.comment = forms.line_edit("Comment", "in their words (optional)")
        self.on = forms.date_edit("Date of the rating", ctx.today())
        self.at_review = QCheckBox("Given at a &review of the plan")
        self.at_review.setAccessibleName("Given at a review of the plan")
        form.addRow(forms.label_for("&Score (0 to 10)", self.score, "Score from 0 to 10"),
                    self.score)
        form.addRow(forms.label_for("&Comment", self.comment), self.comment)
        form.addRow(forms.label_for("&Date", self.on, "Date of the rating"), self.on)
        form.addRow("", self.at_review)
        layout.addLayout(form)
        self.problem = forms.error_label()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        ok = buttons.addButton("Save &rating", QDialogButtonBox.AcceptRole)
        ok.setDefault(True)
        self.at_review.setText("Given at a re&view of the plan")
        buttons.addButton("Cancel", QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.score.setFocus()
        self.score.selectAll()
        self.setMinimumWidth(480)

    def save(self) -> None:
        try:
            self.rating = goals.rate_goal(self.ctx, self.goal.id, self.score.value(),
                                          self.comment.text(), self.on.text(),
                                          self.at_review.isChecked())
        except CareCoordError as exc:
            forms.show_problem(self.problem, str(exc))
            return
        self.accept()

