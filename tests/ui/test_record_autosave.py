"""Typed text is never lost: a draft saves after a pause, on leaving a field, and on close."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from carecoord.domain.enums import GoalDomain
from carecoord.services import goals, people, plans
from carecoord.services.goals import GoalInput
from ui.record import forms
from ui.record.record_view import PersonRecordView


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    monkeypatch.setattr(forms, "confirm", lambda *a: True)


def open_view(qtbot, ctx, person_id) -> PersonRecordView:
    view = PersonRecordView(ctx, person_id)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


@pytest.fixture
def draft(ctx, person):
    return plans.start_draft(ctx, person.id)


def saved_content(ctx, person):
    return plans.working_plan(ctx, person.id).content


def test_typed_text_survives_save_draft_and_reopening(qtbot, ctx, person, draft):
    view = open_view(qtbot, ctx, person.id)
    box = view.plan_editor.what_matters
    box.setFocus()
    qtbot.keyClicks(box, "Seeing my grandchildren every Sunday")
    view.save_draft()  # as the shell does before locking or closing
    view.close()

    again = open_view(qtbot, ctx, person.id)
    assert again.plan_editor.what_matters.toPlainText() == "Seeing my grandchildren every Sunday"


def test_a_pause_in_typing_saves_by_itself(qtbot, ctx, person, draft):
    view = open_view(qtbot, ctx, person.id)
    box = view.plan_editor.what_matters
    box.setFocus()
    qtbot.keyClicks(box, "My garden")
    assert saved_content(ctx, person).what_matters == "", "not on every keystroke"
    qtbot.waitUntil(lambda: saved_content(ctx, person).what_matters == "My garden",
                    timeout=3000)
    assert view.plan_editor.status.text().startswith("✓ Saved at ")


def test_leaving_a_field_saves_at_once(qtbot, ctx, person, draft):
    view = open_view(qtbot, ctx, person.id)
    box = view.plan_editor.what_matters
    box.setFocus()
    qtbot.keyClicks(box, "My cat, Tibbles")
    qtbot.keyClick(box, Qt.Key_Tab)
    qtbot.wait(100)  # well inside the typing pause
    assert saved_content(ctx, person).what_matters == "My cat, Tibbles"


def test_both_tabs_edit_one_draft_without_overwriting_each_other(qtbot, ctx, person, draft):
    view = open_view(qtbot, ctx, person.id)
    qtbot.keyClicks(view.plan_editor.what_matters, "Staying at home")
    view.show_section("planning")
    red = view.planning.fields["if_red"]
    qtbot.keyClicks(red, "Call 999 if I cannot catch my breath")
    respect = view.planning.fields["respect_form"]
    respect.setFocus()
    qtbot.keyClick(respect, Qt.Key_Space)
    qtbot.keyClicks(view.planning.fields["respect_form_location"], "Blue folder by the phone")
    view.save_draft()
    content = saved_content(ctx, person)
    assert content.what_matters == "Staying at home"
    assert content.if_red == "Call 999 if I cannot catch my breath"
    assert content.respect_form is True
    assert content.respect_form_location == "Blue folder by the phone"


def test_closing_with_ctrl_w_saves_goals_and_about_me(qtbot, ctx, person, draft):
    goal = goals.add_goal(ctx, draft.id, GoalInput("Walk", GoalDomain.PHYSICAL_HEALTH))
    view = open_view(qtbot, ctx, person.id)
    card = view.plan_editor.cards[0]
    card.words.setFocus()
    card.words.moveCursor(card.words.textCursor().MoveOperation.End)
    qtbot.keyClicks(card.words, " to the shop")
    interests = view.about._widgets["about_interests"]
    qtbot.keyClicks(interests, "Crosswords and the radio")
    with qtbot.waitSignal(view.closed, timeout=2000):
        qtbot.keyClick(card.words, Qt.Key_W, Qt.ControlModifier)
    assert plans.working_plan(ctx, person.id).goals[0].person_words == "Walk to the shop"
    assert goal.id == plans.working_plan(ctx, person.id).goals[0].id
    assert people.open_person(ctx, person.id).about_interests == "Crosswords and the radio"


def test_a_conflicting_change_keeps_the_typing_and_says_so(qtbot, ctx, person, draft):
    view = open_view(qtbot, ctx, person.id)
    # Someone else saves the same draft first (another window on the same laptop).
    plans.save_content(ctx, draft.id, plans.with_content(draft, crisis_numbers="111"))
    qtbot.keyClicks(view.plan_editor.what_matters, "My dog")
    view.save_draft()
    assert view.plan_editor.what_matters.toPlainText() == "My dog"
    assert "changed elsewhere" in view.plan_editor.status.text()
    assert view.plan_editor.status.text().startswith("Not saved")


def test_the_shell_hears_of_changes_once_typing_settles_and_before_a_lock(qtbot, ctx, person,
                                                                          draft):
    view = open_view(qtbot, ctx, person.id)
    heard = []
    view.changed.connect(heard.append)
    box = view.plan_editor.what_matters
    box.setFocus()
    qtbot.keyClicks(box, "Garden")
    qtbot.waitUntil(lambda: saved_content(ctx, person).what_matters == "Garden", timeout=3000)
    assert heard == [], "not on every save while typing"
    qtbot.waitUntil(lambda: heard == [person.id], timeout=4000)
    qtbot.keyClicks(box, " and birds")
    view.save_draft()
    assert heard == [person.id, person.id], "at once when the shell asks for a save"
