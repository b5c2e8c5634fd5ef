"""What the care plan section shows before a plan is written: offer, decline or start."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from carecoord.domain.enums import PlanStatus
from carecoord.services.people import PersonView
from carecoord.services.plans import PlanView
from ui.record import forms
from ui.record.flow import FlowLayout


class NoPlanPanel(QWidget):
    start = Signal()
    offer = Signal()
    decline = Signal()

    def __init__(self, person: PersonView, plan: PlanView | None, can_change: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        name = person.preferred_name or person.given_name
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        box = QFrame()
        box.setObjectName("noPlan")
        box.setStyleSheet("#noPlan { background: #ffffff; border: 1px solid #c9d0d6; "
                          "border-radius: 6px; }")
        box.setMaximumWidth(860)
        # Stretches, not alignment flags: an aligned box ignores its wrapped text's height.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 20)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        if plan is None:
            title = "No care plan yet"
            text = (f"Offer {name} a personalised care and support plan. If they would like "
                    "one, start writing it together now: what matters to them first, then "
                    "their goals. If they say no, record that they declined.")
        elif plan.status == PlanStatus.OFFERED:
            title = "A plan has been offered"
            text = (f"A plan was offered to {name} on {forms.long_date(plan.offered_on)} "
                    "but has not been written yet.")
        else:
            title = "The plan was declined"
            note = f" Note: “{plan.declined_note}”" if plan.declined_note else ""
            text = (f"{name} declined a plan on {forms.long_date(plan.declined_on)}.{note} "
                    "You can offer one again at any time.")
        layout.addWidget(forms.heading(title, 1.4))
        layout.addWidget(forms.hint(text))
        self.buttons: dict[str, QWidget] = {}
        if can_change:
            row = FlowLayout(spacing=8)  # the buttons wrap in a narrow window
            start = forms.button("&Start writing a plan", "Begin a draft plan with the person "
                                 "now (Alt+S)", edits=True)
            start.clicked.connect(self.start)
            start.setStyleSheet(forms.PRIMARY)
            row.addWidget(start)
            self.buttons["start"] = start
            if plan is None or plan.status == PlanStatus.DECLINED:
                offer = forms.button("Record plan &offered…", "Record the date a plan was "
                                     "offered (Alt+O)", edits=True)
                offer.clicked.connect(self.offer)
                row.addWidget(offer)
                self.buttons["offer"] = offer
            if plan is None or plan.status == PlanStatus.OFFERED:
                decline = forms.button("Record &declined…", "Record that the person does not "
                                       "want a plan for now (Alt+D)", edits=True)
                decline.clicked.connect(self.decline)
                row.addWidget(decline)
                self.buttons["decline"] = decline
            layout.addLayout(row)
            start.setFocus()
        else:
            layout.addWidget(forms.hint("Your role can read records but not change them."))
        self.setFocusProxy(self.buttons.get("start"))
