"""Backups as a service: write, verify, restore, and record each in the audit trail."""

from __future__ import annotations

from pathlib import Path

from carecoord.security import audit
from carecoord.security.users import SYSTEM
from carecoord.store import backup as store_backup
from carecoord.store.store import Store
from carecoord.store.unit_of_work import unit_of_work


def backup_now(store: Store, out: Path, actor=SYSTEM) -> Path:
    path = store_backup.write_backup(store.data_dir, store.key, out)
    with unit_of_work(store.session_factory, write=True) as uow:
        audit.append(uow.session, user_id=actor.user_id, username=actor.username,
                     action="backup", entity="store", entity_id=store.store_id,
                     detail={"file": path.name})
    return path


def restore_from(data_dir: Path, key: bytes | None, zip_path: Path) -> Path:
    """Verify the backup, keep the current store aside, put the backup in place."""
    return store_backup.restore_backup(data_dir, key, zip_path)
