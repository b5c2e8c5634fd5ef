"""Encrypted backups with SQLite's online backup API. A backup is a zip of the encrypted
database and the key file (wrapped keys only), so the recovery key opens it anywhere."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from sqlalchemy import Engine

from carecoord.domain.errors import StoreError
from carecoord.security.keystore import KEY_FILE
from carecoord.store.engine import open_raw
from carecoord.store.paths import DB_FILE, backups_dir, db_path


def _snapshot(src_path: Path, key: bytes | None, dest_db: Path) -> None:
    src = open_raw(src_path, key)
    dst = open_raw(dest_db, key)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def write_backup(data_dir: Path, key: bytes | None, out: Path) -> Path:
    """Write a consistent, encrypted copy of the live store to `out` (a .zip)."""
    out = Path(out)
    if out.is_dir():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        out = out / f"carecoord-backup-{stamp}.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        snap = Path(tmp) / DB_FILE
        _snapshot(db_path(data_dir), key, snap)
        partial = out.with_suffix(out.suffix + ".partial")
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as zf:
                zf.write(snap, DB_FILE)
                zf.write(data_dir / KEY_FILE, KEY_FILE)
            with open(partial, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(partial, out)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(f"The backup could not be written to {out}: {exc.strerror}.") from exc
    return out


def verify_backup(zip_path: Path, key: bytes | None) -> None:
    """Open the backup's database with the key and run integrity and foreign-key checks."""
    try:
        with zipfile.ZipFile(zip_path) as zf, tempfile.TemporaryDirectory() as tmp:
            names = set(zf.namelist())
            if DB_FILE not in names:
                raise StoreError(f"{zip_path.name} is not a CareCoord backup.")
            zf.extract(DB_FILE, tmp)
            conn = open_raw(Path(tmp) / DB_FILE, key)
            try:
                result = conn.execute("PRAGMA integrity_check").fetchone()[0]
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            finally:
                conn.close()
    except zipfile.BadZipFile:
        raise StoreError(f"{zip_path.name} is damaged or is not a CareCoord backup.") from None
    if result != "ok":
        raise StoreError(f"The backup {zip_path.name} is damaged: {result}.")
    if broken:
        raise StoreError(f"The backup {zip_path.name} has broken links between records.")


def restore_backup(data_dir: Path, key: bytes | None, zip_path: Path) -> Path:
    """Verify first; keep the current store aside until the restored one is in place."""
    zip_path = Path(zip_path)
    if not zip_path.exists():
        raise StoreError(f"There is no backup file at {zip_path}.")
    verify_backup(zip_path, key)
    live = db_path(data_dir)
    aside = data_dir / f"replaced-{dt.datetime.now():%Y%m%d-%H%M%S}"
    aside.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(live) + suffix)
        if part.exists():
            shutil.move(part, aside / part.name)
    try:
        with zipfile.ZipFile(zip_path) as zf:
            zf.extract(DB_FILE, data_dir)
        open_raw(live, key).close()
    except Exception:
        live.unlink(missing_ok=True)
        for part in aside.iterdir():
            shutil.move(part, data_dir / part.name)
        aside.rmdir()
        raise
    return aside


def backup_before_upgrade(engine: Engine, data_dir: Path, key: bytes | None) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return write_backup(data_dir, key, backups_dir(data_dir) / f"before-upgrade-{stamp}.zip")
