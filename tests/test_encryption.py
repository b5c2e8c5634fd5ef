"""The store file and its WAL hold no plaintext; plain sqlite3 cannot read them."""

import sqlite3

import pytest

from carecoord.domain.errors import StoreError
from carecoord.security import keystore
from carecoord.services import setup
from carecoord.services.people import PersonInput, create_person
from carecoord.store.paths import db_path
from tests.conftest import PASSPHRASE


def _files(data_dir):
    base = db_path(data_dir)
    return [p for p in (base, base.with_name(base.name + "-wal")) if p.exists()]


def test_no_plaintext_in_store_or_wal(ctx, data_dir):
    create_person(ctx, PersonInput("943 476 5919", "Zebedee", "Quartermaine", "12/03/1940",
                                   address="17 Unmistakable Lane"))
    files = _files(data_dir)
    assert any(p.name.endswith("-wal") for p in files), "the WAL should exist while open"
    for path in files:
        raw = path.read_bytes()
        assert len(raw) > 0
        for secret in (b"Quartermaine", b"Zebedee", b"9434765919", b"Unmistakable",
                       "Quartermaine".encode("utf-16-le"), b"SQLite format 3"):
            assert secret not in raw, f"{secret!r} found in {path.name}"


def test_plain_sqlite_cannot_read_the_store(ctx, data_dir):
    conn = sqlite3.connect(db_path(data_dir))
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_wrong_passphrase_fails_clearly(new_store, data_dir, memory_keyring):
    new_store.store.close()
    memory_keyring.items.clear()
    assert setup.needs_secret(data_dir)
    with pytest.raises(keystore.WrongSecretError, match="passphrase is wrong"):
        setup.unlock(data_dir, passphrase="not the passphrase")
    store = setup.unlock(data_dir, passphrase=PASSPHRASE)
    store.close()


def test_wrong_raw_key_fails_clearly(new_store, data_dir):
    from carecoord.store.store import open_store

    new_store.store.close()
    with pytest.raises(StoreError, match="key is wrong, or the file is damaged"):
        open_store(data_dir, b"\x01" * 32)


def test_recovery_key_opens_the_store_and_is_remembered(new_store, data_dir, memory_keyring):
    new_store.store.close()
    memory_keyring.items.clear()
    with pytest.raises(keystore.WrongSecretError):
        setup.unlock(data_dir, recovery_key="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    store = setup.unlock(data_dir, recovery_key=new_store.recovery_key.lower().replace("-", " "))
    store.close()
    assert not setup.needs_secret(data_dir)


def test_keyring_holds_the_key_when_safe(new_store, data_dir, memory_keyring):
    kf = keystore.read_key_file(data_dir)
    assert kf.uses_keyring
    assert memory_keyring.items[("carecoord", kf.store_id)]
    # The key file holds wrapped keys only, never the key itself.
    raw_key = bytes.fromhex(memory_keyring.items[("carecoord", kf.store_id)])
    assert raw_key.hex() not in (data_dir / keystore.KEY_FILE).read_text()


@pytest.mark.parametrize("backend", ["keyring.backends.fail.Keyring",
                                     "keyring.backends.null.Keyring"])
def test_insecure_keyrings_are_refused(backend, tmp_path):
    import importlib

    import keyring

    module, name = backend.rsplit(".", 1)
    keyring.set_keyring(getattr(importlib.import_module(module), name)())
    assert keystore.safe_keyring() is None
    with pytest.raises(StoreError, match="passphrase"):
        keystore.create_key_material(tmp_path, "x", passphrase=None)
    key, recovery = keystore.create_key_material(tmp_path, "x", passphrase="long enough pass")
    kf = keystore.read_key_file(tmp_path)
    assert not kf.uses_keyring
    assert keystore.unlock_with(kf, passphrase="long enough pass") == key
    assert keystore.unlock_with(kf, recovery_key=recovery) == key


def test_damaged_key_file_gives_a_plain_message(new_store, data_dir):
    (data_dir / keystore.KEY_FILE).write_text("{not json")
    with pytest.raises(StoreError, match="damaged"):
        keystore.read_key_file(data_dir)
