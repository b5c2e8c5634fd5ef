"""A Snapshot as an HL7 FHIR R4 `collection` Bundle (JSON), for one person or many.

Every resource's id is the record's stable uid and its fullUrl is `urn:uuid:<uid>`, so a
Bundle made twice from the same record names everything the same way, and an import on
another laptop keeps the identities. Every reference points at another entry's fullUrl.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from carecoord.domain.enums import (
    Achievement,
    ActionSide,
    AgreementMethod,
    AppointmentMode,
    AppointmentStatus,
    ConditionStatus,
    ConsentMethod,
    GoalDomain,
    GoalLifecycle,
    MemberType,
    OwnerKind,
    PersonStatus,
    PlanStatus,
    RecipientKind,
    Sector,
)
from carecoord.interop import fhir_maps as m
from carecoord.interop.snapshot import PersonRecord, Snapshot
from carecoord.services.plans import CONTENT_FIELDS

LONDON = ZoneInfo("Europe/London")
# Care teams have no row of their own; their identity is derived from the person's.
CARE_TEAM_NAMESPACE = uuid.UUID("6c1f3a52-4f0e-4f7c-9a55-3b1d2c0e9a10")


@dataclass(frozen=True)
class Exporter:
    """Who made the export, named in the Provenance."""

    username: str
    full_name: str


def care_team_uid(person_uid: str) -> str:
    return str(uuid.uuid5(CARE_TEAM_NAMESPACE, f"care-team:{person_uid}"))


def url(uid: str) -> str:
    return f"urn:uuid:{uid}"


def ref(uid: str, display: str | None = None) -> dict:
    out = {"reference": url(uid)}
    if display:
        out["display"] = display
    return out


def ext(name: str, value) -> dict | None:
    """A simple extension under our address; None (so it is left out) when empty."""
    if value is None or value == "" or value is False:
        return None
    if isinstance(value, bool):
        return {"url": m.EXT + name, "valueBoolean": True}
    if isinstance(value, int):
        return {"url": m.EXT + name, "valueInteger": value}
    if isinstance(value, dt.date):
        return {"url": m.EXT + name, "valueDate": value.isoformat()}
    return {"url": m.EXT + name, "valueString": str(value)}


def ext_code(name: str, value) -> dict | None:
    if value is None:
        return None
    return {"url": m.EXT + name, "valueCode": str(value.value if hasattr(value, "value")
                                                     else value)}


def sub(name: str, value) -> dict | None:
    """A part of a complex extension; its url is a plain name."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return {"url": name, "valueBoolean": value}
    if isinstance(value, int):
        return {"url": name, "valueInteger": value}
    if isinstance(value, dt.date):
        return {"url": name, "valueDate": value.isoformat()}
    return {"url": name, "valueString": str(value)}


def _compact(items) -> list:
    return [i for i in items if i is not None]


def _put(resource: dict, key: str, value) -> None:
    if value not in (None, "", [], {}):
        resource[key] = value


def _telecom(phone: str | None, email: str | None, use: str | None = None) -> list[dict]:
    out = []
    if phone:
        out.append({"system": "phone", "value": phone, **({"use": use} if use else {})})
    if email:
        out.append({"system": "email", "value": email})
    return out


def london_instant(moment: dt.datetime) -> str:
    """A wall-clock time in Europe/London with its offset (+00:00 in winter, +01:00 in summer)."""
    return moment.replace(tzinfo=LONDON).isoformat(timespec="seconds")


def _period(start: dt.date | None, end: dt.date | None) -> dict | None:
    out = {}
    if start:
        out["start"] = start.isoformat()
    if end:
        out["end"] = end.isoformat()
    return out or None


# ---- resources --------------------------------------------------------------------------


