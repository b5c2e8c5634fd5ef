"""Care plans in every lifecycle state, with goals, actions, ratings and experience answers.

The rows follow the rules in services/plans.py: an agreed version has both sign-offs and a
review date; a review leaves the agreed version current (marked under review) beside a new
draft that is not current and points back to it; an agreed review supersedes the version
before it. Goals and actions copied into a later version keep their lineage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from carecoord.demo import phrases
from carecoord.demo.dice import Dice, Weighted
from carecoord.demo.person import Someone
from carecoord.demo.plan_text import content
from carecoord.demo.writer import Bulk
from carecoord.domain.dates import add_months
from carecoord.domain.enums import (
    Achievement,
    ActionSide,
    ActionStatus,
    AgreementMethod,
    Frailty,
    GoalLifecycle,
    OwnerKind,
    PlanStatus,
)
from carecoord.store.models import Action, CarePlan, ExperienceAnswer, Goal, GoalRating

DAY = dt.timedelta(days=1)
NO_PLAN = "none"
KINDS: Weighted[str] = Weighted([
    (NO_PLAN, 8), (PlanStatus.OFFERED, 5), (PlanStatus.DECLINED, 4), (PlanStatus.DRAFT, 10),
    (PlanStatus.AGREED, 55), (PlanStatus.UNDER_REVIEW, 18)])
EARLIER_VERSIONS = Weighted([(0, 78), (1, 19), (2, 3)])
ACTIONS_PER_GOAL = Weighted([(1, 40), (2, 40), (3, 20)])
REVIEW_MONTHS = Weighted([(6, 80), (3, 8), (12, 12)])
METHODS = Weighted([(AgreementMethod.SIGNED, 55), (AgreementMethod.VERBAL, 30),
                    (AgreementMethod.REPRESENTATIVE, 10),
                    (AgreementMethod.LASTING_POWER_OF_ATTORNEY, 5)])
# Where a goal stands on the plan in force; worsening and not achieved are "off track".
OUTCOMES = Weighted([
    ((GoalLifecycle.ACTIVE, Achievement.IN_PROGRESS), 28),
    ((GoalLifecycle.ACTIVE, Achievement.IMPROVING), 22),
    ((GoalLifecycle.ACTIVE, Achievement.NO_CHANGE), 11),
    ((GoalLifecycle.ACTIVE, Achievement.WORSENING), 10),
    ((GoalLifecycle.COMPLETED, Achievement.ACHIEVED), 13),
    ((GoalLifecycle.COMPLETED, Achievement.NOT_ACHIEVED), 4),
    ((GoalLifecycle.ON_HOLD, Achievement.NO_CHANGE), 5),
    ((GoalLifecycle.CANCELLED, Achievement.NOT_ACHIEVED), 2),
    ((GoalLifecycle.ACTIVE, Achievement.NOT_ACHIEVED), 5),
])
RATING_STEP = {Achievement.IMPROVING: (1, 2), Achievement.WORSENING: (-2, -1),
               Achievement.NO_CHANGE: (-1, 1), Achievement.IN_PROGRESS: (0, 1),
               Achievement.ACHIEVED: (1, 3), Achievement.NOT_ACHIEVED: (-1, 0)}


@dataclass
class Version:
    status: PlanStatus
    is_current: bool
    offered_on: dt.date
    declined_on: dt.date | None = None
    agreed_on: dt.date | None = None
    review_months: int = 6
    review_date: dt.date | None = None
    review_started_on: dt.date | None = None
    superseded_on: dt.date | None = None

    @property
    def agreed(self) -> bool:
        return self.agreed_on is not None


@dataclass
class Scenario:
    kind: str
    versions: list[Version] = field(default_factory=list)

    @property
    def earliest(self) -> dt.date | None:
        return self.versions[0].offered_on if self.versions else None

    @property
    def first_agreed(self) -> dt.date | None:
        return next((v.agreed_on for v in self.versions if v.agreed), None)


def _agreed(dice: Dice, today: dt.date, review_target: dt.date, months: int,
            status: PlanStatus = PlanStatus.AGREED) -> Version:
    agreed = min(add_months(review_target, -months), today - DAY)
    return Version(status, True, agreed, agreed_on=agreed, review_months=months,
                   review_date=add_months(agreed, months))


def choose(dice: Dice, today: dt.date) -> Scenario:
    """Pick the plan's state and lay out its versions in time, oldest first."""
    kind = dice.draw(KINDS)
    if kind == NO_PLAN:
        return Scenario(kind)
    if kind == PlanStatus.OFFERED:
        return Scenario(kind, [Version(kind, True, today - dice.between(0, 90) * DAY)])
    if kind == PlanStatus.DECLINED:
        offered = today - dice.between(20, 400) * DAY
        return Scenario(kind, [Version(kind, True, offered, declined_on=min(
            today, offered + dice.between(0, 14) * DAY))])
    if kind == PlanStatus.DRAFT:
        return Scenario(kind, [Version(kind, True, today - dice.between(1, 60) * DAY)])
    versions: list[Version] = []
    if kind == PlanStatus.AGREED:
        months = dice.draw(REVIEW_MONTHS)
        r = dice.random()
        offset = (dice.between(-120, -1) if r < 0.12 else dice.between(0, 7) if r < 0.17
                  else dice.between(8, 14) if r < 0.22 else dice.between(15, months * 30))
        versions.append(_agreed(dice, today, today + offset * DAY, months))
    else:
        current = _agreed(dice, today, today + dice.between(-60, 14) * DAY, 6,
                          PlanStatus.UNDER_REVIEW)
        current.review_started_on = max(current.agreed_on + DAY, min(
            today, current.review_date - dice.between(0, 21) * DAY))
        versions += [current, Version(PlanStatus.DRAFT, False, current.offered_on)]
    for _ in range(dice.draw(EARLIER_VERSIONS)):
        later = versions[0]
        agreed = add_months(later.agreed_on, -dice.between(6, 8))
        versions.insert(0, Version(
            PlanStatus.SUPERSEDED, False, agreed, agreed_on=agreed,
            review_date=add_months(agreed, 6), superseded_on=later.agreed_on,
            review_started_on=max(agreed + DAY, later.agreed_on - dice.between(3, 30) * DAY)))
    offered = versions[0].agreed_on - dice.between(7, 45) * DAY
    for v in versions:
        v.offered_on = offered
    return Scenario(kind, versions)


