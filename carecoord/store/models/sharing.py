"""Consent to share, per recipient."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carecoord.domain.enums import ConsentMethod, RecipientKind
from carecoord.store.models.base import (
    Base,
    IdMixin,
    TimestampMixin,
    UidMixin,
    VersionedMixin,
    enum_col,
)


class ConsentToShare(IdMixin, UidMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "consent_to_share"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(200))
    recipient_kind: Mapped[RecipientKind] = enum_col(RecipientKind, "recipient_kind")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    scope: Mapped[str] = mapped_column(Text)
    given_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[ConsentMethod] = enum_col(ConsentMethod, "method")
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
