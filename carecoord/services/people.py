"""People: identity, needs, about me, conditions, alerts, cohorts and status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from sqlalchemy import select

from carecoord.domain.dates import age_on, parse_date
from carecoord.domain.enums import (
    COHORTS,
    AlertKind,
    ConditionStatus,
    Frailty,
    MemberType,
    PersonStatus,
    PriorityTier,
)
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.domain.nhs_number import NhsNumber, format_nhs
from carecoord.services.base import Ctx, Work, changing, clean, reading, viewing
from carecoord.store.models import (
    Alert,
    CareTeamMember,
    Condition,
    LeadAssignment,
    Person,
    PersonCohort,
    Professional,
)


@dataclass(frozen=True)
class PersonInput:
    """What a form or an import supplies. Dates may be text as typed; they are checked here."""

    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: str | dt.date
    preferred_name: str | None = None
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None
    gp_practice: str | None = None
    team: str | None = None
    frailty: str | None = None
    priority: str | None = None
    preferred_language: str | None = None
    interpreter_needed: bool = False
    large_print: bool = False
    easy_read: bool = False
    hearing_needs: str | None = None
    sight_needs: str | None = None
    decision_support: str | None = None
    about_interests: str | None = None
    about_routines: str | None = None
    about_daily_life: str | None = None
    health_budget_note: str | None = None
    cohorts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConditionView:
    id: int
    name: str
    snomed_code: str | None
    onset_date: dt.date | None
    status: ConditionStatus
    retired_on: dt.date | None


@dataclass(frozen=True)
class AlertView:
    id: int
    kind: AlertKind
    text: str
    raised_on: dt.date
    retired_on: dt.date | None


@dataclass(frozen=True)
class PersonView:
    id: int
    uid: str
    nhs_number: str
    given_name: str
    family_name: str
    preferred_name: str | None
    date_of_birth: dt.date
    address: str | None
    postcode: str | None
    phone: str | None
    email: str | None
    gp_practice: str | None
    team: str | None
    frailty: Frailty | None
    priority: PriorityTier | None
    status: PersonStatus
    status_changed_on: dt.date | None
    status_reason: str | None
    preferred_language: str | None
    interpreter_needed: bool
    large_print: bool
    easy_read: bool
    hearing_needs: str | None
    sight_needs: str | None
    decision_support: str | None
    about_interests: str | None
    about_routines: str | None
    about_daily_life: str | None
    health_budget_note: str | None
    version_id: int
    cohorts: tuple[str, ...] = ()
    conditions: tuple[ConditionView, ...] = ()
    alerts: tuple[AlertView, ...] = field(default=())

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.given_name:
            return f"{self.given_name} ({self.preferred_name}) {self.family_name}"
        return self.full_name

    @property
    def nhs_formatted(self) -> str:
        return format_nhs(self.nhs_number)

    def age(self, on: dt.date) -> int:
        return age_on(self.date_of_birth, on)

    @property
    def active_alerts(self) -> tuple[AlertView, ...]:
        return tuple(a for a in self.alerts if a.retired_on is None)


_SIMPLE_FIELDS = (
    "preferred_name", "address", "postcode", "phone", "email", "gp_practice", "team",
    "preferred_language", "hearing_needs", "sight_needs", "decision_support",
    "about_interests", "about_routines", "about_daily_life", "health_budget_note",
)


def validate_person(data: PersonInput, today: dt.date) -> dict:
    """Every rule for a person's details, with one plain message for the first problem."""
    nhs = NhsNumber.parse(data.nhs_number)
    given, family = (data.given_name or "").strip(), (data.family_name or "").strip()
    if not given:
        raise ValidationError("Enter the person's first name.", "given_name")
    if not family:
        raise ValidationError("Enter the person's last name.", "family_name")
    dob = data.date_of_birth
    if not isinstance(dob, dt.date):
        dob = parse_date(dob, "date_of_birth", required=True)
    if dob > today:
        raise ValidationError("The date of birth cannot be in the future.", "date_of_birth")
    if age_on(dob, today) > 125:
        raise ValidationError("That date of birth gives an age over 125. Please check it.",
                              "date_of_birth")
    values = {"nhs_number": nhs.digits, "given_name": given, "family_name": family,
              "date_of_birth": dob}
    for name in _SIMPLE_FIELDS:
        values[name] = clean(getattr(data, name))
    for name, enum in (("frailty", Frailty), ("priority", PriorityTier)):
        raw = clean(getattr(data, name))
        try:
            values[name] = enum(raw) if raw else None
        except ValueError:
            raise ValidationError(f"'{raw}' is not a {name} category.", name) from None
    for name in ("interpreter_needed", "large_print", "easy_read"):
        values[name] = bool(getattr(data, name))
    unknown = [c for c in data.cohorts if c not in COHORTS]
    if unknown:
        raise ValidationError(f"'{unknown[0]}' is not a known cohort.", "cohorts")
    return values