@dataclass
class _Goal:
    idea: phrases.GoalIdea
    lineage: str
    outcome: tuple[GoalLifecycle, Achievement]
    actions: list[dict]  # side, description, owner_kind, owner_name, owner_pro, lineage


def _goal_ideas(dice: Dice, p: Someone, count: int) -> list[phrases.GoalIdea]:
    keys = {c.key for c in p.conditions}
    frail = p.frailty in (Frailty.MODERATE, Frailty.SEVERE)
    suited = [g for g in phrases.GOALS if (not g.conditions or keys & set(g.conditions))
              and (frail or not g.frail_only)]
    return dice.sample(suited, count)


def _new_goal(dice: Dice, p: Someone, idea: phrases.GoalIdea) -> _Goal:
    me = f"{p.called} {p.family}"
    actions = [dict(side=ActionSide.PERSON, description=idea.mine[0],
                    owner_kind=OwnerKind.PERSON, owner_name=me, owner_professional_id=None)]
    count = dice.draw(ACTIONS_PER_GOAL)
    team = list(idea.team)
    while len(actions) < count:
        if team:
            who, what = team.pop(0)
            pro = p.member(who)
            actions.append(dict(side=ActionSide.TEAM, description=what,
                                owner_kind=OwnerKind.TEAM_MEMBER, owner_name=pro.name,
                                owner_professional_id=pro.id))
        elif p.carers and dice.chance(0.6):
            actions.append(dict(side=ActionSide.PERSON,
                                description=dice.pick(phrases.CARER_ACTIONS),
                                owner_kind=OwnerKind.CARER, owner_name=p.carers[0],
                                owner_professional_id=None))
        elif len(idea.mine) > 1 and len(actions) == 1 + (len(idea.team) > 0):
            actions.append(dict(side=ActionSide.PERSON, description=idea.mine[1],
                                owner_kind=OwnerKind.PERSON, owner_name=me,
                                owner_professional_id=None))
        else:
            break
    for a in actions:
        a["lineage"] = dice.uid()
    return _Goal(idea, dice.uid(), dice.draw(OUTCOMES), actions)


def _action_state(dice: Dice, start: dt.date | None, end: dt.date,
                  as_of: dt.date) -> tuple[ActionStatus, dt.date | None]:
    begin = start or end - 14 * DAY
    r = dice.random()
    if end < as_of:
        if r < 0.68:
            return ActionStatus.DONE, dice.day_between(begin, min(end + 7 * DAY, as_of))
        return ((ActionStatus.IN_PROGRESS, None) if r < 0.82 else
                (ActionStatus.NOT_STARTED, None) if r < 0.92 else (ActionStatus.CANCELLED, None))
    if begin <= as_of:
        if r < 0.2:
            return ActionStatus.DONE, dice.day_between(begin, as_of)
        return (ActionStatus.IN_PROGRESS, None) if r < 0.7 else (ActionStatus.NOT_STARTED, None)
    return (ActionStatus.IN_PROGRESS, None) if r < 0.15 else (ActionStatus.NOT_STARTED, None)


