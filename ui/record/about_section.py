"""About me and what matters to me; communication and access needs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carecoord.services import people
from carecoord.services.base import Ctx
from carecoord.services.people import PersonView
from carecoord.services.plans import PlanView
from ui.record import forms
from ui.record.autosave import Autosaver, SaveStatus
from ui.record.person_dialog import person_input
from ui.record.responsive import Columns

_TEXTS = (
    ("about_interests", "&Interests: what I enjoy and what I care about", 3),
    ("about_routines", "&Routines: how my days and weeks usually go", 3),
    ("about_daily_life", "&Daily life: how my conditions affect it", 3),
)
_LINES = (
    ("preferred_language", "&Language I prefer"),
    ("hearing_needs", "Hearing needs"),
    ("sight_needs", "&Sight needs"),
)
_CHECKS = (
    ("interpreter_needed", "Interpre&ter needed"),
    ("large_print", "Large print"),
    ("easy_read", "E&asy read"),
)


class AboutSection(QWidget):
    saved = Signal()
    go_to_plan = Signal()

    def __init__(self, ctx: Ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view: PersonView | None = None
        self.saver = Autosaver(self._save, self)
        self.saver.saved.connect(lambda _t: self.saved.emit())
        self._widgets: dict[str, QWidget] = {}

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(forms.heading("What matters to me"))
        self.what_matters = QLabel()
        self.what_matters.setWordWrap(True)
        self.what_matters.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.what_matters.setAccessibleName("What matters to me")
        self.what_matters.setObjectName("quote")
        self.what_matters.setStyleSheet("#quote { background: #fbfbf5; border-left: 4px solid "
                                        "#6b7b2c; padding: 8px 12px; font-size: 11pt; }")
        layout.addWidget(self.what_matters)
        self.plan_link = forms.button("Write it in the care plan", "Go to the care plan "
                                      "(Alt+P), where what matters is written with the person")
        self.plan_link.clicked.connect(self.go_to_plan)
        row = QHBoxLayout()
        row.addWidget(self.plan_link)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(Columns((self._about_group(), 3), (self._needs_group(), 2)))
        self.status = SaveStatus()
        self.status.follow(self.saver)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _about_group(self) -> QGroupBox:
        box = QGroupBox("About me")
        grid = QVBoxLayout(box)
        grid.addWidget(forms.hint("In the person's own words where you can: their life, "
                                  "not their diagnosis."))
        for name, label, lines in _TEXTS:
            edit = forms.text_box(label.split(":")[0].replace("&", ""), lines)
            grid.addWidget(forms.label_for(label, edit, label.split(":")[0].replace("&", "")))
            grid.addWidget(edit)
            self._widgets[name] = edit
        return box

    def _needs_group(self) -> QGroupBox:
        box = QGroupBox("Communication and taking part in decisions")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        row = 0
        for name, label in _LINES:
            edit = forms.line_edit(label.replace("&", ""))
            grid.addWidget(forms.label_for(label, edit), row, 0)
            grid.addWidget(edit, row, 1)
            self._widgets[name] = edit
            row += 1
        for name, label in _CHECKS:
            box_ = forms.check_box(label)
            grid.addWidget(box_, row, 1)
            self._widgets[name] = box_
            row += 1
        support = forms.text_box("Support needed to take part in decisions", 3,
                                 "for example: a relative present, extra time, pictures")
        grid.addWidget(forms.label_for("Support to take part in de&cisions", support,
                                       "Support needed to take part in decisions"), row, 0,
                       1, 2)
        grid.addWidget(support, row + 1, 0, 1, 2)
        self._widgets["decision_support"] = support
        return box

    def load(self, person: PersonView, plan: PlanView | None, can_change: bool) -> None:
        self.saver.flush()
        self.view = person
        for name, widget in self._widgets.items():
            value = getattr(person, name)
            widget.blockSignals(True)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
                widget.setReadOnly(not can_change)
            elif isinstance(widget, QLineEdit):
                widget.setText(value or "")
                widget.setReadOnly(not can_change)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
                widget.setEnabled(can_change)
            widget.blockSignals(False)
        if can_change and not getattr(self, "_watching", False):
            self.saver.watch(*self._widgets.values())
            self._watching = True
        self.show_what_matters(plan)

    def show_what_matters(self, plan: PlanView | None) -> None:
        words = plan.content.what_matters.strip() if plan and plan.has_content else ""
        if words:
            self.what_matters.setText(words)
            self.plan_link.setText("Change it in the care plan")
        else:
            self.what_matters.setText("Not written yet. Ask the person: what matters to you? "
                                      "Write their answer in the care plan.")
            self.plan_link.setText("Write it in the care plan")

    def _values(self) -> dict:
        out = {}
        for name, widget in self._widgets.items():
            if isinstance(widget, QPlainTextEdit):
                out[name] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                out[name] = widget.text()
            else:
                out[name] = widget.isChecked()
        return out

    def _save(self) -> None:
        if self.view is None:
            return
        self.view = people.update_person(self.ctx, self.view.id,
                                         person_input(self.view, **self._values()),
                                         expected_version=self.view.version_id)

    def flush(self) -> bool:
        return self.saver.flush()
