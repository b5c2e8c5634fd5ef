"""The care plan journey, driven from the keyboard as a lead professional would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit

from carecoord.domain.enums import ActionSide, GoalDomain, OwnerKind, PlanStatus, Sector
from carecoord.services import plans, team
from carecoord.services.team import ProfessionalInput
from ui.record import forms
from ui.record.agree_dialog import AgreeDialog
from ui.record.compare_dialog import CompareDialog
from ui.record.record_view import PersonRecordView

ALT = Qt.AltModifier


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    """A question box would wait for a click that never comes; answer 'yes' to removals and
    'not now' to the experience questions offered after a review is agreed."""
    monkeypatch.setattr(forms, "confirm", lambda *a: True)
    monkeypatch.setattr(forms, "ask", lambda *a: False)


@pytest.fixture
def lead(ctx, person):
    team.handover_lead(ctx, person.id, ctx.actor.professional_id)
    nurse = team.add_professional(ctx, ProfessionalInput("Priya Patel", "District nurse",
                                                         Sector.COMMUNITY_NURSING))
    team.add_member(ctx, person.id, nurse.id)
    return nurse


@pytest.fixture
def view(qtbot, ctx, person, lead):
    v = PersonRecordView(ctx, person.id)
    qtbot.addWidget(v)
    v.resize(1280, 800)
    v.show()
    v.activateWindow()
    qtbot.waitUntil(v.isActiveWindow)
    return v


def alt(qtbot, widget, key) -> None:
    """Alt+key as a user presses it. A button's mnemonic clicks after a short animation."""
    window = widget.window()
    if QApplication.activeWindow() is not window:
        # The offscreen platform has no window manager to hand focus back after a dialog.
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    widget.setFocus()  # keys go where the focus is
    qtbot.keyClick(widget, key, ALT)
    qtbot.wait(200)


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    if isinstance(widget, QPlainTextEdit | QLineEdit):
        widget.selectAll()
    qtbot.keyClicks(widget, text)


def add_action(qtbot, editor, card, side: ActionSide, words: str, due_to: str):
    before = len(card.rows[side])
    card.words.setFocus()
    alt(qtbot, card.words, Qt.Key_I if side == ActionSide.PERSON else Qt.Key_T)
    assert len(card.rows[side]) == before + 1, "the shortcut added an action row"
    row = card.rows[side][-1]
    type_into(qtbot, row.description, words)
    type_into(qtbot, row.due_to, due_to)
    assert row.flush(), row.problem.text()
    return row


def add_goal(qtbot, editor, words: str, domain: GoalDomain):
    alt(qtbot, editor.what_matters, Qt.Key_G)
    card = editor.cards[-1]
    assert card.goal is None and card.words.hasFocus()
    qtbot.keyClicks(card.words, words)
    card.domain.setCurrentIndex(card.domain.findData(domain.value))
    card.domain.activated.emit(card.domain.currentIndex())
    type_into(qtbot, card.target_to, "31/05/2027")
    assert card.flush(), card.problem.text()
    return card


def agree_through_dialog(qtbot, editor, who: str = "Ann Smith") -> None:
    editor.what_matters.setFocus()
    alt(qtbot, editor.agree_button, Qt.Key_A)
    dialog = editor.dialog
    assert isinstance(dialog, AgreeDialog)
    assert dialog.lead.currentText().startswith("Jo Bloggs"), "the current lead is preselected"
    type_into(qtbot, dialog.who, who)
    dialog.method.setCurrentIndex(dialog.method.findData("verbal"))
    qtbot.keyClick(dialog.who, Qt.Key_Return)
    assert editor.dialog is None, dialog.problem.text()


def editable_inputs(root):
    out = []
    for w in root.findChildren(QPlainTextEdit) + root.findChildren(QLineEdit):
        if w.isVisibleTo(root) and w.isEnabled() and not w.isReadOnly():
            out.append(w)
    return out