def to_view(w: Work, p: Person, detail: bool = True) -> PersonView:
    cohorts = conditions = alerts = ()
    if detail:
        s = w.session
        cohorts = tuple(s.scalars(select(PersonCohort.cohort)
                                  .where(PersonCohort.person_id == p.id)
                                  .order_by(PersonCohort.cohort)))
        conditions = tuple(
            ConditionView(c.id, c.name, c.snomed_code, c.onset_date, c.status, c.retired_on)
            for c in s.scalars(select(Condition).where(Condition.person_id == p.id)
                               .order_by(Condition.retired_on.is_not(None), Condition.id)))
        alerts = tuple(
            AlertView(a.id, a.kind, a.text, a.raised_on, a.retired_on)
            for a in s.scalars(select(Alert).where(Alert.person_id == p.id).order_by(Alert.id)))
    base = {f.name: getattr(p, f.name) for f in fields(PersonView)
            if f.name not in ("cohorts", "conditions", "alerts")}
    return PersonView(**base, cohorts=cohorts, conditions=conditions, alerts=alerts)


def _set_cohorts(w: Work, person_id: int, cohorts: tuple[str, ...]) -> None:
    current = {pc.cohort: pc for pc in w.session.scalars(
        select(PersonCohort).where(PersonCohort.person_id == person_id))}
    for name in set(cohorts) - set(current):
        w.session.add(PersonCohort(person_id=person_id, cohort=name))
    # A cohort tag is a label, not a clinical record; removing the tag is not losing data,
    # and the audit event keeps what it was.
    for name in set(current) - set(cohorts):
        w.session.delete(current[name])


def _nhs_taken(w: Work, nhs: str, other_than: int | None = None) -> bool:
    q = select(Person.id).where(Person.nhs_number == nhs)
    found = w.session.scalar(q)
    return found is not None and found != other_than


def _first_lead(w: Work, person_id: int, professional_id: int, day: dt.date) -> None:
    """The first named lead, recorded as team.handover_lead records one, so the lead's
    history and the audit trail read the same however the lead was named."""
    pro = w.get(Professional, professional_id, "professional")
    if pro.retired_on is not None:
        raise RuleError(f"{pro.name} is no longer in the directory. Choose another lead "
                        "professional.")
    lead = LeadAssignment(person_id=person_id, professional_id=pro.id, started_on=day,
                          recorded_by=w.ctx.actor.user_id)
    w.session.add(lead)
    w.session.add(CareTeamMember(person_id=person_id, professional_id=pro.id,
                                 member_type=MemberType.CORE, started_on=day))
    w.session.flush()
    w.audit("handover", "lead", lead.id, person_id, to=pro.name, previous=None, note=None)


def create_person(ctx: Ctx, data: PersonInput,
                  lead_professional_id: int | None = None) -> PersonView:
    """A new person, and their lead professional when one is named, in one transaction:
    a failure leaves neither, never a person without the lead the user chose."""
    values = validate_person(data, ctx.today())
    with changing(ctx) as w:
        if _nhs_taken(w, values["nhs_number"]):
            raise ValidationError(
                f"A person with NHS number {format_nhs(values['nhs_number'])} is already in "
                "the store. Search for them instead.", "nhs_number")
        person = Person(**values, status=PersonStatus.ACTIVE)
        w.session.add(person)
        w.session.flush()
        _set_cohorts(w, person.id, tuple(data.cohorts))
        w.audit("create", "person", person.id, person.id)
        if lead_professional_id is not None:
            _first_lead(w, person.id, lead_professional_id, ctx.today())
        return to_view(w, person)


def update_person(ctx: Ctx, person_id: int, data: PersonInput,
                  expected_version: int | None = None) -> PersonView:
    values = validate_person(data, ctx.today())
    with changing(ctx) as w:
        person = w.get(Person, person_id, "person")
        _check_version(person, expected_version)
        if _nhs_taken(w, values["nhs_number"], other_than=person_id):
            raise ValidationError("Another person already has that NHS number.", "nhs_number")
        changed = sorted(k for k, v in values.items() if getattr(person, k) != v)
        for k, v in values.items():
            setattr(person, k, v)
        _set_cohorts(w, person.id, tuple(data.cohorts))
        w.session.flush()
        w.audit("update", "person", person.id, person.id, fields=changed,
                cohorts=list(data.cohorts))
        return to_view(w, person)


