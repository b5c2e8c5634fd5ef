"""The activity log on a person's record: admissions, A&E, 999 calls, GP contacts, discharges
and home visits, with the headline outcome (admissions and A&E attendances in the 12 months
before and after the first agreed plan) in the service's own honest words."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from carecoord.domain.enums import ContactKind
from carecoord.services import activity
from carecoord.services.activity import ContactResult, ContactView
from carecoord.services.base import Ctx
from ui.activity.contact_dialogs import (
    ContactDialog,
    DischargeDialog,
    OfferReviewDialog,
    RemoveContactDialog,
    follow_up_words,
    kind_words,
)
from ui.list_section import ListSection
from ui.team import widgets as w

COLUMNS = ("Date", "What happened", "Discharged", "Note")


class ActivitySection(ListSection):
    review_started = Signal(int)  # the new draft's plan id, so the record can show it

    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(ctx, person_id, "Contacts and admissions", parent, person_name)
        self.events: list[ContactView] = []
        self.outcome_heading = self.add(w.heading("Admissions and A&E before and after the "
                                                  "first plan", 3))
        self.outcome = self.add(w.note(""))
        self.outcome.setAccessibleName("Admissions before and after the first plan")
        self.add_button = self.action("Record a &contact…", "A visit, a GP contact, A&E, an "
                                      "admission or a discharge (Alt+C)", self.add_contact)
        self.discharge_button = self.action("Add &discharge date…", "The selected admission "
                                            "has ended: set its follow-up (Alt+D)",
                                            self.add_discharge)
        self.remove_button = self.action("Remo&ve entry…", "Take a mistaken entry out of the "
                                         "log; it is kept in the history (Alt+V)",
                                         self.remove_contact)
        self.show_removed = self.filter_box("Show removed en&tries")
        self.toolbar(self.add_button, self.discharge_button, self.remove_button,
                     self.show_removed)
        self.result_line()
        self.list_table(f"Activity log for {self.who}", COLUMNS, 14, stretch=1)
        self.table.itemSelectionChanged.connect(self._enable)
        self.ready(0)

    def listed(self) -> list[ContactView]:
        return self.events

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = w.selected_data(self.table)
        every = activity.for_person(self.ctx, self.person_id, include_removed=True)
        live = [e for e in every if e.retired_on is None]
        self.events = every if self.show_removed.isChecked() else live
        self.outcome.setText(activity.admissions_before_after(self.ctx,
                                                              self.person_id).describe())
        t = self.table
        t.setRowCount(len(self.events))
        for row, e in enumerate(self.events):
            self._fill(row, e)
        w.fit_columns(t, widest=16)
        t.setVisible(bool(self.events))
        self.empty.setVisible(not live)
        removed = len(every) - len(live)
        if not every:
            self.empty.setText(f"Nothing is in {self.who}'s activity log yet. Press Alt+C to "
                               "record a contact, an admission or a discharge.")
        elif not live:
            hidden = "" if self.show_removed.isChecked() else " Alt+T shows them."
            count = w.plural(removed, "entry", "entries")
            self.empty.setText(f"Every entry here was removed ({count}).{hidden} Press Alt+C "
                               "to record a contact.")
        self.reselect(keep, live[0].id if live else None)
        self._enable()

    def _fill(self, row: int, e: ContactView) -> None:
        tones: dict[int, str] = {}
        discharged = ""
        if e.kind == ContactKind.UNPLANNED_ADMISSION:
            if e.discharged_on:
                discharged = w.long_date(e.discharged_on)
            elif e.retired_on is None:
                discharged, tones[2] = "Not yet recorded", "amber"
        if e.kind in (ContactKind.UNPLANNED_ADMISSION, ContactKind.AE_ATTENDANCE,
                      ContactKind.CALL_999) and e.retired_on is None:
            tones[1] = "red" if e.kind != ContactKind.CALL_999 else "amber"
        note, what = e.note or "", kind_words(e.kind)
        if e.retired_on is not None:
            what += " (removed)"
            tones = {}
            note = (f"Removed on {w.long_date(e.retired_on)}: {e.retired_reason}"
                    + (f". Note: {e.note}" if e.note else ""))
        w.fill_row(self.table, row, (w.long_date(e.occurred_on), what, discharged, note),
                   data=e.id, tones=tones, muted=e.retired_on is not None)

    def _focus_list(self) -> None:
        """Back to the list after a dialog; to the first button while the list is empty."""
        (self.table if self.table.isVisible() else self.add_button).setFocus()

    def _enable(self) -> None:
        e = self.selected()
        live = e is not None and e.retired_on is None
        self.remove_button.setEnabled(self.can_change and live)
        self.discharge_button.setEnabled(
            self.can_change and live and e.kind == ContactKind.UNPLANNED_ADMISSION
            and e.discharged_on is None)

    # -- actions ----------------------------------------------------------------------------

    def add_contact(self) -> None:
        self.open_dialog(ContactDialog(self.ctx, self.person_id, self, self.who),
                         self._recorded)

    def add_discharge(self) -> None:
        e = self.selected()
        if e is None or e.kind != ContactKind.UNPLANNED_ADMISSION or e.discharged_on:
            self.need_choice("an unplanned admission with no discharge date")
            self._focus_list()
            return
        self.open_dialog(DischargeDialog(self.ctx, e, self), self._recorded)

    def remove_contact(self) -> None:
        e = self.selected()
        if e is None or e.retired_on is not None:
            self.need_choice("an entry")
            self._focus_list()
            return
        self.open_dialog(RemoveContactDialog(self.ctx, e, self), self._removed)

    def _recorded(self, dialog) -> None:
        result: ContactResult = dialog.result_value
        self.refresh()
        w.select_data(self.table, result.event.id)
        self.changed.emit()
        if result.follow_up is None:
            self.say(f"{kind_words(result.event.kind)} on "
                     f"{w.long_date(result.event.occurred_on)} recorded.")
            self._focus_list()
            return
        self.say(follow_up_words(result), "amber" if result.message else "green")
        if result.plan_to_review_id is None or not self.can_change:
            self._focus_list()
            return
        offer = OfferReviewDialog(self.ctx, result, self, self.who)
        self.dialog = offer
        offer.accepted.connect(lambda: self._review_started(offer))
        offer.rejected.connect(self.table.setFocus)
        offer.open()

    def _review_started(self, offer: OfferReviewDialog) -> None:
        plan = offer.review
        self.say(f"{follow_up_words(offer.result_in)} A review has started: version "
                 f"{plan.number} is a draft to work on in the care plan.")
        self.changed.emit()
        self.review_started.emit(plan.id)
        self._focus_list()

    def _removed(self, dialog) -> None:
        e: ContactView = dialog.result_value
        self.refresh()
        self.say(f"{kind_words(e.kind)} on {w.long_date(e.occurred_on)} was taken out of "
                 "the log.", "grey")
        self.changed.emit()
        self._focus_list()
