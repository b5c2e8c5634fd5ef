"""The person: identity, conditions, alerts, cohorts, carers and communication needs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carecoord.domain.enums import (
    AlertKind,
    ConditionStatus,
    Frailty,
    PersonStatus,
    PriorityTier,
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


class Person(IdMixin, UidMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "person"
    nhs_number: Mapped[str] = mapped_column(String(10), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[dt.date] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    gp_practice: Mapped[str | None] = mapped_column(String(200))
    team: Mapped[str | None] = mapped_column(String(100), index=True)
    frailty: Mapped[Frailty | None] = enum_col(Frailty, "frailty", nullable=True)
    priority: Mapped[PriorityTier | None] = enum_col(PriorityTier, "priority", nullable=True)
    status: Mapped[PersonStatus] = enum_col(PersonStatus, "status", default=PersonStatus.ACTIVE)
    status_changed_on: Mapped[dt.date | None] = mapped_column(Date)
    status_reason: Mapped[str | None] = mapped_column(Text)
    # Communication and access needs (seed 001:2364)
    preferred_language: Mapped[str | None] = mapped_column(String(60))
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    large_print: Mapped[bool] = mapped_column(Boolean, default=False)
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False)
    hearing_needs: Mapped[str | None] = mapped_column(Text)
    sight_needs: Mapped[str | None] = mapped_column(Text)
    decision_support: Mapped[str | None] = mapped_column(Text)
    # About me (seed 004:248)
    about_interests: Mapped[str | None] = mapped_column(Text)
    about_routines: Mapped[str | None] = mapped_column(Text)
    about_daily_life: Mapped[str | None] = mapped_column(Text)
    # A personal health budget is recorded as an arrangement only, never as money.
    health_budget_note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_person_family_given", "family_name", "given_name"),
        Index("ix_person_status", "status"),
    )


class PersonCohort(IdMixin, Base):
    __tablename__ = "person_cohort"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    cohort: Mapped[str] = mapped_column(String(60))
    __table_args__ = (
        UniqueConstraint("person_id", "cohort"),
        Index("ix_person_cohort_cohort", "cohort"),
    )


class Condition(IdMixin, UidMixin, VersionedMixin, RetiredMixin, TimestampMixin, Base):
    """One plan covers all conditions; this is the list of them."""

    __tablename__ = "condition"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    snomed_code: Mapped[str | None] = mapped_column(String(20))
    onset_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ConditionStatus] = enum_col(
        ConditionStatus, "status", default=ConditionStatus.ACTIVE
    )


class Alert(IdMixin, UidMixin, RetiredMixin, TimestampMixin, Base):
    """Shown prominently to professionals; never printed on the person's copy unless asked."""

    __tablename__ = "alert"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[AlertKind] = enum_col(AlertKind, "kind")
    text: Mapped[str] = mapped_column(Text)
    raised_on: Mapped[dt.date] = mapped_column(Date)


class Carer(IdMixin, UidMixin, VersionedMixin, RetiredMixin, TimestampMixin, Base):
    """A carer or other supporter, with the person's consent to involve them."""

    __tablename__ = "carer"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    relationship: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    consent_to_involve: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_recorded_on: Mapped[dt.date | None] = mapped_column(Date)
    nominated: Mapped[bool] = mapped_column(Boolean, default=False)
    own_needs: Mapped[str | None] = mapped_column(Text)
