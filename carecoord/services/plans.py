"""The plan lifecycle: offered, declined, draft, agreed, under review, superseded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

from sqlalchemy import func, select

from carecoord.domain.dates import DEFAULT_REVIEW_MONTHS, add_months, format_date, parse_date
from carecoord.domain.enums import AgreementMethod, PlanStatus
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services.base import Ctx, Work, changing, clean, reading, viewing
from carecoord.services.goals import GoalView, copy_goals, goals_for
from carecoord.store.models import CarePlan, Person, Professional


@dataclass(frozen=True)
class PlanContent:
    """The editable text of a plan, in the order it is shown and printed."""

    what_matters: str = ""
    if_green: str = ""
    if_amber: str = ""
    if_red: str = ""
    in_hours_contact: str = ""
    out_of_hours_contact: str = ""
    crisis_numbers: str = ""
    self_management: str = ""
    self_monitoring: str = ""
    medicines: str = ""
    equipment: str = ""
    preferred_place_of_care: str = ""
    respect_form: bool = False
    respect_form_location: str = ""
    advance_care_plan: bool = False
    advance_care_plan_location: str = ""
    lasting_power_of_attorney: bool = False
    lasting_power_of_attorney_location: str = ""
    review_months: int = DEFAULT_REVIEW_MONTHS


CONTENT_FIELDS = tuple(f.name for f in fields(PlanContent))

CONTENT_LABELS = {
    "what_matters": "What matters to me",
    "if_green": "What to do if: things are going well (green)",
    "if_amber": "What to do if: things are getting worse (amber)",
    "if_red": "What to do if: it is an emergency (red)",
    "in_hours_contact": "Who to call in working hours",
    "out_of_hours_contact": "Who to call at other times",
    "crisis_numbers": "Crisis numbers",
    "self_management": "Looking after myself",
    "self_monitoring": "Checks I do myself",
    "medicines": "My medicines",
    "equipment": "Equipment and aids",
    "preferred_place_of_care": "Where I would like to be cared for",
    "respect_form": "ReSPECT form exists",
    "respect_form_location": "Where the ReSPECT form is kept",
    "advance_care_plan": "Advance care plan exists",
    "advance_care_plan_location": "Where the advance care plan is kept",
    "lasting_power_of_attorney": "Lasting power of attorney exists",
    "lasting_power_of_attorney_location": "Where the lasting power of attorney is kept",
    "review_months": "Months between reviews",
}


@dataclass(frozen=True)
class Agreement:
    person_agreed_by: str
    method: AgreementMethod
    person_agreed_on: str | dt.date
    lead_professional_id: int
    lead_agreed_on: str | dt.date
    review_date: str | dt.date | None = None


@dataclass(frozen=True)
class PlanSummary:
    id: int
    number: int
    status: PlanStatus
    is_current: bool
    offered_on: dt.date | None
    declined_on: dt.date | None
    agreed_on: dt.date | None
    review_date: dt.date | None
    superseded_on: dt.date | None


@dataclass(frozen=True)
class PlanView:
    id: int
    uid: str
    person_id: int
    number: int
    status: PlanStatus
    is_current: bool
    version_id: int
    previous_id: int | None
    offered_on: dt.date | None
    declined_on: dt.date | None
    declined_note: str | None
    review_started_on: dt.date | None
    superseded_on: dt.date | None
    person_agreed_on: dt.date | None
    person_agreed_by: str | None
    agreement_method: AgreementMethod | None
    lead_agreed_on: dt.date | None
    lead_professional_id: int | None
    lead_professional_name: str | None
    agreed_on: dt.date | None
    review_date: dt.date | None
    content: PlanContent
    goals: tuple[GoalView, ...]

    @property
    def editable(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def has_content(self) -> bool:
        return self.status not in (PlanStatus.OFFERED, PlanStatus.DECLINED)


def _summary(p: CarePlan) -> PlanSummary:
    return PlanSummary(p.id, p.number, p.status, p.is_current, p.offered_on, p.declined_on,
                       p.agreed_on, p.review_date, p.superseded_on)


def plan_view(w: Work, p: CarePlan) -> PlanView:
    lead_name = None
    if p.lead_professional_id:
        lead_name = w.session.scalar(select(Professional.name)
                                     .where(Professional.id == p.lead_professional_id))
    content = PlanContent(**{name: getattr(p, name) for name in CONTENT_FIELDS})
    return PlanView(
        p.id, p.uid, p.person_id, p.number, p.status, p.is_current, p.version_id, p.previous_id,
        p.offered_on, p.declined_on, p.declined_note, p.review_started_on, p.superseded_on,
        p.person_agreed_on, p.person_agreed_by, p.agreement_method, p.lead_agreed_on,
        p.lead_professional_id, lead_name, p.agreed_on, p.review_date, content,
        goals_for(w, p.id),
    )


def _versions(w: Work, person_id: int) -> list[CarePlan]:
    return list(w.session.scalars(select(CarePlan).where(CarePlan.person_id == person_id)
                                  .order_by(CarePlan.number)))


def _latest(w: Work, person_id: int) -> CarePlan | None:
    return w.session.scalar(select(CarePlan).where(CarePlan.person_id == person_id)
                            .order_by(CarePlan.number.desc()).limit(1))


def _date(value, field: str, required: bool = True) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return parse_date(value, field, required=required)


def _not_future(day: dt.date, today: dt.date, field: str, what: str) -> None:
    if day > today:
        raise ValidationError(f"The date {what} cannot be in the future.", field)


def versions(ctx: Ctx, person_id: int) -> list[PlanSummary]:
    with reading(ctx) as w:
        return [_summary(p) for p in _versions(w, person_id)]


def get_plan(ctx: Ctx, plan_id: int) -> PlanView:
    with viewing(ctx) as w:
        p = w.get(CarePlan, plan_id, "plan")
        w.audit("view", "care_plan", p.id, p.person_id, number=p.number)
        return plan_view(w, p)


def working_plan(ctx: Ctx, person_id: int) -> PlanView | None:
    """The newest version: the draft being written, or else the plan in force."""
    with reading(ctx) as w:
        p = _latest(w, person_id)
        return plan_view(w, p) if p else None


def current_plan(ctx: Ctx, person_id: int) -> PlanView | None:
    """The version in force (agreed or under review), or a first draft."""
    with reading(ctx) as w:
        p = w.session.scalar(select(CarePlan).where(CarePlan.person_id == person_id,
                                                    CarePlan.is_current.is_(True)))
        return plan_view(w, p) if p else None


def record_offer(ctx: Ctx, person_id: int, on: str | dt.date | None = None) -> PlanView:
    day = _date(on, "offered_on", required=False) or ctx.today()
    _not_future(day, ctx.today(), "offered_on", "the plan was offered")
    with changing(ctx) as w:
        w.get(Person, person_id, "person")
        latest = _latest(w, person_id)
        if latest is None:
            p = CarePlan(person_id=person_id, number=1, status=PlanStatus.OFFERED,
                         is_current=True, offered_on=day)
            w.session.add(p)
        elif latest.status == PlanStatus.DECLINED:
            p = latest
            p.status, p.offered_on, p.declined_on = PlanStatus.OFFERED, day, None
        else:
            raise RuleError(f"A plan is already {latest.status.label.lower()}; "
                            "there is nothing to offer.")
        w.session.flush()
        w.audit("offer", "care_plan", p.id, person_id, on=day)
        return plan_view(w, p)


def record_decline(ctx: Ctx, person_id: int, on: str | dt.date | None = None,
                   note: str | None = None) -> PlanView:
    day = _date(on, "declined_on", required=False) or ctx.today()
    _not_future(day, ctx.today(), "declined_on", "the plan was declined")
    with changing(ctx) as w:
        w.get(Person, person_id, "person")
        latest = _latest(w, person_id)
        if latest is None:
            # Offered and declined at the same conversation.
            p = CarePlan(person_id=person_id, number=1, status=PlanStatus.DECLINED,
                         is_current=True, offered_on=day, declined_on=day,
                         declined_note=clean(note))
            w.session.add(p)
        elif latest.status == PlanStatus.OFFERED:
            p = latest
            if latest.offered_on and day < latest.offered_on:
                raise ValidationError("A plan cannot be declined before it was offered.",
                                      "declined_on")
            p.status, p.declined_on, p.declined_note = PlanStatus.DECLINED, day, clean(note)
        else:
            raise RuleError("Only an offered plan can be declined. An agreed plan stays in "
                            "force until it is reviewed.")
        w.session.flush()
        w.audit("decline", "care_plan", p.id, person_id, on=day)
        return plan_view(w, p)


def start_draft(ctx: Ctx, person_id: int) -> PlanView:
    """Begin writing a first plan (offering it today if it was not recorded as offered)."""
    with changing(ctx) as w:
        w.get(Person, person_id, "person")
        latest = _latest(w, person_id)
        if latest is None:
            p = CarePlan(person_id=person_id, number=1, status=PlanStatus.DRAFT,
                         is_current=True, offered_on=ctx.today())
            w.session.add(p)
        elif latest.status in (PlanStatus.OFFERED, PlanStatus.DECLINED):
            p = latest
            p.status, p.declined_on = PlanStatus.DRAFT, None
            p.offered_on = p.offered_on or ctx.today()
        elif latest.status == PlanStatus.DRAFT:
            return plan_view(w, latest)
        else:
            raise RuleError("This person has an agreed plan. Start a review to change it.")
        w.session.flush()
        w.audit("draft", "care_plan", p.id, person_id)
        return plan_view(w, p)


def _editable(w: Work, plan_id: int) -> CarePlan:
    p = w.get(CarePlan, plan_id, "plan")
    if p.status != PlanStatus.DRAFT:
        if p.status == PlanStatus.AGREED:
            raise RuleError(f"Version {p.number} was agreed on "
                            f"{format_date(p.agreed_on, '%-d %B %Y')} and is "
                            "read-only. Start a review to change it.")
        raise RuleError(f"Version {p.number} is {p.status.label.lower()} and cannot be changed.")
    return p


def editable_plan(w: Work, plan_id: int) -> CarePlan:
    return _editable(w, plan_id)


def save_content(ctx: Ctx, plan_id: int, content: PlanContent,
                 expected_version: int | None = None) -> PlanView:
    if not 1 <= int(content.review_months) <= 24:
        raise ValidationError("Reviews are between 1 and 24 months apart.", "review_months")
    with changing(ctx) as w:
        p = _editable(w, plan_id)
        if expected_version is not None and p.version_id != expected_version:
            from carecoord.domain.errors import ConflictError

            raise ConflictError("This draft was changed elsewhere since you opened it. Reopen "
                                "it; your text is still in the form.")
        changed = [n for n in CONTENT_FIELDS if getattr(p, n) != getattr(content, n)]
        if not changed:
            return plan_view(w, p)
        for name in changed:
            value = getattr(content, name)
            setattr(p, name, value.strip() if isinstance(value, str) else value)
        w.session.flush()
        w.audit("update", "care_plan", p.id, p.person_id, fields=changed)
        return plan_view(w, p)


def agree(ctx: Ctx, plan_id: int, agreement: Agreement) -> PlanView:
    """Both sign-offs are needed: the person (or representative) and the lead professional."""
    today = ctx.today()
    who = (agreement.person_agreed_by or "").strip()
    if not who:
        raise RuleError("A plan cannot be agreed without the person's sign-off: enter who "
                        "agreed it (the person or their representative).")
    if not agreement.method:
        raise RuleError("Record how the person agreed: signed, verbal, or by a representative.")
    method = AgreementMethod(agreement.method)
    if not agreement.lead_professional_id:
        raise RuleError("A plan cannot be agreed without the lead professional's sign-off.")
    person_on = _date(agreement.person_agreed_on, "person_agreed_on")
    lead_on = _date(agreement.lead_agreed_on, "lead_agreed_on")
    _not_future(person_on, today, "person_agreed_on", "the person agreed")
    _not_future(lead_on, today, "lead_agreed_on", "the lead professional agreed")
    with changing(ctx) as w:
        p = _editable(w, plan_id)
        if not p.what_matters.strip():
            raise RuleError("Write what matters to the person before the plan is agreed.")
        lead = w.get(Professional, agreement.lead_professional_id, "professional")
        agreed_on = max(person_on, lead_on)
        review = _date(agreement.review_date, "review_date", required=False) or add_months(
            agreed_on, p.review_months)
        if review <= agreed_on:
            raise ValidationError("The review date must be after the plan is agreed.",
                                  "review_date")
        previous = None
        if p.previous_id:
            previous = w.get(CarePlan, p.previous_id, "plan")
            previous.status = PlanStatus.SUPERSEDED
            previous.superseded_on = agreed_on
            previous.is_current = False
            w.session.flush()
        p.status = PlanStatus.AGREED
        p.is_current = True
        p.person_agreed_by, p.agreement_method, p.person_agreed_on = who, method, person_on
        p.lead_professional_id, p.lead_agreed_on = lead.id, lead_on
        p.agreed_on, p.review_date = agreed_on, review
        w.session.flush()
        w.audit("agree", "care_plan", p.id, p.person_id, number=p.number, method=method.value,
                lead=lead.name, review_date=review,
                superseded=previous.number if previous else None)
        return plan_view(w, p)


def start_review(ctx: Ctx, plan_id: int) -> PlanView:
    """The agreed version stays in force, marked under review; a new draft copies its content."""
    with changing(ctx) as w:
        old = w.get(CarePlan, plan_id, "plan")
        if old.status != PlanStatus.AGREED:
            raise RuleError("Only an agreed plan can be reviewed.")
        newest = w.session.scalar(select(func.max(CarePlan.number))
                                  .where(CarePlan.person_id == old.person_id))
        if newest != old.number:
            raise RuleError("A newer version of this plan already exists.")
        old.status = PlanStatus.UNDER_REVIEW
        old.review_started_on = ctx.today()
        new = CarePlan(person_id=old.person_id, number=old.number + 1, status=PlanStatus.DRAFT,
                       is_current=False, previous_id=old.id, offered_on=old.offered_on,
                       review_date=None)
        for name in CONTENT_FIELDS:
            setattr(new, name, getattr(old, name))
        w.session.add(new)
        w.session.flush()
        copy_goals(w, old.id, new.id)
        w.audit("review", "care_plan", new.id, old.person_id, from_number=old.number,
                number=new.number)
        return plan_view(w, new)


def set_review_date(ctx: Ctx, plan_id: int, review_date: str | dt.date) -> PlanView:
    """Scheduling, not content: allowed on the agreed version without a new version."""
    day = _date(review_date, "review_date")
    with changing(ctx) as w:
        p = w.get(CarePlan, plan_id, "plan")
        if p.status not in (PlanStatus.AGREED, PlanStatus.UNDER_REVIEW):
            raise RuleError("A review date is set when the plan is agreed.")
        if p.agreed_on and day <= p.agreed_on:
            raise ValidationError("The review date must be after the plan was agreed.",
                                  "review_date")
        old = p.review_date
        p.review_date = day
        w.session.flush()
        w.audit("review_date", "care_plan", p.id, p.person_id, old=old, new=day)
        return plan_view(w, p)


@dataclass(frozen=True)
class Difference:
    where: str
    before: str
    after: str


def _text(v) -> str:
    if isinstance(v, bool):
        return "Yes" if v else "No"
    return "" if v is None else str(v)


def compare(ctx: Ctx, older_id: int, newer_id: int) -> list[Difference]:
    """What changed between two versions: content fields, then goals and actions by lineage."""
    with reading(ctx) as w:
        a, b = plan_view(w, w.get(CarePlan, older_id)), plan_view(w, w.get(CarePlan, newer_id))
    if a.person_id != b.person_id:
        raise RuleError("Only versions of the same person's plan can be compared.")
    diffs = [Difference(CONTENT_LABELS[n], _text(getattr(a.content, n)),
                        _text(getattr(b.content, n)))
             for n in CONTENT_FIELDS if getattr(a.content, n) != getattr(b.content, n)]
    old_goals = {g.lineage: g for g in a.goals}
    new_goals = {g.lineage: g for g in b.goals}
    for lineage, g in new_goals.items():
        before = old_goals.get(lineage)
        if before is None:
            diffs.append(Difference(f"Goal: {g.person_words}", "", "Added"))
            continue
        for label, x, y in before.compare_to(g):
            diffs.append(Difference(f"Goal: {g.person_words} — {label}", x, y))
    for lineage, g in old_goals.items():
        if lineage not in new_goals:
            diffs.append(Difference(f"Goal: {g.person_words}", "Present", "Removed"))
    return diffs


def with_content(view: PlanView, **changes) -> PlanContent:
    return replace(view.content, **changes)
