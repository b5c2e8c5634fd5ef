"""Compare an imported Snapshot with the store, then write it, never overwriting silently.

Matching: a person by NHS number; a professional by uid, then by name and role; an
organisation by uid, then by name. Every other record by its uid.

What happens to each difference:
- A record only in the file is added. A record only in the store is kept.
- A record in both whose fields differ gives one Conflict per field. The user decides each:
  KEEP_MINE leaves the store as it is, TAKE_THEIRS writes the file's value.
- A person's plan history (versions, goals, actions, ratings) and their lead history each
  change as one unit, because their rules (one plan in force, one lead at a time) hold across
  rows. Their differences are listed field by field under one key. Taking theirs needs the
  file to hold every version the store holds (it carries on from the store's history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from carecoord.domain.dates import format_date
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.domain.nhs_number import format_nhs
from carecoord.interop import snapshot as snap_mod
from carecoord.interop.fhir_import import BundleError
from carecoord.interop.snapshot import PersonRecord, Snapshot
from carecoord.services.plans import CONTENT_LABELS
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

KEEP_MINE = "keep-mine"
TAKE_THEIRS = "take-theirs"
ALL = "*"

# section name -> (model, label of one record)
CHILDREN: dict[str, tuple[type, Callable[[dict], str]]] = {
    "conditions": (Condition, lambda r: f"Condition '{r['name']}'"),
    "carers": (Carer, lambda r: f"Carer {r['name']}"),
    "consents": (ConsentToShare, lambda r: f"Consent to share with {r['recipient']}"),
    "appointments": (Appointment,
                     lambda r: "Appointment on "
                               + format_date(r["starts_at"], "%-d %B %Y at %H:%M")),
    "members": (CareTeamMember, lambda r: f"Care team membership from {r['started_on']}"),
}
KIND = {"conditions": "condition", "carers": "carer", "consents": "consent",
        "appointments": "appointment", "members": "member"}
REF_COLUMNS = {"professional_uid": "professional_id",
               "lead_professional_uid": "lead_professional_id",
               "owner_professional_uid": "owner_professional_id",
               "organisation_uid": "organisation_id"}


@dataclass(frozen=True)
class Conflict:
    """One difference for the user to decide. Several may share a key (a plan history)."""

    key: str
    person: str | None
    what: str
    mine: str
    theirs: str
    can_take_theirs: bool = True
    note: str | None = None


@dataclass
class MergePlan:
    snapshot: Snapshot
    new_people: list[PersonRecord] = field(default_factory=list)
    matched: list[tuple[PersonRecord, PersonRecord, int]] = field(default_factory=list)
    pro_uid: dict[str, str] = field(default_factory=dict)  # their uid -> the store's uid
    org_uid: dict[str, str] = field(default_factory=dict)
    new_professionals: list[dict] = field(default_factory=list)
    new_organisations: list[dict] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    additions: list[str] = field(default_factory=list)
    # key -> what taking theirs writes
    updates: dict[str, Callable[[Session, _Ids], None]] = field(default_factory=dict)
    inserts: list[Callable[[Session, _Ids], None]] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return list(dict.fromkeys(c.key for c in self.conflicts))


class _Ids:
    """Row ids of directory entries by uid, filled in as new entries are written."""

    def __init__(self, session: Session, today: dt.date):
        self.session = session
        self.today = today
        self.pros: dict[str, int] = {}
        self.orgs: dict[str, int] = {}

    def pro(self, uid: str | None) -> int | None:
        if not uid:
            return None
        if uid not in self.pros:
            self.pros[uid] = self.session.scalar(select(Professional.id)
                                                 .where(Professional.uid == uid))
        return self.pros[uid]

    def org(self, uid: str | None) -> int | None:
        if not uid:
            return None
        if uid not in self.orgs:
            self.orgs[uid] = self.session.scalar(select(Organisation.id)
                                                 .where(Organisation.uid == uid))
        return self.orgs[uid]


# ---- showing values ----------------------------------------------------------------------


def show(value) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return format_date(value, "%-d %B %Y %H:%M")
    if isinstance(value, dt.date):
        return format_date(value, "%-d %B %Y")
    if isinstance(value, Enum) and hasattr(value, "label"):
        return value.label
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    return str(value)


def _label(column: str) -> str:
    if column in CONTENT_LABELS:
        return CONTENT_LABELS[column]
    return column.replace("_uid", "").replace("_", " ").capitalize()


def _same(a, b) -> bool:
    return (None if a == "" else a) == (None if b == "" else b)


def _scalar_fields(row: dict) -> list[str]:
    return [k for k, v in row.items() if k != "uid" and not isinstance(v, list)]


# ---- planning ----------------------------------------------------------------------------


def plan_merge(session: Session, snap: Snapshot) -> MergePlan:
    plan = MergePlan(snap)
    _match_directory(session, plan)
    _translate(snap, plan)
    nhs_numbers = [p.nhs_number for p in snap.people]
    mine_ids = dict(session.execute(select(Person.nhs_number, Person.id)
                                    .where(Person.nhs_number.in_(nhs_numbers))).all())
    mine_snap = snap_mod.load(session, list(mine_ids.values()))
    mine_by_nhs = {p.nhs_number: p for p in mine_snap.people}
    for theirs in snap.people:
        if theirs.nhs_number in mine_by_nhs:
            mine = mine_by_nhs[theirs.nhs_number]
            plan.matched.append((theirs, mine, mine_ids[theirs.nhs_number]))
            _compare_person(session, plan, theirs, mine, mine_ids[theirs.nhs_number])
        else:
            plan.new_people.append(theirs)
            plan.additions.append(f"New person: {_who(theirs)}")
    _check_uids(session, plan)
    return plan


def _who(rec: PersonRecord) -> str:
    return f"{rec.name} ({format_nhs(rec.nhs_number)})"


def _match_directory(session: Session, plan: MergePlan) -> None:
    snap = plan.snapshot
    for uid, org in snap.organisations.items():
        mine = session.scalar(select(Organisation).where(Organisation.uid == uid)) or \
            session.scalar(select(Organisation).where(
                func.lower(Organisation.name) == org["name"].lower()).order_by(Organisation.id)
                .limit(1))
        if mine is None:
            plan.org_uid[uid] = uid
            plan.new_organisations.append(org)
            plan.additions.append(f"New organisation in the directory: {org['name']}")
            continue
        plan.org_uid[uid] = mine.uid
        _compare_fields(plan, f"organisation:{mine.uid}", None, f"Organisation {mine.name}",
                        {k: getattr(mine, k) for k in org}, org, Organisation, mine.uid)
    for uid, pro in snap.professionals.items():
        mine = session.scalar(select(Professional).where(Professional.uid == uid)) or \
            session.scalar(select(Professional).where(
                func.lower(Professional.name) == pro["name"].lower(),
                func.lower(Professional.role) == pro["role"].lower())
                .order_by(Professional.id).limit(1))
        if mine is None:
            plan.pro_uid[uid] = uid
            plan.new_professionals.append(pro)
            plan.additions.append(f"New professional in the directory: {pro['name']} "
                                  f"({pro['role']})")
            continue
        plan.pro_uid[uid] = mine.uid
        org_uid = session.scalar(select(Organisation.uid).where(
            Organisation.id == mine.organisation_id)) if mine.organisation_id else None
        current = {k: getattr(mine, k) for k in pro if k != "organisation_uid"}
        current["organisation_uid"] = org_uid
        theirs = {**pro, "organisation_uid": plan.org_uid.get(pro["organisation_uid"])
                  if pro["organisation_uid"] else None}
        _compare_fields(plan, f"professional:{mine.uid}", None,
                        f"Professional {mine.name}", current, theirs, Professional, mine.uid)


def _translate(snap: Snapshot, plan: MergePlan) -> None:
    """Rewrite the file's directory uids into the store's, so records compare like for like."""
    def fix(row: dict) -> None:
        for key in ("professional_uid", "lead_professional_uid", "owner_professional_uid"):
            if row.get(key):
                row[key] = plan.pro_uid[row[key]]
        if row.get("organisation_uid"):
            row["organisation_uid"] = plan.org_uid[row["organisation_uid"]]

    for pro in plan.new_professionals:
        fix(pro)
    for rec in snap.people:
        for group in (rec.consents, rec.appointments, rec.members, rec.leads, rec.plans):
            for row in group:
                fix(row)
        for p in rec.plans:
            for g in p["goals"]:
                for a in g["actions"]:
                    fix(a)


def _compare_fields(plan: MergePlan, prefix: str, person: str | None, what: str,
                    mine: dict, theirs: dict, model, uid: str, skip=("uid",)) -> None:
    for col in theirs:
        if col in skip or isinstance(theirs[col], list):
            continue
        if _same(mine.get(col), theirs[col]):
            continue
        key = f"{prefix}:{col}"
        plan.conflicts.append(Conflict(key, person, f"{what}: {_label(col)}",
                                       show(mine.get(col)), show(theirs[col])))
        plan.updates[key] = _setter(model, uid, col, theirs[col])


def _setter(model, uid: str, col: str, value) -> Callable[[Session, _Ids], None]:
    def run(session: Session, ids: _Ids) -> None:
        row = session.scalar(select(model).where(model.uid == uid))
        if col in REF_COLUMNS:
            getter = ids.org if col == "organisation_uid" else ids.pro
            setattr(row, REF_COLUMNS[col], getter(value))
        else:
            setattr(row, col, value)
    return run


def _compare_person(session: Session, plan: MergePlan, theirs: PersonRecord,
                    mine: PersonRecord, person_id: int) -> None:
    who = _who(theirs)
    prefix = f"person:{theirs.nhs_number}"
    mine_uid = mine.uid
    details = {k: v for k, v in theirs.details.items() if k != "uid"}
    _compare_fields(plan, prefix, who, "Details", mine.details, details, Person, mine_uid)
    if mine.cohorts != theirs.cohorts:
        key = f"{prefix}:cohorts"
        plan.conflicts.append(Conflict(key, who, "Details: Cohorts", show(mine.cohorts),
                                       show(theirs.cohorts)))
        plan.updates[key] = _cohort_setter(person_id, theirs.cohorts)
    for section, (model, label) in CHILDREN.items():
        mine_rows = {r["uid"]: r for r in getattr(mine, section)}
        for row in getattr(theirs, section):
            if row["uid"] in mine_rows:
                _compare_fields(plan, f"{KIND[section]}:{row['uid']}", who, label(row),
                                mine_rows[row["uid"]], row, model, row["uid"])
            else:
                plan.additions.append(f"{who}: new {label(row)[0].lower()}{label(row)[1:]}")
                plan.inserts.append(_child_inserter(model, person_id, row))
    _compare_unit(plan, who, f"plans:{theirs.nhs_number}", "Care plan", mine.plans,
                  theirs.plans, mine.ratings, theirs.ratings, person_id)
    _compare_unit(plan, who, f"leads:{theirs.nhs_number}", "Lead professional", mine.leads,
                  theirs.leads, None, None, person_id)


def _cohort_setter(person_id: int, cohorts: list[str]):
    def run(session: Session, ids: _Ids) -> None:
        current = {pc.cohort: pc for pc in session.scalars(
            select(PersonCohort).where(PersonCohort.person_id == person_id))}
        for name in set(cohorts) - set(current):
            session.add(PersonCohort(person_id=person_id, cohort=name))
        for name in set(current) - set(cohorts):
            session.delete(current[name])
    return run


def _child_inserter(model, person_id: int, row: dict):
    def run(session: Session, ids: _Ids) -> None:
        session.add(model(person_id=person_id, **_columns(row, ids)))
    return run


def _columns(row: dict, ids: _Ids) -> dict:
    out = {}
    for k, v in row.items():
        if isinstance(v, list):
            continue
        if k in REF_COLUMNS:
            out[REF_COLUMNS[k]] = ids.org(v) if k == "organisation_uid" else ids.pro(v)
        else:
            out[k] = v
    return out


def _unit_lines(label: str, mine: list[dict], theirs: list[dict]) -> list[tuple[str, str, str]]:
    """Field-by-field differences inside a plan or lead history, matched by uid."""
    lines = []
    mine_by = {r["uid"]: r for r in mine}
    theirs_by = {r["uid"]: r for r in theirs}

    def name(r: dict) -> str:
        if "number" in r:
            return f"{label} version {r['number']}"
        if "person_words" in r:
            return f"Goal '{r['person_words']}'"
        if "description" in r:
            return f"Action '{r['description']}'"
        return f"{label} from {show(r.get('started_on'))}"

    for uid, t in theirs_by.items():
        m = mine_by.get(uid)
        if m is None:
            lines.append((name(t), "(not in this store)", "added in the file"))
            continue
        for col in _scalar_fields(t):
            if not _same(m.get(col), t[col]):
                lines.append((f"{name(t)}: {_label(col)}", show(m.get(col)), show(t[col])))
        for child in ("goals", "actions"):
            if child in t:
                lines += _unit_lines(label, m.get(child, []), t[child])
    for uid, r in mine_by.items():
        if uid not in theirs_by:
            lines.append((name(r), "in this store", "not in the file"))
    return lines


def _compare_unit(plan: MergePlan, who: str, key: str, label: str, mine: list[dict],
                  theirs: list[dict], mine_ratings, theirs_ratings, person_id: int) -> None:
    lines = _unit_lines(label, mine, theirs)
    new_ratings = []
    if theirs_ratings is not None:
        have = {_rating_key(r) for r in mine_ratings}
        new_ratings = [r for r in theirs_ratings if _rating_key(r) not in have]
        lines += [(f"Goal rating on {show(r['rated_on'])}", "(not in this store)",
                   f"{r['score']} out of 10") for r in new_ratings]
    if not lines:
        return
    writer = _plans_writer if theirs_ratings is not None else _leads_writer
    if not mine:
        plan.additions.append(f"{who}: {label.lower()} history added from the file")
        plan.inserts.append(writer(person_id, theirs, new_ratings))
        return
    continues = {r["uid"] for r in mine} <= {r["uid"] for r in theirs}
    note = None if continues else (
        f"The {label.lower()} history was changed separately on each computer, so it cannot "
        "be replaced from the file; keep this store's.")
    for what, a, b in lines:
        plan.conflicts.append(Conflict(key, who, what, a, b, continues, note))
    plan.updates[key] = writer(person_id, theirs, new_ratings)


def _rating_key(r: dict) -> tuple:
    return (r["goal_lineage"], r["rated_on"], r["score"], r["comment"] or None,
            bool(r["at_review"]))


def _by_uid(session: Session, model, uids: list[str]) -> dict:
    if not uids:
        return {}
    return {r.uid: r for r in session.scalars(select(model).where(model.uid.in_(uids)))}


def _plans_writer(person_id: int, plans: list[dict], new_ratings: list[dict]):
    """Write the file's plan history over the store's, where it continues the store's."""
    def run(session: Session, ids: _Ids) -> None:
        existing = _by_uid(session, CarePlan, [p["uid"] for p in plans])
        # Step clear of the "one in force" and "one per number" rules while rows move.
        for row in existing.values():
            row.is_current = False
            row.number = -row.id
        session.flush()
        rows = {}
        for p in plans:
            values = _columns(p, ids)
            values.pop("previous_uid", None)
            values["previous_id"] = rows[p["previous_uid"]].id if p["previous_uid"] else None
            values["is_current"] = False
            row = existing.get(p["uid"])
            if row is None:
                row = CarePlan(person_id=person_id, **values)
                session.add(row)
            else:
                for k, v in values.items():
                    setattr(row, k, v)
            session.flush()
            rows[p["uid"]] = row
            _write_goals(session, ids, row.id, p["goals"])
        for p in plans:
            if p["is_current"]:
                rows[p["uid"]].is_current = True
        for r in new_ratings:
            session.add(GoalRating(person_id=person_id, **r))
        session.flush()
    return run


