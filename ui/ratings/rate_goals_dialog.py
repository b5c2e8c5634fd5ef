"""Rating every goal at once, at a review or at a contact: a score from 0 to 10 for each and
an optional comment in the person's own words (seed 004:197: they are the best judge)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from carecoord.domain.dates import parse_date
from carecoord.domain.enums import GoalLifecycle
from carecoord.domain.errors import ValidationError
from carecoord.services import goals
from carecoord.services.base import Ctx
from carecoord.services.goals import GoalView, RatingView
from ui import style
from ui.team import widgets as w

NOT_RATED = -1
RATEABLE = (GoalLifecycle.PROPOSED, GoalLifecycle.ACTIVE, GoalLifecycle.ON_HOLD)


def rateable(goal_list) -> list[GoalView]:
    return [g for g in goal_list if g.lifecycle in RATEABLE]


def score_box(name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(NOT_RATED, 10)
    box.setSpecialValueText("Not rated")
    box.setValue(NOT_RATED)
    box.setAccessibleName(name)
    box.setMinimumWidth(box.fontMetrics().horizontalAdvance("Not rated") + style.em(box) * 2)
    return box


class RateGoalsDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, goal_list, at_review: bool = False,
                 parent: QWidget | None = None, person_name: str | None = None):
        who = person_name or "the person"
        super().__init__("Rate the goals",
                         f"Ask {who} how each goal is going, from 0 (not at all) to 10 "
                         "(completely). Type the number; leave a goal on 'Not rated' to skip "
                         "it.", "&Save ratings", parent)
        self.ctx = ctx
        self.goals = rateable(goal_list)
        self.saved: list[tuple[GoalView, RatingView]] = []

        when = QWidget()
        line = QHBoxLayout(when)
        line.setContentsMargins(0, 0, 0, 0)
        self.review = QRadioButton("At a plan re&view")
        self.contact = QRadioButton("At a &contact")
        self.kind = QButtonGroup(self)
        for b in (self.review, self.contact):
            b.setAccessibleName(b.text().replace("&", ""))
            self.kind.addButton(b)
            line.addWidget(b)
        (self.review if at_review else self.contact).setChecked(True)
        line.addSpacing(style.em(self))
        self.on = w.date_edit("Date of the ratings", ctx.today())
        line.addWidget(w.label_for("&Date", self.on, "Date of the ratings"))
        line.addWidget(self.on)
        line.addStretch(1)
        self.form.addRow("Given", when)
        self.fields["rated_on"] = self.on

        grid = QGridLayout()
        grid.setHorizontalSpacing(style.em(self) // 2)
        for col, text in enumerate(("Goal, in their words", "Score", "Comment, in their words")):
            header = QLabel(text)
            header.setStyleSheet(f"color: {style.MUTED_FG};")
            grid.addWidget(header, 0, col)
        self.scores: list[QSpinBox] = []
        self.comments = []
        for i, g in enumerate(self.goals, start=1):
            score = score_box(f"Score for goal {i}: {g.person_words}")
            comment = w.line_edit(f"Comment on goal {i}", "optional")
            comment.setMinimumWidth(style.em(comment) * 16)
            prefix = f"&{i} " if i <= 9 else ""
            label = w.label_for(f"{prefix}{g.person_words}", score,
                                f"Score for goal {i}: {g.person_words}")
            label.setWordWrap(True)
            label.setMinimumWidth(style.em(self) * 12)
            last = g.ratings[-1] if g.ratings else None
            if last is not None:
                label.setToolTip(f"Last rated {last.score} on {w.long_date(last.rated_on)}")
            grid.addWidget(label, i, 0)
            grid.addWidget(score, i, 1)
            grid.addWidget(comment, i, 2)
            self.scores.append(score)
            self.comments.append(comment)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        self.body.insertLayout(self.body.indexOf(self.problem), grid)
        self.last_note = w.hint(self._last_words())
        self.body.insertWidget(self.body.indexOf(self.problem), self.last_note)
        self.setMinimumWidth(style.em(self) * 52)
        if self.scores:
            self.scores[0].setFocus()
            self.scores[0].selectAll()

    def _last_words(self) -> str:
        rated = [(i, g.ratings[-1]) for i, g in enumerate(self.goals, start=1) if g.ratings]
        if not rated:
            return "None of these goals has been rated before."
        return "Last time: " + "; ".join(f"goal {i}, {r.score} on {w.long_date(r.rated_on)}"
                                         for i, r in rated) + "."

    def first_field(self) -> QWidget | None:
        return self.scores[0] if self.scores else self.on

    def _day(self) -> dt.date:
        day = parse_date(self.on.text(), "rated_on") or self.ctx.today()
        if day > self.ctx.today():
            raise ValidationError("A rating cannot be dated in the future.", "rated_on")
        return day

    def perform(self):
        # Everything that could refuse is checked before the first rating is saved.
        day = self._day()
        chosen = [(g, s.value(), c.text()) for g, s, c in
                  zip(self.goals, self.scores, self.comments, strict=True) if s.value() >= 0]
        if not chosen:
            raise ValidationError("Give at least one goal a score, or press Cancel.", "score")
        at_review = self.review.isChecked()
        self.saved = [(g, goals.rate_goal(self.ctx, g.id, score, comment, day, at_review))
                      for g, score, comment in chosen]
        return self.saved
