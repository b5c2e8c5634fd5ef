"""All ORM models. Importing this package registers every table on Base.metadata."""

from carecoord.store.models.activity import (
    Appointment,
    AppointmentChange,
    BriefIntervention,
    ContactEvent,
    ExperienceAnswer,
    ExperienceQuestion,
    Huddle,
    HuddleItem,
    LifestyleCheck,
    Reading,
    ReadingKind,
    Referral,
    Task,
)
from carecoord.store.models.base import Base
from carecoord.store.models.people import Alert, Carer, Condition, Person, PersonCohort
from carecoord.store.models.plans import Action, CarePlan, Goal, GoalRating
from carecoord.store.models.security import AuditEvent, ExportRecord, Setting, StoreMeta, User
from carecoord.store.models.sharing import ConsentToShare
from carecoord.store.models.team import (
    CareTeamMember,
    LeadAssignment,
    Organisation,
    Professional,
)

__all__ = [
    "Action", "Alert", "Appointment", "AppointmentChange", "AuditEvent", "Base",
    "BriefIntervention", "CarePlan", "CareTeamMember", "Carer", "Condition", "ConsentToShare",
    "ContactEvent", "ExperienceAnswer", "ExperienceQuestion", "ExportRecord", "Goal",
    "GoalRating", "Huddle", "HuddleItem", "LeadAssignment", "LifestyleCheck", "Organisation",
    "Person", "PersonCohort", "Professional", "Reading", "ReadingKind", "Referral", "Setting",
    "StoreMeta", "Task", "User",
]
