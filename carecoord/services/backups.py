"""Backups as a service: automatic ones on close and once a day, kept in rotation; manual ones
to a chosen folder; and restore, from the app or from the sign-in screen of a damaged store.
Each is recorded in the audit trail."""

from __future__ import annotations

import datetime as dt
import getpass
import shutil
from pathlib import Path

from carecoord.domain.errors import PermissionDenied, StoreError
from carecoord.security import audit, keystore
from carecoord.security.users import SYSTEM, Actor
from carecoord.services import settings
from carecoord.services.base import Ctx
from carecoord.store import backup as store_backup
from carecoord.store.backup import BackupInfo, Restored
from carecoord.store.lock import StoreLock
from carecoord.store.paths import backups_dir
from carecoord.store.store import Store, open_store
from carecoord.store.unit_of_work import unit_of_work

BACKUPS_KEPT = settings.SettingSpec(
    "backups_kept", "Automatic backups kept on this laptop", default=10, minimum=2,
    maximum=100, unit="backups")
AUTOMATIC = ("close", "daily")


def _audit(store: Store, actor: Actor, action: str, **detail) -> None:
    with unit_of_work(store.session_factory, write=True) as uow:
        audit.append(uow.session, user_id=actor.user_id, username=actor.username,
                     action=action, entity="store", entity_id=store.store_id, detail=detail)


def backups_kept(store: Store) -> int:
    return settings.get(Ctx(store, SYSTEM), BACKUPS_KEPT)


def set_backups_kept(ctx: Ctx, value: int | str) -> int:
    """How many automatic backups to keep (the setting is audited like any other)."""
    return settings.set_value(ctx, BACKUPS_KEPT, value)


def list_backups(store: Store) -> list[BackupInfo]:
    """This store's backups in its backups folder, newest first."""
    return store_backup.list_backups(backups_dir(store.data_dir), store.store_id)


def backup_now(store: Store, out: Path, actor: Actor = SYSTEM) -> Path:
    """A manual backup to a file or a folder (a USB stick, say)."""
    path = store_backup.write_backup(store.data_dir, store.key, out, kind="manual")
    _audit(store, actor, "backup", file=path.name, kind="manual")
    return path


def _automatic(store: Store, kind: str, actor: Actor) -> Path:
    folder = backups_dir(store.data_dir)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = store_backup.write_backup(store.data_dir, store.key,
                                     store_backup._free_name(folder / f"auto-{stamp}-{kind}.zip"),
                                     kind=kind, structural_check=False)
    _audit(store, actor, "backup", file=path.name, kind=kind)
    rotate_backups(store)
    return path


def backup_on_close(store: Store, actor: Actor = SYSTEM) -> Path:
    """Called by the app as it quits, before store.close()."""
    return _automatic(store, "close", actor)


def daily_backup_if_due(store: Store, actor: Actor = SYSTEM,
                        now: dt.datetime | None = None) -> Path | None:
    """One a day: write one unless an automatic backup was already taken today (local time).
    The app calls this on open and then every hour, so a laptop that is never closed still
    gets its daily backup."""
    today = (now or dt.datetime.now().astimezone()).astimezone().date()
    for info in list_backups(store):
        if info.kind in AUTOMATIC and info.taken_at.astimezone().date() == today:
            return None
    return _automatic(store, "daily", actor)


def rotate_backups(store: Store) -> list[Path]:
    """Keep the newest N automatic backups, and also the newest one of each of the last N
    days, so a day of many closes never pushes out yesterday's. Manual backups and the ones
    taken before an upgrade are never removed. Returns the files removed."""
    keep_n = backups_kept(store)
    automatic = [b for b in list_backups(store) if b.kind in AUTOMATIC]
    keep = {b.path for b in automatic[:keep_n]}
    days: set[dt.date] = set()
    for b in automatic:
        day = b.taken_at.astimezone().date()
        if day not in days and len(days) < keep_n:
            days.add(day)
            keep.add(b.path)
    removed = []
    for b in automatic:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    _sweep_leftovers(store)
    return removed


def _sweep_leftovers(store: Store) -> None:
    """Half-written backups and unpacking folders left by a copy that was killed. The store's
    lock is held, so none of them belongs to a running copy."""
    for part in backups_dir(store.data_dir).glob("*" + store_backup.PARTIAL):
        part.unlink(missing_ok=True)
    for folder in (*store.data_dir.glob(".backup-*"), *store.data_dir.glob(".restore-*")):
        shutil.rmtree(folder, ignore_errors=True)


def _must_be_a_file(zip_path: Path) -> None:
    if not zip_path.exists():
        raise StoreError(f"There is no backup file at {zip_path}.")
    if not zip_path.is_file():
        raise StoreError(f"{zip_path} is not a backup file: choose the .zip file itself.")


def _key_for(data_dir: Path, zip_path: Path, passphrase: str | None,
             recovery_key: str | None) -> bytes:
    """The backup's data key: from this computer's keyring, else from the passphrase or the
    recovery key, tried against the current key file (when it is the same store, it may hold a
    newer passphrase) and then against the key file the backup carries."""
    carried = store_backup.key_file_in(zip_path)
    candidates = []
    try:
        current = keystore.read_key_file(Path(data_dir))
        if current.store_id == carried.store_id:
            candidates.append(current)
    except StoreError:
        pass
    candidates.append(carried)
    if not (passphrase or recovery_key):
        for kf in candidates:
            if (key := keystore.key_from_keyring(kf)) is not None:
                return key
    error: StoreError | None = None
    for kf in candidates:
        try:
            return keystore.unlock_with(kf, passphrase=passphrase, recovery_key=recovery_key)
        except keystore.WrongSecretError as exc:
            error = error or exc
    raise error or keystore.WrongSecretError("Enter the passphrase or the recovery key.")


