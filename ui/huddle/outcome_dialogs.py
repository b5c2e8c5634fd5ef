"""What a huddle decides about a person: a task, a new review date, an action on a draft plan.

Each dialog opens with the cursor in its first field, ready to type, like every other form in
the app. The buttons were made before the fields (FormDialog builds them first), so without
this the OK button came first in the tab order and took the focus: typed letters went nowhere
and a Space pressed OK mid-sentence. The fields come first in the tab order too, and an empty
required field is refused by the service with the cursor put back in it, so neither Space nor
Enter can save an empty or half-typed entry.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from carecoord.domain.enums import ActionSide, OwnerKind
from carecoord.services import huddle
from carecoord.services.base import Ctx
from carecoord.services.goals import ActionInput
from carecoord.services.huddle import HuddleCard
from ui.team import widgets as w


class OutcomeDialog(w.FormDialog):
    """A huddle outcome form: the first field has the keyboard whenever the dialog opens."""

    _focused_once = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        # Once, when it opens: shown again after being minimised, what was typed stays put.
        if self._focused_once or event.spontaneous():
            return
        self._focused_once = True
        self._fields_first()
        first = self.first_field()
        if first is not None:
            first.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
            if isinstance(first, QLineEdit):
                first.selectAll()

    def _fields_first(self) -> None:
        """Tab goes through the fields in order, then to the buttons."""
        chain: list[QWidget] = [*self.fields.values(), self.ok, self.cancel]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)


class OutcomeTaskDialog(OutcomeDialog):
    def __init__(self, ctx: Ctx, item_id: int, card: HuddleCard, parent=None):
        super().__init__("Add a task", f"A task agreed at the huddle about {card.name}. It "
                         "goes on their task list and the owner's Today list.", "&Add the task",
                         parent)
        self.ctx, self.item_id = ctx, item_id
        self.description = self.row("&Task:", w.line_edit("Task"), "description")
        self.owner = self.row("&Owner:", w.combo(), "owner")
        me = ctx.actor.professional_id
        seen = set()
        for m in card.team_members:
            self.owner.addItem(f"{m.name} ({m.role})" + (", lead" if m.is_lead else ""),
                               m.professional_id)
            seen.add(m.professional_id)
        if me is not None and me not in seen:
            self.owner.addItem(f"Me ({ctx.actor.full_name})", me)
        if me is not None:
            self.owner.setCurrentIndex(max(0, self.owner.findData(me)))
        self.due = self.row("&Due by:", w.date_edit("Due by"), "due_to")

    def perform(self):
        return huddle.outcome_task(self.ctx, self.item_id, self.description.text(),
                                   self.owner.currentData(), None, self.due.text() or None)


class ReviewDateDialog(OutcomeDialog):
    def __init__(self, ctx: Ctx, item_id: int, card: HuddleCard, parent=None):
        now = (f" It is now {w.long_date(card.review_date)}." if card.review_date else "")
        super().__init__("New review date", f"Bring {card.name}'s review forward, or put it "
                         f"back.{now}", "&Set the date", parent)
        self.ctx, self.item_id = ctx, item_id
        self.day = self.row("&Review date:", w.date_edit("New review date"), "review_date")

    def perform(self):
        return huddle.outcome_review_date(self.ctx, self.item_id, self.day.text())


class OutcomeActionDialog(OutcomeDialog):
    """The action's words come first, so what is typed at once is the action itself; the
    goal it belongs to is chosen after."""

    def __init__(self, ctx: Ctx, item_id: int, card: HuddleCard, parent=None):
        super().__init__("Add an action", f"An action on {card.name}'s plan being written. "
                         "An agreed plan is not changed without the person: record a task "
                         "instead.", "&Add the action", parent)
        self.ctx, self.item_id = ctx, item_id
        self.description = self.row("A&ction:", w.line_edit("Action"), "description")
        self.goal = self.row("For the &goal:", w.combo("Goal"), "goal")
        for g in card.goals:
            self.goal.addItem(g.words, g.goal_id)
        self.owner = self.row("&Owner:", w.combo("Owner"), "owner_name")
        for m in card.team_members:
            self.owner.addItem(m.name, m.professional_id)
        self.due = self.row("&Due by:", w.date_edit("Due by"), "due_to")

    def perform(self):
        data = ActionInput(self.description.text(), ActionSide.TEAM, OwnerKind.TEAM_MEMBER,
                           self.owner.currentText(), None, self.due.text() or None,
                           self.owner.currentData())
        return huddle.outcome_action(self.ctx, self.item_id, self.goal.currentData(), data)
