"""The banner, the sections around the plan, moving between them, and the history."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from carecoord.domain.enums import AlertKind, PersonStatus
from carecoord.services import people, plans, team
from carecoord.services.history import record_history, summarise_detail
from ui.record import forms
from ui.record.banner import review_chip_parts
from ui.record.record_view import PersonRecordView


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    monkeypatch.setattr(forms, "confirm", lambda *a: True)


def open_view(qtbot, ctx, person_id, host: QMainWindow | None = None) -> PersonRecordView:
    view = PersonRecordView(ctx, person_id)
    window = host or view
    if host is not None:
        host.setCentralWidget(view)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return view


def agree_on(ctx, person, on: dt.date, review: dt.date):
    plan = plans.start_draft(ctx, person.id)
    plans.save_content(ctx, plan.id, plans.with_content(plan, what_matters="Home"))
    return plans.agree(ctx, plan.id, plans.Agreement("Ann Smith", "verbal", on,
                                                     ctx.actor.professional_id, on,
                                                     review_date=review))


def test_the_banner_shows_who_alerts_and_an_overdue_review_in_words(qtbot, ctx, person):
    team.handover_lead(ctx, person.id, ctx.actor.professional_id)
    people.add_alert(ctx, person.id, AlertKind.SAFEGUARDING, "Lives with a relative under a "
                                                             "protection order")
    agree_on(ctx, person, dt.date(2026, 1, 5), dt.date(2026, 6, 1))
    view = open_view(qtbot, ctx, person.id)
    b = view.banner
    assert b.name.text() == "Ann Smith"
    assert "Annie" in b.preferred.text()
    assert "943 476 5919" in b.facts.text() and "Age <b>86</b>" in b.facts.text()
    assert "Jo Bloggs" in b.facts.text()
    assert b.review.text() == "REVIEW OVERDUE: was due 1 June 2026 (174 days ago)"
    assert "SAFEGUARDING:" in b.alerts.text() and b.alerts.isVisible()
    assert "agreed on 5 January 2026" in b.plan_status.text()


@pytest.mark.parametrize(("days", "words"), [
    (0, "Review due today"), (7, "Review due in 7 days"), (10, "Review due soon, in 10 days"),
    (30, "Next review"), (-1, "REVIEW OVERDUE"),
])
def test_review_dates_are_marked_at_14_and_7_days_in_words(days, words):
    today = dt.date(2026, 11, 22)
    text, bg, _fg = review_chip_parts(today + dt.timedelta(days=days), today)
    assert text.startswith(words)
    assert (bg == forms.GREY_BG) == (days > 14)


def test_a_discharged_person_says_so_in_the_banner(qtbot, ctx, person):
    people.set_status(ctx, person.id, PersonStatus.DISCHARGED, "Moved away")
    view = open_view(qtbot, ctx, person.id)
    assert view.banner.person_status.text() == "Discharged on 22 November 2026"
    assert "No lead professional" in view.banner.facts.text()
    assert view.banner.plan_status.text() == "No care plan offered yet"


def test_sections_are_reached_from_the_keyboard(qtbot, ctx, person):
    view = open_view(qtbot, ctx, person.id)
    assert view.current_section() == "plan"
    focus = view.plan_editor.panel.buttons["start"]
    focus.setFocus()
    qtbot.keyClick(focus, Qt.Key_PageDown, Qt.ControlModifier)
    assert view.current_section() == "conditions"
    qtbot.keyClick(view.conditions.name, Qt.Key_PageUp, Qt.ControlModifier)
    qtbot.keyClick(view.conditions.name, Qt.Key_PageUp, Qt.ControlModifier)
    assert view.current_section() == "about"
    qtbot.keyClick(view.about._widgets["about_interests"], Qt.Key_Y, Qt.AltModifier)
    qtbot.waitUntil(lambda: view.current_section() == "history")
    qtbot.keyClick(view.history.audit_table, Qt.Key_N, Qt.AltModifier)
    qtbot.waitUntil(lambda: view.current_section() == "conditions")
    for name in ("about", "plan", "conditions", "planning", "history"):
        view.show_section(name)
        assert view.current_section() == name


def test_alt_g_adds_a_goal_every_time_even_beside_a_go_menu(qtbot, ctx, person):
    """A window's '&Go' menu also wants Alt+G; inside the plan the plan's key must win."""
    plans.start_draft(ctx, person.id)
    host = QMainWindow()
    host.menuBar().addMenu("&Go").addAction("Caseload")
    view = open_view(qtbot, ctx, person.id, host)
    editor = view.plan_editor
    editor.what_matters.setFocus()
    qtbot.keyClick(editor.what_matters, Qt.Key_G, Qt.AltModifier)
    assert len(editor.cards) == 1 and editor.cards[0].words.hasFocus()
    qtbot.keyClicks(editor.cards[0].words, "Walk to the shop")
    qtbot.keyClick(editor.cards[0].words, Qt.Key_G, Qt.AltModifier)
    assert len(editor.cards) == 2, "the second press adds a goal too, not the menu"
    qtbot.waitUntil(lambda: [g.person_words for g in plans.working_plan(ctx, person.id).goals]
                    == ["Walk to the shop"], timeout=2000)


def test_conditions_are_added_checked_and_removed_with_a_reason(qtbot, ctx, person):
    view = open_view(qtbot, ctx, person.id)
    view.show_section("conditions")
    c = view.conditions
    assert c.empty.isVisible() and "No conditions recorded yet" in c.empty.text()
    qtbot.keyClicks(c.name, "Heart failure")
    qtbot.keyClicks(c.code, "84114OO7")
    qtbot.keyClick(c.name, Qt.Key_Return)
    assert c.add_problem.text() == "A SNOMED CT code is 6 to 18 digits."
    assert c.code.hasFocus() and c.name.text() == "Heart failure"
    c.code.selectAll()
    qtbot.keyClicks(c.code, "84114007")
    qtbot.keyClicks(c.onset, "03/2019")
    qtbot.keyClick(c.name, Qt.Key_Return)
    assert "not a date" in c.add_problem.text()
    c.onset.selectAll()
    qtbot.keyClicks(c.onset, "01/03/2019")
    qtbot.keyClick(c.name, Qt.Key_Return)
    assert c.table.rowCount() == 1 and c.table.item(0, 2).text() == "1 March 2019"
    assert c.name.text() == "" and c.name.hasFocus()

    c.table.selectRow(0)
    qtbot.keyClick(c.remove_button, Qt.Key_V, Qt.AltModifier)
    qtbot.waitUntil(lambda: c.remove_problem.isVisible())
    assert c.remove_problem.text() == "Give a reason for removing it."
    qtbot.keyClicks(c.reason, "Recorded in error")
    c.table.selectRow(0)
    c.remove()
    assert c.table.item(0, 3).text() == "Removed on 22 November 2026"
    kept = people.open_person(ctx, person.id).conditions[0]
    assert kept.retired_on == ctx.today(), "kept, not deleted"


def test_about_me_and_needs_save_as_typed(qtbot, ctx, person):
    view = open_view(qtbot, ctx, person.id)
    view.show_section("about")
    about = view.about
    qtbot.keyClicks(about._widgets["about_routines"], "Up at six; the paper at nine")
    qtbot.keyClicks(about._widgets["preferred_language"], "Welsh")
    about._widgets["interpreter_needed"].setFocus()
    qtbot.keyClick(about._widgets["interpreter_needed"], Qt.Key_Space)
    view.save_draft()
    saved = people.open_person(ctx, person.id)
    assert saved.about_routines == "Up at six; the paper at nine"
    assert saved.preferred_language == "Welsh" and saved.interpreter_needed
    assert "Not written yet" in about.what_matters.text()


def test_history_lists_versions_and_the_audit_trail_in_plain_words(qtbot, ctx, person):
    team.handover_lead(ctx, person.id, ctx.actor.professional_id, note="New to the caseload")
    agreed = agree_on(ctx, person, dt.date(2026, 11, 1), dt.date(2027, 5, 1))
    plans.start_review(ctx, agreed.id)
    view = open_view(qtbot, ctx, person.id)
    view.show_section("history")
    h = view.history
    versions = [[h.version_table.item(r, c).text() for c in range(3)]
                for r in range(h.version_table.rowCount())]
    assert versions == [["Version 2", "Draft", ""],
                        ["Version 1", "Under review", "1 November 2026"]]
    assert h.lead_table.item(0, 3).text() == "New to the caseload"
    whats = [h.audit_table.item(r, 2).text() for r in range(h.audit_table.rowCount())]
    assert "Agreed the care plan" in whats and "Started a review of the care plan" in whats
    assert "Opened the record" in whats
    assert all("_" not in w for w in whats), "no codes on screen"

    h.version_table.selectRow(1)
    qtbot.keyClick(h.show_button, Qt.Key_V, Qt.AltModifier)
    qtbot.waitUntil(lambda: h.dialog is not None)
    assert h.dialog.editor.what_matters.text() == "Home"
    assert h.dialog.editor.cards == [] and h.dialog.editor.draft is None
    h.dialog.reject()


def test_record_history_reads_only_this_person_newest_first(ctx, person):
    from carecoord.services.people import PersonInput, create_person

    other = create_person(ctx, PersonInput("401 023 2137", "Cara", "Ndlovu", "05/06/1961"))
    people.add_condition(ctx, person.id, "Asthma")
    people.add_condition(ctx, other.id, "Gout")
    lines = record_history(ctx, person.id)
    assert [line.what for line in lines] == ["Added a condition", "Added the record"]
    assert lines[0].detail == "name: Asthma"
    assert record_history(ctx, person.id, limit=1) == lines[:1]
    assert summarise_detail('{"fields": ["what_matters", "if_red"]}') == (
        "changed: What matters to me, What to do if: it is an emergency (red)")
    assert summarise_detail("not json") == "not json"


def test_every_input_has_an_accessible_name_and_a_visible_label(qtbot, ctx, person):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QSpinBox,
    )

    from carecoord.domain.enums import ActionSide, GoalDomain, OwnerKind
    from carecoord.services import goals
    from carecoord.services.goals import ActionInput, GoalInput

    team.handover_lead(ctx, person.id, ctx.actor.professional_id)
    plan = plans.start_draft(ctx, person.id)
    g = goals.add_goal(ctx, plan.id, GoalInput("Walk", GoalDomain.PHYSICAL_HEALTH))
    goals.add_action(ctx, g.id, ActionInput("Frame", ActionSide.PERSON, OwnerKind.CARER,
                                            "Mary Smith", None, "01/12/2026"))
    goals.add_action(ctx, g.id, ActionInput("Refer", ActionSide.TEAM, OwnerKind.TEAM_MEMBER,
                                            "Jo Bloggs", None, "01/12/2026",
                                            ctx.actor.professional_id))
    view = open_view(qtbot, ctx, person.id)
    unnamed, unlabelled = [], []
    for name in ("about", "plan", "conditions", "planning", "history"):
        view.show_section(name)
        labels = [lab for lab in view.findChildren(QLabel) if lab.isVisible()]
        buddies = {id(lab.buddy()) for lab in labels if lab.buddy() is not None}
        for w in view.findChildren(QLineEdit) + view.findChildren(QPlainTextEdit) + \
                view.findChildren(QComboBox) + view.findChildren(QSpinBox):
            if not w.isVisible() or isinstance(w.parent(), QComboBox | QSpinBox):
                continue
            if not w.accessibleName():
                unnamed.append(f"{name}: {type(w).__name__}")
            if id(w) not in buddies:
                unlabelled.append(f"{name}: {w.accessibleName()}")
        for b in view.findChildren(QAbstractButton):
            if b.isVisible() and not (b.accessibleName() or b.text()):
                unnamed.append(f"{name}: button")
    assert unnamed == []
    assert unlabelled == []


def test_escape_while_typing_in_the_plan_does_not_leave_the_record(qtbot, ctx, person):
    from PySide6.QtGui import QKeySequence, QShortcut

    plans.start_draft(ctx, person.id)
    host = QMainWindow()
    view = open_view(qtbot, ctx, person.id, host)
    left = []
    escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), host)  # as the shell's "back"
    escape.activated.connect(lambda: left.append(True))
    editor = view.plan_editor
    editor.what_matters.setFocus()
    qtbot.keyClick(editor.what_matters, Qt.Key_G, Qt.AltModifier)
    words = editor.cards[0].words
    qtbot.keyClicks(words, "Walk")
    qtbot.keyClick(words, Qt.Key_Escape)
    assert left == [] and words.toPlainText() == "Walk"
    editor.add_goal_button.setFocus()
    qtbot.keyClick(editor.add_goal_button, Qt.Key_Escape)
    assert left == [True], "outside a text field, Escape is the shell's to use"


def test_edit_details_from_the_banner_updates_it(qtbot, ctx, person):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    view = open_view(qtbot, ctx, person.id)
    heard = []
    view.changed.connect(heard.append)

    def change():
        dialog = QApplication.activeModalWidget()
        dialog.preferred.selectAll()
        qtbot.keyClicks(dialog.preferred, "Nan")
        qtbot.keyClick(dialog.preferred, Qt.Key_Return)

    QTimer.singleShot(300, change)  # after the button's click animation opens the dialog
    view.plan_editor.setFocus()  # Ctrl+E works from anywhere in the record
    qtbot.keyClick(view.focusWidget(), Qt.Key_E, Qt.ControlModifier)
    qtbot.waitUntil(lambda: "Nan" in view.banner.preferred.text(), timeout=3000)
    assert heard == [person.id]


def test_the_keyboard_lands_in_the_plan_when_the_record_opens(qtbot, ctx, person):
    plans.start_draft(ctx, person.id)
    view = open_view(qtbot, ctx, person.id)
    view.setFocus()  # what the shell does after opening a record
    assert view.plan_editor.what_matters.hasFocus()
