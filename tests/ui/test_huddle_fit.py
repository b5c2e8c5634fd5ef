"""The huddle view fits a small screen whatever a person's text, full screen always comes back
(Escape, F11, its button) even when the window manager has dropped the full-screen state,
and the agenda builder's labels and keyboard letters read as meant."""

from __future__ import annotations

import dataclasses
import re

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from carecoord.services import huddle
from carecoord.services.huddle import DEFAULT_REASONS, AgendaReason
from tests.ui.test_team_ui import activate
from ui.huddle.agenda_builder import AgendaBuilder, plain_text
from ui.huddle.huddle_screen import HuddleScreen
from ui.huddle.huddle_view import (
    HuddleView,
    OutcomeActionDialog,
    OutcomeTaskDialog,
    ReviewDateDialog,
)

WORDS = "wants to get back to the allotment with her grandson every Saturday morning "
LONG = WORDS * 8
NO_SPACES = "https://example.org/" + "x" * 300
MENU_LETTERS = set("fgh")  # the main window's File, Go and Help menus


def _long_card(card: huddle.HuddleCard) -> huddle.HuddleCard:
    goal = huddle.CardGoal(1, LONG, "Physical health", "by March", "Active", "In progress", 4,
                           "Getting worse", (), ("The rating fell at two reviews in a row",))
    return dataclasses.replace(
        card, name="Bartholomew-Montgomery Featherstonehaugh-Smythe",
        preferred_name="Barty " + NO_SPACES[:60],
        cohorts=("Frailty", "Heart failure", "COPD", "Diabetes", "Dementia", NO_SPACES),
        alerts=("Safeguarding: " + LONG, "Clinical: " + NO_SPACES),
        what_matters=LONG + NO_SPACES, goals=(goal,) * 4)


@pytest.fixture
def screen(qtbot, ctx, person, runner):
    s = HuddleScreen(ctx, runner)
    qtbot.addWidget(s)
    s.resize(900, 700)
    with qtbot.waitSignal(s.builder.proposed, timeout=10_000):
        s.show()
    return s


@pytest.fixture
def view(qtbot, ctx, person, screen) -> HuddleView:
    agenda = huddle.create_huddle(ctx, "Weekly huddle", "22/11/2026",
                                  [(person.id, "Because " + LONG)])
    screen.present(agenda)
    v = screen.view
    qtbot.waitUntil(lambda: v.card is not None, timeout=10_000)
    v._fill(_long_card(v.card))
    v.outcomes.setText("Recorded: " + LONG)
    return v


def test_long_text_wraps_and_scrolls_instead_of_widening(qtbot, view, screen):
    hint = view.minimumSizeHint()
    assert hint.width() < 900 and hint.height() < 480, hint
    assert screen.minimumSizeHint().width() < 900
    # At a small window's size nothing is cut off at the side: the card scrolls down.
    screen.resize(910, 480)
    qtbot.waitUntil(lambda: view.width() <= 910)
    QApplication.processEvents()
    body = view.scroll.widget()
    assert body.width() <= view.scroll.viewport().width()
    assert not view.columns.side_by_side
    assert view.scroll.verticalScrollBar().maximum() > 0
    for button in view.findChildren(QAbstractButton):
        right = button.mapTo(view, button.rect().topRight()).x()
        assert right <= view.width(), button.text()
    # A wide window puts the three columns side by side again.
    screen.resize(1900, 1000)
    qtbot.waitUntil(lambda: view.columns.side_by_side, timeout=2_000)


