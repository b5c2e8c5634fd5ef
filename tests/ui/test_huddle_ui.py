"""Huddle mode from the keyboard on a seeded demo store: build the agenda from the filters,
step through it with the arrow keys, record a task as an outcome, and find it on the
person's record; the notes are saved on moving on; the agenda prints with its outcomes."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecoord.demo import build_demo_store
from carecoord.domain.enums import TaskSource
from carecoord.security.users import login
from carecoord.services import history, huddle, tasks
from carecoord.services.base import Ctx
from tests.ui.test_sharing_ui import Files
from tests.ui.test_team_ui import activate, type_text
from ui.huddle import huddle_view
from ui.huddle.huddle_screen import HuddleScreen
from ui.huddle.huddle_view import BODY_POINTS, OutcomeTaskDialog

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def demo_ctx(tmp_path):
    store = build_demo_store(tmp_path / "store", 200, seed=1, today=TODAY)
    yield Ctx(store, login(store, "demo", "demo"), today=lambda: TODAY)
    store.close()


def _screen(qtbot, ctx, runner) -> HuddleScreen:
    screen = HuddleScreen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1920, 1080)
    screen.show()
    activate(qtbot, screen)
    with qtbot.waitSignal(screen.builder.proposed, timeout=20_000):
        screen.refresh()
    return screen


def _start(qtbot, screen: HuddleScreen) -> huddle_view.HuddleView:
    screen.builder.start_button.click()
    qtbot.waitUntil(lambda: screen.view is not None and screen.view.card is not None,
                    timeout=20_000)
    return screen.view


def test_build_step_through_and_record_a_task(qtbot, demo_ctx, runner):
    screen = _screen(qtbot, demo_ctx, runner)
    b = screen.builder
    # At first: the default reasons only, and every reason counted.
    assert [c.person_id for c in b.chosen()] == [
        c.person_id for c in huddle.propose_agenda(demo_ctx)]
    every = huddle.propose_agenda(demo_ctx, huddle.AgendaCriteria.every_reason())
    overdue = sum(huddle.AgendaReason.OVERDUE_REVIEW in c.kinds for c in every)
    assert overdue > 3
    assert b.reason_boxes[huddle.AgendaReason.OVERDUE_REVIEW].text().endswith(
        f"{overdue} people")
    # Only the overdue reviews: unticking the others narrows the agenda at once.
    for reason, box in b.reason_boxes.items():
        box.setChecked(reason == huddle.AgendaReason.OVERDUE_REVIEW)
    assert len(b.chosen()) == overdue
    view = _start(qtbot, screen)
    assert view.position.text() == f"1 of {overdue}"
    assert view.font().pointSizeF() >= BODY_POINTS
    first = view.item.person_id

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: view.card is not None and view.index == 1, timeout=10_000)
    assert view.position.text() == f"2 of {overdue}"
    assert view.card.person_id != first
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: view.card is not None and view.index == 0, timeout=10_000)
    assert view.card.person_id == first
    qtbot.keyClick(view, Qt.Key.Key_Left)  # already at the start: stays
    assert view.index == 0

    # Notes typed, then an outcome: a task for the lead, due in a week.
    view.notes.setFocus()
    type_text(qtbot, "Discussed; family worried about falls")
    view.task_button.click()
    qtbot.waitUntil(lambda: isinstance(view.dialog, OutcomeTaskDialog)
                    and view.dialog.isVisible(), timeout=2_000)
    dialog = view.dialog
    activate(qtbot, dialog)
    dialog.description.setFocus()
    type_text(qtbot, "Arrange a falls assessment")
    dialog.due.setText("29/11/2026")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert "task for" in view.outcomes.text()
    assert "agreed at the huddle on 22 November 2026" in view.outcomes.text()

    made = [t for t in tasks.for_person(demo_ctx, first)
            if t.description == "Arrange a falls assessment"]
    assert len(made) == 1 and made[0].source == TaskSource.HUDDLE
    assert made[0].due.end == dt.date(2026, 11, 29)
    trail = history.record_history(demo_ctx, first)
    assert any(line.action == "outcome" for line in trail)
    stored = huddle.get_huddle(demo_ctx, view.agenda.id).items[0]
    assert stored.notes == "Discussed; family worried about falls"
    assert len(stored.outcomes) == 1


def test_notes_are_saved_on_moving_on_and_the_agenda_prints(qtbot, demo_ctx, runner,
                                                            tmp_path, monkeypatch):
    screen = _screen(qtbot, demo_ctx, runner)
    assert len(screen.builder.chosen()) >= 2  # recent admissions and new alerts
    view = _start(qtbot, screen)
    view.notes.setPlainText("Lives alone; daughter visits weekly")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: view.index == 1, timeout=5_000)
    assert huddle.get_huddle(demo_ctx, view.agenda.id).items[0].notes == \
        "Lives alone; daughter visits weekly"
    target = tmp_path / "agenda.pdf"
    Files(monkeypatch).answer = target
    view.print_button.click()  # the preview first, then Save from it
    qtbot.waitUntil(lambda: view.preview is not None and view.preview.save.isEnabled(),
                    timeout=20_000)
    assert not target.exists()
    view.preview.save.click()
    qtbot.waitUntil(lambda: view.printed_to == target, timeout=20_000)
    assert target.read_bytes() == view.preview.pdf_bytes
    assert target.read_bytes().startswith(b"%PDF")


def test_full_screen_and_escape_back(qtbot, demo_ctx, runner):
    screen = _screen(qtbot, demo_ctx, runner)
    view = _start(qtbot, screen)
    view.full_button.click()
    qtbot.waitUntil(view.isFullScreen, timeout=2_000)
    assert view.full_screen and screen.stack.currentWidget() is screen.away
    activate(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not view.isWindow(), timeout=2_000)
    assert screen.stack.currentWidget() is view and not view.full_screen
