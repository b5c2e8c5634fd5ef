"""Every status and category as a Python enum. The store backs each with a CHECK constraint.

Values are stable codes (FHIR codes where FHIR has one); `label` is the plain-English text
a professional sees. The person's printed copy has its own wording in documents/.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("-", " ").replace("_", " ").capitalize())

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class Role(LabelledEnum):
    CLINICIAN = "clinician"
    COORDINATOR = "coordinator"
    HUDDLE_VIEWER = "huddle_viewer"
    ADMIN = "admin"


class PersonStatus(LabelledEnum):
    ACTIVE = "active"
    DISCHARGED = "discharged"
    DECEASED = "deceased"


class Frailty(LabelledEnum):
    FIT = "fit"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class PriorityTier(LabelledEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ConditionStatus(LabelledEnum):
    ACTIVE = "active"
    REMISSION = "remission"
    RESOLVED = "resolved"


class AlertKind(LabelledEnum):
    SAFEGUARDING = "safeguarding"
    RISK_TO_STAFF = "risk_to_staff"
    CLINICAL = "clinical"
    OTHER = "other"


class PlanStatus(LabelledEnum):
    """The plan lifecycle. 'Not offered' is the absence of any plan row."""

    OFFERED = "offered"
    DECLINED = "declined"
    DRAFT = "draft"
    AGREED = "agreed"
    UNDER_REVIEW = "under_review"
    SUPERSEDED = "superseded"


class AgreementMethod(LabelledEnum):
    SIGNED = "signed"
    VERBAL = "verbal"
    REPRESENTATIVE = "representative"
    LASTING_POWER_OF_ATTORNEY = "lpa"


class GoalDomain(LabelledEnum):
    PHYSICAL_HEALTH = "physical_health"
    MENTAL_WELLBEING = "mental_wellbeing"
    SOCIAL = "social"
    UNDERSTANDING_CONDITIONS = "understanding_conditions"
    CARE_ARRANGEMENTS = "care_arrangements"
    LIFESTYLE = "lifestyle"


class GoalLifecycle(LabelledEnum):
    """FHIR Goal.lifecycleStatus (the subset we use)."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Achievement(LabelledEnum):
    """FHIR Goal.achievementStatus (the subset we use)."""

    IN_PROGRESS = "in-progress"
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no-change"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not-achieved"


class ActionSide(LabelledEnum):
    """Co-management: what the person will do, and what the team will do."""

    PERSON = "person"
    TEAM = "team"


class OwnerKind(LabelledEnum):
    PERSON = "person"
    CARER = "carer"
    TEAM_MEMBER = "team_member"


class ActionStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class Sector(LabelledEnum):
    GP_PRACTICE = "gp_practice"
    COMMUNITY_NURSING = "community_nursing"
    HOSPITAL_SPECIALIST = "hospital_specialist"
    MENTAL_HEALTH = "mental_health"
    SOCIAL_CARE = "social_care"
    HOUSING = "housing"
    PHARMACY = "pharmacy"
    VOLUNTARY_SECTOR = "voluntary_sector"
    OTHER = "other"


class MemberType(LabelledEnum):
    CORE = "core"
    AS_REQUIRED = "as_required"


class AppointmentMode(LabelledEnum):
    HOME_VISIT = "home_visit"
    CLINIC = "clinic"
    PHONE = "phone"
    VIDEO = "video"


class AppointmentStatus(LabelledEnum):
    BOOKED = "booked"
    ATTENDED = "attended"
    DID_NOT_ATTEND = "did_not_attend"
    CANCELLED_BY_PERSON = "cancelled_by_person"
    CANCELLED_BY_SERVICE = "cancelled_by_service"


class ReferralUrgency(LabelledEnum):
    ROUTINE = "routine"
    URGENT = "urgent"
    TWO_WEEK_WAIT = "two_week_wait"


