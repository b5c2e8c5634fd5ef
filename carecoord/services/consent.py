"""Consent to share, per recipient (seed 000:532, 003:350).

Every export to a third party calls `require_consent` first. The person's own copy is
theirs (seed 000:177) and needs no consent, so exports of it do not call this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import func, select

from carecoord.domain.dates import format_date, parse_date
from carecoord.domain.enums import ConsentMethod, RecipientKind
from carecoord.domain.errors import PermissionDenied, RuleError, ValidationError
from carecoord.services.base import Ctx, Work, changing, clean, reading
from carecoord.store.models import ConsentToShare, Organisation, Person


@dataclass(frozen=True)
class ConsentInput:
    recipient: str
    recipient_kind: RecipientKind | str
    scope: str  # what may be shared, in plain words
    given_on: dt.date | str
    method: ConsentMethod | str


@dataclass(frozen=True)
class ConsentView:
    id: int
    uid: str
    person_id: int
    recipient: str
    recipient_kind: RecipientKind
    organisation_id: int | None
    scope: str
    given_on: dt.date
    method: ConsentMethod
    withdrawn_on: dt.date | None
    withdrawn_note: str | None
    current: bool  # in force today
    version_id: int


def same_recipient(a: str, b: str) -> bool:
    """Recipients match ignoring case and spacing: 'St Mary's  Hospice' = 'st mary's hospice'."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def in_force(given_on: dt.date, withdrawn_on: dt.date | None, today: dt.date) -> bool:
    """Given on or before today, and not withdrawn on or before today."""
    return given_on <= today and (withdrawn_on is None or withdrawn_on > today)


def _view(c: ConsentToShare, today: dt.date) -> ConsentView:
    return ConsentView(c.id, c.uid, c.person_id, c.recipient, c.recipient_kind,
                       c.organisation_id, c.scope, c.given_on, c.method, c.withdrawn_on,
                       c.withdrawn_note, in_force(c.given_on, c.withdrawn_on, today),
                       c.version_id)


def _date(value, field: str, required: bool) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return parse_date(value, field, required=required)


def _enum(enum_cls, value, field: str, what: str):
    try:
        return enum_cls(value)
    except ValueError:
        raise ValidationError(f"'{value}' is not {what}.", field) from None


@contextmanager
def _work(ctx_or_work: Ctx | Work) -> Iterator[Work]:
    """An export checks consent inside its own unit of work; a screen checks on its own."""
    if isinstance(ctx_or_work, Work):
        yield ctx_or_work
    else:
        with reading(ctx_or_work) as w:
            yield w


def _rows(w: Work, person_id: int) -> list[ConsentToShare]:
    return list(w.session.scalars(select(ConsentToShare)
                                  .where(ConsentToShare.person_id == person_id)
                                  .order_by(ConsentToShare.given_on.desc(),
                                            ConsentToShare.id.desc())))


def record_consent(ctx: Ctx, person_id: int, data: ConsentInput) -> ConsentView:
    today = ctx.today()
    recipient = " ".join((data.recipient or "").split())
    if not recipient:
        raise ValidationError("Enter who the record may be shared with.", "recipient")
    if len(recipient) > 200:
        raise ValidationError("Keep the recipient's name under 200 characters.", "recipient")
    kind = _enum(RecipientKind, data.recipient_kind, "recipient_kind",
                 "a kind of recipient; choose an organisation or a person")
    scope = clean(data.scope)
    if not scope:
        raise ValidationError("Say what may be shared, for example 'My care plan and "
                              "appointments'.", "scope")
    method = _enum(ConsentMethod, data.method, "method",
                   "a way of giving consent; choose verbal, written or by a representative")
    given = _date(data.given_on, "given_on", required=True)
    if given > today:
        raise ValidationError("Consent cannot be recorded as given in the future.", "given_on")
    with changing(ctx) as w:
        person = w.get(Person, person_id, "person")
        for c in _rows(w, person_id):
            if same_recipient(c.recipient, recipient) and c.withdrawn_on is None:
                raise RuleError(f"{person.given_name} {person.family_name} already has a "
                                f"consent to share with {c.recipient}, given on "
                                f"{format_date(c.given_on, '%-d %B %Y')}. Withdraw it first "
                                "to record a new one.")
        org_id = None
        if kind == RecipientKind.ORGANISATION:
            org_id = w.session.scalar(select(Organisation.id).where(
                func.lower(Organisation.name) == recipient.lower()).limit(1))
        c = ConsentToShare(person_id=person_id, recipient=recipient, recipient_kind=kind,
                           organisation_id=org_id, scope=scope, given_on=given, method=method,
                           recorded_by=ctx.actor.user_id)
        w.session.add(c)
        w.session.flush()
        w.audit("create", "consent_to_share", c.id, person_id, recipient=recipient,
                given_on=given, method=method.value)
        return _view(c, today)


