"""A record on a short window: a 1366x768 laptop at 150% gives the main window about 910x480
logical pixels (the same logical size as 910x480 at 100%, so the test runs at 100%). The care
plan must keep at least 300 of them for its own content, with nothing lost for good."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from carecoord.services import plans
from carecoord.services.plans import Agreement, PlanContent
from ui.record.plan_editor import Explanation

PLAN_ROOM = 300


@pytest.fixture
def agreed(ctx, person):
    plan = plans.start_draft(ctx, person.id)
    plans.save_content(ctx, plan.id, PlanContent(what_matters="Staying at home with her cat "
                                                 "and seeing her grandchildren"))
    me = ctx.actor.professional_id
    on = dt.date(2026, 7, 6)
    plans.agree(ctx, plan.id, Agreement("Ann Smith", "verbal", on, me, on,
                                        review_date=dt.date(2027, 1, 6)))
    return person


def open_record(qtbot, main_window, person_id: int, width: int, height: int):
    main_window.resize(width, height)
    main_window.open_person(person_id)
    page = main_window.record_page
    qtbot.waitUntil(lambda: page.view is not None, timeout=10_000)
    qtbot.wait(50)  # the layout settles, on the event loop
    return page, page.view


def test_a_short_window_leaves_the_plan_300_pixels(qtbot, main_window, agreed):
    page, view = open_record(qtbot, main_window, agreed.id, 910, 480)
    editor = view.plan_editor
    assert editor.compact
    assert editor.scroll.viewport().height() >= PLAN_ROOM, editor.scroll.viewport().height()

    # The way back is on the banner's row of buttons, not on a bar of its own.
    assert view.banner.isAncestorOf(page.back_button) and page.back_button.isVisible()
    assert not page.bar.isVisible()
    assert page.back_button.accessibleName() == "Back to Caseload"

    # The title block scrolls with the plan; its buttons are still there, in the plan.
    header = editor.findChild(Explanation).parentWidget()
    assert editor.scroll.widget().isAncestorOf(header)
    assert editor.review_button.isVisibleTo(editor)

    # The explanation is one line until More… is pressed, and whole to assistive tech.
    explanation = editor.explanation
    line = explanation.label.fontMetrics().lineSpacing()
    assert explanation.folded and explanation.label.height() < 2 * line
    assert explanation.label.text().endswith("…")
    assert "goal progress and ratings can still be recorded" in (
        explanation.label.accessibleDescription())
    assert explanation.more.focusPolicy() & Qt.FocusPolicy.TabFocus
    explanation.more.setFocus()
    qtbot.keyClick(explanation.more, Qt.Key.Key_Space)
    qtbot.wait(20)
    assert not explanation.folded and explanation.more.text() == "Less"
    assert "still be recorded" in explanation.label.text()
    assert explanation.label.height() >= 2 * line


def test_a_tall_window_keeps_the_title_block_above_the_plan(qtbot, main_window, agreed):
    page, view = open_record(qtbot, main_window, agreed.id, 1366, 768)
    editor = view.plan_editor
    assert not editor.compact
    header = editor.findChild(Explanation).parentWidget()
    assert not editor.scroll.widget().isAncestorOf(header)
    assert not editor.explanation.folded and not editor.explanation.more.isVisible()
    assert view.banner.isAncestorOf(page.back_button)


def test_the_back_button_outlives_the_record(qtbot, main_window, agreed):
    page, view = open_record(qtbot, main_window, agreed.id, 910, 480)
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert page.view is None
    assert page.bar.isAncestorOf(page.back_button)
    page2, view2 = open_record(qtbot, main_window, agreed.id, 910, 480)
    assert view2.banner.isAncestorOf(page2.back_button)
    assert page2.back_button.text() == "← Back to Caseload"


def test_a_plan_version_opens_no_larger_than_the_screen(qtbot, ctx, agreed, main_window):
    from ui.record.history import VersionDialog

    plan = plans.versions(ctx, agreed.id)[-1]
    dialog = VersionDialog(ctx, agreed, plan.id, main_window)
    qtbot.addWidget(dialog)
    free = main_window.screen().availableGeometry().size()
    assert dialog.width() <= free.width() and dialog.height() <= free.height()
    assert dialog.minimumSizeHint().width() <= 910
    assert dialog.minimumSizeHint().height() <= 480
