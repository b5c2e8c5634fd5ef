"""Book an appointment, or move one. Clashes and a heavy week are shown BEFORE anything is
saved (appointments.check_booking), with a choice: book anyway, or change the time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.enums import AppointmentMode
from carecoord.domain.errors import CareCoordError, ValidationError
from carecoord.services import appointments, team
from carecoord.services.appointments import (
    AppointmentInput,
    AppointmentView,
    Booked,
    BookingWarning,
)
from carecoord.services.base import Ctx
from carecoord.services.team import ProfessionalView
from ui import style
from ui.team import widgets as w
from ui.window_fit import ScrollingForm, keep_whole

# Neutral wording: the purpose is shown on the person's own calendar and printed plan.
PURPOSES = (
    "Review of the care plan", "Check on breathing", "Review of medicines",
    "Follow-up after a hospital stay", "Blood test", "Wound care", "Check on blood sugar",
    "Talk about how things are going", "Check on swelling and weight", "Carer's check-in",
    "Memory assessment", "Falls assessment", "Home safety check",
)
PLACES = ("Home", "Riverside Clinic", "GP surgery", "By phone", "By video call")
DEFAULT_MINUTES = 30
# The most lines of text the fields take before they scroll: with the buttons under them
# the dialog fits 480 pixels (a 768-pixel screen at 150%).
MOST_LINES = 24


class WarningPanel(QFrame):
    """'Please check before booking': every warning in words, on an amber background."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bookingWarnings")
        self.setStyleSheet(f"#bookingWarnings {{ {w.flag_style('amber')} }}")
        box = QVBoxLayout(self)
        self.heading = w.heading("Please check before booking", 3)
        box.addWidget(self.heading)
        self.text = w.note("")
        self.text.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can reach it
        box.addWidget(self.text)
        self.warnings: list[BookingWarning] = []
        self.hide()

    def show_warnings(self, warnings: list[BookingWarning], action: str) -> None:
        self.warnings = list(warnings)
        self.heading.setText(f"Please check before {action}")
        lines = [f"• {x.message}" for x in warnings]
        self.text.setText("\n".join(lines))
        self.text.setAccessibleName("Warnings: " + " ".join(x.message for x in warnings))
        self.setVisible(bool(warnings))

    def clear(self) -> None:
        self.warnings = []
        self.hide()


