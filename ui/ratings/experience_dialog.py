"""The experience questionnaire at a review, and the team's editor for its questions.

Each question is a row of five answers, "Not at all" to "Completely". From the keyboard: Tab
goes from row to row (landing on the row's answer, or its first choice), Left and Right move
along a row, and typing 0 to 4 answers the row and moves to the next. A row left blank is
simply not answered.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.errors import ValidationError
from carecoord.services import experience, plans
from carecoord.services.base import Ctx
from carecoord.services.experience import ANSWER_LABELS, QuestionView, ReviewAnswers
from ui import style
from ui.team import widgets as w

_DIGITS = {getattr(Qt.Key, f"Key_{i}"): i for i in range(len(ANSWER_LABELS))}


class AnswerRow(QObject):
    """One question's five radio buttons, with the keys that make a row quick to answer."""

    def __init__(self, question: QuestionView, number: int, dialog: ExperienceDialog):
        super().__init__(dialog)
        self.question, self.dialog = question, dialog
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        for score, label in enumerate(ANSWER_LABELS):
            b = QRadioButton(str(score))  # the number to type for it
            b.setAccessibleName(f"{question.text} {label}")
            b.setToolTip(label)
            self.group.addButton(b, score)
            self.buttons.append(b)
            b.installEventFilter(self)
            b.toggled.connect(self._focus_policies)
        prefix = f"&{number} " if number <= 9 else ""
        self.label = w.label_for(f"{prefix}{question.text}", self.buttons[0], question.text)
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(style.em(self.label) * 18)
        self._focus_policies()

    def score(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked >= 0 else None

    def set_score(self, score: int | None) -> None:
        if score is not None:
            self.buttons[score].setChecked(True)

    def entry(self) -> QRadioButton:
        """Where Tab lands in this row: its answer, or its first choice."""
        score = self.score()
        return self.buttons[score if score is not None else 0]

    def _focus_policies(self, *_args) -> None:
        # One stop per row for Tab; the others are reached with the arrow keys.
        entry = self.entry()
        for b in self.buttons:
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus if b is entry
                             else Qt.FocusPolicy.ClickFocus)
        self.label.setBuddy(entry)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress or event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier):
            return False
        key = event.key()
        index = self.buttons.index(obj)
        if key in _DIGITS:
            self.buttons[_DIGITS[key]].setChecked(True)
            self.dialog.next_row(self)
            return True
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            target = self.buttons[min(max(index + step, 0), len(self.buttons) - 1)]
            target.setChecked(True)
            target.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        if key == Qt.Key.Key_Space:
            obj.setChecked(True)
            return True
        return False


