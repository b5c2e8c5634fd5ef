"""The record's dialogs on a 1366x768 laptop at 150% scaling: a window may be at most 910x480
logical pixels there, or its Save and Cancel buttons are off the screen. Each dialog is
opened as a user first sees it, and again with its messages showing; its least size and the
size it asks for must fit, and no message may sit on top of a row."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from PySide6.QtWidgets import QDialog, QWidget

from carecoord.services import appointments, readings
from carecoord.services.appointments import AppointmentInput
from tests.ui.conftest import activate
from ui.appointments.appointments_section import StatusDialog
from ui.appointments.booking_dialog import BookingDialog, RescheduleDialog
from ui.lifestyle.lifestyle_dialog import LifestyleCheckDialog
from ui.lifestyle.lifestyle_section import RemoveCheckDialog
from ui.readings.kinds_dialog import KindsDialog
from ui.readings.reading_dialogs import AddReadingDialog, RemoveReadingDialog

SCREEN = (910, 480)  # 1366x768 at 150%, in logical pixels


def opened(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    qtbot.wait(20)  # the dialog settles its height after the layout has run
    return dialog


def assert_fits_the_screen(dialog: QDialog) -> None:
    width, height = SCREEN
    for what, size in (("least size", dialog.minimumSizeHint()),
                       ("size asked for", dialog.sizeHint()),
                       ("least size set", dialog.minimumSize())):
        assert size.width() <= width and size.height() <= height, (
            type(dialog).__name__, what, size.toTuple())


def assert_nothing_overlaps(dialog: QDialog) -> None:
    """No two of the dialog's own parts (labels, fields, messages, buttons) share pixels."""
    parts = [c for c in dialog.findChildren(QWidget) if c.parentWidget() is dialog
             and c.isVisible() and not c.isWindow()]
    for a, b in itertools.combinations(parts, 2):
        assert not a.geometry().intersects(b.geometry()), (
            type(dialog).__name__, a.accessibleName() or a.objectName() or type(a).__name__,
            b.accessibleName() or b.objectName() or type(b).__name__)


@pytest.fixture
def booked(ctx, person):
    me = ctx.actor.professional_id
    return appointments.book(ctx, person.id, AppointmentInput(
        "home_visit", "24/11/2026 16:00", 45, "Check on breathing and swelling of the ankles",
        "Home", me, None, "Needs hospital transport; wheelchair",
        "Key safe 1234 at the back door; hearing loop")).appointment


def test_the_booking_dialog_fits_and_a_refusal_pushes_the_rows_down(qtbot, ctx, person):
    dialog = opened(qtbot, BookingDialog(ctx, person.id, person_name="Ann Smith"))
    assert_fits_the_screen(dialog)
    assert_nothing_overlaps(dialog)
    dialog.clock.setText("")
    dialog.ok.click()
    assert dialog.problem.isVisible()
    qtbot.wait(20)
    assert_fits_the_screen(dialog)
    assert_nothing_overlaps(dialog)


def test_the_booking_dialog_fits_with_every_warning_showing(qtbot, ctx, person, booked):
    for day in ("23/11/2026", "25/11/2026", "26/11/2026", "27/11/2026"):
        appointments.book(ctx, person.id, AppointmentInput(
            "home_visit", f"{day} 10:00", 30, "Review of medicines", "Home",
            ctx.actor.professional_id))
    dialog = opened(qtbot, BookingDialog(ctx, person.id, person_name="Ann Smith"))
    dialog.day.setText("24/11/2026")
    dialog.clock.setText("16:15")
    dialog.purpose.setCurrentText("Blood test")
    dialog.ok.click()
    assert dialog.panel.isVisible() and len(dialog.panel.warnings) >= 2
    qtbot.wait(20)
    assert_fits_the_screen(dialog)
    assert_nothing_overlaps(dialog)


def test_rescheduling_and_recording_an_outcome_fit(qtbot, ctx, person, booked):
    for dialog in (RescheduleDialog(ctx, booked), StatusDialog(ctx, booked)):
        opened(qtbot, dialog)
        assert_fits_the_screen(dialog)
        assert_nothing_overlaps(dialog)


def test_the_lifestyle_check_fits_with_its_buttons_in_view(qtbot, ctx, person):
    dialog = opened(qtbot, LifestyleCheckDialog(ctx, person.id, person_name="Ann Smith"))
    assert_fits_the_screen(dialog)
    # The check, the brief intervention and the goal scroll; the buttons never do.
    assert dialog.scroll.isAncestorOf(dialog.goal_words)
    assert not dialog.scroll.isAncestorOf(dialog.ok)
    assert dialog.ok.isVisible() and dialog.rect().contains(dialog.ok.geometry())
    assert dialog.scroll.horizontalScrollBar().maximum() == 0
    for edit, text in ((dialog.alcohol, "40"), (dialog.height, "20"), (dialog.weight, "900"),
                       (dialog.wellbeing, "11")):
        edit.setText(text)
        edit.editingFinished.emit()
    dialog.goal_target.setText("01/01/2020")
    dialog.goal_words.setText("Walk to the post box")
    dialog.run()
    assert dialog.problem.isVisible()
    qtbot.wait(20)
    assert_fits_the_screen(dialog)
    assert_nothing_overlaps(dialog)
    # Moving to the goal from the keyboard scrolls it into view.
    dialog.goal_words.setFocus()
    qtbot.wait(20)
    top_left = dialog.goal_words.mapTo(dialog.scroll.viewport(), dialog.goal_words.rect()
                                       .topLeft())
    assert dialog.scroll.viewport().rect().contains(top_left)


def test_the_readings_dialogs_fit(qtbot, ctx, person):
    row = readings.record_reading(ctx, person.id, "blood_pressure", "132/84",
                                  taken_at="20/11/2026 08:30", confirmed=True)
    add = opened(qtbot, AddReadingDialog(ctx, person.id, person_name="Ann Smith"))
    assert_fits_the_screen(add)
    add.value.setText("230/130")  # unusual: the dialog asks before saving
    add.run()
    qtbot.wait(20)
    assert add.question.isVisible()
    assert_fits_the_screen(add)
    assert_nothing_overlaps(add)
    for dialog in (RemoveReadingDialog(ctx, row), KindsDialog(ctx)):
        opened(qtbot, dialog)
        assert_fits_the_screen(dialog)
        assert_nothing_overlaps(dialog)


def test_removing_a_lifestyle_check_fits(qtbot, ctx, person):
    from carecoord.services import lifestyle
    from carecoord.services.lifestyle import CheckInput

    check = lifestyle.record_check(ctx, person.id, CheckInput("current", checked_on=dt.date(
        2026, 11, 20)))
    dialog = opened(qtbot, RemoveCheckDialog(ctx, check))
    assert_fits_the_screen(dialog)
    assert_nothing_overlaps(dialog)
