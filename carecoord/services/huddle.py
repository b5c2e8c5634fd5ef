"""Huddle mode: an agenda of the people the team needs to discuss, one person's huddle card,
the outcomes recorded against the huddle's date, and the agenda printed with its outcomes.

Who is proposed for the agenda (today being the day it is built, N = `AgendaCriteria.days`,
14 by default; only active people, within the team and lead chosen):

- ADMISSION: an unplanned admission or A&E attendance (not removed) on a day from today
  minus N days to today, both included.
- NEW ALERT: an alert that has not been ended (safeguarding, risk to staff, clinical, other)
  raised from today minus N days on.
- RED FLAG, standing: any of
  - an alert that has not been ended, raised before today minus N days;
  - a goal off track (progress.py's rule: open, and its rating fell at two reviews in a row,
    or marked worsening, or its target date passed unachieved);
  - the team has set the person's priority tier to high.
- OVERDUE REVIEW: the plan in force (agreed, or under review) has a review date before today.
- NEW REFERRAL: a referral to another service made from today minus N days to today, unless
  it was cancelled. (New people on the caseload are not meant here; they have no plan to
  discuss yet and appear under "No plan" in the caseload.)

An open alert is a new alert or a standing red flag, never both, so ticking both reasons
brings everyone with an open alert, a goal off track or high priority. `DEFAULT_REASONS` are
the ones asked for unless others are chosen (see there for why).

Each person appears once, listed with every reason that applies. The order: admissions
(most recent first), new alerts (newest first), standing red flags, overdue reviews (longest
overdue first), new referrals (newest first); people can also be picked by hand.

Outcomes. An item's notes are its minute: what was typed in the notes box, then one line per
outcome, each beginning "Outcome:" and naming the huddle's date, so the printed agenda and the
person's record (subject access export included) say what was decided. Each outcome is also
an audit event against the person ("outcome" on the huddle item). The outcomes:

- a task for a professional (tasks.add_task, source "huddle"), in the same unit of work;
- a new review date on the plan in force (plans.set_review_date: scheduling, not content);
- an action on the person's plan, only while a draft is being written (a first draft, or the
  next version during a review), through goals.add_action. An agreed plan is never changed
  from the huddle: its content is agreed with the person, who is not in the room. The huddle
  records a task instead (for example "discuss adding ... at the review"), or brings the
  review forward with a new review date; the review itself is started with the person.

A task and its outcome line are saved in one unit of work. A review date and an action are
saved by their own services (plans.set_review_date, goals.add_action, with their checks and
audit events), then the outcome line is added.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import String, and_, func, select, type_coerce

from carecoord.domain.dates import DueWindow, age_on, parse_date, review_state
from carecoord.domain.enums import (
    ActionStatus,
    AlertKind,
    AppointmentStatus,
    ContactKind,
    ExportKind,
    MemberType,
    PersonStatus,
    PlanStatus,
    PriorityTier,
    ReferralStatus,
    TaskSource,
    TaskStatus,
)
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.domain.nhs_number import format_nhs
from carecoord.services import goals as goals_service
from carecoord.services import plans as plans_service
from carecoord.services import settings
from carecoord.services.activity import OUTCOME_KINDS
from carecoord.services.base import Ctx, Work, changing, clean, reading, viewing
from carecoord.services.exports import WrittenFile, log_export, write_atomically
from carecoord.services.goals import ActionInput, ActionView, goals_for
from carecoord.services.plans import PlanView
from carecoord.services.progress import goal_trend, off_track_person_ids, off_track_reasons
from carecoord.services.referrals import WAITING, is_long_wait
from carecoord.services.tasks import TaskView, add_task, task_view
from carecoord.store.models import (
    Action,
    Alert,
    Appointment,
    CarePlan,
    CareTeamMember,
    ContactEvent,
    Goal,
    Huddle,
    HuddleItem,
    LeadAssignment,
    Organisation,
    Person,
    PersonCohort,
    Professional,
    Referral,
    Task,
)

RECENT_DAYS = 14  # admissions, new alerts and new referrals on the agenda
CONTACT_DAYS = 30  # contacts shown on the card
ADMISSION_DAYS = 90  # admissions and A&E shown on the card, whenever in these days
DUE_DAYS = 14  # what is due, on the card
OUTCOME_PREFIX = "Outcome: "
REASON_MAX = 200  # the huddle_item.reason column
IN_FORCE = (PlanStatus.AGREED.value, PlanStatus.UNDER_REVIEW.value)


class AgendaReason(StrEnum):
    ADMISSION = "admission"
    NEW_ALERT = "new_alert"
    RED_FLAG = "red_flag"
    OVERDUE_REVIEW = "overdue_review"
    NEW_REFERRAL = "new_referral"
    PICKED = "picked"


_ORDER = list(AgendaReason)

# A weekly huddle has time for perhaps 10 to 40 people, so what it is offered first is what
# has changed since the last one and cannot wait for the person's review: an unplanned
# admission or A&E visit, and a newly raised alert (an alert comes up at the huddles held
# while it is new; after that it stays on the person's card). The standing reasons describe
# a large share of a caseload at any moment: on the demo caseload a goal off track, high
# priority or an overdue review covered over half of everyone, and ticked by default they
# buried the week's new concerns under a thousand names nobody could discuss. They are
# worked through each lead's Today list and the caseload's filters, and a team can still
# tick them here, with the number each brings shown beside it. New referrals are the team's
# own decisions, already made; one left waiting too long shows on the person's card.
DEFAULT_REASONS = frozenset({AgendaReason.ADMISSION, AgendaReason.NEW_ALERT})


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _sentence(text: str) -> str:
    """Text that will be followed by a bracket: without its own full stop."""
    return text.rstrip().rstrip(".")


# ---- proposing an agenda ----------------------------------------------------------------


@dataclass(frozen=True)
class AgendaCriteria:
    """Which reasons to look for; the defaults are DEFAULT_REASONS."""

    overdue_reviews: bool = False
    admissions: bool = True
    red_flags: bool = False
    new_referrals: bool = False
    days: int = RECENT_DAYS
    team: str | None = None
    lead_professional_id: int | None = None
    new_alerts: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.days, bool) or not isinstance(self.days, int) or not (
                0 <= self.days <= 365):
            raise ValidationError("Look back between 0 and 365 days.", "days")

    @classmethod
    def every_reason(cls, **chosen) -> AgendaCriteria:
        """All the reasons, for counting how many people each brings."""
        return cls(overdue_reviews=True, admissions=True, red_flags=True, new_referrals=True,
                   new_alerts=True, **chosen)


@dataclass(frozen=True)
class AgendaCandidate:
    person_id: int
    name: str
    nhs_number: str
    lead_name: str | None
    kinds: tuple[AgendaReason, ...]
    reasons: tuple[str, ...]  # one plain line per reason, in agenda order

    @property
    def reason_text(self) -> str:
        text = "; ".join(self.reasons)
        return text if len(text) <= REASON_MAX else text[:REASON_MAX - 1] + "…"

    @property
    def nhs_formatted(self) -> str:
        return format_nhs(self.nhs_number)


def _population(crit: AgendaCriteria):
    p = Person.__table__
    stmt = select(p.c.id).where(p.c.status == PersonStatus.ACTIVE.value)
    if crit.team is not None:
        stmt = stmt.where(p.c.team == crit.team)
    if crit.lead_professional_id is not None:
        stmt = stmt.where(p.c.id.in_(select(LeadAssignment.person_id).where(
            LeadAssignment.professional_id == crit.lead_professional_id,
            LeadAssignment.ended_on.is_(None))))
    return stmt


class _Found:
    """Reasons gathered per person: (kind, sort key, text)."""

    def __init__(self) -> None:
        self.by_person: dict[int, list[tuple[AgendaReason, object, str]]] = defaultdict(list)

    def add(self, pid: int, kind: AgendaReason, key: object, text: str) -> None:
        self.by_person[pid].append((kind, key, text))


def _admissions(w: Work, crit: AgendaCriteria, today: dt.date, found: _Found) -> None:
    since = today - dt.timedelta(days=crit.days)
    kind = type_coerce(ContactEvent.kind, String)
    for pid, k, last in w.session.execute(
            select(ContactEvent.person_id, kind, func.max(ContactEvent.occurred_on))
            .where(kind.in_([c.value for c in OUTCOME_KINDS]),
                   ContactEvent.retired_on.is_(None), ContactEvent.occurred_on >= since,
                   ContactEvent.occurred_on <= today,
                   ContactEvent.person_id.in_(_population(crit)))
            .group_by(ContactEvent.person_id, kind)):
        what = ("Unplanned admission" if k == ContactKind.UNPLANNED_ADMISSION.value
                else "A&E attendance")
        found.add(pid, AgendaReason.ADMISSION, -last.toordinal(), f"{what} on {_day(last)}")


def _new_alerts(w: Work, crit: AgendaCriteria, today: dt.date, found: _Found) -> None:
    since = today - dt.timedelta(days=crit.days)
    for pid, kind, raised in w.session.execute(
            select(Alert.person_id, Alert.kind, Alert.raised_on)
            .where(Alert.retired_on.is_(None), Alert.raised_on >= since,
                   Alert.person_id.in_(_population(crit)))
            .order_by(Alert.person_id, Alert.id)):
        found.add(pid, AgendaReason.NEW_ALERT, -raised.toordinal(),
                  f"{AlertKind(kind).label} alert raised on {_day(raised)}")


def _red_flags(w: Work, crit: AgendaCriteria, today: dt.date, found: _Found,
               off_track: Collection[int]) -> None:
    people = _population(crit)
    since = today - dt.timedelta(days=crit.days)
    for pid, kind in w.session.execute(
            select(Alert.person_id, Alert.kind).where(Alert.retired_on.is_(None),
                                                      Alert.raised_on < since,
                                                      Alert.person_id.in_(people))
            .order_by(Alert.person_id, Alert.id)):
        found.add(pid, AgendaReason.RED_FLAG, 0, f"{AlertKind(kind).label} alert")
    for pid in w.session.scalars(select(Person.id).where(
            Person.priority == PriorityTier.HIGH, Person.id.in_(people))):
        found.add(pid, AgendaReason.RED_FLAG, 1, "High priority")
    off = set(off_track or ())
    if off:
        wanted = set(w.session.scalars(people))
        for pid in sorted(off & wanted):
            found.add(pid, AgendaReason.RED_FLAG, 2, "A goal is off track")


def _overdue(w: Work, crit: AgendaCriteria, today: dt.date, found: _Found) -> None:
    # For one lead's people, `is_current IS NOT false` makes SQLite start from those people;
    # with `= true` it walks the review-date index through everyone's plans. For a team or
    # everyone, that index (only the plans already overdue) is the quicker way.
    current = (CarePlan.is_current.is_not(False) if crit.lead_professional_id is not None
               else CarePlan.is_current.is_(True))
    for pid, review in w.session.execute(
            select(CarePlan.person_id, CarePlan.review_date)
            .where(current,
                   type_coerce(CarePlan.status, String).in_(IN_FORCE),
                   CarePlan.review_date < today, CarePlan.person_id.in_(_population(crit)))):
        found.add(pid, AgendaReason.OVERDUE_REVIEW, review.toordinal(),
                  f"Review overdue since {_day(review)}")


def _referrals(w: Work, crit: AgendaCriteria, today: dt.date, found: _Found) -> None:
    since = today - dt.timedelta(days=crit.days)
    for pid, service, on in w.session.execute(
            select(Referral.person_id, Referral.service, Referral.referred_on)
            .where(Referral.referred_on >= since, Referral.referred_on <= today,
                   Referral.status != ReferralStatus.CANCELLED,
                   Referral.person_id.in_(_population(crit)))
            .order_by(Referral.referred_on.desc(), Referral.id.desc())):
        found.add(pid, AgendaReason.NEW_REFERRAL, -on.toordinal(),
                  f"Referred to {service} on {_day(on)}")


def _who(w: Work, ids: Iterable[int]) -> dict[int, tuple[str, str, str | None]]:
    ids = sorted(set(ids))
    out: dict[int, tuple[str, str, str | None]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for pid, given, family, nhs, lead in w.session.execute(
                select(Person.id, Person.given_name, Person.family_name, Person.nhs_number,
                       Professional.name)
                .outerjoin(LeadAssignment, and_(LeadAssignment.person_id == Person.id,
                                                LeadAssignment.ended_on.is_(None)))
                .outerjoin(Professional, Professional.id == LeadAssignment.professional_id)
                .where(Person.id.in_(chunk))):
            out[pid] = (f"{given} {family}", nhs, lead)
    return out


def propose_agenda(ctx: Ctx, criteria: AgendaCriteria = AgendaCriteria(),
                   today: dt.date | None = None,
                   off_track: Collection[int] | None = None) -> list[AgendaCandidate]:
    """Who the criteria bring to the huddle, in agenda order. Nothing is stored.

    `off_track` may pass the set the caseload already worked out (FilterExtras.off_track),
    which saves about half a second at 50,000 people.
    """
    today = today or ctx.today()
    if criteria.red_flags and off_track is None:
        off_track = off_track_person_ids(ctx, today)
    found = _Found()
    with reading(ctx) as w:
        if criteria.admissions:
            _admissions(w, criteria, today, found)
        if criteria.new_alerts:
            _new_alerts(w, criteria, today, found)
        if criteria.red_flags:
            _red_flags(w, criteria, today, found, off_track or ())
        if criteria.overdue_reviews:
            _overdue(w, criteria, today, found)
        if criteria.new_referrals:
            _referrals(w, criteria, today, found)
        who = _who(w, found.by_person)
    out = []
    for pid, reasons in found.by_person.items():
        reasons.sort(key=lambda r: (_ORDER.index(r[0]), r[1]))
        name, nhs, lead = who[pid]
        kinds = tuple(dict.fromkeys(r[0] for r in reasons))
        out.append((reasons[0][0], reasons[0][1], name, AgendaCandidate(
            pid, name, nhs, lead, kinds, tuple(r[2] for r in reasons))))
    out.sort(key=lambda x: (_ORDER.index(x[0]), x[1], x[2]))
    return [c for *_, c in out]


# ---- stored huddles ---------------------------------------------------------------------


@dataclass(frozen=True)
class HuddleItemView:
    id: int
    huddle_id: int
    person_id: int
    name: str
    nhs_number: str
    position: int
    reason: str
    notes: str  # what was typed, without the outcome lines
    outcomes: tuple[str, ...]  # one line each, without the "Outcome: " prefix

    @property
    def nhs_formatted(self) -> str:
        return format_nhs(self.nhs_number)


@dataclass(frozen=True)
class HuddleView:
    id: int
    uid: str
    held_on: dt.date
    title: str
    items: tuple[HuddleItemView, ...]


@dataclass(frozen=True)
class HuddleSummary:
    id: int
    held_on: dt.date
    title: str
    people: int


def split_notes(text: str | None) -> tuple[str, tuple[str, ...]]:
    """(typed notes, outcome lines) from an item's stored notes."""
    typed, outcomes = [], []
    for line in (text or "").splitlines():
        if line.startswith(OUTCOME_PREFIX):
            outcomes.append(line[len(OUTCOME_PREFIX):])
        else:
            typed.append(line)
    return "\n".join(typed).strip(), tuple(outcomes)