class ExperienceDialog(QDialog):
    def __init__(self, ctx: Ctx, person_id: int, plan_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(parent)
        self.ctx, self.person_id, self.plan_id = ctx, person_id, plan_id
        self.who = person_name or "the person"
        self.result_value: ReviewAnswers | None = None
        self.dialog = None
        self.rows: list[AnswerRow] = []
        self.setWindowTitle("Experience at this review")

        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        number = next((p.number for p in plans.versions(ctx, person_id) if p.id == plan_id),
                      None)
        layout.addWidget(w.note(f"Ask {self.who} each question. Type 0 to 4, or use the arrow "
                                "keys; leave a question blank if they would rather not say. "
                                f"The answers are kept with version {number} of the plan."))
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(style.em(self))
        layout.addWidget(self.grid_holder)
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("&Save answers", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setAccessibleName("Save answers")
        self.cancel = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.edit_button = w.button("Change the &questions…", "Add, reword, reorder or retire "
                                    "the team's questions (Alt+Q)", edits=True)
        self.edit_button.setEnabled(ctx.actor.can_change)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        self.edit_button.clicked.connect(self.edit_questions)
        bottom = QHBoxLayout()
        bottom.addWidget(self.edit_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.ok.setDefault(True)
        self.setMinimumWidth(style.em(self) * 50)
        self.load()

    def load(self) -> None:
        kept = {r.question.id: r.score() for r in self.rows}
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        for r in self.rows:
            r.deleteLater()
        earlier = next((a for a in experience.answers_for(self.ctx, self.person_id)
                        if a.plan_id == self.plan_id), None)
        before = {a.question_id: a.score for a in earlier.answers} if earlier else {}
        for col, label in enumerate(ANSWER_LABELS, start=1):
            header = QLabel(label)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setStyleSheet(f"color: {style.MUTED_FG};")
            self.grid.addWidget(header, 0, col)
        self.rows = []
        for number, q in enumerate(experience.questions(self.ctx), start=1):
            row = AnswerRow(q, number, self)
            row.set_score(kept.get(q.id, before.get(q.id)))
            self.grid.addWidget(row.label, number, 0)
            for col, b in enumerate(row.buttons, start=1):
                self.grid.addWidget(b, number, col, Qt.AlignmentFlag.AlignCenter)
            self.rows.append(row)
        self.grid.setColumnStretch(0, 1)
        chain = [r.entry() for r in self.rows] + [self.ok]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        if self.rows:
            self.rows[0].entry().setFocus()

    def next_row(self, row: AnswerRow) -> None:
        index = self.rows.index(row)
        target = self.rows[index + 1].entry() if index + 1 < len(self.rows) else self.ok
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def answers(self) -> dict[int, int]:
        return {r.question.id: r.score() for r in self.rows
                if r.score() is not None and r.question.id is not None}

    def run(self) -> None:
        def save():
            if not self.answers():
                raise ValidationError("Answer at least one question, or press Cancel.", "score")
            return experience.record_answers(self.ctx, self.person_id, self.plan_id,
                                             self.answers())
        result = w.attempt(save, self.problem)
        if result is None:
            return
        self.result_value = result
        self.accept()

    def edit_questions(self) -> None:
        dialog = QuestionSetDialog(self.ctx, self)
        self.dialog = dialog
        dialog.finished.connect(lambda _code: self.load())
        dialog.open()


class QuestionSetDialog(QDialog):
    """The team's questions: add, reword a little, move, retire and bring back. Changes are
    saved as they are made; retired questions keep their earlier answers."""

    def __init__(self, ctx: Ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("The experience questions")
        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(w.note("The questions every review asks, in order. A question the "
                                "team no longer asks is retired, not deleted, so earlier "
                                "answers keep their wording."))
        self.list = QListWidget()
        self.list.setAccessibleName("Questions")
        list_label = w.label_for("&Questions", self.list)
        layout.addWidget(list_label)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        side = QVBoxLayout()
        self.up = w.button("Move &up", edits=True)
        self.down = w.button("Move &down", edits=True)
        self.retire = w.button("&Retire", edits=True)
        self.restore = w.button("&Bring back", edits=True)
        for b in (self.up, self.down, self.retire, self.restore):
            side.addWidget(b)
        side.addStretch(1)
        row.addLayout(side)
        layout.addLayout(row)
        self.text = w.line_edit("Question text", "a short question the person can answer "
                                                 "from 'not at all' to 'completely'")
        layout.addWidget(w.label_for("&Wording", self.text, "Question text"))
        layout.addWidget(self.text)
        edits = QHBoxLayout()
        self.add = w.button("&Add as a new question", edits=True)
        self.reword = w.button("Save the wording of the &chosen one", edits=True)
        edits.addWidget(self.add)
        edits.addWidget(self.reword)
        edits.addStretch(1)
        layout.addLayout(edits)
        layout.addWidget(w.hint("Reword only to correct a question; to ask something new, "
                                "add a new one."))
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.setMinimumWidth(style.em(self) * 40)

        self.list.currentItemChanged.connect(self._chosen)
        self.up.clicked.connect(lambda: self._act(lambda q: experience.move_question(
            self.ctx, q.id, -1)))
        self.down.clicked.connect(lambda: self._act(lambda q: experience.move_question(
            self.ctx, q.id, 1)))
        self.retire.clicked.connect(lambda: self._act(lambda q: experience.set_question_active(
            self.ctx, q.id, False)))
        self.restore.clicked.connect(lambda: self._act(lambda q: experience.set_question_active(
            self.ctx, q.id, True)))
        self.reword.clicked.connect(lambda: self._act(lambda q: experience.reword_question(
            self.ctx, q.id, self.text.text())))
        self.add.clicked.connect(self._add)
        w.set_read_only(self, ctx.actor.can_change)
        self.load()
        self.list.setFocus()

    def load(self, keep: int | None = None) -> None:
        self.questions = experience.questions(self.ctx, include_retired=True)
        self.list.clear()
        active = [q for q in self.questions if q.active]
        for q in active + [q for q in self.questions if not q.active]:
            item = QListWidgetItem(q.text if q.active else f"{q.text} (retired)")
            item.setData(Qt.ItemDataRole.UserRole, q.id)
            if not q.active:
                item.setForeground(Qt.GlobalColor.darkGray)
            self.list.addItem(item)
            if q.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self._chosen()

    def chosen(self) -> QuestionView | None:
        item = self.list.currentItem()
        ident = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((q for q in self.questions if q.id == ident), None)

    def _chosen(self, *_args) -> None:
        q = self.chosen()
        can = self.ctx.actor.can_change and q is not None
        self.text.setText(q.text if q else "")
        self.up.setEnabled(can and q.active)
        self.down.setEnabled(can and q.active)
        self.retire.setEnabled(can and q.active)
        self.restore.setEnabled(can and not q.active)
        self.reword.setEnabled(can)

    def _act(self, action) -> None:
        q = self.chosen()
        if q is None:
            return
        if w.attempt(lambda: action(q), self.problem) is not None:
            self.load(q.id)
            self.list.setFocus()

    def _add(self) -> None:
        added = w.attempt(lambda: experience.add_question(self.ctx, self.text.text()),
                          self.problem, {"text": self.text})
        if added is not None:
            self.load(added.id)
            self.list.setFocus()
