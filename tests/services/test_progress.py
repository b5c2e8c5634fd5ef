from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecoord.domain.dates import DueWindow
from carecoord.domain.enums import Achievement, GoalDomain, GoalLifecycle
from carecoord.domain.nhs_number import check_digit
from carecoord.services import goals, plans, progress
from carecoord.services.goals import GoalInput, GoalView
from carecoord.services.people import PersonInput, create_person

TODAY = dt.date(2026, 11, 22)


@dataclass(frozen=True)
class R:
    rated_on: dt.date
    score: int
    at_review: bool = True


def reviews(*scores: int, start=dt.date(2025, 1, 1)) -> list[R]:
    return [R(start + dt.timedelta(days=90 * i), s) for i, s in enumerate(scores)]


# ---- the falling rule, on its own -----------------------------------------------------


@pytest.mark.parametrize("scores, off", [
    ((8, 6, 4), True),  # fell twice in a row
    ((9, 8, 6, 4), True),
    ((3, 8, 6, 4), True),  # only the latest three count
    ((8, 6, 7, 5), False),  # fell once, rose, fell
    ((8, 6, 4, 5), False),  # fell twice, then rose: not off track now
    ((7, 7, 5), False),  # a tie is not a fall
    ((7, 5, 5), False),
    ((5, 5, 5), False),
    ((8, 6), False),  # fewer than three review ratings
    ((8,), False),
    ((), False),
    ((10, 9, 0), True),
])
def test_fell_twice_in_a_row(scores, off):
    assert progress.fell_twice_in_a_row(scores) is off
    assert progress.goal_trend(reviews(*scores)).fell_twice_at_reviews is off


def test_ratings_at_a_contact_do_not_count_for_the_rule():
    ratings = reviews(8, 6) + [R(dt.date(2025, 8, 1), 2, at_review=False)]
    trend = progress.goal_trend(ratings)
    assert trend.review_scores == (8, 6) and not trend.fell_twice_at_reviews
    assert (trend.latest, trend.change, trend.direction) == (2, -4, "down")


def test_a_correction_on_the_same_review_day_replaces_the_first_entry():
    day = dt.date(2025, 7, 1)
    ratings = reviews(8, 6) + [R(day, 4), R(day, 7)]
    assert progress.review_scores(ratings) == (8, 6, 7)
    assert not progress.goal_trend(ratings).fell_twice_at_reviews


def test_ratings_are_put_in_date_order():
    ratings = list(reversed(reviews(8, 6, 4)))
    assert progress.review_scores(ratings) == (8, 6, 4)


@pytest.mark.parametrize("scores, direction, label", [
    ((), "", "Not enough ratings yet"), ((5,), "", "Not enough ratings yet"),
    ((4, 6), "up", "Improving"), ((6, 4), "down", "Getting worse"),
    ((5, 5), "level", "No change"),
])
def test_goal_trend_direction(scores, direction, label):
    trend = progress.goal_trend(reviews(*scores))
    assert (trend.direction, trend.label) == (direction, label)
    assert [s for _, s in trend.points] == list(scores)


@given(st.lists(st.integers(0, 10), max_size=8))
def test_the_rule_is_exactly_two_strict_falls_at_the_end(scores):
    expected = len(scores) >= 3 and scores[-3] > scores[-2] and scores[-2] > scores[-1]
    assert progress.fell_twice_in_a_row(scores) is expected


# ---- the other ways to be off track ---------------------------------------------------


def view(lifecycle=GoalLifecycle.ACTIVE, achievement=Achievement.IN_PROGRESS, target=None,
         scores=()) -> GoalView:
    return GoalView(1, "x", 1, "Walk to the park", GoalDomain.PHYSICAL_HEALTH,
                    DueWindow(None, target), lifecycle, achievement, (),
                    tuple(goals.RatingView(r.rated_on, r.score, None, True)
                          for r in reviews(*scores)))


@pytest.mark.parametrize("goal, reasons", [
    (view(), ()),
    (view(scores=(8, 6, 4)), (progress.FELL_TWICE,)),
    (view(achievement=Achievement.WORSENING), (progress.WORSENING,)),
    (view(target=dt.date(2026, 11, 21)), (progress.TARGET_PASSED,)),
    (view(target=TODAY), ()),  # due today is not yet missed
    (view(target=dt.date(2026, 11, 21), achievement=Achievement.ACHIEVED), ()),
    (view(target=dt.date(2026, 11, 21), achievement=Achievement.NOT_ACHIEVED),
     (progress.TARGET_PASSED,)),
    (view(lifecycle=GoalLifecycle.COMPLETED, target=dt.date(2026, 1, 1)), ()),
    (view(lifecycle=GoalLifecycle.CANCELLED, achievement=Achievement.WORSENING), ()),
    (view(lifecycle=GoalLifecycle.ON_HOLD, scores=(8, 6, 4)), ()),
    (view(lifecycle=GoalLifecycle.PROPOSED, scores=(8, 6, 4),
          achievement=Achievement.WORSENING), (progress.FELL_TWICE, progress.WORSENING)),
])
def test_off_track_reasons(goal, reasons):
    assert progress.off_track_reasons(goal, TODAY) == reasons


# ---- over the whole store -------------------------------------------------------------