class PutInPlaceButNotOpened(StoreError):
    """The backup passed its checks and replaced the store (the old one kept aside), but the
    store then could not be opened. Unlike a refused backup, something has changed."""


def _restore_locked(lock: StoreLock, data_dir: Path, zip_path: Path, key: bytes,
                    actor: Actor, remember: bool) -> tuple[Store, Restored]:
    restored = store_backup.restore_backup(data_dir, key, zip_path)
    # The files now in place were closed cleanly when the backup was taken.
    lock.previous_unclean = False
    try:
        store = open_store(data_dir, key, lock=lock)
    except StoreError as exc:
        aside = f" The store it replaced is kept in {restored.aside.name}." if restored.aside \
            else ""
        raise PutInPlaceButNotOpened(
            f"The backup {restored.info.path.name} was put in place, but it then could not "
            f"be opened: {exc}{aside}") from exc
    try:
        try:
            os_user = getpass.getuser()
        except Exception:  # noqa: BLE001
            os_user = "?"
        _audit(store, actor, "restore", file=restored.info.path.name,
               taken_at=restored.info.taken_at.isoformat(timespec="seconds"),
               kept_aside=restored.aside.name if restored.aside else None,
               computer_user=os_user)
        if remember:
            keystore.remember_in_keyring(data_dir, key)
    except BaseException:
        store.close()
        raise
    return store, restored


def restore_from(data_dir: Path, zip_path: Path, *, key: bytes | None = None,
                 passphrase: str | None = None, recovery_key: str | None = None,
                 actor: Actor = SYSTEM) -> Restored:
    """Restore with no store open: from the command line, from the sign-in screen when the
    store is damaged, or on a new computer with the recovery key. The backup is checked in
    full before anything is replaced; the current store is kept aside."""
    data_dir, zip_path = Path(data_dir), Path(zip_path)
    _must_be_a_file(zip_path)
    if key is None:
        key = _key_for(data_dir, zip_path, passphrase, recovery_key)
    lock = StoreLock.acquire(data_dir)
    try:
        store, restored = _restore_locked(lock, data_dir, zip_path, key, actor,
                                          remember=bool(recovery_key))
    except BaseException:
        lock.release(clean=False)
        raise
    store.close()
    return restored


def restore_in_place(store: Store, zip_path: Path, actor: Actor, *,
                     passphrase: str | None = None,
                     recovery_key: str | None = None) -> tuple[Store, Restored]:
    """Restore from inside the app: the open store is closed (keeping its lock, so no other
    copy can slip in), the backup is restored, and the reopened store is returned. If the
    backup fails its checks, the original store is reopened untouched and the error raised.
    A backup of another store (another laptop's) needs its passphrase or recovery key."""
    if not actor.can_change:
        raise PermissionDenied("Your role can view records but not change them.")
    zip_path = Path(zip_path)
    _must_be_a_file(zip_path)
    data_dir, key = store.data_dir, store.key
    if store_backup.key_file_in(zip_path).store_id == store.store_id:
        backup_key = key
    else:
        backup_key = _key_for(data_dir, zip_path, passphrase, recovery_key)
    lock = store.close(keep_lock=True)
    try:
        return _restore_locked(lock, data_dir, zip_path, backup_key, actor,
                               remember=bool(recovery_key))
    except BaseException:
        # Give the caller its store back, so the screen it came from keeps working.
        lock.previous_unclean = False
        try:
            again = open_store(data_dir, key, lock=lock)
        except BaseException:
            lock.release(clean=False)
            raise
        store.engine, store.session_factory, store.lock = again.engine, again.session_factory, lock
        raise


def restorable_backups(data_dir: Path) -> list[BackupInfo]:
    """The backups beside the store that this version can restore, newest first: the ones the
    sign-in screen may offer when the store cannot be opened. The store is not opened (it may
    be damaged); its key file says which store the backups must belong to."""
    from carecoord.store.migrate import known_revisions

    data_dir = Path(data_dir)
    try:
        store_id = keystore.read_key_file(data_dir).store_id
    except StoreError:
        store_id = None
    known = known_revisions()
    return [info for info in store_backup.list_backups(backups_dir(data_dir), store_id)
            if info.schema is None or info.schema in known]


def older_backup(data_dir: Path, than: BackupInfo) -> BackupInfo | None:
    """The newest restorable backup taken before `than`: the next one to offer when `than`
    fails its checks."""
    for info in restorable_backups(data_dir):
        if (info.taken_at, info.path.name) < (than.taken_at, than.path.name):
            return info
    return None


def restore_with_secret(data_dir: Path, zip_path: Path, secret: str) -> Restored:
    """Restore a backup whose key this computer's keyring does not hold, with one typed
    secret that may be the passphrase or the recovery key of the store it was made from."""
    try:
        return restore_from(data_dir, zip_path, passphrase=secret)
    except keystore.WrongSecretError:
        pass
    try:
        return restore_from(data_dir, zip_path, recovery_key=secret)
    except keystore.WrongSecretError:
        raise keystore.WrongSecretError(
            "That is neither the passphrase nor the recovery key of the store this backup "
            "was made from. Please try again.") from None
