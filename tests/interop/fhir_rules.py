"""Checks on an exported Bundle that the fhir.resources models do not make."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from fhir.resources.R4B.bundle import Bundle

from carecoord.domain.enums import Achievement, GoalDomain, GoalLifecycle, MemberType, Sector
from carecoord.domain.nhs_number import check_digit
from carecoord.interop import fhir_maps as m

LONDON = ZoneInfo("Europe/London")

CONDITION_CLINICAL = {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}
CARE_PLAN_STATUS = {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error",
                    "unknown"}
ACTIVITY_STATUS = {"not-started", "scheduled", "in-progress", "on-hold", "completed",
                   "cancelled", "stopped", "unknown", "entered-in-error"}
APPOINTMENT_STATUS = {"booked", "fulfilled", "noshow", "cancelled"}


def references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def codes(concept: dict, system: str) -> list[str]:
    return [c["code"] for c in concept.get("coding", []) if c.get("system") == system]


def nhs_ok(value: str) -> bool:
    return (len(value) == 10 and value.isdigit()
            and check_digit(value[:9]) == int(value[9]))


def check(bundle: dict) -> None:
    """Validate with the R4B models, then the rules the models leave to us. Raises
    AssertionError naming the first broken rule."""
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    entries = bundle["entry"]
    urls = [e["fullUrl"] for e in entries]
    assert len(urls) == len(set(urls)), "fullUrls are not unique"
    for e in entries:
        assert e["fullUrl"] == f"urn:uuid:{e['resource']['id']}", e["fullUrl"]
    known = set(urls)
    by_type: dict[str, list[dict]] = {}
    for e in entries:
        by_type.setdefault(e["resource"]["resourceType"], []).append(e["resource"])
        for r in references(e["resource"]):
            assert r in known, f"{r} does not resolve inside the Bundle"
    provenance = by_type["Provenance"]
    assert len(provenance) == 1
    targets = {t["reference"] for t in provenance[0]["target"]}
    others = {e["fullUrl"] for e in entries if e["resource"]["resourceType"] != "Provenance"}
    assert targets == others, "the Provenance does not target every resource"
    for p in by_type.get("Patient", []):
        nhs = [i for i in p["identifier"] if i["system"] == m.NHS_NUMBER]
        assert len(nhs) == 1 and nhs_ok(nhs[0]["value"]), f"bad NHS number in {p['id']}"
    for c in by_type.get("Condition", []):
        assert codes(c["clinicalStatus"], m.CONDITION_CLINICAL)[0] in CONDITION_CLINICAL
        for coding in c["code"].get("coding", []):
            assert coding["system"] == m.SNOMED and coding["code"].isdigit()
    for g in by_type.get("Goal", []):
        assert g["lifecycleStatus"] in GoalLifecycle.values()
        assert codes(g["achievementStatus"], m.GOAL_ACHIEVEMENT)[0] in Achievement.values()
        assert codes(g["category"][0], m.CS_GOAL_DOMAIN)[0] in GoalDomain.values()
        assert g["expressedBy"] == g["subject"]
    for team in by_type.get("CareTeam", []):
        leads = [p for p in team.get("participant", [])
                 if m.LEAD_ROLE in codes(p["role"][0], m.CS_CARE_TEAM_ROLE)]
        assert sum(1 for p in leads if "end" not in p["period"]) <= 1, "two current leads"
        for p in team.get("participant", []):
            code = codes(p["role"][0], m.CS_CARE_TEAM_ROLE)[0]
            assert code == m.LEAD_ROLE or code in MemberType.values()
    for plan in by_type.get("CarePlan", []):
        assert plan["status"] in CARE_PLAN_STATUS and plan["intent"] == "plan"
        for act in plan.get("activity", []):
            assert act["detail"]["status"] in ACTIVITY_STATUS
    for a in by_type.get("Appointment", []):
        assert a["status"] in APPOINTMENT_STATUS
        for key in ("start", "end"):
            moment = dt.datetime.fromisoformat(a[key])
            wall = moment.astimezone(LONDON)
            assert moment.utcoffset() == wall.utcoffset(), f"{a[key]} is not London time"
        if a["status"] == "cancelled":
            assert codes(a["cancelationReason"], m.CANCEL_REASON)[0] in ("pat", "prov")
        if "cancelationReason" in a:
            assert a["status"] in ("cancelled", "noshow"), "a reason for a live appointment"
    for c in by_type.get("Consent", []):
        assert c["status"] in ("active", "inactive")
        assert codes(c["scope"], m.CONSENT_SCOPE) == ["patient-privacy"]
        assert codes(c["category"][0], m.LOINC) == ["59284-0"]
        assert (c["status"] == "inactive") == ("end" in c["provision"]["period"])
    for o in by_type.get("Organization", []):
        assert codes(o["type"][0], m.CS_SECTOR)[0] in Sector.values()


def normalised(bundle: dict) -> dict:
    """The content without what differs between two exports of the same record: the
    Bundle's own id and times, and the Provenance (who exported, and when)."""
    entries = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Provenance"]
    return {"type": bundle["type"], "entry": entries}