def patient(rec: PersonRecord) -> dict:
    d = rec.details
    res: dict = {"resourceType": "Patient", "id": d["uid"]}
    extensions = []
    if d["interpreter_needed"]:
        extensions.append({"url": m.INTERPRETER_REQUIRED, "valueBoolean": True})
    for col, name in m.PATIENT_CODES.items():
        extensions.append(ext_code(name, d[col]))
    for col, name in m.PATIENT_DATES.items():
        extensions.append(ext(name, d[col]))
    for col, name in m.PATIENT_FLAGS.items():
        extensions.append(ext(name, d[col]))
    for col, name in m.PATIENT_TEXT.items():
        extensions.append(ext(name, d[col]))
    extensions.extend(ext(m.COHORT, c) for c in rec.cohorts)
    _put(res, "extension", _compact(extensions))
    res["identifier"] = [{"system": m.NHS_NUMBER, "value": d["nhs_number"]}]
    res["active"] = d["status"] == PersonStatus.ACTIVE
    names = [{"use": "official", "family": d["family_name"], "given": [d["given_name"]]}]
    if d["preferred_name"]:
        # UK Core puts the name a person likes to be called by as a "usual" name.
        names.append({"use": "usual", "family": d["family_name"],
                      "given": [d["preferred_name"]]})
    res["name"] = names
    _put(res, "telecom", _telecom(d["phone"], d["email"], "home"))
    res["birthDate"] = d["date_of_birth"].isoformat()
    if d["status"] == PersonStatus.DECEASED:
        if d["status_changed_on"]:
            res["deceasedDateTime"] = d["status_changed_on"].isoformat()
        else:
            res["deceasedBoolean"] = True
    if d["address"] or d["postcode"]:
        addr: dict = {"use": "home"}
        if d["address"]:
            addr["text"] = d["address"]
            addr["line"] = [ln.strip() for ln in d["address"].splitlines() if ln.strip()]
        _put(addr, "postalCode", d["postcode"])
        res["address"] = [addr]
    if d["gp_practice"]:
        res["generalPractitioner"] = [{"display": d["gp_practice"]}]
    if d["preferred_language"]:
        res["communication"] = [{"language": {"text": d["preferred_language"]},
                                 "preferred": True}]
    return res


def related_person(rec: PersonRecord, c: dict) -> dict:
    res: dict = {"resourceType": "RelatedPerson", "id": c["uid"]}
    _put(res, "extension", _compact([
        ext("carer-consent-to-involve", c["consent_to_involve"]),
        ext("carer-consent-recorded", c["consent_recorded_on"]),
        ext("nominated-carer", c["nominated"]),
        ext("carer-own-needs", c["own_needs"]),
    ]))
    res["active"] = True
    res["patient"] = ref(rec.uid)
    res["relationship"] = [{"text": c["relationship"]}]
    res["name"] = [{"text": c["name"]}]
    _put(res, "telecom", _telecom(c["phone"], c["email"]))
    if c["address"]:
        res["address"] = [{"text": c["address"]}]
    return res


def condition(rec: PersonRecord, c: dict) -> dict:
    code: dict = {"text": c["name"]}
    if c["snomed_code"]:
        code["coding"] = [m.coding(m.SNOMED, c["snomed_code"])]
    res: dict = {
        "resourceType": "Condition", "id": c["uid"],
        "clinicalStatus": {"coding": [m.coding(m.CONDITION_CLINICAL,
                                               ConditionStatus(c["status"]).value)]},
        "category": [{"coding": [m.coding(m.CONDITION_CATEGORY, "problem-list-item",
                                          "Problem List Item")]}],
        "code": code,
        "subject": ref(rec.uid),
    }
    if c["onset_date"]:
        res["onsetDateTime"] = c["onset_date"].isoformat()
    return res


def care_team(rec: PersonRecord, snap: Snapshot) -> dict:
    participants = []
    for mem in rec.members:
        pro = snap.professionals[mem["professional_uid"]]
        kind = MemberType(mem["member_type"])
        p: dict = {"id": mem["uid"]}
        _put(p, "extension", _compact([ext("end-reason", mem["end_reason"])]))
        p["role"] = [{"coding": [m.coding(m.CS_CARE_TEAM_ROLE, kind.value,
                                          m.CARE_TEAM_ROLES[kind.value])],
                      "text": pro["role"]}]
        p["member"] = ref(pro["uid"], pro["name"])
        if pro["organisation_uid"]:
            p["onBehalfOf"] = ref(pro["organisation_uid"])
        p["period"] = _period(mem["started_on"], mem["ended_on"])
        participants.append(p)
    for lead in rec.leads:
        pro = snap.professionals[lead["professional_uid"]]
        p = {"id": lead["uid"]}
        _put(p, "extension", _compact([ext("handover-note", lead["handover_note"])]))
        p["role"] = [{"coding": [m.coding(m.CS_CARE_TEAM_ROLE, m.LEAD_ROLE,
                                          m.CARE_TEAM_ROLES[m.LEAD_ROLE])],
                      "text": "Named lead professional"}]
        p["member"] = ref(pro["uid"], pro["name"])
        p["period"] = _period(lead["started_on"], lead["ended_on"])
        participants.append(p)
    res = {"resourceType": "CareTeam", "id": care_team_uid(rec.uid), "status": "active",
           "name": f"Care team for {rec.name}", "subject": ref(rec.uid)}
    _put(res, "participant", participants)
    return res