class _PlanWriter:
    def __init__(self, bulk: Bulk, dice: Dice, p: Someone, today: dt.date, user_id: int | None):
        self.bulk, self.dice, self.p, self.today, self.user_id = bulk, dice, p, today, user_id
        self.rated: dict[str, list[tuple[dt.date, bool]]] = {}  # lineage: (day, at review)

    def goals(self, plan_id: int, v: Version, goals: list[_Goal], at: dt.datetime,
              copied: list[tuple[dict, list[dict]]] | None = None):
        """Write a version's goals; a review's new draft copies the rows it is given."""
        if copied is not None:
            for goal, actions in copied:
                gid = self.bulk.add(Goal, **dict(goal, plan_id=plan_id, created_at=at))
                for a in actions:
                    self.bulk.add(Action, **dict(a, goal_id=gid, created_at=at))
            return None
        dice, base = self.dice, v.agreed_on or v.offered_on
        as_of = v.superseded_on or self.today
        written = []
        for pos, g in enumerate(goals, start=1):
            if v.status == PlanStatus.DRAFT:
                state = (GoalLifecycle.PROPOSED if dice.chance(0.7) else GoalLifecycle.ACTIVE,
                         Achievement.IN_PROGRESS)
            elif v.status == PlanStatus.SUPERSEDED:
                state = (GoalLifecycle.ACTIVE, dice.pick((Achievement.IN_PROGRESS,
                                                          Achievement.IMPROVING)))
            else:
                state = g.outcome
            target_to = add_months(base, dice.pick((3, 6, 6, 9, 12)))
            open_goal = state[0] in (GoalLifecycle.ACTIVE, GoalLifecycle.PROPOSED)
            if (open_goal and v.status != PlanStatus.SUPERSEDED and target_to < self.today
                    and dice.chance(0.85)):
                # Most open goals were re-dated at a contact; a few have truly slipped.
                target_to = self.today + dice.between(14, 200) * DAY
            goal = dict(lineage=g.lineage, position=pos, person_words=g.idea.words,
                        domain=g.idea.domain,
                        target_from=base if dice.chance(0.5) else None,
                        target_to=target_to, lifecycle=state[0], achievement=state[1])
            gid = self.bulk.add(Goal, plan_id=plan_id, created_at=at, **goal)
            actions = []
            for apos, a in enumerate(g.actions, start=1):
                start = base + dice.between(0, 30) * DAY if dice.chance(0.6) else None
                end = (start or base) + dice.between(14, 120) * DAY
                if v.status == PlanStatus.DRAFT:
                    status, done_on = ActionStatus.NOT_STARTED, None
                elif state[0] == GoalLifecycle.COMPLETED:  # a finished goal's actions are done
                    status, done_on = ActionStatus.DONE, dice.day_between(min(start or base,
                                                                              as_of), as_of)
                elif state[0] == GoalLifecycle.CANCELLED:
                    status, done_on = ActionStatus.CANCELLED, None
                else:
                    status, done_on = _action_state(dice, start, end, as_of)
                action = dict(a, position=apos, due_from=start, due_to=end, status=status,
                              completed_on=done_on)
                self.bulk.add(Action, goal_id=gid, created_at=at, **action)
                actions.append(action)
            written.append((goal, actions))
            if v.agreed:
                days = self.rated.setdefault(g.lineage, [])
                days.append((v.agreed_on, True))
                if v.review_started_on:
                    days.append((v.review_started_on, True))
        return written

    def ratings(self, goals: list[_Goal]) -> None:
        dice = self.dice
        for g in goals:
            days = self.rated.get(g.lineage)
            worsening = g.outcome[1] == Achievement.WORSENING
            if not days or (not worsening and dice.chance(0.5)):
                continue
            last = max(d for d, _ in days)
            # Ratings at contacts between reviews; a worsening goal falls at reviews in a row.
            for _ in range(dice.between(0, 1) + (2 if worsening else 0)):
                days.append((dice.day_between(last, self.today), worsening))
            days.sort()
            low, high = RATING_STEP[g.outcome[1]]
            score = dice.between(5, 8) if worsening else dice.between(2, 6)
            for n, (day, at_review) in enumerate(days):
                if n:
                    score = max(0, min(10, score + dice.between(low, high)))
                    if worsening and at_review:
                        score = max(0, score - 1)
                self.bulk.add(GoalRating, goal_lineage=g.lineage, person_id=self.p.id,
                              rated_on=day, score=score, at_review=at_review,
                              comment=dice.pick(phrases.RATING_COMMENTS)
                              if dice.chance(0.2) else None, recorded_by=self.user_id)


