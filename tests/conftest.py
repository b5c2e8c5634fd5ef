"""Shared fixtures. Tests never touch the real OS keyring: an in-memory backend stands in."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Subprocesses (CLI tests) must not find a developer's real keyring either.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

from carecoord.security import kdf  # noqa: E402

# Real scrypt costs ~80 ms a call; tests make hundreds of stores. The cost is stored with
# every hash and wrap, so lowering it here does not change what production code verifies.
kdf.SCRYPT_N = 2**10


class MemoryKeyring(KeyringBackend):
    priority = 10

    def __init__(self):
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring():
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


PASSWORD = "correct horse battery"
PASSPHRASE = "a long store passphrase"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def new_store(data_dir):
    from carecoord.domain.enums import Role
    from carecoord.services.setup import FirstUser, initialise

    made = initialise(data_dir, FirstUser("jo", "Jo Bloggs", Role.CLINICIAN, PASSWORD,
                                          organisation="Riverside Community Nursing"),
                      passphrase=PASSPHRASE)
    yield made
    made.store.close()


@pytest.fixture
def store(new_store):
    return new_store.store


@pytest.fixture
def today() -> dt.date:
    return dt.date(2026, 11, 22)


@pytest.fixture
def ctx(store, today):
    from carecoord.security.users import login
    from carecoord.services.base import Ctx

    return Ctx(store, login(store, "jo", PASSWORD), today=lambda: today)


@pytest.fixture
def person(ctx):
    from carecoord.services.people import PersonInput, create_person

    return create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940",
                                          preferred_name="Annie"))
