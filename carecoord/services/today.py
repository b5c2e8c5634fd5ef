"""Today: one professional's inbox. Each item names the person and the part of their record
to open (`section`), so the screen can open the record at the right place.

What is listed (today being the day the inbox is read; "mine" is the signed-in user's
professional record unless another professional is given), in the order a community matron
works through it before the day's visits (GROUP_ORDER):

- Appointments today: mine (where I am the professional), not cancelled, in time order.
  Section "appointments".
- Long-waiting referrals: referrals still waiting for the people I lead that have waited too
  long (referrals.is_long_wait). Two-week-wait (suspected cancer) referrals first, then
  urgent, then routine; the longest wait first within each. The two-week-wait and urgent ones
  are `urgent`: the only items the screen shows in red. Section "referrals".
- Follow-ups after a discharge: my open follow-up tasks, whatever their dates: a follow-up
  stays in front of me until it is done. Section "tasks".
- Tasks: my open tasks whose due window has opened or ends within 7 days, and my open tasks
  with no dates at all (they would otherwise never come up). Follow-ups after a discharge
  are listed on their own, not here. Section "tasks".
- Reviews: the plans in force (agreed or under review) of the active people I lead, with a
  review date up to 14 days ahead, or already past. Section "plan".
- Actions: actions on plans in force (and first drafts: the current version) that I own as a
  care team member, not done or cancelled, whose due window has opened or ends within 7
  days (DueWindow.is_due). Active people only. Section "plan".

Within each list but the first two, overdue items come first, then the soonest.

An item's `text` says what it is and `when_text` says when: the date is never in both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import String, and_, or_, select, type_coerce

from carecoord.domain.dates import DueWindow, format_date
from carecoord.domain.enums import (
    ActionStatus,
    AppointmentMode,
    AppointmentStatus,
    PersonStatus,
    PlanStatus,
    ReferralUrgency,
    TaskSource,
)
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

# The groups of TodayInbox, most pressing first.
GROUP_ORDER = ("appointments", "referrals", "follow_ups", "tasks", "reviews", "actions")

# A suspected cancer first, then urgent, then routine.
_URGENCY_RANK = {ReferralUrgency.TWO_WEEK_WAIT: 0, ReferralUrgency.URGENT: 1,
                 ReferralUrgency.ROUTINE: 2}


@dataclass(frozen=True)
class TodayItem:
    kind: str  # "review", "action", "task", "follow_up", "appointment", "referral"
    person_id: int | None  # a task may be about no one in particular
    person_name: str | None
    section: str
    text: str  # what it is; never its date, which is in when_text
    when: dt.date | dt.datetime | None  # for ordering: the due date, start, or referral date
    when_text: str  # "12:15–13:00", "Due today", "Overdue since 29 Jul", "Waiting 41 days"
    overdue: bool
    urgent: bool  # a two-week-wait or urgent referral that has waited too long
    item_id: int | None  # the plan, action, task, appointment or referral


@dataclass(frozen=True)
class Headline:
    """One part of the inbox's one-line summary ("4 appointments today")."""

    text: str
    urgent: bool


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
        """Every item, in GROUP_ORDER."""
        return tuple(i for group in GROUP_ORDER for i in getattr(self, group))

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)

    @property
    def urgent(self) -> int:
        return sum(1 for i in self.items if i.urgent)

    @property
    def is_empty(self) -> bool:
        return not self.items

    @property
    def headline(self) -> tuple[Headline, ...]:
        """What is in the inbox, by kind, in GROUP_ORDER: appointments always (none is worth
        knowing at 8 am), the rest only when there are some. Reviews and actions count the
        overdue ones when there are any, not everything coming up in the next fortnight."""
        n = len(self.appointments)
        parts = [Headline(f"{_count(n, 'appointment')} today" if n else "No appointments today",
                          False)]
        urgent = sum(1 for i in self.referrals if i.urgent)
        if urgent:
            parts.append(Headline(_count(urgent, "urgent referral wait"), True))
        if len(self.referrals) > urgent:
            parts.append(Headline(_count(len(self.referrals) - urgent, "routine referral wait"),
                                  False))
        if self.follow_ups:
            parts.append(Headline(_count(len(self.follow_ups), "follow-up") + " after discharge",
                                  False))
        if self.tasks:
            parts.append(Headline(_count(len(self.tasks), "task") + " due", False))
        for group, word in ((self.reviews, "review"), (self.actions, "plan action")):
            late = sum(1 for i in group if i.overdue)
            if late:
                parts.append(Headline(_count(late, word) + " overdue", False))
            elif group:
                parts.append(Headline(_count(len(group), word) + " due soon", False))
        return tuple(parts)


def _count(n: int, word: str) -> str:
    return f"{n:,} {word if n == 1 else word + 's'}"


def _day(d: dt.date, today: dt.date) -> str:
    """A date in a narrow column: "3 Nov", or "3 Nov 2025" when not this year's."""
    if d.year == today.year:
        return format_date(d, "%-d %b")
    return format_date(d, "%-d %b %Y")


