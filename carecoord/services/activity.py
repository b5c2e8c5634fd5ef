"""The activity log: admissions, A&E, 999 calls, GP contacts, discharges and visits.

A discharge from hospital starts a follow-up task for the person's lead professional
(seed 001:2743). The headline outcome is the count of unplanned admissions and A&E
attendances in the 12 months before and after the first agreed plan (seed 003:320).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from carecoord.domain.dates import add_months, format_date, parse_date
from carecoord.domain.enums import ContactKind, PlanStatus, TaskSource, TaskStatus
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services import settings
from carecoord.services.base import Ctx, Work, changing, clean, reading
from carecoord.services.tasks import TaskView, add_task, task_view
from carecoord.store.models import CarePlan, ContactEvent, LeadAssignment, Person, Task

# What the before-and-after outcome counts.
OUTCOME_KINDS = (ContactKind.UNPLANNED_ADMISSION, ContactKind.AE_ATTENDANCE)


@dataclass(frozen=True)
class ContactInput:
    kind: ContactKind | str
    occurred_on: dt.date | str
    note: str | None = None
    discharged_on: dt.date | str | None = None  # unplanned admissions only


@dataclass(frozen=True)
class ContactView:
    id: int
    uid: str
    person_id: int
    kind: ContactKind
    occurred_on: dt.date
    discharged_on: dt.date | None
    note: str | None
    retired_on: dt.date | None
    retired_reason: str | None

    @property
    def discharge_date(self) -> dt.date | None:
        """The day the person left hospital, whichever way it was recorded."""
        if self.kind == ContactKind.DISCHARGE:
            return self.occurred_on
        return self.discharged_on


@dataclass(frozen=True)
class ContactResult:
    """What recording a contact did. When `follow_up` is set, a discharge was recorded; the
    screen can then offer "start a plan review?" for `plan_to_review_id`."""

    event: ContactView
    follow_up: TaskView | None = None
    follow_up_created: bool = False  # False when an earlier entry had already made it
    plan_to_review_id: int | None = None
    message: str | None = None


@dataclass(frozen=True)
class BeforeAfter:
    """Unplanned admissions plus A&E attendances around the first agreed plan.

    With A = the date the first plan was agreed:
      before = [A − 12 months, A)   the 12 months up to the day before agreement
      after  = [A, A + 12 months)   from the day of agreement, for 12 months
    Months are calendar months (29 February falls back to 28 February). An event on the
    day of agreement counts as after. `after_complete` is False until today reaches
    A + 12 months; until then `after_days_elapsed` says how much of the window has passed.
    """

    first_agreed_on: dt.date | None
    before_from: dt.date | None
    after_to: dt.date | None  # exclusive
    before: int | None
    after: int | None
    after_complete: bool
    after_days_elapsed: int
    after_days_total: int

    @property
    def has_plan(self) -> bool:
        return self.first_agreed_on is not None

    def describe(self) -> str:
        if not self.has_plan:
            return "No plan has been agreed yet, so there is nothing to compare."
        agreed = format_date(self.first_agreed_on, "%-d %B %Y")
        # "1 unplanned admission or A&E attendance", "2 unplanned admissions or A&E
        # attendances": the noun agrees with the count before it.
        what = ("unplanned admission or A&E attendance" if self.before == 1 else
                "unplanned admissions or A&E attendances")
        text = (f"{self.before} {what} in the 12 months before the first plan was agreed on "
                f"{agreed}; {self.after} ")
        if self.after_complete:
            return text + "in the 12 months after."
        return text + (f"in the {self.after_days_elapsed} days since. 12 months have not yet "
                       "passed, so the figures cannot be compared fairly.")


def outcome_windows(agreed_on: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(before_from, agreed_on, after_to): before is [before_from, agreed_on) and after is
    [agreed_on, after_to)."""
    return add_months(agreed_on, -12), agreed_on, add_months(agreed_on, 12)


def _view(e: ContactEvent) -> ContactView:
    return ContactView(e.id, e.uid, e.person_id, e.kind, e.occurred_on, e.discharged_on, e.note,
                       e.retired_on, e.retired_reason)


