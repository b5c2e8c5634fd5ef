"""Carers and the support network on a person's record (seed 000:99, 000:553, 001:2580):
who they are, how to reach them, whether the person agrees to involve them, the one
nominated carer who receives copies, and what the carer needs for themselves."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from carecoord.services import carers
from carecoord.services.base import Ctx
from carecoord.services.carers import CarerInput, CarerView
from ui.list_section import ListSection
from ui.team import widgets as w

RELATIONSHIPS = ("Wife", "Husband", "Partner", "Daughter", "Son", "Daughter-in-law",
                 "Son-in-law", "Sister", "Brother", "Granddaughter", "Grandson", "Friend",
                 "Neighbour", "Paid carer", "Advocate", "Lasting power of attorney")
END_REASONS = ("No longer involved", "Moved away", "Died", "The person asked us not to "
               "involve them", "Recorded in error")
# Five columns, so the list fits a laptop at 150% without scrolling sideways: how someone
# is related to the person is under their name, in brackets as in the summary above.
COLUMNS = ("Name", "Phone and email", "Consent to involve", "Receives copies",
           "Their own needs")
CONSENT, COPIES = COLUMNS.index("Consent to involve"), COLUMNS.index("Receives copies")


def relation(c: CarerView) -> str:
    """'(daughter)'; a name typed in it keeps its capital."""
    return f"({c.relationship[:1].lower()}{c.relationship[1:]})"


class CarerDialog(w.FormDialog):
    """Add a carer, or change one. Nominating needs the person's consent to involve them."""

    def __init__(self, ctx: Ctx, person_id: int, who: str, carer: CarerView | None = None,
                 parent: QWidget | None = None):
        adding = carer is None
        super().__init__(
            "Add a carer or supporter" if adding else f"Change {carer.name}'s details",
            f"Someone who looks after or supports {who}: family, a friend, a neighbour or a "
            "paid carer." if adding else "Changes are kept in the record's history.",
            "&Save carer", parent)
        self.ctx, self.person_id, self.carer = ctx, person_id, carer
        c = carer
        self.name = self.row("&Name", w.line_edit("Name", "for example Sue Smith",
                                                  c.name if c else ""), "name")
        self.relationship = self.row("&Relationship", w.suggestion_combo(
            "Relationship", RELATIONSHIPS, c.relationship if c else "",
            f"how they are related to {who}"), "relationship")
        self.phone = self.row("&Phone", w.line_edit("Phone", "", c.phone if c else ""),
                              "phone")
        self.email = self.row("&Email", w.line_edit("Email", "optional",
                                                    c.email if c else ""), "email")
        self.address = self.row("A&ddress", w.text_box("Address", 2, "optional",
                                                       c.address if c else ""), "address")
        self.consent = w.check_box(f"{who[:1].upper()}{who[1:]} &agrees to involve them in "
                                   "their care", bool(c and c.consent_to_involve),
                                   "Consent to involve them")
        self.form.addRow(self.consent)
        self.fields["consent_to_involve"] = self.consent
        self.consent_on = self.row("Consent recorded &on", w.date_edit(
            "Date consent was recorded", (c.consent_recorded_on if c else None)
            or ctx.today()), "consent_recorded_on", "Date consent was recorded")
        self.nominated = w.check_box("Nominated carer: recei&ves copies of the plan and "
                                     "letters", bool(c and c.nominated),
                                     "Nominated carer who receives copies")
        self.form.addRow(self.nominated)
        self.nominated_hint = w.hint("Only someone the person agrees to involve can be the "
                                     "nominated carer. Nominating them takes it from anyone "
                                     "else.")
        self.form.addRow(self.nominated_hint)
        self.own_needs = self.row("Their o&wn needs", w.text_box(
            "The carer's own needs", 3, "for example: works full time; has her own back "
            "problems; would like a carer's assessment", c.own_needs if c else ""),
            "own_needs", "The carer's own needs")
        self.consent.toggled.connect(self._consent_changed)
        self._consent_changed(self.consent.isChecked())
        self.name.setFocus()

    def _consent_changed(self, on: bool) -> None:
        self.consent_on.setEnabled(on)
        self.nominated.setEnabled(on)
        if not on:
            self.nominated.setChecked(False)

    def data(self) -> CarerInput:
        consent = self.consent.isChecked()
        return CarerInput(self.name.text(), self.relationship.currentText(), self.phone.text(),
                          self.email.text(), self.address.toPlainText(), consent,
                          self.consent_on.text() if consent else None,
                          self.nominated.isChecked(), self.own_needs.toPlainText())

    def perform(self) -> CarerView:
        if self.carer is None:
            return carers.add_carer(self.ctx, self.person_id, self.data())
        return carers.update_carer(self.ctx, self.carer.id, self.data(),
                                   self.carer.version_id)


class EndCarerDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, carer: CarerView, who: str, parent: QWidget | None = None):
        super().__init__(f"{carer.name} is no longer involved",
                         f"{carer.name} will no longer be listed as one of {who}'s carers"
                         f"{' or receive copies' if carer.nominated else ''}. They stay in "
                         "the history with the date and your reason.",
                         "&Confirm", parent)
        self.ctx, self.carer = ctx, carer
        self.on = self.row("&Last involved on", w.date_edit("Last involved on", ctx.today()),
                           "ended_on")
        self.reason = self.row("&Reason", w.suggestion_combo("Reason", END_REASONS),
                               "reason")
        self.reason.setFocus()

    def perform(self) -> CarerView:
        return carers.end_carer(self.ctx, self.carer.id, self.reason.currentText(),
                                self.on.text())


class CarersSection(ListSection):
    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(ctx, person_id, "Carers and support network", parent, person_name)
        self.carers: list[CarerView] = []
        self.summary = self.add(w.flag("", "blue"))
        self.add_button = self.action("&Add a carer…", "Add a carer or supporter (Alt+A)",
                                      self.add_carer)
        self.edit_button = self.action("&Edit…", "Change the selected carer's details (Alt+E)",
                                       self.edit_carer)
        self.end_button = self.action("No longer &involved…", "The selected carer stops being "
                                      "involved; they stay in the history (Alt+I)",
                                      self.end_carer)
        self.show_former = self.filter_box("Show &former carers")
        self.toolbar(self.add_button, self.edit_button, self.end_button, self.show_former)
        self.list_table("Carers and supporters", COLUMNS, 10, on_open=self.edit_carer)
        self.ready()

    def listed(self) -> list[CarerView]:
        return self.carers

    def refresh(self) -> None:
        keep = w.selected_data(self.table)
        self.carers = carers.carers_for(self.ctx, self.person_id,
                                        include_ended=self.show_former.isChecked())
        t = self.table
        t.setRowCount(len(self.carers))
        for row, c in enumerate(self.carers):
            if c.consent_to_involve:
                consent = f"Yes, recorded {w.long_date(c.consent_recorded_on)}"
            else:
                consent = "Not agreed: do not share information"
            copies = "Yes: nominated carer" if c.nominated else "No"
            name = c.name if c.is_current else f"{c.name} (until {w.long_date(c.ended_on)})"
            tones = {}
            if c.is_current:
                tones[CONSENT] = "green" if c.consent_to_involve else "amber"
                if c.nominated:
                    tones[COPIES] = "blue"
            contact = "\n".join(x for x in (c.phone, c.email) if x)
            w.fill_row(t, row, (f"{name}\n{relation(c)}", contact, consent, copies,
                                c.own_needs or ""), data=c.id, tones=tones,
                       muted=not c.is_current)
        w.fit_columns(t, widest=18)
        t.setVisible(bool(self.carers))
        current = [c for c in self.carers if c.is_current]
        w.enable_for_rows(self.can_change, bool(current), self.edit_button, self.end_button)
        nominated = next((c for c in current if c.nominated), None)
        if not current:
            self.empty.setText(f"No carers recorded. Press Alt+A to add a carer or someone "
                               f"who supports {self.who}.")
            self.empty.show()
            self.summary.hide()
        else:
            self.empty.hide()
            self.summary.show()
            self.summary.setText(
                f"Nominated carer who receives copies: {nominated.name} "
                f"{relation(nominated)}" if nominated else
                "No nominated carer: no one receives copies of the plan.")
            self.summary.setStyleSheet(w.flag_style("blue" if nominated else "grey"))
            self.summary.setAccessibleName(self.summary.text())
        self.reselect(keep, self.carers[0].id if self.carers else None)

    def _chosen_current(self) -> CarerView | None:
        carer = self.selected()
        if carer is None:
            self.need_choice("a carer", self.table)
            return None
        if not carer.is_current:
            w.show_problem(self.problem, f"{carer.name} stopped being involved on "
                                         f"{w.long_date(carer.ended_on)}. Add them again if "
                                         "they are involved once more.")
            return None
        return carer

    def add_carer(self) -> None:
        self.open_dialog(CarerDialog(self.ctx, self.person_id, self.who, None, self))

    def edit_carer(self) -> None:
        carer = self._chosen_current()
        if carer is not None:
            self.open_dialog(CarerDialog(self.ctx, self.person_id, self.who, carer, self))

    def end_carer(self) -> None:
        carer = self._chosen_current()
        if carer is not None:
            self.open_dialog(EndCarerDialog(self.ctx, carer, self.who, self))
