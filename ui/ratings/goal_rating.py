"""How the goals are going, in the person's own ratings: for each goal on the plan in force a
small chart of its ratings, the latest score and its direction, and whether it counts as off
track (with the reasons in words); and the person's experience answers at each review."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from carecoord.domain.enums import PlanStatus
from carecoord.services import experience, plans, progress
from carecoord.services.base import Ctx
from carecoord.services.goals import GoalView
from carecoord.services.plans import PlanView
from ui import style
from ui.ratings.experience_dialog import ExperienceDialog
from ui.ratings.rate_goals_dialog import RateGoalsDialog, rateable
from ui.ratings.sparkline import Sparkline
from ui.team import widgets as w


def trend_words(goal: GoalView) -> str:
    """'8 out of 10 on 20 November 2026, at a review: improving, up 1 since the rating
    before. In their words: “Made it with the frame”.'"""
    trend = progress.goal_trend(goal.ratings)
    if trend.latest is None:
        return "Not rated yet."
    latest = goal.ratings[-1]  # goals_for gives them oldest first
    where = "at a review" if latest.at_review else "at a contact"
    text = f"{trend.latest} out of 10 on {w.long_date(latest.rated_on)}, {where}"
    if trend.change is None:
        text += ": the first rating."
    elif trend.change == 0:
        text += ": no change since the rating before."
    else:
        how = "up" if trend.change > 0 else "down"
        text += f": {trend.label.lower()}, {how} {abs(trend.change)} since the rating before."
    if latest.comment:
        text += f" In their words: “{latest.comment}”"
    return text