@pytest.fixture
def people(ctx):
    numbers = (n + str(check_digit(n)) for n in (f"99{i:07d}" for i in itertools.count(3000000))
               if check_digit(n) is not None)

    def make(count: int):
        return [create_person(ctx, PersonInput(next(numbers), f"P{i}", "Jones", "01/01/1950"))
                for i in range(count)]

    return make


def add_goal(ctx, person_id: int, scores=(), target=None, lifecycle=None, achievement=None,
             contact_scores=()) -> GoalView:
    plan = plans.working_plan(ctx, person_id) or plans.start_draft(ctx, person_id)
    g = goals.add_goal(ctx, plan.id, GoalInput("Get out more", GoalDomain.SOCIAL,
                                               target_to=target))
    for r in reviews(*scores):
        goals.rate_goal(ctx, g.id, r.score, on=r.rated_on, at_review=True)
    for i, s in enumerate(contact_scores):
        goals.rate_goal(ctx, g.id, s, on=dt.date(2026, 10, 1 + i))
    if lifecycle or achievement:
        goals.set_goal_progress(ctx, g.id, lifecycle or g.lifecycle,
                                achievement or g.achievement)
    return g


def test_off_track_person_ids(ctx, people):
    p = people(10)
    add_goal(ctx, p[0].id, scores=(8, 6, 4))  # fell twice
    add_goal(ctx, p[1].id, scores=(8, 6, 7, 5))  # fell, rose, fell
    add_goal(ctx, p[2].id, scores=(7, 7, 5))  # tie then fall
    add_goal(ctx, p[9].id, scores=(7, 5, 5))  # fall then tie
    add_goal(ctx, p[3].id, achievement=Achievement.WORSENING)
    add_goal(ctx, p[4].id, target=dt.date(2026, 6, 1))  # target passed
    add_goal(ctx, p[5].id, target=dt.date(2026, 6, 1), achievement=Achievement.ACHIEVED)
    add_goal(ctx, p[6].id, scores=(8, 6, 4), lifecycle=GoalLifecycle.CANCELLED)
    add_goal(ctx, p[7].id, scores=(8, 6), contact_scores=(3,))  # contact ratings don't count
    add_goal(ctx, p[8].id, scores=(5, 6))
    add_goal(ctx, p[8].id, scores=(9, 7, 2))  # one goal of two is enough
    assert progress.off_track_person_ids(ctx, TODAY) == {p[0].id, p[3].id, p[4].id, p[8].id}
    # the day before the target it was not yet missed
    assert p[4].id not in progress.off_track_person_ids(ctx, dt.date(2026, 5, 31))


def test_same_day_correction_in_the_store(ctx, people):
    [p] = people(1)
    g = add_goal(ctx, p.id, scores=(8, 6))
    goals.rate_goal(ctx, g.id, 4, on=dt.date(2025, 9, 1), at_review=True)
    assert progress.off_track_person_ids(ctx, TODAY) == {p.id}
    goals.rate_goal(ctx, g.id, 7, on=dt.date(2025, 9, 1), at_review=True)  # corrected
    assert progress.off_track_person_ids(ctx, TODAY) == set()


def test_ratings_follow_the_goal_into_a_review_and_only_the_plan_in_force_counts(ctx, people):
    [p] = people(1)
    g = add_goal(ctx, p.id, scores=(8, 6))
    draft = plans.working_plan(ctx, p.id)
    plans.save_content(ctx, draft.id, plans.with_content(draft, what_matters="My garden"))
    agreed = plans.agree(ctx, draft.id, plans.Agreement(
        "P0 Jones", "verbal", TODAY, ctx.actor.professional_id, TODAY))
    review = plans.start_review(ctx, agreed.id)
    [copy] = review.goals
    assert copy.lineage == g.lineage
    goals.rate_goal(ctx, copy.id, 3, on=TODAY, at_review=True)  # rated on the review's draft
    assert progress.off_track_person_ids(ctx, TODAY) == {p.id}
    # retired from the draft only: the agreed version (in force) still has it
    goals.retire_goal(ctx, copy.id)
    assert progress.off_track_person_ids(ctx, TODAY) == {p.id}


def test_a_retired_goal_on_the_plan_in_force_is_not_counted(ctx, people):
    [p] = people(1)
    g = add_goal(ctx, p.id, scores=(8, 6, 4))
    goals.retire_goal(ctx, g.id, "Added by mistake")
    assert progress.off_track_person_ids(ctx, TODAY) == set()


def test_sql_agrees_with_the_rule_on_random_histories(ctx, people):
    rnd = random.Random(8)
    group = people(25)
    expected = set()
    for person in group:
        for _ in range(rnd.randint(1, 2)):
            scores = tuple(rnd.randint(3, 7) for _ in range(rnd.randint(0, 5)))
            achievement = rnd.choice([None, None, None, Achievement.WORSENING,
                                      Achievement.IMPROVING])
            target = rnd.choice([None, None, dt.date(2026, 11, 21), dt.date(2026, 11, 22)])
            add_goal(ctx, person.id, scores=scores, target=target, achievement=achievement)
        view_ = plans.current_plan(ctx, person.id)
        if any(progress.off_track_reasons(g, TODAY) for g in view_.goals):
            expected.add(person.id)
    assert 0 < len(expected) < len(group)
    assert progress.off_track_person_ids(ctx, TODAY) == expected
