"""The lifestyle check, driven from the keyboard: the check, BMI worked out as it is typed,
range messages, the brief intervention, and a prevention goal added to the plan in one step;
and the list of past checks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecoord.domain.enums import (
    ActivityLevel,
    GoalDomain,
    InterventionTopic,
    LifestyleService,
    PlanStatus,
    ReferralOffer,
    Role,
    SmokingStatus,
)
from carecoord.domain.errors import PermissionDenied
from carecoord.services import lifestyle, plans
from carecoord.services.base import Ctx
from carecoord.services.lifestyle import CheckInput, InterventionInput
from tests.ui.test_activity_ui import Keyboard, agree_plan
from tests.ui.test_team_ui import open_dialog, shown, table_text
from ui.lifestyle.lifestyle_dialog import LifestyleCheckDialog
from ui.lifestyle.lifestyle_section import LifestyleSection, RemoveCheckDialog

SPACE = Qt.Key.Key_Space


@pytest.fixture
def section(qtbot, ctx, person):
    return shown(qtbot, LifestyleSection(ctx, person.id, person_name="Ann"))


def fill_check_from_keyboard(keys: Keyboard, goal: str | None) -> None:
    """The whole check as a matron types it; the focus starts on Smoking."""
    keys.type("c")  # Current smoker
    keys.tab()
    keys.type("20")  # units a week
    keys.tab()
    keys.type("m")  # Moderately inactive
    keys.tab()
    keys.type("Takeaways most nights")
    keys.tab(2)  # past the date of the check, which is today
    keys.type("162")
    keys.tab()
    keys.type("81")
    keys.tab()
    keys.type("6")
    keys.tab(2)  # past how they feel
    keys.type("Very brief advice to stop")  # 1 Smoking: advice
    keys.tab()
    keys.key(SPACE)  # leaflet given
    keys.tab()
    keys.type("a")  # referral accepted; the stop smoking service is suggested
    if goal:
        keys.alt(Qt.Key.Key_G)
        keys.type(goal)
    keys.enter()


def test_a_check_from_the_keyboard_adds_the_prevention_goal(qtbot, ctx, person, section):
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_L)
    dialog = open_dialog(qtbot, section, LifestyleCheckDialog)
    assert QApplication.focusWidget() is dialog.smoking
    assert "no plan in writing yet: a goal starts a first draft" in dialog.plan_note.text()
    fill_check_from_keyboard(keys, "Stop smoking before my granddaughter's wedding")
    qtbot.waitUntil(lambda: not dialog.isVisible())

    [check] = lifestyle.checks_for(ctx, person.id)
    assert (check.smoking, check.alcohol_units_week, check.activity) == (
        SmokingStatus.CURRENT, 20.0, ActivityLevel.MODERATELY_INACTIVE)
    assert (check.height_cm, check.weight_kg, check.bmi, check.wellbeing_score) == (
        162.0, 81.0, 30.9, 6)
    assert check.diet_note == "Takeaways most nights"
    [advice] = check.interventions
    assert (advice.topic, advice.advice, advice.leaflet_given, advice.referral,
            advice.service) == (InterventionTopic.SMOKING, "Very brief advice to stop", True,
                                ReferralOffer.ACCEPTED, LifestyleService.STOP_SMOKING)
    plan = plans.working_plan(ctx, person.id)
    assert plan.status == PlanStatus.DRAFT
    [goal] = plan.goals
    assert (goal.person_words, goal.domain) == ("Stop smoking before my granddaughter's "
                                                "wedding", GoalDomain.LIFESTYLE)
    assert "A draft plan was started, and the goal was added to it." in (
        section.result_note.text())
    assert "Current smoker" in table_text(section.table)
    assert "30.9 (obese)" in table_text(section.table)
    assert "referral to stop smoking service accepted" in section.detail.text()


def test_a_goal_for_an_agreed_plan_says_that_it_started_a_review(qtbot, ctx, person, section):
    agree_plan(ctx, person.id, dt.date(2026, 1, 10))
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_L)
    dialog = open_dialog(qtbot, section, LifestyleCheckDialog)
    assert "starts a review of the agreed plan" in dialog.plan_note.text()
    assert "version 2" in dialog.plan_note.text()
    fill_check_from_keyboard(keys, "Walk to the post box every day")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    newest = plans.working_plan(ctx, person.id)
    assert (newest.number, newest.status) == (2, PlanStatus.DRAFT)
    assert [g.person_words for g in newest.goals] == ["Walk to the post box every day"]
    assert "The agreed plan is now under review" in section.result_note.text()


def test_bmi_is_worked_out_as_it_is_typed_and_ranges_are_explained(qtbot, ctx, person,
                                                                   section):
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_L)
    dialog = open_dialog(qtbot, section, LifestyleCheckDialog)
    keys.alt(Qt.Key.Key_H)
    keys.type("1.62")
    assert not dialog.messages["height_cm"].isVisible()  # not while still typing
    keys.tab()
    message = dialog.messages["height_cm"]
    assert message.isVisible()
    assert "1.62 m is 162 cm" in message.text()
    keys.alt(Qt.Key.Key_H)
    keys.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.type("162")
    assert not message.isVisible()
    keys.alt(Qt.Key.Key_W)
    keys.type("81")
    assert dialog.bmi.text() == "30.9: obese"  # live, before leaving the field
    keys.alt(Qt.Key.Key_A)
    keys.type("30")
    keys.tab()
    assert "Above the low-risk guideline of 14 units a week." in (
        dialog.messages["alcohol_units_week"].text())
    keys.alt(Qt.Key.Key_M)
    keys.type("11")
    keys.tab()
    assert dialog.messages["wellbeing_score"].text() == (
        "The wellbeing score is a whole number from 0 to 10.")


def test_an_impossible_check_is_refused_and_nothing_is_saved(qtbot, ctx, person, section):
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_L)
    dialog = open_dialog(qtbot, section, LifestyleCheckDialog)
    keys.alt(Qt.Key.Key_W)
    keys.type("900")
    keys.alt(Qt.Key.Key_G)
    keys.type("Lose a stone")
    keys.enter()
    assert dialog.isVisible()
    assert dialog.problem.text() == ("A weight of 900 kg cannot be right: it must be between "
                                     "2 and 400 kg.")
    assert QApplication.focusWidget() is dialog.weight
    assert dialog.goal_words.text() == "Lose a stone"
    assert lifestyle.checks_for(ctx, person.id) == []
    assert plans.working_plan(ctx, person.id) is None


def test_a_past_target_date_refuses_the_goal_before_the_check_is_saved(qtbot, ctx, person,
                                                                        section):
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_L)
    dialog = open_dialog(qtbot, section, LifestyleCheckDialog)
    keys.type("c")
    keys.alt(Qt.Key.Key_G)
    keys.type("Stop smoking")
    keys.alt(Qt.Key.Key_T)
    keys.type("01/01/2026")
    keys.enter()
    assert dialog.problem.text() == "The goal's target date has already passed."
    assert QApplication.focusWidget() is dialog.goal_target
    assert lifestyle.checks_for(ctx, person.id) == []


def test_an_empty_check_is_refused_with_the_service_sentence(qtbot, section):
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_L)
    dialog = open_dialog(qtbot, section, LifestyleCheckDialog)
    keys.enter()
    assert dialog.problem.text() == ("Nothing was recorded: fill in at least one part of the "
                                     "check.")


def test_the_goal_topic_follows_the_first_topic_talked_about(qtbot, section):
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_L)
    dialog = open_dialog(qtbot, section, LifestyleCheckDialog)
    keys.alt(Qt.Key.Key_4)  # diet and weight: advice
    keys.type("Smaller portions")
    assert dialog.goal_topic.currentData() == InterventionTopic.DIET_WEIGHT.value
    assert not dialog.rows[InterventionTopic.DIET_WEIGHT].service.isEnabled()


# ---- the list -------------------------------------------------------------------------------


def test_the_list_of_checks_and_when_the_last_was(qtbot, ctx, person):
    lifestyle.record_check(ctx, person.id, CheckInput(SmokingStatus.EX_SMOKER,
                                                      checked_on="10/09/2025"))
    section = shown(qtbot, LifestyleSection(ctx, person.id, person_name="Ann"))
    assert "No lifestyle check in the last 12 months: the last was on 10 September 2025" in (
        section.status_line.text())
    lifestyle.record_check(ctx, person.id, CheckInput(
        SmokingStatus.CURRENT, wellbeing_score=7, checked_on="20/11/2026"),
        (InterventionInput(InterventionTopic.WELLBEING, "Lunch club on Tuesdays",
                           referral=ReferralOffer.DECLINED),))
    section.refresh()
    assert section.status_line.text() == ("Last check 20 November 2026: within the last 12 "
                                          "months.")
    text = table_text(section.table)
    assert "7 out of 10" in text and "Mental wellbeing" in text and "Ex-smoker" in text
    assert "not_asked" not in text and "ex_smoker" not in text
    assert "Recorded by Jo Bloggs." in section.detail.text()


def test_an_empty_list_says_what_to_do(section):
    assert "Press Alt+L" in section.empty.text()
    assert not section.status_line.isVisible()
    assert not section.remove_button.isEnabled()


def test_a_check_entered_in_error_is_removed_with_a_reason(qtbot, ctx, person, section):
    lifestyle.record_check(ctx, person.id, CheckInput(SmokingStatus.NEVER))
    section.refresh()
    section.table.setFocus()
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_V)
    dialog = open_dialog(qtbot, section, RemoveCheckDialog)
    keys.enter()  # "Entered in error" is offered
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert lifestyle.checks_for(ctx, person.id) == []
    assert not section.table.isVisible()


def test_a_huddle_viewer_sees_checks_but_cannot_record_one(qtbot, ctx, person):
    lifestyle.record_check(ctx, person.id, CheckInput(SmokingStatus.NEVER))
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 ctx.today)
    section = shown(qtbot, LifestyleSection(viewer, person.id, person_name="Ann"))
    assert "Never smoked" in table_text(section.table)
    assert not section.new_button.isEnabled() and not section.remove_button.isEnabled()
    with pytest.raises(PermissionDenied):
        lifestyle.record_check(viewer, person.id, CheckInput(SmokingStatus.NEVER))