def _drop(layout) -> None:
    """Take a nested layout's widgets off the screen now, and delete them later."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            _drop(item.layout())


class GoalRatingsPanel(QWidget):
    changed = Signal()

    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        self.who = person_name or "this person"
        self.can_change = ctx.actor.can_change
        self.plan: PlanView | None = None
        self.working: PlanView | None = None
        self.dialog = None

        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(w.heading("How the goals are going"))
        layout.addWidget(w.hint(f"{self.who[:1].upper()}{self.who[1:]}'s own rating of each "
                                "goal, from 0 to 10, given at reviews (filled dots) and "
                                "contacts (hollow dots)."))
        actions = QHBoxLayout()
        self.rate_button = w.button("&Rate goals…", "Record a score from 0 to 10 for every "
                                    "goal at once (Alt+R)", edits=True)
        self.experience_button = w.button("Ask about e&xperience…", "The team's short "
                                          "questionnaire, asked at a review (Alt+X)",
                                          edits=True)
        actions.addWidget(self.rate_button)
        actions.addWidget(self.experience_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        self.result_note = w.flag("", "green")
        self.result_note.hide()
        layout.addWidget(self.result_note)

        self.empty = w.note("")
        layout.addWidget(self.empty)
        self.goals_frame = QFrame()
        self.goals_grid = QGridLayout(self.goals_frame)
        self.goals_grid.setContentsMargins(0, 0, 0, 0)
        self.goals_grid.setHorizontalSpacing(style.em(self))
        self.goals_grid.setVerticalSpacing(style.em(self) * 2 // 3)
        layout.addWidget(self.goals_frame)

        self.experience_heading = w.heading("Experience at reviews", 3)
        layout.addWidget(self.experience_heading)
        self.experience_table = w.table(f"{self.who}'s answers at reviews", ("Question",),
                                        fit_rows=10)
        layout.addWidget(self.experience_table)
        self.experience_empty = w.note("")
        layout.addWidget(self.experience_empty)
        layout.addStretch(1)

        self.rate_button.clicked.connect(self.rate_goals)
        self.experience_button.clicked.connect(self.ask_experience)
        w.set_read_only(self, self.can_change)
        self.refresh()

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.plan = plans.current_plan(self.ctx, self.person_id)
        self.working = plans.working_plan(self.ctx, self.person_id)
        self._show_goals()
        self._show_experience()
        goals = rateable(self.plan.goals) if self.plan else []
        self.rate_button.setEnabled(self.can_change and bool(goals))
        self.experience_button.setEnabled(self.can_change and self._experience_plan()
                                          is not None)

    def _clear_goals(self) -> None:
        while self.goals_grid.count():
            item = self.goals_grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
            elif item.layout() is not None:
                _drop(item.layout())

    def _show_goals(self) -> None:
        self._clear_goals()
        plan = self.plan
        goal_list = list(plan.goals) if plan and plan.has_content else []
        if plan is None or not plan.has_content:
            self.empty.setText(f"{self.who[:1].upper()}{self.who[1:]} has no plan yet, so "
                               "there are no goals to rate. Goals are written in the care "
                               "plan.")
        elif not goal_list:
            self.empty.setText("The plan has no goals yet. Add them in the care plan; then "
                               "they can be rated here.")
        else:
            state = ("agreed" if plan.status == PlanStatus.AGREED else plan.status.label.lower())
            text = f"Goals on the plan in force (version {plan.number}, {state})."
            if not any(g.ratings for g in goal_list):
                text += " None has been rated yet: press Alt+R to ask how each is going."
            self.empty.setText(text)
        today = self.ctx.today()
        for row, g in enumerate(goal_list):
            words = w.note(f"{row + 1}. {g.person_words}")
            font = words.font()
            font.setBold(True)
            words.setFont(font)
            chart = Sparkline()
            chart.set_ratings(g.ratings)
            chart.setAccessibleName(f"Ratings of goal {row + 1}")
            detail = w.note(trend_words(g))
            detail.setAccessibleName(f"Goal {row + 1}: {detail.text()}")
            box = QVBoxLayout()
            box.setSpacing(2)

            box.addWidget(words)
            box.addWidget(detail)
            reasons = progress.off_track_reasons(g, today)
            if reasons:
                box.addWidget(w.flag("Off track: " + "; ".join(r.lower() for r in reasons)
                                     + ".", "red"))
            elif g.lifecycle not in progress.OPEN_LIFECYCLES:
                box.addWidget(w.hint(f"This goal is {g.lifecycle.label.lower()}."))
            box.addStretch(1)
            self.goals_grid.addWidget(chart, row, 0, Qt.AlignmentFlag.AlignTop)
            self.goals_grid.addLayout(box, row, 1)
        self.goals_grid.setColumnStretch(1, 1)
        self.goals_frame.setVisible(bool(goal_list))

    def _show_experience(self) -> None:
        reviews = experience.answers_for(self.ctx, self.person_id)[:3]
        t = self.experience_table
        questions: dict[int, str] = {}
        for review in reversed(reviews):
            for a in review.answers:
                questions.setdefault(a.question_id, a.question)
        headers = ["Question"] + [f"Version {r.plan_number}, {w.short_date(r.answered_on)}"
                                  for r in reversed(reviews)]
        t.setColumnCount(len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setRowCount(len(questions))
        for row, (qid, text) in enumerate(questions.items()):
            cells = [text]
            for review in reversed(reviews):
                answer = next((a for a in review.answers if a.question_id == qid), None)
                cells.append(answer.label if answer else "Not asked")
            w.fill_row(t, row, cells)
        w.fit_columns(t, widest=30)
        t.setVisible(bool(reviews))
        self.experience_empty.setVisible(not reviews)
        self.experience_empty.setText(f"{self.who[:1].upper()}{self.who[1:]} has not answered "
                                      "the experience questions yet. At a review, press Alt+X "
                                      "to ask them.")

    def _experience_plan(self) -> PlanView | None:
        """The version the answers belong to: the one being written at a review, or else the
        plan in force."""
        plan = self.working
        if plan is None or not plan.has_content:
            return None
        return plan

    # -- actions ----------------------------------------------------------------------------

    def _say(self, text: str, tone: str = "green") -> None:
        self.result_note.setText(text)
        self.result_note.setStyleSheet(w.flag_style(tone))
        self.result_note.setAccessibleName(text)
        self.result_note.setVisible(bool(text))

    def _open(self, dialog, on_done) -> None:
        w.show_problem(self.problem, None)
        self.dialog = dialog
        dialog.accepted.connect(lambda: on_done(dialog))
        dialog.open()

    def rate_goals(self) -> None:
        goals = rateable(self.plan.goals) if self.plan else []
        if not goals:
            w.show_problem(self.problem, "There are no open goals on the plan in force to "
                                         "rate.")
            return
        at_review = (self.working is not None and self.working.status == PlanStatus.DRAFT
                     and self.working.previous_id is not None)
        self._open(RateGoalsDialog(self.ctx, goals, at_review, self, self.who), self._rated)

    def _rated(self, dialog: RateGoalsDialog) -> None:
        n = len(dialog.saved)
        where = "at a review" if dialog.review.isChecked() else "at a contact"
        self.refresh()
        self._say(f"{w.plural(n, 'rating')} saved, {where}.")
        self.changed.emit()
        self.rate_button.setFocus()

    def ask_experience(self) -> None:
        plan = self._experience_plan()
        if plan is None:
            w.show_problem(self.problem, "The questions are asked at a review of the plan, and "
                                         f"{self.who} has no plan yet.")
            return
        self._open(ExperienceDialog(self.ctx, self.person_id, plan.id, self, self.who),
                   self._answered)

    def _answered(self, dialog: ExperienceDialog) -> None:
        self.refresh()
        self._say(f"{w.plural(len(dialog.result_value.answers), 'answer')} saved for "
                  f"version {dialog.result_value.plan_number} of the plan.")
        self.changed.emit()
        self.experience_button.setFocus()
