"""A second copy of CareCoord on the same store gets a clear message, never a shared store."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from carecoord.services import backups, setup
from carecoord.services.integrity import run_check
from carecoord.store.lock import LOCK_FILE, StoreInUseError
from tests.conftest import PASSPHRASE

IN_USE = "CareCoord is already open on this store (in another window or by another user"


def test_a_second_open_in_this_process_is_refused_until_the_first_closes(store, data_dir):
    with pytest.raises(StoreInUseError, match=r"already open on this store") as caught:
        setup.unlock(data_dir)
    assert str(caught.value).startswith(IN_USE)
    assert "nothing has been changed" in str(caught.value)
    store.close()
    again = setup.unlock(data_dir)
    again.close()
    assert (data_dir / LOCK_FILE).read_text().startswith("closed")


def test_another_process_gets_one_plain_line(store, data_dir):
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
           "CARECOORD_PASSPHRASE": PASSPHRASE}
    r = subprocess.run([sys.executable, "-m", "carecoord", "--data-dir", str(data_dir), "check"],
                       capture_output=True, text=True, env=env, timeout=120,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"carecoord: {IN_USE[:-1]}")
    assert ", opened by " in lines[0]  # who has it open, and since when
    assert lines[0].endswith("Close it there first; nothing has been changed.")
    assert run_check(store).ok


def test_restore_is_refused_while_the_store_is_open(ctx, data_dir, tmp_path):
    backup = backups.backup_now(ctx.store, tmp_path / "b.zip")
    with pytest.raises(StoreInUseError):
        backups.restore_from(data_dir, backup)
    assert not list(data_dir.glob("replaced-*"))
    assert run_check(ctx.store).ok


def test_a_store_that_fails_to_open_releases_the_lock_and_keeps_its_state(new_store, data_dir):
    from carecoord.store.store import DamagedStoreError, open_store

    new_store.store.close()
    with pytest.raises(DamagedStoreError, match="key is wrong"):
        open_store(data_dir, b"\x01" * 32)
    # The failed attempt is not mistaken next time for a session that crashed.
    assert (data_dir / LOCK_FILE).read_text().startswith("closed")
    store = setup.unlock(data_dir)
    assert store.warnings == ()
    store.close()
