"""Create or edit a person, checking the NHS number and dates as they are typed."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.dates import age_on
from carecoord.domain.enums import COHORTS, Frailty, PriorityTier
from carecoord.domain.errors import CareCoordError, ValidationError
from carecoord.domain.nhs_number import NhsNumber
from carecoord.services import people
from carecoord.services.base import Ctx
from carecoord.services.people import PersonInput, PersonView
from ui.record import forms


def person_input(view: PersonView, **changes) -> PersonInput:
    """A full PersonInput from what is stored, with some fields changed."""
    values = {}
    for f in fields(PersonInput):
        value = getattr(view, f.name)
        if f.name in ("frailty", "priority"):
            value = value.value if value else None
        values[f.name] = value
    values.update(changes)
    return PersonInput(**values)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class PersonDialog(QDialog):
    """`person_id` is set once the person is saved."""

    def __init__(self, ctx: Ctx, person: PersonView | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view = person
        self.person_id: int | None = person.id if person else None
        self.setWindowTitle("Edit the person's details" if person else "Add a person")
        self.setModal(True)
        self._problems: dict[str, QLabel] = {}
        self._edits: dict[str, QWidget] = {}
        self._dirty = False

        outer = QVBoxLayout(self)
        intro = forms.hint("Fields marked * are needed. Dates are day/month/year, "
                           "for example 12/03/1940.")
        outer.addWidget(intro)
        self.top_problem = forms.error_label()
        outer.addWidget(self.top_problem)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._identity_group(person))
        left.addWidget(self._care_group(person))
        left.addStretch(1)
        columns.addLayout(left, 1)
        columns.addWidget(self._contact_group(person), 1)
        outer.addLayout(columns)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save the person's details (Alt+S or Enter)")
        cancel = self.buttons.addButton("Cancel", QDialogButtonBox.RejectRole)
        cancel.setToolTip("Close without saving (Esc)")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.resize(900, 600)
        self._edits["nhs_number"].setFocus()

    # -- building -----------------------------------------------------------------------

    def _field(self, grid: QGridLayout, row: int, name: str, label: str, widget: QWidget,
               required: bool = False) -> None:
        text = f"{label} *" if required else label
        grid.addWidget(forms.label_for(text, widget, label.replace("&", "")), row * 2, 0,
                       Qt.AlignTop)
        grid.addWidget(widget, row * 2, 1)
        problem = forms.error_label()
        problem.setAccessibleName(f"Problem with {label.replace('&', '').lower()}")
        grid.addWidget(problem, row * 2 + 1, 1)
        self._problems[name] = problem
        self._edits[name] = widget
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._mark_dirty)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._mark_dirty)

    def _identity_group(self, p: PersonView | None) -> QGroupBox:
        box = QGroupBox("Who they are")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.nhs = forms.line_edit("NHS number", "for example 943 476 5919",
                                   p.nhs_formatted if p else "")
        self.nhs.setMaxLength(14)
        self.given = forms.line_edit("First name", "", p.given_name if p else "")
        self.family = forms.line_edit("Last name", "", p.family_name if p else "")
        self.preferred = forms.line_edit("Preferred name", "what they like to be called",
                                         (p.preferred_name or "") if p else "")
        self.dob = forms.date_edit("Date of birth", p.date_of_birth if p else None)
        self.dob.setPlaceholderText("for example 12/03/1940")
        self.age_hint = forms.hint("")
        self._field(grid, 0, "nhs_number", "&NHS number", self.nhs, required=True)
        self._field(grid, 1, "given_name", "&First name", self.given, required=True)
        self._field(grid, 2, "family_name", "&Last name", self.family, required=True)
        self._field(grid, 3, "preferred_name", "Pr&eferred name", self.preferred)
        dob_row = QHBoxLayout()
        dob_row.addWidget(self.dob)
        dob_row.addWidget(self.age_hint, 1)
        holder = QWidget()
        holder.setLayout(dob_row)
        dob_row.setContentsMargins(0, 0, 0, 0)
        self._field(grid, 4, "date_of_birth", "&Date of birth", holder, required=True)
        self.dob.setAccessibleName("Date of birth")
        grid.itemAtPosition(8, 0).widget().setBuddy(self.dob)
        self._edits["date_of_birth"] = self.dob
        self.dob.textEdited.connect(self._mark_dirty)

        self.nhs.textEdited.connect(self._nhs_typed)
        self.nhs.editingFinished.connect(lambda: self._check("nhs_number", always=True))
        self.dob.textEdited.connect(self._dob_typed)
        self.dob.editingFinished.connect(lambda: self._check("date_of_birth", always=True))
        self.given.editingFinished.connect(lambda: self._check("given_name", always=True))
        self.family.editingFinished.connect(lambda: self._check("family_name", always=True))
        return box

    def _care_group(self, p: PersonView | None) -> QGroupBox:
        box = QGroupBox("Care")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.frailty = QComboBox()
        self.frailty.addItem("Not recorded", None)
        for f in Frailty:
            self.frailty.addItem(f.label, f.value)
        self.priority = QComboBox()
        self.priority.addItem("Not set", None)
        for t in PriorityTier:
            self.priority.addItem(f"{t.label} priority", t.value)
        if p and p.frailty:
            forms.set_combo(self.frailty, p.frailty)
        if p and p.priority:
            forms.set_combo(self.priority, p.priority)
        self._field(grid, 0, "frailty", "Fr&ailty", self.frailty)
        self._field(grid, 1, "priority", "Pr&iority (set by the team)", self.priority)
        grid.addWidget(QLabel("Groups:"), 4, 0, Qt.AlignTop)
        checks = QGridLayout()
        self.cohorts = {}
        for i, name in enumerate(COHORTS):
            box_ = forms.check_box(name, bool(p and name in p.cohorts), f"Group: {name}")
            box_.clicked.connect(self._mark_dirty)
            self.cohorts[name] = box_
            checks.addWidget(box_, i // 2, i % 2)
        grid.addLayout(checks, 4, 1)
        for combo in (self.frailty, self.priority):
            combo.activated.connect(self._mark_dirty)
        return box

    def _contact_group(self, p: PersonView | None) -> QGroupBox:
        box = QGroupBox("Address and contacts")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.address = forms.text_box("Address", 3, "", (p.address or "") if p else "")
        self.postcode = forms.line_edit("Postcode", "", (p.postcode or "") if p else "")
        self.phone = forms.line_edit("Phone", "", (p.phone or "") if p else "")
        self.email = forms.line_edit("Email", "", (p.email or "") if p else "")
        self.gp = forms.line_edit("GP practice", "", (p.gp_practice or "") if p else "")
        self.team = forms.line_edit("Team", "for example North locality",
                                    (p.team or "") if p else "")
        self._field(grid, 0, "address", "Add&ress", self.address)
        self._field(grid, 1, "postcode", "Post&code", self.postcode)
        self._field(grid, 2, "phone", "&Phone", self.phone)
        self._field(grid, 3, "email", "E&mail", self.email)
        self._field(grid, 4, "gp_practice", "&GP practice", self.gp)
        self._field(grid, 5, "team", "&Team", self.team)
        grid.setRowStretch(12, 1)
        return box

    # -- checking as they type -------------------------------------------------------------

    def _mark_dirty(self, *_args) -> None:
        self._dirty = True

    def _nhs_typed(self, text: str) -> None:
        # Judge the number once all ten digits are in, or sooner if it is already flagged.
        if len(_digits(text)) >= 10 or self._problems["nhs_number"].isVisible():
            self._check("nhs_number")

    def _dob_typed(self, text: str) -> None:
        parts = text.strip().split("/")
        complete = len(parts) == 3 and len(parts[2]) == 4
        if complete or self._problems["date_of_birth"].isVisible():
            self._check("date_of_birth")

    def _problem_for(self, name: str) -> str | None:
        try:
            if name == "nhs_number":
                NhsNumber.parse(self.nhs.text())
            elif name == "given_name" and not self.given.text().strip():
                return "Enter the person's first name."
            elif name == "family_name" and not self.family.text().strip():
                return "Enter the person's last name."
            elif name == "date_of_birth":
                born = forms.read_date(self.dob, "date_of_birth", required=True)
                today = self.ctx.today()
                if born > today:
                    return "The date of birth cannot be in the future."
                age = age_on(born, today)
                if age > 125:
                    return "That date of birth gives an age over 125. Please check it."
                self.age_hint.setText(f"Age {age}")
        except ValidationError as exc:
            if name == "date_of_birth":
                self.age_hint.setText("")
            return str(exc)
        return None

    def _check(self, name: str, always: bool = False) -> str | None:
        message = self._problem_for(name)
        if message and name == "nhs_number" and not always and not self.nhs.text().strip():
            message = None
        forms.show_problem(self._problems[name], message)
        forms.mark_bad(self._edits[name], bool(message))
        return message

    # -- saving ----------------------------------------------------------------------------

    def data(self) -> PersonInput:
        chosen = tuple(n for n, b in self.cohorts.items() if b.isChecked())
        changes = dict(
            nhs_number=self.nhs.text(), given_name=self.given.text(),
            family_name=self.family.text(), date_of_birth=self.dob.text(),
            preferred_name=self.preferred.text(), address=self.address.toPlainText(),
            postcode=self.postcode.text(), phone=self.phone.text(), email=self.email.text(),
            gp_practice=self.gp.text(), team=self.team.text(),
            frailty=self.frailty.currentData(), priority=self.priority.currentData(),
            cohorts=chosen)
        if self.view is not None:
            return person_input(self.view, **changes)
        return PersonInput(**changes)

    def save(self) -> None:
        first_bad = None
        for name in ("nhs_number", "given_name", "family_name", "date_of_birth"):
            if self._check(name, always=True) and first_bad is None:
                first_bad = name
        if first_bad:
            forms.show_problem(self.top_problem, "Please put right the problems shown below; "
                                                 "nothing has been saved yet.")
            self._edits[first_bad].setFocus()
            return
        forms.show_problem(self.top_problem, None)
        try:
            if self.view is None:
                saved = people.create_person(self.ctx, self.data())
            else:
                saved = people.update_person(self.ctx, self.view.id, self.data(),
                                             expected_version=self.view.version_id)
        except ValidationError as exc:
            label = self._problems.get(exc.field or "")
            if label is not None:
                forms.show_problem(label, str(exc))
                self._edits[exc.field].setFocus()
            else:
                forms.show_problem(self.top_problem, str(exc))
            return
        except CareCoordError as exc:
            forms.show_problem(self.top_problem, str(exc))
            return
        self.person_id = saved.id
        self.view = saved
        self._dirty = False
        self.accept()

    def reject(self) -> None:
        if self._dirty and not forms.confirm(
                self, "Close without saving?",
                "You have typed details that are not saved yet. Close and lose them?",
                "Close and lose them"):
            return
        super().reject()


def new_person(ctx: Ctx, parent: QWidget | None) -> int | None:
    dialog = PersonDialog(ctx, None, parent)
    return dialog.person_id if dialog.exec() == QDialog.Accepted else None


def edit_person(ctx: Ctx, person_id: int, parent: QWidget | None) -> bool:
    view = people.open_person(ctx, person_id)
    dialog = PersonDialog(ctx, view, parent)
    return dialog.exec() == QDialog.Accepted
