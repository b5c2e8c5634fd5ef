"""Read a FHIR Bundle made by CareCoord back into a Snapshot, checking everything first.

Nothing here touches the store. Any problem raises BundleError with one sentence that names
the entry and what is wrong, so the caller can refuse the whole file before writing anything.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from zoneinfo import ZoneInfo

from carecoord.domain.enums import (
    COHORTS,
    Achievement,
    ActionSide,
    AgreementMethod,
    AppointmentMode,
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
from carecoord.domain.errors import ValidationError
from carecoord.domain.nhs_number import format_nhs, is_valid
from carecoord.interop import fhir_maps as m
from carecoord.interop.snapshot import PersonRecord, Snapshot
from carecoord.services.plans import CONTENT_FIELDS, PlanContent

LONDON = ZoneInfo("Europe/London")
IMPORTED = frozenset({"Patient", "RelatedPerson", "Condition", "CareTeam", "CarePlan", "Goal",
                      "Appointment", "Consent", "Practitioner", "Organization", "Provenance"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URN = re.compile(r"^urn:uuid:([0-9a-fA-F-]{36})$")
_CONTENT_DEFAULTS = PlanContent()


class BundleError(ValidationError):
    """The file cannot be imported; the message says why in one sentence."""

    def __init__(self, message: str):
        # Values quoted from a damaged file may hold line breaks; the message stays one line.
        super().__init__(" ".join(str(message).split()), "file")


# ---- reading the file --------------------------------------------------------------------


def read_json(data: bytes) -> dict:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BundleError("The file is not UTF-8 text, so it is not a FHIR JSON file.") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BundleError(f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, "
                          f"column {exc.colno}.") from None
    return value


def _shown(value: object, limit: int = 40) -> str:
    """A value from the file, safe to quote in a one-line message."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_bundle(bundle) -> dict[str, dict]:
    """The entries by fullUrl, after the checks that need the whole Bundle."""
    if not isinstance(bundle, dict) or not isinstance(bundle.get("resourceType"), str):
        raise BundleError("The file is JSON but not a FHIR resource (it has no resourceType).")
    if bundle["resourceType"] != "Bundle":
        raise BundleError(f"The file holds a FHIR {_shown(bundle['resourceType'])}, not a "
                          "Bundle.")
    if bundle.get("type") != "collection":
        raise BundleError(f"The Bundle's type is '{_shown(bundle.get('type'))}'; CareCoord imports "
                          "'collection' Bundles made by CareCoord.")
    entries = bundle.get("entry")
    if not isinstance(entries, list) or not entries:
        raise BundleError("The Bundle has no entries, so there is nothing to import.")
    by_url: dict[str, dict] = {}
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
            raise BundleError(f"Entry {n} of the Bundle has no resource.")
        res = entry["resource"]
        rtype = res.get("resourceType")
        if not isinstance(rtype, str) or rtype not in IMPORTED:
            what = rtype if isinstance(rtype, str) and rtype else "resource with no type"
            raise BundleError(f"Entry {n} is a {what}, which CareCoord does not import.")
        full = entry.get("fullUrl")
        match = _URN.match(full) if isinstance(full, str) else None
        if not match or not _is_uuid(match.group(1)):
            raise BundleError(f"Entry {n} ({rtype}) has the fullUrl '{full}'; CareCoord "
                              "expects urn:uuid: followed by a UUID.")
        if res.get("id") != match.group(1):
            raise BundleError(f"Entry {n} ({rtype}) has the id '{res.get('id')}', which does "
                              f"not match its fullUrl {full}.")
        if full in by_url:
            raise BundleError(f"Two entries have the same fullUrl {full}.")
        by_url[full] = res
    for res in by_url.values():
        for reference in _references(res):
            if reference not in by_url:
                raise BundleError(f"{_label(res)} refers to {reference}, which is not in the "
                                  "file.")
    if not any(r["resourceType"] == "Patient" for r in by_url.values()):
        raise BundleError("The Bundle holds no Patient, so there is nothing to import.")
    return by_url


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def _label(res: dict) -> str:
    return f"The {res.get('resourceType')} {res.get('id')}"