class _CheckedTimeDialog(w.FormDialog):
    """The shared part: a date, a time and a length, checked for clashes before saving."""

    verb = "booking"
    ok_text = "&Book"
    anyway_text = "Book &anyway"

    def __init__(self, ctx: Ctx, person_id: int, title: str, intro: str,
                 parent: QWidget | None):
        super().__init__(title, intro, self.ok_text, parent)
        self.setMinimumWidth(style.em(self) * 40)
        self.ctx, self.person_id = ctx, person_id
        self.acknowledged: tuple | None = None
        self.last_warnings: list[BookingWarning] = []
        self.panel = WarningPanel()
        self.body.insertWidget(self.body.indexOf(self.problem), self.panel)
        # The explanation and the fields scroll if the screen is short (a laptop at 150%);
        # the warnings, a refusal and the buttons stay in view under them.
        self.body.removeWidget(self.intro)
        self.body.removeItem(self.form)
        fields = QWidget()
        inside = QVBoxLayout(fields)
        inside.setContentsMargins(0, 0, 0, 0)
        inside.addWidget(self.intro)
        inside.addLayout(self.form)
        inside.addStretch(1)
        self.scroll = ScrollingForm(fields, MOST_LINES, (self.panel, self.problem))
        self.body.insertWidget(0, self.scroll, 1)
        self.change = self.buttons.addButton("C&hange time",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.change.setAccessibleName("Change time")
        self.change.hide()
        self.change.clicked.connect(self.change_time)
        self._buttons_for_warnings(False)
        # A refusal or the warnings push the rows down rather than squeeze them together.
        keep_whole(self)

    # -- the fields every time form has ----------------------------------------------------

    def time_rows(self, day_label: str, time_label: str, day=None, clock: str = "",
                  minutes: int = DEFAULT_MINUTES) -> None:
        self.day = self.row(day_label, w.date_edit(day_label.replace("&", ""),
                                                   day or self.ctx.today()), "starts_at")
        self.clock = self.row(time_label, w.time_edit(time_label.replace("&", ""), clock),
                              "time")
        self.minutes = QSpinBox()
        self.minutes.setRange(1, appointments.MAX_MINUTES)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(minutes)
        self.minutes.setSuffix(" minutes")
        self.minutes.setMaximumWidth(style.em(self) * 9)
        self.row("D&uration", self.minutes, "minutes", "Duration in minutes")
        for edit in (self.day, self.clock):
            edit.textEdited.connect(self._time_changed)
        self.minutes.valueChanged.connect(self._time_changed)

    def starts_at(self) -> str:
        day, clock = self.day.text().strip(), self.clock.text().strip()
        if not day:
            raise ValidationError("Enter the date of the appointment, for example 24/11/2026.",
                                  "starts_at")
        if not clock:
            raise ValidationError("Enter the time of the appointment, for example 14:30.",
                                  "time")
        return f"{day} {clock}"

    def key(self) -> tuple:
        """What the warnings were about: a change to any of it needs a fresh check."""
        return (self.day.text().strip(), self.clock.text().strip(), self.minutes.value(),
                self.professional_id())

    def professional_id(self) -> int | None:
        return None

    def _time_changed(self, *_args) -> None:
        if self.acknowledged is not None or self.panel.isVisible():
            self.acknowledged = None
            self.panel.clear()
            self._buttons_for_warnings(False)

    def _buttons_for_warnings(self, warned: bool) -> None:
        self.ok.setText(self.anyway_text if warned else self.ok_text)
        self.ok.setAccessibleName(self.ok.text().replace("&", ""))
        self.change.setVisible(warned)
        # After a warning, Enter means "let me change it", never "book the clash".
        self.change.setDefault(warned)
        self.ok.setDefault(not warned)

    def change_time(self) -> None:
        self.acknowledged = None
        self._buttons_for_warnings(False)
        self.clock.setFocus()
        self.clock.selectAll()

    # -- check, then save --------------------------------------------------------------------

    def check(self) -> list[BookingWarning]:
        raise NotImplementedError

    def run(self) -> None:
        fields = {**self.fields, "starts_at": self.day}
        try:
            key = self.key()
            if self.acknowledged != key:
                warnings = self.check()
                if warnings:
                    self.last_warnings = warnings
                    self.acknowledged = key
                    w.show_problem(self.problem, None)
                    self.panel.show_warnings(warnings, self.verb)
                    self._buttons_for_warnings(True)
                    self.change.setFocus()
                    return
            result = self.perform()
        except ValidationError as exc:
            w.show_problem(self.problem, str(exc))
            field = exc.field or ""
            if field == "starts_at" and "time of day" in str(exc):
                field = "time"
            target = fields.get(field) or self.first_field()
            if target is not None:
                target.setFocus()
            return
        except CareCoordError as exc:
            w.show_problem(self.problem, str(exc))
            return
        self.result_value = result
        self.accept()


class BookingDialog(_CheckedTimeDialog):
    """Book an appointment for one person, with whom from the care team or typed in."""

    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        who = person_name or "the person"
        super().__init__(ctx, person_id, "Book an appointment",
                         f"An appointment for {who}. Before it is saved you will be told "
                         "about any clash, or a week with many appointments.", parent)
        self.mode = self.row("&Kind of appointment", w.enum_combo(
            AppointmentMode, AppointmentMode.HOME_VISIT, "Kind of appointment"), "mode")
        self.time_rows("&Date", "&Time")
        self.place = self.row("&Place", w.suggestion_combo(
            "Place", PLACES, placeholder="for example Home, or the clinic and room"), "place")
        self.people = self._who_choices()
        self.with_whom = self.row("With &whom", self._with_combo(), "with_name")
        self.purpose = self.row("Pu&rpose", w.suggestion_combo(
            "Purpose", PURPOSES, placeholder="in words the person is happy to read"),
            "purpose")
        self.form.addRow(w.hint(f"The purpose appears on {who}'s own calendar and printed "
                                "plan, so keep it neutral: 'Check on breathing', not a "
                                "diagnosis."))
        self.transport = self.row("Tra&nsport needs", w.line_edit(
            "Transport needs", "for example Needs hospital transport; wheelchair"),
            "transport_needs")
        self.access = self.row("A&ccess needs", w.line_edit(
            "Access needs", "for example Key safe 1234 at the back door; hearing loop"),
            "access_needs")
        self.with_whom.currentTextChanged.connect(self._time_changed)
        self.mode.setFocus()

    def _who_choices(self) -> list[ProfessionalView]:
        """The signed-in user first (the week view shows their bookings), then the team."""
        out: list[ProfessionalView] = []
        me = self.ctx.actor.professional_id
        if me is not None:
            out.append(team.get_professional(self.ctx, me))
        for m in team.team_for(self.ctx, self.person_id):
            if m.professional.id != me:
                out.append(m.professional)
        return out

    def _with_combo(self) -> QComboBox:
        combo = w.suggestion_combo("With whom", [p.label for p in self.people],
                                   placeholder="choose from the care team, or type a name")
        for i, p in enumerate(self.people):
            combo.setItemData(i, p.id)
        if self.people:
            combo.setCurrentIndex(0)
            combo.lineEdit().setCursorPosition(0)  # show the name, not the end of the label
        return combo

    def professional_id(self) -> int | None:
        index = self.with_whom.findText(self.with_whom.currentText().strip(),
                                        Qt.MatchFlag.MatchFixedString)
        return self.with_whom.itemData(index) if index >= 0 else None

    def data(self) -> AppointmentInput:
        pro = self.professional_id()
        return AppointmentInput(
            AppointmentMode(self.mode.currentData()), self.starts_at(), self.minutes.value(),
            self.purpose.currentText(), self.place.currentText(), pro,
            None if pro is not None else self.with_whom.currentText(),
            self.transport.text(), self.access.text())

    def check(self) -> list[BookingWarning]:
        return appointments.check_booking(self.ctx, self.person_id, self.starts_at(),
                                          self.minutes.value(), self.professional_id())

    def perform(self) -> Booked:
        return appointments.book(self.ctx, self.person_id, self.data())


class RescheduleDialog(_CheckedTimeDialog):
    """Move a booked appointment. The old time is kept in its history."""

    verb = "moving it"
    ok_text = "Re&schedule"
    anyway_text = "Reschedule &anyway"

    def __init__(self, ctx: Ctx, appointment: AppointmentView, parent: QWidget | None = None):
        a = appointment
        super().__init__(ctx, a.person_id, "Reschedule the appointment",
                         f"{a.mode.label} with {a.who or 'the team'}, "
                         f"{w.day_and_time(a.starts_at, a.minutes)}: {a.purpose}. The old "
                         "time is kept in the appointment's history.", parent)
        self.appointment = a
        self.time_rows("New &date", "New &time", a.starts_at.date(),
                       f"{a.starts_at:%H:%M}", a.minutes)
        self.reason = self.row("&Reason", w.suggestion_combo(
            "Reason for the change", ("The person asked to move it", "Staff unavailable",
                                      "Transport not available", "Clashed with another "
                                      "appointment"), placeholder="optional"), "reason",
            "Reason for the change")
        self.day.setFocus()
        self.day.selectAll()

    def professional_id(self) -> int | None:
        return self.appointment.professional_id

    def check(self) -> list[BookingWarning]:
        return appointments.check_booking(self.ctx, self.person_id, self.starts_at(),
                                          self.minutes.value(), self.professional_id(),
                                          self.appointment.id)

    def perform(self) -> Booked:
        return appointments.reschedule(self.ctx, self.appointment.id, self.starts_at(),
                                       self.minutes.value(), self.reason.currentText())
