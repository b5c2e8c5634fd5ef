"""Appointments, referrals, tasks, contacts, lifestyle checks, readings, experience, huddles."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carecoord.domain.enums import (
    ActivityLevel,
    AppointmentMode,
    AppointmentStatus,
    ContactKind,
    InterventionTopic,
    LifestyleService,
    ReferralOffer,
    ReferralStatus,
    ReferralUrgency,
    SmokingStatus,
    TaskSource,
    TaskStatus,
)
from carecoord.store.models.base import (
    Base,
    IdMixin,
    RetiredMixin,
    TimestampMixin,
    UidMixin,
    VersionedMixin,
    enum_col,
)


class Appointment(IdMixin, UidMixin, VersionedMixin, TimestampMixin, Base):
    """Times are Europe/London wall-clock times. `sequence` rises on each reschedule (RFC 5545).
    `status_reason` is why it was cancelled or missed, or a note on what happened."""

    __tablename__ = "appointment"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    minutes: Mapped[int] = mapped_column(Integer, default=30)
    mode: Mapped[AppointmentMode] = enum_col(AppointmentMode, "mode")
    place: Mapped[str | None] = mapped_column(Text)
    professional_id: Mapped[int | None] = mapped_column(ForeignKey("professional.id"))
    with_name: Mapped[str | None] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(200))
    status: Mapped[AppointmentStatus] = enum_col(
        AppointmentStatus, "status", default=AppointmentStatus.BOOKED
    )
    transport_needs: Mapped[str | None] = mapped_column(Text)
    access_needs: Mapped[str | None] = mapped_column(Text)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    status_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_appointment_person_starts", "person_id", "starts_at"),
        # The caseload's "next booked appointment" per person.
        Index("ix_appointment_person_status_starts", "person_id", "status", "starts_at"),
        Index("ix_appointment_professional_starts", "professional_id", "starts_at"),
    )


class AppointmentChange(IdMixin, TimestampMixin, Base):
    """Rescheduling keeps a history."""

    __tablename__ = "appointment_change"
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointment.id"), index=True)
    old_starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    new_starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class Referral(IdMixin, UidMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "referral"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    service: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    urgency: Mapped[ReferralUrgency] = enum_col(ReferralUrgency, "urgency")
    referred_on: Mapped[dt.date] = mapped_column(Date)
    seen_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ReferralStatus] = enum_col(
        ReferralStatus, "status", default=ReferralStatus.AWAITING
    )
    referred_by: Mapped[int | None] = mapped_column(ForeignKey("professional.id"))


class Task(IdMixin, UidMixin, VersionedMixin, TimestampMixin, Base):
    """`closed_note` is the note given when it was done, or the reason it was cancelled."""

    __tablename__ = "task"
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    owner_professional_id: Mapped[int | None] = mapped_column(ForeignKey("professional.id"))
    description: Mapped[str] = mapped_column(Text)
    due_from: Mapped[dt.date | None] = mapped_column(Date)
    due_to: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[TaskStatus] = enum_col(TaskStatus, "status", default=TaskStatus.OPEN)
    source: Mapped[TaskSource] = enum_col(TaskSource, "source", default=TaskSource.MANUAL)
    contact_event_id: Mapped[int | None] = mapped_column(ForeignKey("contact_event.id"))
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_task_owner_status", "owner_professional_id", "status", "due_to"),)


class ContactEvent(IdMixin, UidMixin, RetiredMixin, TimestampMixin, Base):
    """Admissions, A&E, 999 calls, GP contacts, discharges and visits."""

    __tablename__ = "contact_event"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    kind: Mapped[ContactKind] = enum_col(ContactKind, "kind")
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    discharged_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    __table_args__ = (Index("ix_contact_event_person_kind_on", "person_id", "kind", "occurred_on"),)


class LifestyleCheck(IdMixin, UidMixin, RetiredMixin, TimestampMixin, Base):
    """Make Every Contact Count: a quick check at any contact."""

    __tablename__ = "lifestyle_check"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    checked_on: Mapped[dt.date] = mapped_column(Date)
    smoking: Mapped[SmokingStatus] = enum_col(SmokingStatus, "smoking")
    alcohol_units_week: Mapped[float | None] = mapped_column(Float)
    activity: Mapped[ActivityLevel | None] = enum_col(ActivityLevel, "activity", nullable=True)
    height_cm: Mapped[float | None] = mapped_column(Float)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    bmi: Mapped[float | None] = mapped_column(Float)
    diet_note: Mapped[str | None] = mapped_column(Text)
    wellbeing_score: Mapped[int | None] = mapped_column(Integer)
    wellbeing_note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    __table_args__ = (Index("ix_lifestyle_check_person_on", "person_id", "checked_on"),)


class BriefIntervention(IdMixin, TimestampMixin, Base):
    __tablename__ = "brief_intervention"
    check_id: Mapped[int] = mapped_column(ForeignKey("lifestyle_check.id"), index=True)
    topic: Mapped[InterventionTopic] = enum_col(InterventionTopic, "topic")
    advice: Mapped[str | None] = mapped_column(Text)
    leaflet_given: Mapped[bool] = mapped_column(Boolean, default=False)
    service: Mapped[LifestyleService | None] = enum_col(
        LifestyleService, "service", nullable=True
    )
    referral: Mapped[ReferralOffer] = enum_col(
        ReferralOffer, "referral", default=ReferralOffer.NOT_OFFERED
    )


class ReadingKind(IdMixin, Base):
    """Configurable kinds of reading, each with a plausible and a usual range."""

    __tablename__ = "reading_kind"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(20))
    two_values: Mapped[bool] = mapped_column(Boolean, default=False)
    plausible_min: Mapped[float] = mapped_column(Float)
    plausible_max: Mapped[float] = mapped_column(Float)
    usual_min: Mapped[float] = mapped_column(Float)
    usual_max: Mapped[float] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Reading(IdMixin, UidMixin, RetiredMixin, TimestampMixin, Base):
    __tablename__ = "reading"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    kind_id: Mapped[int] = mapped_column(ForeignKey("reading_kind.id"))
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime)
    value: Mapped[float] = mapped_column(Float)
    value2: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    __table_args__ = (Index("ix_reading_person_kind_at", "person_id", "kind_id", "taken_at"),)


class ExperienceQuestion(IdMixin, Base):
    __tablename__ = "experience_question"
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ExperienceAnswer(IdMixin, TimestampMixin, Base):
    """The person's answer (0–4, 'not at all' to 'completely') at a review."""

    __tablename__ = "experience_answer"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("care_plan.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("experience_question.id"))
    answered_on: Mapped[dt.date] = mapped_column(Date)
    score: Mapped[int] = mapped_column(Integer)


class Huddle(IdMixin, UidMixin, TimestampMixin, Base):
    __tablename__ = "huddle"
    held_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class HuddleItem(IdMixin, RetiredMixin, TimestampMixin, Base):
    """Someone on a huddle's agenda. Taken off the agenda with a reason, never deleted."""

    __tablename__ = "huddle_item"
    huddle_id: Mapped[int] = mapped_column(ForeignKey("huddle.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    position: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