def _write_goals(session: Session, ids: _Ids, plan_id: int, goals: list[dict]) -> None:
    today = ids.today
    existing = {g.uid: g for g in session.scalars(select(Goal).where(Goal.plan_id == plan_id,
                                                                     Goal.retired_on.is_(None)))}
    wanted = {g["uid"] for g in goals}
    for uid, row in existing.items():
        if uid not in wanted:
            row.retired_on, row.retired_reason = today, "Replaced by an imported plan"
    for pos, g in enumerate(goals, start=1):
        row = existing.get(g["uid"]) or session.scalar(select(Goal).where(Goal.uid == g["uid"]))
        values = {**_columns(g, ids), "position": pos, "plan_id": plan_id,
                  "retired_on": None, "retired_reason": None}
        if row is None:
            row = Goal(**values)
            session.add(row)
        else:
            for k, v in values.items():
                setattr(row, k, v)
        session.flush()
        actions = {a.uid: a for a in session.scalars(select(Action).where(
            Action.goal_id == row.id, Action.retired_on.is_(None)))}
        keep = {a["uid"] for a in g["actions"]}
        for uid, a in actions.items():
            if uid not in keep:
                a.retired_on, a.retired_reason = today, "Replaced by an imported plan"
        for apos, a in enumerate(g["actions"], start=1):
            arow = actions.get(a["uid"]) or session.scalar(select(Action).where(
                Action.uid == a["uid"]))
            avalues = {**_columns(a, ids), "position": apos, "goal_id": row.id,
                       "retired_on": None, "retired_reason": None}
            if arow is None:
                session.add(Action(**avalues))
            else:
                for k, v in avalues.items():
                    setattr(arow, k, v)


