"""The huddle's outcome dialogs from the keyboard: whatever is typed the moment a dialog opens
lands in its first field, whole, and neither Space nor Enter saves an empty entry."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecoord.services import huddle, plans, tasks
from tests.documents.conftest import build_plan
from tests.ui.conftest import huddle_on_screen
from tests.ui.test_team_ui import activate
from ui.huddle.huddle_view import (
    HuddleView,
    OutcomeActionDialog,
    OutcomeTaskDialog,
    ReviewDateDialog,
)

WORDS = "Refer to falls prevention service"


@pytest.fixture
def view(qtbot, ctx, person, runner) -> HuddleView:
    """Ann on the agenda, with an agreed plan and its review being written."""
    plans.start_review(ctx, build_plan(ctx, person.id)["plan"].id)
    return huddle_on_screen(qtbot, ctx, runner, person.id)


def opened(qtbot, view: HuddleView, button, kind):
    """Press the button as a user does and wait for the dialog, but put the focus nowhere."""
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(view.dialog, kind) and view.dialog.isVisible(),
                    timeout=2_000)
    activate(qtbot, view.dialog)
    return view.dialog


def typed_at_once(qtbot, text: str) -> None:
    """Keys as they come from the keyboard: to whatever has the focus, nothing selected first."""
    for ch in text:
        qtbot.keyClick(QApplication.focusWidget(), ch)


def enter(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_a_task_typed_at_once_is_saved_whole(qtbot, ctx, person, view):
    dialog = opened(qtbot, view, view.task_button, OutcomeTaskDialog)
    assert QApplication.focusWidget() is dialog.description
    typed_at_once(qtbot, WORDS)  # its spaces must not press the OK button
    assert dialog.isVisible() and dialog.description.text() == WORDS
    enter(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert [t.description for t in tasks.for_person(ctx, person.id)
            if t.description.startswith("Refer")] == [WORDS]
    assert f": {WORDS} (" in view.outcomes.text()


def test_an_action_typed_at_once_is_saved_whole(qtbot, ctx, person, view):
    dialog = opened(qtbot, view, view.action_button, OutcomeActionDialog)
    assert QApplication.focusWidget() is dialog.description
    typed_at_once(qtbot, WORDS)
    enter(qtbot)  # an action needs a date: refused, and the words are kept
    assert dialog.isVisible() and "due" in dialog.problem.text()
    assert dialog.description.text() == WORDS
    assert QApplication.focusWidget() is dialog.due  # the cursor is put where it is needed
    typed_at_once(qtbot, "06/12/2026")
    enter(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    draft = plans.working_plan(ctx, person.id)
    assert WORDS in [a.description for g in draft.goals for a in g.actions]
    assert f": {WORDS} (" in view.outcomes.text()


def test_a_review_date_typed_at_once_is_set(qtbot, ctx, person, view):
    dialog = opened(qtbot, view, view.review_button, ReviewDateDialog)
    assert QApplication.focusWidget() is dialog.day
    typed_at_once(qtbot, "15/12/2026")
    enter(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert "review date set to 15 December 2026" in view.outcomes.text()
    assert huddle.huddle_card(ctx, person.id).review_date == dt.date(2026, 12, 15)


@pytest.mark.parametrize("key", [Qt.Key.Key_Space, Qt.Key.Key_Return])
def test_space_or_enter_at_once_saves_nothing(qtbot, ctx, person, view, key):
    before = len(huddle.get_huddle(ctx, view.agenda.id).items[0].outcomes)
    for button, kind in ((view.task_button, OutcomeTaskDialog),
                         (view.action_button, OutcomeActionDialog),
                         (view.review_button, ReviewDateDialog)):
        dialog = opened(qtbot, view, button, kind)
        qtbot.keyClick(QApplication.focusWidget(), key)
        qtbot.wait(50)
        assert dialog.isVisible(), kind.__name__  # nothing saved, nothing typed is lost
        assert QApplication.focusWidget() is dialog.first_field()
        dialog.reject()
        qtbot.waitUntil(lambda d=dialog: not d.isVisible(), timeout=2_000)
        activate(qtbot, view.window())
    assert len(huddle.get_huddle(ctx, view.agenda.id).items[0].outcomes) == before


def test_tab_goes_through_the_fields_before_the_buttons(qtbot, view):
    dialog = opened(qtbot, view, view.task_button, OutcomeTaskDialog)
    seen = [QApplication.focusWidget()]
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [dialog.description, dialog.owner, dialog.due, dialog.ok, dialog.cancel]
