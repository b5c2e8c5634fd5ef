"""Create and open a store: the key file, the encrypted database, upgrade-on-open."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from carecoord.domain.errors import StoreError
from carecoord.store import migrate
from carecoord.store.engine import make_engine
from carecoord.store.models import StoreMeta
from carecoord.store.paths import db_path
from carecoord.store.unit_of_work import make_session_factory
from carecoord.version import __version__


@dataclass
class Store:
    data_dir: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    key: bytes | None = field(repr=False)
    store_id: str = ""
    is_demo: bool = False

    def meta(self, name: str, default: str | None = None) -> str | None:
        with self.session_factory() as s:
            row = s.get(StoreMeta, name)
            return row.value if row else default

    def close(self) -> None:
        self.engine.dispose()


def create_store(data_dir: Path, key: bytes, store_id: str | None = None, *,
                 demo: bool = False) -> Store:
    """Make the database file (the key file must already exist) and bring it to head."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = db_path(data_dir)
    if path.exists():
        raise StoreError(f"A store already exists in {data_dir}.")
    engine = make_engine(path, key)
    migrate.upgrade(engine)
    store_id = store_id or str(uuid.uuid4())
    factory = make_session_factory(engine)
    with factory.begin() as s:
        for k, v in {
            "store_id": store_id,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "created_by_version": __version__,
            "is_demo": "1" if demo else "0",
        }.items():
            s.add(StoreMeta(key=k, value=v))
    return Store(data_dir, engine, factory, key, store_id, demo)


def open_store(data_dir: Path, key: bytes | None, *, upgrade: bool = True,
               backup_before_upgrade: bool = True) -> Store:
    path = db_path(data_dir)
    if not path.exists():
        raise StoreError(
            f"There is no CareCoord store in {data_dir}. Run 'carecoord init' or "
            "'carecoord demo' to make one."
        )
    if path.stat().st_size == 0:
        raise StoreError(f"The store at {path} is empty or damaged. Restore the newest backup.")
    engine = make_engine(path, key)
    try:
        if migrate.needs_upgrade(engine):
            if not upgrade:
                raise StoreError("This store needs an upgrade: run 'carecoord db upgrade'.")
            if backup_before_upgrade:
                from carecoord.store.backup import backup_before_upgrade as take_backup

                take_backup(engine, data_dir, key)
            migrate.upgrade(engine)
        factory = make_session_factory(engine)
        with factory() as s:
            meta = {m.key: m.value for m in s.scalars(select(StoreMeta))}
    except StoreError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        raise StoreError(f"The store at {path} could not be read: {exc}") from exc
    return Store(data_dir, engine, factory, key, meta.get("store_id", ""),
                 meta.get("is_demo") == "1")
