"""Huddle mode on a shared screen: one person at a time, in large type.

What matters, the goals and how they are going, the team, recent events and what is due,
read from huddle.huddle_card on the worker. Left and Right step through the agenda (when
not typing), F11 shows it full screen and Escape comes back. The notes box is saved when
moving on; outcomes (a task, a new review date, an action on a draft plan) are recorded by
huddle.py with the huddle's date, and the agenda prints with them.

However long a person's text, the view never asks for more room than a small screen has:
every text wraps, the card scrolls up and down (never sideways), its three columns stack
on a narrow window and the buttons wrap onto a second line. A window on the full screen
whose contents want more than the screen loses its full-screen state, and a main window
that took the view back would keep the width it had asked for.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.enums import cohort_label
from carecoord.services import huddle
from carecoord.services.base import Ctx
from carecoord.services.huddle import HuddleCard
from ui import style
from ui.huddle.agenda_preview import AgendaPreviewDialog
from ui.huddle.outcome_dialogs import OutcomeActionDialog, OutcomeTaskDialog, ReviewDateDialog
from ui.tasks import TaskRunner, message_for
from ui.team import widgets as w

BODY_POINTS = 20  # readable from the back of a meeting room at 1920×1080
NAME_POINTS = 34
HEADING_POINTS = 24
BUTTON_POINTS = 13  # the buttons are pressed, not read from across the room
CARD_LINES = 8  # the least of the card a short window shows
NARROWEST_EMS = 8  # the least width a text asks for, in lines of its own type
COLUMNS_FROM_EMS = 36  # the card's three columns side by side from this width


def _points(widget: QWidget, size: float, bold: bool = False) -> None:
    font = widget.font()
    font.setPointSizeF(size)
    font.setBold(bold)
    widget.setFont(font)


class WrappedText(QLabel):
    """Plain text that wraps, and never asks for more width than a few words.

    A word-wrapped label still asks for its longest word; a long web address or a run of
    characters without a space would then widen the whole view. Such a word is cut at the
    edge instead.
    """

    def __init__(self, text: str = "", tone: str | None = None):
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if tone is not None:
            self.setStyleSheet(w.flag_style(tone))
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), style.em(self) * NARROWEST_EMS), hint.height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        return QSize(min(hint.width(), style.em(self) * NARROWEST_EMS), hint.height())


class Columns(QWidget):
    """Panels side by side when there is room, one under another when there is not, so the
    card is read by scrolling down and never sideways."""

    def __init__(self, panels: list[tuple[QWidget, int]], parent: QWidget | None = None):
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        for panel, stretch in panels:
            self.box.addWidget(panel, stretch)

    @property
    def side_by_side(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        wide = event.size().width() >= style.em(self) * COLUMNS_FROM_EMS
        direction = (QBoxLayout.Direction.LeftToRight if wide
                     else QBoxLayout.Direction.TopToBottom)
        if self.box.direction() != direction:
            self.box.setDirection(direction)
        super().resizeEvent(event)


def _block(title: str) -> tuple[QFrame, QLabel]:
    """A titled panel holding one label of plain text."""
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    box = QVBoxLayout(frame)
    head = WrappedText(title)
    _points(head, HEADING_POINTS, bold=True)
    box.addWidget(head)
    body = WrappedText("")
    body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    body.setAccessibleName(title)
    box.addWidget(body, 1)
    return frame, body


def _due_when(d) -> str:
    """Appointments say when; reviews, actions and referrals already say it in words."""
    if d.kind == "appointment" and isinstance(d.when, dt.datetime):
        return f"{d.when:%a} {d.when.day} {d.when:%b %H:%M}: "
    if d.kind == "task" and d.when is not None:
        return f"by {d.when.day} {d.when:%b}: "
    return ""


# ---- the view -------------------------------------------------------------------------------


FULL_SCREEN = "F&ull screen"
LEAVE_FULL_SCREEN = "Leave f&ull screen"


class HuddleView(QWidget):
    """One stored huddle, one person at a time.

    `full_screen` says whether the view is out on a window of its own. It is kept here, set
    by the Huddle screen, rather than asked of the window: a window manager may drop a
    window's full-screen state (when it wants to be wider than the screen, say), and Escape
    and F11 must still bring the view back.
    """

    open_person = Signal(int, str)
    full_screen_requested = Signal(bool)
    finished = Signal()
    card_shown = Signal(int)  # position (from 0)

    def __init__(self, ctx: Ctx, runner: TaskRunner, agenda: huddle.HuddleView,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.agenda = agenda
        self.items = list(agenda.items)
        self.index = 0
        self.card: HuddleCard | None = None
        self.dialog = None
        self.printed_to: Path | None = None
        self.preview: AgendaPreviewDialog | None = None
        self.full_screen = False
        self.setObjectName("huddleView")
        _points(self, BODY_POINTS)
        self._build()
        self._keys()
        self.show_item(0)

    # ---- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        room = style.em(self) // 2  # large type: ordinary margins would waste a small screen
        outer.setContentsMargins(room, room, room, room)
        outer.setSpacing(room // 2)
        top = QHBoxLayout()
        self.position = QLabel("")
        self.position.setObjectName("huddlePosition")
        _points(self.position, HEADING_POINTS, bold=True)
        top.addWidget(self.position, 0, Qt.AlignmentFlag.AlignTop)
        self.name = WrappedText("")
        self.name.setObjectName("huddleName")
        _points(self.name, NAME_POINTS, bold=True)
        # Two lines at most, so a long name cannot take the card's room; a third is cut.
        self.name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.name.setMaximumHeight(self.name.fontMetrics().lineSpacing() * 2)
        top.addWidget(self.name, 1)
        outer.addLayout(top)
        self.previous_button = w.button("← &Previous", "Left arrow")
        self.next_button = w.button("&Next →", "Right arrow")
        self.full_button = w.button(FULL_SCREEN, "F11; Escape comes back")
        self.print_button = w.button("Print agen&da…", "See the agenda with its outcomes, "
                                     "then print it or save it as a PDF")
        self.end_button = w.button("&End huddle", "Save the notes and go back to the agenda "
                                   "builder")
        self.task_button = w.button("Add a &task…", "A task for someone in the team",
                                    edits=True)
        self.review_button = w.button("New &review date…", "Bring the review forward or put "
                                      "it back", edits=True)
        self.action_button = w.button("Add an &action…", "An action on the plan being "
                                      "written", edits=True)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.full_button.clicked.connect(self.toggle_full_screen)
        self.print_button.clicked.connect(self.print_agenda)
        self.end_button.clicked.connect(self.end)
        self.task_button.clicked.connect(lambda: self._outcome(OutcomeTaskDialog))
        self.review_button.clicked.connect(lambda: self._outcome(ReviewDateDialog))
        self.action_button.clicked.connect(lambda: self._outcome(OutcomeActionDialog))

        body = QWidget()
        card = QVBoxLayout(body)
        card.setContentsMargins(0, 0, 0, 0)
        # Why they are here, the alerts and what was decided come first, so a short window
        # shows them without scrolling.
        self.why = WrappedText("", "amber")
        _points(self.why, BODY_POINTS, bold=True)
        card.addWidget(self.why)
        self.alerts = WrappedText("", "red")
        _points(self.alerts, BODY_POINTS, bold=True)
        card.addWidget(self.alerts)
        # What this huddle decided: in the card rather than under the buttons, where a long
        # list would squeeze the card off a small screen.
        self.outcomes = WrappedText("")
        self.outcomes.setObjectName("huddleOutcomes")
        self.outcomes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card.addWidget(self.outcomes)
        self.about = WrappedText("")
        self.about.setObjectName("huddleAbout")
        card.addWidget(self.about)

        left, middle, right = QVBoxLayout(), QVBoxLayout(), QVBoxLayout()
        frame, self.matters = _block("What matters")
        left.addWidget(frame)
        frame, self.goals = _block("Goals and how they are going")
        left.addWidget(frame, 1)
        frame, self.team = _block("The team")
        middle.addWidget(frame)
        frame, self.events = _block("Recent events")
        middle.addWidget(frame, 1)
        frame, self.due = _block("What is due")
        right.addWidget(frame, 1)
        panels = []
        for layout, stretch in ((left, 5), (middle, 4), (right, 4)):
            holder = QWidget()
            holder.setLayout(layout)
            layout.setContentsMargins(0, 0, 0, 0)
            panels.append((holder, stretch))
        self.columns = Columns(panels)
        card.addWidget(self.columns, 1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("huddleCard")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(body)
        # The card comes first: however short the window, about eight lines of it show.
        self.scroll.setMinimumHeight(self.fontMetrics().lineSpacing() * CARD_LINES)
        card_row = QHBoxLayout()
        card_row.setSpacing(room // 2)
        card_row.addWidget(self.scroll, 1)
        card_row.addWidget(self._side_buttons(), 0)
        outer.addLayout(card_row, 1)

        # Small, so the card keeps the room: two lines on a short window, up to five on a
        # tall one (see resizeEvent); it scrolls inside for more.
        notes_row = QHBoxLayout()
        self.notes = w.text_box("Notes from the huddle", 2,
                                "Notes about this person, saved when you move on")
        self.notes.setMinimumHeight(self._notes_height(1))
        self.notes.setMaximumHeight(self._notes_height(2))
        notes_label = w.label_for("N&otes:", self.notes)
        notes_row.addWidget(notes_label, 0, Qt.AlignmentFlag.AlignTop)
        notes_row.addWidget(self.notes, 1)
        outer.addLayout(notes_row)
        self.problem = w.problem_label()
        outer.addWidget(self.problem)
        w.set_read_only(self, self.ctx.actor.can_change)
        self.notes.setReadOnly(not self.ctx.actor.can_change)

    def _notes_height(self, lines: int) -> int:
        """Room for that many lines of the notes (the view's type) and the box's frame."""
        return self.fontMetrics().lineSpacing() * lines + style.em(self) // 2

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        lines = max(2, min(5, event.size().height() // (8 * self.fontMetrics().lineSpacing())))
        self.notes.setMaximumHeight(self._notes_height(lines))
        super().resizeEvent(event)

    def _side_buttons(self) -> QWidget:
        """The buttons in a column beside the card, in a smaller type than the card: under it
        they took half the height of a small screen. Moving on first, then what was decided,
        then the huddle as a whole."""
        side = QWidget()
        side.setObjectName("huddleButtons")
        _points(side, BUTTON_POINTS)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)  # no taller than the card's eight lines
        for group in ((self.previous_button, self.next_button),
                      (self.task_button, self.review_button, self.action_button),
                      (self.full_button, self.print_button, self.end_button)):
            if column.count():
                column.addSpacing(style.em(side) // 3)
            for b in group:
                column.addWidget(b)
        column.addStretch(1)
        return side

    def _keys(self) -> None:
        # Shortcuts, not keyPressEvent: buttons would take the arrows for themselves. A text
        # box overrides them, so the arrows still move the cursor in the notes.
        for key, delta in ((Qt.Key.Key_Left, -1), (Qt.Key.Key_Right, 1)):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda d=delta: self.step(d))
        full = QShortcut(QKeySequence(Qt.Key.Key_F11), self)
        full.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        full.activated.connect(self.toggle_full_screen)
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        leave.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        leave.activated.connect(self._escape)

    # ---- stepping -------------------------------------------------------------------------

    @property
    def item(self) -> huddle.HuddleItemView:
        return self.items[self.index]

    def step(self, delta: int) -> None:
        target = self.index + delta
        if 0 <= target < len(self.items) and target != self.index:
            self.save_notes()
            self.show_item(target)

    def show_item(self, index: int) -> None:
        self.index = index
        item = self.items[index]
        self.position.setText(f"{index + 1} of {len(self.items)}")
        self.position.setAccessibleName(f"Person {index + 1} of {len(self.items)}")
        self.name.setText(item.name)
        self.name.setToolTip(item.name)
        self.why.setText("Why: " + item.reason)
        self.notes.setPlainText(item.notes)
        self._show_outcomes()
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.items) - 1)
        self.card = None
        self.about.setText(f"NHS {item.nhs_formatted}")
        for label in (self.matters, self.goals, self.team, self.events, self.due):
            label.setText("…")
        ctx, pid, day = self.ctx, item.person_id, self.agenda.held_on
        self.runner.run(lambda: huddle.huddle_card(ctx, pid, day),
                        lambda card, i=index: self._card_arrived(i, card), self._failed,
                        parent=self)

    def _failed(self, error: Exception) -> None:
        w.show_problem(self.problem, message_for(error))

    def _card_arrived(self, index: int, card: HuddleCard) -> None:
        if index != self.index:
            return  # stepped on while it was read
        self.card = card
        self._fill(card)
        self.card_shown.emit(index)

    def _fill(self, c: HuddleCard) -> None:
        known = f" (known as {c.preferred_name})" if c.preferred_name else ""
        self.name.setText(c.name + known)
        self.name.setToolTip(c.name + known)
        bits = [f"NHS {c.nhs_formatted}", f"aged {c.age}"]
        if c.team:
            bits.append(c.team)
        if c.priority:
            bits.append(f"{c.priority} priority")
        if c.frailty:
            bits.append(f"frailty: {c.frailty.lower()}")
        if c.cohorts:
            bits.append(", ".join(cohort_label(x) for x in c.cohorts))
        plan = f"Plan: {c.plan_status}"
        if c.review_date:
            state = {"overdue": ", review OVERDUE since ", "due_7": ", review due ",
                     "due_14": ", review due "}.get(c.review_state or "", ", review ")
            plan += state + w.long_date(c.review_date)
        self.about.setText(" · ".join(bits) + "\n" + plan)
        self.alerts.setText("Alerts: " + "; ".join(c.alerts))
        self.alerts.setVisible(bool(c.alerts))
        self.matters.setText(c.what_matters.strip() or "Not written yet.")
        lines = []
        for g in c.goals:
            rating = f", rated {g.latest_rating}/10" if g.latest_rating is not None else ""
            line = f"• {g.words}\n    {g.achievement}{rating}; {g.trend.lower()}"
            if g.off_track:
                line += "\n    OFF TRACK: " + "; ".join(g.off_track)
            lines.append(line)
        self.goals.setText("\n".join(lines) or "No goals on the plan yet.")
        self.team.setText("\n".join(
            f"• {m.name}, {m.role}" + (" (lead)" if m.is_lead else "")
            for m in c.team_members[:8]) or "No care team recorded.")
        self.events.setText("\n".join(
            f"• {e.on.day} {e.on:%b}: {e.what}"
            + (" (unplanned)" if e.unplanned and "nplanned" not in e.what else "")
            for e in c.events[:8]) or "Nothing in the last 30 days.")
        self.due.setText("\n".join(
            ("• OVERDUE: " if d.overdue else "• ") + _due_when(d) + d.text for d in c.due[:10])
            or "Nothing due in the next 14 days.")
        self.action_button.setEnabled(self.ctx.actor.can_change and c.can_add_actions
                                      and bool(c.goals))
        self.action_button.setToolTip(
            "An action on the plan being written" if c.can_add_actions else
            "The plan is agreed: it is not changed without the person. Add a task instead.")
        self.review_button.setEnabled(self.ctx.actor.can_change and c.review_date is not None)

    def _show_outcomes(self) -> None:
        outcomes = self.item.outcomes
        self.outcomes.setText("Recorded: " + "\n".join(outcomes) if outcomes else
                              "No outcomes recorded for this person yet.")

    # ---- notes and outcomes ---------------------------------------------------------------

    def save_notes(self) -> None:
        """Saved on the UI thread: small, and it must be done before the next card."""
        if not self.ctx.actor.can_change:
            return
        text = self.notes.toPlainText()
        if text.strip() == self.item.notes.strip():
            return
        try:
            self.items[self.index] = huddle.record_notes(self.ctx, self.item.id, text)
        except Exception as exc:  # noqa: BLE001 - shown, and the typed text stays
            w.show_problem(self.problem, message_for(exc))

    def _outcome(self, kind) -> None:
        if self.card is None:
            return
        self.save_notes()
        self.dialog = kind(self.ctx, self.item.id, self.card, self)
        _points(self.dialog, BODY_POINTS * 0.8)
        self.dialog.accepted.connect(self._outcome_recorded)
        self.dialog.open()

    def _outcome_recorded(self) -> None:
        outcome = self.dialog.result_value if self.dialog is not None else None
        if outcome is None:
            return
        self.items[self.index] = outcome.item
        self._show_outcomes()
        self.show_item(self.index)

    # ---- full screen, printing, ending ----------------------------------------------------

    def toggle_full_screen(self) -> None:
        self.full_screen_requested.emit(not self.full_screen)

    def _escape(self) -> None:
        if self.full_screen:
            self.full_screen_requested.emit(False)

    def print_agenda(self) -> None:
        """The agenda in the in-app preview; it is printed or saved from there."""
        self.save_notes()
        self.preview = AgendaPreviewDialog(self.ctx, self.agenda.id, self.agenda.title,
                                           self.agenda.held_on, self, self.runner)
        self.preview.saved_as.connect(self._printed)
        self.preview.printed.connect(lambda pages: self._agenda_note(
            f"Agenda sent to the printer ({w.plural(pages, 'page')})."))
        self.preview.open()

    def _printed(self, path: Path) -> None:
        self.printed_to = path
        self._agenda_note(f"Agenda saved as {path.name}.")

    def _agenda_note(self, text: str) -> None:
        w.show_problem(self.problem, None)
        self.outcomes.setText(self.outcomes.text() + "\n" + text)

    def end(self) -> None:
        self.save_notes()
        if self.full_screen:
            self.full_screen_requested.emit(False)
        self.finished.emit()

    def held_on(self) -> dt.date:
        return self.agenda.held_on
