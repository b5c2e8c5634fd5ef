"""Referrals to other services: what was asked for, how urgently, and how long it has waited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from carecoord.domain.dates import format_date, parse_date
from carecoord.domain.enums import ReferralStatus, ReferralUrgency
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services import settings
from carecoord.services.base import Ctx, Work, changing, clean, reading
from carecoord.store.models import LeadAssignment, Person, Professional, Referral

TWO_WEEK_WAIT_DAYS = 14
WAITING = (ReferralStatus.AWAITING, ReferralStatus.ACCEPTED)
CLOSED = (ReferralStatus.SEEN, ReferralStatus.DECLINED, ReferralStatus.CANCELLED)

_MOVES: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.AWAITING: frozenset({ReferralStatus.ACCEPTED, *CLOSED}),
    ReferralStatus.ACCEPTED: frozenset(CLOSED),
    ReferralStatus.SEEN: frozenset(),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.CANCELLED: frozenset(),
}


@dataclass(frozen=True)
class ReferralInput:
    service: str
    reason: str
    urgency: ReferralUrgency | str
    referred_on: dt.date | str
    status: ReferralStatus | str = ReferralStatus.AWAITING
    seen_on: dt.date | str | None = None
    referred_by: int | None = None


@dataclass(frozen=True)
class ReferralView:
    id: int
    uid: str
    person_id: int
    person_name: str
    service: str
    reason: str
    urgency: ReferralUrgency
    referred_on: dt.date
    seen_on: dt.date | None
    status: ReferralStatus
    referred_by: int | None
    referred_by_name: str | None
    waiting: bool
    days_waiting: int | None  # only while waiting
    long_wait: bool
    version_id: int


def is_waiting(status: ReferralStatus, seen_on: dt.date | None) -> bool:
    """Waiting means not yet seen, and still awaiting a reply or accepted."""
    return seen_on is None and ReferralStatus(status) in WAITING


def is_long_wait(urgency: ReferralUrgency, referred_on: dt.date, today: dt.date,
                 long_wait_weeks: int) -> bool:
    """Whether a waiting referral has waited too long. The count is whole days since the
    referral: referred on 1 March, it has waited 14 days on 15 March.

    - A two-week-wait referral is flagged when it has waited MORE than 14 days: on day 14
      it is still within the two weeks and is not flagged; on day 15 it is.
    - Routine and urgent referrals are flagged when they have waited more than the team's
      setting in weeks (default 6): with 6 weeks, day 42 is not flagged and day 43 is.

    The caller decides whether the referral is still waiting (see `is_waiting`).
    """
    days = (today - referred_on).days
    if ReferralUrgency(urgency) == ReferralUrgency.TWO_WEEK_WAIT:
        return days > TWO_WEEK_WAIT_DAYS
    return days > long_wait_weeks * 7


def _date(value, field: str, required: bool) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return parse_date(value, field, required=required)


def _enum(enum_cls, value, field: str, what: str):
    try:
        return enum_cls(value)
    except ValueError:
        raise ValidationError(f"'{value}' is not {what}.", field) from None


def _check_seen(seen_on: dt.date, referred_on: dt.date, today: dt.date) -> None:
    if seen_on < referred_on:
        raise ValidationError(f"The date seen cannot be before the referral was made on "
                              f"{format_date(referred_on, '%-d %B %Y')}.", "seen_on")
    if seen_on > today:
        raise ValidationError("The date seen cannot be in the future.", "seen_on")


_UNSET = object()


def _view(w: Work, r: Referral, today: dt.date, weeks: int, person_name: str | None = None,
          by_name: str | None | object = _UNSET) -> ReferralView:
    if person_name is None:
        p = w.session.get(Person, r.person_id)
        person_name = f"{p.given_name} {p.family_name}"
    if by_name is _UNSET:
        by_name = None
        if r.referred_by:
            by_name = w.session.scalar(select(Professional.name)
                                       .where(Professional.id == r.referred_by))
    waiting = is_waiting(r.status, r.seen_on)
    return ReferralView(
        r.id, r.uid, r.person_id, person_name, r.service, r.reason, r.urgency, r.referred_on,
        r.seen_on, r.status, r.referred_by, by_name, waiting,
        (today - r.referred_on).days if waiting else None,
        waiting and is_long_wait(r.urgency, r.referred_on, today, weeks), r.version_id)


def record_referral(ctx: Ctx, person_id: int, data: ReferralInput) -> ReferralView:
    today = ctx.today()
    service, reason = clean(data.service), clean(data.reason)
    if not service:
        raise ValidationError("Enter the service the person is referred to.", "service")
    if not reason:
        raise ValidationError("Enter the reason for the referral.", "reason")
    urgency = _enum(ReferralUrgency, data.urgency, "urgency",
                    "an urgency; choose routine, urgent or two-week wait")
    status = _enum(ReferralStatus, data.status, "status", "a referral status")
    referred_on = _date(data.referred_on, "referred_on", required=True)
    if referred_on > today:
        raise ValidationError("The referral date cannot be in the future.", "referred_on")
    seen_on = _date(data.seen_on, "seen_on", required=False)
    if seen_on is not None:
        _check_seen(seen_on, referred_on, today)
        if status in WAITING:
            status = ReferralStatus.SEEN
    if status == ReferralStatus.SEEN and seen_on is None:
        raise ValidationError("Enter the date the person was seen.", "seen_on")
    with changing(ctx) as w:
        w.get(Person, person_id, "person")
        if data.referred_by is not None:
            w.get(Professional, data.referred_by, "professional")
        r = Referral(person_id=person_id, service=service, reason=reason, urgency=urgency,
                     referred_on=referred_on, seen_on=seen_on, status=status,
                     referred_by=data.referred_by)
        w.session.add(r)
        w.session.flush()
        w.audit("create", "referral", r.id, person_id, service=service, urgency=urgency.value,
                status=status.value)
        return _view(w, r, today, settings.referral_long_wait_weeks(w))


def update_status(ctx: Ctx, referral_id: int, status: ReferralStatus | str,
                  seen_on: dt.date | str | None = None, note: str | None = None) -> ReferralView:
    """Move a referral on. 'Seen' needs the date seen (today when none is given), which
    cannot be before the referral was made."""
    today = ctx.today()
    new = _enum(ReferralStatus, status, "status", "a referral status")
    seen = _date(seen_on, "seen_on", required=False)
    with changing(ctx) as w:
        r = w.get(Referral, referral_id, "referral")
        old = r.status
        if new == old:
            raise RuleError(f"This referral is already '{old.label.lower()}'.")
        if new not in _MOVES[old]:
            raise RuleError(f"A referral that is '{old.label.lower()}' cannot become "
                            f"'{new.label.lower()}'. Record a new referral instead.")
        if new == ReferralStatus.SEEN:
            seen = seen or today
            _check_seen(seen, r.referred_on, today)
            r.seen_on = seen
        elif seen is not None:
            raise ValidationError("A date seen is only recorded when the person was seen.",
                                  "seen_on")
        r.status = new
        w.session.flush()
        w.audit("status", "referral", r.id, r.person_id, old=old.value, new=new.value,
                seen_on=r.seen_on, note=clean(note))
        return _view(w, r, today, settings.referral_long_wait_weeks(w))


def set_seen_on(ctx: Ctx, referral_id: int, seen_on: dt.date | str) -> ReferralView:
    """Record or correct the date seen; a waiting referral becomes 'seen'."""
    today = ctx.today()
    seen = _date(seen_on, "seen_on", required=True)
    with changing(ctx) as w:
        r = w.get(Referral, referral_id, "referral")
        if r.status in (ReferralStatus.DECLINED, ReferralStatus.CANCELLED):
            raise RuleError(f"This referral was {r.status.label.lower()}, so the person was "
                            "not seen through it.")
        _check_seen(seen, r.referred_on, today)
        old_seen, old_status = r.seen_on, r.status
        r.seen_on, r.status = seen, ReferralStatus.SEEN
        w.session.flush()
        w.audit("seen", "referral", r.id, r.person_id, old=old_seen, new=seen,
                old_status=old_status.value)
        return _view(w, r, today, settings.referral_long_wait_weeks(w))


def for_person(ctx: Ctx, person_id: int) -> list[ReferralView]:
    """All of a person's referrals, newest first."""
    today = ctx.today()
    with reading(ctx) as w:
        w.get(Person, person_id, "person")
        weeks = settings.referral_long_wait_weeks(w)
        rows = w.session.scalars(select(Referral).where(Referral.person_id == person_id)
                                 .order_by(Referral.referred_on.desc(), Referral.id.desc()))
        return [_view(w, r, today, weeks) for r in rows]


