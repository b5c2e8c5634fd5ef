"""Encrypted backups with SQLite's online backup API, and a restore that checks before it acts.

A backup is a zip of three things: the encrypted database (a consistent snapshot), the key file
(wrapped keys only, so the recovery key opens it on any computer) and a small manifest saying
what it is, so backups can be listed and offered without unpacking them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from carecoord.domain.errors import StoreError
from carecoord.security.keystore import KEY_FILE, KeyFile
from carecoord.store.engine import damaged_error, looks_damaged, open_raw
from carecoord.store.paths import DB_FILE, backups_dir, db_path
from carecoord.version import __version__

MANIFEST = "backup.json"
PARTIAL = ".partial"
# Room left free beyond the unpacked file, so a restore never fills the disk to the brim.
_SPARE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime  # aware, UTC
    kind: str  # close, daily, manual, before-upgrade, or unknown for a zip with no manifest
    store_id: str | None
    schema: str | None
    app_version: str | None
    size: int

    @property
    def when(self) -> str:
        """Local time as people say it: '21 Nov 2026 14:03'."""
        t = self.taken_at.astimezone()
        return f"{t.day} {t:%b %Y %H:%M}"


@dataclass(frozen=True)
class Restored:
    info: BackupInfo
    aside: Path | None  # where the replaced store was kept (None when there was none)
    key_file_replaced: bool


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _free_name(out: Path) -> Path:
    if not out.exists():
        return out
    for n in range(2, 1000):
        candidate = out.with_name(f"{out.stem}-{n}{out.suffix}")
        if not candidate.exists():
            return candidate
    raise StoreError(f"Too many backups named like {out.name} in {out.parent}.")


def _full_disk_or_damage(exc: Exception, live: Path, where: Path) -> StoreError:
    text = str(exc).lower()
    if "full" in text or "no space" in text:
        return StoreError(f"The disk is full, so the backup could not be written to {where}. "
                          "Free some space and try again; the store is unchanged.")
    if looks_damaged(exc):
        return damaged_error(live, "The store's file is damaged, so it could not be backed up.")
    return StoreError(f"The backup could not be written to {where}: {exc}.")


def check_pages(conn) -> list[str]:
    """SQLCipher's page check: every page's HMAC, and the file's length. Empty when sound."""
    return [r[0] for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]


def _describe(conn) -> tuple[str | None, str | None]:
    schema = store_id = None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        schema = row[0] if row else None
        row = conn.execute("SELECT value FROM store_meta WHERE key = 'store_id'").fetchone()
        store_id = row[0] if row else None
    except Exception:  # noqa: BLE001 - a store mid-creation has no tables yet; say unknown
        pass
    return schema, store_id


def _snapshot(src_path: Path, key: bytes | None, dest_db: Path,
              structural_check: bool) -> tuple[str | None, str | None]:
    """Copy the live store with the online backup API and prove the copy is sound.

    The source pages are checked first: SQLCipher's backup copies a page that fails its HMAC
    as garbage re-encrypted with a good HMAC, so a damaged store would give a damaged backup
    that looks whole. A manual backup also gets a structural quick_check of the copy; the
    automatic ones skip it (it costs more than the copy itself on a big store, and the page
    check already catches damage on disk).
    """
    src = open_raw(src_path, key)
    try:
        if key is not None and check_pages(src):
            raise damaged_error(src_path, "The store's file is damaged (some of its pages "
                                "cannot be read), so it could not be backed up.")
        dst = open_raw(dest_db, key)
        try:
            src.backup(dst)
            if structural_check:
                result = dst.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise damaged_error(src_path, "The store's file is damaged (it fails "
                                        "SQLite's quick check), so it could not be backed up.")
            return _describe(dst)
        finally:
            dst.close()
    finally:
        src.close()


def write_backup(data_dir: Path, key: bytes | None, out: Path, kind: str = "manual",
                 structural_check: bool = True) -> Path:
    """Write a consistent, checked, encrypted copy of the live store to `out` (a .zip or a
    folder such as a USB stick). Nothing is left behind if it fails part-way."""
    data_dir = Path(data_dir)
    out = Path(out)
    live = db_path(data_dir)
    try:
        # A folder, or a name that is not a .zip and does not exist yet, is a folder to write
        # a dated backup into (a USB stick, or a folder on it).
        if out.is_dir() or (not out.exists() and out.suffix.lower() != ".zip"):
            out.mkdir(parents=True, exist_ok=True)
            out = _free_name(out / f"carecoord-backup-{_stamp()}.zip")
        if out.exists() and not out.is_file():
            # Never rename over a device, a pipe or a socket (as root, /dev/null would go).
            raise StoreError(f"{out} is not an ordinary file, so a backup cannot be written "
                             "there. Choose a folder or a .zip file name.")
        out.parent.mkdir(parents=True, exist_ok=True)
        # The snapshot is made beside the store (same disk, and it is encrypted), then zipped
        # straight to its destination, so a slow USB stick is written only once.
        with tempfile.TemporaryDirectory(dir=data_dir, prefix=".backup-") as tmp:
            snap = Path(tmp) / DB_FILE
            schema, store_id = _snapshot(live, key, snap, structural_check)
            manifest = {"format": 1, "kind": kind, "store_id": store_id, "schema": schema,
                        "app_version": __version__,
                        "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")}
            partial = out.with_name(out.name + PARTIAL)
            try:
                with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as zf:
                    zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
                    zf.write(snap, DB_FILE)
                    zf.write(data_dir / KEY_FILE, KEY_FILE)
                with open(partial, "rb") as fh:
                    os.fsync(fh.fileno())
                os.replace(partial, out)
                _fsync_dir(out.parent)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
    except StoreError:
        raise
    except OSError as exc:
        raise _full_disk_or_damage(OSError(exc.strerror or str(exc)), live, out) from exc
    except Exception as exc:  # noqa: BLE001 - driver errors become one plain sentence
        raise _full_disk_or_damage(exc, live, out) from exc
    return out


