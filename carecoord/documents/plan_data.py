"""What a printed plan holds: plain frozen values, assembled by carecoord.services.printing.

The renderer sees nothing else, so what is not loaded here cannot reach paper. Alerts,
conditions and the audit summary are only loaded for a professional copy (or, for alerts,
when the user explicitly asks for them on the person's copy).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from carecoord.domain.enums import (
    Achievement,
    ActionSide,
    ActionStatus,
    AgreementMethod,
    AlertKind,
    AppointmentMode,
    ConditionStatus,
    GoalDomain,
    GoalLifecycle,
    OwnerKind,
    PlanStatus,
    ReferralStatus,
    ReferralUrgency,
)

if TYPE_CHECKING:  # the plan text as the plans service holds it
    from carecoord.services.plans import PlanContent


@dataclass(frozen=True)
class ActionEntry:
    side: ActionSide
    description: str
    owner_kind: OwnerKind
    owner_name: str
    due_from: dt.date | None
    due_to: dt.date | None
    status: ActionStatus
    completed_on: dt.date | None


@dataclass(frozen=True)
class GoalEntry:
    words: str
    domain: GoalDomain
    target_from: dt.date | None
    target_to: dt.date | None
    lifecycle: GoalLifecycle
    achievement: Achievement
    actions: tuple[ActionEntry, ...] = ()
    ratings: tuple[tuple[dt.date, int], ...] = ()

    def side(self, side: ActionSide) -> tuple[ActionEntry, ...]:
        return tuple(a for a in self.actions if a.side == side)


@dataclass(frozen=True)
class TeamEntry:
    name: str
    role: str
    organisation: str | None
    phone: str | None
    email: str | None
    out_of_hours: str | None
    is_lead: bool
    as_required: bool
    sector_label: str = ""


@dataclass(frozen=True)
class AppointmentEntry:
    starts_at: dt.datetime
    minutes: int
    mode: AppointmentMode
    place: str | None
    with_name: str | None
    purpose: str
    transport_needs: str | None
    access_needs: str | None


@dataclass(frozen=True)
class ReferralEntry:
    service: str
    reason: str
    urgency: ReferralUrgency
    referred_on: dt.date
    seen_on: dt.date | None
    status: ReferralStatus


@dataclass(frozen=True)
class CarerEntry:
    name: str
    relationship: str
    phone: str | None
    email: str | None
    nominated: bool
    consent_to_involve: bool
    own_needs: str | None = None


@dataclass(frozen=True)
class AlertEntry:
    kind: AlertKind
    text: str
    raised_on: dt.date


@dataclass(frozen=True)
class ConditionEntry:
    name: str
    snomed_code: str | None
    onset_date: dt.date | None
    status: ConditionStatus


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    username: str
    action: str
    entity: str


@dataclass(frozen=True)
class RecordDetail:
    """Professional copy only."""

    date_of_birth: dt.date
    gp_practice: str | None = None
    frailty: str | None = None
    priority: str | None = None
    cohorts: tuple[str, ...] = ()
    communication: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanDocument:
    # Who
    person_id: int
    name: str
    preferred_name: str | None
    nhs_number: str  # ten digits
    date_of_birth: dt.date
    # Which version
    plan_id: int
    version: int
    status: PlanStatus
    agreed_on: dt.date | None
    person_agreed_by: str | None
    person_agreed_on: dt.date | None
    agreement_method: AgreementMethod | None
    lead_agreed_on: dt.date | None
    lead_professional: str | None
    review_date: dt.date | None
    superseded_on: dt.date | None
    content: PlanContent
    goals: tuple[GoalEntry, ...]
    team: tuple[TeamEntry, ...]
    appointments: tuple[AppointmentEntry, ...]
    referrals: tuple[ReferralEntry, ...]
    carers: tuple[CarerEntry, ...]
    # Printing
    printed_on: dt.date
    printed_by: str
    app_version: str
    # Only for a professional copy, or alerts when explicitly asked for.
    alerts: tuple[AlertEntry, ...] = ()
    alerts_on_patient_copy: bool = False
    professional_detail: bool = False
    conditions: tuple[ConditionEntry, ...] = ()
    record: RecordDetail | None = None
    audit: tuple[AuditEntry, ...] = ()

    @property
    def nhs_formatted(self) -> str:
        d = self.nhs_number
        return f"{d[:3]} {d[3:6]} {d[6:]}" if len(d) == 10 else d

    @property
    def was_agreed(self) -> bool:
        """Agreed, under review or superseded: all were agreed. Only these print clean."""
        return self.agreed_on is not None and self.status in (
            PlanStatus.AGREED, PlanStatus.UNDER_REVIEW, PlanStatus.SUPERSEDED)

    @property
    def watermark(self) -> str | None:
        if not self.was_agreed:
            return "DRAFT"
        if self.status == PlanStatus.SUPERSEDED:
            return "REPLACED"
        return None

    @property
    def lead(self) -> TeamEntry | None:
        return next((t for t in self.team if t.is_lead), None)