def outstanding_for_person(ctx: Ctx, person_id: int) -> list[ReferralView]:
    """Referrals still waiting, longest wait first."""
    return sorted((r for r in for_person(ctx, person_id) if r.waiting),
                  key=lambda r: (r.referred_on, r.id))


def outstanding_for_my_caseload(ctx: Ctx,
                                professional_id: int | None = None) -> list[ReferralView]:
    """Waiting referrals for everyone the professional currently leads (by default the
    signed-in user), long waits first, then longest wait first."""
    lead = professional_id if professional_id is not None else ctx.actor.professional_id
    if lead is None:
        return []
    today = ctx.today()
    with reading(ctx) as w:
        weeks = settings.referral_long_wait_weeks(w)
        rows = w.session.execute(
            select(Referral, Person.given_name, Person.family_name, Professional.name)
            .join(Person, Person.id == Referral.person_id)
            .join(LeadAssignment, LeadAssignment.person_id == Referral.person_id)
            .outerjoin(Professional, Professional.id == Referral.referred_by)
            .where(LeadAssignment.professional_id == lead, LeadAssignment.ended_on.is_(None),
                   Referral.seen_on.is_(None), Referral.status.in_(WAITING)))
        out = [_view(w, r, today, weeks, f"{given} {family}", by)
               for r, given, family, by in rows]
    return sorted(out, key=lambda r: (not r.long_wait, r.referred_on, r.id))
