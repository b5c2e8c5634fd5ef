"""Carers and the support network: who they are, whether the person agrees to involve them,
the one nominated carer who receives copies, and the carer's own needs (seed 000:99)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from carecoord.domain.dates import format_date, parse_date
from carecoord.domain.errors import ConflictError, RuleError, ValidationError
from carecoord.services.base import Ctx, Work, changing, clean, reading
from carecoord.store.models import Carer, Person


@dataclass(frozen=True)
class CarerInput:
    name: str
    relationship: str
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    consent_to_involve: bool = False
    consent_recorded_on: dt.date | str | None = None  # today when consent is first recorded
    nominated: bool = False
    own_needs: str | None = None


@dataclass(frozen=True)
class CarerView:
    id: int
    uid: str
    person_id: int
    name: str
    relationship: str
    phone: str | None
    email: str | None
    address: str | None
    consent_to_involve: bool
    consent_recorded_on: dt.date | None
    nominated: bool
    own_needs: str | None
    ended_on: dt.date | None
    end_reason: str | None
    version_id: int

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


def _view(c: Carer) -> CarerView:
    return CarerView(c.id, c.uid, c.person_id, c.name, c.relationship, c.phone, c.email,
                     c.address, c.consent_to_involve, c.consent_recorded_on, c.nominated,
                     c.own_needs, c.retired_on, c.retired_reason, c.version_id)


def _date(value, field: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_date(value, field)


def _validate(data: CarerInput, today: dt.date) -> dict:
    name, relationship = clean(data.name), clean(data.relationship)
    if not name:
        raise ValidationError("Enter the carer's name.", "name")
    if not relationship:
        raise ValidationError("Enter how they are related to the person, for example "
                              "'Daughter' or 'Neighbour'.", "relationship")
    email = clean(data.email)
    if email and ("@" not in email or " " in email):
        raise ValidationError(f"'{email}' is not an email address.", "email")
    consent_on = _date(data.consent_recorded_on, "consent_recorded_on")
    if consent_on and consent_on > today:
        raise ValidationError("The date consent was recorded cannot be in the future.",
                              "consent_recorded_on")
    if data.nominated and not data.consent_to_involve:
        raise RuleError(f"The person has not agreed to involve {name}, so they cannot be the "
                        "nominated carer who receives copies. Record their consent first.")
    return {"name": name, "relationship": relationship, "phone": clean(data.phone),
            "email": email, "address": clean(data.address),
            "consent_to_involve": bool(data.consent_to_involve),
            "consent_recorded_on": consent_on, "nominated": bool(data.nominated),
            "own_needs": clean(data.own_needs)}


def _unnominate_others(w: Work, person_id: int, keep_id: int) -> None:
    """At most one nominated carer at a time: the others step down, each audited."""
    for other in w.session.scalars(select(Carer).where(
            Carer.person_id == person_id, Carer.nominated.is_(True), Carer.id != keep_id)):
        other.nominated = False
        w.audit("unnominate", "carer", other.id, person_id, replaced_by=keep_id)
    w.session.flush()


def add_carer(ctx: Ctx, person_id: int, data: CarerInput) -> CarerView:
    values = _validate(data, ctx.today())
    if values["consent_to_involve"] and values["consent_recorded_on"] is None:
        values["consent_recorded_on"] = ctx.today()
    with changing(ctx) as w:
        w.get(Person, person_id, "person")
        c = Carer(person_id=person_id, **values)
        w.session.add(c)
        w.session.flush()
        w.audit("create", "carer", c.id, person_id, relationship=c.relationship,
                consent_to_involve=c.consent_to_involve, nominated=c.nominated)
        if c.nominated:
            _unnominate_others(w, person_id, c.id)
        return _view(c)


def _current(w: Work, carer_id: int) -> Carer:
    c = w.get(Carer, carer_id, "carer")
    if c.retired_on is not None:
        raise RuleError(f"{c.name} stopped being a carer on "
                        f"{format_date(c.retired_on, '%-d %B %Y')}. Add them "
                        "again if they are involved once more.")
    return c


def update_carer(ctx: Ctx, carer_id: int, data: CarerInput,
                 expected_version: int | None = None) -> CarerView:
    """Change a carer's details. When consent to involve changes, its date is recorded
    (today unless given). Nominating this carer un-nominates any other."""
    values = _validate(data, ctx.today())
    with changing(ctx) as w:
        c = _current(w, carer_id)
        if expected_version is not None and c.version_id != expected_version:
            raise ConflictError("Someone else changed this carer since you opened it. Reopen "
                                "it to see their change; your text is still in the form.")
        if values["consent_to_involve"] != c.consent_to_involve:
            values["consent_recorded_on"] = values["consent_recorded_on"] or ctx.today()
        elif values["consent_recorded_on"] is None:
            values["consent_recorded_on"] = c.consent_recorded_on
        changed = sorted(k for k, v in values.items() if getattr(c, k) != v)
        for k, v in values.items():
            setattr(c, k, v)
        w.session.flush()
        w.audit("update", "carer", c.id, c.person_id, fields=changed)
        if c.nominated:
            _unnominate_others(w, c.person_id, c.id)
        return _view(c)


def nominate(ctx: Ctx, carer_id: int) -> CarerView:
    """Make this carer the one who receives copies; any other nominated carer steps down."""
    with changing(ctx) as w:
        c = _current(w, carer_id)
        if not c.consent_to_involve:
            raise RuleError(f"The person has not agreed to involve {c.name}, so they cannot "
                            "be the nominated carer. Record their consent first.")
        if c.nominated:
            raise RuleError(f"{c.name} is already the nominated carer.")
        c.nominated = True
        w.session.flush()
        w.audit("nominate", "carer", c.id, c.person_id)
        _unnominate_others(w, c.person_id, c.id)
        return _view(c)


def end_carer(ctx: Ctx, carer_id: int, reason: str,
              on: dt.date | str | None = None) -> CarerView:
    """A carer who is no longer involved is ended with a date and a reason, never deleted."""
    why = clean(reason)
    if not why:
        raise ValidationError("Say why they are no longer involved.", "reason")
    day = _date(on, "ended_on") or ctx.today()
    if day > ctx.today():
        raise ValidationError("The end date cannot be in the future.", "ended_on")
    with changing(ctx) as w:
        c = _current(w, carer_id)
        was_nominated = c.nominated
        c.retired_on, c.retired_reason, c.nominated = day, why, False
        w.session.flush()
        w.audit("end", "carer", c.id, c.person_id, reason=why, on=day,
                was_nominated=was_nominated)
        return _view(c)


def carers_for(ctx: Ctx, person_id: int, include_ended: bool = False) -> list[CarerView]:
    """The nominated carer first, then others by name; ended carers last when included."""
    with reading(ctx) as w:
        w.get(Person, person_id, "person")
        q = select(Carer).where(Carer.person_id == person_id)
        if not include_ended:
            q = q.where(Carer.retired_on.is_(None))
        out = [_view(c) for c in w.session.scalars(q)]
    return sorted(out, key=lambda c: (not c.is_current, not c.nominated, c.name.lower()))


def nominated_carer(ctx: Ctx, person_id: int) -> CarerView | None:
    return next((c for c in carers_for(ctx, person_id) if c.nominated), None)