def test_the_full_plan_journey(qtbot, ctx, person, view):
    editor = view.plan_editor
    assert any("No care plan yet" in label.text()
               for label in editor.panel.findChildren(QLabel))
    # Start writing from the keyboard: Alt+S on the empty state.
    editor.panel.buttons["start"].setFocus()
    alt(qtbot, editor.panel.buttons["start"], Qt.Key_S)
    assert editor.draft is not None, "a draft was started"
    assert view.banner.plan_status.text().startswith("Plan being written")

    type_into(qtbot, editor.what_matters, "Getting to church on Sundays and seeing my "
                                          "grandchildren.")
    walk = add_goal(qtbot, editor, "I want to walk to the shop on my own",
                    GoalDomain.PHYSICAL_HEALTH)
    add_action(qtbot, editor, walk, ActionSide.PERSON, "Walk to the post box each morning",
               "31/12/2026")
    team_row = add_action(qtbot, editor, walk, ActionSide.TEAM, "Refer me to the falls "
                          "service", "15/12/2026")
    breath = add_goal(qtbot, editor, "I want to be less breathless at night",
                      GoalDomain.UNDERSTANDING_CONDITIONS)
    add_action(qtbot, editor, breath, ActionSide.PERSON, "Sleep propped up on two pillows",
               "30/11/2026")
    add_action(qtbot, editor, breath, ActionSide.TEAM, "Review my water tablets", "10/12/2026")
    assert [c.title.text() for c in editor.cards] == ["Goal 1", "Goal 2"]
    assert team_row.owner.currentData()[0] == OwnerKind.TEAM_MEMBER

    agree_through_dialog(qtbot, editor)
    v1 = plans.working_plan(ctx, person.id)
    assert v1.status == PlanStatus.AGREED and v1.number == 1
    assert v1.content.what_matters.startswith("Getting to church")
    assert [g.person_words for g in v1.goals] == ["I want to walk to the shop on my own",
                                                  "I want to be less breathless at night"]
    assert [len(g.side(ActionSide.PERSON)) for g in v1.goals] == [1, 1]
    assert [len(g.side(ActionSide.TEAM)) for g in v1.goals] == [1, 1]
    assert v1.goals[0].side(ActionSide.TEAM)[0].owner_name == "Jo Bloggs"
    assert v1.person_agreed_by == "Ann Smith" and v1.agreement_method.value == "verbal"
    assert v1.review_date.isoformat() == "2027-05-22", "six months on by default"

    # An agreed version is read-only: no editable text anywhere in the plan or planning tabs.
    editor = view.plan_editor
    assert editor.draft is None
    assert editable_inputs(editor) == []
    assert editable_inputs(view.planning) == []
    assert "agreed" in view.banner.plan_status.text()
    assert editor.cards[0].mode == "progress"

    # Start a review from the keyboard; change a goal; agree version 2.
    alt(qtbot, editor.review_button, Qt.Key_R)
    editor = view.plan_editor
    assert editor.draft is not None and editor.draft.plan.number == 2
    assert "Under review" in view.banner.plan_status.text()
    card = editor.cards[0]
    type_into(qtbot, card.words, "I want to walk to the shop and back on my own")
    view.save_draft()
    agree_through_dialog(qtbot, editor)
    versions = plans.versions(ctx, person.id)
    assert [(v.number, v.status) for v in versions] == [(1, PlanStatus.SUPERSEDED),
                                                        (2, PlanStatus.AGREED)]

    # Compare the two versions: the change to the goal's words is listed and highlighted.
    editor = view.plan_editor
    alt(qtbot, editor.compare_button, Qt.Key_C)
    dialog = editor.dialog
    assert isinstance(dialog, CompareDialog)
    assert dialog.table.rowCount() >= 1
    rows = [[dialog.table.item(r, c).text() for c in range(4)]
            for r in range(dialog.table.rowCount())]
    assert ["Changed", "Goal: I want to walk to the shop and back on my own — words",
            "I want to walk to the shop on my own",
            "I want to walk to the shop and back on my own"] in rows
    assert dialog.summary.text().startswith(f"{len(rows)} difference")
    assert dialog.table.item(0, 0).background().color().name() != "#000000"


def test_agreeing_is_refused_plainly_without_the_persons_sign_off(qtbot, ctx, person, view):
    plans.start_draft(ctx, person.id)
    view.reload()
    editor = view.plan_editor
    type_into(qtbot, editor.what_matters, "My garden")
    alt(qtbot, editor.what_matters, Qt.Key_A)
    dialog = editor.dialog
    assert dialog is not None, editor.status.text()
    dialog.who.clear()
    qtbot.keyClick(dialog.who, Qt.Key_Return)
    assert editor.dialog is dialog, "the dialog stays open"
    assert "without the person's sign-off" in dialog.problem.text()
    assert plans.working_plan(ctx, person.id).status == PlanStatus.DRAFT
    dialog.reject()


