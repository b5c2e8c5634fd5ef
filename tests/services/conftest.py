"""Fixtures shared by the service tests: a second professional, more people, a read-only
user, and a way to read the audit trail back."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from carecoord.domain.enums import Role, Sector
from carecoord.domain.nhs_number import check_digit
from carecoord.security.users import add_user, login
from carecoord.services.base import Ctx
from carecoord.services.people import PersonInput, create_person
from carecoord.services.team import ProfessionalInput, add_professional
from carecoord.store.models import AuditEvent
from carecoord.store.unit_of_work import unit_of_work

VIEWER_PASSWORD = "viewer password 1"


def nhs_numbers():
    """Valid NHS numbers from the 999 test range, never the fixture's 943 476 5919."""
    for n in itertools.count(1000000):
        nine = f"99{n:07d}"
        digit = check_digit(nine)
        if digit is not None:
            yield nine + str(digit)


@pytest.fixture
def make_person(ctx):
    numbers = nhs_numbers()

    def make(given: str = "Bob", family: str = "Jones"):
        return create_person(ctx, PersonInput(next(numbers), given, family, "01/01/1950"))

    return make


@pytest.fixture
def me(ctx) -> int:
    """The signed-in clinician's own professional id."""
    assert ctx.actor.professional_id is not None
    return ctx.actor.professional_id


@pytest.fixture
def other_pro(ctx) -> int:
    return add_professional(ctx, ProfessionalInput(
        "Priya Shah", "District nurse", Sector.COMMUNITY_NURSING, "Riverside Nursing")).id


@pytest.fixture
def viewer_ctx(store, today) -> Ctx:
    with unit_of_work(store.session_factory, write=True) as uow:
        add_user(uow.session, username="huddle", full_name="Huddle Screen",
                 role=Role.HUDDLE_VIEWER, password=VIEWER_PASSWORD)
    return Ctx(store, login(store, "huddle", VIEWER_PASSWORD), today=lambda: today)


def last_audit_id(store) -> int:
    with store.session_factory() as s:
        return s.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0


def audit_since(store, after_id: int) -> list[AuditEvent]:
    with store.session_factory() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.id > after_id)
                              .order_by(AuditEvent.id)))


def with_today(ctx: Ctx, day) -> Ctx:
    return Ctx(ctx.store, ctx.actor, today=lambda: day)
