"""Goal measures: the trend of the person's own ratings, and when a goal counts as off track.

A goal counts as OFF TRACK, for the caseload filter and the huddle, when it is open (its
lifecycle is proposed or active; completed, cancelled and on-hold goals never count) and any
of these holds:

1. Its rating FELL AT TWO REVIEWS IN A ROW. Take the person's ratings of the goal made at a
   review (`at_review`), across every version of the plan (ratings follow the goal's lineage),
   in date order, keeping only the last one recorded on any one day. If the last three are
   r1, r2, r3 (r3 the newest), the goal is off track when r1 > r2 > r3.
   - A tie is not a fall: 7, 7, 5 and 7, 5, 5 are not off track.
   - Only the latest three count: 8, 6, 7, 5 fell, rose, then fell, so it is not off track;
     a goal that fell twice long ago and has risen since is not off track either.
   - Fewer than three review ratings can never be off track by this rule.
   - Ratings made at a contact rather than a review show on the trend but not in this rule.
2. Its achievement is marked "worsening".
3. Its target date has passed (the end of its target window is before today) and it is
   neither achieved nor completed.

Only the goals on the plan in force (the current version) are looked at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import and_, or_, select

from carecoord.domain.enums import Achievement, GoalLifecycle
from carecoord.services.base import Ctx, Work, reading
from carecoord.services.goals import GoalView
from carecoord.store.models import CarePlan, Goal, GoalRating

OPEN_LIFECYCLES = (GoalLifecycle.PROPOSED, GoalLifecycle.ACTIVE)

FELL_TWICE = "The rating fell at two reviews in a row"
WORSENING = "Marked as getting worse"
TARGET_PASSED = "The target date has passed and it is not achieved"


class Rated(Protocol):
    rated_on: dt.date
    score: int
    at_review: bool


@dataclass(frozen=True)
class GoalTrend:
    """The ratings as a small chart, and the latest movement."""

    points: tuple[tuple[dt.date, int], ...]  # every rating, oldest first
    review_scores: tuple[int, ...]  # one per review day, oldest first
    latest: int | None
    change: int | None  # the latest rating minus the one before it
    fell_twice_at_reviews: bool

    @property
    def direction(self) -> str:
        """'up', 'down', 'level', or '' with fewer than two ratings."""
        if self.change is None:
            return ""
        return "up" if self.change > 0 else "down" if self.change < 0 else "level"

    @property
    def label(self) -> str:
        return {"up": "Improving", "down": "Getting worse", "level": "No change"}.get(
            self.direction, "Not enough ratings yet")


def review_scores(ratings: Iterable[Rated]) -> tuple[int, ...]:
    """The at-review ratings in date order, the last recorded on each day standing for it.

    `ratings` must be in the order they were recorded within a day (goals_for gives them so).
    """
    per_day: dict[dt.date, int] = {}
    for r in sorted((r for r in ratings if r.at_review), key=lambda r: r.rated_on):
        per_day[r.rated_on] = r.score
    return tuple(per_day.values())


def fell_twice_in_a_row(scores: tuple[int, ...] | list[int]) -> bool:
    """True when the last three scores strictly fall: r1 > r2 > r3. Ties are not falls."""
    if len(scores) < 3:
        return False
    r1, r2, r3 = scores[-3:]
    return r1 > r2 > r3


def goal_trend(ratings: Iterable[Rated]) -> GoalTrend:
    ratings = sorted(ratings, key=lambda r: r.rated_on)  # stable: keeps the recorded order
    points = tuple((r.rated_on, r.score) for r in ratings)
    reviews = review_scores(ratings)
    change = points[-1][1] - points[-2][1] if len(points) >= 2 else None
    return GoalTrend(points, reviews, points[-1][1] if points else None, change,
                     fell_twice_in_a_row(reviews))


def off_track_reasons(goal: GoalView, today: dt.date) -> tuple[str, ...]:
    """Why this goal counts as off track (empty when it does not); see the module docstring."""
    if goal.lifecycle not in OPEN_LIFECYCLES:
        return ()
    reasons = []
    if fell_twice_in_a_row(review_scores(goal.ratings)):
        reasons.append(FELL_TWICE)
    if goal.achievement == Achievement.WORSENING:
        reasons.append(WORSENING)
    if (goal.target.end is not None and goal.target.end < today
            and goal.achievement != Achievement.ACHIEVED):
        reasons.append(TARGET_PASSED)
    return tuple(reasons)


def _open_goals():
    """Open goals on each person's plan in force.

    `is_current IS NOT false` rather than `= true` on purpose: with an equality SQLite walks
    the review-date index and then fetches goals in random order, several times slower on a
    large encrypted store than reading plans in person order.
    """
    return (select(CarePlan.person_id)
            .join(Goal, Goal.plan_id == CarePlan.id)
            .where(CarePlan.is_current.is_not(False), Goal.retired_on.is_(None),
                   Goal.lifecycle.in_(OPEN_LIFECYCLES)))


def _people_by_status(w: Work, today: dt.date) -> set[int]:
    """Rules 2 and 3: marked worsening, or the target date passed without achieving it."""
    return set(w.session.scalars(_open_goals().distinct().where(or_(
        Goal.achievement == Achievement.WORSENING,
        and_(Goal.target_to < today, Goal.achievement != Achievement.ACHIEVED)))))


def _falling_lineages(w: Work) -> dict[str, int]:
    """Rule 1 over every goal, streamed in one ordered pass over the review ratings.

    This is `fell_twice_in_a_row(review_scores(...))` for each lineage, kept as the last
    three days' scores (a later entry on the same day replaces the earlier one). It is done
    here rather than with SQL window functions, which SQLite runs about twice as slowly.
    Ordering by `person_id + 0` makes SQLite read the table straight through and sort, instead
    of visiting rows in index order, which on a large encrypted file means random reads.
    """
    stmt = (select(GoalRating.goal_lineage, GoalRating.rated_on, GoalRating.score,
                   GoalRating.person_id)
            .where(GoalRating.at_review.is_(True))
            .order_by(GoalRating.person_id + 0, GoalRating.goal_lineage, GoalRating.rated_on,
                      GoalRating.id))
    falling: dict[str, int] = {}  # lineage -> whose it is
    lineage = day = person = None
    r1 = r2 = r3 = None  # the last three review days' scores, r3 the newest
    # Core rows, not the ORM session's: a third of the cost for 300,000 rows.
    for row_lineage, row_day, score, row_person in w.session.connection().execute(stmt):
        if row_lineage != lineage:
            if r1 is not None and r1 > r2 > r3:
                falling[lineage] = person
            lineage, day, person, r1, r2, r3 = row_lineage, row_day, row_person, None, None, score
        elif row_day == day:
            r3 = score
        else:
            day, r1, r2, r3 = row_day, r2, r3, score
    if r1 is not None and r1 > r2 > r3:
        falling[lineage] = person
    return falling


def _people_with_open_goals(w: Work, lineages: set[str]) -> set[int]:
    people: set[int] = set()
    ordered = sorted(lineages)
    for i in range(0, len(ordered), 500):  # well under every database's parameter limit
        people.update(w.session.scalars(_open_goals().distinct().where(
            Goal.lineage.in_(ordered[i:i + 500]))))
    return people


def off_track_person_ids(ctx: Ctx, today: dt.date | None = None) -> set[int]:
    """Everyone in the store with at least one goal off track (see the module docstring).

    Three kinds of query: goals by status, one ordered pass over the review ratings, and a
    look-up of whether the falling goals are open on the plan in force (skipped for people
    already counted).
    """
    today = today or ctx.today()
    with reading(ctx) as w:
        ids = _people_by_status(w, today)
        falling = _falling_lineages(w)
        ids.update(_people_with_open_goals(
            w, {lineage for lineage, person in falling.items() if person not in ids}))
    return ids
