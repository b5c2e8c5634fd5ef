"""The directory of professionals and organisations, care teams and the lead history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from carecoord.domain.enums import MemberType, Sector
from carecoord.store.models.base import (
    Base,
    IdMixin,
    RetiredMixin,
    TimestampMixin,
    UidMixin,
    VersionedMixin,
    enum_col,
)


class Organisation(IdMixin, UidMixin, RetiredMixin, TimestampMixin, Base):
    __tablename__ = "organisation"
    name: Mapped[str] = mapped_column(String(200), index=True)
    sector: Mapped[Sector] = enum_col(Sector, "sector")
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)


class Professional(IdMixin, UidMixin, VersionedMixin, RetiredMixin, TimestampMixin, Base):
    """One entry in the directory, added to many people's teams without being retyped."""

    __tablename__ = "professional"
    name: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(120))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    sector: Mapped[Sector] = enum_col(Sector, "sector")
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    out_of_hours: Mapped[str | None] = mapped_column(String(200))


class CareTeamMember(IdMixin, UidMixin, VersionedMixin, TimestampMixin, Base):
    """A member who leaves is ended with a date, never deleted."""

    __tablename__ = "care_team_member"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    professional_id: Mapped[int] = mapped_column(ForeignKey("professional.id"), index=True)
    member_type: Mapped[MemberType] = enum_col(MemberType, "member_type", default=MemberType.CORE)
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)


class LeadAssignment(IdMixin, UidMixin, TimestampMixin, Base):
    """Who held the named lead role and when. At most one open row per person."""

    __tablename__ = "lead_assignment"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    professional_id: Mapped[int] = mapped_column(ForeignKey("professional.id"))
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    handover_note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    __table_args__ = (
        Index(
            "uq_lead_assignment_one_open",
            "person_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
        Index("ix_lead_assignment_professional_open", "professional_id", "ended_on"),
        # The partial unique index above cannot serve a plain "this person's leads" lookup.
        Index("ix_lead_assignment_person_started", "person_id", "started_on"),
    )
