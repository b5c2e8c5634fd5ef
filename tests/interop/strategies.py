"""Hypothesis strategies for whole records, written straight into a store's tables.

The values keep to what the services allow (stripped text, real London times, windows that
end after they start, one plan in force, one open lead), so a failure is the exporter's or
the importer's fault rather than impossible data.
"""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import strategies as st

from carecoord.domain.enums import (
    COHORTS,
    Achievement,
    ActionSide,
    ActionStatus,
    AgreementMethod,
    AppointmentMode,
    AppointmentStatus,
    ConditionStatus,
    ConsentMethod,
    Frailty,
    GoalDomain,
    GoalLifecycle,
    MemberType,
    OwnerKind,
    PersonStatus,
    PlanStatus,
    PriorityTier,
    RecipientKind,
    Sector,
)
from carecoord.domain.nhs_number import check_digit
from carecoord.services.appointments import is_real_london_time
from carecoord.services.plans import CONTENT_FIELDS, PlanContent
from carecoord.store import models as m

ALPHABET = st.characters(categories=("L", "N"), include_characters=" '-.,&ŵéñ")
TODAY = dt.date(2026, 11, 22)

words = st.text(ALPHABET, min_size=1, max_size=30).map(str.strip).filter(bool)
maybe = st.none() | words
days = st.dates(dt.date(1990, 1, 1), dt.date(2028, 12, 31))
maybe_day = st.none() | days


@st.composite
def nhs_numbers(draw) -> str:
    first = draw(st.integers(0, 999_999_999).map(lambda n: f"{n:09d}")
                 .filter(lambda s: check_digit(s) is not None))
    return first + str(check_digit(first))


@st.composite
def window(draw) -> tuple[dt.date | None, dt.date | None]:
    a, b = draw(maybe_day), draw(maybe_day)
    if a and b and b < a:
        a, b = b, a
    return a, b


@st.composite
def wall_times(draw) -> dt.datetime:
    moment = draw(st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2029, 12, 31)))
    moment = moment.replace(second=0, microsecond=0)
    if not is_real_london_time(moment):
        moment += dt.timedelta(hours=1)
    return moment


def _uid() -> str:
    return str(uuid.uuid4())


@st.composite
def directory(draw) -> dict:
    orgs = [{"uid": _uid(), "name": draw(words), "sector": draw(st.sampled_from(Sector)),
             "phone": draw(maybe), "email": draw(maybe), "address": draw(maybe)}
            for _ in range(draw(st.integers(0, 2)))]
    pros = [{"uid": _uid(), "name": draw(words), "role": draw(words),
             "sector": draw(st.sampled_from(Sector)),
             "org": draw(st.none() | st.sampled_from(orgs)) if orgs else None,
             "phone": draw(maybe), "email": draw(maybe), "out_of_hours": draw(maybe)}
            for _ in range(draw(st.integers(1, 4)))]
    return {"orgs": orgs, "pros": pros}