class ReferralStatus(LabelledEnum):
    AWAITING = "awaiting"
    ACCEPTED = "accepted"
    SEEN = "seen"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class TaskStatus(LabelledEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class TaskSource(LabelledEnum):
    MANUAL = "manual"
    DISCHARGE_FOLLOW_UP = "discharge_follow_up"
    HUDDLE = "huddle"


class ContactKind(LabelledEnum):
    UNPLANNED_ADMISSION = "unplanned_admission"
    AE_ATTENDANCE = "ae_attendance"
    CALL_999 = "call_999"
    GP_CONTACT = "gp_contact"
    DISCHARGE = "discharge"
    HOME_VISIT = "home_visit"
    OTHER = "other"


class SmokingStatus(LabelledEnum):
    NEVER = "never"
    EX_SMOKER = "ex_smoker"
    CURRENT = "current"
    NOT_ASKED = "not_asked"


class ActivityLevel(LabelledEnum):
    INACTIVE = "inactive"
    MODERATELY_INACTIVE = "moderately_inactive"
    MODERATELY_ACTIVE = "moderately_active"
    ACTIVE = "active"


class InterventionTopic(LabelledEnum):
    SMOKING = "smoking"
    ALCOHOL = "alcohol"
    ACTIVITY = "activity"
    DIET_WEIGHT = "diet_weight"
    WELLBEING = "wellbeing"


class ReferralOffer(LabelledEnum):
    NOT_OFFERED = "not_offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class LifestyleService(LabelledEnum):
    STOP_SMOKING = "stop_smoking"
    WEIGHT_MANAGEMENT = "weight_management"
    ALCOHOL = "alcohol"
    EXERCISE = "exercise"
    TALKING_THERAPIES = "talking_therapies"


class ConsentMethod(LabelledEnum):
    VERBAL = "verbal"
    WRITTEN = "written"
    REPRESENTATIVE = "representative"


class RecipientKind(LabelledEnum):
    ORGANISATION = "organisation"
    PERSON = "person"


class ExportKind(LabelledEnum):
    PDF = "pdf"
    FHIR = "fhir"
    ICS = "ics"
    CSV = "csv"
    RECORD = "record"
    BACKUP = "backup"


_LABELS: dict[StrEnum, str] = {
    Role.HUDDLE_VIEWER: "Huddle viewer (read only)",
    Role.ADMIN: "Administrator",
    PlanStatus.UNDER_REVIEW: "Under review",
    AgreementMethod.LASTING_POWER_OF_ATTORNEY: "By lasting power of attorney",
    AgreementMethod.REPRESENTATIVE: "By a representative",
    AgreementMethod.SIGNED: "Signed",
    AgreementMethod.VERBAL: "Verbal",
    GoalDomain.UNDERSTANDING_CONDITIONS: "Understanding my conditions",
    GoalLifecycle.ON_HOLD: "On hold",
    Achievement.IN_PROGRESS: "In progress",
    Achievement.NO_CHANGE: "No change",
    Achievement.NOT_ACHIEVED: "Not achieved",
    ActionSide.PERSON: "What I will do",
    ActionSide.TEAM: "What my team will do",
    OwnerKind.TEAM_MEMBER: "Care team member",
    Sector.GP_PRACTICE: "GP practice",
    MemberType.AS_REQUIRED: "Specialist input as required",
    AppointmentMode.HOME_VISIT: "Home visit",
    AppointmentStatus.DID_NOT_ATTEND: "Did not attend",
    AppointmentStatus.CANCELLED_BY_PERSON: "Cancelled by the person",
    AppointmentStatus.CANCELLED_BY_SERVICE: "Cancelled by the service",
    ReferralUrgency.TWO_WEEK_WAIT: "Two-week wait",
    TaskSource.DISCHARGE_FOLLOW_UP: "Follow-up after discharge",
    ContactKind.AE_ATTENDANCE: "A&E attendance",
    ContactKind.CALL_999: "999 call",
    ContactKind.GP_CONTACT: "GP contact",
    SmokingStatus.EX_SMOKER: "Ex-smoker",
    InterventionTopic.DIET_WEIGHT: "Diet and weight",
    LifestyleService.STOP_SMOKING: "Stop smoking service",
    LifestyleService.TALKING_THERAPIES: "Talking therapies",
    ExportKind.FHIR: "FHIR bundle",
    ExportKind.ICS: "Calendar file",
    ExportKind.RECORD: "Full record (subject access)",
}

# Cohort tags are stored as these words: person_cohort keeps the text, the FHIR cohort
# extension and the caseload filters carry it, and an import checks it against this list.
# So a stored word never changes; where it is jargon, COHORT_LABELS gives the plain words
# that people see on screen and on paper.
COHORTS: tuple[str, ...] = (
    "Housebound",
    "Dementia",
    "CPA",
    "Learning disability",
    "Homeless",
    "End of life",
    "Carer",
)

COHORT_LABELS: dict[str, str] = {
    "CPA": "Care programme approach (mental health)",
}


def cohort_label(cohort: str) -> str:
    """The plain words for a stored cohort tag."""
    return COHORT_LABELS.get(cohort, cohort)
