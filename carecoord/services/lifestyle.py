"""Make Every Contact Count (seed 002): a quick lifestyle check, then the brief intervention.

The check covers smoking, alcohol, physical activity, diet and weight (height, weight and a
computed BMI) and mental wellbeing. Each brief intervention records the advice given, whether
a leaflet was given, and whether a referral was offered and then accepted or declined. A
prevention goal can go straight into the person's plan from the check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, exists, func, select

from carecoord.domain.dates import add_months, parse_date
from carecoord.domain.enums import (
    ActivityLevel,
    GoalDomain,
    InterventionTopic,
    LifestyleService,
    PersonStatus,
    PlanStatus,
    ReferralOffer,
    SmokingStatus,
)
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services import plans
from carecoord.services.base import Ctx, Work, changing, clean, reading, viewing
from carecoord.services.goals import GoalInput, GoalView, add_goal
from carecoord.services.readings import parse_number
from carecoord.store.models import (
    BriefIntervention,
    LeadAssignment,
    LifestyleCheck,
    Person,
    User,
)

HEIGHT_CM = (50.0, 250.0)
WEIGHT_KG = (2.0, 400.0)
ALCOHOL_UNITS_WEEK = (0.0, 300.0)
WELLBEING_SCORE = (0, 10)
# A height and weight each possible on their own can still make an impossible pair.
BMI_POSSIBLE = (8.0, 110.0)

# The service a referral usually goes to, so the keyboard path needs one key less.
SUGGESTED_SERVICE = {
    InterventionTopic.SMOKING: LifestyleService.STOP_SMOKING,
    InterventionTopic.ALCOHOL: LifestyleService.ALCOHOL,
    InterventionTopic.ACTIVITY: LifestyleService.EXERCISE,
    InterventionTopic.DIET_WEIGHT: LifestyleService.WEIGHT_MANAGEMENT,
    InterventionTopic.WELLBEING: LifestyleService.TALKING_THERAPIES,
}


@dataclass(frozen=True)
class CheckInput:
    """What the quick check form supplies; numbers and dates may be text as typed."""

    smoking: SmokingStatus | str = SmokingStatus.NOT_ASKED
    alcohol_units_week: float | str | None = None
    activity: ActivityLevel | str | None = None
    height_cm: float | str | None = None
    weight_kg: float | str | None = None
    diet_note: str | None = None
    wellbeing_score: int | str | None = None
    wellbeing_note: str | None = None
    checked_on: dt.date | str | None = None


@dataclass(frozen=True)
class InterventionInput:
    topic: InterventionTopic | str
    advice: str | None = None
    leaflet_given: bool = False
    referral: ReferralOffer | str = ReferralOffer.NOT_OFFERED
    service: LifestyleService | str | None = None  # defaults to the topic's usual service


@dataclass(frozen=True)
class InterventionView:
    id: int
    topic: InterventionTopic
    advice: str | None
    leaflet_given: bool
    referral: ReferralOffer
    service: LifestyleService | None


@dataclass(frozen=True)
class CheckView:
    id: int
    uid: str
    person_id: int
    checked_on: dt.date
    smoking: SmokingStatus
    alcohol_units_week: float | None
    activity: ActivityLevel | None
    height_cm: float | None
    weight_kg: float | None
    bmi: float | None
    diet_note: str | None
    wellbeing_score: int | None
    wellbeing_note: str | None
    recorded_by: str | None
    interventions: tuple[InterventionView, ...]

    @property
    def bmi_band(self) -> str | None:
        return bmi_band(self.bmi)


@dataclass(frozen=True)
class PreventionGoal:
    """What adding a prevention goal did. A screen says so when a plan had to be started."""

    goal: GoalView
    plan_id: int
    plan_number: int
    started_review: bool  # the agreed plan was put under review to take the goal
    started_draft: bool  # there was no plan in writing, so a first draft was started

    @property
    def message(self) -> str:
        if self.started_review:
            return (f"The goal was added to a new draft, version {self.plan_number}. The "
                    "agreed plan is now under review until the draft is agreed.")
        if self.started_draft:
            return "A draft plan was started, and the goal was added to it."
        return f"The goal was added to the draft, version {self.plan_number}."


@dataclass(frozen=True)
class Coverage:
    """The share of active people with a lifestyle check on or after `since`."""

    checked: int
    people: int
    since: dt.date

    @property
    def share(self) -> float | None:
        return self.checked / self.people if self.people else None


# ---- the numbers -----------------------------------------------------------------------


def round_1dp(value: float) -> float:
    """Half up, as people round by hand (Python's round() would give 24.2 for 24.25)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def compute_bmi(height_cm: float, weight_kg: float) -> float:
    """Weight in kg over height in metres squared, to one decimal place."""
    metres = height_cm / 100
    return round_1dp(weight_kg / (metres * metres))


def bmi_band(bmi: float | None) -> str | None:
    """The adult BMI bands the NHS uses."""
    if bmi is None:
        return None
    if bmi < 18.5:
        return "Underweight"
    if bmi < 25:
        return "Healthy weight"
    if bmi < 30:
        return "Overweight"
    if bmi < 40:
        return "Obese"
    return "Severely obese"


def _measure(value, field: str, what: str, bounds: tuple[float, float], unit: str,
             hint: str = "") -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(min(max(value, -1e9), 1e9))  # huge integers would overflow a float
    else:
        number = parse_number(value, field, what)
    low, high = bounds
    if not low <= number <= high:
        raise ValidationError(f"A {what} of {number:g} {unit} cannot be right: it must be "
                              f"between {low:g} and {high:g} {unit}.{hint}", field)
    return number


def _height(value) -> float | None:
    hint = ""
    try:
        number = float(str(value).replace(",", ".")) if value is not None else None
    except ValueError:
        number = None
    if number is not None and 0.5 <= number <= 2.5:
        hint = f" Height is in centimetres: {number:g} m is {number * 100:g} cm."
    return _measure(value, "height_cm", "height", HEIGHT_CM, "cm", hint)


def _score(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or not 0 <= int(text) <= 10:
        raise ValidationError("The wellbeing score is a whole number from 0 to 10.",
                              "wellbeing_score")
    return int(text)


def _choice(enum_cls, value, field: str):
    try:
        return enum_cls(value)
    except ValueError:
        raise ValidationError("Choose an answer from the list.", field) from None


def validate_check(data: CheckInput, today: dt.date) -> dict:
    """Check every part and compute the BMI. Returns the column values."""
    day = (data.checked_on if isinstance(data.checked_on, dt.date)
           else parse_date(data.checked_on, "checked_on")) or today
    if day > today:
        raise ValidationError("A lifestyle check cannot be dated in the future.", "checked_on")
    smoking = _choice(SmokingStatus, data.smoking or SmokingStatus.NOT_ASKED, "smoking")
    activity = _choice(ActivityLevel, data.activity, "activity") if data.activity else None
    alcohol = _measure(data.alcohol_units_week, "alcohol_units_week", "weekly alcohol intake",
                       ALCOHOL_UNITS_WEEK, "units")
    height = _height(data.height_cm)
    weight = _measure(data.weight_kg, "weight_kg", "weight", WEIGHT_KG, "kg")
    bmi = None
    if height is not None and weight is not None:
        bmi = compute_bmi(height, weight)
        if not BMI_POSSIBLE[0] <= bmi <= BMI_POSSIBLE[1]:
            raise ValidationError(f"A height of {height:g} cm and a weight of {weight:g} kg give "
                                  f"a BMI of {bmi:g}, which cannot be right. Please check both.",
                                  "weight_kg")
    values = {
        "checked_on": day, "smoking": smoking, "alcohol_units_week": alcohol,
        "activity": activity, "height_cm": height, "weight_kg": weight, "bmi": bmi,
        "diet_note": clean(data.diet_note), "wellbeing_score": _score(data.wellbeing_score),
        "wellbeing_note": clean(data.wellbeing_note),
    }
    recorded = [k for k, v in values.items() if k != "checked_on" and v is not None]
    if recorded == ["smoking"] and smoking == SmokingStatus.NOT_ASKED:
        raise ValidationError("Nothing was recorded: fill in at least one part of the check.",
                              "smoking")
    return values


def validate_intervention(data: InterventionInput) -> dict:
    topic = _choice(InterventionTopic, data.topic, "topic")
    referral = _choice(ReferralOffer, data.referral or ReferralOffer.NOT_OFFERED, "referral")
    service = _choice(LifestyleService, data.service, "service") if data.service else None
    advice = clean(data.advice)
    if referral == ReferralOffer.NOT_OFFERED:
        if service is not None:
            raise ValidationError("A service is named but no referral was offered: say whether "
                                  "the referral was accepted or declined.", "referral")
    else:
        service = service or SUGGESTED_SERVICE[topic]
    if not advice and not data.leaflet_given and referral == ReferralOffer.NOT_OFFERED:
        raise ValidationError("Record the advice given, a leaflet, or a referral offered.",
                              "advice")
    return {"topic": topic, "advice": advice, "leaflet_given": bool(data.leaflet_given),
            "referral": referral, "service": service}


# ---- recording -------------------------------------------------------------------------


def _intervention_view(b: BriefIntervention) -> InterventionView:
    return InterventionView(b.id, b.topic, b.advice, b.leaflet_given, b.referral, b.service)


def _check_view(w: Work, c: LifestyleCheck) -> CheckView:
    who = (w.session.scalar(select(User.full_name).where(User.id == c.recorded_by))
           if c.recorded_by else None)
    items = w.session.scalars(select(BriefIntervention).where(BriefIntervention.check_id == c.id)
                              .order_by(BriefIntervention.id))
    return CheckView(c.id, c.uid, c.person_id, c.checked_on, c.smoking, c.alcohol_units_week,
                     c.activity, c.height_cm, c.weight_kg, c.bmi, c.diet_note, c.wellbeing_score,
                     c.wellbeing_note, who, tuple(_intervention_view(b) for b in items))


def _add_intervention(w: Work, check: LifestyleCheck, values: dict) -> BriefIntervention:
    b = BriefIntervention(check_id=check.id, **values)
    w.session.add(b)
    w.session.flush()
    w.audit("create", "brief_intervention", b.id, check.person_id, check=check.id,
            topic=b.topic.value, leaflet=b.leaflet_given, referral=b.referral.value,
            service=b.service.value if b.service else None)
    return b


def record_check(ctx: Ctx, person_id: int, data: CheckInput,
                 interventions: tuple[InterventionInput, ...] = ()) -> CheckView:
    """Save the check and any brief interventions together, in one step."""
    values = validate_check(data, ctx.today())
    items = [validate_intervention(i) for i in interventions]
    with changing(ctx) as w:
        person = w.get(Person, person_id, "person")
        if values["checked_on"] < person.date_of_birth:
            raise ValidationError("A lifestyle check cannot be dated before the person was "
                                  "born.", "checked_on")
        c = LifestyleCheck(person_id=person_id, recorded_by=ctx.actor.user_id, **values)
        w.session.add(c)
        w.session.flush()
        w.audit("create", "lifestyle_check", c.id, person_id, checked_on=c.checked_on,
                parts=[k for k, v in values.items() if v is not None and k != "checked_on"])
        for item in items:
            _add_intervention(w, c, item)
        return _check_view(w, c)


def _live_check(w: Work, check_id: int) -> LifestyleCheck:
    c = w.get(LifestyleCheck, check_id, "lifestyle check")
    if c.retired_on is not None:
        raise RuleError("This lifestyle check was removed from the record.")
    return c


def add_intervention(ctx: Ctx, check_id: int, data: InterventionInput) -> InterventionView:
    values = validate_intervention(data)
    with changing(ctx) as w:
        return _intervention_view(_add_intervention(w, _live_check(w, check_id), values))


def retire_check(ctx: Ctx, check_id: int, reason: str) -> None:
    """A check entered in error leaves the record's lists but is never deleted."""
    reason = clean(reason)
    if not reason:
        raise ValidationError("Say why the check is being removed.", "reason")
    with changing(ctx) as w:
        c = _live_check(w, check_id)
        c.retired_on, c.retired_reason = ctx.today(), reason
        w.audit("retire", "lifestyle_check", c.id, c.person_id, reason=reason)


def checks_for(ctx: Ctx, person_id: int) -> list[CheckView]:
    """The person's checks, newest first."""
    with viewing(ctx) as w:
        w.get(Person, person_id, "person")
        rows = list(w.session.scalars(
            select(LifestyleCheck).where(LifestyleCheck.person_id == person_id,
                                         LifestyleCheck.retired_on.is_(None))
            .order_by(LifestyleCheck.checked_on.desc(), LifestyleCheck.id.desc())))
        w.audit("view", "lifestyle_check", None, person_id, rows=len(rows))
        return [_check_view(w, c) for c in rows]


# ---- a prevention goal in one step ---------------------------------------------------


def add_prevention_goal(ctx: Ctx, person_id: int, check_id: int,
                        topic: InterventionTopic | str, words: str,
                        target_to: dt.date | str | None = None) -> PreventionGoal:
    """Add a lifestyle goal, in the person's words, to the plan being written.

    - a draft exists (a first draft, or a review's new version): the goal goes into it;
    - the plan is agreed with no draft: a review is started (the agreed version stays in
      force, under review) and the goal goes into the review's new draft;
    - no plan, or only an offer or a decline: a first draft is started for it.

    Each step is its own audited change, as if done by hand; everything that can be refused
    is checked before the first one.
    """
    topic = _choice(InterventionTopic, topic, "topic")
    goal = GoalInput(person_words=(words or "").strip(), domain=GoalDomain.LIFESTYLE,
                     target_to=target_to)
    if not goal.person_words:
        raise ValidationError("Write the goal in the person's own words.", "person_words")
    target = (target_to if isinstance(target_to, dt.date) or target_to is None
              else parse_date(target_to, "target"))
    if target is not None and target < ctx.today():
        raise ValidationError("The goal's target date has already passed.", "target")
    with reading(ctx) as w:
        if _live_check(w, check_id).person_id != person_id:
            raise RuleError("That lifestyle check belongs to someone else.")
    latest = plans.working_plan(ctx, person_id)
    started_review = started_draft = False
    if latest is not None and latest.status == PlanStatus.DRAFT:
        plan = latest
    elif latest is not None and latest.status == PlanStatus.AGREED:
        plan, started_review = plans.start_review(ctx, latest.id), True
    elif latest is None or latest.status in (PlanStatus.OFFERED, PlanStatus.DECLINED):
        plan, started_draft = plans.start_draft(ctx, person_id), True
    else:
        raise RuleError(f"The plan is {latest.status.label.lower()}; open the newest version "
                        "to add a goal.")
    view = add_goal(ctx, plan.id, goal)
    with changing(ctx) as w:
        w.audit("prevention_goal", "lifestyle_check", check_id, person_id, goal=view.id,
                topic=topic.value, plan=plan.number, started_review=started_review,
                started_draft=started_draft)
    return PreventionGoal(view, plan.id, plan.number, started_review, started_draft)


# ---- the caseload figure ------------------------------------------------------------


def coverage_statement(today: dt.date, lead_professional_id: int | None = None,
                       team: str | None = None):
    """(people, people with a check) over active people, on one lead's caseload and in one
    team if given, with the window's first day. A check counts from the same day a year ago
    up to today, inclusive; the (person_id, checked_on) index answers each probe."""
    since = add_months(today, -12)
    p = Person.__table__
    checked = exists().where(LifestyleCheck.person_id == p.c.id,
                             LifestyleCheck.checked_on >= since,
                             LifestyleCheck.checked_on <= today,
                             LifestyleCheck.retired_on.is_(None))
    stmt = (select(func.count(), func.coalesce(func.sum(case((checked, 1), else_=0)), 0))
            .select_from(p).where(p.c.status == PersonStatus.ACTIVE.value))
    if team is not None:
        stmt = stmt.where(p.c.team == team)
    if lead_professional_id is not None:
        stmt = stmt.join(LeadAssignment, and_(LeadAssignment.person_id == p.c.id,
                                              LeadAssignment.ended_on.is_(None),
                                              LeadAssignment.professional_id
                                              == lead_professional_id))
    return stmt, since


def lifestyle_check_coverage(ctx: Ctx, lead_professional_id: int | None = None,
                             today: dt.date | None = None) -> Coverage:
    """The share of active people (on one lead's caseload, or everyone) who had a lifestyle
    check in the last 12 months, in one query (see coverage_statement)."""
    stmt, since = coverage_statement(today or ctx.today(), lead_professional_id)
    with reading(ctx) as w:
        people, with_check = w.session.execute(stmt).one()
    return Coverage(int(with_check), int(people), since)
