"""A person's appointments across every provider: coming up and past, with booking,
rescheduling (the history is kept and shown) and the outcome of each."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWidget

from carecoord.domain.enums import AppointmentStatus
from carecoord.domain.errors import ValidationError
from carecoord.services import appointments
from carecoord.services.appointments import AppointmentView
from carecoord.services.base import Ctx
from ui import style
from ui.appointments.booking_dialog import BookingDialog, RescheduleDialog
from ui.list_section import WrapAnywhere
from ui.record.flow import FlowLayout
from ui.team import widgets as w

FIT_ROWS = 12  # shown whole before the list scrolls on its own
COLUMNS = ("When", "Kind", "With", "Purpose", "Status", "Place, transport and access")
S = AppointmentStatus
# The moves the screen offers; the service holds the rule and has the last word.
NEXT_STATUS: dict[AppointmentStatus, tuple[AppointmentStatus, ...]] = {
    S.BOOKED: (S.ATTENDED, S.DID_NOT_ATTEND, S.CANCELLED_BY_PERSON, S.CANCELLED_BY_SERVICE),
    S.ATTENDED: (S.DID_NOT_ATTEND,),
    S.DID_NOT_ATTEND: (S.ATTENDED,),
    S.CANCELLED_BY_PERSON: (),
    S.CANCELLED_BY_SERVICE: (),
}
MNEMONIC = {S.ATTENDED: "&Attended", S.DID_NOT_ATTEND: "&Did not attend",
            S.CANCELLED_BY_PERSON: "Cancelled by the &person",
            S.CANCELLED_BY_SERVICE: "Cancelled by the &service"}
ON_THE_DAY = (S.ATTENDED, S.DID_NOT_ATTEND)
TONE = {S.ATTENDED: "green", S.DID_NOT_ATTEND: "amber", S.CANCELLED_BY_PERSON: "grey",
        S.CANCELLED_BY_SERVICE: "grey"}


def status_words(a: AppointmentView, past: bool) -> tuple[str, str | None]:
    """The status in words, with the reason given for it on a line of its own, and the
    colour that goes with them."""
    moved = a.sequence - (1 if a.is_cancelled else 0)
    text = a.status.label
    if moved > 0:
        text += f"; moved {'once' if moved == 1 else f'{moved} times'}"
    if a.status == S.BOOKED and past:
        return "Booked: outcome not recorded", "amber"
    if a.status_reason:
        text += f"\n{reason_words(a)}"
    return text, TONE.get(a.status)


def reason_words(a: AppointmentView) -> str:
    """'Reason: …' for a cancellation or a missed appointment, 'Note: …' otherwise."""
    if not a.status_reason:
        return ""
    kind = "Reason" if a.is_cancelled or a.status == S.DID_NOT_ATTEND else "Note"
    return f"{kind}: {a.status_reason}"


class StatusDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, appointment: AppointmentView, parent: QWidget | None = None):
        a = appointment
        why = f" ({reason_words(a)})" if a.status_reason else ""
        super().__init__("Record what happened",
                         f"{w.day_and_time(a.starts_at, a.minutes)}, {a.mode.label.lower()}"
                         f" with {a.who or 'the team'}: {a.purpose}. It is now marked "
                         f"'{a.status.label.lower()}'{why}.", "Rec&ord", parent)
        self.ctx, self.appointment = ctx, a
        self.choices = QButtonGroup(self)
        self.radios: dict[AppointmentStatus, QRadioButton] = {}
        # Attended and did not attend are for the day itself or later (the service's rule):
        # before then they are offered greyed out, with the reason under them.
        not_yet = a.starts_at.date() > ctx.today()
        for status in NEXT_STATUS[a.status]:
            radio = QRadioButton(MNEMONIC[status])
            radio.setAccessibleName(status.label)
            radio.setEnabled(not (not_yet and status in ON_THE_DAY))
            self.choices.addButton(radio)
            self.radios[status] = radio
            self.form.addRow(radio)
        allowed = [r for r in self.radios.values() if r.isEnabled()]
        self.not_yet = w.hint(f"Attended and did not attend can be recorded from the day "
                              f"of the appointment, {w.long_date(a.starts_at.date())}. "
                              "Before then it can only be cancelled.")
        self.not_yet.setVisible(not_yet and any(s in ON_THE_DAY for s in self.radios))
        self.form.addRow(self.not_yet)
        if allowed and not not_yet:
            allowed[0].setChecked(True)  # a cancellation is never chosen for the user
        if allowed:
            self.fields["status"] = allowed[0]
        self.reason = self.row("&Reason or note", w.line_edit(
            "Reason or note", "optional; for a cancellation, say why"), "reason",
            "Reason or note")
        next(iter(allowed), self.reason).setFocus()

    def chosen(self) -> AppointmentStatus | None:
        return next((s for s, r in self.radios.items() if r.isChecked()), None)

    def perform(self) -> AppointmentView:
        chosen = self.chosen()
        if chosen is None:
            raise ValidationError("Choose what happened to the appointment.", "status")
        return appointments.set_status(self.ctx, self.appointment.id, chosen,
                                       self.reason.text())


class AppointmentsSection(QWidget):
    changed = Signal()

    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        self.who = person_name or "this person"
        self.can_change = ctx.actor.can_change
        self.rows: dict[int, tuple[AppointmentView, bool]] = {}  # id -> (view, is past)
        self.dialog = None

        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(w.heading("Appointments"))
        actions = FlowLayout(spacing=max(6, style.em(self) // 2))  # wraps when narrow
        self.book_button = w.button("&Book…", "Book an appointment (Alt+B)", edits=True)
        self.move_button = w.button("&Reschedule…", "Move the selected appointment; the old "
                                    "time is kept (Alt+R)", edits=True)
        self.status_button = w.button("Record &outcome…", "Attended, did not attend, or "
                                      "cancelled (Alt+O)", edits=True)
        for b in (self.book_button, self.move_button, self.status_button):
            actions.addWidget(b)
        layout.addLayout(actions)
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        # As tall as its rows (up to a dozen), the record scrolling instead: a cancellation's
        # reason is read whole, however narrow the window. Long words wrap, never end in '…'.
        self.table = w.table(f"Appointments for {self.who}", COLUMNS, fit_rows=FIT_ROWS)
        self.table.setItemDelegate(WrapAnywhere(self.table))
        layout.addWidget(self.table)
        self.empty = w.note("")
        layout.addWidget(self.empty)

        self.history_heading = w.heading("Changes to the selected appointment", 3)
        layout.addWidget(self.history_heading)
        self.history_note = w.note("")
        layout.addWidget(self.history_note)
        self.history = w.table("Reschedule history",
                               ("Was", "Moved to", "Changed on", "By", "Reason"), fit_rows=5)
        self.history.setItemDelegate(WrapAnywhere(self.history))
        layout.addWidget(self.history)
        layout.addStretch(0)

        self.book_button.clicked.connect(self.book)
        self.move_button.clicked.connect(self.reschedule)
        self.status_button.clicked.connect(self.set_status)
        self.table.itemSelectionChanged.connect(self._show_history)
        w.set_read_only(self, self.can_change)
        self.refresh()

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = w.selected_data(self.table)
        found = appointments.for_person(self.ctx, self.person_id)
        self.rows = {a.id: (a, False) for a in found.upcoming}
        self.rows.update({a.id: (a, True) for a in found.past})
        t = self.table
        t.clearSpans()
        t.setRowCount(2 + len(found.upcoming) + len(found.past) + (not found.upcoming))
        row = 0
        for title, items, past in (("Coming up", found.upcoming, False),
                                   ("Past, most recent first", found.past, True)):
            if not items and past:
                continue
            w.heading_row(t, row, title)
            row += 1
            if not items:
                w.heading_row(t, row, "Nothing booked. Press Alt+B to book an appointment.",
                              muted=True)
                row += 1
            for a in items:
                status, tone = status_words(a, past)
                where = "\n".join(x for x in (
                    a.place or "", f"Transport: {a.transport_needs}" if a.transport_needs
                    else "", f"Access: {a.access_needs}" if a.access_needs else "") if x)
                w.fill_row(t, row, (w.day_and_time(a.starts_at, a.minutes), a.mode.label,
                                    a.who, a.purpose, status, where),
                           data=a.id, tones={4: tone} if tone else None,
                           muted=a.is_cancelled)
                row += 1
        t.setRowCount(row)
        w.fit_columns(t, widest=20)
        has_any = bool(self.rows)
        t.setVisible(has_any)
        w.enable_for_rows(self.can_change, has_any, self.move_button, self.status_button)
        for part in (self.history_heading, self.history_note):
            part.setVisible(has_any)
        self.empty.setVisible(not has_any)
        self.empty.setText(f"No appointments recorded for {self.who}. Press Alt+B to book "
                           "one.")
        if not (keep is not None and w.select_data(t, keep)):
            first = found.upcoming[0] if found.upcoming else (found.past[0] if found.past
                                                               else None)
            if first is not None:
                w.select_data(t, first.id)
        self._show_history()

    def selected(self) -> AppointmentView | None:
        ident = w.selected_data(self.table)
        return self.rows[ident][0] if ident in self.rows else None

    def _show_history(self) -> None:
        a = self.selected()
        changes = appointments.history(self.ctx, a.id) if a is not None else []
        t = self.history
        t.setRowCount(len(changes))
        for row, c in enumerate(changes):
            w.fill_row(t, row, (w.day_and_time(c.old_starts_at), w.day_and_time(c.new_starts_at),
                                w.long_date(c.changed_at.date()), c.changed_by or "",
                                c.reason or ""))
        w.fit_columns(t)
        t.setVisible(bool(changes))
        if a is None:
            self.history_note.setText("Choose an appointment in the list to see whether it "
                                      "was moved.")
        elif not changes:
            self.history_note.setText("This appointment has not been moved.")
        else:
            times = "once" if len(changes) == 1 else f"{len(changes)} times"
            self.history_note.setText(f"Moved {times}; first booked for "
                                      f"{w.day_and_time(changes[0].old_starts_at)}.")

    # -- actions ------------------------------------------------------------------------------

    def _open(self, dialog) -> None:
        w.show_problem(self.problem, None)
        self.dialog = dialog
        dialog.accepted.connect(self._saved)
        dialog.open()

    def _saved(self) -> None:
        value = self.dialog.result_value if self.dialog is not None else None
        self.refresh()
        chosen = getattr(value, "appointment", value)
        if chosen is not None and hasattr(chosen, "id"):
            w.select_data(self.table, chosen.id)
        self.changed.emit()
        self.table.setFocus()

    def _chosen(self) -> AppointmentView | None:
        a = self.selected()
        if a is None:
            w.show_problem(self.problem, "Choose an appointment in the list first, using the "
                                         "arrow keys.")
            self.table.setFocus()
        return a

    def book(self) -> None:
        self._open(BookingDialog(self.ctx, self.person_id, self, self.who))

    def reschedule(self) -> None:
        a = self._chosen()
        if a is None:
            return
        if a.status != S.BOOKED:
            w.show_problem(self.problem, f"This appointment is marked "
                                         f"'{a.status.label.lower()}', so it cannot be moved. "
                                         "Book a new one instead.")
            return
        self._open(RescheduleDialog(self.ctx, a, self))

    def set_status(self) -> None:
        a = self._chosen()
        if a is None:
            return
        if not NEXT_STATUS[a.status]:
            w.show_problem(self.problem, "This appointment was cancelled. Book a new one "
                                         "instead.")
            return
        self._open(StatusDialog(self.ctx, a, self))
