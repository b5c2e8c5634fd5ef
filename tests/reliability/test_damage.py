"""Damage found on open (and while working), with a plain message that offers the newest backup."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select, text

from carecoord.domain.errors import StoreError
from carecoord.security.users import login
from carecoord.services import backups, setup
from carecoord.services.base import Ctx
from carecoord.services.integrity import run_check
from carecoord.services.people import PersonInput, create_person
from carecoord.store import store as store_module
from carecoord.store.models import AuditEvent, Person
from carecoord.store.paths import db_path
from carecoord.store.store import (
    JOURNAL_LOST_WARNING,
    DamagedStoreError,
    NewerStoreError,
)
from tests.conftest import PASSWORD
from tests.reliability.conftest import crash_image, sqlite_parts

PAGE = 4096


def _overwrite(path, offset: int, size: int = 64) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(os.urandom(size))


def _expect_damage(data_dir, backup, match: str) -> DamagedStoreError:
    before = db_path(data_dir).read_bytes()
    with pytest.raises(DamagedStoreError, match=match) as caught:
        setup.unlock(data_dir)
    err = caught.value
    assert err.newest_backup is not None and err.newest_backup.path == backup
    assert err.offer.startswith("Restore the backup from ") and err.offer.endswith("?")
    assert "Nothing has been changed" in str(err)
    assert db_path(data_dir).read_bytes() == before, "opening a damaged store must not touch it"
    return err


def _restores_cleanly(data_dir, backup) -> None:
    backups.restore_from(data_dir, backup)
    store = setup.unlock(data_dir)
    try:
        assert run_check(store).ok
        with store.session_factory() as s:
            assert s.scalar(select(func.count()).select_from(Person)) == 1
    finally:
        store.close()


def test_a_file_cut_off_part_way_is_detected(closed_store):
    data_dir, backup = closed_store
    path = db_path(data_dir)
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size - 1000)
    _expect_damage(data_dir, backup, "cut off part-way")
    _restores_cleanly(data_dir, backup)


def test_a_file_missing_its_last_pages_is_detected(closed_store):
    data_dir, backup = closed_store
    path = db_path(data_dir)
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size - 3 * PAGE)
    _expect_damage(data_dir, backup, "damaged")
    _restores_cleanly(data_dir, backup)


@pytest.mark.parametrize("where", ["middle", "last page"])
def test_damaged_pages_are_detected(closed_store, where):
    data_dir, backup = closed_store
    path = db_path(data_dir)
    pages = path.stat().st_size // PAGE
    page = pages // 2 if where == "middle" else pages - 1
    _overwrite(path, page * PAGE + 200)
    _expect_damage(data_dir, backup, "pages cannot be read")
    _restores_cleanly(data_dir, backup)


def test_a_damaged_first_page_is_detected(closed_store):
    data_dir, backup = closed_store
    _overwrite(db_path(data_dir), 100)
    _expect_damage(data_dir, backup, "key is wrong, or the file is damaged")


def test_an_empty_file_is_detected(closed_store):
    data_dir, backup = closed_store
    db_path(data_dir).write_bytes(b"")
    _expect_damage(data_dir, backup, "empty")


def test_damage_met_while_working_gives_the_same_plain_error(new_store, data_dir, tmp_path,
                                                             monkeypatch):
    """Big stores get a bounded check on open, so damage deep inside may be met later: it must
    still be a plain StoreError offering the backup, never a raw driver error."""
    store = new_store.store
    ctx = Ctx(store, login(store, "jo", PASSWORD))
    for n in range(300):
        create_person(ctx, PersonInput(_nhs(n), "Person", f"Number {n:03d}", "01/01/1950",
                                       about_interests="x" * 400))
    backup = backups.backup_on_close(store)
    store.close()
    monkeypatch.setattr(store_module, "FULL_PAGE_CHECK_LIMIT", 0)
    pristine = db_path(data_dir).read_bytes()
    pages = len(pristine) // PAGE
    # Find a page of the person table that the bounded probe on open does not reach.
    caught = None
    for page in range(pages // 2, pages - 1):
        _overwrite(db_path(data_dir), page * PAGE + 300)
        try:
            store = setup.unlock(data_dir)
        except DamagedStoreError:
            db_path(data_dir).write_bytes(pristine)
            continue
        try:
            with store.session_factory() as s:
                s.execute(text("SELECT * FROM person")).fetchall()
        except DamagedStoreError as exc:
            caught = exc
            break
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"a raw error escaped: {exc!r}")
        store.close()
        db_path(data_dir).write_bytes(pristine)
    assert caught is not None, "no page of the person table was found to damage"
    try:
        assert caught.newest_backup.path == backup
        assert "Part of the store's file is damaged" in str(caught)
        try:
            assert not run_check(store).ok
        except StoreError as exc:
            assert "damaged" in str(exc)
        # A backup of a damaged store is refused, not made to look whole.
        with pytest.raises(DamagedStoreError):
            backups.backup_now(store, tmp_path / "usb")
        assert not (tmp_path / "usb").exists() or not list((tmp_path / "usb").iterdir())
    finally:
        store.close()


def _nhs(n: int) -> str:
    from carecoord.domain.nhs_number import check_digit

    base = 400000000 + n * 7
    while True:
        digit = check_digit(f"{base:09d}")
        if digit is not None:
            return f"{base:09d}{digit}"
        base += 1


def test_a_missing_wal_after_a_crash_is_noticed_and_said_plainly(new_store, data_dir, tmp_path):
    """SQLite keeps the newest commits in the WAL until a checkpoint. If the WAL is lost after
    a crash, those commits are gone: nothing can bring them back. The main file is still a
    consistent store as of the last checkpoint, so it opens, after a deeper check, with a
    warning that names what may be missing, and the loss is written in the audit trail."""
    store = new_store.store
    ctx = Ctx(store, login(store, "jo", PASSWORD))
    create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940"))
    store.close()  # a clean close checkpoints: Ann is in the main file now
    store = setup.unlock(data_dir)
    ctx = Ctx(store, login(store, "jo", PASSWORD))
    create_person(ctx, PersonInput("401 023 2137", "Cara", "Ndlovu", "05/06/1961"))
    image = crash_image(data_dir, tmp_path / "after-power-cut")
    store.close()
    parts = sqlite_parts(image)
    assert parts["wal"].stat().st_size > 0, "Cara's commit is in the WAL, not yet checkpointed"
    parts["wal"].unlink()
    opened = setup.unlock(image)
    try:
        assert opened.warnings == (JOURNAL_LOST_WARNING,)
        assert run_check(opened).ok
        with opened.session_factory() as s:
            names = s.scalars(select(Person.family_name)).all()
            last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert names == ["Smith"], "the un-checkpointed commit is lost with its WAL"
        assert last.action == "journal_missing"
    finally:
        opened.close()
    again = setup.unlock(image)  # closed cleanly this time: no warning the next time
    try:
        assert again.warnings == ()
    finally:
        again.close()


def test_a_new_store_that_lost_its_wal_is_damaged_not_silently_emptied(new_store, data_dir,
                                                                       tmp_path):
    """A store never checkpointed has everything in its WAL; without it the main file holds
    no CareCoord data at all. That must not be 'upgraded' into a fresh empty store."""
    store = new_store.store
    image = crash_image(data_dir, tmp_path / "after-power-cut")
    store.close()
    sqlite_parts(image)["wal"].unlink()
    with pytest.raises(DamagedStoreError, match="journal file is missing"):
        setup.unlock(image)


def test_a_crash_with_the_wal_in_place_loses_nothing(new_store, data_dir, tmp_path):
    store = new_store.store
    ctx = Ctx(store, login(store, "jo", PASSWORD))
    create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940"))
    image = crash_image(data_dir, tmp_path / "after-power-cut")
    store.close()
    opened = setup.unlock(image)
    try:
        assert opened.warnings == ()
        with opened.session_factory() as s:
            assert s.scalar(select(func.count()).select_from(Person)) == 1
        assert run_check(opened).ok
    finally:
        opened.close()


def test_a_store_from_a_newer_version_offers_a_backup_this_version_can_open(closed_store):
    data_dir, backup = closed_store
    store = setup.unlock(data_dir)
    with store.session_factory() as s:
        s.execute(text("UPDATE alembic_version SET version_num = 'ffffffff'"))
        s.commit()
    newer_backup = backups.backup_on_close(store)  # made by "the newer version"
    store.close()
    with pytest.raises(NewerStoreError, match="newer version of CareCoord") as caught:
        setup.unlock(data_dir)
    assert caught.value.newest_backup.path == backup != newer_backup


def test_the_command_line_says_it_in_one_line_with_no_driver_noise(closed_store):
    data_dir, backup = closed_store
    _overwrite(db_path(data_dir), (db_path(data_dir).stat().st_size // PAGE // 2) * PAGE)
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
           "CARECOORD_PASSPHRASE": "a long store passphrase"}
    r = subprocess.run([sys.executable, "-m", "carecoord", "--data-dir", str(data_dir), "check"],
                       capture_output=True, text=True, env=env, timeout=120,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "damaged" in lines[0] and str(backup) in lines[0]
    assert "ERROR CORE" not in r.stderr and "Traceback" not in r.stderr