@st.composite
def person(draw, d: dict) -> dict:
    pros, orgs = d["pros"], d["orgs"]
    pro = st.sampled_from(pros)
    status = draw(st.sampled_from(PersonStatus))
    rec = {
        "uid": _uid(), "nhs_number": draw(nhs_numbers()), "given_name": draw(words),
        "family_name": draw(words), "preferred_name": draw(maybe),
        "date_of_birth": draw(st.dates(dt.date(1901, 1, 1), TODAY)),
        "address": draw(st.none() | st.lists(words, min_size=1, max_size=3).map("\n".join)),
        "postcode": draw(st.none() | st.text("ABCDEFGH0123456789 ", min_size=1, max_size=8)
                         .map(str.strip).filter(bool)),
        "phone": draw(maybe), "email": draw(maybe), "gp_practice": draw(maybe),
        "team": draw(maybe), "frailty": draw(st.none() | st.sampled_from(Frailty)),
        "priority": draw(st.none() | st.sampled_from(PriorityTier)), "status": status,
        "status_changed_on": draw(maybe_day) if status != PersonStatus.ACTIVE else None,
        "status_reason": draw(maybe), "preferred_language": draw(maybe),
        "interpreter_needed": draw(st.booleans()), "large_print": draw(st.booleans()),
        "easy_read": draw(st.booleans()), "hearing_needs": draw(maybe),
        "sight_needs": draw(maybe), "decision_support": draw(maybe),
        "about_interests": draw(maybe), "about_routines": draw(maybe),
        "about_daily_life": draw(maybe), "health_budget_note": draw(maybe),
    }
    cohorts = draw(st.lists(st.sampled_from(COHORTS), unique=True, max_size=3))
    conditions = [{"name": draw(words), "snomed_code": draw(st.none() | st.from_regex(
        r"\A[1-9][0-9]{5,17}\Z")), "onset_date": draw(maybe_day),
        "status": draw(st.sampled_from(ConditionStatus))} for _ in range(draw(st.integers(0, 3)))]
    carers = [{"name": draw(words), "relationship": draw(words), "phone": draw(maybe),
               "email": draw(maybe), "address": draw(maybe),
               "consent_to_involve": draw(st.booleans()), "consent_recorded_on": draw(maybe_day),
               "nominated": draw(st.booleans()), "own_needs": draw(maybe)}
              for _ in range(draw(st.integers(0, 2)))]
    consents = []
    for _ in range(draw(st.integers(0, 2))):
        given, withdrawn = draw(days), draw(maybe_day)
        if withdrawn and withdrawn < given:
            given, withdrawn = withdrawn, given
        consents.append({"recipient": draw(words),
                         "recipient_kind": draw(st.sampled_from(RecipientKind)),
                         "org": draw(st.none() | st.sampled_from(orgs)) if orgs else None,
                         "scope": draw(words), "given_on": given,
                         "method": draw(st.sampled_from(ConsentMethod)),
                         "withdrawn_on": withdrawn,
                         "withdrawn_note": draw(maybe) if withdrawn else None})
    appointments = []
    for _ in range(draw(st.integers(0, 3))):
        status = draw(st.sampled_from(AppointmentStatus))
        appointments.append({
            "starts_at": draw(wall_times()), "minutes": draw(st.integers(5, 480)),
            "mode": draw(st.sampled_from(AppointmentMode)), "place": draw(maybe),
            "pro": draw(st.none() | pro), "with_name": draw(maybe), "purpose": draw(words),
            "status": status, "transport_needs": draw(maybe), "access_needs": draw(maybe),
            "sequence": draw(st.integers(0, 5)),
            # A reason comes with a change of status, so a booked one has none.
            "status_reason": None if status == AppointmentStatus.BOOKED else draw(maybe)})
    members = []
    for _ in range(draw(st.integers(0, 3))):
        start, end = draw(window().filter(lambda w: w[0] is not None))
        members.append({"pro": draw(pro), "member_type": draw(st.sampled_from(MemberType)),
                        "started_on": start, "ended_on": end,
                        "end_reason": draw(maybe) if end else None})
    leads = []
    start = draw(days)
    count = draw(st.integers(0, 3))
    for n in range(count):
        end = None if n == count - 1 else start + dt.timedelta(days=draw(st.integers(0, 400)))
        leads.append({"pro": draw(pro), "started_on": start, "ended_on": end,
                      "handover_note": draw(maybe)})
        start = end
    plans = draw(plan_history(pros))
    lineages = sorted({g["lineage"] for p in plans for g in p["goals"]})
    ratings = [{"goal_lineage": draw(st.sampled_from(lineages)), "rated_on": draw(days),
                "score": draw(st.integers(0, 10)), "comment": draw(maybe),
                "at_review": draw(st.booleans())}
               for _ in range(draw(st.integers(0, 3) if lineages else st.just(0)))]
    return {"details": rec, "cohorts": cohorts, "conditions": conditions, "carers": carers,
            "consents": consents, "appointments": appointments, "members": members,
            "leads": leads, "plans": plans, "ratings": ratings}


