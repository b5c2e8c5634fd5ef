"""Goal ratings and experience at review, driven from the keyboard: rating every goal at a
review, the trend and off-track reasons in words, the questionnaire answered with number keys,
and the team's question set."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from carecoord.domain.enums import AgreementMethod, GoalDomain, Role
from carecoord.domain.errors import PermissionDenied
from carecoord.services import activity, experience, goals, plans
from carecoord.services.activity import ContactInput
from carecoord.services.base import Ctx
from tests.ui.test_activity_ui import Keyboard
from tests.ui.test_team_ui import open_dialog, shown
from ui.ratings.experience_dialog import ExperienceDialog, QuestionSetDialog
from ui.ratings.goal_rating import GoalRatingsPanel
from ui.ratings.rate_goals_dialog import RateGoalsDialog
from ui.ratings.sparkline import Sparkline

WALK = "Walk to the shop at the end of the road again"
LONELY = "Get out of the house twice a week"


def agreed_with_goals(ctx, person_id: int) -> plans.PlanView:
    """An agreed plan with two goals, built through the services as a matron would."""
    draft = plans.start_draft(ctx, person_id)
    plans.save_content(ctx, draft.id, plans.PlanContent(what_matters="Staying at home"))
    goals.add_goal(ctx, draft.id, goals.GoalInput(WALK, GoalDomain.PHYSICAL_HEALTH))
    goals.add_goal(ctx, draft.id, goals.GoalInput(LONELY, GoalDomain.MENTAL_WELLBEING))
    on = dt.date(2026, 1, 10)
    plans.agree(ctx, draft.id, plans.Agreement("Ann Smith", AgreementMethod.SIGNED, on,
                                               ctx.actor.professional_id, on))
    return plans.current_plan(ctx, person_id)


@pytest.fixture
def plan(ctx, person):
    return agreed_with_goals(ctx, person.id)


@pytest.fixture
def panel(qtbot, ctx, person, plan):
    return shown(qtbot, GoalRatingsPanel(ctx, person.id, person_name="Ann"))


def test_rating_two_goals_at_a_review_and_the_trend_shows(qtbot, ctx, person, plan, panel):
    first, second = plan.goals
    goals.rate_goal(ctx, first.id, 4, on="10/06/2026", at_review=True)
    goals.rate_goal(ctx, second.id, 6, on="10/06/2026", at_review=True)
    panel.refresh()
    keys = Keyboard(qtbot, panel)
    keys.alt(Qt.Key.Key_R)
    dialog = open_dialog(qtbot, panel, RateGoalsDialog)
    keys.alt(Qt.Key.Key_V)  # at a plan review
    keys.alt(Qt.Key.Key_1)
    keys.type("7")
    keys.tab()
    keys.type("Made it with the frame on Tuesday")
    keys.tab()
    keys.type("5")
    keys.enter()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    walk, lonely = plans.current_plan(ctx, person.id).goals
    assert [(r.score, r.at_review, r.comment) for r in walk.ratings] == [
        (4, True, None), (7, True, "Made it with the frame on Tuesday")]
    assert [(r.score, r.at_review) for r in lonely.ratings] == [(6, True), (5, True)]
    assert panel.result_note.text() == "2 ratings saved, at a review."
    words = [label.text() for label in panel.goals_frame.findChildren(QLabel)]
    assert any(t.startswith("7 out of 10 on 22 November 2026, at a review: improving, up 3")
               and "Made it with the frame" in t for t in words)
    assert any(t.startswith("5 out of 10 on 22 November 2026, at a review: getting worse, "
                            "down 1") for t in words)
    sparks = panel.goals_frame.findChildren(Sparkline)
    assert [[r.score for r in s.ratings] for s in sparks] == [[4, 7], [6, 5]]
    assert "Ratings, oldest first: 4 on 10 June 2026 at a review, 7 on 22 November 2026" in (
        sparks[0].accessibleDescription())
    image = sparks[0].grab().toImage()
    assert any(image.pixelColor(x, y).name() == "#005eb8" for x in range(image.width())
               for y in range(image.height()))


def test_a_goal_left_unrated_is_skipped_and_none_at_all_is_refused(qtbot, ctx, person, plan,
                                                                   panel):
    keys = Keyboard(qtbot, panel)
    keys.alt(Qt.Key.Key_R)
    dialog = open_dialog(qtbot, panel, RateGoalsDialog)
    assert dialog.contact.isChecked()  # no review in progress: a contact
    keys.enter()
    assert dialog.problem.text() == "Give at least one goal a score, or press Cancel."
    keys.alt(Qt.Key.Key_2)
    keys.type("3")
    keys.enter()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    walk, lonely = plans.current_plan(ctx, person.id).goals
    assert walk.ratings == () and [(r.score, r.at_review) for r in lonely.ratings] == [
        (3, False)]


def test_a_review_in_progress_rates_at_a_review_by_default(qtbot, ctx, person, plan):
    plans.start_review(ctx, plan.id)
    panel = shown(qtbot, GoalRatingsPanel(ctx, person.id, person_name="Ann"))
    keys = Keyboard(qtbot, panel)
    keys.alt(Qt.Key.Key_R)
    dialog = open_dialog(qtbot, panel, RateGoalsDialog)
    assert dialog.review.isChecked()
    assert [g.person_words for g in dialog.goals] == [WALK, LONELY]


def test_a_rating_that_fell_at_two_reviews_shows_off_track_in_words(qtbot, ctx, person, plan):
    lonely = plan.goals[1]
    for day, score in (("10/01/2026", 7), ("10/06/2026", 5), ("20/11/2026", 3)):
        goals.rate_goal(ctx, lonely.id, score, on=day, at_review=True)
    panel = shown(qtbot, GoalRatingsPanel(ctx, person.id, person_name="Ann"))
    flags = [label.text() for label in panel.goals_frame.findChildren(QLabel)
             if label.text().startswith("Off track")]
    assert flags == ["Off track: the rating fell at two reviews in a row."]


def test_with_no_plan_the_panel_says_where_goals_come_from(qtbot, ctx, person):
    panel = shown(qtbot, GoalRatingsPanel(ctx, person.id, person_name="Ann"))
    assert "Ann has no plan yet, so there are no goals to rate." in panel.empty.text()
    assert not panel.rate_button.isEnabled() and not panel.experience_button.isEnabled()
    assert "has not answered the experience questions yet" in panel.experience_empty.text()


# ---- experience at review --------------------------------------------------------------------


def test_experience_answered_with_number_keys(qtbot, ctx, person, plan, panel):
    keys = Keyboard(qtbot, panel)
    keys.alt(Qt.Key.Key_X)
    dialog = open_dialog(qtbot, panel, ExperienceDialog)
    assert "version 1 of the plan" in dialog.findChildren(QLabel)[0].text()
    for digit in (Qt.Key.Key_4, Qt.Key.Key_3):
        keys.key(digit)  # answers the row and moves to the next
    keys.key(Qt.Key.Key_Tab)  # the third is left blank
    keys.key(Qt.Key.Key_Right, times=2)  # Not at all, A little, Somewhat
    keys.enter()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [review] = experience.answers_for(ctx, person.id)
    assert review.plan_id == plan.id
    assert [(a.question, a.label) for a in review.answers] == [
        ("Did you feel listened to?", "Completely"),
        ("Did we talk about what matters to you?", "Mostly"),
        ("Do you feel involved in decisions about your care?", "Somewhat")]
    assert panel.experience_table.isVisible()
    assert panel.experience_table.item(0, 1).text() == "Completely"
    assert panel.experience_table.horizontalHeaderItem(1).text() == "Version 1, 22/11/2026"


def test_answering_again_shows_the_earlier_answers(qtbot, ctx, person, plan, panel):
    q = experience.questions(ctx)
    experience.record_answers(ctx, person.id, plan.id, {q[0].id: 2})
    dialog = ExperienceDialog(ctx, person.id, plan.id, panel, "Ann")
    qtbot.addWidget(dialog)
    assert [r.score() for r in dialog.rows] == [2, None, None, None, None]
    assert dialog.rows[0].entry() is dialog.rows[0].buttons[2]  # Tab lands on the answer


def test_the_team_question_set_add_move_and_retire(qtbot, ctx, person, plan, panel):
    keys = Keyboard(qtbot, panel)
    keys.alt(Qt.Key.Key_X)
    answering = open_dialog(qtbot, panel, ExperienceDialog)
    keys.alt(Qt.Key.Key_Q)
    dialog = open_dialog(qtbot, answering, QuestionSetDialog)
    keys.alt(Qt.Key.Key_W)
    keys.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.type("Was the plan written in words you understand?")
    keys.alt(Qt.Key.Key_A)
    texts = [q.text for q in experience.questions(ctx)]
    assert texts[-1] == "Was the plan written in words you understand?"
    keys.alt(Qt.Key.Key_U)
    assert [q.text for q in experience.questions(ctx)][-2] == (
        "Was the plan written in words you understand?")
    keys.alt(Qt.Key.Key_R)
    assert "Was the plan written in words you understand?" not in [
        q.text for q in experience.questions(ctx)]
    assert "(retired)" in dialog.list.currentItem().text()
    assert dialog.restore.isEnabled() and not dialog.retire.isEnabled()
    assert QApplication.focusWidget() is dialog.list
    keys.key(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # The questionnaire being answered shows the new order at once.
    assert [r.question.text for r in answering.rows][-1] == (
        "Do you feel confident managing your health day to day?")
    assert len(answering.rows) == 5


def test_a_huddle_viewer_sees_ratings_but_cannot_rate(qtbot, ctx, person, plan):
    goals.rate_goal(ctx, plan.goals[0].id, 6)
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 ctx.today)
    panel = shown(qtbot, GoalRatingsPanel(viewer, person.id, person_name="Ann"))
    assert not panel.rate_button.isEnabled() and not panel.experience_button.isEnabled()
    with pytest.raises(PermissionDenied):
        goals.rate_goal(viewer, plan.goals[0].id, 7)


# ---- every screen of this part: one control per Alt+letter --------------------------------


def mnemonics_of(root) -> list[str]:
    """The Alt+letter of every labelled control under `root`, shown or not yet enabled."""
    letters = []
    for child in [root, *root.findChildren(QWidget)]:
        if isinstance(child, QLabel):
            text = child.text() if child.buddy() is not None else ""
        elif isinstance(child, QAbstractButton):
            text = child.text()
        else:
            continue
        found = re.search(r"&([^&])", text.replace("&&", ""))
        if found and not child.isHidden():
            letters.append(found.group(1).lower())
    return letters


def test_no_two_controls_share_an_alt_letter(qtbot, ctx, person, plan):
    from ui.activity.activity_section import ActivitySection
    from ui.activity.contact_dialogs import ContactDialog, OfferReviewDialog
    from ui.lifestyle.lifestyle_dialog import LifestyleCheckDialog
    from ui.lifestyle.lifestyle_section import LifestyleSection
    from ui.readings.kinds_dialog import KindsDialog
    from ui.readings.reading_dialogs import AddReadingDialog
    from ui.readings.readings_section import ReadingsSection

    goals.rate_goal(ctx, plan.goals[0].id, 5)
    discharge = activity.record_contact(ctx, person.id, ContactInput("discharge", "20/11/2026"))
    asking = AddReadingDialog(ctx, person.id)
    asking._ask("A blood pressure of 180/95 mmHg is unusually high. Save it anyway?")
    screens = [ActivitySection(ctx, person.id), ContactDialog(ctx, person.id),
               OfferReviewDialog(ctx, discharge), LifestyleSection(ctx, person.id),
               LifestyleCheckDialog(ctx, person.id), ReadingsSection(ctx, person.id),
               AddReadingDialog(ctx, person.id), asking, KindsDialog(ctx),
               GoalRatingsPanel(ctx, person.id),
               RateGoalsDialog(ctx, plans.current_plan(ctx, person.id).goals),
               ExperienceDialog(ctx, person.id, plan.id), QuestionSetDialog(ctx)]
    for screen in screens:
        qtbot.addWidget(screen)
        letters = mnemonics_of(screen)
        assert letters, type(screen).__name__
        repeated = sorted({x for x in letters if letters.count(x) > 1})
        assert repeated == [], f"{type(screen).__name__} repeats Alt+{repeated}"
