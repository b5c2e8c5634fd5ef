"""The readings screen, driven from the keyboard: a value typed as text, the impossible
refused, the unusual saved only after "yes", the chart painted offscreen, and the kinds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QTabWidget

from carecoord.domain.enums import ContactKind, Role
from carecoord.domain.errors import PermissionDenied
from carecoord.services import activity, lifestyle, plans, readings
from carecoord.services.base import Ctx
from tests.ui.test_activity_ui import Keyboard
from tests.ui.test_lifestyle_ui import fill_check_from_keyboard
from tests.ui.test_team_ui import open_dialog, shown, table_text
from ui.activity.activity_section import ActivitySection
from ui.activity.contact_dialogs import ContactDialog
from ui.lifestyle.lifestyle_dialog import LifestyleCheckDialog
from ui.lifestyle.lifestyle_section import LifestyleSection
from ui.readings.chart import ReadingsChart, nice_ticks
from ui.readings.kinds_dialog import KindsDialog
from ui.readings.reading_dialogs import AddReadingDialog, RemoveReadingDialog
from ui.readings.readings_section import ReadingsSection
from ui.team.widgets import select_data


@pytest.fixture
def section(qtbot, ctx, person):
    return shown(qtbot, ReadingsSection(ctx, person.id, person_name="Ann"))


def open_add(qtbot, section, keys: Keyboard) -> AddReadingDialog:
    keys.alt(Qt.Key.Key_R)
    return open_dialog(qtbot, section, AddReadingDialog)


def test_a_blood_pressure_typed_as_text(qtbot, ctx, person, section):
    keys = Keyboard(qtbot, section)
    dialog = open_add(qtbot, section, keys)
    assert dialog.kind.currentData() == "blood_pressure"
    assert QApplication.focusWidget() is dialog.value
    keys.type("132/84")
    keys.alt(Qt.Key.Key_D)
    keys.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.type("21/11/2026")
    keys.alt(Qt.Key.Key_I)
    keys.type("08:30")
    keys.enter()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [row] = readings.readings_for(ctx, person.id).rows
    assert (row.value, row.value2, row.taken_at) == (132, 84, dt.datetime(2026, 11, 21, 8, 30))
    text = table_text(section.table)
    assert "132/84 mmHg" in text and "Sat 21 Nov 2026, 08:30" in text and "Yes" in text
    assert section.kind.currentText() == "Blood pressure (1)"
    assert "Blood pressure of 132/84 mmHg saved." in section.result_note.text()


def test_an_impossible_value_is_refused_with_the_service_message(qtbot, ctx, person, section):
    keys = Keyboard(qtbot, section)
    dialog = open_add(qtbot, section, keys)
    keys.type("400/80")
    keys.enter()
    assert dialog.isVisible()
    assert dialog.problem.text() == ("A systolic blood pressure of 400 mmHg is not possible: "
                                     "it must be between 50 and 300 mmHg; please check it.")
    assert not dialog.question.isVisible()
    assert dialog.value.text() == "400/80"
    assert QApplication.focusWidget() is dialog.value
    assert readings.readings_for(ctx, person.id).rows == ()


def test_an_unusual_value_asks_and_is_saved_only_after_yes(qtbot, ctx, person, section):
    keys = Keyboard(qtbot, section)
    dialog = open_add(qtbot, section, keys)
    keys.type("180/95")
    keys.enter()
    assert dialog.isVisible()
    assert dialog.question.text() == ("A blood pressure of 180/95 mmHg is unusually high. "
                                      "Save it anyway?")
    assert dialog.ok.text().replace("&", "") == "Yes, save it anyway"
    assert readings.readings_for(ctx, person.id).rows == ()

    keys.alt(Qt.Key.Key_O)  # no, change it
    assert not dialog.question.isVisible()
    assert QApplication.focusWidget() is dialog.value
    assert readings.readings_for(ctx, person.id).rows == ()

    keys.enter()  # the same value again: the question comes back
    assert dialog.question.isVisible()
    keys.enter()  # yes
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [row] = readings.readings_for(ctx, person.id).rows
    assert row.display == "180/95 mmHg" and row.unusual
    assert "No: high systolic" in table_text(section.table)
    assert "outside the usual range" in section.result_note.text()


def test_changing_the_value_puts_the_question_away(qtbot, ctx, person, section):
    keys = Keyboard(qtbot, section)
    dialog = open_add(qtbot, section, keys)
    keys.type("180/95")
    keys.enter()
    assert dialog.question.isVisible()
    dialog.value.setFocus()
    keys.key(Qt.Key.Key_Backspace)
    assert not dialog.question.isVisible()
    assert dialog.ok.text().replace("&", "") == "Save reading"


def test_another_kind_chosen_by_its_first_letter(qtbot, ctx, person, section):
    keys = Keyboard(qtbot, section)
    dialog = open_add(qtbot, section, keys)
    keys.alt(Qt.Key.Key_K)
    keys.type("bb")  # a letter again moves on to the next kind that starts with it
    assert dialog.kind.currentData() == "blood_glucose"
    assert dialog.unit.text() == "mmol/L"
    assert "4.0 to 12.0 mmol/L" in dialog.value.placeholderText()
    keys.alt(Qt.Key.Key_R)
    keys.type("7,4")
    keys.enter()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert readings.readings_for(ctx, person.id).rows[0].display == "7.4 mmol/L"
    assert section.kind.currentData() == "blood_glucose"


# ---- the chart ---------------------------------------------------------------------------


def non_white(image) -> int:
    white = QColor("#ffffff").rgb()
    return sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if image.pixel(x, y) != white)


def test_the_chart_paints_offscreen_with_data(qtbot, ctx, person):
    for day, value in (("01/11/2026", "142/88"), ("08/11/2026", "168/96"),
                       ("15/11/2026", "135/84"), ("20/11/2026", "131/82")):
        readings.record_reading(ctx, person.id, "blood_pressure", value,
                                taken_at=f"{day} 08:30", confirmed=True)
    section = shown(qtbot, ReadingsSection(ctx, person.id, person_name="Ann"))
    chart = section.chart
    assert chart.isVisible()
    filled = chart.grab().toImage()
    empty = ReadingsChart()
    empty.resize(chart.size())
    blank = empty.grab().toImage()
    assert non_white(filled) > 3 * non_white(blank)
    # The lines are drawn in their colours, and the unusual reading as a red diamond.
    colours = {filled.pixelColor(x, y).name() for x in range(filled.width())
               for y in range(0, filled.height(), 2)}
    assert {"#005eb8", "#9a4a00", "#a3160b"} <= colours
    assert "4 readings from 1 November 2026 to 20 November 2026" in (
        chart.accessibleDescription())
    assert "The shaded band is the usual range for blood pressure: 90 to 160 over 50 to 100 "\
           "mmHg." == section.range_note.text()


def test_tick_marks_cover_every_value():
    assert nice_ticks(50, 168) == [50, 75, 100, 125, 150, 175]
    assert nice_ticks(4.0, 13.2) == [4, 6, 8, 10, 12, 14]


def test_no_readings_hides_the_chart_and_says_what_to_do(section):
    assert not section.chart.isVisible() and not section.table.isVisible()
    assert "Press Alt+R to add one, for example a blood pressure typed as 120/80." in (
        section.empty.text())
    assert section.kind.currentText() == "Blood pressure (none yet)"


def test_kinds_with_readings_come_first_and_the_chooser_filters(qtbot, ctx, person):
    readings.record_reading(ctx, person.id, "blood_pressure", "130/80",
                            taken_at="19/11/2026 09:00")
    readings.record_reading(ctx, person.id, "oxygen_saturation", "96",
                            taken_at="20/11/2026 09:00")
    section = shown(qtbot, ReadingsSection(ctx, person.id, person_name="Ann"))
    items = [section.kind.itemText(i) for i in range(section.kind.count())]
    assert items[:2] == ["Oxygen saturation (1)", "Blood pressure (1)"]
    assert "96%" in table_text(section.table)
    section.kind.setCurrentIndex(1)
    assert "130/80 mmHg" in table_text(section.table) and "96%" not in table_text(
        section.table)


def test_a_reading_entered_in_error_is_removed(qtbot, ctx, person):
    readings.record_reading(ctx, person.id, "weight", "82.5")
    section = shown(qtbot, ReadingsSection(ctx, person.id, person_name="Ann"))
    section.table.setFocus()
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_V)
    dialog = open_dialog(qtbot, section, RemoveReadingDialog)
    keys.enter()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert readings.readings_for(ctx, person.id).rows == ()
    assert "The weight of 82.5 kg was taken off the list." in section.result_note.text()


def test_a_huddle_viewer_sees_readings_but_cannot_add_one(qtbot, ctx, person):
    readings.record_reading(ctx, person.id, "weight", "82.5")
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 ctx.today)
    section = shown(qtbot, ReadingsSection(viewer, person.id, person_name="Ann"))
    assert "82.5 kg" in table_text(section.table)
    assert not section.add_button.isEnabled() and not section.remove_button.isEnabled()
    assert section.kind.isEnabled()
    with pytest.raises(PermissionDenied):
        readings.record_reading(viewer, person.id, "weight", "80")


# ---- done means: a contact, a lifestyle check and two readings, without a mouse -----------


def test_without_a_mouse_a_contact_a_lifestyle_check_and_two_readings(qtbot, ctx, person,
                                                                      capsys):
    """The three sections as tabs of one record; the matron never touches the mouse.

    Every key press is counted. Typed text counts one press a character; Alt+C, Tab, Enter
    and Ctrl+PageDown count one each.
    """
    tabs = QTabWidget()
    activity_tab = ActivitySection(ctx, person.id, person_name="Ann")
    lifestyle_tab = LifestyleSection(ctx, person.id, person_name="Ann")
    readings_tab = ReadingsSection(ctx, person.id, person_name="Ann")
    for page, title in ((activity_tab, "Contacts"), (lifestyle_tab, "Lifestyle"),
                        (readings_tab, "Readings")):
        tabs.addTab(page, title)
    # The record view binds Ctrl+PageDown to the next section; this stands in for it.
    step = QShortcut(QKeySequence("Ctrl+PgDown"), tabs)
    step.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    step.activated.connect(lambda: tabs.setCurrentIndex(tabs.currentIndex() + 1))
    shown(qtbot, tabs)
    activity_tab.add_button.setFocus()
    keys = Keyboard(qtbot, tabs)
    started = time.perf_counter()

    # A home visit, today, with a short note.
    keys.alt(Qt.Key.Key_C)
    contact = open_dialog(qtbot, activity_tab, ContactDialog)
    keys.alt(Qt.Key.Key_N)
    keys.type("Legs dressed, mood low")
    keys.enter()
    qtbot.waitUntil(lambda: not contact.isVisible())

    # The lifestyle check, with a prevention goal.
    keys.key(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is lifestyle_tab
    keys.alt(Qt.Key.Key_L)
    check = open_dialog(qtbot, lifestyle_tab, LifestyleCheckDialog)
    fill_check_from_keyboard(keys, "Stop smoking by the summer")
    qtbot.waitUntil(lambda: not check.isVisible())

    # Two readings: a blood pressure, then a blood glucose.
    keys.key(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is readings_tab
    keys.alt(Qt.Key.Key_R)
    first = open_dialog(qtbot, readings_tab, AddReadingDialog)
    keys.type("132/84")
    keys.enter()
    qtbot.waitUntil(lambda: not first.isVisible())
    keys.alt(Qt.Key.Key_R)
    second = open_dialog(qtbot, readings_tab, AddReadingDialog)
    keys.alt(Qt.Key.Key_K)
    keys.type("bb")
    keys.alt(Qt.Key.Key_R)
    keys.type("7.4")
    keys.enter()
    qtbot.waitUntil(lambda: not second.isVisible())
    elapsed = time.perf_counter() - started

    [visit] = activity.for_person(ctx, person.id)
    assert (visit.kind, visit.note) == (ContactKind.HOME_VISIT, "Legs dressed, mood low")
    [saved] = lifestyle.checks_for(ctx, person.id)
    assert saved.bmi == 30.9 and len(saved.interventions) == 1
    assert [g.person_words for g in plans.working_plan(ctx, person.id).goals] == [
        "Stop smoking by the summer"]
    assert sorted(r.display for r in readings.readings_for(ctx, person.id).rows) == [
        "132/84 mmHg", "7.4 mmol/L"]

    other = keys.presses - keys.typed
    # A steady typist manages about four characters a second; allow two seconds for every
    # other key, each of which is a decision. Both are generous for a practised user.
    human = keys.typed / 4 + other * 2
    with capsys.disabled():
        print(f"\n[without a mouse] {keys.presses} key presses: {keys.typed} characters "
              f"typed and {other} other keys; about {human:.0f} s for a person; "
              f"{elapsed:.1f} s here.")
    assert keys.presses <= 160
    assert human < 120


# ---- the kinds of reading ---------------------------------------------------------------------


def test_a_new_kind_added_from_the_keyboard_can_be_recorded(qtbot, ctx, person, section):
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_K)
    dialog = open_dialog(qtbot, section, KindsDialog)
    for letter, text, high in ((Qt.Key.Key_N, "Temperature", None),
                               (Qt.Key.Key_U, "°C", None), (Qt.Key.Key_P, "30", "45"),
                               (Qt.Key.Key_F, "35.5", "38")):
        keys.alt(letter)
        keys.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        keys.type(text)
        if high:
            keys.tab()
            keys.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            keys.type(high)
    keys.alt(Qt.Key.Key_D)
    keys.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.type("1")
    keys.alt(Qt.Key.Key_A)
    assert dialog.problem.isHidden(), dialog.problem.text()
    assert "Temperature added" in dialog.done_note.text()
    keys.key(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "Temperature (none yet)" in [section.kind.itemText(i)
                                         for i in range(section.kind.count())]
    row = readings.record_reading(ctx, person.id, "temperature", "38.6", confirmed=True)
    assert row.display == "38.6 °C" and row.unusual


def test_a_kind_with_its_ranges_the_wrong_way_round_is_refused(qtbot, ctx, section):
    dialog = KindsDialog(ctx, section)
    qtbot.addWidget(dialog)
    dialog.name.setText("Temperature")
    dialog.unit.setText("°C")
    dialog.possible.set(45, 30)
    dialog.usual.set(35.5, 38)
    dialog.add_kind()
    assert dialog.problem.text() == "The lowest possible value must be below the highest."
    assert dialog.focusWidget() is dialog.possible.low
    assert "temperature" not in [k.code for k in readings.reading_kinds(ctx)]


def test_a_retired_kind_is_no_longer_offered_for_new_readings(qtbot, ctx, person, section):
    dialog = KindsDialog(ctx, section)
    qtbot.addWidget(dialog)
    w_select(dialog, "peak_flow")
    dialog.retire_button.click()
    assert "Peak flow is retired" in dialog.done_note.text()
    assert dialog.restore_button.isEnabled()
    add = AddReadingDialog(ctx, person.id)
    qtbot.addWidget(add)
    assert add.kind.findData("peak_flow") < 0


def w_select(dialog: KindsDialog, code: str) -> None:
    assert select_data(dialog.table, code)
