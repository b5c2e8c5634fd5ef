"""One action under a goal: what will be done, by whom, and when."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from carecoord.domain.enums import ActionSide, ActionStatus, OwnerKind
from carecoord.domain.errors import CareCoordError
from carecoord.services import goals
from carecoord.services.base import Ctx
from carecoord.services.goals import ActionInput, ActionView
from carecoord.services.people import PersonView
from carecoord.services.team import MemberView
from ui.record import forms
from ui.record.autosave import Autosaver
from ui.record.flow import FlowLayout


def owner_choices(side: ActionSide, person: PersonView,
                  team: list[MemberView]) -> list[tuple[str, tuple]]:
    """(label, (kind, name, professional id)); an empty name means 'type the name'."""
    if side == ActionSide.PERSON:
        return [(f"{person.full_name} (the person)", (OwnerKind.PERSON, person.full_name,
                                                      None)),
                ("A carer (type their name)", (OwnerKind.CARER, "", None))]
    out = []
    for m in team:
        lead = ", lead professional" if m.is_lead else ""
        out.append((f"{m.professional.name} ({m.professional.role}{lead})",
                    (OwnerKind.TEAM_MEMBER, m.professional.name, m.professional.id)))
    out.append(("Someone else in the team (type their name)",
                (OwnerKind.TEAM_MEMBER, "", None)))
    return out


class ActionRow(forms.Panel):
    move_requested = Signal(object, int)
    remove_requested = Signal(object)
    status_saved = Signal(str)

    def __init__(self, ctx: Ctx, card, side: ActionSide, action: ActionView | None, mode: str,
                 person: PersonView, team: list[MemberView], parent: QWidget | None = None):
        super().__init__("#f4f7fa", "#d5dde5", "#7d97b0", 3, parent)
        self.ctx, self.card, self.side, self.action, self.mode = ctx, card, side, action, mode
        self.setObjectName("actionRow")
        self.saver = Autosaver(self._save, self)
        self.saver.failed.connect(lambda m: forms.show_problem(self.problem,
                                                               f"Not saved yet: {m}"))
        self.tools: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(3)
        if mode == "draft":
            self._build_edit(layout, person, team)
        else:
            self._build_summary(layout)
        self.problem = forms.error_label()
        layout.addWidget(self.problem)

    def _build_edit(self, layout: QVBoxLayout, person: PersonView,
                    team: list[MemberView]) -> None:
        a = self.action
        who_word = "the person" if self.side == ActionSide.PERSON else "the team"
        self.description = forms.line_edit(
            f"What {who_word} will do", "What will be done? For example: walk to the post "
            "box each morning" if self.side == ActionSide.PERSON else
            "What will be done? For example: review my water tablets",
            a.description if a else "")
        top = QHBoxLayout()
        top.addWidget(forms.label_for("What:", self.description, f"What {who_word} will do"))
        top.addWidget(self.description, 1)
        layout.addLayout(top)
        # Who, name, when and the tools are kept together in groups that wrap as a whole,
        # so a narrow window (150% on a laptop) puts them on two lines, not off the edge.
        line = FlowLayout(spacing=8, line_spacing=3)
        self.owner = QComboBox()
        self.owner.setAccessibleName("Who will do it")
        self.owner.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._choices = owner_choices(self.side, person, team)
        for label, data in self._choices:
            self.owner.addItem(label, data)
        self.owner_name = forms.line_edit("Their name", "their name")
        self.owner_name_label = forms.label_for("Name:", self.owner_name, "Their name")
        self.owner_name.setMinimumWidth(140)
        self.due_from = forms.date_edit("Due from", a.due.start if a else None, "from")
        self.due_to = forms.date_edit("Due by", a.due.end if a else None, "by")
        line.addWidget(forms.together(forms.label_for("Who:", self.owner, "Who will do it"),
                              self.owner))
        self.owner_name_group = forms.together(self.owner_name_label, self.owner_name)
        line.addWidget(self.owner_name_group)
        by = QLabel("by")
        by.setBuddy(self.due_to)
        line.addWidget(forms.together(forms.label_for("When:", self.due_from, "Due from"),
                              self.due_from, by, self.due_to))
        for text, tip, slot in (
            ("Up", "Move this action up (Alt+Up)", lambda: self.move_requested.emit(self, -1)),
            ("Down", "Move this action down (Alt+Down)",
             lambda: self.move_requested.emit(self, 1)),
            ("Remove", "Remove this action", lambda: self.remove_requested.emit(self)),
        ):
            b = forms.button(text, tip, f"{tip.split(' (')[0]}", edits=True)
            b.clicked.connect(slot)
            self.tools.append(b)
        line.addWidget(forms.together(*self.tools))
        layout.addLayout(line)
        # Only once the fields have a parent: showing a parentless one opens a window.
        self._select_owner(a)
        self.owner.currentIndexChanged.connect(self._owner_changed)
        self.saver.watch(self.description, self.owner, self.owner_name, self.due_from,
                         self.due_to)

    def _select_owner(self, a: ActionView | None) -> None:
        index, typed = 0, ""
        if a is not None:
            exact = [i for i, (_label, (kind, _name, pro_id)) in enumerate(self._choices)
                     if kind == a.owner_kind and (kind == OwnerKind.PERSON or (
                         pro_id is not None and pro_id == a.owner_professional_id))]
            if exact:
                index = exact[0]
            else:
                # A carer, or a team member typed by name: the "type their name" choice.
                typed_choices = [i for i, (_label, (kind, name, _p)) in enumerate(self._choices)
                                 if kind == a.owner_kind and not name]
                index = typed_choices[0] if typed_choices else 0
                typed = a.owner_name
        self.owner.setCurrentIndex(index)
        self.owner_name.setText(typed)
        self._owner_changed(index)

    def _owner_changed(self, _index: int) -> None:
        kind, name, _pro = self.owner.currentData()
        self.owner_name.setVisible(not name)
        self.owner_name_label.setVisible(not name)
        self.owner_name_group.setVisible(not name)
        self.owner_name.setPlaceholderText("the carer's name" if kind == OwnerKind.CARER
                                           else "their name")

    def _build_summary(self, layout: QVBoxLayout) -> None:
        a = self.action
        line = QHBoxLayout()
        text = QLabel(f"<b>{_esc(a.description)}</b><br><span>{_esc(a.owner_name)}, "
                      f"{a.due.describe()}</span>")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        text.setAccessibleName(f"Action: {a.description}, {a.owner_name}, {a.due.describe()}")
        line.addWidget(text, 1)
        if self.mode == "progress":
            self.status = forms.enum_combo(ActionStatus, a.status, "Action progress")
            self.status.activated.connect(self._status_changed)
            line.addWidget(forms.label_for("Progress:", self.status, "Action progress"))
            line.addWidget(self.status)
            self.tools.append(self.status)
        else:
            line.addWidget(QLabel(f"Progress: <b>{a.status.label}</b>"))
        self.done = forms.hint("")
        self._show_done()
        line.addWidget(self.done)
        layout.addLayout(line)

    def _show_done(self) -> None:
        a = self.action
        self.done.setText(f"done on {forms.long_date(a.completed_on)}"
                          if a.status == ActionStatus.DONE and a.completed_on else "")

    def focus_widgets(self) -> list[QWidget]:
        if self.mode == "draft":
            return [self.description, self.owner, self.owner_name, self.due_from,
                    self.due_to, *self.tools]
        return list(self.tools)

    def _input(self) -> ActionInput:
        kind, name, pro_id = self.owner.currentData()
        return ActionInput(self.description.text(), self.side, kind,
                           name or self.owner_name.text(), self.due_from.text(),
                           self.due_to.text(), pro_id)

    def _save(self) -> None:
        if self.action is None:
            if not self.description.text().strip():
                return  # nothing typed yet
            self.action = goals.add_action(self.ctx, self.card.goal_id, self._input())
        else:
            self.action = goals.update_action(self.ctx, self.action.id, self._input())
        forms.show_problem(self.problem, None)

    def flush(self) -> bool:
        return self.saver.flush()

    def _status_changed(self, *_args) -> None:
        try:
            self.action = goals.set_action_status(self.ctx, self.action.id,
                                                  forms.combo_value(self.status, ActionStatus))
        except CareCoordError as exc:
            forms.show_problem(self.problem, str(exc))
            return
        forms.show_problem(self.problem, None)
        self._show_done()
        self.status_saved.emit("Progress saved")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
