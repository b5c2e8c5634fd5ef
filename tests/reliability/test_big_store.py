"""Backup, restore and the checks on open, timed on a big demo store. Skipped unless
CARECOORD_BIG_STORE names a demo store's folder (made with `carecoord demo --people 50000`);
the store is copied first and the copy is what gets backed up and restored.

    CARECOORD_BIG_STORE=/path/to/demo50k pytest tests/reliability/test_big_store.py -s
"""

from __future__ import annotations

import os
import shutil
import time

import pytest

from carecoord.security.users import SYSTEM
from carecoord.services import backups, setup
from carecoord.services.integrity import run_check
from carecoord.store import backup as store_backup
from carecoord.store import store as store_module
from carecoord.store.engine import open_raw

BIG = os.environ.get("CARECOORD_BIG_STORE")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not BIG, reason="set CARECOORD_BIG_STORE to a demo store")]


def _timed(label: str, fn, figures: list):
    started = time.perf_counter()
    result = fn()
    figures.append((label, time.perf_counter() - started))
    return result


def test_backup_and_restore_times_on_a_big_store(tmp_path, monkeypatch):
    data_dir = tmp_path / "store"
    shutil.copytree(BIG, data_dir, ignore=shutil.ignore_patterns("backups", "replaced-*"))
    (data_dir / "carecoord.lock").unlink(missing_ok=True)
    figures: list[tuple[str, float]] = []
    size_mb = (data_dir / "carecoord.db").stat().st_size / 2**20
    _timed("first open (upgrades the schema if due, after a backup)",
           lambda: setup.unlock(data_dir, passphrase="demo"), figures).close()
    store = _timed("open (bounded check)", lambda: setup.unlock(data_dir, passphrase="demo"),
                   figures)
    key = store.key
    store.close()
    monkeypatch.setattr(store_module, "FULL_PAGE_CHECK_LIMIT", 2**62)
    _timed("open (every page checked)", lambda: setup.unlock(data_dir, passphrase="demo"),
           figures).close()
    monkeypatch.undo()
    for pragma in ("cipher_integrity_check", "quick_check", "integrity_check"):
        conn = open_raw(data_dir / "carecoord.db", key)
        _timed(f"PRAGMA {pragma}", lambda c=conn, p=pragma: c.execute(f"PRAGMA {p}").fetchall(),
               figures)
        conn.close()
    store = setup.unlock(data_dir, passphrase="demo")
    try:
        assert _timed("carecoord check", lambda: run_check(store), figures).ok
        manual = _timed("manual backup", lambda: backups.backup_now(store, tmp_path / "usb"),
                        figures)
        _timed("backup on close", lambda: backups.backup_on_close(store), figures)
        store, _ = _timed("restore from the app",
                          lambda: backups.restore_in_place(store, manual, SYSTEM),
                          figures)
    finally:
        store.close()
    _timed("verify a backup", lambda: store_backup.verify_backup(manual, key), figures)
    restored = _timed("restore from the command line (no store open)",
                      lambda: backups.restore_from(data_dir, manual, passphrase="demo"), figures)
    assert restored.aside is not None
    print(f"\nstore: {size_mb:.0f} MB; backup file: {manual.stat().st_size / 2**20:.0f} MB")
    for label, seconds in figures:
        print(f"  {label:<48} {seconds:6.2f} s")

