"""Backups: encrypted, checked, rotating; restore that checks first and keeps the old store."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest
from sqlalchemy import func, select, text

from carecoord.domain.errors import PermissionDenied, StoreError
from carecoord.security import keystore
from carecoord.services import backups, setup
from carecoord.services.integrity import run_check
from carecoord.services.people import PersonInput, create_person, find_by_nhs
from carecoord.store import backup as store_backup
from carecoord.store.models import AuditEvent, Person
from carecoord.store.paths import DB_FILE, backups_dir, db_path
from tests.conftest import PASSPHRASE


def _people(store) -> int:
    with store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(Person))


def _add(ctx, nhs: str, family: str):
    return create_person(ctx, PersonInput(nhs, "Test", family, "01/01/1950"))


def _retime(path, when: dt.datetime, kind: str):
    """Rewrite a backup's manifest, as if it had been taken at another time."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(parts[store_backup.MANIFEST])
    manifest.update(taken_at=when.astimezone(dt.UTC).isoformat(), kind=kind)
    parts[store_backup.MANIFEST] = json.dumps(manifest).encode()
    renamed = path.with_name(f"auto-{when:%Y%m%d-%H%M%S}-{kind}.zip")
    with zipfile.ZipFile(renamed, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    path.unlink()
    return renamed


def test_a_backup_is_encrypted_and_carries_only_wrapped_keys(ctx, person, data_dir,
                                                             memory_keyring, tmp_path):
    path = backups.backup_now(ctx.store, tmp_path / "usb")
    assert path.parent == tmp_path / "usb" and path.suffix == ".zip"
    with zipfile.ZipFile(path) as zf:
        assert set(zf.namelist()) == {DB_FILE, keystore.KEY_FILE, store_backup.MANIFEST}
        raw = zf.read(DB_FILE) + zf.read(keystore.KEY_FILE) + zf.read(store_backup.MANIFEST)
    key = ctx.store.key
    for secret in (b"Smith", b"9434765919", b"SQLite format 3", key, key.hex().encode()):
        assert secret not in raw
    info = store_backup.read_info(path)
    assert info.kind == "manual" and info.store_id == ctx.store.store_id
    with ctx.store.session_factory() as s:
        assert s.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "backup"


def test_backup_on_close_and_daily_rotate_keeping_the_last_n(ctx, data_dir):
    backups.set_backups_kept(ctx, 3)
    store = ctx.store
    first = backups.daily_backup_if_due(store)
    assert first is not None and "daily" in first.name
    assert backups.daily_backup_if_due(store) is None, "one a day"
    made = [backups.backup_on_close(store) for _ in range(4)]
    kept = {b.path for b in backups.list_backups(store)}
    assert kept == set(made[-3:]), "only the newest three survive"


def test_rotation_keeps_one_for_each_recent_day(ctx, data_dir):
    backups.set_backups_kept(ctx, 3)
    store = ctx.store
    now = dt.datetime.now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0)
    old = [_retime(backups.backup_on_close(store), now - dt.timedelta(days=d), "daily")
           for d in (5, 2, 1)]
    manual = backups.backup_now(store, backups_dir(store.data_dir) / "manual.zip")
    many_today = [backups.backup_on_close(store) for _ in range(4)]
    kept = {b.path for b in backups.list_backups(store)}
    # The newest three (all today), plus the newest of each of the last three days; the
    # five-day-old one goes; a manual backup is never rotated away.
    assert kept == {*many_today[-3:], old[1], old[2], manual}


def test_daily_backup_is_due_again_the_next_day(ctx):
    store = ctx.store
    _retime(backups.backup_on_close(store),
            dt.datetime.now().astimezone() - dt.timedelta(days=1), "close")
    assert backups.daily_backup_if_due(store) is not None


def test_leftovers_of_a_killed_backup_are_swept_and_never_offered(ctx, data_dir):
    folder = backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "auto-x.zip.partial").write_bytes(b"half a zip")
    (folder / "junk.zip").write_bytes(b"not a zip")
    (data_dir / ".backup-stale").mkdir()
    assert backups.list_backups(ctx.store) == []
    backups.backup_on_close(ctx.store)
    assert not (folder / "auto-x.zip.partial").exists()
    assert not (data_dir / ".backup-stale").exists()
    assert [b.kind for b in backups.list_backups(ctx.store)] == ["close"]


