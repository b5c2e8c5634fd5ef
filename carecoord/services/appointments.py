"""Appointments across every provider: booking, status, rescheduling, clashes and heavy weeks.

Times are Europe/London wall-clock times held as naive datetimes, as the model says. An
appointment occupies the half-open range [starts_at, starts_at + minutes), so one that ends
at 10:00 and another that starts at 10:00 touch but do not clash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from carecoord.domain.dates import format_date, parse_date
from carecoord.domain.enums import AppointmentMode, AppointmentStatus, PersonStatus
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services import settings
from carecoord.services.base import Ctx, Work, changing, clean, reading
from carecoord.store.models import Appointment, AppointmentChange, Person, Professional, User

LONDON = ZoneInfo("Europe/London")
MAX_MINUTES = 480
PURPOSE_MAX = 200

CANCELLED = (AppointmentStatus.CANCELLED_BY_PERSON, AppointmentStatus.CANCELLED_BY_SERVICE)

# Attended and did-not-attend may be swapped to correct a slip; a cancellation is final
# (book a new appointment instead), and nothing goes back to booked.
_MOVES: dict[AppointmentStatus, frozenset[AppointmentStatus]] = {
    AppointmentStatus.BOOKED: frozenset({AppointmentStatus.ATTENDED,
                                         AppointmentStatus.DID_NOT_ATTEND, *CANCELLED}),
    AppointmentStatus.ATTENDED: frozenset({AppointmentStatus.DID_NOT_ATTEND}),
    AppointmentStatus.DID_NOT_ATTEND: frozenset({AppointmentStatus.ATTENDED}),
    AppointmentStatus.CANCELLED_BY_PERSON: frozenset(),
    AppointmentStatus.CANCELLED_BY_SERVICE: frozenset(),
}


@dataclass(frozen=True)
class AppointmentInput:
    mode: AppointmentMode | str
    starts_at: dt.datetime | str
    minutes: int | str
    purpose: str
    place: str | None = None
    professional_id: int | None = None
    with_name: str | None = None
    transport_needs: str | None = None
    access_needs: str | None = None


@dataclass(frozen=True)
class AppointmentView:
    id: int
    uid: str
    person_id: int
    starts_at: dt.datetime
    minutes: int
    mode: AppointmentMode
    place: str | None
    professional_id: int | None
    professional_name: str | None
    with_name: str | None
    purpose: str
    status: AppointmentStatus
    transport_needs: str | None
    access_needs: str | None
    sequence: int
    version_id: int
    status_reason: str | None = None  # why it was cancelled or missed, or a note on it

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)

    @property
    def who(self) -> str:
        """Who the appointment is with, as shown in a list."""
        return self.professional_name or self.with_name or ""

    @property
    def is_cancelled(self) -> bool:
        return self.status in CANCELLED


@dataclass(frozen=True)
class PersonAppointments:
    upcoming: tuple[AppointmentView, ...]  # from today on, soonest first
    past: tuple[AppointmentView, ...]  # before today, most recent first


@dataclass(frozen=True)
class WeekItem:
    """One row of a professional's week: light enough for thousands of rows."""

    appointment_id: int
    person_id: int
    person_name: str
    nhs_number: str
    starts_at: dt.datetime
    minutes: int
    mode: AppointmentMode
    place: str | None
    purpose: str
    status: AppointmentStatus
    sequence: int

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class BookingWarning:
    """A reason to ask "book anyway?". Returned, never raised."""

    kind: str  # "person_clash", "professional_clash" or "heavy_week"
    message: str
    appointment_ids: tuple[int, ...] = ()


# The name screens use when they ask "book anyway?".
Warning = BookingWarning  # noqa: A001


@dataclass(frozen=True)
class Booked:
    appointment: AppointmentView
    warnings: tuple[BookingWarning, ...]


@dataclass(frozen=True)
class ChangeView:
    old_starts_at: dt.datetime
    new_starts_at: dt.datetime
    reason: str | None
    changed_by: str | None
    changed_at: dt.datetime