def withdraw_consent(ctx: Ctx, consent_id: int, on: dt.date | str | None = None,
                     note: str | None = None) -> ConsentView:
    """Withdrawal takes effect on its date: from then on, exports to the recipient are refused.
    The consent row is kept, so the history shows what was agreed and when it ended."""
    today = ctx.today()
    day = _date(on, "withdrawn_on", required=False) or today
    if day > today:
        raise ValidationError("Consent cannot be withdrawn on a date in the future.",
                              "withdrawn_on")
    with changing(ctx) as w:
        c = w.get(ConsentToShare, consent_id, "consent to share")
        if c.withdrawn_on is not None:
            raise RuleError("This consent was already withdrawn on "
                            f"{format_date(c.withdrawn_on, '%-d %B %Y')}.")
        if day < c.given_on:
            raise ValidationError("Consent cannot be withdrawn before it was given.",
                                  "withdrawn_on")
        c.withdrawn_on, c.withdrawn_note = day, clean(note)
        w.session.flush()
        w.audit("withdraw", "consent_to_share", c.id, c.person_id, recipient=c.recipient,
                on=day)
        return _view(c, today)


def consents_for(ctx: Ctx, person_id: int, include_withdrawn: bool = True) -> list[ConsentView]:
    """Consents in force first, then withdrawn ones; newest first within each."""
    today = ctx.today()
    with reading(ctx) as w:
        w.get(Person, person_id, "person")
        out = [_view(c, today) for c in _rows(w, person_id)]
    if not include_withdrawn:
        out = [c for c in out if c.withdrawn_on is None]
    return sorted(out, key=lambda c: not c.current)


def _find(w: Work, person_id: int, recipient: str) -> tuple[Person, ConsentView | None,
                                                           ConsentView | None]:
    today = w.ctx.today()
    person = w.get(Person, person_id, "person")
    matches = [_view(c, today) for c in _rows(w, person_id)
               if same_recipient(c.recipient, recipient)]
    current = next((c for c in matches if c.current), None)
    withdrawn = next((c for c in matches if c.withdrawn_on is not None), None)
    return person, current, withdrawn


def has_consent(ctx_or_work: Ctx | Work, person_id: int, recipient: str) -> bool:
    if not (recipient or "").strip():
        return False
    with _work(ctx_or_work) as w:
        return _find(w, person_id, recipient)[1] is not None


def require_consent(ctx_or_work: Ctx | Work, person_id: int, recipient: str) -> ConsentView:
    """The consent in force today for this recipient (matched ignoring case), or
    PermissionDenied with a plain message for the user."""
    name = " ".join((recipient or "").split())
    if not name:
        raise ValidationError("Name who the export is for.", "recipient")
    with _work(ctx_or_work) as w:
        person, current, withdrawn = _find(w, person_id, name)
    if current is not None:
        return current
    who = f"{person.given_name} {person.family_name}"
    if withdrawn is not None:
        raise PermissionDenied(f"{who} withdrew consent to share their record with "
                               f"{withdrawn.recipient} on "
                               f"{format_date(withdrawn.withdrawn_on, '%-d %B %Y')}. "
                               "Nothing can be sent to them unless new consent is recorded.")
    raise PermissionDenied(f"{who} has not agreed to share their record with {name}. "
                           "Record their consent first.")