def _date(value, field: str, required: bool) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return parse_date(value, field, required=required)


def _not_future(day: dt.date, today: dt.date, field: str, what: str) -> None:
    if day > today:
        raise ValidationError(f"The date {what} cannot be in the future.", field)


def _lead(w: Work, person_id: int) -> int | None:
    return w.session.scalar(select(LeadAssignment.professional_id).where(
        LeadAssignment.person_id == person_id, LeadAssignment.ended_on.is_(None)))


def _agreed_plan(w: Work, person_id: int) -> int | None:
    return w.session.scalar(select(CarePlan.id).where(
        CarePlan.person_id == person_id, CarePlan.is_current.is_(True),
        CarePlan.status == PlanStatus.AGREED))


def _follow_up(w: Work, event: ContactEvent, discharged: dt.date) -> ContactResult:
    """Start the follow-up for a discharge, owned by the person's current lead."""
    person = w.get(Person, event.person_id, "person")
    name = f"{person.given_name} {person.family_name}"
    existing = w.session.scalar(select(Task).where(
        Task.person_id == event.person_id, Task.source == TaskSource.DISCHARGE_FOLLOW_UP,
        Task.due_from == discharged, Task.status != TaskStatus.CANCELLED)
        .order_by(Task.id).limit(1))
    plan_id = _agreed_plan(w, event.person_id)
    if existing is not None:
        # The same discharge entered twice (as a discharge and on the admission): one task.
        return ContactResult(_view(event), task_view(w, existing), False, plan_id,
                             "A follow-up for this discharge was already set.")
    owner, message = _lead(w, event.person_id), None
    if owner is None:
        owner = w.ctx.actor.professional_id
        message = (f"{name} has no lead professional, so the follow-up was given to you. "
                   "Set a lead so this does not happen again.")
    days = settings.discharge_follow_up_days(w)
    task = add_task(w, person_id=event.person_id, owner_professional_id=owner,
                    description=f"Follow up after discharge from hospital on "
                                f"{format_date(discharged, '%-d %B %Y')}",
                    due_from=discharged, due_to=discharged + dt.timedelta(days=days),
                    source=TaskSource.DISCHARGE_FOLLOW_UP, contact_event_id=event.id)
    return ContactResult(_view(event), task_view(w, task, name), True, plan_id, message)


def record_contact(ctx: Ctx, person_id: int, data: ContactInput) -> ContactResult:
    """Record a contact. A discharge (a 'discharge' entry, or an unplanned admission with its
    discharge date) also starts the follow-up task, returned in the result."""
    today = ctx.today()
    try:
        kind = ContactKind(data.kind)
    except ValueError:
        raise ValidationError(f"'{data.kind}' is not a kind of contact.", "kind") from None
    occurred = _date(data.occurred_on, "occurred_on", required=True)
    _not_future(occurred, today, "occurred_on", "of the contact")
    discharged = _date(data.discharged_on, "discharged_on", required=False)
    if discharged is not None:
        if kind != ContactKind.UNPLANNED_ADMISSION:
            raise ValidationError("A discharge date belongs to an unplanned admission.",
                                  "discharged_on")
        _check_discharge(discharged, occurred, today)
    with changing(ctx) as w:
        w.get(Person, person_id, "person")
        e = ContactEvent(person_id=person_id, kind=kind, occurred_on=occurred,
                         discharged_on=discharged, note=clean(data.note),
                         recorded_by=ctx.actor.user_id)
        w.session.add(e)
        w.session.flush()
        w.audit("create", "contact_event", e.id, person_id, kind=kind.value, on=occurred,
                discharged_on=discharged)
        when = occurred if kind == ContactKind.DISCHARGE else discharged
        if when is None:
            return ContactResult(_view(e))
        return _follow_up(w, e, when)


def _check_discharge(discharged: dt.date, admitted: dt.date, today: dt.date) -> None:
    if discharged < admitted:
        raise ValidationError(f"The discharge cannot be before the admission on "
                              f"{format_date(admitted, '%-d %B %Y')}.", "discharged_on")
    _not_future(discharged, today, "discharged_on", "of discharge")


