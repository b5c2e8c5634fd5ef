"""Declarative base, naming convention (Alembic batch mode needs named constraints) and mixins."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import Date, DateTime, Enum, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def new_uid() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def enum_col(enum_cls: type[StrEnum], name: str, nullable: bool = False, default=None):
    """A status column stored as its code and guarded by a CHECK constraint."""
    return mapped_column(
        Enum(
            enum_cls,
            name=name,
            native_enum=False,
            create_constraint=True,
            validate_strings=True,
            length=32,
            values_callable=lambda e: [m.value for m in e],
        ),
        nullable=nullable,
        default=default,
    )


class IdMixin:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class UidMixin:
    """A stable identity that survives export to another laptop and back."""

    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)


class VersionedMixin:
    """Optimistic concurrency: a stale write raises instead of overwriting someone's change."""

    version_id: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version_id}


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class RetiredMixin:
    """Nothing is hard-deleted: a record is retired with a date and a reason."""

    retired_on: Mapped[dt.date | None] = mapped_column(Date)
    retired_reason: Mapped[str | None] = mapped_column(Text)
