"""Add, complete and cancel a task. Nothing is deleted: a cancelled task keeps its reason."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QWidget

from carecoord.domain.enums import TaskStatus
from carecoord.services import tasks, team
from carecoord.services.base import Ctx
from carecoord.services.tasks import TaskView
from ui.team import widgets as w

CANCEL_REASONS = ("No longer needed", "Done by someone else", "The person declined",
                  "Recorded in error")


def due_words(t: TaskView, today: dt.date) -> tuple[str, str | None]:
    """When it is due, in words, with an 'overdue' or 'due today' mark and its colour."""
    due = t.due.describe()
    if not t.is_open:
        return due[:1].upper() + due[1:], None
    if t.overdue(today):
        days = (today - t.due.end).days
        return f"Overdue by {w.plural(days, 'day')} (due {due})", "red"
    if t.due.end == today:
        return f"Due today (due {due})", "amber"
    return due[:1].upper() + due[1:], None


def status_words(t: TaskView) -> str:
    """The status, with the note it was done with or the reason it was cancelled below."""
    if t.status == TaskStatus.DONE:
        text = f"Done on {w.long_date(t.completed_on)}" if t.completed_on else "Done"
    else:
        text = t.status.label
    if t.closed_note:
        kind = "Reason" if t.status == TaskStatus.CANCELLED else "Note"
        text += f"\n{kind}: {t.closed_note}"
    return text


class AddTaskDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, person_id: int, who: str, parent: QWidget | None = None):
        super().__init__("Add a task", f"Something a professional needs to do for {who}, "
                         "with who does it and when it is due.", "&Save task", parent)
        self.ctx, self.person_id = ctx, person_id
        self.description = self.row("&Task", w.line_edit(
            "Task", "for example Ring the pharmacy about the blister pack"), "description")
        self.owner = self.row("&Who does it", self._owners(), "owner")
        self.due_from = self.row("Due &from", w.date_edit("Due from"), "due_from")
        self.due_from.setPlaceholderText("optional")
        self.due_to = self.row("Due &by", w.date_edit("Due by", ctx.today() +
                                                     dt.timedelta(days=7)), "due_to")
        self.description.setFocus()

    def _owners(self) -> QComboBox:
        combo = w.combo("Who does it")
        me = self.ctx.actor.professional_id
        if me is not None:
            combo.addItem(f"{team.get_professional(self.ctx, me).label} (you)", me)
        for m in team.team_for(self.ctx, self.person_id):
            if m.professional.id != me:
                combo.addItem(m.professional.label, m.professional.id)
        return combo

    def perform(self) -> TaskView:
        return tasks.create_task(self.ctx, self.owner.currentData(), self.description.text(),
                                 self.due_from.text() or None, self.due_to.text() or None,
                                 self.person_id)


class CompleteTaskDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, task: TaskView, parent: QWidget | None = None):
        super().__init__("Mark the task as done", _about(task), "Mark as &done", parent)
        self.ctx, self.task = ctx, task
        self.on = self.row("Done &on", w.date_edit("Done on", ctx.today()), "completed_on")
        self.note = self.row("&Note", w.line_edit("Note", "optional"), "note")
        self.on.setFocus()
        self.on.selectAll()

    def perform(self) -> TaskView:
        return tasks.complete_task(self.ctx, self.task.id, self.on.text(), self.note.text())


class CancelTaskDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, task: TaskView, parent: QWidget | None = None):
        super().__init__("Cancel the task", _about(task) + " It stays in the record with "
                         "your reason.", "Cancel the &task", parent)
        self.ctx, self.task = ctx, task
        self.cancel.setText("Keep it")
        self.reason = self.row("&Reason", w.suggestion_combo("Reason", CANCEL_REASONS),
                               "reason")
        self.reason.setFocus()

    def perform(self) -> TaskView:
        return tasks.cancel_task(self.ctx, self.task.id, self.reason.currentText())


def _about(t: TaskView) -> str:
    who = f" for {t.person_name}" if t.person_name else ""
    return f"“{t.description}”{who}, due {t.due.describe()}."