def record_discharge(ctx: Ctx, event_id: int, discharged_on: dt.date | str) -> ContactResult:
    """Add the discharge date to an unplanned admission, starting its follow-up."""
    today = ctx.today()
    day = _date(discharged_on, "discharged_on", required=True)
    with changing(ctx) as w:
        e = w.get(ContactEvent, event_id, "contact")
        if e.kind != ContactKind.UNPLANNED_ADMISSION:
            raise RuleError("Only an unplanned admission has a discharge date.")
        if e.retired_on is not None:
            raise RuleError("This entry was removed from the log.")
        if e.discharged_on is not None:
            raise RuleError(f"The discharge on {format_date(e.discharged_on, '%-d %B %Y')} "
                            "is already recorded.")
        _check_discharge(day, e.occurred_on, today)
        e.discharged_on = day
        w.session.flush()
        w.audit("discharge", "contact_event", e.id, e.person_id, discharged_on=day)
        return _follow_up(w, e, day)


def retire_contact(ctx: Ctx, event_id: int, reason: str) -> ContactView:
    """Take a mistaken entry out of the log and the counts; the row is kept. An open
    follow-up that it started is cancelled with it."""
    why = clean(reason)
    if not why:
        raise ValidationError("Say why the entry is being removed.", "reason")
    with changing(ctx) as w:
        e = w.get(ContactEvent, event_id, "contact")
        if e.retired_on is not None:
            raise RuleError("This entry was already removed from the log.")
        e.retired_on, e.retired_reason = ctx.today(), why
        for t in w.session.scalars(select(Task).where(Task.contact_event_id == e.id,
                                                      Task.status == TaskStatus.OPEN)):
            t.status = TaskStatus.CANCELLED
            t.closed_note = f"The log entry it followed was removed: {why}"
            w.audit("cancel", "task", t.id, t.person_id, reason=t.closed_note)
        w.session.flush()
        w.audit("retire", "contact_event", e.id, e.person_id, reason=why)
        return _view(e)


def for_person(ctx: Ctx, person_id: int, include_removed: bool = False) -> list[ContactView]:
    """The log, most recent first."""
    with reading(ctx) as w:
        w.get(Person, person_id, "person")
        q = select(ContactEvent).where(ContactEvent.person_id == person_id)
        if not include_removed:
            q = q.where(ContactEvent.retired_on.is_(None))
        return [_view(e) for e in w.session.scalars(
            q.order_by(ContactEvent.occurred_on.desc(), ContactEvent.id.desc()))]


def _count(w: Work, person_id: int, start: dt.date, end: dt.date) -> int:
    return w.session.scalar(select(func.count()).select_from(ContactEvent).where(
        ContactEvent.person_id == person_id, ContactEvent.kind.in_(OUTCOME_KINDS),
        ContactEvent.retired_on.is_(None), ContactEvent.occurred_on >= start,
        ContactEvent.occurred_on < end)) or 0


def admissions_before_after(ctx: Ctx, person_id: int) -> BeforeAfter:
    """Counts around the first agreed plan (the lowest-numbered version with an agreement
    date). See BeforeAfter for the exact windows."""
    today = ctx.today()
    with reading(ctx) as w:
        w.get(Person, person_id, "person")
        agreed = w.session.scalar(select(CarePlan.agreed_on).where(
            CarePlan.person_id == person_id, CarePlan.agreed_on.is_not(None))
            .order_by(CarePlan.number).limit(1))
        if agreed is None:
            return BeforeAfter(None, None, None, None, None, False, 0, 0)
        before_from, _, after_to = outcome_windows(agreed)
        before = _count(w, person_id, before_from, agreed)
        after = _count(w, person_id, agreed, after_to)
    total = (after_to - agreed).days
    elapsed = max(0, min((today - agreed).days, total))
    return BeforeAfter(agreed, before_from, after_to, before, after, today >= after_to,
                       elapsed, total)
