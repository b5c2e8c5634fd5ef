"""One goal as a card: the person's words, its statuses, and its actions on both sides.

Modes: "draft" edits everything and saves as you type; "progress" (an agreed plan) shows
the goal as text but lets the statuses, action progress and ratings change; "read" changes
nothing.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.enums import (
    Achievement,
    ActionSide,
    GoalDomain,
    GoalLifecycle,
)
from carecoord.domain.errors import CareCoordError
from carecoord.services import goals
from carecoord.services.base import Ctx
from carecoord.services.goals import GoalInput, GoalView, RatingView
from carecoord.services.people import PersonView
from carecoord.services.team import MemberView
from ui.ratings.sparkline import Sparkline
from ui.record import forms
from ui.record.action_row import ActionRow
from ui.record.autosave import Autosaver
from ui.record.flow import FlowLayout

_SIDE_ADD = {
    ActionSide.PERSON: ("+ Add something I will do (Alt+I)", "Add an action for the person "
                        "or their carer to this goal"),
    ActionSide.TEAM: ("+ Add something my team will do (Alt+T)", "Add an action for a member "
                      "of the care team to this goal"),
}


class GoalCard(forms.Panel):
    move_requested = Signal(object, int)
    remove_requested = Signal(object)
    rate_requested = Signal(object)
    saved = Signal(str)
    failed = Signal(str)
    layout_changed = Signal()

    def __init__(self, ctx: Ctx, plan_id: int, goal: GoalView | None, mode: str,
                 person: PersonView, team: list[MemberView], number: int,
                 parent: QWidget | None = None):
        super().__init__("#ffffff", "#b8c2cc", parent=parent)
        self.ctx, self.plan_id, self.goal, self.mode = ctx, plan_id, goal, mode
        self.person, self.team = person, team
        self.setObjectName("goalCard")
        self.rows: dict[ActionSide, list[ActionRow]] = {ActionSide.PERSON: [],
                                                        ActionSide.TEAM: []}
        self._side_layouts: dict[ActionSide, QVBoxLayout] = {}
        self._side_empty: dict[ActionSide, QLabel] = {}
        self.add_buttons: dict[ActionSide, QWidget] = {}
        self.saver = Autosaver(self._save, self)
        self.saver.saved.connect(self.saved)
        self.saver.failed.connect(self._show_failed)

        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(14, 10, 14, 12)
        self.layout_.setSpacing(6)
        top = QHBoxLayout()
        self.title = forms.heading("", 1.1)
        top.addWidget(self.title)
        top.addStretch(1)
        self.tools: list[QWidget] = []
        if mode == "draft":
            for text, tip, slot in (
                ("Move up", "Move this goal up (Alt+Up)", lambda: self.move_requested.emit(
                    self, -1)),
                ("Move down", "Move this goal down (Alt+Down)",
                 lambda: self.move_requested.emit(self, 1)),
                ("Remove goal", "Remove this goal from the draft; it stays in the history",
                 lambda: self.remove_requested.emit(self)),
            ):
                b = forms.button(text, tip, f"{text} (this goal)", edits=True)
                b.clicked.connect(slot)
                top.addWidget(b)
                self.tools.append(b)
        self.layout_.addLayout(top)

        if mode == "draft":
            self._build_fields()
        else:
            self._build_summary()
        self.problem = forms.error_label()
        self.layout_.addWidget(self.problem)
        for side in ActionSide:
            self._build_side(side)
        self._build_ratings()
        self.set_number(number)

    # -- building ------------------------------------------------------------------------

    def _build_fields(self) -> None:
        g = self.goal
        grid = QGridLayout()
        grid.setColumnStretch(4, 1)
        self.words = forms.text_box("Goal in the person's own words", 2,
                                    "In their words, for example: I want to walk to the "
                                    "shop on my own", g.person_words if g else "")
        grid.addWidget(forms.label_for("In my own words *", self.words,
                                       "Goal in the person's own words"), 0, 0, Qt.AlignTop)
        grid.addWidget(self.words, 0, 1, 1, 4)
        self.domain = forms.enum_combo(GoalDomain, g.domain if g else None, "Area of life")
        self.target_from = forms.date_edit("Aim to achieve from",
                                           g.target.start if g else None, "from (optional)")
        self.target_to = forms.date_edit("Aim to achieve by", g.target.end if g else None,
                                         "by (optional)")
        by = QLabel("by")
        by.setBuddy(self.target_to)
        self.lifecycle = forms.enum_combo(GoalLifecycle, g.lifecycle if g else None,
                                          "Goal status")
        self.achievement = forms.enum_combo(Achievement, g.achievement if g else None,
                                            "How it is going")
        self.layout_.addLayout(grid)
        # Label and field stay together; the pairs wrap onto more lines in a narrow window.
        facts = FlowLayout(spacing=12, line_spacing=4)
        for parts in ((forms.label_for("Area of life", self.domain), self.domain),
                      (forms.label_for("Aim to achieve from", self.target_from),
                       self.target_from, by, self.target_to),
                      (forms.label_for("Goal status", self.lifecycle), self.lifecycle),
                      (forms.label_for("How it is going", self.achievement),
                       self.achievement)):
            facts.addWidget(forms.together(*parts))
        self.layout_.addLayout(facts)
        self.saver.watch(self.words, self.domain, self.target_from, self.target_to,
                         self.lifecycle, self.achievement)

    def _build_summary(self) -> None:
        g = self.goal
        words = QLabel(f"“{g.person_words}”")
        words.setWordWrap(True)
        words.setTextInteractionFlags(Qt.TextSelectableByMouse)
        words.setAccessibleName("Goal in the person's own words")
        font = words.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        words.setFont(font)
        self.layout_.addWidget(words)
        aim = g.target.describe()
        facts = forms.hint(f"Area of life: {g.domain.label}  ·  Aim: "
                           f"{'no set date' if aim == 'no set date' else aim}")
        self.layout_.addWidget(facts)
        row = QHBoxLayout()
        if self.mode == "progress":
            self.lifecycle = forms.enum_combo(GoalLifecycle, g.lifecycle, "Goal status")
            self.achievement = forms.enum_combo(Achievement, g.achievement, "How it is going")
            for combo in (self.lifecycle, self.achievement):
                combo.activated.connect(self._progress_changed)
            row.addWidget(forms.label_for("Goal status", self.lifecycle))
            row.addWidget(self.lifecycle)
            row.addSpacing(16)
            row.addWidget(forms.label_for("How it is going", self.achievement))
            row.addWidget(self.achievement)
        else:
            row.addWidget(QLabel(f"Goal status: <b>{g.lifecycle.label}</b>  ·  How it is "
                                 f"going: <b>{g.achievement.label}</b>"))
        row.addStretch(1)
        self.layout_.addLayout(row)

    def _build_side(self, side: ActionSide) -> None:
        header = QLabel(side.label)
        forms.colour_text(header, forms.BLUE_FG, bold=True)
        header.setContentsMargins(0, 6, 0, 0)
        self.layout_.addWidget(header)
        box = QVBoxLayout()
        box.setContentsMargins(12, 0, 0, 0)
        box.setSpacing(4)
        self._side_layouts[side] = box
        self.layout_.addLayout(box)
        empty = forms.hint("Nothing yet." + (
            " Press the button below, or Alt+I, to add what the person will do."
            if side == ActionSide.PERSON and self.mode == "draft" else
            " Press the button below, or Alt+T, to add what the team will do."
            if self.mode == "draft" else ""))
        box.addWidget(empty)
        self._side_empty[side] = empty
        for action in (self.goal.side(side) if self.goal else ()):
            self._append_row(side, action)
        if self.mode == "draft":
            text, tip = _SIDE_ADD[side]
            add = forms.button(text, tip, text.lstrip("+ ").split(" (")[0], edits=True)
            add.clicked.connect(lambda _=False, s=side: self.add_action(s))
            add.setEnabled(self.goal is not None)
            if self.goal is None:
                add.setToolTip("Write the goal first; then you can add actions to it.")
            row = QHBoxLayout()
            row.setContentsMargins(12, 0, 0, 0)
            row.addWidget(add)
            row.addStretch(1)
            self.layout_.addLayout(row)
            self.add_buttons[side] = add
        self._update_empty(side)

    def _build_ratings(self) -> None:
        self.rating_text = forms.hint("")
        self.chart = Sparkline()  # the same chart as Goal progress: one look for ratings
        row = QHBoxLayout()
        row.addWidget(self.chart)
        row.addWidget(self.rating_text, 1)
        self.rate_button = None
        if self.mode in ("draft", "progress"):
            self.rate_button = forms.button("Rate this goal…", "Record the person's own "
                                            "rating of this goal, from 0 to 10. To rate "
                                            "every goal at once, use Goal progress",
                                            edits=True)
            self.rate_button.clicked.connect(lambda: self.rate_requested.emit(self))
            self.rate_button.setEnabled(self.goal is not None)
            row.addWidget(self.rate_button)
        self.layout_.addLayout(row)
        self.show_ratings(self.goal.ratings if self.goal else ())  # after parenting

    # -- state -----------------------------------------------------------------------------

    @property
    def goal_id(self) -> int | None:
        return self.goal.id if self.goal else None

    def set_number(self, number: int) -> None:
        self.number = number
        self.title.setText(f"Goal {number}")
        self.setAccessibleName(f"Goal {number}")

    def show_ratings(self, ratings: tuple[RatingView, ...]) -> None:
        self.chart.set_ratings(ratings)
        self.chart.setVisible(len(ratings) > 1)
        if not ratings:
            self.rating_text.setText("The person's own rating, 0 to 10: none yet.")
            return
        recent = "  ·  ".join(f"{r.score} on {forms.long_date(r.rated_on)}"
                              for r in ratings[-4:])
        last = ratings[-1]
        comment = f" “{last.comment}”" if last.comment else ""
        self.rating_text.setText(f"The person's own rating, 0 to 10: {recent}.{comment}")

    def add_rating(self, rating: RatingView) -> None:
        ratings = (self.goal.ratings if self.goal else ()) + (rating,)
        self.goal = replace(self.goal, ratings=ratings)
        self.show_ratings(ratings)

    def focus_widgets(self) -> list[QWidget]:
        out: list[QWidget] = list(self.tools)
        if self.mode == "draft":
            out += [self.words, self.domain, self.target_from, self.target_to,
                    self.lifecycle, self.achievement]
        elif self.mode == "progress":
            out += [self.lifecycle, self.achievement]
        for side in ActionSide:
            for row in self.rows[side]:
                out += row.focus_widgets()
            if side in self.add_buttons:
                out.append(self.add_buttons[side])
        if self.rate_button is not None:
            out.append(self.rate_button)
        return out

    def first_field(self) -> QWidget | None:
        if self.mode == "draft":
            return self.words
        return getattr(self, "lifecycle", None)

    def unsaved_problem(self) -> str | None:
        """Typing that could not be saved, so moving things now could lose it."""
        if self.saver.dirty and self.saver.problem:
            return self.saver.problem
        for side in ActionSide:
            for row in self.rows[side]:
                if row.saver.dirty and row.saver.problem:
                    return row.saver.problem
        return None

    # -- saving ----------------------------------------------------------------------------

    def _input(self) -> GoalInput:
        return GoalInput(self.words.toPlainText(), forms.combo_value(self.domain, GoalDomain),
                         self.target_from.text(), self.target_to.text(),
                         forms.combo_value(self.lifecycle, GoalLifecycle),
                         forms.combo_value(self.achievement, Achievement))

    def _save(self) -> None:
        if self.goal is None:
            if not self.words.toPlainText().strip():
                return  # an empty new card holds nothing to keep
            self.goal = goals.add_goal(self.ctx, self.plan_id, self._input())
            for side, button in self.add_buttons.items():
                button.setEnabled(True)
                button.setToolTip(_SIDE_ADD[side][1])
            if self.rate_button is not None:
                self.rate_button.setEnabled(True)
        else:
            self.goal = goals.update_goal(self.ctx, self.goal.id, self._input())
        forms.show_problem(self.problem, None)

    def _show_failed(self, message: str) -> None:
        forms.show_problem(self.problem, f"Not saved yet: {message}")
        self.failed.emit(message)

    def flush(self) -> bool:
        ok = self.saver.flush()
        for side in ActionSide:
            for row in self.rows[side]:
                ok = row.flush() and ok
        return ok

    def _progress_changed(self, *_args) -> None:
        try:
            goals.set_goal_progress(self.ctx, self.goal.id,
                                    forms.combo_value(self.lifecycle, GoalLifecycle),
                                    forms.combo_value(self.achievement, Achievement))
        except CareCoordError as exc:
            self._show_failed(str(exc))
            return
        forms.show_problem(self.problem, None)
        self.saved.emit(f"Progress saved at {forms.now_hm()}")

    # -- actions ---------------------------------------------------------------------------

    def _append_row(self, side: ActionSide, action=None) -> ActionRow:
        row = ActionRow(self.ctx, self, side, action, self.mode, self.person, self.team)
        row.move_requested.connect(self.move_action)
        row.remove_requested.connect(self.remove_action)
        row.saver.saved.connect(self.saved)
        row.status_saved.connect(self.saved)
        self.rows[side].append(row)
        self._side_layouts[side].addWidget(row)
        row.show()  # at once, so its shortcuts work before the next event loop turn
        self._update_empty(side)
        return row

    def _update_empty(self, side: ActionSide) -> None:
        self._side_empty[side].setVisible(not self.rows[side])

    def add_action(self, side: ActionSide) -> ActionRow | None:
        if self.goal is None and not self.saver.flush():
            return None
        if self.goal is None:
            forms.show_problem(self.problem, "Write the goal in the person's own words first.")
            self.words.setFocus()
            return None
        row = self._append_row(side)
        self.layout_changed.emit()
        row.description.setFocus()
        QTimer.singleShot(0, row, row.description.setFocus)
        return row

    def move_action(self, row: ActionRow, delta: int) -> None:
        rows = self.rows[row.side]
        index = rows.index(row)
        target = index + delta
        if not 0 <= target < len(rows):
            return
        if not row.flush() or row.action is None:
            forms.show_problem(self.problem, "Finish this action before moving it: "
                                             + (row.saver.problem or "it is not saved yet."))
            return
        try:
            goals.move_action(self.ctx, row.action.id, delta)
        except CareCoordError as exc:
            forms.show_problem(self.problem, str(exc))
            return
        rows.insert(target, rows.pop(index))
        layout = self._side_layouts[row.side]
        layout.removeWidget(row)
        layout.insertWidget(target + 1, row)  # the empty-state hint sits at index 0
        self.layout_changed.emit()
        self.saved.emit(f"Order saved at {forms.now_hm()}")

    def remove_action(self, row: ActionRow) -> None:
        if row.action is not None:
            text = row.action.description
            if not forms.confirm(self, "Remove this action?",
                                 f"Remove “{text}” from the draft? It stays in the history.",
                                 "Remove it"):
                return
            try:
                goals.retire_action(self.ctx, row.action.id)
            except CareCoordError as exc:
                forms.show_problem(self.problem, str(exc))
                return
        row.saver.dirty = False
        self.rows[row.side].remove(row)
        self._side_layouts[row.side].removeWidget(row)
        row.deleteLater()
        self._update_empty(row.side)
        self.layout_changed.emit()
        self.saved.emit(f"Removed at {forms.now_hm()}")