def _agreement(plan: dict) -> dict | None:
    """The two sign-offs; the lead is the plan's author and the agreed date its period start."""
    parts = _compact([
        sub("personAgreedBy", plan["person_agreed_by"]),
        {"url": "method", "valueCode": AgreementMethod(plan["agreement_method"]).value}
        if plan["agreement_method"] else None,
        sub("personAgreedOn", plan["person_agreed_on"]),
        sub("leadAgreedOn", plan["lead_agreed_on"]),
    ])
    return {"url": m.EXT + m.AGREEMENT, "extension": parts} if parts else None


def _content(plan: dict) -> dict | None:
    parts = []
    for name in CONTENT_FIELDS:
        if name == "what_matters":
            continue  # it is the plan's description
        value = plan[name]
        if isinstance(value, bool) and not value:
            continue
        parts.append(sub(m.camel(name), value))
    parts = _compact(parts)
    return {"url": m.EXT + m.PLAN_CONTENT, "extension": parts} if parts else None


def _plan_notes(plan: dict, lead_name: str | None) -> list[dict]:
    """Plain sentences for a reader whose system ignores our extensions."""
    status = PlanStatus(plan["status"])
    notes = []
    if status == PlanStatus.OFFERED:
        notes.append(f"A care plan was offered on {plan['offered_on']}; it has not been "
                     "started yet.")
    elif status == PlanStatus.DECLINED:
        notes.append(f"A care plan was offered on {plan['offered_on']} and declined on "
                     f"{plan['declined_on']}.")
    if plan["agreed_on"]:
        method = AgreementMethod(plan["agreement_method"]).label.lower() \
            if plan["agreement_method"] else "agreed"
        notes.append(f"Agreed by {plan['person_agreed_by']} ({method}) on "
                     f"{plan['person_agreed_on']} and by the lead professional "
                     f"{lead_name or ''} on {plan['lead_agreed_on']}.".replace("  ", " "))
    if status == PlanStatus.UNDER_REVIEW:
        notes.append(f"Under review since {plan['review_started_on']}: this version stays in "
                     "force while the next version is drafted.")
    return [{"text": n} for n in notes]


def _performer(action: dict, rec: PersonRecord) -> dict:
    kind = OwnerKind(action["owner_kind"])
    if kind == OwnerKind.PERSON:
        return ref(rec.uid, action["owner_name"])
    if action["owner_professional_uid"]:
        return ref(action["owner_professional_uid"], action["owner_name"])
    return {"display": action["owner_name"]}


def care_plan(rec: PersonRecord, plan: dict, snap: Snapshot) -> dict:
    status = PlanStatus(plan["status"])
    lead_uid = plan["lead_professional_uid"]
    lead_name = snap.professionals[lead_uid]["name"] if lead_uid else None
    extensions = [ext_code(m.PLAN_LIFECYCLE, status), ext(m.PLAN_VERSION, plan["number"]),
                  ext(m.PLAN_IN_FORCE, plan["is_current"])]
    extensions += [ext(name, plan[col]) for col, name in m.PLAN_DATES.items()]
    extensions += [ext(m.PLAN_DECLINED_NOTE, plan["declined_note"]), _agreement(plan),
                   _content(plan)]
    res: dict = {"resourceType": "CarePlan", "id": plan["uid"],
                 "extension": _compact(extensions),
                 "status": m.PLAN_STATUS[status], "intent": "plan"}
    if plan["previous_uid"]:
        res["replaces"] = [ref(plan["previous_uid"])]
    res["title"] = f"Personalised care and support plan, version {plan['number']}"
    _put(res, "description", plan["what_matters"])
    res["subject"] = ref(rec.uid)
    _put(res, "period", _period(plan["agreed_on"], plan["review_date"]))
    if lead_uid:
        res["author"] = ref(lead_uid, lead_name)
    res["careTeam"] = [ref(care_team_uid(rec.uid))]
    _put(res, "goal", [ref(g["uid"]) for g in plan["goals"]])
    activities = []
    for g in plan["goals"]:
        for a in g["actions"]:
            detail: dict = {"kind": "Task", "status": m.ACTION_STATUS[a["status"]],
                            "description": a["description"], "goal": [ref(g["uid"])]}
            _put(detail, "scheduledPeriod", _period(a["due_from"], a["due_to"]))
            detail["performer"] = [_performer(a, rec)]
            activities.append({
                "id": a["uid"],
                "extension": _compact([
                    ext_code("action-side", ActionSide(a["side"])),
                    ext_code("action-owner-kind", OwnerKind(a["owner_kind"])),
                    ext("action-lineage", a["lineage"]),
                    ext("action-completed", a["completed_on"]),
                ]),
                "detail": detail,
            })
    _put(res, "activity", activities)
    _put(res, "note", _plan_notes(plan, lead_name))
    return res