def test_a_short_window_keeps_eight_lines_of_the_card_with_why_and_outcomes(qtbot, view,
                                                                         screen):
    """What the huddle screen gets in a 910×480 main window at 150% scaling."""
    assert view.minimumSizeHint().height() <= 413
    screen.resize(792, 413)
    qtbot.waitUntil(lambda: view.height() <= 413)
    QApplication.processEvents()
    line = view.fontMetrics().lineSpacing()
    viewport = view.scroll.viewport()
    assert viewport.height() >= 8 * line, (viewport.height(), line)
    assert view.notes.height() <= 3 * line
    # Why they are here and what was decided show without scrolling (given a reason and
    # an alert of ordinary length).
    view.why.setText("Why: Unplanned admission on 13 November 2026; High priority")
    view.alerts.setText("Alerts: Risk to staff: dog at the property")
    QApplication.processEvents()
    view.scroll.verticalScrollBar().setValue(0)
    for label in (view.why, view.outcomes):
        top = label.mapTo(viewport, label.rect().topLeft()).y()
        assert 0 <= top < viewport.height() - line, label.objectName()
    for button in view.findChildren(QAbstractButton):
        corner = button.mapTo(view, button.rect().bottomRight())
        assert corner.x() <= view.width() and corner.y() <= view.height(), button.text()


def test_full_screen_comes_back_even_when_the_window_manager_drops_it(qtbot, view, screen):
    view.full_button.click()
    assert view.full_screen and view.isWindow()
    assert screen.stack.currentWidget() is screen.away
    assert "Leave" in view.full_button.text()
    # What a window manager does to a full-screen window whose contents outgrow the screen.
    view.showNormal()
    assert not view.isFullScreen()
    activate(qtbot, view)
    view.notes.setFocus()
    qtbot.keyClick(view.notes, Qt.Key.Key_Escape)
    assert not view.full_screen and not view.isWindow()
    assert screen.stack.currentWidget() is view
    assert view.full_button.text() == "F&ull screen"
    # Nothing it asked for as a window stays with it in the main window.
    assert view.minimumSize() == QSize(0, 0)
    assert screen.minimumSizeHint().width() < 900

    activate(qtbot, screen)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F11)
    assert view.full_screen and view.isWindow()
    view.showNormal()
    activate(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_F11)
    assert not view.full_screen and screen.stack.currentWidget() is view

    view.full_button.click()
    view.showNormal()
    view.full_button.click()
    assert not view.full_screen and screen.stack.currentWidget() is view

    # Escape in the main window does nothing; "Bring it back" there works too.
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert screen.stack.currentWidget() is view
    view.full_button.click()
    bring_back = next(b for b in screen.away.findChildren(QAbstractButton)
                      if plain_text(b.text()) == "Bring it back")
    bring_back.click()
    assert not view.full_screen and screen.stack.currentWidget() is view


def test_counts_show_on_first_show_and_the_default_ticks(qtbot, ctx, person, runner):
    b = AgendaBuilder(ctx, runner)
    s = HuddleScreen(ctx, runner)
    qtbot.addWidget(b)
    qtbot.addWidget(s)
    with qtbot.waitSignal(s.builder.proposed, timeout=10_000):
        s.show()  # nobody pressed "Find people"
    for reason, box in s.builder.reason_boxes.items():
        assert re.search(r": \d+ (person|people)$", box.text()), box.text()
        assert box.isChecked() == (reason in DEFAULT_REASONS)
    assert "counting" in b.reason_boxes[AgendaReason.ADMISSION].text()  # never shown


def test_labels_show_ampersands_and_keyboard_letters_are_their_own(qtbot, view, screen):
    box = screen.builder.reason_boxes[AgendaReason.ADMISSION]
    assert "A&&E" in box.text()
    assert plain_text(box.text()).startswith("Admissions and A&E in the last 14 days: ")
    assert box.accessibleName() == plain_text(box.text())

    def letters(root) -> list[str]:
        found = []
        for widget in root.findChildren(QAbstractButton) + root.findChildren(QLabel):
            text = widget.text().replace("&&", "")
            match = re.search("&(.)", text)
            if match:
                found.append(match.group(1).lower())
        return found

    for page in (screen.builder, view, screen.away):
        used = letters(page)
        assert len(used) == len(set(used)), sorted(used)
        assert not MENU_LETTERS & set(used), sorted(used)
    # The outcome dialogs are windows of their own: their letters need only differ there.
    for kind in (OutcomeTaskDialog, ReviewDateDialog, OutcomeActionDialog):
        dialog = kind(view.ctx, view.item.id, view.card, view)
        used = letters(dialog)
        assert len(used) == len(set(used)), (kind.__name__, sorted(used))
        dialog.deleteLater()