def _leads_writer(person_id: int, leads: list[dict], _ratings):
    def run(session: Session, ids: _Ids) -> None:
        existing = _by_uid(session, LeadAssignment, [r["uid"] for r in leads])
        for r in leads:  # close periods first, so there is never a second open one
            if r["uid"] in existing:
                for k, v in _columns(r, ids).items():
                    setattr(existing[r["uid"]], k, v)
        session.flush()
        for r in leads:
            if r["uid"] not in existing:
                session.add(LeadAssignment(person_id=person_id, **_columns(r, ids)))
        session.flush()
    return run


# ---- uids that would collide -------------------------------------------------------------


def _check_uids(session: Session, plan: MergePlan) -> None:
    """A record the file calls new must not already be in the store under someone else."""
    wanted: dict[type, list[str]] = {}
    for rec in plan.new_people:
        wanted.setdefault(Person, []).append(rec.uid)
        for section, (model, _label_fn) in CHILDREN.items():
            wanted.setdefault(model, []).extend(r["uid"] for r in getattr(rec, section))
        wanted.setdefault(LeadAssignment, []).extend(r["uid"] for r in rec.leads)
        _plan_uids(rec.plans, wanted)
    for theirs, mine, _pid in plan.matched:
        for section, (model, _label_fn) in CHILDREN.items():
            mine_uids = {r["uid"] for r in getattr(mine, section)}
            wanted.setdefault(model, []).extend(r["uid"] for r in getattr(theirs, section)
                                                if r["uid"] not in mine_uids)
        mine_plans = {p["uid"] for p in mine.plans}
        _plan_uids([p for p in theirs.plans if p["uid"] not in mine_plans], wanted)
    wanted.setdefault(Professional, []).extend(p["uid"] for p in plan.new_professionals)
    wanted.setdefault(Organisation, []).extend(o["uid"] for o in plan.new_organisations)
    for model, uids in wanted.items():
        for part in snap_mod.chunks(uids):
            clash = session.scalar(select(model.uid).where(model.uid.in_(part)).limit(1))
            if clash:
                raise BundleError(f"The record {clash} in the file is already in this store "
                                  "under a different person, so the file cannot be imported.")