def test_agreeing_needs_what_matters_first(qtbot, ctx, person, view):
    plans.start_draft(ctx, person.id)
    view.reload()
    editor = view.plan_editor
    alt(qtbot, editor.what_matters, Qt.Key_A)
    assert editor.dialog is None
    assert "Write what matters" in editor.status.text()
    assert editor.what_matters.hasFocus()


def test_reorder_goals_with_the_keyboard(qtbot, ctx, person, view):
    plans.start_draft(ctx, person.id)
    view.reload()
    editor = view.plan_editor
    first = add_goal(qtbot, editor, "Walk to the shop", GoalDomain.PHYSICAL_HEALTH)
    second = add_goal(qtbot, editor, "See my friends at the lunch club", GoalDomain.SOCIAL)
    second.words.setFocus()
    alt(qtbot, second.words, Qt.Key_Up)
    assert editor.cards == [second, first]
    assert [c.title.text() for c in editor.cards] == ["Goal 1", "Goal 2"]
    assert [g.person_words for g in plans.working_plan(ctx, person.id).goals] == [
        "See my friends at the lunch club", "Walk to the shop"]
    # Tab order follows the new visual order: from the first card's last control,
    # Tab lands in the second card (the one now below it), not back at the top.
    assert second.words.hasFocus()
    alt(qtbot, second.words, Qt.Key_Down)
    assert [g.person_words for g in plans.working_plan(ctx, person.id).goals] == [
        "Walk to the shop", "See my friends at the lunch club"]
    order = editor.cards[0].focus_widgets()
    assert order[-1].nextInFocusChain() is not None
    chain, w = [], editor.what_matters
    for _ in range(200):
        w = w.nextInFocusChain()
        chain.append(w)
    assert chain.index(first.words) < chain.index(second.words)


def test_actions_reorder_and_a_team_action_needs_a_team_owner(qtbot, ctx, person, view,
                                                              lead):
    plans.start_draft(ctx, person.id)
    view.reload()
    editor = view.plan_editor
    card = add_goal(qtbot, editor, "Walk to the shop", GoalDomain.PHYSICAL_HEALTH)
    one = add_action(qtbot, editor, card, ActionSide.PERSON, "Use the frame", "01/12/2026")
    two = add_action(qtbot, editor, card, ActionSide.PERSON, "Walk round the garden",
                     "05/12/2026")
    two.description.setFocus()
    alt(qtbot, two.description, Qt.Key_Up)
    goal = plans.working_plan(ctx, person.id).goals[0]
    assert [a.description for a in goal.actions] == ["Walk round the garden", "Use the frame"]
    assert card.rows[ActionSide.PERSON] == [two, one]

    team_row = add_action(qtbot, editor, card, ActionSide.TEAM, "Check my inhaler technique",
                          "01/12/2026")
    labels = [team_row.owner.itemText(i) for i in range(team_row.owner.count())]
    assert any(t.startswith("Priya Patel (District nurse") for t in labels)
    team_row.owner.setCurrentIndex(next(i for i, t in enumerate(labels)
                                        if t.startswith("Priya")))
    team_row.owner.activated.emit(team_row.owner.currentIndex())
    assert team_row.flush()
    saved = plans.working_plan(ctx, person.id).goals[0].side(ActionSide.TEAM)[0]
    assert saved.owner_name == "Priya Patel" and saved.owner_professional_id == lead.id


def test_an_incomplete_action_says_why_and_keeps_its_text(qtbot, ctx, person, view):
    plans.start_draft(ctx, person.id)
    view.reload()
    editor = view.plan_editor
    card = add_goal(qtbot, editor, "Walk to the shop", GoalDomain.PHYSICAL_HEALTH)
    alt(qtbot, card.words, Qt.Key_I)
    row = card.rows[ActionSide.PERSON][-1]
    type_into(qtbot, row.description, "Walk to the gate")
    assert not row.flush()
    assert "due window" in row.problem.text() and row.problem.isVisibleTo(view)
    assert row.description.text() == "Walk to the gate"
    assert "due window" in view.unsaved_problem()
    type_into(qtbot, row.due_to, "31/02/2027")
    assert not row.flush() and "February 2027 has 28 days" in row.problem.text()
    type_into(qtbot, row.due_to, "28/02/2027")
    assert row.flush() and view.unsaved_problem() is None


