"""Planning ahead and 'what to do if…': part of the plan, so editable only on a draft."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carecoord.services.plans import PlanView
from ui.record import forms
from ui.record.autosave import SaveStatus
from ui.record.plan_draft import PlanDraft

_TRAFFIC = (
    ("if_green", "Green: &I am well", "What I do to stay well, day to day",
     forms.GREEN_BG, forms.GREEN_FG),
    ("if_amber", "&Amber: I am getting worse", "The signs to look out for, and what to do "
     "and who to call", forms.AMBER_BG, forms.AMBER_FG),
    ("if_red", "&Red: it is an emergency", "What to do straight away; when to call 999",
     forms.RED_BG, forms.RED_FG),
)
_CALLS = (
    ("in_hours_contact", "In wor&king hours, call", "name, role and number"),
    ("out_of_hours_contact", "&Out of hours, call", "evenings, nights and weekends"),
    ("crisis_numbers", "&Crisis numbers", "for example NHS 111, mental health crisis line"),
)
_DOCUMENTS = (
    ("respect_form", "A Re&SPECT form exists", "respect_form_location", "ReSPECT form"),
    ("advance_care_plan", "An a&dvance care plan exists", "advance_care_plan_location",
     "advance care plan"),
    ("lasting_power_of_attorney", "A lasting power of a&ttorney exists",
     "lasting_power_of_attorney_location", "lasting power of attorney"),
)


class PlanningSection(QWidget):
    go_to_plan = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.fields: dict[str, QWidget] = {}

    def load(self, plan: PlanView | None, draft: PlanDraft | None) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        self.fields = {}
        if plan is None or not plan.has_content:
            layout.addWidget(forms.heading("Planning ahead and what to do if…"))
            layout.addWidget(forms.hint(
                "There is no plan being written yet. This section is part of the care plan: "
                "start writing the plan in the Care plan section (Alt+P), then come back here."))
            go = forms.button("Go to the care plan", "Go to the care plan (Alt+P)")
            go.clicked.connect(self.go_to_plan)
            layout.addWidget(go, 0, Qt.AlignLeft)
            layout.addStretch(1)
            self.scroll.setWidget(body)
            return
        editable = draft is not None
        if editable:
            layout.addWidget(forms.hint(
                f"Part of the draft plan, version {plan.number}. Write it with the person, in "
                "their words; it saves as you type."))
        else:
            note = (f"This is version {plan.number} of the plan, {plan.status.label.lower()}, "
                    "so it cannot be changed here. To change it, start a review in the Care "
                    "plan section (Alt+P).")
            layout.addWidget(forms.chip(note, forms.BLUE_BG, forms.BLUE_FG))
            layout.itemAt(0).widget().setWordWrap(True)
        layout.addWidget(self._traffic_group(plan))
        layout.addWidget(self._calls_group(plan))
        layout.addWidget(self._ahead_group(plan))
        self.status = SaveStatus()
        if editable:
            self.status.follow(draft.saver)
            layout.addWidget(self.status)
            for name, widget in self.fields.items():
                draft.register(name, widget)
        else:
            for widget in self.fields.values():
                if isinstance(widget, QPlainTextEdit):
                    widget.setReadOnly(True)
                else:
                    widget.setEnabled(False)
        layout.addStretch(1)
        self.scroll.setWidget(body)

    def _text(self, name: str, label: str, value: str, lines: int, placeholder: str = ""):
        box = forms.text_box(label.replace("&", ""), lines, placeholder, value)
        self.fields[name] = box
        return box

    def _traffic_group(self, plan: PlanView) -> QGroupBox:
        group = QGroupBox("What to do if…")
        layout = QVBoxLayout(group)
        for name, label, placeholder, bg, fg in _TRAFFIC:
            row = QHBoxLayout()
            tag = QLabel(label)
            tag.setWordWrap(True)
            tag.setFixedWidth(190)
            tag.setStyleSheet(f"background: {bg}; color: {fg}; border-left: 6px solid {fg}; "
                              "padding: 6px; font-weight: 700;")
            box = self._text(name, label, getattr(plan.content, name), 3, placeholder)
            tag.setBuddy(box)
            row.addWidget(tag, 0, Qt.AlignTop)
            row.addWidget(box, 1)
            layout.addLayout(row)
        return group

    def _calls_group(self, plan: PlanView) -> QGroupBox:
        group = QGroupBox("Who to call")
        grid = QGridLayout(group)
        grid.setColumnStretch(1, 1)
        for row, (name, label, placeholder) in enumerate(_CALLS):
            box = self._text(name, label, getattr(plan.content, name), 2, placeholder)
            grid.addWidget(forms.label_for(label, box), row, 0, Qt.AlignTop)
            grid.addWidget(box, row, 1)
        return group

    def _ahead_group(self, plan: PlanView) -> QGroupBox:
        group = QGroupBox("Planning ahead")
        grid = QGridLayout(group)
        grid.setColumnStretch(1, 1)
        place = self._text("preferred_place_of_care", "Where I would like to be cared for",
                           plan.content.preferred_place_of_care, 2,
                           "for example at home, with my family around me")
        grid.addWidget(forms.label_for("Preferred p&lace of care", place,
                                       "Where I would like to be cared for"), 0, 0, Qt.AlignTop)
        grid.addWidget(place, 0, 1)
        grid.addWidget(forms.hint("Record that a document exists and where it is kept; the "
                                  "document itself stays where it is."), 1, 0, 1, 2)
        for i, (flag, label, where, noun) in enumerate(_DOCUMENTS, start=2):
            check = forms.check_box(label, getattr(plan.content, flag))
            location = forms.line_edit(f"Where the {noun} is kept",
                                       "where it is kept, for example in the blue folder "
                                       "by the phone", getattr(plan.content, where))
            location.setEnabled(check.isChecked())
            check.toggled.connect(location.setEnabled)
            self.fields[flag] = check
            self.fields[where] = location
            kept = QHBoxLayout()
            kept.addWidget(forms.label_for("kept:", location, f"Where the {noun} is kept"))
            kept.addWidget(location, 1)
            grid.addWidget(check, i, 0)
            grid.addLayout(kept, i, 1)
        return group