def goal(rec: PersonRecord, g: dict, ratings: list[dict]) -> dict:
    achievement = Achievement(g["achievement"])
    extensions = [ext("target-window-start", g["target_from"])]
    for r in ratings:
        extensions.append({"url": m.EXT + "goal-rating", "extension": _compact([
            sub("date", r["rated_on"]), sub("score", r["score"]),
            sub("comment", r["comment"]), sub("atReview", bool(r["at_review"]))])})
    res: dict = {"resourceType": "Goal", "id": g["uid"]}
    _put(res, "extension", _compact(extensions))
    res["identifier"] = [{"system": m.GOAL_LINEAGE, "value": g["lineage"]}]
    res["lifecycleStatus"] = GoalLifecycle(g["lifecycle"]).value
    res["achievementStatus"] = {"coding": [m.coding(m.GOAL_ACHIEVEMENT, achievement.value,
                                                    achievement.label)]}
    res["category"] = [{"coding": [m.domain_coding(GoalDomain(g["domain"]))]}]
    res["description"] = {"text": g["person_words"]}
    res["subject"] = ref(rec.uid)
    if g["target_to"]:
        res["target"] = [{"dueDate": g["target_to"].isoformat()}]
    res["expressedBy"] = ref(rec.uid)
    return res


# The reason for these statuses travels as cancelationReason.text, which FHIR defines for
# cancelled and no-show appointments; a note on any other status needs an extension.
REASON_IS_CANCELATION = frozenset({*m.CANCELLED_BY, AppointmentStatus.DID_NOT_ATTEND})


def appointment(rec: PersonRecord, a: dict, snap: Snapshot) -> dict:
    status = AppointmentStatus(a["status"])
    mode = AppointmentMode(a["mode"])
    start = a["starts_at"].replace(tzinfo=LONDON)
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=a["minutes"])).astimezone(LONDON)
    reason = a.get("status_reason")
    in_cancelation = status in REASON_IS_CANCELATION
    res: dict = {"resourceType": "Appointment", "id": a["uid"], "extension": _compact([
        {"url": m.EXT + "appointment-mode", "valueCoding": m.mode_coding(mode)},
        ext("appointment-place", a["place"]),
        ext("appointment-with", a["with_name"]),
        ext("transport-needs", a["transport_needs"]),
        ext("access-needs", a["access_needs"]),
        {"url": m.EXT + "calendar-sequence", "valueInteger": a["sequence"]},
        None if in_cancelation else ext("status-note", reason),
    ]), "status": m.APPOINTMENT_STATUS[status]}
    cancelation: dict = {}
    if status in m.CANCELLED_BY:
        code, display = m.CANCELLED_BY[status]
        cancelation["coding"] = [m.coding(m.CANCEL_REASON, code, display)]
    if in_cancelation and reason:
        cancelation["text"] = reason
    _put(res, "cancelationReason", cancelation)
    res["description"] = a["purpose"]
    res["start"] = start.isoformat(timespec="seconds")
    res["end"] = end.isoformat(timespec="seconds")
    res["minutesDuration"] = a["minutes"]
    participants = [{"actor": ref(rec.uid, rec.name), "required": "required",
                     "status": "accepted"}]
    if a["professional_uid"]:
        pro = snap.professionals[a["professional_uid"]]
        participants.append({"actor": ref(pro["uid"], pro["name"]), "required": "required",
                             "status": "accepted"})
    elif a["with_name"]:
        participants.append({"actor": {"display": a["with_name"]}, "required": "required",
                             "status": "accepted"})
    res["participant"] = participants
    return res


def consent(rec: PersonRecord, c: dict) -> dict:
    withdrawn = c["withdrawn_on"] is not None
    actor = ref(c["organisation_uid"], c["recipient"]) if c["organisation_uid"] \
        else {"display": c["recipient"]}
    return {
        "resourceType": "Consent", "id": c["uid"],
        "extension": _compact([
            ext_code("consent-method", ConsentMethod(c["method"])),
            ext_code("recipient-kind", RecipientKind(c["recipient_kind"])),
            ext("recipient-name", c["recipient"]),
            ext("withdrawn-note", c["withdrawn_note"]),
        ]),
        "status": "inactive" if withdrawn else "active",
        "scope": {"coding": [m.coding(m.CONSENT_SCOPE, "patient-privacy", "Privacy Consent")]},
        "category": [{"coding": [m.coding(m.LOINC, "59284-0", "Patient Consent")]}],
        "patient": ref(rec.uid),
        "dateTime": c["given_on"].isoformat(),
        "performer": [ref(rec.uid)],
        "policyRule": {"coding": [m.coding(m.ACT_CODE, "OPTIN", "opt-in")]},
        "provision": {
            "type": "permit",
            "period": _period(c["given_on"], c["withdrawn_on"]),
            "actor": [{"role": {"coding": [m.coding(m.PARTICIPATION_TYPE, "IRCP",
                                                    "information recipient")]},
                       "reference": actor}],
            "code": [{"text": c["scope"]}],
        },
    }


