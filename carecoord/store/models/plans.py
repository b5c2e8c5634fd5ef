"""The care plan, its versions, goals, ratings and actions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from carecoord.domain.enums import (
    Achievement,
    ActionSide,
    ActionStatus,
    AgreementMethod,
    GoalDomain,
    GoalLifecycle,
    OwnerKind,
    PlanStatus,
)
from carecoord.store.models.base import (
    Base,
    IdMixin,
    RetiredMixin,
    TimestampMixin,
    UidMixin,
    VersionedMixin,
    enum_col,
    new_uid,
)


class CarePlan(IdMixin, UidMixin, VersionedMixin, TimestampMixin, Base):
    """One row per version. An agreed version is frozen; a review starts the next version.

    `is_current` marks the version in force: a first draft, or the agreed (or under review)
    version. A review's new draft is not current until it is agreed.
    """

    __tablename__ = "care_plan"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    number: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[PlanStatus] = enum_col(PlanStatus, "status")
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("care_plan.id"))
    offered_on: Mapped[dt.date | None] = mapped_column(Date)
    declined_on: Mapped[dt.date | None] = mapped_column(Date)
    declined_note: Mapped[str | None] = mapped_column(Text)
    review_started_on: Mapped[dt.date | None] = mapped_column(Date)
    superseded_on: Mapped[dt.date | None] = mapped_column(Date)
    # Agreement: the person (or representative) and the lead professional both sign off.
    person_agreed_on: Mapped[dt.date | None] = mapped_column(Date)
    person_agreed_by: Mapped[str | None] = mapped_column(String(200))
    agreement_method: Mapped[AgreementMethod | None] = enum_col(
        AgreementMethod, "agreement_method", nullable=True
    )
    lead_agreed_on: Mapped[dt.date | None] = mapped_column(Date)
    lead_professional_id: Mapped[int | None] = mapped_column(ForeignKey("professional.id"))
    agreed_on: Mapped[dt.date | None] = mapped_column(Date)
    review_months: Mapped[int] = mapped_column(Integer, default=6)
    review_date: Mapped[dt.date | None] = mapped_column(Date)
    # Content, in the order it is shown and printed.
    what_matters: Mapped[str] = mapped_column(Text, default="")
    if_green: Mapped[str] = mapped_column(Text, default="")
    if_amber: Mapped[str] = mapped_column(Text, default="")
    if_red: Mapped[str] = mapped_column(Text, default="")
    in_hours_contact: Mapped[str] = mapped_column(Text, default="")
    out_of_hours_contact: Mapped[str] = mapped_column(Text, default="")
    crisis_numbers: Mapped[str] = mapped_column(Text, default="")
    self_management: Mapped[str] = mapped_column(Text, default="")
    self_monitoring: Mapped[str] = mapped_column(Text, default="")
    medicines: Mapped[str] = mapped_column(Text, default="")
    equipment: Mapped[str] = mapped_column(Text, default="")
    preferred_place_of_care: Mapped[str] = mapped_column(Text, default="")
    respect_form: Mapped[bool] = mapped_column(Boolean, default=False)
    respect_form_location: Mapped[str] = mapped_column(Text, default="")
    advance_care_plan: Mapped[bool] = mapped_column(Boolean, default=False)
    advance_care_plan_location: Mapped[str] = mapped_column(Text, default="")
    lasting_power_of_attorney: Mapped[bool] = mapped_column(Boolean, default=False)
    lasting_power_of_attorney_location: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("person_id", "number"),
        # Covers the caseload's join to the plan in force: status and review date come from
        # the index without touching the table.
        Index("ix_care_plan_current", "person_id", "is_current", "status", "review_date"),
        # The version in force: at most one per person.
        Index("uq_care_plan_one_current", "person_id", unique=True,
              sqlite_where=text("is_current = 1"), postgresql_where=text("is_current")),
        Index("ix_care_plan_review", "is_current", "review_date"),
    )


class Goal(IdMixin, UidMixin, VersionedMixin, RetiredMixin, TimestampMixin, Base):
    """A goal in the person's own words. `lineage` ties one goal across plan versions."""

    __tablename__ = "goal"
    plan_id: Mapped[int] = mapped_column(ForeignKey("care_plan.id"), index=True)
    lineage: Mapped[str] = mapped_column(String(36), default=new_uid, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    person_words: Mapped[str] = mapped_column(Text)
    domain: Mapped[GoalDomain] = enum_col(GoalDomain, "domain")
    target_from: Mapped[dt.date | None] = mapped_column(Date)
    target_to: Mapped[dt.date | None] = mapped_column(Date)
    lifecycle: Mapped[GoalLifecycle] = enum_col(
        GoalLifecycle, "lifecycle", default=GoalLifecycle.ACTIVE
    )
    achievement: Mapped[Achievement] = enum_col(
        Achievement, "achievement", default=Achievement.IN_PROGRESS
    )


class GoalRating(IdMixin, TimestampMixin, Base):
    """The person's own 0–10 rating, kept by goal lineage so it spans plan versions."""

    __tablename__ = "goal_rating"
    goal_lineage: Mapped[str] = mapped_column(String(36), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    rated_on: Mapped[dt.date] = mapped_column(Date)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    at_review: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class Action(IdMixin, UidMixin, VersionedMixin, RetiredMixin, TimestampMixin, Base):
    __tablename__ = "action"
    # "My actions" in Today: the owner's open actions without reading the whole table.
    __table_args__ = (Index("ix_action_owner_status", "owner_professional_id", "status"),)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), index=True)
    lineage: Mapped[str] = mapped_column(String(36), default=new_uid)
    position: Mapped[int] = mapped_column(Integer, default=0)
    side: Mapped[ActionSide] = enum_col(ActionSide, "side")
    description: Mapped[str] = mapped_column(Text)
    owner_kind: Mapped[OwnerKind] = enum_col(OwnerKind, "owner_kind")
    owner_name: Mapped[str] = mapped_column(String(200))
    owner_professional_id: Mapped[int | None] = mapped_column(ForeignKey("professional.id"))
    due_from: Mapped[dt.date | None] = mapped_column(Date)
    due_to: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = enum_col(
        ActionStatus, "status", default=ActionStatus.NOT_STARTED
    )
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