def _sign_off(dice: Dice, p: Someone, v: Version) -> dict:
    method = dice.draw(METHODS)
    if p.has("dementia", "alzheimers") and dice.chance(0.5):
        method = AgreementMethod.REPRESENTATIVE
    who = f"{p.given} {p.family}"
    if method in (AgreementMethod.REPRESENTATIVE, AgreementMethod.LASTING_POWER_OF_ATTORNEY):
        who = p.carers[0] if p.carers else f"{dice.pick(('Son', 'Daughter'))} of {who}"
    lead = p.lead_on(v.agreed_on)
    person_on = max(v.offered_on, v.agreed_on - dice.between(0, 3) * DAY)
    return dict(person_agreed_on=person_on, person_agreed_by=who, agreement_method=method,
                lead_agreed_on=v.agreed_on, lead_professional_id=lead.id,
                agreed_on=v.agreed_on, review_date=v.review_date)


def write(bulk: Bulk, dice: Dice, p: Someone, scenario: Scenario, questions: list[int],
          user_id: int | None) -> None:
    if not scenario.versions:
        return
    today = p.last_day
    w = _PlanWriter(bulk, dice, p, today, user_id)
    has_goals = scenario.kind not in (PlanStatus.OFFERED, PlanStatus.DECLINED)
    goals = [_new_goal(dice, p, idea) for idea in _goal_ideas(
        dice, p, 3 if scenario.kind != PlanStatus.DRAFT else dice.between(1, 3))]
    text = content(dice, p, p.lead_on(scenario.versions[0].agreed_on or today))
    previous_id, previous_goals, every_goal = None, None, list(goals)
    for number, v in enumerate(scenario.versions, start=1):
        # A later version is made when the review of the one before it starts.
        made = v.offered_on if number == 1 else scenario.versions[number - 2].review_started_on
        changed = max(d for d in (made, v.declined_on, v.agreed_on, v.review_started_on,
                                  v.superseded_on) if d is not None)
        at = dt.datetime.combine(made, dt.time(11, dice.between(0, 59)))
        row = dict(person_id=p.id, number=number, status=v.status, is_current=v.is_current,
                   previous_id=previous_id, offered_on=v.offered_on, declined_on=v.declined_on,
                   review_started_on=v.review_started_on, superseded_on=v.superseded_on,
                   review_months=v.review_months, created_at=at,
                   updated_at=dt.datetime.combine(changed, dt.time(16, dice.between(0, 59))))
        if v.status == PlanStatus.DECLINED:
            row["declined_note"] = dice.pick(phrases.DECLINE_NOTES)
        if has_goals:
            row.update(text.version(number, partial=v.status == PlanStatus.DRAFT
                                    and previous_id is None))
        if v.agreed:
            row.update(_sign_off(dice, p, v))
        plan_id = bulk.add(CarePlan, **row)
        if has_goals:
            if number > 1 and v.status != PlanStatus.DRAFT and dice.chance(0.3):
                # An achieved goal makes way for a new one at the review.
                fresh = _goal_ideas(dice, p, 4)
                idea = next((i for i in fresh if i not in [g.idea for g in goals]), None)
                if idea is not None:
                    replaced = dice.between(0, len(goals) - 1)
                    goals[replaced] = _new_goal(dice, p, idea)
                    every_goal.append(goals[replaced])
            copy = previous_goals if v.status == PlanStatus.DRAFT and previous_id else None
            previous_goals = w.goals(plan_id, v, goals, at, copy)
        if v.agreed and v.is_current and questions and dice.chance(0.12):
            for qid in questions:
                bulk.add(ExperienceAnswer, person_id=p.id, plan_id=plan_id, question_id=qid,
                         answered_on=v.agreed_on, score=dice.draw(_EXPERIENCE))
        previous_id = plan_id
    w.ratings(every_goal)


_EXPERIENCE = Weighted([(4, 45), (3, 35), (2, 13), (1, 5), (0, 2)])