def practitioner(p: dict) -> dict:
    res: dict = {"resourceType": "Practitioner", "id": p["uid"], "extension": _compact([
        ext("job-role", p["role"]),
        {"url": m.EXT + "sector", "valueCoding": m.sector_coding(Sector(p["sector"]))},
        {"url": m.EXT + "organisation", "valueReference": ref(p["organisation_uid"])}
        if p["organisation_uid"] else None,
        ext("out-of-hours", p["out_of_hours"]),
    ])}
    res["name"] = [{"text": p["name"]}]
    _put(res, "telecom", _telecom(p["phone"], p["email"], "work"))
    return res


def organization(o: dict) -> dict:
    res: dict = {"resourceType": "Organization", "id": o["uid"],
                 "type": [{"coding": [m.sector_coding(Sector(o["sector"]))]}],
                 "name": o["name"]}
    _put(res, "telecom", _telecom(o["phone"], o["email"], "work"))
    if o["address"]:
        res["address"] = [{"text": o["address"]}]
    return res


def provenance(target_uids: list[str], exporter: Exporter, now: dt.datetime) -> dict:
    return {
        "resourceType": "Provenance", "id": str(uuid.uuid4()),
        "target": [ref(u) for u in target_uids],
        "recorded": now.isoformat(timespec="seconds"),
        "agent": [{
            "type": {"coding": [m.coding(m.PROVENANCE_AGENT, "assembler", "Assembler")]},
            "who": {"identifier": {"system": m.USERNAME, "value": exporter.username},
                    "display": exporter.full_name},
        }],
    }


# ---- the bundle -------------------------------------------------------------------------


def person_resources(rec: PersonRecord, snap: Snapshot) -> list[dict]:
    out = [patient(rec)]
    out += [related_person(rec, c) for c in rec.carers]
    out += [condition(rec, c) for c in rec.conditions]
    out.append(care_team(rec, snap))
    out += [care_plan(rec, p, snap) for p in rec.plans]
    # Ratings travel on the newest goal of their lineage, so each is written once.
    newest: dict[str, str] = {}
    for p in rec.plans:
        for g in p["goals"]:
            newest[g["lineage"]] = g["uid"]
    for p in rec.plans:
        for g in p["goals"]:
            ratings = ([r for r in rec.ratings if r["goal_lineage"] == g["lineage"]]
                       if newest[g["lineage"]] == g["uid"] else [])
            out.append(goal(rec, g, ratings))
    out += [appointment(rec, a, snap) for a in rec.appointments]
    out += [consent(rec, c) for c in rec.consents]
    return out


def build_bundle(snap: Snapshot, exporter: Exporter, now: dt.datetime | None = None) -> dict:
    now = now or dt.datetime.now(dt.UTC)
    resources: list[dict] = []
    for rec in snap.people:
        resources.extend(person_resources(rec, snap))
    resources += [practitioner(p) for p in snap.professionals.values()]
    resources += [organization(o) for o in snap.organisations.values()]
    resources.append(provenance([r["id"] for r in resources], exporter, now))
    bundle_uid = str(uuid.uuid4())
    return {
        "resourceType": "Bundle",
        "id": bundle_uid,
        "meta": {"lastUpdated": now.isoformat(timespec="seconds")},
        "identifier": {"system": m.BUNDLE_ID, "value": url(bundle_uid)},
        "type": "collection",
        "timestamp": now.isoformat(timespec="seconds"),
        "entry": [{"fullUrl": url(r["id"]), "resource": r} for r in resources],
    }


PRETTY_UP_TO = 200  # entries; beyond this, indenting costs seconds for no reader


def to_bytes(bundle: dict) -> bytes:
    """UTF-8 JSON: indented for a small Bundle; one entry a line for a big one, which the
    fast C encoder writes (indenting uses the slow pure-Python one)."""
    if len(bundle["entry"]) <= PRETTY_UP_TO:
        return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    head = {k: v for k, v in bundle.items() if k != "entry"}
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines = ",\n".join(dumps(e) for e in bundle["entry"])
    return (dumps(head)[:-1] + ',"entry":[\n' + lines + "\n]}\n").encode("utf-8")
