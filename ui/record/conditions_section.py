"""Long-term conditions: one plan covers them all. Removing one keeps it, with a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.enums import ConditionStatus
from carecoord.domain.errors import CareCoordError, ValidationError
from carecoord.services import people
from carecoord.services.base import Ctx
from carecoord.services.people import ConditionView, PersonView
from ui.record import forms
from ui.record.responsive import Columns


class ConditionsSection(QWidget):
    saved = Signal()

    def __init__(self, ctx: Ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.person: PersonView | None = None
        self.conditions: list[ConditionView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(forms.heading("Long-term conditions"))
        layout.addWidget(forms.hint("One care plan covers all of the person's conditions."))

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Condition", "SNOMED CT code", "Since",
                                              "Status"])
        self.table.setAccessibleName("Conditions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.empty = forms.hint("No conditions recorded yet. Add the first one below: its name, "
                                "and if you know them, its SNOMED CT code and when it began.")
        layout.addWidget(self.empty)

        self.add_box = self._add_group()
        self.remove_box = self._remove_group()
        layout.addWidget(Columns((self.add_box, 3), (self.remove_box, 2)))

    def _add_group(self) -> QGroupBox:
        box = QGroupBox("Add a condition")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.name = forms.line_edit("Condition", "for example Heart failure")
        self.code = forms.line_edit("SNOMED CT code", "optional, 6 to 18 digits")
        self.onset = forms.date_edit("Since (onset date)", placeholder="31/12/2020")
        self.status = forms.enum_combo(ConditionStatus, ConditionStatus.ACTIVE, "Status")
        grid.addWidget(forms.label_for("Condi&tion", self.name), 0, 0)
        grid.addWidget(self.name, 0, 1, 1, 3)
        grid.addWidget(forms.label_for("SNOMED CT &code", self.code), 1, 0)
        grid.addWidget(self.code, 1, 1)
        grid.addWidget(forms.label_for("&Since", self.onset, "Since (onset date)"), 1, 2)
        grid.addWidget(self.onset, 1, 3)
        grid.addWidget(forms.label_for("Stat&us", self.status), 2, 0)
        grid.addWidget(self.status, 2, 1)
        self.add_button = forms.button("Add con&dition", "Add this condition (Alt+D)",
                                       edits=True)
        self.add_button.clicked.connect(self.add)
        self.name.returnPressed.connect(self.add)
        grid.addWidget(self.add_button, 2, 3)
        self.add_problem = forms.error_label()
        grid.addWidget(self.add_problem, 3, 0, 1, 4)
        return box

    def _remove_group(self) -> QGroupBox:
        box = QGroupBox("Remove the selected condition")
        grid = QVBoxLayout(box)
        grid.addWidget(forms.hint("It stays in the history with your reason."))
        self.reason = forms.line_edit("Reason for removing", "for example Recorded in error")
        grid.addWidget(forms.label_for("&Reason", self.reason, "Reason for removing"))
        grid.addWidget(self.reason)
        self.remove_button = forms.button("Remo&ve selected", "Remove the selected condition, "
                                          "keeping it in the history (Alt+V)", edits=True)
        self.remove_button.clicked.connect(self.remove)
        grid.addWidget(self.remove_button, 0, Qt.AlignLeft)
        self.remove_problem = forms.error_label()
        grid.addWidget(self.remove_problem)
        return box

    def load(self, person: PersonView, can_change: bool) -> None:
        self.person = person
        self.conditions = list(person.conditions)
        self.add_box.setVisible(can_change)
        self.remove_box.setVisible(can_change)
        self.table.setRowCount(len(self.conditions))
        for row, c in enumerate(self.conditions):
            status = c.status.label
            if c.retired_on:
                status = f"Removed on {forms.long_date(c.retired_on)}"
            cells = [c.name, c.snomed_code or "", forms.long_date(c.onset_date), status]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c.retired_on:
                    item.setForeground(QColor(forms.GREY_FG))
                    font = item.font()
                    font.setStrikeOut(col == 0)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        self.empty.setVisible(not self.conditions)
        self.table.setVisible(bool(self.conditions))

    def _reload(self) -> None:
        person = people.open_person(self.ctx, self.person.id)
        self.load(person, True)
        self.saved.emit()

    def add(self) -> None:
        try:
            people.add_condition(self.ctx, self.person.id, self.name.text(), self.code.text(),
                                 self.onset.text(),
                                 forms.combo_value(self.status, ConditionStatus))
        except ValidationError as exc:
            forms.show_problem(self.add_problem, str(exc))
            {"name": self.name, "snomed_code": self.code,
             "onset_date": self.onset}.get(exc.field or "", self.name).setFocus()
            return
        except CareCoordError as exc:
            forms.show_problem(self.add_problem, str(exc))
            return
        forms.show_problem(self.add_problem, None)
        for edit in (self.name, self.code, self.onset):
            edit.clear()
        self._reload()
        self.name.setFocus()

    def remove(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.conditions):
            forms.show_problem(self.remove_problem, "Select a condition in the list first.")
            return
        chosen = self.conditions[row]
        if chosen.retired_on:
            forms.show_problem(self.remove_problem, "That condition was already removed.")
            return
        if not self.reason.text().strip():
            forms.show_problem(self.remove_problem, "Give a reason for removing it.")
            self.reason.setFocus()
            return
        try:
            people.retire_condition(self.ctx, chosen.id, self.reason.text())
        except CareCoordError as exc:
            forms.show_problem(self.remove_problem, str(exc))
            return
        forms.show_problem(self.remove_problem, None)
        self.reason.clear()
        self._reload()

