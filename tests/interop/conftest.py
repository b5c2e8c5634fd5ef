"""Fixtures for sharing: a person with a full record, and a second, empty store."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.interop import builders


@pytest.fixture
def rich(ctx, person):
    """Ann Smith with a team, a lead, two plan versions, goals, actions, conditions,
    a carer, appointments (one moved, one cancelled) and consents (one withdrawn)."""
    return builders.fill_record(ctx, person.id)


@pytest.fixture
def other_ctx(tmp_path, today):
    """A second laptop: a fresh store with its own first user and nobody in it."""
    from carecoord.domain.enums import Role
    from carecoord.security.users import login
    from carecoord.services.base import Ctx
    from carecoord.services.setup import FirstUser, initialise

    made = initialise(tmp_path / "other", FirstUser("sam", "Sam Other", Role.CLINICIAN,
                                                    "another long password",
                                                    organisation="Hillside Practice"),
                      passphrase="another store passphrase")
    yield Ctx(made.store, login(made.store, "sam", "another long password"),
              today=lambda: today)
    made.store.close()


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
