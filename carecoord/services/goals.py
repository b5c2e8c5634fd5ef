"""Goals in the person's own words, their actions, and the person's own ratings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from carecoord.domain.dates import DueWindow, parse_date
from carecoord.domain.enums import (
    Achievement,
    ActionSide,
    ActionStatus,
    GoalDomain,
    GoalLifecycle,
    OwnerKind,
    PlanStatus,
)
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services.base import Ctx, Work, changing, clean
from carecoord.store.models import Action, CarePlan, Goal, GoalRating


@dataclass(frozen=True)
class ActionInput:
    description: str
    side: ActionSide
    owner_kind: OwnerKind
    owner_name: str
    due_from: str | dt.date | None = None
    due_to: str | dt.date | None = None
    owner_professional_id: int | None = None


@dataclass(frozen=True)
class ActionView:
    id: int
    lineage: str
    position: int
    side: ActionSide
    description: str
    owner_kind: OwnerKind
    owner_name: str
    owner_professional_id: int | None
    due: DueWindow
    status: ActionStatus
    completed_on: dt.date | None


@dataclass(frozen=True)
class RatingView:
    rated_on: dt.date
    score: int
    comment: str | None
    at_review: bool


@dataclass(frozen=True)
class GoalInput:
    person_words: str
    domain: GoalDomain
    target_from: str | dt.date | None = None
    target_to: str | dt.date | None = None
    lifecycle: GoalLifecycle = GoalLifecycle.ACTIVE
    achievement: Achievement = Achievement.IN_PROGRESS


@dataclass(frozen=True)
class GoalView:
    id: int
    lineage: str
    position: int
    person_words: str
    domain: GoalDomain
    target: DueWindow
    lifecycle: GoalLifecycle
    achievement: Achievement
    actions: tuple[ActionView, ...]
    ratings: tuple[RatingView, ...]

    def side(self, side: ActionSide) -> tuple[ActionView, ...]:
        return tuple(a for a in self.actions if a.side == side)

    def compare_to(self, newer: GoalView) -> list[tuple[str, str, str]]:
        out = []
        for label, x, y in (
            ("words", self.person_words, newer.person_words),
            ("area", self.domain.label, newer.domain.label),
            ("target", self.target.describe(), newer.target.describe()),
            ("status", self.lifecycle.label, newer.lifecycle.label),
            ("progress", self.achievement.label, newer.achievement.label),
        ):
            if x != y:
                out.append((label, x, y))
        old = {a.lineage: a for a in self.actions}
        new = {a.lineage: a for a in newer.actions}
        for lineage, a in new.items():
            b = old.get(lineage)
            if b is None:
                out.append((f"action added ({a.side.label})", "", a.description))
            elif (b.description, b.owner_name, b.due, b.side) != (
                    a.description, a.owner_name, a.due, a.side):
                out.append(("action changed",
                            f"{b.description} ({b.owner_name}, {b.due.describe()})",
                            f"{a.description} ({a.owner_name}, {a.due.describe()})"))
        for lineage, b in old.items():
            if lineage not in new:
                out.append(("action removed", b.description, ""))
        return out


def _action_view(a: Action) -> ActionView:
    return ActionView(a.id, a.lineage, a.position, a.side, a.description, a.owner_kind,
                      a.owner_name, a.owner_professional_id, DueWindow(a.due_from, a.due_to),
                      a.status, a.completed_on)


def goals_for(w: Work, plan_id: int) -> tuple[GoalView, ...]:
    goals = list(w.session.scalars(select(Goal).where(Goal.plan_id == plan_id,
                                                      Goal.retired_on.is_(None))
                                   .order_by(Goal.position, Goal.id)))
    if not goals:
        return ()
    ids = [g.id for g in goals]
    actions: dict[int, list[ActionView]] = {i: [] for i in ids}
    for a in w.session.scalars(select(Action).where(Action.goal_id.in_(ids),
                                                    Action.retired_on.is_(None))
                               .order_by(Action.position, Action.id)):
        actions[a.goal_id].append(_action_view(a))
    ratings: dict[str, list[RatingView]] = {g.lineage: [] for g in goals}
    for r in w.session.scalars(select(GoalRating).where(
            GoalRating.goal_lineage.in_(list(ratings))).order_by(GoalRating.rated_on,
                                                                  GoalRating.id)):
        ratings[r.goal_lineage].append(RatingView(r.rated_on, r.score, r.comment, r.at_review))
    return tuple(
        GoalView(g.id, g.lineage, g.position, g.person_words, g.domain,
                 DueWindow(g.target_from, g.target_to), g.lifecycle, g.achievement,
                 tuple(actions[g.id]), tuple(ratings[g.lineage]))
        for g in goals)


def copy_goals(w: Work, from_plan: int, to_plan: int) -> None:
    """A new version copies goals and actions, keeping their lineage so ratings carry over."""
    for g in w.session.scalars(select(Goal).where(Goal.plan_id == from_plan,
                                                  Goal.retired_on.is_(None))):
        ng = Goal(plan_id=to_plan, lineage=g.lineage, position=g.position,
                  person_words=g.person_words, domain=g.domain, target_from=g.target_from,
                  target_to=g.target_to, lifecycle=g.lifecycle, achievement=g.achievement)
        w.session.add(ng)
        w.session.flush()
        for a in w.session.scalars(select(Action).where(Action.goal_id == g.id,
                                                        Action.retired_on.is_(None))):
            w.session.add(Action(goal_id=ng.id, lineage=a.lineage, position=a.position,
                                 side=a.side, description=a.description,
                                 owner_kind=a.owner_kind, owner_name=a.owner_name,
                                 owner_professional_id=a.owner_professional_id,
                                 due_from=a.due_from, due_to=a.due_to, status=a.status,
                                 completed_on=a.completed_on))


def _window(start, end, field: str) -> tuple[dt.date | None, dt.date | None]:
    s = start if isinstance(start, dt.date) or start is None else parse_date(start, field)
    e = end if isinstance(end, dt.date) or end is None else parse_date(end, field)
    DueWindow(s, e)  # raises when the window ends before it starts
    return s, e


def _draft_of_goal(w: Work, goal: Goal) -> CarePlan:
    from carecoord.services.plans import editable_plan

    return editable_plan(w, goal.plan_id)


def _validate_goal(data: GoalInput) -> dict:
    words = (data.person_words or "").strip()
    if not words:
        raise ValidationError("Write the goal in the person's own words.", "person_words")
    start, end = _window(data.target_from, data.target_to, "target")
    return {"person_words": words, "domain": GoalDomain(data.domain), "target_from": start,
            "target_to": end, "lifecycle": GoalLifecycle(data.lifecycle),
            "achievement": Achievement(data.achievement)}


def add_goal(ctx: Ctx, plan_id: int, data: GoalInput) -> GoalView:
    values = _validate_goal(data)
    with changing(ctx) as w:
        from carecoord.services.plans import editable_plan

        plan = editable_plan(w, plan_id)
        position = (w.session.scalar(select(func.max(Goal.position))
                                     .where(Goal.plan_id == plan_id)) or 0) + 1
        g = Goal(plan_id=plan_id, position=position, **values)
        w.session.add(g)
        w.session.flush()
        w.audit("create", "goal", g.id, plan.person_id, plan=plan.number)
        return next(v for v in goals_for(w, plan_id) if v.id == g.id)


def update_goal(ctx: Ctx, goal_id: int, data: GoalInput) -> GoalView:
    values = _validate_goal(data)
    with changing(ctx) as w:
        g = w.get(Goal, goal_id, "goal")
        plan = _draft_of_goal(w, g)
        changed = [k for k, v in values.items() if getattr(g, k) != v]
        for k, v in values.items():
            setattr(g, k, v)
        w.session.flush()
        w.audit("update", "goal", g.id, plan.person_id, fields=changed)
        return next(v for v in goals_for(w, g.plan_id) if v.id == g.id)


def set_goal_progress(ctx: Ctx, goal_id: int, lifecycle: GoalLifecycle,
                      achievement: Achievement) -> None:
    """Progress is tracked on the plan in force without making a new version."""
    with changing(ctx) as w:
        g = w.get(Goal, goal_id, "goal")
        plan = w.get(CarePlan, g.plan_id)
        if plan.status in (PlanStatus.SUPERSEDED,):
            raise RuleError("This goal belongs to a superseded version.")
        g.lifecycle, g.achievement = GoalLifecycle(lifecycle), Achievement(achievement)
        w.audit("progress", "goal", g.id, plan.person_id, lifecycle=g.lifecycle.value,
                achievement=g.achievement.value)


def retire_goal(ctx: Ctx, goal_id: int, reason: str = "Removed from the draft") -> None:
    with changing(ctx) as w:
        g = w.get(Goal, goal_id, "goal")
        plan = _draft_of_goal(w, g)
        g.retired_on, g.retired_reason = ctx.today(), reason
        w.audit("retire", "goal", g.id, plan.person_id, reason=reason)


def _move(w: Work, rows: list, row_id: int, delta: int) -> bool:
    index = next(i for i, r in enumerate(rows) if r.id == row_id)
    target = index + delta
    if not 0 <= target < len(rows):
        return False
    rows.insert(target, rows.pop(index))
    for pos, r in enumerate(rows, start=1):
        r.position = pos
    return True


def move_goal(ctx: Ctx, goal_id: int, delta: int) -> None:
    with changing(ctx) as w:
        g = w.get(Goal, goal_id, "goal")
        plan = _draft_of_goal(w, g)
        rows = list(w.session.scalars(select(Goal).where(Goal.plan_id == g.plan_id,
                                                         Goal.retired_on.is_(None))
                                      .order_by(Goal.position, Goal.id)))
        if _move(w, rows, goal_id, delta):
            w.audit("reorder", "goal", g.id, plan.person_id, delta=delta)


def _validate_action(data: ActionInput) -> dict:
    text = (data.description or "").strip()
    if not text:
        raise ValidationError("Describe the action.", "description")
    owner = (data.owner_name or "").strip()
    if not owner:
        raise ValidationError("Every action needs an owner: who will do it?", "owner_name")
    start, end = _window(data.due_from, data.due_to, "due")
    if start is None and end is None:
        raise ValidationError("Every action needs a due window: when will it be done by?",
                              "due_to")
    side, kind = ActionSide(data.side), OwnerKind(data.owner_kind)
    if side == ActionSide.TEAM and kind != OwnerKind.TEAM_MEMBER:
        raise ValidationError("'What my team will do' is owned by a care team member.",
                              "owner_kind")
    return {"description": text, "owner_name": owner, "due_from": start, "due_to": end,
            "side": side, "owner_kind": kind,
            "owner_professional_id": data.owner_professional_id}


def add_action(ctx: Ctx, goal_id: int, data: ActionInput) -> ActionView:
    values = _validate_action(data)
    with changing(ctx) as w:
        g = w.get(Goal, goal_id, "goal")
        plan = _draft_of_goal(w, g)
        position = (w.session.scalar(select(func.max(Action.position))
                                     .where(Action.goal_id == goal_id)) or 0) + 1
        a = Action(goal_id=goal_id, position=position, **values)
        w.session.add(a)
        w.session.flush()
        w.audit("create", "action", a.id, plan.person_id, side=a.side.value)
        return _action_view(a)


def update_action(ctx: Ctx, action_id: int, data: ActionInput) -> ActionView:
    values = _validate_action(data)
    with changing(ctx) as w:
        a = w.get(Action, action_id, "action")
        plan = _draft_of_goal(w, w.get(Goal, a.goal_id))
        changed = [k for k, v in values.items() if getattr(a, k) != v]
        for k, v in values.items():
            setattr(a, k, v)
        w.session.flush()
        w.audit("update", "action", a.id, plan.person_id, fields=changed)
        return _action_view(a)


def set_action_status(ctx: Ctx, action_id: int, status: ActionStatus,
                      on: dt.date | None = None) -> ActionView:
    status = ActionStatus(status)
    with changing(ctx) as w:
        a = w.get(Action, action_id, "action")
        plan = w.get(CarePlan, w.get(Goal, a.goal_id).plan_id)
        if plan.status == PlanStatus.SUPERSEDED:
            raise RuleError("This action belongs to a superseded version.")
        a.status = status
        a.completed_on = (on or ctx.today()) if status == ActionStatus.DONE else None
        w.session.flush()
        w.audit("progress", "action", a.id, plan.person_id, status=status.value)
        return _action_view(a)


def retire_action(ctx: Ctx, action_id: int, reason: str = "Removed from the draft") -> None:
    with changing(ctx) as w:
        a = w.get(Action, action_id, "action")
        plan = _draft_of_goal(w, w.get(Goal, a.goal_id))
        a.retired_on, a.retired_reason = ctx.today(), reason
        w.audit("retire", "action", a.id, plan.person_id, reason=reason)


def move_action(ctx: Ctx, action_id: int, delta: int) -> None:
    with changing(ctx) as w:
        a = w.get(Action, action_id, "action")
        plan = _draft_of_goal(w, w.get(Goal, a.goal_id))
        rows = list(w.session.scalars(select(Action).where(Action.goal_id == a.goal_id,
                                                           Action.retired_on.is_(None))
                                      .order_by(Action.position, Action.id)))
        if _move(w, rows, action_id, delta):
            w.audit("reorder", "action", a.id, plan.person_id, delta=delta)


def rate_goal(ctx: Ctx, goal_id: int, score: int, comment: str | None = None,
              on: str | dt.date | None = None, at_review: bool = False) -> RatingView:
    """The person's own rating, 0 to 10 (seed 004:197: they are the best judge)."""
    try:
        score = int(score)
    except (TypeError, ValueError):
        raise ValidationError("A rating is a whole number from 0 to 10.", "score") from None
    if not 0 <= score <= 10:
        raise ValidationError("A rating is a whole number from 0 to 10.", "score")
    day = on if isinstance(on, dt.date) else parse_date(on, "rated_on") or ctx.today()
    if day > ctx.today():
        raise ValidationError("A rating cannot be dated in the future.", "rated_on")
    with changing(ctx) as w:
        g = w.get(Goal, goal_id, "goal")
        plan = w.get(CarePlan, g.plan_id)
        r = GoalRating(goal_lineage=g.lineage, person_id=plan.person_id, rated_on=day,
                       score=score, comment=clean(comment), at_review=at_review,
                       recorded_by=ctx.actor.user_id)
        w.session.add(r)
        w.session.flush()
        w.audit("rate", "goal", g.id, plan.person_id, score=score)
        return RatingView(day, score, r.comment, at_review)
