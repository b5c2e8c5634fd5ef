"""One synthetic person: identity, needs, conditions, carers, care team and lead history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from carecoord.demo import names, phrases
from carecoord.demo.clinical import BY_KEY, CONDITION_COUNT, EXCLUSIVE, PREVALENCE, ConditionKind
from carecoord.demo.dice import Dice, Weighted
from carecoord.demo.directory import Directory, Practice, Pro
from carecoord.demo.writer import Bulk
from carecoord.domain.enums import (
    AlertKind,
    ConditionStatus,
    Frailty,
    MemberType,
    PersonStatus,
    PriorityTier,
)
from carecoord.store.models import (
    Alert,
    Carer,
    CareTeamMember,
    Condition,
    LeadAssignment,
    Person,
    PersonCohort,
)

DAY = dt.timedelta(days=1)


@dataclass
class Member:
    key: str  # lead, gp, nurse, social, mh, pharmacy, voluntary, housing, specialist:<kind>
    pro: Pro
    kind: MemberType = MemberType.CORE


@dataclass
class Someone:
    """What the later steps need to know about the person being written."""

    id: int
    background: names.Background
    woman: bool
    given: str
    family: str
    called: str
    dob: dt.date
    age: int
    locality: str
    address: str | None
    frailty: Frailty
    status: PersonStatus
    conditions: list[ConditionKind]
    practice: Practice
    language: str | None
    joined: dt.date = dt.date.min
    lead: Pro | None = None
    past_lead: Pro | None = None
    handover_on: dt.date | None = None
    team: list[Member] = field(default_factory=list)
    carers: list[str] = field(default_factory=list)
    housebound: bool = False
    end_of_life: bool = False
    homeless: bool = False
    last_day: dt.date = dt.date.max  # today, or the day they died or left the caseload

    @property
    def active(self) -> bool:
        return self.status == PersonStatus.ACTIVE

    def has(self, *keys: str) -> bool:
        return any(c.key in keys for c in self.conditions)

    def lead_on(self, day: dt.date) -> Pro:
        if self.past_lead is not None and self.handover_on and day < self.handover_on:
            return self.past_lead
        return self.lead

    def member(self, key: str) -> Pro:
        """The team member for a kind of work, or the lead when there is none."""
        keys = _ALIASES.get(key, (key,))
        for m in self.team:
            if m.key in keys or (key == "specialist" and m.key.startswith("specialist:")):
                return m.pro
        return self.lead


_ALIASES = {"mh": ("mh", "specialist:memory", "specialist:mental_health")}


def _age_table(low: int, high: int, dementia: float) -> Weighted[str]:
    pairs = []
    for key, weight in PREVALENCE.items():
        if BY_KEY[key].earliest_age > high:
            continue
        pairs.append((key, weight * (dementia if key in ("dementia", "alzheimers") else 1)))
    return Weighted(pairs)


_BY_AGE = ((64, _age_table(40, 64, 0.15)), (79, _age_table(65, 79, 1.0)),
           (200, _age_table(80, 110, 2.8)))
FRAILTY = ((64, Weighted([(Frailty.FIT, 50), (Frailty.MILD, 30), (Frailty.MODERATE, 15),
                          (Frailty.SEVERE, 5)])),
           (79, Weighted([(Frailty.FIT, 22), (Frailty.MILD, 36), (Frailty.MODERATE, 29),
                          (Frailty.SEVERE, 13)])),
           (200, Weighted([(Frailty.FIT, 7), (Frailty.MILD, 26), (Frailty.MODERATE, 38),
                           (Frailty.SEVERE, 29)])))
PRIORITY = {
    Frailty.SEVERE: Weighted([(PriorityTier.HIGH, 55), (PriorityTier.MEDIUM, 35),
                              (PriorityTier.LOW, 5), (None, 5)]),
    Frailty.MODERATE: Weighted([(PriorityTier.HIGH, 25), (PriorityTier.MEDIUM, 50),
                                (PriorityTier.LOW, 20), (None, 5)]),
}
PRIORITY_OTHER = Weighted([(PriorityTier.HIGH, 8), (PriorityTier.MEDIUM, 37),
                           (PriorityTier.LOW, 50), (None, 5)])
HANDOVER_NOTES = (
    "Handed over at the team meeting; plan talked through with the family.",
    "Previous lead moved to another locality.",
    "Joint visit at home to hand over; the person knows their new lead.",
    "Lead changed to match the person's GP practice.",
)


def _banded(dice: Dice, bands, age: int):
    for top, table in bands:
        if age <= top:
            return dice.draw(table)
    raise AssertionError("age bands end at 200")


def _conditions(dice: Dice, age: int) -> list[ConditionKind]:
    wanted = dice.draw(CONDITION_COUNT)
    chosen: list[str] = []
    while len(chosen) < wanted:
        key = _banded(dice, _BY_AGE, age)
        if key in chosen or any(key in group and group & set(chosen) for group in EXCLUSIVE):
            continue
        chosen.append(key)
    return [BY_KEY[k] for k in chosen]


def _age(dice: Dice) -> int:
    if dice.chance(0.04):
        return dice.between(40, 54)
    return int(dice.triangular(55, 99, 81))


def _address(dice: Dice, locality: str, frailty: Frailty, age: int) -> tuple[str, str]:
    area, district = dice.pick(names.AREAS[locality])
    postcode = names.postcode(dice, district)
    street = f"{dice.pick(names.STREETS)} {dice.pick(names.STREET_KINDS)}"
    if frailty == Frailty.SEVERE and age >= 80 and dice.chance(0.2):
        return f"{dice.pick(names.CARE_HOMES)}, {street}, {area}, Riverside", postcode
    if dice.chance(0.15):
        return (f"Flat {dice.between(1, 40)}, {dice.pick(names.FLAT_BLOCKS)}, {street}, "
                f"{area}, Riverside"), postcode
    return f"{dice.between(1, 180)} {street}, {area}, Riverside", postcode


def new_person(dice: Dice, directory: Directory, person_id: int, nhs: str,
               today: dt.date) -> tuple[Someone, dict]:
    """Draw a person. Returns what later steps need, and the row (written by `write`)."""
    bg = dice.draw(names.BACKGROUNDS)
    woman = dice.chance(0.55)
    given = dice.pick(bg.women if woman else bg.men)
    family = dice.pick(bg.family)
    preferred = None
    if given in names.NICKNAMES and dice.chance(0.4):
        preferred = dice.pick(names.NICKNAMES[given])
    age = _age(dice)
    dob = dt.date(today.year - age - 1, 1, 1) + dt.timedelta(days=dice.between(0, 364))
    frailty = _banded(dice, FRAILTY, age)
    locality = dice.draw(names.LOCALITY_WEIGHTS)
    practice = dice.pick(directory.practices[locality])
    language = None
    if bg.languages and dice.chance(bg.language_share):
        language = dice.pick(bg.languages)
    homeless = dice.chance(0.002)
    address, postcode = (None, None) if homeless else _address(dice, locality, frailty, age)
    status = PersonStatus.ACTIVE
    r = dice.random()
    if r < 0.01:
        status = PersonStatus.DECEASED
    elif r < 0.035:
        status = PersonStatus.DISCHARGED
    conditions = _conditions(dice, age)
    p = Someone(person_id, bg, woman, given, family, preferred or given, dob, age, locality,
                address, frailty, status, conditions, practice, language, homeless=homeless,
                last_day=today)
    p.housebound = frailty == Frailty.SEVERE and dice.chance(0.6) or (
        frailty == Frailty.MODERATE and dice.chance(0.15))
    p.end_of_life = frailty == Frailty.SEVERE and dice.chance(0.08)
    lives_mostly = [c.daily_life for c in conditions if c.daily_life]
    row = dict(
        id=person_id, nhs_number=nhs, given_name=given, family_name=family,
        preferred_name=preferred, date_of_birth=dob, address=address, postcode=postcode,
        phone=names.mobile(dice) if homeless or dice.chance(0.3) else names.landline(dice),
        email=(f"{names.email_part(given)}.{names.email_part(family)}"
               f"{dice.between(1, 99)}@example.com") if dice.chance(0.18) else None,
        gp_practice=practice.name, team=locality, frailty=frailty,
        priority=dice.draw(PRIORITY.get(frailty, PRIORITY_OTHER)), status=status,
        preferred_language=language,
        interpreter_needed=language is not None and language != "Welsh" and dice.chance(0.6),
        large_print=dice.chance(0.08) or p.has("amd"), easy_read=dice.chance(0.02),
        hearing_needs=dice.pick(phrases.HEARING) if dice.chance(0.1) else None,
        sight_needs=dice.pick(phrases.SIGHT) if p.has("amd") or dice.chance(0.03) else None,
        decision_support=(dice.pick(phrases.DECISION_SUPPORT)
                          if p.has("dementia", "alzheimers") or dice.chance(0.04) else None),
        about_interests=dice.pick(phrases.INTERESTS) if dice.chance(0.7) else None,
        about_routines=dice.pick(phrases.ROUTINES) if dice.chance(0.6) else None,
        about_daily_life=" ".join(lives_mostly[:2]) or None,
        health_budget_note=dice.pick(phrases.HEALTH_BUDGET) if dice.chance(0.01) else None,
    )
    if homeless:
        row["about_routines"] = "No fixed address; usually at the day shelter on weekdays."
    if status != PersonStatus.ACTIVE:
        p.last_day = today - dt.timedelta(days=dice.between(1, 90))
        row["status_changed_on"] = p.last_day
        row["status_reason"] = ("Died at home, peacefully." if status == PersonStatus.DECEASED
                                else dice.pick(("Moved out of the area.",
                                                "No longer needs coordinated care.")))
    return p, row


def _carers(bulk: Bulk, dice: Dice, p: Someone, today: dt.date, address: str | None) -> None:
    count = 1 if dice.chance(0.85) else 2
    for n in range(count):
        spouse = n == 0 and p.age >= 65 and dice.chance(0.45)
        if spouse:  # of the person's own generation and background
            relation = "Partner" if dice.chance(0.1) else "Husband" if p.woman else "Wife"
            given = dice.pick(p.background.men if p.woman else p.background.women)
            family = p.family if dice.chance(0.9) else dice.pick(p.background.family)
        else:
            relation, woman = dice.pick(phrases.CARER_RELATIONSHIPS)
            if woman is None:
                woman = dice.chance(0.6)
            given = dice.pick(names.YOUNGER_WOMEN if woman else names.YOUNGER_MEN)
            family = p.family if relation in ("Son", "Daughter", "Grandson", "Granddaughter",
                                              "Brother") and dice.chance(0.7) else (
                dice.pick(names.BRITISH.family))
        name = f"{given} {family}"
        consent = dice.chance(0.88)
        bulk.add(Carer, person_id=p.id, name=name, relationship=relation,
                 phone=names.mobile(dice),
                 email=f"{names.email_part(given)}{dice.between(1, 999)}@example.net"
                 if dice.chance(0.3) else None,
                 address=address if relation in phrases.SPOUSES else None,
                 consent_to_involve=consent,
                 consent_recorded_on=dice.day_between(p.joined, today) if consent else None,
                 nominated=n == 0 and consent and dice.chance(0.75),
                 own_needs=dice.pick(phrases.CARER_NEEDS))
        p.carers.append(name)


def _assign_leads(dice: Dice, directory: Directory, p: Someone, today: dt.date) -> None:
    p.lead = dice.pick(directory.leads[p.locality])
    if (today - p.joined).days > 120 and dice.chance(0.22):
        others = [lead for lead in dice.sample(directory.all_leads,
                                               min(3, len(directory.all_leads)))
                  if lead.id != p.lead.id]
        if others:
            p.past_lead = others[0]
            p.handover_on = dice.day_between(p.joined + 60 * DAY, today - 7 * DAY)


def _team(dice: Dice, directory: Directory, p: Someone) -> None:
    team = [Member("lead", p.lead), Member("gp", dice.pick(p.practice.gps))]
    if p.housebound or p.frailty in (Frailty.MODERATE, Frailty.SEVERE):
        team.append(Member("nurse", dice.pick(directory.nurses[p.locality])))
    else:
        team.append(Member("nurse", p.practice.nurse))
    for kind in dict.fromkeys(c.specialist for c in p.conditions if c.specialist):
        if len(team) < 5 and dice.chance(0.55):
            team.append(Member(f"specialist:{kind}", dice.pick(directory.specialists[kind]),
                               MemberType.AS_REQUIRED))
    if p.frailty == Frailty.SEVERE or dice.chance(0.12):
        team.append(Member("social", dice.pick(directory.social[p.locality])))
    if p.has("depression", "anxiety") and dice.chance(0.3):
        team.append(Member("mh", dice.pick(directory.mental_health[p.locality]),
                           MemberType.AS_REQUIRED))
    if dice.chance(0.25):
        kind = ("dementia" if p.has("dementia", "alzheimers") else
                "carers" if p.carers else dice.pick(("social_prescribing", "age_well")))
        team.append(Member("voluntary", dice.pick(directory.voluntary[kind]),
                           MemberType.AS_REQUIRED))
    if dice.chance(0.15):
        team.append(Member("pharmacy", dice.pick(directory.pharmacy), MemberType.AS_REQUIRED))
    if dice.chance(0.04):
        team.append(Member("housing", dice.pick(directory.housing), MemberType.AS_REQUIRED))
    seen: set[int] = set()
    p.team = [m for m in team if not (m.pro.id in seen or seen.add(m.pro.id))][:6]


def write(bulk: Bulk, dice: Dice, directory: Directory, p: Someone, row: dict,
          today: dt.date) -> None:
    """Write the person, then their conditions, cohorts, alerts, carers, team and leads."""
    today = p.last_day  # nothing happens after a death or a discharge from the caseload
    at = dt.datetime.combine(p.joined, dt.time(10, dice.between(0, 59)))
    bulk.add(Person, created_at=at, **row)
    for c in p.conditions:
        years = dice.between(1, max(1, min(30, p.age - c.earliest_age)))
        onset = today - dt.timedelta(days=365 * years + dice.between(0, 364))
        status = (ConditionStatus.REMISSION if c.key == "depression" and dice.chance(0.2)
                  else ConditionStatus.ACTIVE)
        bulk.add(Condition, person_id=p.id, name=c.name, snomed_code=c.snomed,
                 onset_date=onset, status=status, created_at=at)
    cohorts = []
    if p.housebound:
        cohorts.append("Housebound")
    if p.has("dementia", "alzheimers") and dice.chance(0.85):
        cohorts.append("Dementia")
    if p.has("depression") and dice.chance(0.08):
        cohorts.append("CPA")
    if dice.chance(0.008):
        cohorts.append("Learning disability")
    if p.homeless:
        cohorts.append("Homeless")
    if p.end_of_life:
        cohorts.append("End of life")
    if dice.chance(0.04):
        cohorts.append("Carer")
    for name in cohorts:
        bulk.add(PersonCohort, person_id=p.id, cohort=name)
    if dice.chance(0.045):
        kind, text = dice.pick(phrases.ALERTS)
        raised = dice.day_between(p.joined, today)
        ended = dice.chance(0.1) and kind != AlertKind.CLINICAL
        bulk.add(Alert, person_id=p.id, kind=kind, text=text, raised_on=raised,
                 retired_on=dice.day_between(raised, today) if ended else None,
                 retired_reason="No longer a concern." if ended else None)
    if not p.homeless and dice.chance(0.4):
        _carers(bulk, dice, p, today, row["address"])
    _assign_leads(dice, directory, p, today)
    _team(dice, directory, p)
    recorder = directory.home_user_id
    for m in p.team:
        started = p.handover_on if m.key == "lead" and p.handover_on else (
            p.joined if m.key in ("lead", "gp") else dice.day_between(p.joined, today - DAY))
        bulk.add(CareTeamMember, person_id=p.id, professional_id=m.pro.id,
                 member_type=m.kind, started_on=started)
    if p.past_lead is not None:
        bulk.add(CareTeamMember, person_id=p.id, professional_id=p.past_lead.id,
                 member_type=MemberType.CORE, started_on=p.joined, ended_on=p.handover_on,
                 end_reason="Handed over the lead role.")
        bulk.add(LeadAssignment, person_id=p.id, professional_id=p.past_lead.id,
                 started_on=p.joined, ended_on=p.handover_on, recorded_by=recorder)
    bulk.add(LeadAssignment, person_id=p.id, professional_id=p.lead.id,
             started_on=p.handover_on or p.joined, recorded_by=recorder,
             handover_note=dice.pick(HANDOVER_NOTES) if p.past_lead else None)
    if dice.chance(0.06):
        kind = dice.pick(list(directory.specialists))
        started = dice.day_between(p.joined, today - 30 * DAY)
        bulk.add(CareTeamMember, person_id=p.id,
                 professional_id=dice.pick(directory.specialists[kind]).id,
                 member_type=MemberType.AS_REQUIRED, started_on=started,
                 ended_on=dice.day_between(started, today), end_reason="Discharged from the "
                                                                      "service.")