def _plan_uids(plans: list[dict], wanted: dict[type, list[str]]) -> None:
    for p in plans:
        wanted.setdefault(CarePlan, []).append(p["uid"])
        for g in p["goals"]:
            wanted.setdefault(Goal, []).append(g["uid"])
            wanted.setdefault(Action, []).extend(a["uid"] for a in g["actions"])


# ---- writing -----------------------------------------------------------------------------


def resolve(plan: MergePlan, decisions: dict | None) -> dict[str, str]:
    """Every conflict's decision, or a plain refusal naming what is still undecided."""
    decisions = dict(decisions or {})
    for key, value in decisions.items():
        if value not in (KEEP_MINE, TAKE_THEIRS):
            raise ValidationError(f"'{value}' is not a choice for {key}: use {KEEP_MINE} or "
                                  f"{TAKE_THEIRS}.", "decisions")
    out = {}
    undecided = []
    for key in plan.keys:
        choice = decisions.get(key) or decisions.get(ALL)
        if choice is None:
            undecided.append(key)
            continue
        first = next(c for c in plan.conflicts if c.key == key)
        if choice == TAKE_THEIRS and not first.can_take_theirs:
            if decisions.get(key) == TAKE_THEIRS:
                raise RuleError(f"{first.person}: {first.note}")
            choice = KEEP_MINE
        out[key] = choice
    if undecided:
        people = sorted({c.person or "the directory" for c in plan.conflicts
                         if c.key in undecided})
        raise RuleError(f"The file differs from this store in {len(undecided)} place"
                        f"{'s' if len(undecided) != 1 else ''} ({', '.join(people)}); "
                        "preview the import and choose to keep yours or take theirs.")
    return out