def test_progress_and_ratings_on_an_agreed_plan_need_no_new_version(qtbot, ctx, person, view):
    from carecoord.domain.enums import Achievement, ActionStatus
    from carecoord.services import goals
    from carecoord.services.goals import ActionInput, GoalInput

    plan = plans.start_draft(ctx, person.id)
    plans.save_content(ctx, plan.id, plans.with_content(plan, what_matters="My garden"))
    g = goals.add_goal(ctx, plan.id, GoalInput("Walk to the shop", GoalDomain.PHYSICAL_HEALTH))
    goals.add_action(ctx, g.id, ActionInput("Use the frame", ActionSide.PERSON,
                                            OwnerKind.PERSON, "Ann Smith", None, "01/12/2026"))
    plans.agree(ctx, plan.id, plans.Agreement("Ann Smith", "signed", "22/11/2026",
                                              ctx.actor.professional_id, "22/11/2026"))
    view.reload()
    card = view.plan_editor.cards[0]
    card.achievement.setCurrentIndex(card.achievement.findData(Achievement.IMPROVING.value))
    card.achievement.activated.emit(card.achievement.currentIndex())
    row = card.rows[ActionSide.PERSON][0]
    row.status.setCurrentIndex(row.status.findData(ActionStatus.DONE.value))
    row.status.activated.emit(row.status.currentIndex())
    qtbot.mouseClick(card.rate_button, Qt.LeftButton)
    dialog = view.plan_editor.dialog
    assert len(dialog.scores) == 1, "the goal on its own, in the dialog Goal progress uses"
    assert dialog.contact.isChecked(), "an agreed plan is rated at a contact"
    dialog.scores[0].setValue(7)
    type_into(qtbot, dialog.comments[0], "Getting there")
    qtbot.keyClick(dialog.comments[0], Qt.Key_Return)
    now = plans.working_plan(ctx, person.id)
    assert now.number == 1 and now.status == PlanStatus.AGREED
    assert now.goals[0].achievement == Achievement.IMPROVING
    assert now.goals[0].actions[0].status == ActionStatus.DONE
    assert now.goals[0].actions[0].completed_on == ctx.today()
    assert [r.score for r in now.goals[0].ratings] == [7]
    assert "7 on 22 November 2026" in card.rating_text.text()
    assert "done on 22 November 2026" in row.done.text()


def test_set_the_next_review_date_on_the_agreed_version(qtbot, ctx, person, view):
    plan = plans.start_draft(ctx, person.id)
    plans.save_content(ctx, plan.id, plans.with_content(plan, what_matters="My garden"))
    plans.agree(ctx, plan.id, plans.Agreement("Ann Smith", "signed", "22/11/2026",
                                              ctx.actor.professional_id, "22/11/2026"))
    view.reload()
    editor = view.plan_editor
    alt(qtbot, editor.review_button, Qt.Key_T)
    dialog = editor.dialog
    type_into(qtbot, dialog.on, "01/11/2026")
    qtbot.keyClick(dialog.on, Qt.Key_Return)
    assert "after the plan was agreed" in dialog.problem.text()
    type_into(qtbot, dialog.on, "01/03/2027")
    qtbot.keyClick(dialog.on, Qt.Key_Return)
    assert plans.working_plan(ctx, person.id).review_date.isoformat() == "2027-03-01"
    assert "1 March 2027" in view.banner.review.text()


def test_offered_and_declined_are_recorded_from_the_empty_state(qtbot, ctx, person, view):
    editor = view.plan_editor
    alt(qtbot, editor.panel.buttons["start"], Qt.Key_D)
    dialog = editor.dialog
    type_into(qtbot, dialog.note, "Happy with things as they are")
    qtbot.keyClick(dialog.on, Qt.Key_Return)
    plan = plans.working_plan(ctx, person.id)
    assert plan.status == PlanStatus.DECLINED and plan.declined_note.startswith("Happy")
    assert "declined" in view.banner.plan_status.text()
    editor = view.plan_editor
    assert "Happy with things" in editor.panel.findChildren(type(view.banner.facts))[1].text()
    alt(qtbot, editor.panel.buttons["start"], Qt.Key_O)
    qtbot.keyClick(editor.dialog.on, Qt.Key_Return)
    assert plans.working_plan(ctx, person.id).status == PlanStatus.OFFERED