def parse(data: bytes, today: dt.date | None = None) -> Snapshot:
    """Check the whole file and return what it holds, or raise BundleError."""
    return _Reader(check_bundle(read_json(data)), today or dt.date.today()).snapshot()


# ---- values ------------------------------------------------------------------------------


class _Reader:
    def __init__(self, by_url: dict[str, dict], today: dt.date):
        self.by_url = by_url
        self.today = today
        self.people: dict[str, PersonRecord] = {}

    # -- small readers, each naming the resource in its message --

    def fail(self, res: dict, problem: str):
        raise BundleError(f"{_label(res)} {problem}.")

    def target(self, res: dict, reference: dict | None, *types: str, what: str) -> str | None:
        """The uid a reference points at, checking the kind of resource it points at."""
        if not reference or "reference" not in reference:
            return None
        found = self.by_url[reference["reference"]]
        if found["resourceType"] not in types:
            self.fail(res, f"has a {what} that points at a {found['resourceType']}, not a "
                           f"{' or '.join(types)}")
        return found["id"]

    def date(self, res: dict, value, what: str, required: bool = False) -> dt.date | None:
        if value is None:
            if required:
                self.fail(res, f"has no {what}")
            return None
        if not isinstance(value, str) or not _DATE.match(value):
            self.fail(res, f"has '{value}' as its {what}, which is not a full date "
                           "(YYYY-MM-DD)")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(res, f"has an impossible date, {value}, as its {what}")

    def wall_time(self, res: dict, value, what: str) -> dt.datetime:
        """A Europe/London wall-clock time, kept exactly as CareCoord wrote it."""
        if not isinstance(value, str):
            self.fail(res, f"has no {what}")
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            self.fail(res, f"has an impossible date and time, {value}, as its {what}")
        if moment.tzinfo is None:
            self.fail(res, f"has a {what} with no time zone offset")
        wall = moment.replace(tzinfo=None)
        if wall.replace(tzinfo=LONDON).utcoffset() == moment.utcoffset():
            return wall
        return moment.astimezone(LONDON).replace(tzinfo=None)

    def code(self, res: dict, enum, value, what: str):
        try:
            return enum(value)
        except ValueError:
            self.fail(res, f"has '{value}' as its {what}, which CareCoord does not know")

    def coded(self, res: dict, concept, system: str, what: str,
              required: bool = True) -> str | None:
        for c in (concept or {}).get("coding", []) if isinstance(concept, dict) else []:
            if c.get("system") == system:
                return c.get("code")
        if required:
            self.fail(res, f"has no {what} coded in {system}")
        return None

    def text(self, res: dict, value, what: str, required: bool = False) -> str | None:
        if value is None or value == "":
            if required:
                self.fail(res, f"has no {what}")
            return None
        if not isinstance(value, str):
            self.fail(res, f"has a {what} that is not text")
        return value

    def element_uid(self, res: dict, element: dict, what: str) -> str:
        value = element.get("id")
        if value is None:
            return str(uuid.uuid4())
        if not isinstance(value, str) or not _is_uuid(value):
            self.fail(res, f"has a {what} whose id '{value}' is not a UUID")
        return value

    def patient_of(self, res: dict, reference, what: str = "subject") -> PersonRecord:
        uid = self.target(res, reference, "Patient", what=what)
        if uid is None:
            self.fail(res, f"has no {what}")
        return self.people[uid]

    # -- extensions --

    @staticmethod
    def exts(node: dict) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for e in node.get("extension", []) or []:
            if isinstance(e, dict) and isinstance(e.get("url"), str):
                out.setdefault(e["url"], []).append(e)
        return out

    def ext_value(self, res: dict, exts: dict, name: str, kind: str, default=None, full=None):
        found = exts.get(full or m.EXT + name)
        if not found:
            return default
        return self._value(res, found[0], kind, name)

    def _value(self, res: dict, e: dict, kind: str, name: str):
        key = {"string": "valueString", "bool": "valueBoolean", "int": "valueInteger",
               "date": "valueDate", "code": "valueCode"}[kind]
        value = e.get(key)
        if kind == "date":
            return self.date(res, value, name, required=True)
        expected = {"string": str, "bool": bool, "int": int, "code": str}[kind]
        if not isinstance(value, expected) or (kind == "int" and isinstance(value, bool)):
            self.fail(res, f"has an extension {name} without a {key}")
        return value

    def parts(self, res: dict, e: dict | None) -> dict[str, dict]:
        if not e:
            return {}
        return {p["url"]: p for p in e.get("extension", []) if isinstance(p, dict) and "url" in p}

    # ---- the resources ----

    def guarded(self, res: dict, read, *args):
        """Run one resource's reader; a shape we never write (a list where text belongs, a
        missing part) becomes a plain refusal naming the resource, not a crash."""
        try:
            return read(res, *args)
        except BundleError:
            raise
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            raise BundleError(f"{_label(res)} is not laid out the way CareCoord writes it, so "
                              "it cannot be read.") from None

    def snapshot(self) -> Snapshot:
        snap = Snapshot()
        by_type: dict[str, list[dict]] = {}
        for res in self.by_url.values():
            by_type.setdefault(res["resourceType"], []).append(res)
        for res in by_type.get("Organization", []):
            snap.organisations[res["id"]] = self.guarded(res, self.organisation)
        for res in by_type.get("Practitioner", []):
            snap.professionals[res["id"]] = self.guarded(res, self.professional)
        seen_nhs: set[str] = set()
        for res in by_type.get("Patient", []):
            rec = self.guarded(res, self.patient)
            if rec.nhs_number in seen_nhs:
                self.fail(res, f"repeats the NHS number {rec.nhs_number} of another Patient "
                               "in the file")
            seen_nhs.add(rec.nhs_number)
            self.people[rec.uid] = rec
        for rtype, read in (("RelatedPerson", self.carer), ("Condition", self.condition),
                            ("CareTeam", self.care_team)):
            for res in by_type.get(rtype, []):
                self.guarded(res, read)
        goals = {res["id"]: res for res in by_type.get("Goal", [])}
        for res in by_type.get("CarePlan", []):
            self.guarded(res, self.care_plan, goals)
        for res in goals.values():
            self.fail(res, "is not part of any CarePlan in the file")
        for rtype, read in (("Appointment", self.appointment), ("Consent", self.consent)):
            for res in by_type.get(rtype, []):
                self.guarded(res, read)
        for rec in self.people.values():
            self.finish(rec)
        snap.people = list(self.people.values())
        return snap

    def organisation(self, res: dict) -> dict:
        sector = self.coded(res, (res.get("type") or [{}])[0], m.CS_SECTOR, "sector")
        phone, email = self.telecom(res)
        return {"uid": res["id"], "name": self.text(res, res.get("name"), "name", True),
                "sector": self.code(res, Sector, sector, "sector"), "phone": phone,
                "email": email, "address": self.address_text(res)}

    def professional(self, res: dict) -> dict:
        e = self.exts(res)
        name = self.text(res, (res.get("name") or [{}])[0].get("text"), "name", True)
        sector = e.get(m.EXT + "sector")
        sector_code = (sector[0].get("valueCoding") or {}).get("code") if sector else None
        org = e.get(m.EXT + "organisation")
        org_uid = self.target(res, org[0].get("valueReference"), "Organization",
                              what="organisation") if org else None
        phone, email = self.telecom(res)
        return {"uid": res["id"], "name": name,
                "role": self.ext_value(res, e, "job-role", "string") or "Professional",
                "organisation_uid": org_uid,
                "sector": self.code(res, Sector, sector_code or Sector.OTHER.value, "sector"),
                "phone": phone, "email": email,
                "out_of_hours": self.ext_value(res, e, "out-of-hours", "string")}

    def telecom(self, res: dict) -> tuple[str | None, str | None]:
        phone = email = None
        for t in res.get("telecom", []) or []:
            if t.get("system") == "phone" and phone is None:
                phone = self.text(res, t.get("value"), "phone number")
            elif t.get("system") == "email" and email is None:
                email = self.text(res, t.get("value"), "email address")
        return phone, email

    def address_text(self, res: dict) -> str | None:
        addresses = res.get("address") or []
        if not addresses:
            return None
        a = addresses[0]
        return self.text(res, a.get("text"), "address") or (
            "\n".join(a.get("line", [])) or None)

    def patient(self, res: dict) -> PersonRecord:
        e = self.exts(res)
        nhs = next((i.get("value") for i in res.get("identifier", []) or []
                    if i.get("system") == m.NHS_NUMBER), None)
        if not nhs:
            self.fail(res, f"has no NHS number (identifier system {m.NHS_NUMBER})")
        digits = "".join(ch for ch in str(nhs) if ch not in " -")
        if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
            self.fail(res, f"has the NHS number '{nhs}', which is not 10 digits")
        if not is_valid(digits):
            self.fail(res, f"has the NHS number {format_nhs(digits)}, which is not valid "
                           "(its Modulus 11 check digit does not match)")
        nhs = digits
        names = res.get("name") or []
        official = next((n for n in names if n.get("use") == "official"), names[0] if names
                        else {})
        usual = next((n for n in names if n.get("use") == "usual"), None)
        given = self.text(res, (official.get("given") or [None])[0], "given name", True)
        family = self.text(res, official.get("family"), "family name", True)
        born = self.date(res, res.get("birthDate"), "birthDate", required=True)
        if born > self.today:
            self.fail(res, f"has a birthDate in the future, {born}")
        address = res.get("address") or [{}]
        lang = (res.get("communication") or [{}])[0].get("language") or {}
        details = {
            "uid": res["id"], "nhs_number": nhs, "given_name": given, "family_name": family,
            "preferred_name": self.text(res, (usual.get("given") or [None])[0],
                                        "preferred name") if usual else None,
            "date_of_birth": born,
            "address": self.address_text(res),
            "postcode": self.text(res, address[0].get("postalCode"), "postcode"),
            "gp_practice": self.text(res, (res.get("generalPractitioner") or [{}])[0]
                                     .get("display"), "GP practice"),
            "preferred_language": self.text(res, lang.get("text"), "language"),
            "interpreter_needed": bool(self.ext_value(res, e, "", "bool", False,
                                                      full=m.INTERPRETER_REQUIRED)),
        }
        details["phone"], details["email"] = self.telecom(res)
        for col, name in m.PATIENT_TEXT.items():
            details[col] = self.ext_value(res, e, name, "string")
        for col, name in m.PATIENT_FLAGS.items():
            details[col] = bool(self.ext_value(res, e, name, "bool", False))
        for col, name in m.PATIENT_DATES.items():
            details[col] = self.ext_value(res, e, name, "date")
        enums = {"frailty": Frailty, "priority": PriorityTier, "status": PersonStatus}
        for col, name in m.PATIENT_CODES.items():
            raw = self.ext_value(res, e, name, "code")
            details[col] = self.code(res, enums[col], raw, name) if raw else None
        if details["status"] is None:
            details["status"] = PersonStatus.ACTIVE
        cohorts = [self._value(res, c, "string", "cohort") for c in e.get(m.EXT + m.COHORT, [])]
        for c in cohorts:
            if c not in COHORTS:
                self.fail(res, f"has the cohort '{c}', which CareCoord does not know")
        return PersonRecord(details=details, cohorts=sorted(set(cohorts)))

    def carer(self, res: dict) -> None:
        rec = self.patient_of(res, res.get("patient"), "patient")
        e = self.exts(res)
        phone, email = self.telecom(res)
        rec.carers.append({
            "uid": res["id"],
            "name": self.text(res, (res.get("name") or [{}])[0].get("text"), "name", True),
            "relationship": self.text(res, (res.get("relationship") or [{}])[0].get("text"),
                                      "relationship", True),
            "phone": phone, "email": email, "address": self.address_text(res),
            "consent_to_involve": bool(self.ext_value(res, e, "carer-consent-to-involve",
                                                      "bool", False)),
            "consent_recorded_on": self.ext_value(res, e, "carer-consent-recorded", "date"),
            "nominated": bool(self.ext_value(res, e, "nominated-carer", "bool", False)),
            "own_needs": self.ext_value(res, e, "carer-own-needs", "string"),
        })

    def condition(self, res: dict) -> None:
        rec = self.patient_of(res, res.get("subject"))
        code = res.get("code") or {}
        snomed = self.coded(res, code, m.SNOMED, "SNOMED CT code", required=False)
        if snomed is not None and not (isinstance(snomed, str) and snomed.isdigit()
                                       and 6 <= len(snomed) <= 18):
            self.fail(res, f"has '{snomed}' as its SNOMED CT code, which is not 6 to 18 digits")
        status = self.coded(res, res.get("clinicalStatus"), m.CONDITION_CLINICAL,
                            "clinical status")
        onset = res.get("onsetDateTime")
        if isinstance(onset, str) and "T" in onset:
            onset = onset.split("T")[0]
        rec.conditions.append({
            "uid": res["id"], "name": self.text(res, code.get("text"), "name (code.text)", True),
            "snomed_code": snomed, "onset_date": self.date(res, onset, "onset date"),
            "status": self.code(res, ConditionStatus, status, "clinical status"),
        })

    def care_team(self, res: dict) -> None:
        rec = self.patient_of(res, res.get("subject"))
        for p in res.get("participant", []) or []:
            role = self.coded(res, (p.get("role") or [{}])[0], m.CS_CARE_TEAM_ROLE, "role")
            pro = self.target(res, p.get("member"), "Practitioner", what="member")
            if pro is None:
                self.fail(res, "has a participant with no member")
            period = p.get("period") or {}
            start = self.date(res, period.get("start"), "participant start date", True)
            end = self.date(res, period.get("end"), "participant end date")
            if end and end < start:
                self.fail(res, "has a participant who left before they joined")
            e = self.exts(p)
            uid = self.element_uid(res, p, "participant")
            if role == m.LEAD_ROLE:
                rec.leads.append({"uid": uid, "professional_uid": pro, "started_on": start,
                                  "ended_on": end,
                                  "handover_note": self.ext_value(res, e, "handover-note",
                                                                  "string")})
            else:
                rec.members.append({"uid": uid, "professional_uid": pro,
                                    "member_type": self.code(res, MemberType, role, "role"),
                                    "started_on": start, "ended_on": end,
                                    "end_reason": self.ext_value(res, e, "end-reason",
                                                                 "string")})

    def care_plan(self, res: dict, goals: dict[str, dict]) -> None:
        rec = self.patient_of(res, res.get("subject"))
        e = self.exts(res)
        if res.get("intent") != "plan":
            self.fail(res, f"has the intent '{res.get('intent')}'; a care plan's is 'plan'")
        raw = self.ext_value(res, e, m.PLAN_LIFECYCLE, "code")
        if raw is None:
            self.fail(res, "has no CareCoord plan-lifecycle extension")
        status = self.code(res, PlanStatus, raw, "plan lifecycle")
        if m.PLAN_STATUS[status] != res.get("status"):
            self.fail(res, f"has the status '{res.get('status')}', which does not match its "
                           f"lifecycle '{status.value}'")
        number = self.ext_value(res, e, m.PLAN_VERSION, "int")
        if not isinstance(number, int) or number < 1:
            self.fail(res, "has no version number")
        agreement = self.parts(res, (e.get(m.EXT + m.AGREEMENT) or [None])[0])
        content = self.parts(res, (e.get(m.EXT + m.PLAN_CONTENT) or [None])[0])
        period = res.get("period") or {}
        method = self.part(res, agreement, "method", "code")
        plan = {
            "uid": res["id"], "number": number, "status": status,
            "is_current": bool(self.ext_value(res, e, m.PLAN_IN_FORCE, "bool", False)),
            "previous_uid": self.target(res, (res.get("replaces") or [None])[0], "CarePlan",
                                        what="previous version"),
            "declined_note": self.ext_value(res, e, m.PLAN_DECLINED_NOTE, "string"),
            "person_agreed_on": self.part(res, agreement, "personAgreedOn", "date"),
            "person_agreed_by": self.part(res, agreement, "personAgreedBy", "string"),
            "agreement_method": self.code(res, AgreementMethod, method, "agreement method")
            if method else None,
            "lead_agreed_on": self.part(res, agreement, "leadAgreedOn", "date"),
            "lead_professional_uid": self.target(res, res.get("author"), "Practitioner",
                                                 what="author"),
            "agreed_on": self.date(res, period.get("start"), "period start"),
            "review_date": self.date(res, period.get("end"), "period end"),
            "what_matters": self.text(res, res.get("description"), "description") or "",
        }
        for col, name in m.PLAN_DATES.items():
            plan[col] = self.ext_value(res, e, name, "date")
        for name in CONTENT_FIELDS:
            if name == "what_matters":
                continue
            default = getattr(_CONTENT_DEFAULTS, name)
            kind = {bool: "bool", int: "int"}.get(type(default), "string")
            value = self.part(res, content, m.camel(name), kind)
            plan[name] = default if value is None else value
        if not 1 <= plan["review_months"] <= 24:
            self.fail(res, "has a review interval outside 1 to 24 months")
        if plan["agreed_on"] and plan["review_date"] and plan["review_date"] <= plan["agreed_on"]:
            self.fail(res, "has a review date that is not after the date it was agreed")
        plan["goals"] = []
        by_goal: dict[str, dict] = {}
        for gref in res.get("goal", []) or []:
            guid = self.target(res, gref, "Goal", what="goal")
            if guid not in goals:
                self.fail(res, f"shares the Goal {guid} with another CarePlan")
            g = self.guarded(goals.pop(guid), self.goal, rec)
            plan["goals"].append(g)
            by_goal[guid] = g
        for act in res.get("activity", []) or []:
            self.action(res, act, by_goal, rec)
        rec.plans.append(plan)

    def part(self, res: dict, parts: dict[str, dict], name: str, kind: str):
        found = parts.get(name)
        return self._value(res, found, kind, name) if found else None

    def goal(self, res: dict, rec: PersonRecord) -> dict:
        if self.patient_of(res, res.get("subject")) is not rec:
            self.fail(res, "belongs to a different Patient from its CarePlan")
        e = self.exts(res)
        lineage = self.text(res, next((i.get("value") for i in res.get("identifier", []) or []
                                       if i.get("system") == m.GOAL_LINEAGE), None),
                            "lineage identifier") or str(uuid.uuid4())
        achievement = self.coded(res, res.get("achievementStatus"), m.GOAL_ACHIEVEMENT,
                                 "achievement status")
        domain = self.coded(res, (res.get("category") or [{}])[0], m.CS_GOAL_DOMAIN,
                            "goal domain")
        target_to = self.date(res, (res.get("target") or [{}])[0].get("dueDate"),
                              "target due date")
        target_from = self.ext_value(res, e, "target-window-start", "date")
        if target_from and target_to and target_to < target_from:
            self.fail(res, "has a target window that ends before it starts")
        for r in e.get(m.EXT + "goal-rating", []):
            p = self.parts(res, r)
            score = self.part(res, p, "score", "int")
            if score is None or not 0 <= score <= 10:
                self.fail(res, "has a rating that is not a whole number from 0 to 10")
            rec.ratings.append({"goal_lineage": lineage,
                                "rated_on": self.part(res, p, "date", "date")
                                or self.fail(res, "has a rating with no date"),
                                "score": score, "comment": self.part(res, p, "comment", "string"),
                                "at_review": bool(self.part(res, p, "atReview", "bool"))})
        return {
            "uid": res["id"], "lineage": lineage,
            "person_words": self.text(res, (res.get("description") or {}).get("text"),
                                      "description", True),
            "domain": self.code(res, GoalDomain, domain, "goal domain"),
            "target_from": target_from, "target_to": target_to,
            "lifecycle": self.code(res, GoalLifecycle, res.get("lifecycleStatus"),
                                   "lifecycle status"),
            "achievement": self.code(res, Achievement, achievement, "achievement status"),
            "actions": [],
        }

    def action(self, res: dict, act: dict, by_goal: dict[str, dict], rec: PersonRecord) -> None:
        detail = act.get("detail") or {}
        e = self.exts(act)
        guid = self.target(res, (detail.get("goal") or [None])[0], "Goal", what="activity goal")
        if guid not in by_goal:
            self.fail(res, "has an activity whose goal is not one of the plan's goals")
        status = detail.get("status")
        if status not in m.ACTION_STATUS_BACK:
            self.fail(res, f"has an activity with the status '{status}', which CareCoord does "
                           "not use")
        period = detail.get("scheduledPeriod") or {}
        due_from = self.date(res, period.get("start"), "activity start")
        due_to = self.date(res, period.get("end"), "activity end")
        if due_from and due_to and due_to < due_from:
            self.fail(res, "has an activity whose due window ends before it starts")
        performer = (detail.get("performer") or [{}])[0]
        kind = self.code(res, OwnerKind, self.ext_value(res, e, "action-owner-kind", "code")
                         or OwnerKind.TEAM_MEMBER.value, "action owner")
        pro = self.target(res, performer, "Practitioner", "Patient", what="activity performer")
        by_goal[guid]["actions"].append({
            "uid": self.element_uid(res, act, "activity"),
            "lineage": self.ext_value(res, e, "action-lineage", "string") or str(uuid.uuid4()),
            "side": self.code(res, ActionSide, self.ext_value(res, e, "action-side", "code")
                              or ActionSide.TEAM.value, "action side"),
            "description": self.text(res, detail.get("description"), "activity description",
                                     True),
            "owner_kind": kind,
            "owner_name": self.text(res, performer.get("display"), "activity performer", True),
            "owner_professional_uid": pro if pro and pro != rec.uid else None,
            "due_from": due_from, "due_to": due_to,
            "status": m.ACTION_STATUS_BACK[status],
            "completed_on": self.ext_value(res, e, "action-completed", "date"),
        })

    def appointment(self, res: dict) -> None:
        people = [p for p in res.get("participant", []) or []
                  if self.by_url.get((p.get("actor") or {}).get("reference", ""), {})
                  .get("resourceType") == "Patient"]
        if len(people) != 1:
            self.fail(res, "does not have exactly one Patient taking part")
        rec = self.patient_of(res, people[0]["actor"])
        pro = None
        for p in res.get("participant", []) or []:
            actor = p.get("actor") or {}
            if actor.get("reference") and actor is not people[0]["actor"]:
                pro = self.target(res, actor, "Practitioner", what="participant")
        e = self.exts(res)
        mode = e.get(m.EXT + "appointment-mode")
        mode_code = (mode[0].get("valueCoding") or {}).get("code") if mode else None
        cancelation = res.get("cancelationReason")
        if cancelation is not None and not isinstance(cancelation, dict):
            self.fail(res, "has a cancelationReason that is not a CodeableConcept")
        cancel = self.coded(res, cancelation, m.CANCEL_REASON, "cancellation reason",
                            required=False)
        # Why it was cancelled or missed is cancelationReason.text; a note on any other
        # status is an extension (see the exporter).
        reason = self.text(res, (cancelation or {}).get("text"), "cancellation reason text") \
            or self.ext_value(res, e, "status-note", "string")
        try:
            status = m.appointment_status_back(res.get("status"), cancel)
        except KeyError:
            self.fail(res, f"has the status '{res.get('status')}', which CareCoord does not use")
        minutes = res.get("minutesDuration")
        start = self.wall_time(res, res.get("start"), "start")
        if minutes is None and isinstance(res.get("end"), str):
            end = self.wall_time(res, res.get("end"), "end")
            minutes = int((end - start).total_seconds() // 60)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 1440:
            self.fail(res, "has no sensible length in minutes")
        sequence = self.ext_value(res, e, "calendar-sequence", "int", 0)
        rec.appointments.append({
            "uid": res["id"], "starts_at": start, "minutes": minutes,
            "mode": self.code(res, AppointmentMode, mode_code, "appointment mode"),
            "place": self.ext_value(res, e, "appointment-place", "string"),
            "professional_uid": pro,
            "with_name": self.ext_value(res, e, "appointment-with", "string"),
            "purpose": self.text(res, res.get("description"), "description", True),
            "status": status,
            "transport_needs": self.ext_value(res, e, "transport-needs", "string"),
            "access_needs": self.ext_value(res, e, "access-needs", "string"),
            "sequence": sequence,
            "status_reason": reason,
        })

    def consent(self, res: dict) -> None:
        rec = self.patient_of(res, res.get("patient"), "patient")
        e = self.exts(res)
        provision = res.get("provision") or {}
        actor = ((provision.get("actor") or [{}])[0].get("reference")) or {}
        org = self.target(res, actor, "Organization", what="recipient")
        period = provision.get("period") or {}
        given = self.date(res, res.get("dateTime"), "dateTime", required=True)
        withdrawn = self.date(res, period.get("end"), "withdrawal date")
        if res.get("status") not in ("active", "inactive"):
            self.fail(res, f"has the status '{res.get('status')}'; CareCoord writes active "
                           "or inactive")
        if withdrawn and withdrawn < given:
            self.fail(res, "was withdrawn before it was given")
        recipient = self.ext_value(res, e, "recipient-name", "string") or self.text(
            res, actor.get("display"), "recipient", True)
        rec.consents.append({
            "uid": res["id"], "recipient": recipient,
            "recipient_kind": self.code(
                res, RecipientKind, self.ext_value(res, e, "recipient-kind", "code")
                or (RecipientKind.ORGANISATION.value if org else RecipientKind.PERSON.value),
                "recipient kind"),
            "organisation_uid": org,
            "scope": self.text(res, (provision.get("code") or [{}])[0].get("text"),
                               "scope of what may be shared", True),
            "given_on": given,
            "method": self.code(res, ConsentMethod,
                                self.ext_value(res, e, "consent-method", "code"), "method"),
            "withdrawn_on": withdrawn,
            "withdrawn_note": self.ext_value(res, e, "withdrawn-note", "string"),
        })

    def finish(self, rec: PersonRecord) -> None:
        """Rules the store enforces, checked here so the file fails before anything is written."""
        where = f"The Patient {rec.uid}"
        numbers = [p["number"] for p in rec.plans]
        if len(numbers) != len(set(numbers)):
            raise BundleError(f"{where} has two CarePlans with the same version number.")
        if sum(1 for p in rec.plans if p["is_current"]) > 1:
            raise BundleError(f"{where} has more than one CarePlan in force.")
        if sum(1 for lead in rec.leads if lead["ended_on"] is None) > 1:
            raise BundleError(f"{where} has more than one current lead professional.")
        plan_uids = {p["uid"] for p in rec.plans}
        for p in rec.plans:
            if p["previous_uid"] and p["previous_uid"] not in plan_uids:
                raise BundleError(f"The CarePlan {p['uid']} replaces a plan of another Patient.")
        rec.plans.sort(key=lambda p: p["number"])
