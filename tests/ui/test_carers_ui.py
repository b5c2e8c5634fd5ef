"""Carers from the keyboard: adding one with consent and nomination, changing, ending."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecoord.domain.enums import Role
from carecoord.services import carers
from carecoord.services.base import Ctx
from carecoord.services.carers import CarerInput
from tests.ui.test_team_ui import alt, key, open_dialog, shown, table_text, type_text
from ui.carers.carers_section import CarerDialog, CarersSection, EndCarerDialog
from ui.team import widgets as w


@pytest.fixture
def section(qtbot, ctx, person):
    return shown(qtbot, CarersSection(ctx, person.id, person_name="Ann"))


def test_adding_a_carer_with_consent_who_receives_copies(qtbot, ctx, person, section):
    assert section.empty.text() == ("No carers recorded. Press Alt+A to add a carer or "
                                    "someone who supports Ann.")
    alt(qtbot, section, Qt.Key.Key_A)
    dialog = open_dialog(qtbot, section, CarerDialog)
    assert QApplication.focusWidget() is dialog.name
    assert not dialog.nominated.isEnabled()  # no consent yet, so no copies
    type_text(qtbot, "Sue Smith")
    alt(qtbot, dialog, Qt.Key.Key_R)
    type_text(qtbot, "Daughter")
    alt(qtbot, dialog, Qt.Key.Key_P)
    type_text(qtbot, "07700 900123")
    alt(qtbot, dialog, Qt.Key.Key_A)  # Ann agrees to involve her
    assert dialog.consent.isChecked() and dialog.nominated.isEnabled()
    alt(qtbot, dialog, Qt.Key.Key_O)
    type_text(qtbot, "01/10/2026")
    alt(qtbot, dialog, Qt.Key.Key_V)  # nominated carer: receives copies
    alt(qtbot, dialog, Qt.Key.Key_W)
    type_text(qtbot, "Works full time; would like a carer's assessment")
    alt(qtbot, dialog, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    saved = carers.carers_for(ctx, person.id)
    assert [(c.name, c.relationship, c.phone, c.consent_to_involve, c.consent_recorded_on,
             c.nominated, c.own_needs) for c in saved] == [
        ("Sue Smith", "Daughter", "07700 900123", True, dt.date(2026, 10, 1), True,
         "Works full time; would like a carer's assessment")]
    text = table_text(section.table)
    assert "Yes, recorded 1 October 2026" in text
    assert "Yes: nominated carer" in text
    assert section.summary.text() == ("Nominated carer who receives copies: Sue Smith "
                                      "(daughter)")
    assert not section.empty.isVisible()


def test_a_problem_is_shown_beside_the_form_and_the_typing_stays(qtbot, ctx, person,
                                                                 section):
    alt(qtbot, section, Qt.Key.Key_A)
    dialog = open_dialog(qtbot, section, CarerDialog)
    type_text(qtbot, "Bill Green")
    alt(qtbot, dialog, Qt.Key.Key_E)
    type_text(qtbot, "bill at example")
    key(qtbot, Qt.Key.Key_Return)
    assert dialog.problem.text() == ("Enter how they are related to the person, for example "
                                     "'Daughter' or 'Neighbour'.")
    assert QApplication.focusWidget() is dialog.relationship
    type_text(qtbot, "Neighbour")
    key(qtbot, Qt.Key.Key_Return)
    assert dialog.problem.text() == "'bill at example' is not an email address."
    assert QApplication.focusWidget() is dialog.email
    assert dialog.name.text() == "Bill Green"
    assert carers.carers_for(ctx, person.id) == []


def test_changing_and_ending_a_carer_keeps_them_in_the_history(qtbot, ctx, person, section):
    bill = carers.add_carer(ctx, person.id, CarerInput("Bill Green", "Neighbour"))
    section.refresh()
    assert "Not agreed: do not share information" in table_text(section.table)
    assert w.select_data(section.table, bill.id)
    section.table.setFocus()
    key(qtbot, Qt.Key.Key_Return)  # Enter on a carer opens their details
    dialog = open_dialog(qtbot, section, CarerDialog)
    assert dialog.name.text() == "Bill Green"
    alt(qtbot, dialog, Qt.Key.Key_P)
    type_text(qtbot, "01632 960 999")
    alt(qtbot, dialog, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert carers.carers_for(ctx, person.id)[0].phone == "01632 960 999"

    alt(qtbot, section, Qt.Key.Key_I)
    dialog = open_dialog(qtbot, section, EndCarerDialog)
    type_text(qtbot, "Moved away")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert carers.carers_for(ctx, person.id) == []
    assert "No carers recorded" in section.empty.text()
    alt(qtbot, section, Qt.Key.Key_F)  # show former carers
    assert "Bill Green (until 22 November 2026)" in table_text(section.table)


def test_huddle_viewer_cannot_add_or_change_carers(qtbot, ctx, person):
    carers.add_carer(ctx, person.id, CarerInput("Sue Smith", "Daughter"))
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 ctx.today)
    section = shown(qtbot, CarersSection(viewer, person.id))
    assert "Sue Smith" in table_text(section.table)
    for b in (section.add_button, section.edit_button, section.end_button):
        assert not b.isEnabled()
    section.table.setFocus()
    key(qtbot, Qt.Key.Key_Return)
    assert section.dialog is None