# ---- pure rules -------------------------------------------------------------------------


def overlaps(a_start: dt.datetime, a_minutes: int, b_start: dt.datetime, b_minutes: int) -> bool:
    """Half-open ranges: touching end to start is not an overlap."""
    return (a_start < b_start + dt.timedelta(minutes=b_minutes)
            and b_start < a_start + dt.timedelta(minutes=a_minutes))


def iso_week_bounds(moment: dt.datetime | dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Monday 00:00 of the ISO week holding `moment`, and the Monday after."""
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    monday = day - dt.timedelta(days=day.weekday())
    start = dt.datetime.combine(monday, dt.time.min)
    return start, start + dt.timedelta(days=7)


def is_real_london_time(moment: dt.datetime) -> bool:
    """False for the wall times skipped when the clocks go forward (e.g. 01:30 in late March)."""
    aware = moment.replace(tzinfo=LONDON)
    back = aware.astimezone(dt.UTC).astimezone(LONDON).replace(tzinfo=None)
    return back == moment


# ---- input checks -----------------------------------------------------------------------


def parse_starts_at(value: dt.datetime | str | None, field: str = "starts_at") -> dt.datetime:
    """A datetime, or text such as '31/12/2026 14:30' or '2026-12-31 14:30'."""
    if isinstance(value, dt.datetime):
        moment = value
        if moment.tzinfo is not None:
            moment = moment.astimezone(LONDON).replace(tzinfo=None)
    elif isinstance(value, dt.date):
        raise ValidationError("Enter the time of the appointment as well as the date.", field)
    else:
        text = (value or "").strip().replace("T", " ")
        if not text:
            raise ValidationError("Enter the date and time of the appointment.", field)
        parts = text.split()
        if len(parts) != 2:
            raise ValidationError(f"'{text}' is not a date and time. Use the form "
                                  "31/12/2026 14:30.", field)
        day = parse_date(parts[0], field, required=True)
        try:
            hour, minute = (int(p) for p in parts[1].split(":")[:2])
            clock = dt.time(hour, minute)
        except ValueError:
            raise ValidationError(f"'{parts[1]}' is not a time of day. Use the form 14:30.",
                                  field) from None
        moment = dt.datetime.combine(day, clock)
    moment = moment.replace(second=0, microsecond=0)
    if not 1900 <= moment.year <= 2200:
        raise ValidationError(f"The year {moment.year} looks wrong. Please check it.", field)
    if not is_real_london_time(moment):
        raise ValidationError(
            f"{moment:%H:%M} on {format_date(moment, '%-d %B %Y')} does not exist in UK time "
            "because the clocks go forward then. Choose another time.", field)
    return moment


def parse_minutes(value: int | str | None) -> int:
    text = str(value if value is not None else "").strip()
    try:
        minutes = int(text)
    except ValueError:
        raise ValidationError("Enter how long the appointment lasts, in minutes.",
                              "minutes") from None
    if minutes <= 0:
        raise ValidationError("An appointment lasts at least one minute.", "minutes")
    if minutes > MAX_MINUTES:
        raise ValidationError(f"An appointment cannot last more than {MAX_MINUTES} minutes "
                              "(8 hours).", "minutes")
    return minutes


def _validate(data: AppointmentInput) -> dict:
    try:
        mode = AppointmentMode(data.mode)
    except ValueError:
        raise ValidationError(f"'{data.mode}' is not a kind of appointment. Choose home visit, "
                              "clinic, phone or video.", "mode") from None
    purpose = clean(data.purpose)
    if not purpose:
        raise ValidationError("Say what the appointment is for, in plain words, for example "
                              "'Review of breathing'.", "purpose")
    if len(purpose) > PURPOSE_MAX:
        raise ValidationError(f"Keep the purpose under {PURPOSE_MAX} characters; put detail "
                              "in the notes.", "purpose")
    with_name = clean(data.with_name)
    if data.professional_id is None and not with_name:
        raise ValidationError("Say who the appointment is with.", "with_name")
    return {"mode": mode, "starts_at": parse_starts_at(data.starts_at),
            "minutes": parse_minutes(data.minutes), "purpose": purpose,
            "place": clean(data.place), "professional_id": data.professional_id,
            "with_name": with_name, "transport_needs": clean(data.transport_needs),
            "access_needs": clean(data.access_needs)}


# ---- reading helpers --------------------------------------------------------------------


def _name(person: Person) -> str:
    return f"{person.given_name} {person.family_name}"


def _view(w: Work, a: Appointment) -> AppointmentView:
    pro_name = None
    if a.professional_id:
        pro_name = w.session.scalar(select(Professional.name)
                                    .where(Professional.id == a.professional_id))
    return AppointmentView(a.id, a.uid, a.person_id, a.starts_at, a.minutes, a.mode, a.place,
                           a.professional_id, pro_name, a.with_name, a.purpose, a.status,
                           a.transport_needs, a.access_needs, a.sequence, a.version_id,
                           a.status_reason)


def _overlapping(w: Work, column, value: int, starts_at: dt.datetime, minutes: int,
                 ignore_id: int | None) -> list[Appointment]:
    """Live appointments overlapping the range. The bounded range on starts_at keeps the
    search on the (owner, starts_at) index; nothing lasts longer than MAX_MINUTES."""
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    q = (select(Appointment)
         .where(column == value,
                Appointment.starts_at > starts_at - dt.timedelta(minutes=MAX_MINUTES),
                Appointment.starts_at < ends_at,
                Appointment.status.not_in(CANCELLED))
         .order_by(Appointment.starts_at))
    if ignore_id is not None:
        q = q.where(Appointment.id != ignore_id)
    return [a for a in w.session.scalars(q)
            if overlaps(a.starts_at, a.minutes, starts_at, minutes)]


def _when(a: Appointment) -> str:
    end = a.starts_at + dt.timedelta(minutes=a.minutes)
    return f"{a.starts_at:%H:%M}–{end:%H:%M} on {format_date(a.starts_at, '%A %-d %B')}"


def _warnings(w: Work, person_id: int, starts_at: dt.datetime, minutes: int,
              professional_id: int | None, ignore_id: int | None) -> list[BookingWarning]:
    person = w.get(Person, person_id, "person")
    out: list[BookingWarning] = []
    mine = _overlapping(w, Appointment.person_id, person_id, starts_at, minutes, ignore_id)
    if mine:
        first = mine[0]
        more = f" and {len(mine) - 1} more" if len(mine) > 1 else ""
        out.append(BookingWarning(
            "person_clash",
            f"{_name(person)} already has an appointment at {_when(first)} "
            f"({first.purpose}){more}.",
            tuple(a.id for a in mine)))
    if professional_id is not None:
        theirs = [a for a in _overlapping(w, Appointment.professional_id, professional_id,
                                          starts_at, minutes, ignore_id)
                  if a.person_id != person_id]  # already reported as the person's clash
        if theirs:
            pro = w.get(Professional, professional_id, "professional")
            more = f" and {len(theirs) - 1} more" if len(theirs) > 1 else ""
            out.append(BookingWarning(
                "professional_clash",
                f"{pro.name} is already booked with someone else at {_when(theirs[0])}{more}.",
                tuple(a.id for a in theirs)))
    week_start, week_end = iso_week_bounds(starts_at)
    q = select(Appointment.id).where(Appointment.person_id == person_id,
                                     Appointment.starts_at >= week_start,
                                     Appointment.starts_at < week_end,
                                     Appointment.status.not_in(CANCELLED))
    if ignore_id is not None:
        q = q.where(Appointment.id != ignore_id)
    same_week = list(w.session.scalars(q))
    limit = settings.heavy_week_limit(w)
    total = len(same_week) + 1
    if total > limit:
        out.append(BookingWarning(
            "heavy_week",
            f"This would be {_name(person)}'s {_ordinal(total)} appointment in the week "
            f"beginning {format_date(week_start, '%-d %B')}; the team treats more than {limit} "
            "as a heavy week.",
            tuple(same_week)))
    return out


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---- services ---------------------------------------------------------------------------


def check_booking(ctx: Ctx, person_id: int, starts_at: dt.datetime | str, minutes: int | str,
                  professional_id: int | None = None,
                  appointment_id: int | None = None) -> list[BookingWarning]:
    """The warnings a booking would raise, before anything is saved. Pass `appointment_id`
    when checking a reschedule, so the appointment does not clash with itself."""
    moment, length = parse_starts_at(starts_at), parse_minutes(minutes)
    with reading(ctx) as w:
        if professional_id is not None:
            w.get(Professional, professional_id, "professional")
        return _warnings(w, person_id, moment, length, professional_id, appointment_id)


def book(ctx: Ctx, person_id: int, data: AppointmentInput) -> Booked:
    """Book it and return it with any warnings; the screen asked "book anyway?" beforehand
    with check_booking, so warnings never stop a booking here."""
    values = _validate(data)
    with changing(ctx) as w:
        person = w.get(Person, person_id, "person")
        if person.status == PersonStatus.DECEASED:
            raise RuleError(f"{_name(person)} has died, so no appointment can be booked.")
        if values["professional_id"] is not None:
            w.get(Professional, values["professional_id"], "professional")
        warnings = _warnings(w, person_id, values["starts_at"], values["minutes"],
                             values["professional_id"], None)
        a = Appointment(person_id=person_id, status=AppointmentStatus.BOOKED, sequence=0,
                        **values)
        w.session.add(a)
        w.session.flush()
        w.audit("create", "appointment", a.id, person_id, starts_at=a.starts_at,
                minutes=a.minutes, mode=a.mode.value,
                warnings=[x.kind for x in warnings])
        return Booked(_view(w, a), tuple(warnings))


def get_appointment(ctx: Ctx, appointment_id: int) -> AppointmentView:
    with reading(ctx) as w:
        return _view(w, w.get(Appointment, appointment_id, "appointment"))


def for_person(ctx: Ctx, person_id: int) -> PersonAppointments:
    """Upcoming means from the start of today, so today's appointments are still upcoming."""
    cutoff = dt.datetime.combine(ctx.today(), dt.time.min)
    with reading(ctx) as w:
        w.get(Person, person_id, "person")
        rows = [_view(w, a) for a in w.session.scalars(
            select(Appointment).where(Appointment.person_id == person_id)
            .order_by(Appointment.starts_at, Appointment.id))]
    upcoming = tuple(a for a in rows if a.starts_at >= cutoff)
    past = tuple(reversed([a for a in rows if a.starts_at < cutoff]))
    return PersonAppointments(upcoming, past)


def week_for_professional(ctx: Ctx, professional_id: int, week_start: dt.date | str,
                          include_cancelled: bool = True) -> list[WeekItem]:
    """A professional's appointments for the ISO week (Monday to Sunday) holding `week_start`,
    across everyone they see. One query on ix_appointment_professional_starts, joined to the
    person for the name."""
    day = week_start if isinstance(week_start, dt.date) else parse_date(
        week_start, "week_start", required=True)
    start, end = iso_week_bounds(day)
    q = (select(Appointment.id, Appointment.person_id, Person.given_name, Person.family_name,
                Person.nhs_number, Appointment.starts_at, Appointment.minutes,
                Appointment.mode, Appointment.place, Appointment.purpose, Appointment.status,
                Appointment.sequence)
         .join(Person, Person.id == Appointment.person_id)
         .where(Appointment.professional_id == professional_id,
                Appointment.starts_at >= start, Appointment.starts_at < end)
         .order_by(Appointment.starts_at, Appointment.id))
    if not include_cancelled:
        q = q.where(Appointment.status.not_in(CANCELLED))
    with reading(ctx) as w:
        return [WeekItem(r.id, r.person_id, f"{r.given_name} {r.family_name}", r.nhs_number,
                         r.starts_at, r.minutes, r.mode, r.place, r.purpose, r.status,
                         r.sequence)
                for r in w.session.execute(q)]


def set_status(ctx: Ctx, appointment_id: int, status: AppointmentStatus | str,
               reason: str | None = None) -> AppointmentView:
    """Attended and did-not-attend can be recorded from the day of the appointment on, not
    before it. Cancelling is allowed at any time while it is booked. The reason is kept on
    the appointment and belongs to the new status: a correction replaces it."""
    try:
        new = AppointmentStatus(status)
    except ValueError:
        raise ValidationError(f"'{status}' is not an appointment status.", "status") from None
    with changing(ctx) as w:
        a = w.get(Appointment, appointment_id, "appointment")
        old = a.status
        if new == old:
            raise RuleError(f"This appointment is already marked '{old.label.lower()}'.")
        if new not in _MOVES[old]:
            if old in CANCELLED:
                raise RuleError("This appointment was cancelled. Book a new one instead.")
            raise RuleError(f"An appointment marked '{old.label.lower()}' cannot be changed "
                            f"to '{new.label.lower()}'.")
        if new in (AppointmentStatus.ATTENDED, AppointmentStatus.DID_NOT_ATTEND) and (
                a.starts_at.date() > ctx.today()):
            raise RuleError(f"This appointment is on {format_date(a.starts_at, '%-d %B %Y')}, "
                            "which has not come yet, so it cannot be marked "
                            f"'{new.label.lower()}'.")
        a.status, a.status_reason = new, clean(reason)
        if new in CANCELLED:
            a.sequence += 1  # calendars see the cancellation as a newer version
        w.session.flush()
        w.audit("status", "appointment", a.id, a.person_id, old=old.value, new=new.value,
                reason=a.status_reason)
        return _view(w, a)


def reschedule(ctx: Ctx, appointment_id: int, starts_at: dt.datetime | str,
               minutes: int | str | None = None, reason: str | None = None) -> Booked:
    """Move a booked appointment. The old time is kept in the change history, and the
    iCalendar SEQUENCE rises so calendars replace the old entry."""
    moment = parse_starts_at(starts_at)
    with changing(ctx) as w:
        a = w.get(Appointment, appointment_id, "appointment")
        if a.status in CANCELLED:
            raise RuleError("A cancelled appointment cannot be rescheduled. Book a new one.")
        if a.status != AppointmentStatus.BOOKED:
            raise RuleError(f"This appointment is marked '{a.status.label.lower()}', so it "
                            "has already happened and cannot be rescheduled.")
        length = a.minutes if minutes is None else parse_minutes(minutes)
        if moment == a.starts_at and length == a.minutes:
            raise RuleError("That is the time it is already booked for.")
        warnings = _warnings(w, a.person_id, moment, length, a.professional_id, a.id)
        w.session.add(AppointmentChange(appointment_id=a.id, old_starts_at=a.starts_at,
                                        new_starts_at=moment, reason=clean(reason),
                                        changed_by=ctx.actor.user_id))
        old_start, old_minutes = a.starts_at, a.minutes
        a.starts_at, a.minutes = moment, length
        a.sequence += 1
        w.session.flush()
        w.audit("reschedule", "appointment", a.id, a.person_id, old=old_start, new=moment,
                old_minutes=old_minutes, minutes=length, reason=clean(reason),
                sequence=a.sequence, warnings=[x.kind for x in warnings])
        return Booked(_view(w, a), tuple(warnings))


def history(ctx: Ctx, appointment_id: int) -> list[ChangeView]:
    """Every reschedule of an appointment, oldest first."""
    with reading(ctx) as w:
        w.get(Appointment, appointment_id, "appointment")
        rows = w.session.execute(
            select(AppointmentChange, User.full_name)
            .outerjoin(User, User.id == AppointmentChange.changed_by)
            .where(AppointmentChange.appointment_id == appointment_id)
            .order_by(AppointmentChange.id))
        return [ChangeView(c.old_starts_at, c.new_starts_at, c.reason, name, c.created_at)
                for c, name in rows]
