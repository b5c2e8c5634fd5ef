"""Tasks on a person's record: open ones first, soonest due first; finished ones on request."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from carecoord.domain.enums import TaskSource
from carecoord.services import tasks
from carecoord.services.base import Ctx
from carecoord.services.tasks import TaskView
from ui import style
from ui.tasks_ui.task_dialogs import (
    AddTaskDialog,
    CancelTaskDialog,
    CompleteTaskDialog,
    due_words,
    status_words,
)
from ui.team import widgets as w


class TaskList(QWidget):
    """What the person's tasks and 'my tasks' share: a list, done and cancel."""

    changed = Signal()
    columns: tuple[str, ...] = ()

    def __init__(self, ctx: Ctx, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.can_change = ctx.actor.can_change
        self.tasks: list[TaskView] = []
        self.dialog = None
        self.layout_ = QVBoxLayout(self)
        style.page_margins(self.layout_, self)
        self.layout_.addWidget(w.heading(title, 1 if self.is_page else 2))
        self.summary = w.note("")
        self.layout_.addWidget(self.summary)
        self.actions = QHBoxLayout()
        self.done_button = w.button("Mark &done…", "The selected task is done (Alt+D)",
                                    edits=True)
        self.cancel_button = w.button("Cancel tas&k…", "The selected task is no longer "
                                      "needed; it is kept with your reason (Alt+K)", edits=True)
        self.actions.addWidget(self.done_button)
        self.actions.addWidget(self.cancel_button)
        self.actions.addStretch(1)
        self.layout_.addLayout(self.actions)
        self.problem = w.problem_label()
        self.layout_.addWidget(self.problem)
        self.table = w.table(title, self.columns, fit_rows=None if self.is_page else 12)
        self.layout_.addWidget(self.table, 1 if self.is_page else 0)
        self.empty = w.note("")
        self.layout_.addWidget(self.empty)
        self.layout_.addStretch(0 if self.is_page else 1)  # holds the space when empty
        self.done_button.clicked.connect(self.complete)
        self.cancel_button.clicked.connect(self.cancel_task)

    is_page = False

    def load(self) -> list[TaskView]:
        raise NotImplementedError

    def rows_changed(self, has_rows: bool) -> None:
        """Room for a subclass to show or hide what only makes sense with rows."""

    def cells(self, t: TaskView, due: str) -> tuple[str, ...]:
        raise NotImplementedError

    def data_for(self, t: TaskView):
        return t.id

    def refresh(self) -> None:
        keep = self.selected()
        today = self.ctx.today()
        self.tasks = self.load()
        table = self.table
        table.setRowCount(len(self.tasks))
        for row, t in enumerate(self.tasks):
            due, tone = due_words(t, today)
            due_col = self.columns.index("Due")
            w.fill_row(table, row, self.cells(t, due), data=t.id,
                       tones={due_col: tone} if tone else None, muted=not t.is_open)
        w.fit_columns(table, widest=24)
        table.setVisible(bool(self.tasks))
        self.empty.setVisible(not self.tasks)
        self.summary.setVisible(bool(self.tasks))
        w.enable_for_rows(self.can_change, any(t.is_open for t in self.tasks),
                          self.done_button, self.cancel_button)
        self.rows_changed(bool(self.tasks))
        if not (keep is not None and w.select_data(table, keep.id)) and self.tasks:
            table.selectRow(0)
        open_ = [t for t in self.tasks if t.is_open]
        overdue = sum(t.overdue(today) for t in open_)
        self.summary.setText(f"{w.plural(len(open_), 'open task')}"
                             + (f", {overdue} overdue." if overdue else "."))

    def selected(self) -> TaskView | None:
        ident = w.selected_data(self.table)
        return next((t for t in self.tasks if t.id == ident), None)

    def _chosen_open(self) -> TaskView | None:
        t = self.selected()
        if t is None:
            w.show_problem(self.problem, "Choose a task in the list first, using the arrow "
                                         "keys.")
            self.table.setFocus()
            return None
        if not t.is_open:
            w.show_problem(self.problem, f"This task is already {t.status.label.lower()}.")
            return None
        return t

    def _open(self, dialog) -> None:
        w.show_problem(self.problem, None)
        self.dialog = dialog
        dialog.accepted.connect(self._saved)
        dialog.open()

    def _saved(self) -> None:
        self.refresh()
        self.changed.emit()
        self.table.setFocus()

    def complete(self) -> None:
        t = self._chosen_open()
        if t is not None:
            self._open(CompleteTaskDialog(self.ctx, t, self))

    def cancel_task(self) -> None:
        t = self._chosen_open()
        if t is not None:
            self._open(CancelTaskDialog(self.ctx, t, self))


def source_words(t: TaskView) -> str:
    return "" if t.source == TaskSource.MANUAL else t.source.label


class TasksSection(TaskList):
    columns = ("Task", "Due", "Who does it", "Status", "Came from")

    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(ctx, "Tasks", parent)
        self.person_id = person_id
        self.who = person_name or "this person"
        self.add_button = w.button("&Add a task…", "Add a task for a professional (Alt+A)",
                                   edits=True)
        self.actions.insertWidget(0, self.add_button)
        self.show_finished = w.check_box("Show &finished tasks")
        self.actions.addWidget(self.show_finished)
        self.add_button.clicked.connect(self.add_task)
        self.show_finished.toggled.connect(lambda _on: self.refresh())
        w.set_read_only(self, self.can_change)
        self.refresh()

    def load(self) -> list[TaskView]:
        found = tasks.for_person(self.ctx, self.person_id,
                                 include_closed=self.show_finished.isChecked())
        self.empty.setText(f"No open tasks for {self.who}. Press Alt+A to add one."
                           if not self.show_finished.isChecked()
                           else f"No tasks recorded for {self.who}. Press Alt+A to add one.")
        return found

    def cells(self, t: TaskView, due: str) -> tuple[str, ...]:
        return (t.description, due, t.owner_name or "", status_words(t), source_words(t))

    def add_task(self) -> None:
        self._open(AddTaskDialog(self.ctx, self.person_id, self.who, self))
