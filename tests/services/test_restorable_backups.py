"""Which backups the sign-in screen may offer when the store cannot be opened, and restoring
with one typed secret that may be the passphrase or the recovery key."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile

import pytest

from carecoord.security import keystore
from carecoord.services import backups
from carecoord.store import backup as store_backup
from carecoord.store.paths import backups_dir, db_path
from tests.conftest import PASSPHRASE


def _copy_as(backup, minutes: int, **manifest_changes):
    """A copy of `backup` that says it was taken `minutes` later, with other changes."""
    with zipfile.ZipFile(backup) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(parts[store_backup.MANIFEST])
    taken = dt.datetime.fromisoformat(manifest["taken_at"]) + dt.timedelta(minutes=minutes)
    manifest.update(taken_at=taken.isoformat(), **manifest_changes)
    parts[store_backup.MANIFEST] = json.dumps(manifest).encode()
    out = backup.with_name(f"auto-copy-{minutes}.zip")
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out


def test_restorable_backups_are_this_stores_newest_first_and_skip_newer_versions(
        store, data_dir):
    first = backups.backup_on_close(store)
    second = _copy_as(first, 10)
    _copy_as(first, 20, schema="ffffffff")  # from a newer CareCoord: cannot be restored here
    _copy_as(first, 30, store_id="another-store")
    (backups_dir(data_dir) / "half.zip.partial").write_bytes(b"x")
    store.close()
    found = backups.restorable_backups(data_dir)
    assert [b.path for b in found] == [second, first]
    assert backups.older_backup(data_dir, found[0]).path == first
    assert backups.older_backup(data_dir, found[1]) is None


def test_restorable_backups_need_no_key_file_and_no_folder(tmp_path):
    assert backups.restorable_backups(tmp_path / "nothing-here") == []


def test_restorable_backups_are_found_when_the_store_is_damaged(store, data_dir):
    backup = backups.backup_on_close(store)
    store.close()
    db_path(data_dir).write_bytes(b"")
    assert [b.path for b in backups.restorable_backups(data_dir)] == [backup]


def test_restore_with_one_secret_takes_the_passphrase_or_the_recovery_key(
        new_store, data_dir, tmp_path, memory_keyring):
    backup = backups.backup_now(new_store.store, tmp_path / "usb")
    new_store.store.close()
    memory_keyring.items.clear()
    laptop = tmp_path / "new-laptop"
    with pytest.raises(keystore.WrongSecretError, match="neither the passphrase nor the "):
        backups.restore_with_secret(laptop, backup, "not it")
    assert not db_path(laptop).exists()
    assert backups.restore_with_secret(laptop, backup, PASSPHRASE).key_file_replaced
    shutil.rmtree(laptop)
    memory_keyring.items.clear()
    spaced = new_store.recovery_key.lower().replace("-", " ")
    assert backups.restore_with_secret(laptop, backup, spaced).key_file_replaced
    assert keystore.key_from_keyring(keystore.read_key_file(laptop)) is not None
