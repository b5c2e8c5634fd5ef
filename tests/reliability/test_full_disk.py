"""A full disk: a plain message, the typed text kept, and nothing half-written."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select, text

from carecoord.domain.errors import StoreError
from carecoord.services.base import Ctx
from carecoord.services.integrity import run_check
from carecoord.services.people import PersonInput, create_person, update_person
from carecoord.store.engine import make_engine
from carecoord.store.models import AuditEvent, Condition, Person, PersonCohort
from carecoord.store.paths import db_path
from carecoord.store.store import Store
from carecoord.store.unit_of_work import make_session_factory


def _counts(store) -> dict[str, int]:
    with store.session_factory() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (Person, AuditEvent, Condition, PersonCohort)}


@pytest.fixture
def full_ctx(ctx, person, data_dir):
    """The same store, seen through connections that may not grow it past its size now:
    SQLite's max_page_count gives exactly the error a full disk gives (SQLITE_FULL)."""
    with ctx.store.session_factory() as s:
        pages = s.execute(text("PRAGMA page_count")).scalar_one()
    engine = make_engine(db_path(data_dir), ctx.store.key, max_page_count=pages + 1)
    full = Store(data_dir, engine, make_session_factory(engine), ctx.store.key,
                 ctx.store.store_id)
    yield Ctx(full, ctx.actor, ctx.today)
    engine.dispose()


def test_a_full_disk_saves_nothing_says_so_and_keeps_the_form(full_ctx, ctx, person):
    before = _counts(ctx.store)
    typed = PersonInput("401 023 2137", "Cara", "Ndlovu", "05/06/1961",
                        about_interests="Grandchildren, choir on Thursdays. " * 3000,
                        cohorts=("Housebound",))
    kept = dataclasses.replace(typed)
    with pytest.raises(StoreError) as caught:
        create_person(full_ctx, typed)
    assert str(caught.value).startswith("The disk is full, so nothing was saved.")
    assert "your typing is still in the form" in str(caught.value)
    # The service never clears what was typed: the form can offer it again as it was.
    assert typed == kept
    # The person, their cohort and the audit event were one transaction: none of it is there.
    assert _counts(ctx.store) == before
    assert run_check(ctx.store).ok
    # After freeing space (here: the ordinary connections), the same input saves whole.
    saved = create_person(ctx, typed)
    assert saved.cohorts == ("Housebound",)
    assert _counts(ctx.store)["person"] == before["person"] + 1


def test_a_full_disk_on_update_leaves_the_record_as_it_was(full_ctx, ctx, person):
    from carecoord.services.people import open_person

    big = PersonInput(person.nhs_number, person.given_name, person.family_name,
                      person.date_of_birth, preferred_name="Annie",
                      about_routines="Up at six; " * 5000)
    with pytest.raises(StoreError, match="disk is full"):
        update_person(full_ctx, person.id, big, expected_version=person.version_id)
    now = open_person(ctx, person.id)
    assert now.about_routines is None and now.version_id == person.version_id
    assert run_check(ctx.store).ok
