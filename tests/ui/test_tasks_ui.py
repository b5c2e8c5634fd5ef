"""Tasks from the keyboard: my tasks (complete, cancel with a reason, open the person), the
follow-up a discharge creates, and the person's own task list."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecoord.domain.enums import Role, TaskStatus
from carecoord.services import activity, tasks, team
from carecoord.services.activity import ContactInput
from carecoord.services.base import Ctx
from tests.ui.test_team_ui import alt, key, open_dialog, shown, table_text, type_text
from ui.tasks_ui.my_tasks import MyTasks
from ui.tasks_ui.task_dialogs import AddTaskDialog, CancelTaskDialog, CompleteTaskDialog
from ui.tasks_ui.tasks_section import TasksSection
from ui.team import widgets as w


@pytest.fixture
def my_two(ctx, person):
    me = ctx.actor.professional_id
    first = tasks.create_task(ctx, me, "Ring the pharmacy about the blister pack", None,
                              "20/11/2026", person.id)
    second = tasks.create_task(ctx, me, "Send the plan to Sue", None, "30/11/2026", person.id)
    return first, second


def test_completing_a_task_in_my_tasks(qtbot, ctx, person, my_two):
    first, second = my_two
    view = shown(qtbot, MyTasks(ctx))
    assert view.summary.text() == "2 open tasks, 1 overdue."
    assert view.table.item(0, 2).text() == "Overdue by 2 days (due by 20 November 2026)"
    view.table.setFocus()
    alt(qtbot, view, Qt.Key.Key_D)
    dialog = open_dialog(qtbot, view, CompleteTaskDialog)
    assert "Ring the pharmacy" in dialog.intro.text()
    alt(qtbot, dialog, Qt.Key.Key_N)
    type_text(qtbot, "Pharmacy will deliver on Fridays")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    done = tasks.for_person(ctx, person.id)
    assert {t.id: (t.status, t.completed_on) for t in done}[first.id] == (
        TaskStatus.DONE, dt.date(2026, 11, 22))
    assert [t.id for t in tasks.my_tasks(ctx)] == [second.id]
    assert "Ring the pharmacy" not in table_text(view.table)
    assert view.summary.text() == "1 open task."


def test_cancelling_needs_a_reason_and_keeps_the_task(qtbot, ctx, person, my_two):
    first, _second = my_two
    view = shown(qtbot, MyTasks(ctx))
    view.table.setFocus()
    alt(qtbot, view, Qt.Key.Key_K)
    dialog = open_dialog(qtbot, view, CancelTaskDialog)
    type_text(qtbot, "")
    dialog.reason.setEditText("")
    alt(qtbot, dialog, Qt.Key.Key_T)
    assert dialog.problem.text() == "Say why the task is no longer needed."
    assert QApplication.focusWidget() in (dialog.reason, dialog.reason.lineEdit())
    type_text(qtbot, "Done by someone else")
    alt(qtbot, dialog, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    kept = {t.id: (t.status, t.closed_note) for t in tasks.for_person(ctx, person.id)}
    assert kept[first.id] == (TaskStatus.CANCELLED, "Done by someone else")


def test_a_discharge_follow_up_appears_in_my_tasks_and_opens_the_person(qtbot, ctx, person):
    team.handover_lead(ctx, person.id, ctx.actor.professional_id)
    activity.record_contact(ctx, person.id, ContactInput("discharge", "21/11/2026",
                                                         "Home from Northshire General"))
    view = shown(qtbot, MyTasks(ctx))
    row = [view.table.item(0, c).text() for c in range(4)]
    assert row == ["Ann Smith", "Follow up after discharge from hospital on 21 November 2026",
                   "Between 21 November 2026 and 23 November 2026", "Follow-up after discharge"]
    view.table.setFocus()
    with qtbot.waitSignal(view.open_person) as opened:
        key(qtbot, Qt.Key.Key_Return)
    assert opened.args == [person.id]


def test_no_tasks_says_what_will_appear(qtbot, ctx):
    view = shown(qtbot, MyTasks(ctx))
    assert view.empty.isVisible()
    assert "follow-up after a hospital discharge" in view.empty.text()


def test_adding_a_task_on_the_record_and_seeing_finished_ones(qtbot, ctx, person):
    section = shown(qtbot, TasksSection(ctx, person.id, person_name="Ann"))
    assert section.empty.text() == "No open tasks for Ann. Press Alt+A to add one."
    alt(qtbot, section, Qt.Key.Key_A)
    dialog = open_dialog(qtbot, section, AddTaskDialog)
    type_text(qtbot, "Order dressing supplies")
    alt(qtbot, dialog, Qt.Key.Key_B)
    type_text(qtbot, "25/11/2026")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    made = tasks.for_person(ctx, person.id)
    assert [(t.description, t.due.end, t.owner_professional_id) for t in made] == [
        ("Order dressing supplies", dt.date(2026, 11, 25), ctx.actor.professional_id)]
    assert "By 25 November 2026" in table_text(section.table)

    tasks.complete_task(ctx, made[0].id)
    section.refresh()
    assert "Order dressing supplies" not in table_text(section.table)
    alt(qtbot, section, Qt.Key.Key_F)  # show finished tasks
    assert "Done on 22 November 2026" in table_text(section.table)


def test_the_person_s_finished_tasks_show_the_note_and_the_reason(qtbot, ctx, person,
                                                                  my_two):
    first, second = my_two
    section = shown(qtbot, TasksSection(ctx, person.id, person_name="Ann"))
    section.table.setFocus()
    assert w.select_data(section.table, first.id)
    alt(qtbot, section, Qt.Key.Key_D)
    dialog = open_dialog(qtbot, section, CompleteTaskDialog)
    alt(qtbot, dialog, Qt.Key.Key_N)
    assert dialog.note.accessibleName() == "Note"
    type_text(qtbot, "Pharmacy will deliver on Fridays")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert {t.id: t.closed_note for t in tasks.for_person(ctx, person.id)}[first.id] == (
        "Pharmacy will deliver on Fridays")
    tasks.cancel_task(ctx, second.id, "Sue has a copy already")

    alt(qtbot, section, Qt.Key.Key_F)  # show finished tasks
    status = {section.table.item(r, 0).text(): section.table.item(r, 3).text()
              for r in range(section.table.rowCount())}
    assert status == {
        "Ring the pharmacy about the blister pack":
            "Done on 22 November 2026\nNote: Pharmacy will deliver on Fridays",
        "Send the plan to Sue": "Cancelled\nReason: Sue has a copy already"}


def test_huddle_viewer_cannot_complete_tasks(qtbot, ctx, person, my_two):
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 ctx.today)
    view = shown(qtbot, MyTasks(viewer))
    assert not view.done_button.isEnabled() and not view.cancel_button.isEnabled()
    assert view.open_button.isEnabled()  # opening a record is not changing it