def test_restore_from_the_app_brings_back_the_backup_and_keeps_the_old_store(
        ctx, person, data_dir):
    backup = backups.backup_now(ctx.store, data_dir.parent / "usb")
    _add(ctx, "401 023 2137", "Later")
    assert _people(ctx.store) == 2
    store, restored = backups.restore_in_place(ctx.store, backup, ctx.actor)
    try:
        assert _people(store) == 1
        assert run_check(store).ok
        with store.session_factory() as s:
            last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (last.action, last.username) == ("restore", "jo")
        aside = restored.aside
        assert (aside / DB_FILE).exists()
    finally:
        store.close()
    # The store that was replaced is whole, and holds the change made after the backup.
    kept = setup.unlock(data_dir)
    kept.close()
    from carecoord.store.store import open_store

    old = open_store(aside, kept.key)
    try:
        assert _people(old) == 2
    finally:
        old.close()


def test_restore_of_a_damaged_backup_changes_nothing(ctx, person, data_dir, tmp_path):
    backup = backups.backup_now(ctx.store, tmp_path / "b.zip")
    _add(ctx, "401 023 2137", "Later")
    with zipfile.ZipFile(backup) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    db = bytearray(parts[DB_FILE])
    db[len(db) // 2: len(db) // 2 + 64] = b"\xff" * 64
    parts[DB_FILE] = bytes(db)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    before = db_path(data_dir).stat().st_mtime_ns
    with pytest.raises(StoreError, match="bad.zip is damaged"):
        backups.restore_in_place(ctx.store, bad, ctx.actor)
    # The app's store is open again, untouched, and still usable.
    assert _people(ctx.store) == 2
    _add(ctx, "999 000 0018", "After")
    assert db_path(data_dir).stat().st_mtime_ns >= before
    assert not list(data_dir.glob("replaced-*"))


def test_restore_refuses_a_backup_from_a_newer_version(ctx, data_dir, tmp_path):
    with ctx.store.session_factory() as s:
        s.execute(text("UPDATE alembic_version SET version_num = 'ffffffff'"))
        s.commit()
    newer = backups.backup_now(ctx.store, tmp_path / "newer.zip")
    with ctx.store.session_factory() as s:
        s.execute(text("UPDATE alembic_version SET version_num = :v"),
                  {"v": _head()})
        s.commit()
    with pytest.raises(StoreError, match="newer version of CareCoord"):
        backups.restore_in_place(ctx.store, newer, ctx.actor)
    assert run_check(ctx.store).ok


def _head():
    from carecoord.store.migrate import head_revision

    return head_revision()


def test_restore_refuses_a_backup_whose_audit_trail_was_altered(ctx, person, tmp_path):
    with ctx.store.session_factory() as s:
        s.execute(text("UPDATE audit_event SET username = 'someone else' WHERE id = 2"))
        s.commit()
    tampered = backups.backup_now(ctx.store, tmp_path / "t.zip")
    with pytest.raises(StoreError, match="broken audit trail at event 2"):
        store_backup.verify_backup(tampered, ctx.store.key)


def test_restore_on_another_computer_with_the_recovery_key(new_store, data_dir, tmp_path,
                                                          memory_keyring):
    from carecoord.security.users import login
    from carecoord.services.base import Ctx
    from tests.conftest import PASSWORD

    store = new_store.store
    ctx = Ctx(store, login(store, "jo", PASSWORD))
    _add(ctx, "943 476 5919", "Smith")
    backup = backups.backup_now(store, tmp_path / "usb")
    store.close()
    memory_keyring.items.clear()  # a new laptop: empty keyring, no store
    elsewhere = tmp_path / "new-laptop"
    with pytest.raises(keystore.WrongSecretError):
        backups.restore_from(elsewhere, backup, recovery_key="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    assert not db_path(elsewhere).exists()
    restored = backups.restore_from(elsewhere, backup, recovery_key=new_store.recovery_key)
    assert restored.aside is None and restored.key_file_replaced
    reopened = setup.unlock(elsewhere)  # the key was remembered in this keyring
    try:
        ctx2 = Ctx(reopened, login(reopened, "jo", PASSWORD))
        assert find_by_nhs(ctx2, "9434765919").family_name == "Smith"
        assert run_check(reopened).ok
    finally:
        reopened.close()


def test_restore_with_the_passphrase_when_the_store_is_damaged(closed_store, memory_keyring):
    data_dir, backup = closed_store
    with open(db_path(data_dir), "r+b") as fh:
        fh.truncate(db_path(data_dir).stat().st_size - 100)
    memory_keyring.items.clear()
    restored = backups.restore_from(data_dir, backup, passphrase=PASSPHRASE)
    assert restored.aside is not None and not restored.key_file_replaced
    store = setup.unlock(data_dir, passphrase=PASSPHRASE)
    try:
        assert _people(store) == 1 and run_check(store).ok
    finally:
        store.close()


def test_a_failure_midway_through_restore_puts_everything_back(closed_store, monkeypatch):
    data_dir, backup = closed_store
    store = setup.unlock(data_dir)
    from carecoord.security.users import login
    from carecoord.services.base import Ctx
    from tests.conftest import PASSWORD

    _add(Ctx(store, login(store, "jo", PASSWORD)), "401 023 2137", "After the backup")
    store.close()
    before = db_path(data_dir).read_bytes()
    real_open_raw = store_backup.open_raw
    calls = {"n": 0}

    def failing_open_raw(path, key):
        # Let the checks pass; fail the final proof that the restored file opens.
        if path == db_path(data_dir):
            calls["n"] += 1
            raise StoreError("simulated failure after the files were swapped")
        return real_open_raw(path, key)

    monkeypatch.setattr(store_backup, "open_raw", failing_open_raw)
    with pytest.raises(StoreError, match="simulated"):
        backups.restore_from(data_dir, backup)
    monkeypatch.undo()
    assert calls["n"] == 1
    assert db_path(data_dir).read_bytes() == before
    assert not list(data_dir.glob("replaced-*")) and not list(data_dir.glob(".restore-*"))
    store = setup.unlock(data_dir)
    try:
        assert _people(store) == 2 and run_check(store).ok
    finally:
        store.close()


def test_a_full_disk_during_backup_leaves_no_file_and_a_plain_message(ctx, tmp_path,
                                                                     monkeypatch):
    import errno

    def no_space(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", no_space)
    with pytest.raises(StoreError, match="disk is full"):
        backups.backup_now(ctx.store, tmp_path / "usb")
    assert list((tmp_path / "usb").iterdir()) == []


def test_restore_is_refused_when_there_is_no_room(closed_store, monkeypatch):
    import collections
    import shutil

    data_dir, backup = closed_store
    usage = collections.namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10**9, 10**9, 1000))
    with pytest.raises(StoreError, match="not enough free space"):
        backups.restore_from(data_dir, backup)
    assert not list(data_dir.glob("replaced-*"))


def test_a_huddle_viewer_cannot_restore(ctx, tmp_path):
    from dataclasses import replace

    from carecoord.domain.enums import Role

    backup = backups.backup_now(ctx.store, tmp_path / "b.zip")
    viewer = replace(ctx.actor, role=Role.HUDDLE_VIEWER)
    with pytest.raises(PermissionDenied):
        backups.restore_in_place(ctx.store, backup, viewer)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs a POSIX fifo")
def test_a_backup_never_replaces_a_special_file(ctx, tmp_path):
    import os
    import stat

    fifo = tmp_path / "pipe.zip"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not an ordinary file"):
        backups.backup_now(ctx.store, fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_the_command_line_restores_a_damaged_store_and_onto_a_new_computer(new_store, data_dir,
                                                                           tmp_path):
    import os
    import subprocess
    import sys

    from carecoord.security.users import login
    from carecoord.services.base import Ctx
    from tests.conftest import PASSWORD

    store = new_store.store
    _add(Ctx(store, login(store, "jo", PASSWORD)), "943 476 5919", "Smith")
    backup = backups.backup_now(store, tmp_path / "usb")
    store.close()

    def carecoord(folder, *args, **env_extra):
        env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
               **env_extra}
        for name in ("CARECOORD_PASSPHRASE", "CARECOORD_RECOVERY_KEY", "CARECOORD_DATA_DIR"):
            if name not in env_extra:
                env.pop(name, None)
        return subprocess.run([sys.executable, "-m", "carecoord", "--data-dir", str(folder),
                               *args], capture_output=True, text=True, env=env, timeout=120,
                              stdin=subprocess.DEVNULL)

    with open(db_path(data_dir), "r+b") as fh:  # the store is damaged: restore must not open it
        fh.truncate(db_path(data_dir).stat().st_size - 500)
    r = carecoord(data_dir, "restore", str(backup), CARECOORD_PASSPHRASE=PASSPHRASE)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"Restored {backup}. The previous store was kept in ")
    r = carecoord(data_dir, "check", CARECOORD_PASSPHRASE=PASSPHRASE)
    assert r.returncode == 0 and "hash chain intact" in r.stdout, r.stderr

    laptop = tmp_path / "new-laptop"
    r = carecoord(laptop, "restore", str(backup), CARECOORD_RECOVERY_KEY="WRONG-KEY")
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert "recovery key does not open" in r.stderr and not db_path(laptop).exists()
    r = carecoord(laptop, "restore", str(backup), CARECOORD_RECOVERY_KEY=new_store.recovery_key)
    assert r.returncode == 0 and f"into {laptop}" in r.stdout, r.stderr
    r = carecoord(laptop, "check", CARECOORD_PASSPHRASE=PASSPHRASE)
    assert r.returncode == 0, r.stderr
