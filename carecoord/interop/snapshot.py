"""A plain copy of what sharing carries for a set of people, read from the store in bulk.

Both directions meet here: the FHIR exporter turns a Snapshot into a Bundle, and the importer
turns a Bundle back into a Snapshot before comparing it with the store. Records refer to one
another by their stable `uid`, never by row ids, because row ids differ between laptops.
Retired goals, actions, conditions and carers are left out: they are no longer part of the
record anyone acts on (their history stays in the audit trail).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecoord.services.plans import CONTENT_FIELDS
from carecoord.store.models import (
    Action,
    Appointment,
    CarePlan,
    Carer,
    CareTeamMember,
    Condition,
    ConsentToShare,
    Goal,
    GoalRating,
    LeadAssignment,
    Organisation,
    Person,
    PersonCohort,
    Professional,
)

PERSON_FIELDS = (
    "uid", "nhs_number", "given_name", "family_name", "preferred_name", "date_of_birth",
    "address", "postcode", "phone", "email", "gp_practice", "team", "frailty", "priority",
    "status", "status_changed_on", "status_reason", "preferred_language",
    "interpreter_needed", "large_print", "easy_read", "hearing_needs", "sight_needs",
    "decision_support", "about_interests", "about_routines", "about_daily_life",
    "health_budget_note",
)
CONDITION_FIELDS = ("uid", "name", "snomed_code", "onset_date", "status")
CARER_FIELDS = ("uid", "name", "relationship", "phone", "email", "address",
                "consent_to_involve", "consent_recorded_on", "nominated", "own_needs")
CONSENT_FIELDS = ("uid", "recipient", "recipient_kind", "organisation_id", "scope", "given_on",
                  "method", "withdrawn_on", "withdrawn_note")
APPOINTMENT_FIELDS = ("uid", "starts_at", "minutes", "mode", "place", "professional_id",
                      "with_name", "purpose", "status", "transport_needs", "access_needs",
                      "sequence", "status_reason")
MEMBER_FIELDS = ("uid", "professional_id", "member_type", "started_on", "ended_on",
                 "end_reason")
LEAD_FIELDS = ("uid", "professional_id", "started_on", "ended_on", "handover_note")
PLAN_FIELDS = ("uid", "number", "status", "is_current", "previous_id", "offered_on",
               "declined_on", "declined_note", "review_started_on", "superseded_on",
               "person_agreed_on", "person_agreed_by", "agreement_method", "lead_agreed_on",
               "lead_professional_id", "agreed_on", "review_date", *CONTENT_FIELDS)
GOAL_FIELDS = ("uid", "lineage", "person_words", "domain", "target_from", "target_to",
               "lifecycle", "achievement")
ACTION_FIELDS = ("uid", "lineage", "side", "description", "owner_kind", "owner_name",
                 "owner_professional_id", "due_from", "due_to", "status", "completed_on")
RATING_FIELDS = ("goal_lineage", "rated_on", "score", "comment", "at_review")
PROFESSIONAL_FIELDS = ("uid", "name", "role", "organisation_id", "sector", "phone", "email",
                       "out_of_hours")
ORGANISATION_FIELDS = ("uid", "name", "sector", "phone", "email", "address")

# Row-id columns that travel as the uid of what they point at: column -> (key, table).
PRO_REFS = {"professional_id": "professional_uid", "lead_professional_id": "lead_professional_uid",
            "owner_professional_id": "owner_professional_uid"}
ORG_REFS = {"organisation_id": "organisation_uid"}

CHUNK = 500


@dataclass
class PersonRecord:
    """One person and everything sharing carries for them, as plain values."""

    details: dict
    cohorts: list[str] = field(default_factory=list)
    conditions: list[dict] = field(default_factory=list)
    carers: list[dict] = field(default_factory=list)
    consents: list[dict] = field(default_factory=list)
    appointments: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    leads: list[dict] = field(default_factory=list)
    plans: list[dict] = field(default_factory=list)  # each with "goals", each with "actions"
    ratings: list[dict] = field(default_factory=list)

    @property
    def uid(self) -> str:
        return self.details["uid"]

    @property
    def nhs_number(self) -> str:
        return self.details["nhs_number"]

    @property
    def name(self) -> str:
        return f"{self.details['given_name']} {self.details['family_name']}"


@dataclass
class Snapshot:
    people: list[PersonRecord] = field(default_factory=list)
    professionals: dict[str, dict] = field(default_factory=dict)  # by uid
    organisations: dict[str, dict] = field(default_factory=dict)  # by uid


def chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _rows(session: Session, model, columns: Iterable[str], *where, order=()) -> list[dict]:
    cols = [getattr(model, c) for c in columns]
    stmt = select(*cols).where(*where).order_by(*order)
    return [dict(r._mapping) for r in session.execute(stmt)]


class _Ids:
    """Collects the row ids of professionals and organisations the records point at."""

    def __init__(self) -> None:
        self.pros: set[int] = set()
        self.orgs: set[int] = set()

    def note(self, row: dict) -> None:
        for col in PRO_REFS:
            if row.get(col):
                self.pros.add(row[col])
        for col in ORG_REFS:
            if row.get(col):
                self.orgs.add(row[col])


def load(session: Session, person_ids: list[int]) -> Snapshot:
    """Read everything sharing carries for these people, in a few queries per 500 people."""
    snap = Snapshot()
    ids = _Ids()
    wanted = list(dict.fromkeys(person_ids))
    found: dict[int, PersonRecord] = {}
    for chunk in chunks(wanted):
        for rec in _load_chunk(session, chunk, ids):
            found[rec.details.pop("_id")] = rec
    snap.people = [found[pid] for pid in wanted if pid in found]
    _load_directory(session, snap, ids)
    return snap


def _by_person(rows: list[dict]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for r in rows:
        out.setdefault(r.pop("person_id"), []).append(r)
    return out


def _load_chunk(session: Session, chunk: list[int], ids: _Ids) -> list[PersonRecord]:
    s = session
    people = _rows(s, Person, ("id", *PERSON_FIELDS), Person.id.in_(chunk))
    cohorts = _by_person(_rows(s, PersonCohort, ("person_id", "cohort"),
                               PersonCohort.person_id.in_(chunk), order=(PersonCohort.cohort,)))
    conditions = _by_person(_rows(s, Condition, ("person_id", *CONDITION_FIELDS),
                                  Condition.person_id.in_(chunk), Condition.retired_on.is_(None),
                                  order=(Condition.id,)))
    carers = _by_person(_rows(s, Carer, ("person_id", *CARER_FIELDS), Carer.person_id.in_(chunk),
                              Carer.retired_on.is_(None), order=(Carer.id,)))
    consents = _by_person(_rows(s, ConsentToShare, ("person_id", *CONSENT_FIELDS),
                                ConsentToShare.person_id.in_(chunk),
                                order=(ConsentToShare.given_on, ConsentToShare.id)))
    appointments = _by_person(_rows(s, Appointment, ("person_id", *APPOINTMENT_FIELDS),
                                    Appointment.person_id.in_(chunk),
                                    order=(Appointment.starts_at, Appointment.uid)))
    members = _by_person(_rows(s, CareTeamMember, ("person_id", *MEMBER_FIELDS),
                               CareTeamMember.person_id.in_(chunk),
                               order=(CareTeamMember.id,)))
    leads = _by_person(_rows(s, LeadAssignment, ("person_id", *LEAD_FIELDS),
                             LeadAssignment.person_id.in_(chunk),
                             order=(LeadAssignment.started_on, LeadAssignment.id)))
    plans = _load_plans(s, chunk, ids)
    ratings = _by_person(_rows(s, GoalRating, ("person_id", *RATING_FIELDS),
                               GoalRating.person_id.in_(chunk),
                               order=(GoalRating.rated_on, GoalRating.id)))
    out = []
    for p in people:
        pid = p.pop("id")
        rec = PersonRecord(
            details={**p, "_id": pid},
            cohorts=[c["cohort"] for c in cohorts.get(pid, [])],
            conditions=conditions.get(pid, []), carers=carers.get(pid, []),
            consents=consents.get(pid, []), appointments=appointments.get(pid, []),
            members=members.get(pid, []), leads=leads.get(pid, []),
            plans=plans.get(pid, []))
        lineages = {g["lineage"] for plan in rec.plans for g in plan["goals"]}
        # Ratings belong to a goal's lineage; one whose goal was removed has nowhere to go.
        rec.ratings = [r for r in ratings.get(pid, []) if r["goal_lineage"] in lineages]
        for group in (rec.consents, rec.appointments, rec.members, rec.leads, rec.plans):
            for row in group:
                ids.note(row)
        for plan in rec.plans:
            for goal in plan["goals"]:
                for action in goal["actions"]:
                    ids.note(action)
        out.append(rec)
    return out


def _load_plans(s: Session, chunk: list[int], ids: _Ids) -> dict[int, list[dict]]:
    plans = _rows(s, CarePlan, ("id", "person_id", *PLAN_FIELDS), CarePlan.person_id.in_(chunk),
                  order=(CarePlan.person_id, CarePlan.number))
    uid_of = {p["id"]: p["uid"] for p in plans}
    plan_ids = list(uid_of)
    goals: dict[int, list[dict]] = {}
    goal_ids: list[int] = []
    for part in chunks(plan_ids):
        for g in _rows(s, Goal, ("id", "plan_id", *GOAL_FIELDS), Goal.plan_id.in_(part),
                       Goal.retired_on.is_(None), order=(Goal.position, Goal.id)):
            goals.setdefault(g.pop("plan_id"), []).append(g)
            goal_ids.append(g["id"])
    actions: dict[int, list[dict]] = {}
    for part in chunks(goal_ids):
        for a in _rows(s, Action, ("goal_id", *ACTION_FIELDS), Action.goal_id.in_(part),
                       Action.retired_on.is_(None), order=(Action.position, Action.id)):
            actions.setdefault(a.pop("goal_id"), []).append(a)
    out: dict[int, list[dict]] = {}
    for p in plans:
        pid = p.pop("id")
        prev = p.pop("previous_id")
        p["previous_uid"] = uid_of.get(prev) if prev else None
        p["goals"] = []
        for g in goals.get(pid, []):
            g["actions"] = actions.get(g.pop("id"), [])
            p["goals"].append(g)
        out.setdefault(p.pop("person_id"), []).append(p)
    return out


def _load_directory(session: Session, snap: Snapshot, ids: _Ids) -> None:
    pros: dict[int, dict] = {}
    for part in chunks(sorted(ids.pros)):
        for r in _rows(session, Professional, ("id", *PROFESSIONAL_FIELDS),
                       Professional.id.in_(part)):
            pros[r.pop("id")] = r
            if r["organisation_id"]:
                ids.orgs.add(r["organisation_id"])
    orgs: dict[int, dict] = {}
    for part in chunks(sorted(ids.orgs)):
        for r in _rows(session, Organisation, ("id", *ORGANISATION_FIELDS),
                       Organisation.id.in_(part)):
            orgs[r.pop("id")] = r
    pro_uid = {i: r["uid"] for i, r in pros.items()}
    org_uid = {i: r["uid"] for i, r in orgs.items()}
    for r in pros.values():
        _swap_refs(r, pro_uid, org_uid)
    for rec in snap.people:
        for group in (rec.consents, rec.appointments, rec.members, rec.leads, rec.plans):
            for row in group:
                _swap_refs(row, pro_uid, org_uid)
        for plan in rec.plans:
            for goal in plan["goals"]:
                for action in goal["actions"]:
                    _swap_refs(action, pro_uid, org_uid)
    snap.professionals = {r["uid"]: r for r in sorted(pros.values(),
                                                      key=lambda r: (r["name"], r["uid"]))}
    snap.organisations = {r["uid"]: r for r in sorted(orgs.values(),
                                                      key=lambda r: (r["name"], r["uid"]))}


def _swap_refs(row: dict, pro_uid: dict[int, str], org_uid: dict[int, str]) -> None:
    for col, key in PRO_REFS.items():
        if col in row:
            value = row.pop(col)
            row[key] = pro_uid.get(value) if value else None
    for col, key in ORG_REFS.items():
        if col in row:
            value = row.pop(col)
            row[key] = org_uid.get(value) if value else None
