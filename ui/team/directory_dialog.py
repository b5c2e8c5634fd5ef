"""Add someone to a person's care team from the shared directory, or add a new professional
to the directory first. Possible duplicates are shown while the name is being typed, so the
same district nurse is not entered twice under slightly different spellings."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.dates import parse_date
from carecoord.domain.enums import MemberType, Sector
from carecoord.services import team
from carecoord.services.base import Ctx
from carecoord.services.team import MemberView, ProfessionalInput, ProfessionalView
from ui import style
from ui.team import widgets as w

ROLE_SUGGESTIONS = (
    "GP", "Practice nurse", "District nurse", "Community matron", "Heart failure nurse",
    "Respiratory nurse", "Diabetes specialist nurse", "Consultant", "Community psychiatric nurse",
    "Social worker", "Occupational therapist", "Physiotherapist", "Pharmacist",
    "Social prescribing link worker", "Housing officer", "Care coordinator",
)


class DirectoryDialog(QDialog):
    """Find a professional in the directory (or add a new one) and add them to the team."""

    member_added = Signal(object)  # MemberView

    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        self.who = person_name or "this person"
        self.added: MemberView | None = None
        self.found: list[ProfessionalView] = []
        self.similar: list[ProfessionalView] = []
        self.in_team = {m.professional.id for m in team.team_for(ctx, person_id)}
        self.setWindowTitle("Add to the care team")
        self.setMinimumWidth(style.em(self) * 56)

        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._search_page())
        self.pages.addWidget(self._new_page())
        layout.addWidget(self.pages, 1)
        layout.addWidget(self._membership_box())
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._search_now()
        self.show_search()

    # -- page 1: search ---------------------------------------------------------------------

    def _search_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(w.heading("Find someone in the directory"))
        self.search = w.line_edit("Search the directory by name", "Type part of a name")
        row = QHBoxLayout()
        row.addWidget(w.label_for("&Search by name", self.search,
                                  "Search the directory by name"))
        row.addWidget(self.search, 1)
        box.addLayout(row)
        self.results = w.table("Professionals in the directory",
                               ("Name", "Role", "Organisation", "Sector"))
        self.results.setMinimumHeight(style.em(self) * 12)
        self.results_label = w.label_for("Matching &professionals", self.results,
                                         "Professionals in the directory")
        box.addWidget(self.results_label)
        box.addWidget(self.results, 1)
        self.results_note = w.hint("")
        box.addWidget(self.results_note)
        actions = QHBoxLayout()
        self.add_selected = w.button("&Add to the team", "Add the selected professional to "
                                     "the care team (Alt+A)", edits=True)
        self.new_button = w.button("&New professional…", "They are not in the directory: "
                                   "add them (Alt+N)", edits=True)
        actions.addWidget(self.add_selected)
        actions.addStretch(1)
        actions.addWidget(self.new_button)
        box.addLayout(actions)

        self.search.textChanged.connect(self._search_now)
        self.search.returnPressed.connect(self._enter_in_search)
        self.results.activated.connect(lambda _i: self._add_selected())
        self.add_selected.clicked.connect(self._add_selected)
        self.new_button.clicked.connect(self.show_new)
        return page

    def _search_now(self) -> None:
        self.found = team.directory(self.ctx, self.search.text(), limit=100)
        t = self.results
        t.setRowCount(len(self.found))
        for i, p in enumerate(self.found):
            joined = p.id in self.in_team
            w.fill_row(t, i, (f"{p.name} (in the team)" if joined else p.name, p.role,
                              p.organisation or "", p.sector.label), data=p.id, muted=joined)
        w.fit_columns(t)
        if self.found:
            first = next((i for i, p in enumerate(self.found) if p.id not in self.in_team), 0)
            t.selectRow(first)
            t.setCurrentCell(first, 0)
        text = self.search.text().strip()
        if not self.found:
            self.results_note.setText(
                f"No one in the directory matches '{text}'. Press Alt+N to add them as a new "
                "professional." if text else "The directory is empty. Press Alt+N to add the "
                "first professional.")
        elif len(self.found) == 100:
            self.results_note.setText("Showing the first 100. Type more of the name to narrow "
                                      "the list.")
        else:
            self.results_note.setText(f"{w.plural(len(self.found), 'match', 'matches')}. "
                                      "Use the arrow keys to choose, then press Enter.")

    def _enter_in_search(self) -> None:
        if len(self.found) == 1:
            self._add_selected()
        elif self.found:
            self.results.setFocus()

    def _add_selected(self) -> None:
        pro_id = w.selected_data(self.results)
        if pro_id is None:
            w.show_problem(self.problem, "Choose someone in the list first, or add a new "
                                         "professional.")
            return
        self._add(pro_id)

    # -- page 2: a new professional ---------------------------------------------------------

    def _new_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(w.heading("Add a new professional to the directory"))
        box.addWidget(w.hint("They can then be added to anyone's care team without typing "
                             "their details again."))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = w.line_edit("Name", "for example Priya Patel")
        self.role = w.suggestion_combo("Role", ROLE_SUGGESTIONS,
                                       placeholder="for example District nurse")
        self.sector = w.enum_combo(Sector, Sector.COMMUNITY_NURSING, "Sector")
        self.organisation = w.line_edit("Organisation", "for example Riverside Community "
                                        "Nursing")
        self.phone = w.line_edit("Phone", "a number the person and team can call")
        self.email = w.line_edit("Email", "optional")
        self.out_of_hours = w.line_edit("Out of hours", "who to call when they are not "
                                        "working (optional)")
        form.addRow(w.label_for("Na&me", self.name, "Name"), self.name)
        self.duplicates = self._duplicates_box()
        form.addRow(self.duplicates)
        for text, field in (("&Role", self.role), ("Sec&tor", self.sector),
                            ("&Organisation", self.organisation), ("P&hone", self.phone),
                            ("&Email", self.email), ("Out o&f hours", self.out_of_hours)):
            form.addRow(w.label_for(text, field), field)
        box.addLayout(form)
        actions = QHBoxLayout()
        self.save_new = w.button("Save and a&dd to the team", "Add them to the directory and "
                                 "to this care team (Alt+D)", edits=True)
        self.back_button = w.button("&Back to the search", "Alt+B")
        actions.addWidget(self.save_new)
        actions.addStretch(1)
        actions.addWidget(self.back_button)
        box.addLayout(actions)
        box.addStretch(1)
        self.name.textChanged.connect(self._check_duplicates)
        self.save_new.clicked.connect(self._save_new)
        self.back_button.clicked.connect(self.show_search)
        return page

    def _duplicates_box(self) -> QGroupBox:
        box = QGroupBox("Already in the directory?")
        box.setStyleSheet(f"QGroupBox {{ {w.flag_style('amber')} margin-top: 0.4em; }}")
        inner = QVBoxLayout(box)
        # A plain paragraph: inside this box a height-for-width label is given too little room.
        self.duplicate_text = style.paragraph("")
        inner.addWidget(self.duplicate_text)
        self.duplicate_list = w.table("Possible duplicates", ("Name", "Role", "Organisation"))
        inner.addWidget(self.duplicate_list)
        self.use_existing = w.button("&Use this one instead", "Add the selected existing "
                                     "professional to the team (Alt+U)", edits=True)
        self.use_existing.clicked.connect(self._use_existing)
        self.duplicate_list.activated.connect(lambda _i: self._use_existing())
        inner.addWidget(self.use_existing, 0, Qt.AlignmentFlag.AlignLeft)
        box.hide()
        return box

    def _check_duplicates(self) -> None:
        self.similar = team.similar_professionals(self.ctx, self.name.text())
        t = self.duplicate_list
        t.setRowCount(len(self.similar))
        for i, p in enumerate(self.similar):
            w.fill_row(t, i, (p.name, p.role, p.organisation or ""), data=p.id)
        w.fit_columns(t)
        w.fit_height(t, 5)
        if self.similar:
            t.selectRow(0)
            t.setCurrentCell(0, 0)
            self.duplicate_text.setText(
                f"{w.plural(len(self.similar), 'person')} with a similar name "
                f"{'is' if len(self.similar) == 1 else 'are'} already in the directory. "
                "If one of them is who you mean, choose them instead of adding them again.")
        self.duplicates.setVisible(bool(self.similar))

    def _use_existing(self) -> None:
        pro_id = w.selected_data(self.duplicate_list)
        if pro_id is not None:
            self._add(pro_id)

    def _save_new(self) -> None:
        data = ProfessionalInput(self.name.text(), self.role.currentText(),
                                 Sector(self.sector.currentData()), self.organisation.text(),
                                 self.phone.text(), self.email.text(), self.out_of_hours.text())
        fields = {"name": self.name, "role": self.role, "email": self.email}
        pro = w.attempt(lambda: team.add_professional(self.ctx, data), self.problem, fields,
                        self.name)
        if pro is not None:
            self._add(pro.id)

    def show_new(self) -> None:
        w.show_problem(self.problem, None)
        if not self.name.text() and self.search.text().strip() and not self.found:
            self.name.setText(self.search.text().strip())
        self.pages.setCurrentIndex(1)
        self.add_selected.setDefault(False)
        self.save_new.setDefault(True)
        self.name.setFocus()

    def show_search(self) -> None:
        w.show_problem(self.problem, None)
        self.pages.setCurrentIndex(0)
        self.save_new.setDefault(False)
        self.add_selected.setDefault(True)
        self.search.setFocus()

    # -- shared: how they join --------------------------------------------------------------

    def _membership_box(self) -> QGroupBox:
        box = QGroupBox(f"How they join {self.who}'s team")
        grid = QHBoxLayout(box)
        self.core = QRadioButton("&Core member")
        self.core.setAccessibleName("Core member")
        self.as_required = QRadioButton("Specialist input as re&quired")
        self.as_required.setAccessibleName("Specialist input as required")
        self.core.setChecked(True)
        group = QButtonGroup(box)
        group.addButton(self.core)
        group.addButton(self.as_required)
        self.joined = w.date_edit("Joined the team on", self.ctx.today())
        grid.addWidget(self.core)
        grid.addWidget(self.as_required)
        grid.addStretch(1)
        grid.addWidget(w.label_for("&Joined on", self.joined, "Joined the team on"))
        grid.addWidget(self.joined)
        return box

    def member_type(self) -> MemberType:
        return MemberType.CORE if self.core.isChecked() else MemberType.AS_REQUIRED

    def _add(self, professional_id: int) -> None:
        def add() -> MemberView:
            joined = parse_date(self.joined.text(), "joined the team on")
            return team.add_member(self.ctx, self.person_id, professional_id,
                                   self.member_type(), joined)

        member = w.attempt(add, self.problem, {"joined the team on": self.joined})
        if member is None:
            return
        self.added = member
        self.member_added.emit(member)
        self.accept()