def _span(start: dt.date, end: dt.date, today: dt.date) -> str:
    """A window in a narrow column: "24–26 Nov", "30 Nov – 2 Dec"."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_day(end, today)}"
    return f"{_day(start, today)} – {_day(end, today)}"


def _due_on(day: dt.date, today: dt.date) -> str:
    if day < today:
        return f"Overdue since {_day(day, today)}"
    if day == today:
        return "Due today"
    if day == today + dt.timedelta(days=1):
        return "Due tomorrow"
    return f"Due {_day(day, today)}"


def _due_within(window: DueWindow, today: dt.date) -> str:
    start, end = window.start, window.end
    if end is None:
        return f"From {_day(start, today)}" if start is not None else "No date"
    if end > today + dt.timedelta(days=1) and start is not None and start > today:
        return _span(start, end, today)  # not open yet
    if end > today + dt.timedelta(days=1):
        return f"Due by {_day(end, today)}"
    return _due_on(end, today)


def _sentence(text: str) -> str:
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
        select(CarePlan.id, CarePlan.person_id, CarePlan.review_date, CarePlan.status,
               Person.given_name, Person.family_name)
        .join(Person, Person.id == CarePlan.person_id)
        .join(LeadAssignment, and_(LeadAssignment.person_id == CarePlan.person_id,
                                   LeadAssignment.ended_on.is_(None),
                                   LeadAssignment.professional_id == me))
        .where(CarePlan.is_current.is_not(False),
               type_coerce(CarePlan.status, String).in_(IN_FORCE),
               CarePlan.review_date <= horizon, Person.status == PersonStatus.ACTIVE))
    return [TodayItem(
        kind="review", person_id=pid, person_name=f"{given} {family}", section=SECTION_PLAN,
        text=("Care plan review (started)"
              if PlanStatus(status) == PlanStatus.UNDER_REVIEW else "Care plan review"),
        when=review, when_text=_due_on(review, today), overdue=review < today, urgent=False,
        item_id=plan_id)
        for plan_id, pid, review, status, given, family in rows]


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
        out.append(TodayItem(
            kind="action", person_id=pid, person_name=name, section=SECTION_PLAN,
            text=_sentence(text), when=end or start,
            when_text=_due_within(DueWindow(start, end), today),
            overdue=end is not None and end < today, urgent=False, item_id=action_id))
    return out


def _tasks(ctx: Ctx, me: int, today: dt.date) -> tuple[list[TodayItem], list[TodayItem]]:
    due, follow_ups = [], []
    for t in tasks.my_tasks(ctx, me):
        follow_up = t.source == TaskSource.DISCHARGE_FOLLOW_UP
        no_dates = t.due.start is None and t.due.end is None
        if not (follow_up or t.due.is_due(today, TASK_DAYS) or no_dates):
            continue
        item = TodayItem(
            kind="follow_up" if follow_up else "task", person_id=t.person_id,
            person_name=t.person_name, section=SECTION_TASKS, text=_sentence(t.description),
            when=t.due.end or t.due.start, when_text=_due_within(t.due, today),
            overdue=t.overdue(today), urgent=False, item_id=t.id)
        (follow_ups if follow_up else due).append(item)
    return due, follow_ups


def _appointments(ctx: Ctx, me: int, today: dt.date) -> list[TodayItem]:
    out = []
    for a in appointments.week_for_professional(ctx, me, today, include_cancelled=False):
        if a.starts_at.date() != today:
            continue
        how = a.mode.label.lower()
        if a.place and not (a.mode == AppointmentMode.HOME_VISIT and a.place.lower() == "home"):
            how += f", {a.place}"
        done = "" if a.status == AppointmentStatus.BOOKED else f": {a.status.label.lower()}"
        out.append(TodayItem(
            kind="appointment", person_id=a.person_id, person_name=a.person_name,
            section=SECTION_APPOINTMENTS, text=f"{_sentence(a.purpose)} ({how}){done}",
            when=a.starts_at, when_text=f"{a.starts_at:%H:%M}–{a.ends_at:%H:%M}",
            overdue=False, urgent=False, item_id=a.appointment_id))
    return out


def _referral_what(urgency: ReferralUrgency, service: str) -> str:
    """"Two-week wait referral: Suspected lung cancer". A service already named after its
    pathway ("Two-week wait: Suspected lung cancer") does not say it twice."""
    label = urgency.label
    if service.lower().startswith(label.lower()):
        service = service[len(label):].lstrip(" :-–")
    return f"{label} referral: {service}"


def _referrals(ctx: Ctx, me: int) -> tuple[TodayItem, ...]:
    waits = sorted((r for r in referrals.outstanding_for_my_caseload(ctx, me) if r.long_wait),
                   key=lambda r: (_URGENCY_RANK[r.urgency], r.referred_on, r.id))
    return tuple(TodayItem(
        kind="referral", person_id=r.person_id, person_name=r.person_name,
        section=SECTION_REFERRALS, text=_referral_what(r.urgency, r.service),
        when=r.referred_on, when_text=f"Waiting {_count(r.days_waiting or 0, 'day')}",
        overdue=True, urgent=r.urgency != ReferralUrgency.ROUTINE, item_id=r.id)
        for r in waits)


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
                      _referrals(ctx, me))
