"""Creating and editing a person: the NHS number and dates are checked as they are typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from carecoord.services import people
from ui.record import forms
from ui.record.person_dialog import PersonDialog, edit_person, new_person


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    """A question box would wait for a click that never comes; answer 'yes' unless a test
    says otherwise."""
    monkeypatch.setattr(forms, "confirm", lambda *a: True)


def _dialog(qtbot, ctx, person=None) -> PersonDialog:
    dialog = PersonDialog(ctx, person)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def tab_out(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key_Tab)


def test_an_invalid_nhs_number_is_named_as_typed_and_refused(qtbot, ctx):
    dialog = _dialog(qtbot, ctx)
    assert dialog.nhs.hasFocus(), "the NHS number is the first field"
    qtbot.keyClicks(dialog.nhs, "943 476 591")
    assert not dialog._problems["nhs_number"].isVisible(), "no nagging before 10 digits"
    qtbot.keyClicks(dialog.nhs, "8")
    problem = dialog._problems["nhs_number"]
    assert problem.isVisible()
    assert problem.text().startswith("This NHS number is not valid: its check digit does not "
                                     "match")
    for field, text in ((dialog.given, "Ann"), (dialog.family, "Smith"),
                        (dialog.dob, "12/03/1940")):
        qtbot.keyClicks(field, text)
    qtbot.keyClick(dialog.family, Qt.Key_Return)  # Enter presses Save
    assert dialog.isVisible(), "the dialog stays open"
    assert dialog.person_id is None
    assert people.find_by_nhs(ctx, "9434765919") is None, "nothing was saved"
    assert "nothing has been saved" in dialog.top_problem.text()
    assert dialog.nhs.text() == "943 476 5918", "the typed text is kept"
    assert dialog.nhs.hasFocus(), "focus goes to the field to put right"

    dialog.nhs.selectAll()
    qtbot.keyClicks(dialog.nhs, "943 476 5919")
    assert not problem.isVisible(), "the message clears as soon as the number is right"
    qtbot.keyClick(dialog.nhs, Qt.Key_Return)
    assert not dialog.isVisible()
    saved = people.open_person(ctx, dialog.person_id)
    assert (saved.nhs_number, saved.full_name) == ("9434765919", "Ann Smith")


def test_an_impossible_date_of_birth_is_named_plainly(qtbot, ctx):
    dialog = _dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.nhs, "9434765919")
    qtbot.keyClicks(dialog.given, "Bert")
    qtbot.keyClicks(dialog.family, "Jones")
    qtbot.keyClicks(dialog.dob, "31/02/1950")
    problem = dialog._problems["date_of_birth"]
    assert problem.isVisible()
    assert problem.text() == "February 1950 has 28 days, so day 31 is impossible."
    qtbot.keyClick(dialog.dob, Qt.Key_Return)
    assert dialog.isVisible() and people.find_by_nhs(ctx, "9434765919") is None
    dialog.dob.selectAll()
    qtbot.keyClicks(dialog.dob, "28/02/1950")
    assert not problem.isVisible()
    assert dialog.age_hint.text() == "Age 76"
    qtbot.keyClick(dialog.dob, Qt.Key_Return)
    assert people.find_by_nhs(ctx, "9434765919").date_of_birth.isoformat() == "1950-02-28"


def test_names_are_required_and_said_so_on_leaving_the_field(qtbot, ctx):
    dialog = _dialog(qtbot, ctx)
    tab_out(qtbot, dialog.given)
    assert not dialog._problems["given_name"].isVisible(), "tabbing past is not an error"
    qtbot.keyClicks(dialog.given, "A")
    qtbot.keyClick(dialog.given, Qt.Key_Backspace)
    tab_out(qtbot, dialog.given)
    assert dialog._problems["given_name"].text() == "Enter the person's first name."
    qtbot.keyClicks(dialog.dob, "01/01/2030")
    assert "cannot be in the future" in dialog._problems["date_of_birth"].text()


def test_a_duplicate_nhs_number_is_refused_under_the_field(qtbot, ctx, person):
    dialog = _dialog(qtbot, ctx)
    for field, text in ((dialog.nhs, "943 476 5919"), (dialog.given, "Ann"),
                        (dialog.family, "Smyth"), (dialog.dob, "12/03/1940")):
        qtbot.keyClicks(field, text)
    qtbot.keyClick(dialog.dob, Qt.Key_Return)
    assert "already in the store" in dialog._problems["nhs_number"].text()
    assert dialog.isVisible()


def test_new_person_returns_the_id_through_the_modal_dialog(qtbot, ctx):
    def fill_in():
        dialog = QApplication.activeModalWidget()
        qtbot.keyClicks(dialog.nhs, "4010232137")
        qtbot.keyClicks(dialog.given, "Cara")
        qtbot.keyClicks(dialog.family, "Ndlovu")
        qtbot.keyClicks(dialog.dob, "5/6/1961")
        dialog.cohorts["Housebound"].setChecked(True)
        qtbot.keyClick(dialog.dob, Qt.Key_Return)

    QTimer.singleShot(0, fill_in)
    person_id = new_person(ctx, None)
    assert person_id is not None
    saved = people.open_person(ctx, person_id)
    assert saved.full_name == "Cara Ndlovu" and saved.cohorts == ("Housebound",)


def test_editing_keeps_what_the_dialog_does_not_show(qtbot, ctx, person, monkeypatch):
    from ui.record.person_dialog import person_input

    people.update_person(ctx, person.id, person_input(person, about_interests="Gardening"),
                         expected_version=person.version_id)

    def change_name():
        dialog = QApplication.activeModalWidget()
        assert dialog.nhs.text() == "943 476 5919"
        dialog.preferred.selectAll()
        qtbot.keyClicks(dialog.preferred, "Nan")
        qtbot.keyClick(dialog.preferred, Qt.Key_Return)

    QTimer.singleShot(0, change_name)
    assert edit_person(ctx, person.id, None)
    saved = people.open_person(ctx, person.id)
    assert saved.preferred_name == "Nan" and saved.about_interests == "Gardening"


def test_cancelling_with_typed_details_asks_first(qtbot, ctx, monkeypatch):
    answers = []
    monkeypatch.setattr(forms, "confirm", lambda *a: answers.append(a) or False)
    dialog = _dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.given, "Dora")
    qtbot.keyClick(dialog.given, Qt.Key_Escape)
    assert answers and dialog.isVisible() and dialog.given.text() == "Dora"
    monkeypatch.setattr(forms, "confirm", lambda *a: True)
    qtbot.keyClick(dialog.given, Qt.Key_Escape)
    assert not dialog.isVisible()


def _fill_in(qtbot, dialog, nhs="4010232137") -> None:
    for field, text in ((dialog.nhs, nhs), (dialog.given, "Cara"),
                        (dialog.family, "Ndlovu"), (dialog.dob, "05/06/1961")):
        qtbot.keyClicks(field, text)


def test_the_person_i_add_is_in_my_caseload(qtbot, ctx):
    from carecoord.services import caseload, team

    me = ctx.actor.professional_id
    dialog = _dialog(qtbot, ctx)
    assert dialog.lead.currentData() == me, "the signed-in user leads by default"
    assert dialog.lead.currentText() == "You: Jo Bloggs"
    assert dialog.lead_hint.text() == "They will be in your caseload."
    _fill_in(qtbot, dialog)
    qtbot.keyClick(dialog.dob, Qt.Key_Return)
    assert not dialog.isVisible()
    assert team.current_lead(ctx, dialog.person_id).id == me
    mine = caseload.load(ctx, caseload.CaseloadQuery(lead_professional_id=me), audit=False)
    assert [r.person_id for r in mine] == [dialog.person_id]


def test_the_lead_is_chosen_from_the_keyboard_and_may_be_nobody(qtbot, ctx):
    from carecoord.services import team
    from carecoord.services.team import ProfessionalInput

    sam = team.add_professional(ctx, ProfessionalInput("Sam Patel", "District nurse",
                                                       "community_nursing"))
    dialog = _dialog(qtbot, ctx)
    qtbot.keyClick(dialog, Qt.Key_O, Qt.AltModifier)  # the label's mnemonic
    assert dialog.lead.hasFocus()
    qtbot.keyClick(dialog.lead, Qt.Key_End)
    assert dialog.lead.currentData() == sam.id
    assert dialog.lead_hint.text() == "They will be in Sam Patel's caseload."
    qtbot.keyClick(dialog.lead, Qt.Key_Home)
    assert dialog.lead.currentData() is None
    assert "not be in anyone's caseload" in dialog.lead_hint.text()
    _fill_in(qtbot, dialog)
    qtbot.keyClick(dialog.dob, Qt.Key_Return)
    assert not dialog.isVisible()
    assert team.current_lead(ctx, dialog.person_id) is None


def test_a_user_who_is_not_a_professional_gets_no_lead_and_is_told_why(qtbot, ctx):
    import dataclasses

    from carecoord.services import team

    ctx.actor = dataclasses.replace(ctx.actor, professional_id=None)
    dialog = _dialog(qtbot, ctx)
    assert dialog.lead.currentData() is None
    assert "not linked to a professional" in dialog.lead_hint.text()
    assert dialog.lead_hint.isVisible()
    _fill_in(qtbot, dialog)
    qtbot.keyClick(dialog.dob, Qt.Key_Return)
    assert not dialog.isVisible() and team.current_lead(ctx, dialog.person_id) is None


def test_editing_a_person_offers_no_lead_there_is_a_handover_for_that(qtbot, ctx, person):
    dialog = _dialog(qtbot, ctx, people.open_person(ctx, person.id))
    assert dialog.lead is None


def test_the_message_above_goes_once_the_problems_are_put_right(qtbot, ctx):
    dialog = _dialog(qtbot, ctx)
    qtbot.keyClick(dialog.nhs, Qt.Key_Return)
    assert dialog.top_problem.isVisible()
    assert "nothing has been saved" in dialog.top_problem.text()
    for name in ("nhs_number", "given_name", "family_name", "date_of_birth"):
        assert dialog._problems[name].isVisible()

    qtbot.keyClicks(dialog.given, "C")  # a name typed clears its own message at once
    assert not dialog._problems["given_name"].isVisible()
    assert dialog.top_problem.isVisible(), "other problems remain"
    qtbot.keyClicks(dialog.family, "Ndlovu")
    qtbot.keyClicks(dialog.nhs, "4010232137")
    assert dialog.top_problem.isVisible()
    qtbot.keyClicks(dialog.dob, "05/06/1961")
    assert not any(p.isVisible() for p in dialog._problems.values())
    assert not dialog.top_problem.isVisible(), "nothing left for it to point to"
    assert dialog.top_problem.text() == ""


def test_the_date_of_birth_placeholder_is_shown_whole(qtbot, ctx):
    dialog = _dialog(qtbot, ctx)
    dob = dialog.dob
    assert dob.placeholderText() == "for example 12/03/1940"
    # The room for text inside the frame: the field less its frame and text margins.
    frame = 2 * dob.style().pixelMetric(dob.style().PixelMetric.PM_DefaultFrameWidth)
    margins = dob.textMargins()
    room = dob.width() - frame - margins.left() - margins.right() - 4
    assert dob.fontMetrics().horizontalAdvance(dob.placeholderText()) <= room


def test_cohorts_read_in_plain_words_and_keep_their_stored_code(qtbot, ctx):
    dialog = _dialog(qtbot, ctx)
    box = dialog.cohorts["CPA"]
    assert box.text() == "Care programme approach (mental health)"
    assert box.accessibleName() == "Group: Care programme approach (mental health)"
    _fill_in(qtbot, dialog)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_Space)
    qtbot.keyClick(dialog.dob, Qt.Key_Return)
    assert people.open_person(ctx, dialog.person_id).cohorts == ("CPA",)


def test_tab_goes_down_the_left_column_then_the_right(qtbot, ctx):
    dialog = _dialog(qtbot, ctx)
    seen = []
    for _ in range(10):
        seen.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
    assert seen == [dialog.nhs, dialog.given, dialog.family, dialog.preferred, dialog.dob,
                    dialog.lead, dialog.frailty, dialog.priority, dialog.team, dialog.address]


def test_the_dialog_fits_a_laptop_at_150_percent(qtbot, ctx):
    """1366x768 at 150% is about 910x480 logical pixels once the taskbar is taken."""
    dialog = _dialog(qtbot, ctx)
    need = dialog.minimumSizeHint()
    assert need.width() <= 910 and need.height() <= 480 - 30, need  # less a title bar


def test_every_current_professional_can_be_chosen_as_lead_in_a_large_directory(qtbot, ctx):
    from carecoord.services import team
    from carecoord.services.team import ProfessionalInput

    made = [team.add_professional(ctx, ProfessionalInput(f"Zed Nurse {i:03d}", "District nurse",
                                                         "community_nursing"))
            for i in range(230)]  # more than the directory's default page, all after "A…"
    dialog = _dialog(qtbot, ctx)
    offered = {dialog.lead.itemData(i) for i in range(dialog.lead.count())}
    assert {p.id for p in made} <= offered
