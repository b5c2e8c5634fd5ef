"""My tasks: the open tasks I own across everyone I see, by due date."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from carecoord.services import tasks
from carecoord.services.base import Ctx
from carecoord.services.tasks import TaskView
from ui.tasks_ui.tasks_section import TaskList, source_words
from ui.team import widgets as w


class MyTasks(TaskList):
    open_person = Signal(int)
    columns = ("Person", "Task", "Due", "Came from")
    is_page = True

    def __init__(self, ctx: Ctx, parent: QWidget | None = None):
        super().__init__(ctx, "My tasks", parent)
        self.open_button = w.button("&Open the person's record", "Open the record of the "
                                    "person the selected task is for (Alt+O, or Enter)")
        self.actions.insertWidget(0, self.open_button)
        self.open_button.clicked.connect(self._open_person)
        self.table.activated.connect(lambda _i: self._open_person())
        self.enter_hint = w.hint("Press Enter on a task to open the person's record.")
        self.layout_.addWidget(self.enter_hint)
        w.set_read_only(self, self.can_change)
        self.refresh()

    def rows_changed(self, has_rows: bool) -> None:
        if hasattr(self, "open_button"):  # not yet built during the first refresh
            self.open_button.setEnabled(has_rows)
            self.enter_hint.setVisible(has_rows)

    def load(self) -> list[TaskView]:
        if self.ctx.actor.professional_id is None:
            self.empty.setText("Your user is not linked to a professional in the directory, "
                               "so no tasks can be yours. Ask an administrator to link it.")
            return []
        self.empty.setText("You have no open tasks. Tasks you own appear here, including "
                           "the follow-up after a hospital discharge for people you lead.")
        return tasks.my_tasks(self.ctx)

    def cells(self, t: TaskView, due: str) -> tuple[str, ...]:
        return (t.person_name or "No one in particular", t.description, due, source_words(t))

    def _open_person(self) -> None:
        t = self.selected()
        if t is None or t.person_id is None:
            w.show_problem(self.problem, "Choose a task for a person in the list first.")
            return
        self.open_person.emit(t.person_id)
