"""Create or edit a person, checking the NHS number and dates as they are typed."""

from __future__ import annotations

from dataclasses import fields
from itertools import pairwise

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
from carecoord.domain.enums import COHORTS, Frailty, PriorityTier, cohort_label
from carecoord.domain.errors import CareCoordError, ValidationError
from carecoord.domain.nhs_number import NhsNumber
from carecoord.services import people, team
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
        self._asked_to_put_right = False  # the message above names the problems below

        outer = QVBoxLayout(self)
        intro = forms.hint("Fields marked * are needed. Dates are day/month/year, "
                           "for example 12/03/1940.")
        outer.addWidget(intro)
        self.top_problem = forms.error_label()
        outer.addWidget(self.top_problem)

        # Two columns of about equal height, so the dialog fits a laptop at 150%.
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._identity_group(person))
        left.addWidget(self._care_group(person))
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._contact_group(person))
        right.addWidget(self._groups_box(person))
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        outer.addLayout(columns)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save the person's details (Alt+S or Enter)")
        self.cancel_button = self.buttons.addButton("Cancel", QDialogButtonBox.RejectRole)
        self.cancel_button.setToolTip("Close without saving (Esc)")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._set_tab_order()
        room = self.screen().availableGeometry()
        self.resize(min(900, room.width()), min(600, room.height()))
        self._edits["nhs_number"].setFocus()

    def _set_tab_order(self) -> None:
        """Down the left column, then down the right, then the buttons: the order the
        fields are read in, whatever order they were built in."""
        chain = [self.nhs, self.given, self.family, self.preferred, self.dob]
        if self.lead is not None:
            chain.append(self.lead)
        chain += [self.frailty, self.priority, self.team, self.address, self.postcode,
                  self.phone, self.email, self.gp, *self.cohorts.values(), self.save_button,
                  self.cancel_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    # -- building -----------------------------------------------------------------------

    def _field(self, grid: QGridLayout, row: int, name: str, label: str, widget: QWidget,
               required: bool = False, buddy: QWidget | None = None) -> None:
        """`buddy` is the input inside `widget` when `widget` holds more than the input."""
        text = f"{label} *" if required else label
        grid.addWidget(forms.label_for(text, buddy or widget, label.replace("&", "")),
                       row * 2, 0, Qt.AlignTop)
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
        # The placeholder is passed in so the field is made wide enough to show all of it.
        self.dob = forms.date_edit("Date of birth", p.date_of_birth if p else None,
                                   placeholder="for example 12/03/1940")
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
        self._field(grid, 4, "date_of_birth", "&Date of birth", holder, required=True,
                    buddy=self.dob)
        self.dob.setAccessibleName("Date of birth")
        self._edits["date_of_birth"] = self.dob
        self.dob.textEdited.connect(self._mark_dirty)

        self.nhs.textEdited.connect(self._nhs_typed)
        self.nhs.editingFinished.connect(lambda: self._check("nhs_number", always=True))
        self.dob.textEdited.connect(self._dob_typed)
        self.dob.editingFinished.connect(lambda: self._check("date_of_birth", always=True))
        self.given.editingFinished.connect(lambda: self._check("given_name", always=True))
        self.family.editingFinished.connect(lambda: self._check("family_name", always=True))
        # A name already flagged as missing is cleared as soon as one is typed.
        self.given.textEdited.connect(lambda _t: self._recheck("given_name"))
        self.family.textEdited.connect(lambda _t: self._recheck("family_name"))
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
        row = 0
        self.lead = None
        if p is None:  # a lead changes later by a handover, in the Care team section
            self._lead_row(grid)
            row = 1
        self._field(grid, row, "frailty", "Fr&ailty", self.frailty)
        self._field(grid, row + 1, "priority", "Pr&iority (set by the team)", self.priority)
        # The team they belong to sits with their care: it also keeps the two columns of
        # the dialog about as tall as each other.
        self.team = forms.line_edit("Team", "for example North locality",
                                    (p.team or "") if p else "")
        self._field(grid, row + 2, "team", "&Team", self.team)
        for combo in (self.frailty, self.priority):
            combo.activated.connect(self._mark_dirty)
        return box

    def _groups_box(self, p: PersonView | None) -> QGroupBox:
        """Cohort tags, in plain words; the stored tag stays the short code."""
        box = QGroupBox("Groups they belong to")
        checks = QGridLayout(box)
        self.cohorts = {}
        place = 0
        for name in COHORTS:
            words = cohort_label(name)
            box_ = forms.check_box(words, bool(p and name in p.cohorts), f"Group: {words}")
            box_.clicked.connect(self._mark_dirty)
            self.cohorts[name] = box_
            wide = words != name  # plain words for a short code take a line of their own
            if wide and place % 2:
                place += 1
            checks.addWidget(box_, place // 2, place % 2, 1, 2 if wide else 1)
            place += 2 if wide else 1
        return box

    def _lead_row(self, grid: QGridLayout) -> None:
        """Who leads their care, the signed-in user's own entry first chosen, so a person
        added by a lone matron is in her caseload without a second step."""
        mine = self.ctx.actor.professional_id
        self.lead = QComboBox()
        self.lead.setAccessibleName("Lead professional")
        # A long directory entry must not set the dialog's width; the list opens wider.
        self.lead.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.lead.setMinimumContentsLength(18)
        self.lead.addItem("No lead professional yet", None)
        choices = team.directory(self.ctx, limit=None)
        if mine is not None and all(c.id != mine for c in choices):
            choices.insert(0, team.get_professional(self.ctx, mine))
        self._lead_names = {c.id: c.name for c in choices}
        for c in sorted(choices, key=lambda c: (c.id != mine, c.name.lower())):
            # Their own entry needs no role to be recognised, and stays short enough to be
            # read whole in a narrow dialog.
            self.lead.addItem(f"You: {c.name}" if c.id == mine else f"{c.name} ({c.role})",
                              c.id)
            self.lead.setItemData(self.lead.count() - 1, c.label, Qt.ToolTipRole)
        if mine is not None:
            forms.set_combo(self.lead, mine)
        self.lead_hint = forms.hint("")
        self.lead_hint.setAccessibleName("About the lead professional")
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.lead)
        column.addWidget(self.lead_hint)
        self._field(grid, 0, "lead", "Lead pr&ofessional", holder, buddy=self.lead)
        self._edits["lead"] = self.lead
        self.lead.activated.connect(self._mark_dirty)
        self.lead.currentIndexChanged.connect(self._lead_chosen)
        self._lead_chosen()

    def _lead_chosen(self, *_args) -> None:
        chosen = self.lead.currentData()
        if chosen is None and self.ctx.actor.professional_id is None:
            words = ("Your account is not linked to a professional in the directory, so "
                     "nobody is chosen. Choose the lead here, or name one later in Care team.")
        elif chosen is None:
            words = ("They will not be in anyone's caseload until a lead is named, here or "
                     "later in Care team.")
        elif chosen == self.ctx.actor.professional_id:
            words = "They will be in your caseload."
        else:
            words = f"They will be in {self._lead_names[chosen]}'s caseload."
        self.lead_hint.setText(words)

    def _contact_group(self, p: PersonView | None) -> QGroupBox:
        box = QGroupBox("Address and contacts")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.address = forms.text_box("Address", 3, "", (p.address or "") if p else "")
        self.postcode = forms.line_edit("Postcode", "", (p.postcode or "") if p else "")
        self.phone = forms.line_edit("Phone", "", (p.phone or "") if p else "")
        self.email = forms.line_edit("Email", "", (p.email or "") if p else "")
        self.gp = forms.line_edit("GP practice", "", (p.gp_practice or "") if p else "")
        self._field(grid, 0, "address", "Add&ress", self.address)
        self._field(grid, 1, "postcode", "Post&code", self.postcode)
        self._field(grid, 2, "phone", "&Phone", self.phone)
        self._field(grid, 3, "email", "E&mail", self.email)
        self._field(grid, 4, "gp_practice", "&GP practice", self.gp)
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
        self._refresh_top()
        return message

    def _recheck(self, name: str) -> None:
        if self._problems[name].text():
            self._check(name)

    def _refresh_top(self) -> None:
        """The message above the form goes as soon as the last problem it points to is put
        right, rather than staying to say something that is no longer true."""
        if self._asked_to_put_right and not any(p.text() for p in self._problems.values()):
            self._asked_to_put_right = False
            forms.show_problem(self.top_problem, None)

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
            self._asked_to_put_right = True
            self._edits[first_bad].setFocus()
            return
        self._asked_to_put_right = False
        forms.show_problem(self.top_problem, None)
        try:
            if self.view is None:
                saved = people.create_person(self.ctx, self.data(),
                                             lead_professional_id=self.lead.currentData())
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
