"""Today: my items grouped, Enter opens the person at the right section, and an honest empty
state."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from carecoord.services import tasks, team
from tests.ui.test_team_ui import shown
from ui.today.today_screen import TodayScreen


def _loaded(qtbot, ctx, runner) -> TodayScreen:
    screen = shown(qtbot, TodayScreen(ctx, runner))
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.refresh()
    return screen


def test_items_are_grouped_and_enter_opens_the_right_section(qtbot, ctx, runner,
                                                             caseload_people):
    bob = caseload_people[1]  # led by me, review overdue since 1 June 2026
    ann = caseload_people[0]
    tasks.create_task(ctx, ctx.actor.professional_id, "Ring the pharmacy", None,
                      "21/11/2026", ann.id)
    screen = _loaded(qtbot, ctx, runner)
    assert "Sunday 22 November 2026" in screen.title.text()
    groups = {screen.tree.topLevelItem(i).text(0): screen.tree.topLevelItem(i)
              for i in range(screen.tree.topLevelItemCount())}
    reviews = groups["Reviews due or overdue (2)"]
    assert reviews.child(0).text(0) == "Bob Jones"
    assert reviews.child(0).text(1) == "Overdue: 1 June 2026"
    assert reviews.child(1).text(0) == "Carol Taylor"
    task_group = groups["Tasks due (1)"]
    assert task_group.child(0).text(0) == "Ann Smith"
    assert "2 overdue" in screen.summary.text()

    screen.tree.setFocus()
    screen.tree.setCurrentItem(reviews.child(0))
    with qtbot.waitSignal(screen.open_person) as opened:
        qtbot.keyClick(screen.tree, Qt.Key.Key_Return)
    assert opened.args == [bob.id, "plan"]
    screen.tree.setCurrentItem(task_group.child(0))
    with qtbot.waitSignal(screen.open_person) as opened:
        qtbot.keyClick(screen.tree, Qt.Key.Key_Return)
    assert opened.args == [ann.id, "tasks"]
    # A group heading opens nothing.
    screen.tree.setCurrentItem(reviews)
    with qtbot.assertNotEmitted(screen.open_person):
        qtbot.keyClick(screen.tree, Qt.Key.Key_Return)


def test_nothing_due_says_so_honestly(qtbot, ctx, runner, person):
    team.handover_lead(ctx, person.id, ctx.actor.professional_id, on=dt.date(2025, 1, 1))
    screen = _loaded(qtbot, ctx, runner)
    assert screen.stack.currentWidget() is screen.empty
    assert screen.empty.title.text() == "Nothing due today"
    assert "No reviews due in the next 14 days." in screen.empty.body.text()
    assert "No appointments today." in screen.empty.body.text()