def read_info(zip_path: Path) -> BackupInfo | None:
    """What a backup says about itself, or None when the file is not a CareCoord backup."""
    zip_path = Path(zip_path)
    try:
        size = zip_path.stat().st_size
        with zipfile.ZipFile(zip_path) as zf:
            names = set(zf.namelist())
            if DB_FILE not in names:
                return None
            manifest = json.loads(zf.read(MANIFEST)) if MANIFEST in names else {}
    except (OSError, zipfile.BadZipFile, ValueError, KeyError):
        return None
    try:
        taken = dt.datetime.fromisoformat(manifest["taken_at"])
    except (KeyError, TypeError, ValueError):
        taken = dt.datetime.fromtimestamp(zip_path.stat().st_mtime, dt.UTC)
    if taken.tzinfo is None:
        taken = taken.replace(tzinfo=dt.UTC)
    return BackupInfo(zip_path, taken, str(manifest.get("kind", "unknown")),
                      manifest.get("store_id"), manifest.get("schema"),
                      manifest.get("app_version"), size)


def list_backups(folder: Path, store_id: str | None = None) -> list[BackupInfo]:
    """The backups in a folder, newest first (half-written ones are never listed)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.zip"):
        info = read_info(path)
        if info is None:
            continue
        if store_id and info.store_id and info.store_id != store_id:
            continue
        found.append(info)
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def newest_backup(data_dir: Path, *, schema_known: bool = True) -> BackupInfo | None:
    """The newest backup of this store that this version of CareCoord can open."""
    from carecoord.store.migrate import known_revisions

    store_id = None
    try:
        store_id = json.loads((Path(data_dir) / KEY_FILE).read_text("utf-8")).get("store_id")
    except (OSError, ValueError, AttributeError):
        pass
    known = known_revisions() if schema_known else set()
    for info in list_backups(backups_dir(Path(data_dir)), store_id):
        if schema_known and info.schema is not None and info.schema not in known:
            continue
        return info
    return None


def key_file_in(zip_path: Path) -> KeyFile:
    """The key file a backup carries, for unlocking it on a computer that never saw the store."""
    try:
        with zipfile.ZipFile(zip_path) as zf:
            data = json.loads(zf.read(KEY_FILE))
        return KeyFile(data["store_id"], bool(data.get("uses_keyring")), list(data["wraps"]),
                       bool(data.get("demo")))
    except zipfile.BadZipFile:
        name = Path(zip_path).name
        raise StoreError(f"{name} is damaged or is not a CareCoord backup.") from None
    except (KeyError, ValueError, TypeError):
        raise StoreError(f"{Path(zip_path).name} has no usable key file, so it cannot be "
                         "restored.") from None


def _check_db(db_file: Path, key: bytes | None, name: str) -> None:
    """Everything `carecoord check` proves, on an unpacked backup: integrity, links, the
    audit chain; and that its schema is one this version knows."""
    from sqlalchemy.orm import Session

    from carecoord.security.audit import verify_chain
    from carecoord.store.engine import make_engine
    from carecoord.store.migrate import known_revisions

    unchanged = "Nothing has been changed."
    try:
        conn = open_raw(db_file, key)
    except StoreError:
        raise StoreError(f"The backup {name} cannot be opened: it is damaged, or it belongs to "
                         f"a store whose key is not on this computer. {unchanged}") from None
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StoreError(f"The backup {name} is damaged (it fails SQLite's integrity "
                             f"check), so it cannot be restored. {unchanged}")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            raise StoreError(f"The backup {name} has broken links between records, so it "
                             f"cannot be restored. {unchanged}")
        schema, _ = _describe(conn)
    except StoreError:
        raise
    except Exception:  # noqa: BLE001 - a damaged page inside the backup
        raise StoreError(f"The backup {name} is damaged (part of it cannot be read), so it "
                         f"cannot be restored. {unchanged}") from None
    finally:
        conn.close()
    if schema is None:
        raise StoreError(f"{name} is not a CareCoord backup. {unchanged}")
    if schema not in known_revisions():
        raise StoreError(f"The backup {name} was made by a newer version of CareCoord. "
                         f"Install the newer version to restore it; {unchanged.lower()}")
    engine = make_engine(db_file, key, pooled=False)
    try:
        with Session(engine) as s:
            problem = verify_chain(s)
    finally:
        engine.dispose()
    if problem:
        raise StoreError(f"The backup {name} has a broken audit trail at event "
                         f"{problem.event_id} ({problem.reason}), so it cannot be restored. "
                         "Nothing has been changed.")


def _unpack(zip_path: Path, into: Path) -> Path:
    name = zip_path.name
    if not zip_path.exists():
        raise StoreError(f"There is no backup file at {zip_path}.")
    try:
        with zipfile.ZipFile(zip_path) as zf:
            if DB_FILE not in zf.namelist():
                raise StoreError(f"{name} is not a CareCoord backup.")
            needed = zf.getinfo(DB_FILE).file_size + _SPARE_BYTES
            free = shutil.disk_usage(into).free
            if free < needed:
                raise StoreError(f"There is not enough free space to restore {name}: it needs "
                                 f"{needed // 2**20} MB and {free // 2**20} MB is free. "
                                 "Nothing has been changed.")
            zf.extract(DB_FILE, into)
    except zipfile.BadZipFile:
        raise StoreError(f"{name} is damaged or is not a CareCoord backup.") from None
    except OSError as exc:
        raise StoreError(f"{name} could not be unpacked: {exc.strerror or exc}. Nothing has "
                         "been changed.") from None
    return into / DB_FILE


def verify_backup(zip_path: Path, key: bytes | None) -> BackupInfo:
    """Unpack a backup to a temporary folder and check it fully; return what it is."""
    zip_path = Path(zip_path)
    with tempfile.TemporaryDirectory(prefix="carecoord-verify-") as tmp:
        _check_db(_unpack(zip_path, Path(tmp)), key, zip_path.name)
    info = read_info(zip_path)
    if info is None:
        raise StoreError(f"{zip_path.name} is damaged or is not a CareCoord backup.")
    return info


def restore_backup(data_dir: Path, key: bytes | None, zip_path: Path) -> Restored:
    """Check the backup first; only then move the current store aside and put the backup in.

    The caller holds the store's lock, so no copy of CareCoord has the files open. If anything
    fails after the current store was moved, it is moved back: the restore either happens
    whole or not at all.
    """
    data_dir = Path(data_dir)
    zip_path = Path(zip_path)
    data_dir.mkdir(parents=True, exist_ok=True)
    info = read_info(zip_path)
    if zip_path.exists() and info is None:
        raise StoreError(f"{zip_path.name} is damaged or is not a CareCoord backup.")
    backup_kf = key_file_in(zip_path)
    current_kf = None
    try:
        current_kf = json.loads((data_dir / KEY_FILE).read_text("utf-8")).get("store_id")
    except (OSError, ValueError, AttributeError):
        pass
    # The same store keeps its own key file, which may hold a passphrase set since the
    # backup; a different store (another laptop's) brings the key file that opens it.
    replace_key_file = current_kf != backup_kf.store_id
    staging = Path(tempfile.mkdtemp(dir=data_dir, prefix=".restore-"))
    try:
        fresh = _unpack(zip_path, staging)
        _check_db(fresh, key, zip_path.name)
        live = db_path(data_dir)
        movers = [Path(str(live) + s) for s in ("", "-wal", "-shm")]
        if replace_key_file:
            movers.append(data_dir / KEY_FILE)
        movers = [p for p in movers if p.exists()]
        aside = None
        if movers:
            aside = _free_name(data_dir / f"replaced-{_stamp()}")
            aside.mkdir()
        moved: list[Path] = []
        placed: list[Path] = []
        try:
            for part in movers:
                os.replace(part, aside / part.name)
                moved.append(part)
            if replace_key_file:
                with zipfile.ZipFile(zip_path) as zf:
                    (staging / KEY_FILE).write_bytes(zf.read(KEY_FILE))
                os.replace(staging / KEY_FILE, data_dir / KEY_FILE)
                placed.append(data_dir / KEY_FILE)
            os.replace(fresh, live)
            placed.append(live)
            _fsync_dir(data_dir)
            open_raw(live, key).close()
        except BaseException:
            # Put everything back as it was: first remove what was placed, then return the
            # moved files (the old database with its own -wal, so no committed change is lost).
            if live in placed:
                for part in (live, Path(str(live) + "-wal"), Path(str(live) + "-shm")):
                    if part == live or part not in moved:
                        part.unlink(missing_ok=True)
            if data_dir / KEY_FILE in placed:
                (data_dir / KEY_FILE).unlink(missing_ok=True)
            for part in moved:
                os.replace(aside / part.name, part)
            if aside is not None and not any(aside.iterdir()):
                aside.rmdir()
            _fsync_dir(data_dir)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Restored(info, aside, replace_key_file)


def backup_before_upgrade(engine: Engine, data_dir: Path, key: bytes | None) -> Path:
    return write_backup(data_dir, key,
                        _free_name(backups_dir(data_dir) / f"before-upgrade-{_stamp()}.zip"),
                        kind="before-upgrade")