def _join_notes(typed: str, outcomes: Iterable[str]) -> str | None:
    lines = [typed.strip()] if typed.strip() else []
    lines += [OUTCOME_PREFIX + o for o in outcomes]
    return "\n".join(lines) or None


def _item_view(item: HuddleItem, person: Person) -> HuddleItemView:
    typed, outcomes = split_notes(item.notes)
    return HuddleItemView(item.id, item.huddle_id, item.person_id,
                          f"{person.given_name} {person.family_name}", person.nhs_number,
                          item.position, item.reason, typed, outcomes)


def _huddle_view(w: Work, h: Huddle) -> HuddleView:
    rows = w.session.execute(
        select(HuddleItem, Person).join(Person, Person.id == HuddleItem.person_id)
        .where(HuddleItem.huddle_id == h.id).order_by(HuddleItem.position, HuddleItem.id))
    return HuddleView(h.id, h.uid, h.held_on, h.title,
                      tuple(_item_view(i, p) for i, p in rows))


def _date(value, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return parse_date(value, field, required=True)


def _entry(entry: AgendaCandidate | tuple[int, str] | int) -> tuple[int, str]:
    if isinstance(entry, AgendaCandidate):
        return entry.person_id, entry.reason_text
    if isinstance(entry, tuple):
        pid, reason = entry
        return int(pid), (clean(reason) or "Picked for discussion")[:REASON_MAX]
    return int(entry), "Picked for discussion"


def create_huddle(ctx: Ctx, title: str, held_on: dt.date | str,
                  people: Sequence[AgendaCandidate | tuple[int, str] | int]) -> HuddleView:
    """Store an agenda: proposed candidates, (person id, reason) pairs, or person ids picked
    by hand. A person is listed once, at their first place."""
    name = clean(title)
    if not name:
        raise ValidationError("Give the huddle a title.", "title")
    day = _date(held_on, "held_on")
    entries: dict[int, str] = {}
    for pid, reason in map(_entry, people):
        entries.setdefault(pid, reason)
    if not entries:
        raise ValidationError("Choose at least one person to discuss.", "people")
    with changing(ctx) as w:
        h = Huddle(held_on=day, title=name[:200], created_by=ctx.actor.user_id)
        w.session.add(h)
        w.session.flush()
        for position, (pid, reason) in enumerate(entries.items(), start=1):
            w.get(Person, pid, "person")
            item = HuddleItem(huddle_id=h.id, person_id=pid, position=position, reason=reason)
            w.session.add(item)
            w.session.flush()
            w.audit("create", "huddle_item", item.id, pid, huddle=h.title, held_on=day,
                    reason=reason)
        w.audit("create", "huddle", h.id, None, held_on=day, people=len(entries))
        return _huddle_view(w, h)


def add_to_agenda(ctx: Ctx, huddle_id: int, person_id: int,
                  reason: str = "Picked for discussion") -> HuddleItemView:
    """Add someone at the end of a stored agenda (once: adding them again returns their
    existing item)."""
    with changing(ctx) as w:
        h = w.get(Huddle, huddle_id, "huddle")
        person = w.get(Person, person_id, "person")
        existing = w.session.scalar(select(HuddleItem).where(
            HuddleItem.huddle_id == h.id, HuddleItem.person_id == person_id))
        if existing is not None:
            return _item_view(existing, person)
        last = w.session.scalar(select(func.max(HuddleItem.position))
                                .where(HuddleItem.huddle_id == h.id)) or 0
        item = HuddleItem(huddle_id=h.id, person_id=person_id, position=last + 1,
                          reason=(clean(reason) or "Picked for discussion")[:REASON_MAX])
        w.session.add(item)
        w.session.flush()
        w.audit("create", "huddle_item", item.id, person_id, huddle=h.title,
                held_on=h.held_on, reason=item.reason)
        return _item_view(item, person)


def move_item(ctx: Ctx, item_id: int, delta: int) -> HuddleView:
    with changing(ctx) as w:
        item = w.get(HuddleItem, item_id, "agenda item")
        items = list(w.session.scalars(select(HuddleItem).where(
            HuddleItem.huddle_id == item.huddle_id).order_by(HuddleItem.position,
                                                             HuddleItem.id)))
        index = next(i for i, it in enumerate(items) if it.id == item_id)
        target = index + delta
        if 0 <= target < len(items) and delta:
            items.insert(target, items.pop(index))
            for position, it in enumerate(items, start=1):
                it.position = position
            w.session.flush()
        return _huddle_view(w, w.get(Huddle, item.huddle_id, "huddle"))


def huddles(ctx: Ctx, limit: int = 50) -> list[HuddleSummary]:
    """Stored huddles, the most recent first."""
    with reading(ctx) as w:
        counts = (select(HuddleItem.huddle_id, func.count().label("n"))
                  .group_by(HuddleItem.huddle_id).subquery())
        rows = w.session.execute(
            select(Huddle.id, Huddle.held_on, Huddle.title, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.huddle_id == Huddle.id)
            .order_by(Huddle.held_on.desc(), Huddle.id.desc()).limit(limit))
        return [HuddleSummary(i, d, t, n) for i, d, t, n in rows]


def get_huddle(ctx: Ctx, huddle_id: int) -> HuddleView:
    with reading(ctx) as w:
        return _huddle_view(w, w.get(Huddle, huddle_id, "huddle"))


# ---- notes and outcomes -----------------------------------------------------------------


def record_notes(ctx: Ctx, item_id: int, notes: str | None) -> HuddleItemView:
    """Replace the typed notes. Outcome lines are kept whatever the box holds: they record
    what was done, and are changed only by recording outcomes."""
    typed, _ = split_notes(notes)
    with changing(ctx) as w:
        item = w.get(HuddleItem, item_id, "agenda item")
        old_typed, outcomes = split_notes(item.notes)
        person = w.get(Person, item.person_id, "person")
        if typed != old_typed:
            item.notes = _join_notes(typed, outcomes)
            w.session.flush()
            h = w.get(Huddle, item.huddle_id, "huddle")
            w.audit("update", "huddle_item", item.id, item.person_id, held_on=h.held_on,
                    fields=["notes"])
        return _item_view(item, person)


@dataclass(frozen=True)
class Outcome:
    item: HuddleItemView
    text: str  # the line added to the notes
    task: TaskView | None = None
    action: ActionView | None = None
    plan: PlanView | None = None


def _add_outcome(w: Work, item: HuddleItem, h: Huddle, text: str, **detail) -> None:
    typed, outcomes = split_notes(item.notes)
    item.notes = _join_notes(typed, [*outcomes, text])
    w.session.flush()
    w.audit("outcome", "huddle_item", item.id, item.person_id, huddle=h.title,
            held_on=h.held_on, outcome=text, **detail)


def _describe_window(start: dt.date | None, end: dt.date | None) -> str:
    return DueWindow(start, end).describe()


def outcome_task(ctx: Ctx, item_id: int, description: str, owner_professional_id: int,
                 due_from: dt.date | str | None = None,
                 due_to: dt.date | str | None = None) -> Outcome:
    """A task for a professional, from the huddle: on the person's task list and the owner's
    Today list, source "huddle". One unit of work: the task and the outcome line together."""
    if owner_professional_id is None:
        raise ValidationError("Choose who owns the task.", "owner")
    start = None if due_from in (None, "") else _date(due_from, "due_from")
    end = None if due_to in (None, "") else _date(due_to, "due_to")
    with changing(ctx) as w:
        item = w.get(HuddleItem, item_id, "agenda item")
        h = w.get(Huddle, item.huddle_id, "huddle")
        t = add_task(w, person_id=item.person_id, owner_professional_id=owner_professional_id,
                     description=description, due_from=start, due_to=end,
                     source=TaskSource.HUDDLE)
        view = task_view(w, t)
        text = (f"task for {view.owner_name}: {view.description} "
                f"({_describe_window(start, end)}), agreed at the huddle on {_day(h.held_on)}")
        _add_outcome(w, item, h, text, task_id=t.id)
        person = w.get(Person, item.person_id, "person")
        return Outcome(_item_view(item, person), text, task=view)


def _item_and_huddle(ctx: Ctx, item_id: int) -> tuple[int, int, str, dt.date]:
    with reading(ctx) as w:
        item = w.get(HuddleItem, item_id, "agenda item")
        h = w.get(Huddle, item.huddle_id, "huddle")
        return item.person_id, h.id, h.title, h.held_on


def _record_line(ctx: Ctx, item_id: int, text: str, **detail) -> HuddleItemView:
    with changing(ctx) as w:
        item = w.get(HuddleItem, item_id, "agenda item")
        _add_outcome(w, item, w.get(Huddle, item.huddle_id, "huddle"), text, **detail)
        return _item_view(item, w.get(Person, item.person_id, "person"))


def outcome_review_date(ctx: Ctx, item_id: int, review_date: dt.date | str) -> Outcome:
    """Bring the review forward (or put it back): a new review date on the plan in force."""
    day = _date(review_date, "review_date")
    person_id, _, _, held_on = _item_and_huddle(ctx, item_id)
    with reading(ctx) as w:
        plan_id = w.session.scalar(select(CarePlan.id).where(
            CarePlan.person_id == person_id, CarePlan.is_current.is_(True),
            type_coerce(CarePlan.status, String).in_(IN_FORCE)))
    if plan_id is None:
        raise RuleError("This person has no agreed plan, so there is no review date to set.")
    plan = plans_service.set_review_date(ctx, plan_id, day)
    text = f"review date set to {_day(day)} at the huddle on {_day(held_on)}"
    item = _record_line(ctx, item_id, text, plan_id=plan.id, review_date=day)
    return Outcome(item, text, plan=plan)


def _draft_goal(w: Work, person_id: int, goal_id: int) -> int:
    """The draft's copy of the goal (the same goal across versions), or a plain refusal."""
    g = w.get(Goal, goal_id, "goal")
    plan = w.get(CarePlan, g.plan_id, "plan")
    if plan.person_id != person_id:
        raise RuleError("That goal belongs to someone else's plan.")
    if plan.status == PlanStatus.DRAFT:
        return g.id
    draft = w.session.scalar(select(CarePlan).where(
        CarePlan.person_id == person_id, CarePlan.status == PlanStatus.DRAFT)
        .order_by(CarePlan.number.desc()).limit(1))
    if draft is None:
        raise RuleError("The plan is agreed, so it is not changed without the person. Record "
                        "a task instead, or bring the review forward.")
    copy = w.session.scalar(select(Goal.id).where(Goal.plan_id == draft.id,
                                                  Goal.lineage == g.lineage,
                                                  Goal.retired_on.is_(None)))
    if copy is None:
        raise RuleError("That goal is no longer in the draft being written.")
    return copy


def outcome_action(ctx: Ctx, item_id: int, goal_id: int, data: ActionInput) -> Outcome:
    """An action on a goal of the plan being written (see the module docstring for why an
    agreed plan is refused). `goal_id` may be the goal as shown from the plan in force: its
    copy in the review's draft is used."""
    person_id, _, _, held_on = _item_and_huddle(ctx, item_id)
    with reading(ctx) as w:
        draft_goal = _draft_goal(w, person_id, goal_id)
    action = goals_service.add_action(ctx, draft_goal, data)
    text = (f"action for {action.owner_name}: {action.description} ({action.due.describe()}), "
            f"agreed at the huddle on {_day(held_on)}")
    item = _record_line(ctx, item_id, text, action_id=action.id, goal_id=draft_goal)
    return Outcome(item, text, action=action)


# ---- one person's huddle card -----------------------------------------------------------


@dataclass(frozen=True)
class CardGoal:
    goal_id: int
    words: str
    area: str
    target: str
    lifecycle: str
    achievement: str
    latest_rating: int | None
    trend: str  # "Improving", "Getting worse", "No change", "Not enough ratings yet"
    ratings: tuple[tuple[dt.date, int], ...]  # for a small chart, oldest first
    off_track: tuple[str, ...]  # why it is off track; empty when it is not


@dataclass(frozen=True)
class CardMember:
    professional_id: int
    name: str
    role: str
    organisation: str | None
    phone: str | None
    is_lead: bool
    core: bool


@dataclass(frozen=True)
class CardEvent:
    on: dt.date
    what: str
    note: str | None
    unplanned: bool  # an admission or A&E attendance


@dataclass(frozen=True)
class CardDue:
    kind: str  # "review", "action", "task", "appointment", "referral"
    text: str
    when: dt.date | dt.datetime | None
    overdue: bool
    section: str  # where in the record it is kept (see today.py)
    item_id: int | None


@dataclass(frozen=True)
class HuddleCard:
    person_id: int
    name: str
    preferred_name: str | None
    nhs_formatted: str
    age: int
    team: str | None
    priority: str | None
    frailty: str | None
    cohorts: tuple[str, ...]
    alerts: tuple[str, ...]  # "Safeguarding: text"
    plan_status: str  # a label: "No plan", "Agreed", "Under review"...
    plan_id: int | None  # the plan in force (or a first draft)
    review_date: dt.date | None
    review_state: str | None  # "overdue", "due_7", "due_14"
    draft_plan_id: int | None  # where actions can be added, when a draft is being written
    what_matters: str
    goals: tuple[CardGoal, ...]
    lead_name: str | None
    team_members: tuple[CardMember, ...]  # the lead first
    events: tuple[CardEvent, ...]  # newest first
    due: tuple[CardDue, ...]  # overdue first, then soonest

    @property
    def can_add_actions(self) -> bool:
        return self.draft_plan_id is not None


def _card_goals(w: Work, plan: CarePlan | None, today: dt.date) -> tuple[CardGoal, ...]:
    if plan is None:
        return ()
    out = []
    for g in goals_for(w, plan.id):
        trend = goal_trend(g.ratings)
        out.append(CardGoal(g.id, g.person_words, g.domain.label, g.target.describe(),
                            g.lifecycle.label, g.achievement.label, trend.latest, trend.label,
                            trend.points, off_track_reasons(g, today)))
    return tuple(out)


def _card_team(w: Work, person_id: int, lead_id: int | None) -> tuple[CardMember, ...]:
    rows = w.session.execute(
        select(Professional.id, Professional.name, Professional.role, Organisation.name,
               Professional.phone, CareTeamMember.member_type)
        .join(CareTeamMember, CareTeamMember.professional_id == Professional.id)
        .outerjoin(Organisation, Organisation.id == Professional.organisation_id)
        .where(CareTeamMember.person_id == person_id, CareTeamMember.ended_on.is_(None)))
    members = {pid: CardMember(pid, name, role, org, phone, pid == lead_id,
                               kind == MemberType.CORE)
               for pid, name, role, org, phone, kind in rows}
    if lead_id is not None and lead_id not in members:
        pro = w.get(Professional, lead_id, "professional")
        org = w.session.scalar(select(Organisation.name).where(
            Organisation.id == pro.organisation_id)) if pro.organisation_id else None
        members[lead_id] = CardMember(lead_id, pro.name, pro.role, org, pro.phone, True, True)
    return tuple(sorted(members.values(), key=lambda m: (not m.is_lead, not m.core, m.name)))


def _card_events(w: Work, person_id: int, today: dt.date) -> tuple[CardEvent, ...]:
    since_any = today - dt.timedelta(days=CONTACT_DAYS)
    since_unplanned = today - dt.timedelta(days=ADMISSION_DAYS)
    events = w.session.scalars(
        select(ContactEvent).where(ContactEvent.person_id == person_id,
                                   ContactEvent.retired_on.is_(None),
                                   ContactEvent.occurred_on >= since_unplanned,
                                   ContactEvent.occurred_on <= today)
        .order_by(ContactEvent.occurred_on.desc(), ContactEvent.id.desc()))
    out = []
    for e in events:
        unplanned = e.kind in OUTCOME_KINDS
        if unplanned or e.occurred_on >= since_any:
            what = e.kind.label
            if e.discharged_on:
                what += f", discharged {_day(e.discharged_on)}"
            out.append(CardEvent(e.occurred_on, what, e.note, unplanned))
    return tuple(out)


def _card_due(w: Work, person_id: int, plan: CarePlan | None, today: dt.date
              ) -> tuple[CardDue, ...]:
    horizon = today + dt.timedelta(days=DUE_DAYS)
    out: list[CardDue] = []
    if plan is not None and plan.status.value in IN_FORCE and plan.review_date is not None \
            and plan.review_date <= horizon:
        overdue = plan.review_date < today
        out.append(CardDue("review", ("Review overdue since " if overdue else "Review due on ")
                           + _day(plan.review_date), plan.review_date, overdue, "plan",
                           plan.id))
    if plan is not None:
        for a in w.session.scalars(
                select(Action).join(Goal, Goal.id == Action.goal_id)
                .where(Goal.plan_id == plan.id, Goal.retired_on.is_(None),
                       Action.retired_on.is_(None),
                       Action.status.in_([ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]))
                .order_by(Action.due_to, Action.id)):
            window = DueWindow(a.due_from, a.due_to)
            if window.is_due(today, DUE_DAYS):
                overdue = a.due_to is not None and a.due_to < today
                out.append(CardDue("action", f"{_sentence(a.description)} ({a.owner_name}, "
                                             f"{window.describe()})",
                                   a.due_to or a.due_from, overdue, "plan", a.id))
    for t in w.session.scalars(select(Task).where(Task.person_id == person_id,
                                                  Task.status == TaskStatus.OPEN)):
        window = DueWindow(t.due_from, t.due_to)
        if window.is_due(today, DUE_DAYS):
            owner = w.session.scalar(select(Professional.name).where(
                Professional.id == t.owner_professional_id)) if t.owner_professional_id else None
            overdue = t.due_to is not None and t.due_to < today
            out.append(CardDue("task", _sentence(t.description) + (f" ({owner})" if owner else ""),
                               t.due_to or t.due_from, overdue, "tasks", t.id))
    start = dt.datetime.combine(today, dt.time.min)
    end = dt.datetime.combine(horizon + dt.timedelta(days=1), dt.time.min)
    for a in w.session.scalars(select(Appointment).where(
            Appointment.person_id == person_id, Appointment.starts_at >= start,
            Appointment.starts_at < end, Appointment.status == AppointmentStatus.BOOKED)
            .order_by(Appointment.starts_at)):
        out.append(CardDue("appointment", f"{a.purpose} ({a.mode.label.lower()})",
                           a.starts_at, False, "appointments", a.id))
    weeks = settings.referral_long_wait_weeks(w)
    for r in w.session.scalars(select(Referral).where(
            Referral.person_id == person_id, Referral.seen_on.is_(None),
            Referral.status.in_(WAITING)).order_by(Referral.referred_on)):
        if is_long_wait(r.urgency, r.referred_on, today, weeks):
            out.append(CardDue("referral", f"Waiting since {_day(r.referred_on)} for "
                                           f"{r.service}", r.referred_on, True, "referrals",
                               r.id))

    def key(d: CardDue):
        when = d.when.date() if isinstance(d.when, dt.datetime) else d.when
        return (not d.overdue, when or dt.date.max)

    return tuple(sorted(out, key=key))


def huddle_card(ctx: Ctx, person_id: int, today: dt.date | None = None) -> HuddleCard:
    """What one person's huddle screen shows. A read of the record, so it is audited."""
    today = today or ctx.today()
    with viewing(ctx) as w:
        p = w.get(Person, person_id, "person")
        cohorts = tuple(w.session.scalars(select(PersonCohort.cohort).where(
            PersonCohort.person_id == person_id).order_by(PersonCohort.cohort)))
        alerts = tuple(f"{a.kind.label}: {a.text}" for a in w.session.scalars(
            select(Alert).where(Alert.person_id == person_id, Alert.retired_on.is_(None))
            .order_by(Alert.raised_on.desc(), Alert.id.desc())))
        plan = w.session.scalar(select(CarePlan).where(CarePlan.person_id == person_id,
                                                       CarePlan.is_current.is_(True)))
        draft = w.session.scalar(select(CarePlan.id).where(
            CarePlan.person_id == person_id, CarePlan.status == PlanStatus.DRAFT)
            .order_by(CarePlan.number.desc()).limit(1))
        lead_id = w.session.scalar(select(LeadAssignment.professional_id).where(
            LeadAssignment.person_id == person_id, LeadAssignment.ended_on.is_(None)))
        team = _card_team(w, person_id, lead_id)
        in_force = plan is not None and plan.status.value in IN_FORCE
        card = HuddleCard(
            person_id=p.id, name=f"{p.given_name} {p.family_name}",
            preferred_name=p.preferred_name, nhs_formatted=format_nhs(p.nhs_number),
            age=age_on(p.date_of_birth, today), team=p.team,
            priority=p.priority.label if p.priority else None,
            frailty=p.frailty.label if p.frailty else None, cohorts=cohorts, alerts=alerts,
            plan_status=plan.status.label if plan else "No plan",
            plan_id=plan.id if plan else None,
            review_date=plan.review_date if in_force else None,
            review_state=review_state(plan.review_date, today) if in_force else None,
            draft_plan_id=draft,
            what_matters=(plan.what_matters if plan else "") or "",
            goals=_card_goals(w, plan, today),
            lead_name=next((m.name for m in team if m.is_lead), None),
            team_members=team, events=_card_events(w, person_id, today),
            due=_card_due(w, person_id, plan, today))
        w.audit("view", "huddle_card", None, person_id)
    return card


# ---- the agenda on paper ----------------------------------------------------------------


@dataclass(frozen=True)
class AgendaEntry:
    position: int
    person_id: int
    name: str
    nhs_formatted: str
    lead_name: str | None
    reason: str
    notes: str
    outcomes: tuple[str, ...]


@dataclass(frozen=True)
class AgendaDocument:
    huddle_id: int
    title: str
    held_on: dt.date
    printed_on: dt.date
    printed_by: str
    app_version: str
    entries: tuple[AgendaEntry, ...]


def agenda_document(ctx: Ctx, huddle_id: int) -> AgendaDocument:
    """What the printed agenda holds: each person, why they are on it, the notes and the
    outcomes. Reading several people's notes is audited once for the huddle."""
    from carecoord.version import __version__

    with viewing(ctx) as w:
        h = w.get(Huddle, huddle_id, "huddle")
        view = _huddle_view(w, h)
        leads = _who(w, [i.person_id for i in view.items])
        entries = tuple(AgendaEntry(i.position, i.person_id, i.name, i.nhs_formatted,
                                    leads[i.person_id][2], i.reason, i.notes, i.outcomes)
                        for i in view.items)
        w.audit("view", "huddle", h.id, None, people=len(entries))
    return AgendaDocument(h.id, h.title, h.held_on, ctx.today(), ctx.actor.full_name,
                          __version__, entries)


@dataclass(frozen=True)
class AgendaPdf:
    """The agenda rendered in memory, for the preview: saved or printed as it was seen."""

    huddle_id: int
    held_on: dt.date
    people: int
    data: bytes


def agenda_pdf(ctx: Ctx, huddle_id: int) -> AgendaPdf:
    """Render the agenda with its outcomes to PDF bytes. Nothing is written or logged until
    `save_agenda`."""
    from carecoord.documents.huddle_pdf import render_agenda

    doc = agenda_document(ctx, huddle_id)
    return AgendaPdf(doc.huddle_id, doc.held_on, len(doc.entries), render_agenda(doc))


def save_agenda(ctx: Ctx, agenda: AgendaPdf, out: Path) -> WrittenFile:
    """Write a rendered agenda and log it as an export."""
    written = write_atomically(Path(out), agenda.data)
    log_export(ctx, ExportKind.PDF, written, person_id=None, people_count=agenda.people,
               detail=f"huddle agenda {agenda.held_on.isoformat()}")
    return written


def print_agenda(ctx: Ctx, huddle_id: int, out: Path) -> WrittenFile:
    """Render the agenda with its outcomes to a PDF and log it as an export."""
    return save_agenda(ctx, agenda_pdf(ctx, huddle_id), out)
