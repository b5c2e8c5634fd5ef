"""Fixtures for sharing: a person with a full record, and a second, empty store.

Building Ann's full record through the services takes about a second, and most tests here
need it, so it is built once per session in a template store; each test opens its own copy
of the files (the same store, the same key), which takes a few milliseconds. A test that
does not ask for `rich` gets a copy of an empty template instead, as the shared fixtures
would have made it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, PASSWORD
from tests.interop import builders

TODAY = dt.date(2026, 11, 22)
OTHER_PASSWORD = "another long password"


@dataclass(frozen=True)
class Template:
    path: Path
    key: bytes
    rich: builders.Rich | None = None


def _make(where: Path, username: str, name: str, password: str, organisation: str):
    from carecoord.domain.enums import Role
    from carecoord.services.setup import FirstUser, initialise

    return initialise(where, FirstUser(username, name, Role.CLINICIAN, password,
                                       organisation=organisation),
                      passphrase=PASSPHRASE, use_keyring=False)


def _ctx(store, username: str, password: str):
    from carecoord.security.users import login
    from carecoord.services.base import Ctx

    return Ctx(store, login(store, username, password), today=lambda: TODAY)


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> dict[str, Template]:
    from carecoord.services.people import PersonInput, create_person

    root = tmp_path_factory.mktemp("templates")
    out = {}
    made = _make(root / "empty", "jo", "Jo Bloggs", PASSWORD, "Riverside Community Nursing")
    out["empty"] = Template(root / "empty", made.store.key)
    made.store.close()
    made = _make(root / "rich", "jo", "Jo Bloggs", PASSWORD, "Riverside Community Nursing")
    ctx = _ctx(made.store, "jo", PASSWORD)
    ann = create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940",
                                         preferred_name="Annie"))
    out["rich"] = Template(root / "rich", made.store.key, builders.fill_record(ctx, ann.id))
    made.store.close()
    made = _make(root / "other", "sam", "Sam Other", OTHER_PASSWORD, "Hillside Practice")
    out["other"] = Template(root / "other", made.store.key)
    made.store.close()
    return out


def _open_copy(template: Template, where: Path):
    from carecoord.store.store import open_store

    shutil.copytree(template.path, where)
    return open_store(where, template.key)


@dataclass
class _Opened:
    store: object


@pytest.fixture
def new_store(request, templates, data_dir):
    """The shared fixture's store, but copied from a template instead of made afresh."""
    name = "rich" if "rich" in request.fixturenames else "empty"
    store = _open_copy(templates[name], data_dir)
    yield _Opened(store)
    store.close()


@pytest.fixture
def person(request, ctx, templates):
    from carecoord.services.people import PersonInput, create_person, find_by_nhs

    if "rich" in request.fixturenames:
        return find_by_nhs(ctx, "9434765919")
    return create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940",
                                          preferred_name="Annie"))


@pytest.fixture
def rich(ctx, templates) -> builders.Rich:
    """Ann Smith with a team, a lead, three plan versions, goals, actions, conditions,
    a carer, appointments (one moved, one cancelled) and consents (one withdrawn)."""
    return templates["rich"].rich


@pytest.fixture
def other_ctx(tmp_path, templates):
    """A second laptop: a fresh store with its own first user and nobody in it."""
    store = _open_copy(templates["other"], tmp_path / "other")
    yield _ctx(store, "sam", OTHER_PASSWORD)
    store.close()


@pytest.fixture
def empty_store_template(templates) -> tuple[Path, bytes]:
    return templates["other"].path, templates["other"].key
