"""Appointments from the keyboard: booking with the clash and heavy-week warnings shown
before anything is saved, rescheduling with its history, outcomes, and my week."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecoord.domain.enums import AppointmentStatus, Role, Sector
from carecoord.domain.errors import PermissionDenied
from carecoord.services import appointments, team
from carecoord.services.appointments import AppointmentInput
from carecoord.services.base import Ctx
from carecoord.services.people import PersonInput, create_person
from carecoord.services.team import ProfessionalInput
from tests.ui.test_team_ui import activate, alt, key, open_dialog, shown, table_text, type_text
from ui.appointments.appointments_section import AppointmentsSection, StatusDialog
from ui.appointments.booking_dialog import BookingDialog, RescheduleDialog
from ui.appointments.week_view import WeekView
from ui.team import widgets as w


@pytest.fixture
def section(qtbot, ctx, person):
    team.handover_lead(ctx, person.id, ctx.actor.professional_id, on=dt.date(2026, 1, 5))
    return shown(qtbot, AppointmentsSection(ctx, person.id, person_name="Ann"))


def book(ctx, person_id, when, purpose="Check on breathing", minutes=30, pro="me"):
    pro_id = ctx.actor.professional_id if pro == "me" else pro
    return appointments.book(ctx, person_id, AppointmentInput(
        "home_visit", when, minutes, purpose, "Home", pro_id)).appointment


def fill_booking(qtbot, dialog, day, time, purpose, minutes=None):
    alt(qtbot, dialog, Qt.Key.Key_D)
    type_text(qtbot, day)
    alt(qtbot, dialog, Qt.Key.Key_T)
    type_text(qtbot, time)
    if minutes is not None:
        alt(qtbot, dialog, Qt.Key.Key_U)
        type_text(qtbot, str(minutes))
    alt(qtbot, dialog, Qt.Key.Key_R)
    type_text(qtbot, purpose)


# ---- booking and rescheduling -------------------------------------------------------------


def test_book_then_reschedule_keeps_and_shows_the_history(qtbot, ctx, person, section):
    assert "No appointments recorded for Ann. Press Alt+B" in section.empty.text()
    alt(qtbot, section, Qt.Key.Key_B)
    dialog = open_dialog(qtbot, section, BookingDialog)
    assert dialog.with_whom.currentText().startswith("Jo Bloggs")  # me, by default
    fill_booking(qtbot, dialog, "24/11/2026", "10:00", "Check on breathing", minutes=45)
    alt(qtbot, dialog, Qt.Key.Key_C)
    type_text(qtbot, "Key safe at the back door")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    booked = appointments.for_person(ctx, person.id).upcoming
    assert len(booked) == 1
    a = booked[0]
    assert (a.starts_at, a.minutes, a.purpose, a.access_needs, a.professional_id) == (
        dt.datetime(2026, 11, 24, 10, 0), 45, "Check on breathing",
        "Key safe at the back door", ctx.actor.professional_id)
    assert "Tue 24 Nov 2026, 10:00–10:45" in table_text(section.table)
    assert section.selected().id == a.id
    assert section.history_note.text() == "This appointment has not been moved."

    alt(qtbot, section, Qt.Key.Key_R)
    dialog = open_dialog(qtbot, section, RescheduleDialog)
    assert QApplication.focusWidget() is dialog.day
    type_text(qtbot, "25/11/2026")
    alt(qtbot, dialog, Qt.Key.Key_T)
    type_text(qtbot, "14:00")
    alt(qtbot, dialog, Qt.Key.Key_R)
    type_text(qtbot, "Ann asked for an afternoon")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    changes = appointments.history(ctx, a.id)
    assert [(c.old_starts_at, c.new_starts_at, c.reason) for c in changes] == [
        (dt.datetime(2026, 11, 24, 10, 0), dt.datetime(2026, 11, 25, 14, 0),
         "Ann asked for an afternoon")]
    assert section.history.isVisible() and section.history.rowCount() == 1
    row = [section.history.item(0, c).text() for c in range(5)]
    assert row[:2] == ["Tue 24 Nov 2026, 10:00", "Wed 25 Nov 2026, 14:00"]
    assert row[3:] == ["Jo Bloggs", "Ann asked for an afternoon"]
    assert "Moved once; first booked for Tue 24 Nov 2026, 10:00." == section.history_note.text()
    assert "Booked; moved once" in table_text(section.table)


def test_a_clash_is_warned_about_before_saving_and_the_time_can_be_changed(
        qtbot, ctx, person, section):
    book(ctx, person.id, "24/11/2026 10:00", "Review of medicines", 60)
    section.refresh()
    alt(qtbot, section, Qt.Key.Key_B)
    dialog = open_dialog(qtbot, section, BookingDialog)
    fill_booking(qtbot, dialog, "24/11/2026", "10:30", "Check on breathing")
    key(qtbot, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert dialog.panel.isVisible()
    assert "Ann Smith already has an appointment at 10:00–11:00 on Tuesday 24 November" in \
        dialog.panel.text.text()
    assert len(appointments.for_person(ctx, person.id).upcoming) == 1  # nothing saved
    assert dialog.ok.text().replace("&", "") == "Book anyway"
    assert dialog.change.isVisible() and dialog.change.isDefault()

    key(qtbot, Qt.Key.Key_Return)  # Enter means "change the time", never "book the clash"
    qtbot.wait(150)
    assert len(appointments.for_person(ctx, person.id).upcoming) == 1
    assert QApplication.focusWidget() is dialog.clock
    type_text(qtbot, "11:00")  # touching the end of the other one is not a clash
    assert not dialog.panel.isVisible()
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    times = [a.starts_at.time() for a in appointments.for_person(ctx, person.id).upcoming]
    assert times == [dt.time(10, 0), dt.time(11, 0)]


def test_book_anyway_saves_the_clash_once_the_user_has_seen_it(qtbot, ctx, person, section):
    nurse = team.add_professional(ctx, ProfessionalInput("Priya Patel", "District nurse",
                                                         Sector.COMMUNITY_NURSING))
    team.add_member(ctx, person.id, nurse.id)
    other = create_person(ctx, PersonInput("9434765870", "Bob", "Jones", "01/02/1945"))
    book(ctx, other.id, "24/11/2026 10:00", pro=nurse.id)
    section.refresh()
    alt(qtbot, section, Qt.Key.Key_B)
    dialog = open_dialog(qtbot, section, BookingDialog)
    alt(qtbot, dialog, Qt.Key.Key_W)
    type_text(qtbot, "Priya Patel (District nurse)")  # her label in the team list
    assert dialog.professional_id() == nurse.id
    fill_booking(qtbot, dialog, "24/11/2026", "10:15", "Wound care")
    key(qtbot, Qt.Key.Key_Return)
    assert "Priya Patel is already booked with someone else" in dialog.panel.text.text()
    alt(qtbot, dialog, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = appointments.for_person(ctx, person.id).upcoming
    assert [(a.professional_id, a.purpose) for a in saved] == [(nurse.id, "Wound care")]


def test_a_heavy_week_is_warned_about(qtbot, ctx, person, section):
    for day in (23, 24, 25, 26):
        book(ctx, person.id, f"{day}/11/2026 09:00")
    section.refresh()
    alt(qtbot, section, Qt.Key.Key_B)
    dialog = open_dialog(qtbot, section, BookingDialog)
    fill_booking(qtbot, dialog, "27/11/2026", "09:00", "Blood test")
    key(qtbot, Qt.Key.Key_Return)
    assert "5th appointment in the week beginning 23 November" in dialog.panel.text.text()
    assert "more than 4" in dialog.panel.text.text()


def test_someone_typed_in_who_is_not_in_the_team_is_kept_as_free_text(qtbot, ctx, person,
                                                                      section):
    alt(qtbot, section, Qt.Key.Key_B)
    dialog = open_dialog(qtbot, section, BookingDialog)
    fill_booking(qtbot, dialog, "02/12/2026", "11:00", "Heart clinic")
    alt(qtbot, dialog, Qt.Key.Key_W)
    type_text(qtbot, "Cardiology clinic")
    alt(qtbot, dialog, Qt.Key.Key_K)
    type_text(qtbot, "Clinic")  # a list finds its entry by typing
    alt(qtbot, dialog, Qt.Key.Key_N)
    type_text(qtbot, "Hospital transport; wheelchair")
    alt(qtbot, dialog, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    a = appointments.for_person(ctx, person.id).upcoming[0]
    assert (a.professional_id, a.with_name, a.mode.label, a.transport_needs) == (
        None, "Cardiology clinic", "Clinic", "Hospital transport; wheelchair")
    assert "Transport: Hospital transport; wheelchair" in table_text(section.table)


def test_a_refusal_is_shown_plainly_and_the_typing_stays(qtbot, ctx, person, section):
    alt(qtbot, section, Qt.Key.Key_B)
    dialog = open_dialog(qtbot, section, BookingDialog)
    fill_booking(qtbot, dialog, "31/11/2026", "10:00", "Check on breathing")
    key(qtbot, Qt.Key.Key_Return)
    assert dialog.problem.text() == "November 2026 has 30 days, so day 31 is impossible."
    assert QApplication.focusWidget() is dialog.day
    assert dialog.purpose.currentText() == "Check on breathing"
    type_text(qtbot, "30/11/2026")
    alt(qtbot, dialog, Qt.Key.Key_T)
    type_text(qtbot, "25:00")
    key(qtbot, Qt.Key.Key_Return)
    assert "'25:00' is not a time of day" in dialog.problem.text()
    assert QApplication.focusWidget() is dialog.clock
    assert appointments.for_person(ctx, person.id).upcoming == ()


def test_outcomes_are_recorded_in_words(qtbot, ctx, person, section):
    past = book(ctx, person.id, "18/11/2026 15:00", "Talk about how things are going")
    section.refresh()
    assert "Booked: outcome not recorded" in table_text(section.table)
    assert w.select_data(section.table, past.id)
    section.table.setFocus()
    alt(qtbot, section, Qt.Key.Key_O)
    dialog = open_dialog(qtbot, section, StatusDialog)
    alt(qtbot, dialog, Qt.Key.Key_D)  # did not attend
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert appointments.get_appointment(ctx, past.id).status == AppointmentStatus.DID_NOT_ATTEND
    assert "Did not attend" in table_text(section.table)
    assert "did_not_attend" not in table_text(section.table)


def test_an_appointment_still_to_come_offers_only_a_cancellation(qtbot, ctx, person,
                                                                  section):
    coming = book(ctx, person.id, "24/11/2026 16:00", "Check on breathing")
    section.refresh()
    assert w.select_data(section.table, coming.id)
    section.table.setFocus()
    alt(qtbot, section, Qt.Key.Key_O)
    dialog = open_dialog(qtbot, section, StatusDialog)
    # Attended and did not attend are refused before the day: offered greyed out, with why.
    assert not dialog.radios[AppointmentStatus.ATTENDED].isEnabled()
    assert not dialog.radios[AppointmentStatus.DID_NOT_ATTEND].isEnabled()
    assert dialog.not_yet.isVisible()
    assert "from the day of the appointment, 24 November 2026" in dialog.not_yet.text()
    # Nothing is chosen for the user: Enter alone asks, and cancels nothing.
    assert dialog.chosen() is None
    assert QApplication.focusWidget() is dialog.radios[AppointmentStatus.CANCELLED_BY_PERSON]
    key(qtbot, Qt.Key.Key_Return)
    assert dialog.problem.text() == "Choose what happened to the appointment."
    assert appointments.get_appointment(ctx, coming.id).status == AppointmentStatus.BOOKED
    alt(qtbot, dialog, Qt.Key.Key_P)  # cancelled by the person
    alt(qtbot, dialog, Qt.Key.Key_R)
    type_text(qtbot, "In hospital")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    done = appointments.get_appointment(ctx, coming.id)
    assert (done.status, done.status_reason) == (AppointmentStatus.CANCELLED_BY_PERSON,
                                                 "In hospital")


def test_on_the_day_attended_is_chosen_and_nothing_is_greyed(qtbot, ctx, person):
    today = book(ctx, person.id, "22/11/2026 09:00")
    dialog = StatusDialog(ctx, today)
    qtbot.addWidget(dialog)
    assert dialog.chosen() == AppointmentStatus.ATTENDED
    assert all(r.isEnabled() for r in dialog.radios.values())
    assert dialog.not_yet.isHidden()


def status_cell(section, appointment_id) -> str:
    assert w.select_data(section.table, appointment_id)
    return section.table.item(section.table.currentRow(), 4).text()


def test_a_cancellation_keeps_its_reason_and_the_list_shows_why(qtbot, ctx, person, section):
    coming = book(ctx, person.id, "26/11/2026 11:00", "Review of medicines")
    section.refresh()
    assert w.select_data(section.table, coming.id)
    section.table.setFocus()
    alt(qtbot, section, Qt.Key.Key_O)
    dialog = open_dialog(qtbot, section, StatusDialog)
    alt(qtbot, dialog, Qt.Key.Key_P)  # cancelled by the person
    alt(qtbot, dialog, Qt.Key.Key_R)
    assert QApplication.focusWidget() is dialog.reason
    assert dialog.reason.accessibleName() == "Reason or note"
    type_text(qtbot, "In hospital after a fall")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    saved = appointments.get_appointment(ctx, coming.id)
    assert (saved.status, saved.status_reason) == (AppointmentStatus.CANCELLED_BY_PERSON,
                                                   "In hospital after a fall")
    assert status_cell(section, coming.id) == ("Cancelled by the person\n"
                                               "Reason: In hospital after a fall")


def test_a_missed_appointment_shows_why_and_a_correction_shows_its_note(
        qtbot, ctx, person, section):
    past = book(ctx, person.id, "18/11/2026 15:00", "Talk about how things are going")
    appointments.set_status(ctx, past.id, AppointmentStatus.DID_NOT_ATTEND,
                            "No answer at the door")
    quiet = book(ctx, person.id, "17/11/2026 09:00", "Dressing change")
    appointments.set_status(ctx, quiet.id, AppointmentStatus.ATTENDED)
    section.refresh()
    assert status_cell(section, past.id) == "Did not attend\nReason: No answer at the door"
    assert status_cell(section, quiet.id) == "Attended"

    section.table.setFocus()
    assert w.select_data(section.table, past.id)
    alt(qtbot, section, Qt.Key.Key_O)
    dialog = open_dialog(qtbot, section, StatusDialog)
    assert "(Reason: No answer at the door)" in dialog.intro.text()
    alt(qtbot, dialog, Qt.Key.Key_R)
    type_text(qtbot, "Was in the garden; seen after all")
    key(qtbot, Qt.Key.Key_Return)  # attended is the only move offered
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert status_cell(section, past.id) == "Attended\nNote: Was in the garden; seen after all"


# ---- my week ------------------------------------------------------------------------------


def test_week_view_lists_my_week_day_by_day_and_moves_by_keys(qtbot, ctx, person):
    other = create_person(ctx, PersonInput("9434765870", "Bob", "Jones", "01/02/1945"))
    book(ctx, person.id, "24/11/2026 10:00", "Check on breathing")
    book(ctx, other.id, "26/11/2026 13:00", "Review of the care plan", 60)
    book(ctx, person.id, "17/11/2026 09:00", "Blood test")
    view = shown(qtbot, WeekView(ctx))
    assert view.week_start == dt.date(2026, 11, 16)  # today, 22 November, is a Sunday
    assert "(this week)" in view.week_label.text()
    assert "Blood test" in table_text(view.table)
    assert not view.this_week_button.isEnabled()

    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.week_start == dt.date(2026, 11, 23)
    text = table_text(view.table)
    assert "Monday 23 November" in text and "Sunday 29 November" in text
    assert "Ann Smith" in text and "Bob Jones" in text and "943 476 5919" in text
    assert "Blood test" not in text
    assert view.summary.text() == "2 appointments with 2 people this week."
    day_rows = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
    assert day_rows.index("Tuesday 24 November") < day_rows.index("10:00–10:30")
    assert day_rows.index("10:00–10:30") < day_rows.index("Wednesday 25 November")

    with qtbot.waitSignal(view.open_person) as opened:
        key(qtbot, Qt.Key.Key_Return)  # the first appointment of the week is selected
    assert opened.args == [person.id]

    qtbot.keyClick(view.table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.summary.text() == "Nothing is booked with you this week."
    alt(qtbot, view, Qt.Key.Key_H)  # this week
    assert view.week_start == dt.date(2026, 11, 16)
    qtbot.keyClick(view.table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.week_start == dt.date(2026, 11, 9)


def test_week_view_marks_my_double_bookings_in_words(qtbot, ctx, person):
    other = create_person(ctx, PersonInput("9434765870", "Bob", "Jones", "01/02/1945"))
    book(ctx, person.id, "24/11/2026 10:00", minutes=60)
    book(ctx, other.id, "24/11/2026 10:30", "Review of medicines")
    book(ctx, other.id, "24/11/2026 11:00", "Blood test")  # touches the first: no overlap
    view = shown(qtbot, WeekView(ctx, week_start=dt.date(2026, 11, 24)))
    statuses = {view.table.item(r, 5).text(): view.table.item(r, 6).text()
                for r in range(view.table.rowCount()) if view.table.item(r, 6) is not None}
    assert statuses == {"Check on breathing": "Booked; overlaps another appointment",
                        "Review of medicines": "Booked; overlaps another appointment",
                        "Blood test": "Booked"}
    assert "2 appointments overlap another one" in view.summary.text()


# ---- read only ----------------------------------------------------------------------------


def test_huddle_viewer_sees_appointments_but_cannot_book(qtbot, ctx, person):
    book(ctx, person.id, "24/11/2026 10:00")
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 ctx.today)
    section = shown(qtbot, AppointmentsSection(viewer, person.id))
    assert "Check on breathing" in table_text(section.table)
    for b in (section.book_button, section.move_button, section.status_button):
        assert not b.isEnabled()
    activate(qtbot, section)
    with pytest.raises(PermissionDenied):
        appointments.book(viewer, person.id, AppointmentInput(
            "phone", "25/11/2026 10:00", 15, "Check in", None, None, "Practice"))
