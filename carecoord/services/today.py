"""Today: one professional's inbox. Each item names the person and the part of their record
to open (`section`), so the screen can open the record at the right place.

What is listed (today being the day the inbox is read; "mine" is the signed-in user's
professional record unless another professional is given):

- Reviews: the plans in force (agreed or under review) of the active people I lead, with a
  review date up to 14 days ahead, or already past. Section "plan".
- Actions: actions on plans in force (and first drafts: the current version) that I own as a
  care team member, not done or cancelled, whose due window has opened or ends within 7
  days (DueWindow.is_due). Active people only. Section "plan".
- Tasks: my open tasks whose due window has opened or ends within 7 days, and my open tasks
  with no dates at all (they would otherwise never come up). Follow-ups after a discharge
  are listed on their own, not here. Section "tasks".
- Follow-ups after a discharge: my open follow-up tasks, whatever their dates: a follow-up
  stays in front of me until it is done. Section "tasks".
- Appointments today: mine (where I am the professional), not cancelled. Section
  "appointments".
- Long-waiting referrals: referrals still waiting for the people I lead that have waited too
  long (referrals.is_long_wait). Section "referrals".

Within each list, overdue items come first, then the soonest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import String, and_, or_, select, type_coerce

from carecoord.domain.dates import DueWindow
from carecoord.domain.enums import ActionStatus, PersonStatus, PlanStatus, TaskSource
from carecoord.services import appointments, referrals, tasks
from carecoord.services.base import Ctx, reading
from carecoord.store.models import Action, CarePlan, Goal, LeadAssignment, Person

# Where in the record an item is kept: the names the record screen opens at.
SECTION_PLAN = "plan"
SECTION_TASKS = "tasks"
SECTION_APPOINTMENTS = "appointments"
SECTION_REFERRALS = "referrals"

REVIEW_DAYS = 14
ACTION_DAYS = 7
TASK_DAYS = 7
IN_FORCE = (PlanStatus.AGREED.value, PlanStatus.UNDER_REVIEW.value)


@dataclass(frozen=True)
class TodayItem:
    kind: str  # "review", "action", "task", "follow_up", "appointment", "referral"
    person_id: int | None  # a task may be about no one in particular
    person_name: str | None
    section: str
    text: str
    when: dt.date | dt.datetime | None
    overdue: bool
    item_id: int | None  # the plan, action, task, appointment or referral


@dataclass(frozen=True)
class TodayInbox:
    professional_id: int | None
    today: dt.date
    reviews: tuple[TodayItem, ...]
    actions: tuple[TodayItem, ...]
    tasks: tuple[TodayItem, ...]
    follow_ups: tuple[TodayItem, ...]
    appointments: tuple[TodayItem, ...]
    referrals: tuple[TodayItem, ...]

    @property
    def items(self) -> tuple[TodayItem, ...]:
        return (self.reviews + self.actions + self.follow_ups + self.tasks
                + self.appointments + self.referrals)

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)

    @property
    def is_empty(self) -> bool:
        return not self.items


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _sentence(text: str) -> str:
    """Text that will be followed by a bracket: without its own full stop."""
    return text.rstrip().rstrip(".")


def _order(items: list[TodayItem]) -> tuple[TodayItem, ...]:
    def key(i: TodayItem):
        when = i.when.date() if isinstance(i.when, dt.datetime) else i.when
        return (not i.overdue, when is None, when or dt.date.max,
                i.when if isinstance(i.when, dt.datetime) else dt.datetime.min,
                i.person_name or "")
    return tuple(sorted(items, key=key))


def _reviews(w, me: int, today: dt.date) -> list[TodayItem]:
    """`is_current IS NOT false`, not `= true`: with the equality SQLite walks the review-date
    index through everyone's plans; without it, it starts from my people in
    ix_lead_assignment_professional_open (under a millisecond at 50,000 people)."""
    horizon = today + dt.timedelta(days=REVIEW_DAYS)
    rows = w.session.execute(
        select(CarePlan.id, CarePlan.person_id, CarePlan.review_date, Person.given_name,
               Person.family_name)
        .join(Person, Person.id == CarePlan.person_id)
        .join(LeadAssignment, and_(LeadAssignment.person_id == CarePlan.person_id,
                                   LeadAssignment.ended_on.is_(None),
                                   LeadAssignment.professional_id == me))
        .where(CarePlan.is_current.is_not(False),
               type_coerce(CarePlan.status, String).in_(IN_FORCE),
               CarePlan.review_date <= horizon, Person.status == PersonStatus.ACTIVE))
    out = []
    for plan_id, pid, review, given, family in rows:
        overdue = review < today
        text = (f"Review overdue since {_day(review)}" if overdue
                else "Review due today" if review == today else f"Review due {_day(review)}")
        out.append(TodayItem("review", pid, f"{given} {family}", SECTION_PLAN, text, review,
                             overdue, plan_id))
    return out


def _actions(w, me: int, today: dt.date) -> list[TodayItem]:
    """Two steps. Actions have no index on their owner, so the first reads the action table
    straight through for mine (one pass); the second finds whose plan each is on, by primary
    key. Joined in one statement, SQLite starts from the plans instead, several times
    slower."""
    horizon = today + dt.timedelta(days=ACTION_DAYS)
    mine = w.session.execute(
        select(Action.id, Action.goal_id, Action.description, Action.due_from, Action.due_to)
        .where(Action.owner_professional_id == me, Action.retired_on.is_(None),
               Action.status.in_([ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]),
               or_(Action.due_from <= today, Action.due_to <= horizon))).all()
    goal_ids = sorted({r.goal_id for r in mine})
    whose: dict[int, tuple[int, str]] = {}
    for i in range(0, len(goal_ids), 500):  # well under every database's parameter limit
        for goal_id, pid, given, family, status in w.session.execute(
                select(Goal.id, Person.id, Person.given_name, Person.family_name,
                       Person.status)
                .join(CarePlan, CarePlan.id == Goal.plan_id)
                .join(Person, Person.id == CarePlan.person_id)
                .where(Goal.id.in_(goal_ids[i:i + 500]), Goal.retired_on.is_(None),
                       CarePlan.is_current.is_not(False))):
            # The person's status is checked here, not in SQL: given it, SQLite starts from
            # ix_person_status and walks everyone's plans (seconds, not a millisecond).
            if status == PersonStatus.ACTIVE:
                whose[goal_id] = (pid, f"{given} {family}")
    out = []
    for action_id, goal_id, text, start, end in mine:
        if goal_id not in whose:
            continue  # on an earlier version, a review's draft, or someone no longer active
        pid, name = whose[goal_id]
        window = DueWindow(start, end)
        overdue = end is not None and end < today
        out.append(TodayItem("action", pid, name, SECTION_PLAN,
                             f"{_sentence(text)} ({window.describe()})", end or start, overdue,
                             action_id))
    return out


def _tasks(ctx: Ctx, me: int, today: dt.date) -> tuple[list[TodayItem], list[TodayItem]]:
    due, follow_ups = [], []
    for t in tasks.my_tasks(ctx, me):
        overdue = t.overdue(today)
        when = t.due.end or t.due.start
        if t.source == TaskSource.DISCHARGE_FOLLOW_UP:
            follow_ups.append(TodayItem("follow_up", t.person_id, t.person_name, SECTION_TASKS,
                                        f"{_sentence(t.description)} ({t.due.describe()})", when,
                                        overdue, t.id))
        elif t.due.is_due(today, TASK_DAYS) or (t.due.start is None and t.due.end is None):
            due.append(TodayItem("task", t.person_id, t.person_name, SECTION_TASKS,
                                 f"{_sentence(t.description)} ({t.due.describe()})", when, overdue,
                                 t.id))
    return due, follow_ups


def _appointments(ctx: Ctx, me: int, today: dt.date) -> list[TodayItem]:
    return [TodayItem("appointment", a.person_id, a.person_name, SECTION_APPOINTMENTS,
                      f"{a.starts_at:%H:%M} {a.purpose} ({a.mode.label.lower()}"
                      + (f", {a.place}" if a.place else "") + ")", a.starts_at, False,
                      a.appointment_id)
            for a in appointments.week_for_professional(ctx, me, today, include_cancelled=False)
            if a.starts_at.date() == today]


def _referrals(ctx: Ctx, me: int) -> list[TodayItem]:
    return [TodayItem("referral", r.person_id, r.person_name, SECTION_REFERRALS,
                      f"Waiting {r.days_waiting} days for {r.service} "
                      f"({r.urgency.label.lower()})", r.referred_on, True, r.id)
            for r in referrals.outstanding_for_my_caseload(ctx, me) if r.long_wait]


def inbox(ctx: Ctx, professional_id: int | None = None) -> TodayInbox:
    """My inbox (or another professional's), as of ctx.today(). A user with no professional
    record gets an empty inbox: they lead no one and own nothing."""
    me = professional_id if professional_id is not None else ctx.actor.professional_id
    day = ctx.today()
    if me is None:
        return TodayInbox(None, day, (), (), (), (), (), ())
    with reading(ctx) as w:
        reviews = _reviews(w, me, day)
        actions = _actions(w, me, day)
    due_tasks, follow_ups = _tasks(ctx, me, day)
    return TodayInbox(me, day, _order(reviews), _order(actions), _order(due_tasks),
                      _order(follow_ups), _order(_appointments(ctx, me, day)),
                      _order(_referrals(ctx, me)))

