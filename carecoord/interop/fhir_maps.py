"""Code systems, extension addresses and the mappings between our codes and FHIR's.

Choices a partner system needs to know about (they are also in the README of every subject
access zip):

- CarePlan.status from our lifecycle: draft -> draft, agreed -> active, under review ->
  active (with a note, because the agreed version stays in force while the next is drafted),
  superseded -> revoked (FHIR: "terminated ... though it may have been replaced by a new
  plan"). A plan that was only offered is a CarePlan with status draft and no content; one
  that was declined is a CarePlan with status revoked. Every CarePlan also carries our exact
  lifecycle code in the plan-lifecycle extension, so nothing is lost on the way back in.
- The lead professional is the CareTeam participant whose role is coded
  `lead-professional` in our care-team-role CodeSystem. SNOMED CT has no concept for the
  NHS "named lead professional" role, so a local code is clearer than a near miss.
- Everything the FHIR core has no element for is an extension whose address starts with
  EXT below; each holds a single value of a primitive type, or sub-extensions of them.
"""

from __future__ import annotations

from carecoord.domain.enums import (
    ActionStatus,
    AppointmentMode,
    AppointmentStatus,
    GoalDomain,
    MemberType,
    PlanStatus,
    Sector,
)

BASE = "https://carecoord.example/fhir"
EXT = f"{BASE}/StructureDefinition/"
CS = f"{BASE}/CodeSystem/"

NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
GOAL_LINEAGE = f"{BASE}/Id/goal-lineage"
USERNAME = f"{BASE}/Id/username"
BUNDLE_ID = "urn:ietf:rfc:3986"

GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CANCEL_REASON = "http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PROVENANCE_AGENT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
INTERPRETER_REQUIRED = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired"

CS_CARE_TEAM_ROLE = f"{CS}care-team-role"
CS_GOAL_DOMAIN = f"{CS}goal-domain"
CS_SECTOR = f"{CS}sector"
CS_APPOINTMENT_MODE = f"{CS}appointment-mode"

LEAD_ROLE = "lead-professional"
CARE_TEAM_ROLES = {
    LEAD_ROLE: "Named lead professional",
    MemberType.CORE.value: "Core member",
    MemberType.AS_REQUIRED.value: "Specialist input as required",
}

# Our codes are already FHIR's for goals, conditions; these need mapping.
PLAN_STATUS = {
    PlanStatus.OFFERED: "draft",
    PlanStatus.DECLINED: "revoked",
    PlanStatus.DRAFT: "draft",
    PlanStatus.AGREED: "active",
    PlanStatus.UNDER_REVIEW: "active",
    PlanStatus.SUPERSEDED: "revoked",
}

ACTION_STATUS = {
    ActionStatus.NOT_STARTED: "not-started",
    ActionStatus.IN_PROGRESS: "in-progress",
    ActionStatus.DONE: "completed",
    ActionStatus.CANCELLED: "cancelled",
}
ACTION_STATUS_BACK = {v: k for k, v in ACTION_STATUS.items()}

APPOINTMENT_STATUS = {
    AppointmentStatus.BOOKED: "booked",
    AppointmentStatus.ATTENDED: "fulfilled",
    AppointmentStatus.DID_NOT_ATTEND: "noshow",
    AppointmentStatus.CANCELLED_BY_PERSON: "cancelled",
    AppointmentStatus.CANCELLED_BY_SERVICE: "cancelled",
}
CANCELLED_BY = {
    AppointmentStatus.CANCELLED_BY_PERSON: ("pat", "Patient"),
    AppointmentStatus.CANCELLED_BY_SERVICE: ("prov", "Provider"),
}


def appointment_status_back(fhir_status: str, cancel_code: str | None) -> AppointmentStatus:
    if fhir_status == "cancelled":
        return (AppointmentStatus.CANCELLED_BY_PERSON if cancel_code == "pat"
                else AppointmentStatus.CANCELLED_BY_SERVICE)
    for ours, theirs in APPOINTMENT_STATUS.items():
        if theirs == fhir_status:
            return ours
    raise KeyError(fhir_status)


def coding(system: str, code: str, display: str | None = None) -> dict:
    out = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def domain_coding(domain: GoalDomain) -> dict:
    return coding(CS_GOAL_DOMAIN, domain.value, domain.label)


def sector_coding(sector: Sector) -> dict:
    return coding(CS_SECTOR, sector.value, sector.label)


def mode_coding(mode: AppointmentMode) -> dict:
    return coding(CS_APPOINTMENT_MODE, mode.value, mode.label)


# Patient: our column -> extension name, by value type.
PATIENT_TEXT = {
    "team": "team",
    "hearing_needs": "hearing-needs",
    "sight_needs": "sight-needs",
    "decision_support": "decision-support",
    "about_interests": "about-me-interests",
    "about_routines": "about-me-routines",
    "about_daily_life": "about-me-daily-life",
    "health_budget_note": "personal-health-budget",
    "status_reason": "record-status-reason",
}
PATIENT_FLAGS = {"large_print": "large-print", "easy_read": "easy-read"}
PATIENT_CODES = {"frailty": "frailty", "priority": "priority-tier", "status": "record-status"}
PATIENT_DATES = {"status_changed_on": "record-status-changed"}
COHORT = "cohort"

# CarePlan: the plan's dates and agreement, and its content (a complex extension).
PLAN_DATES = {
    "offered_on": "offered", "declined_on": "declined",
    "review_started_on": "review-started", "superseded_on": "superseded",
}
AGREEMENT = "agreement"
PLAN_CONTENT = "plan-content"
PLAN_LIFECYCLE = "plan-lifecycle"
PLAN_VERSION = "plan-version"
PLAN_IN_FORCE = "plan-in-force"
PLAN_DECLINED_NOTE = "declined-note"


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)