@st.composite
def plan_history(draw, pros: list[dict]) -> list[dict]:
    versions = draw(st.integers(0, 3))
    current = draw(st.none() | st.integers(0, max(versions - 1, 0))) if versions else None
    lineages: list[str] = []
    out = []
    defaults = PlanContent()
    for n in range(versions):
        agreed, review = draw(window())
        if agreed and review and review <= agreed:
            review = agreed + dt.timedelta(days=1)
        plan = {"number": n + 1, "status": draw(st.sampled_from(PlanStatus)),
                "is_current": current == n, "offered_on": draw(maybe_day),
                "declined_on": draw(maybe_day), "declined_note": draw(maybe),
                "review_started_on": draw(maybe_day), "superseded_on": draw(maybe_day),
                "person_agreed_on": draw(maybe_day), "person_agreed_by": draw(maybe),
                "agreement_method": draw(st.none() | st.sampled_from(AgreementMethod)),
                "lead_agreed_on": draw(maybe_day), "pro": draw(st.none() | st.sampled_from(pros)),
                "agreed_on": agreed, "review_date": review}
        for name in CONTENT_FIELDS:
            default = getattr(defaults, name)
            if isinstance(default, bool):
                plan[name] = draw(st.booleans())
            elif isinstance(default, int):
                plan[name] = draw(st.integers(1, 24))
            else:
                plan[name] = draw(st.just("") | words)
        goals = []
        for i in range(draw(st.integers(0, 3))):
            if i < len(lineages) and draw(st.booleans()):
                lineage = lineages[i]
            else:
                lineage = _uid()
                lineages.append(lineage)
            start, end = draw(window())
            actions = []
            for _ in range(draw(st.integers(0, 2))):
                kind = draw(st.sampled_from(OwnerKind))
                due = draw(window().filter(lambda w: w != (None, None)))
                actions.append({
                    "side": ActionSide.TEAM if kind == OwnerKind.TEAM_MEMBER
                    else draw(st.sampled_from(ActionSide)),
                    "description": draw(words), "owner_kind": kind, "owner_name": draw(words),
                    "pro": draw(st.none() | st.sampled_from(pros))
                    if kind == OwnerKind.TEAM_MEMBER else None,
                    "due_from": due[0], "due_to": due[1],
                    "status": draw(st.sampled_from(ActionStatus)),
                    "completed_on": draw(maybe_day), "lineage": _uid()})
            goals.append({"lineage": lineage, "person_words": draw(words),
                          "domain": draw(st.sampled_from(GoalDomain)), "target_from": start,
                          "target_to": end, "lifecycle": draw(st.sampled_from(GoalLifecycle)),
                          "achievement": draw(st.sampled_from(Achievement)),
                          "actions": actions})
        plan["goals"] = goals
        out.append(plan)
    return out


@st.composite
def stores(draw) -> dict:
    d = draw(directory())
    people = draw(st.lists(person(d), min_size=1, max_size=3,
                           unique_by=lambda p: p["details"]["nhs_number"]))
    return {"directory": d, "people": people}


def insert(session, spec: dict) -> list[int]:
    """Write a generated store into the tables; returns the new people's ids in order."""
    ids = {}
    for o in spec["directory"]["orgs"]:
        row = m.Organisation(**o)
        session.add(row)
        session.flush()
        ids[o["uid"]] = row.id
    for p in spec["directory"]["pros"]:
        values = {k: v for k, v in p.items() if k != "org"}
        row = m.Professional(**values, organisation_id=ids[p["org"]["uid"]] if p["org"] else None)
        session.add(row)
        session.flush()
        ids[p["uid"]] = row.id

    def pro_id(r: dict) -> int | None:
        return ids[r["pro"]["uid"]] if r.get("pro") else None

    def plain(r: dict, *drop: str) -> dict:
        return {k: v for k, v in r.items() if k not in ("pro", "org", *drop)}

    out = []
    for spec_person in spec["people"]:
        person = m.Person(**spec_person["details"])
        session.add(person)
        session.flush()
        pid = person.id
        out.append(pid)
        session.add_all(m.PersonCohort(person_id=pid, cohort=c) for c in spec_person["cohorts"])
        session.add_all(m.Condition(person_id=pid, **c) for c in spec_person["conditions"])
        session.add_all(m.Carer(person_id=pid, **c) for c in spec_person["carers"])
        session.add_all(m.ConsentToShare(person_id=pid, organisation_id=ids[c["org"]["uid"]]
                                         if c["org"] else None, **plain(c))
                        for c in spec_person["consents"])
        session.add_all(m.Appointment(person_id=pid, professional_id=pro_id(a), **plain(a))
                        for a in spec_person["appointments"])
        session.add_all(m.CareTeamMember(person_id=pid, professional_id=pro_id(x), **plain(x))
                        for x in spec_person["members"])
        session.add_all(m.LeadAssignment(person_id=pid, professional_id=pro_id(x), **plain(x))
                        for x in spec_person["leads"])
        session.flush()
        previous = None
        for p in spec_person["plans"]:
            plan = m.CarePlan(person_id=pid, previous_id=previous, lead_professional_id=pro_id(p),
                              **plain(p, "goals"))
            session.add(plan)
            session.flush()
            previous = plan.id
            for gpos, g in enumerate(p["goals"], start=1):
                goal = m.Goal(plan_id=plan.id, position=gpos, **plain(g, "actions"))
                session.add(goal)
                session.flush()
                session.add_all(m.Action(goal_id=goal.id, position=apos,
                                         owner_professional_id=pro_id(a), **plain(a))
                                for apos, a in enumerate(g["actions"], start=1))
        session.add_all(m.GoalRating(person_id=pid, **r) for r in spec_person["ratings"])
        session.flush()
    return out