def _check_version(obj, expected: int | None) -> None:
    from carecoord.domain.errors import ConflictError

    if expected is not None and obj.version_id != expected:
        raise ConflictError("Someone else changed this record since you opened it. "
                            "Reopen it to see their change; your text is still in the form.")


def open_person(ctx: Ctx, person_id: int) -> PersonView:
    """Opening a record is an access, so it is audited."""
    with viewing(ctx) as w:
        person = w.get(Person, person_id, "person")
        w.audit("view", "person", person.id, person.id)
        return to_view(w, person)


def find_by_nhs(ctx: Ctx, nhs_text: str) -> PersonView | None:
    nhs = NhsNumber.parse(nhs_text)
    with reading(ctx) as w:
        person = w.session.scalar(select(Person).where(Person.nhs_number == nhs.digits))
        return to_view(w, person) if person else None


def set_status(ctx: Ctx, person_id: int, status: PersonStatus, reason: str | None = None,
               on: dt.date | None = None) -> PersonView:
    """Discharge or record a death. The record is kept; nothing is deleted."""
    status = PersonStatus(status)
    with changing(ctx) as w:
        person = w.get(Person, person_id, "person")
        old = person.status
        person.status = status
        person.status_changed_on = on or ctx.today()
        person.status_reason = clean(reason)
        w.audit("status", "person", person.id, person.id, old=old.value, new=status.value)
        return to_view(w, person)


def add_condition(ctx: Ctx, person_id: int, name: str, snomed_code: str | None = None,
                  onset: str | dt.date | None = None,
                  status: ConditionStatus = ConditionStatus.ACTIVE) -> ConditionView:
    if not (name or "").strip():
        raise ValidationError("Enter the name of the condition.", "name")
    code = clean(snomed_code)
    if code and not (code.isdigit() and 6 <= len(code) <= 18):
        raise ValidationError("A SNOMED CT code is 6 to 18 digits.", "snomed_code")
    onset_date = onset if isinstance(onset, dt.date) else parse_date(onset, "onset_date")
    if onset_date and onset_date > ctx.today():
        raise ValidationError("The onset date cannot be in the future.", "onset_date")
    with changing(ctx) as w:
        w.get(Person, person_id, "person")
        c = Condition(person_id=person_id, name=name.strip(), snomed_code=code,
                      onset_date=onset_date, status=ConditionStatus(status))
        w.session.add(c)
        w.session.flush()
        w.audit("create", "condition", c.id, person_id, name=c.name)
        return ConditionView(c.id, c.name, c.snomed_code, c.onset_date, c.status, None)


def retire_condition(ctx: Ctx, condition_id: int, reason: str) -> None:
    with changing(ctx) as w:
        c = w.get(Condition, condition_id, "condition")
        c.retired_on = ctx.today()
        c.retired_reason = clean(reason) or "Removed"
        w.audit("retire", "condition", c.id, c.person_id, reason=c.retired_reason)


def add_alert(ctx: Ctx, person_id: int, kind: AlertKind, text: str) -> AlertView:
    if not (text or "").strip():
        raise ValidationError("Describe the alert.", "text")
    with changing(ctx) as w:
        w.get(Person, person_id, "person")
        a = Alert(person_id=person_id, kind=AlertKind(kind), text=text.strip(),
                  raised_on=ctx.today())
        w.session.add(a)
        w.session.flush()
        w.audit("create", "alert", a.id, person_id, kind=a.kind.value)
        return AlertView(a.id, a.kind, a.text, a.raised_on, None)


def end_alert(ctx: Ctx, alert_id: int, reason: str) -> None:
    with changing(ctx) as w:
        a = w.get(Alert, alert_id, "alert")
        a.retired_on = ctx.today()
        a.retired_reason = clean(reason) or "Ended"
        w.audit("retire", "alert", a.id, a.person_id, reason=a.retired_reason)


def name_of(ctx: Ctx, person_id: int) -> str:
    """The name a section uses in its wording ("Press Alt+A to add a carer for Ann").
    Not audited: the record it sits in already logged the view."""
    with reading(ctx) as w:
        p = w.get(Person, person_id, "person")
        return p.preferred_name or p.given_name