def apply(session: Session, plan: MergePlan, choices: dict[str, str], today: dt.date) -> None:
    ids = _Ids(session, today)
    for org in plan.new_organisations:
        session.add(Organisation(**org))
    session.flush()
    for pro in plan.new_professionals:
        session.add(Professional(**_columns(pro, ids)))
    session.flush()
    _insert_people(session, ids, plan.new_people)
    for key, choice in choices.items():
        if choice == TAKE_THEIRS:
            plan.updates[key](session, ids)
    session.flush()
    for add in plan.inserts:
        add(session, ids)
    session.flush()


def _insert_many(session: Session, model, rows: list[dict]) -> list[int]:
    """Insert rows in one executemany; their new ids, in the order given (found by uid)."""
    if not rows:
        return []
    session.execute(insert(model), rows)
    uids = [r["uid"] for r in rows]
    found: dict[str, int] = {}
    for part in snap_mod.chunks(uids):
        found.update(session.execute(select(model.uid, model.id).where(model.uid.in_(part))).all())
    return [found[u] for u in uids]


def _insert_people(session: Session, ids: _Ids, recs: list[PersonRecord]) -> None:
    """New people in bulk, a few statements per table rather than a flush per row, because
    moving a whole caseload to another laptop imports thousands of rows."""
    if not recs:
        return
    person_ids = _insert_many(session, Person, [dict(r.details) for r in recs])
    children: dict[type, list[dict]] = {}
    plans: list[tuple[int, dict]] = []
    ratings: list[dict] = []
    for pid, rec in zip(person_ids, recs, strict=True):
        children.setdefault(PersonCohort, []).extend(
            {"person_id": pid, "cohort": c} for c in rec.cohorts)
        for section, (model, _label_fn) in CHILDREN.items():
            children.setdefault(model, []).extend(
                {"person_id": pid, **_columns(r, ids)} for r in getattr(rec, section))
        children.setdefault(LeadAssignment, []).extend(
            {"person_id": pid, **_columns(r, ids)} for r in rec.leads)
        plans.extend((pid, p) for p in rec.plans)
        ratings.extend({"person_id": pid, **r} for r in rec.ratings)
    for model, rows in children.items():
        if rows:
            session.execute(insert(model), rows)
    plan_rows = []
    for pid, p in plans:
        values = _columns(p, ids)
        values.pop("previous_uid", None)
        plan_rows.append({"person_id": pid, **values})
    plan_ids = dict(zip((p["uid"] for _pid, p in plans), _insert_many(session, CarePlan,
                                                                       plan_rows), strict=True))
    links = [{"plan": plan_ids[p["uid"]], "previous": plan_ids[p["previous_uid"]]}
             for _pid, p in plans if p["previous_uid"]]
    if links:
        table = CarePlan.__table__
        session.execute(table.update().where(table.c.id == bindparam("plan"))
                        .values(previous_id=bindparam("previous")), links)
    goals = [(plan_ids[p["uid"]], pos, g) for _pid, p in plans
             for pos, g in enumerate(p["goals"], start=1)]
    goal_ids = _insert_many(session, Goal, [{**_columns(g, ids), "plan_id": plan_id,
                                             "position": pos} for plan_id, pos, g in goals])
    actions = [{**_columns(a, ids), "goal_id": goal_id, "position": pos}
               for goal_id, (_plan, _gpos, g) in zip(goal_ids, goals, strict=True)
               for pos, a in enumerate(g["actions"], start=1)]
    if actions:
        session.execute(insert(Action), actions)
    if ratings:
        session.execute(insert(GoalRating), ratings)
