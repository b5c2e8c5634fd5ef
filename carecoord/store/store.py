"""Create and open a store: the lock, the key file, the encrypted database, upgrade-on-open,
and the checks on open that catch a damaged file before anyone works on it."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from carecoord.domain.errors import StoreError
from carecoord.store import migrate
from carecoord.store.engine import (
    DamagedStoreError,
    NewerStoreError,
    damaged_error,
    looks_damaged,
    make_engine,
)
from carecoord.store.lock import StoreLock
from carecoord.store.models import StoreMeta
from carecoord.store.paths import db_path
from carecoord.store.unit_of_work import make_session_factory
from carecoord.version import __version__

__all__ = ["DamagedStoreError", "NewerStoreError", "Store", "create_store", "open_store"]

PAGE_SIZE = 4096  # SQLCipher 4's page; the file is always a whole number of them
# Up to this size every page's HMAC is checked on open (about 2 ms per MB on a laptop SSD, so
# at most about half a second). Above it, open checks a bounded sample (see _edge_probe) and
# the full page check runs with every backup instead.
FULL_PAGE_CHECK_LIMIT = 256 * 1024 * 1024

JOURNAL_LOST_WARNING = (
    "CareCoord was not closed properly last time, and the store's journal file "
    "(carecoord.db-wal) is missing, so the changes made just before that may have been "
    "lost. The store itself passed its checks. Look over the last records you changed.")


@dataclass
class Store:
    data_dir: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    key: bytes | None = field(repr=False)
    store_id: str = ""
    is_demo: bool = False
    lock: StoreLock | None = field(default=None, repr=False)
    # Plain sentences to show once after opening (for example a lost journal).
    warnings: tuple[str, ...] = ()

    def meta(self, name: str, default: str | None = None) -> str | None:
        with self.session_factory() as s:
            row = s.get(StoreMeta, name)
            return row.value if row else default

    def close(self, *, keep_lock: bool = False) -> StoreLock | None:
        """Close the connections (which checkpoints and removes the WAL), then let the next
        copy in. keep_lock hands the lock to the caller, for a restore in place. Repeatable."""
        if self.lock is not None:
            self.lock.closing()
        self.engine.dispose()
        lock, self.lock = self.lock, None
        if keep_lock:
            return lock
        if lock is not None:
            lock.release(clean=True)
        return None


def create_store(data_dir: Path, key: bytes, store_id: str | None = None, *,
                 demo: bool = False) -> Store:
    """Make the database file (the key file must already exist) and bring it to head."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = db_path(data_dir)
    if path.exists():
        raise StoreError(f"A store already exists in {data_dir}.")
    lock = StoreLock.acquire(data_dir)
    try:
        engine = make_engine(path, key)
        migrate.upgrade(engine)
        lock.mark_open()
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
    except BaseException:
        lock.release(clean=False)
        raise
    return Store(data_dir, engine, factory, key, store_id, demo, lock)


def _file_problem(path: Path) -> str | None:
    size = path.stat().st_size
    if size == 0:
        return "The store's file is empty."
    if size % PAGE_SIZE:
        return "The store's file is shorter than it should be: it was cut off part-way."
    return None


def _page_problems(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        return [r[0] for r in raw.execute("PRAGMA cipher_integrity_check").fetchall()]


def _edge_probe(engine: Engine) -> None:
    """Bounded: read the first and the last row of every table. That touches each table's
    root page and its two outermost leaves, which is where a cut-off or overwritten end of
    the file shows, in a few milliseconds whatever the store's size."""
    from sqlalchemy.exc import OperationalError

    with engine.connect() as conn:
        tables = conn.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%'")).all()
        for name, sql in tables:
            if (sql or "").upper().startswith("CREATE VIRTUAL"):
                continue
            quoted = '"' + name.replace('"', '""') + '"'
            # Names come from sqlite_master and are quoted; nothing here is typed by a user.
            ends = [f"SELECT * FROM {quoted} ORDER BY rowid {o} LIMIT 1"  # noqa: S608
                    for o in ("ASC", "DESC")]
            try:
                for sql_text in ends:
                    conn.execute(text(sql_text)).fetchall()
            except OperationalError:  # a WITHOUT ROWID table: its first row will do
                conn.rollback()
                conn.execute(text(f"SELECT * FROM {quoted} LIMIT 1")).fetchall()  # noqa: S608
        conn.rollback()


def _deep_check(engine: Engine) -> str | None:
    """After a lost journal only: the structure, the links and the audit chain."""
    from carecoord.security.audit import verify_chain

    with Session(engine) as s:
        result = s.execute(text("PRAGMA quick_check")).scalar_one()
        if result != "ok":
            return f"its structure is damaged ({result})"
        if migrate.current_revision(engine) is None:
            return "the file holds none of the store's data"
        if s.execute(text("PRAGMA foreign_key_check")).fetchall():
            return "some records point to records that are missing"
        problem = verify_chain(s)
        if problem:
            return f"its audit trail is broken at event {problem.event_id}"
    return None


def _record_lost_journal(factory: sessionmaker[Session]) -> None:
    from carecoord.security import audit

    with factory.begin() as s:
        audit.append(s, user_id=None, username="system", action="journal_missing",
                     entity="store", detail={"note": "opened after an unclean shutdown with "
                                             "no write-ahead log; recent changes may be lost"})


def _journal_lost(path: Path, lock: StoreLock) -> bool:
    """Asked before the first connection, which would make a new, empty WAL. A session that
    ended without closing always leaves its WAL behind; if it is gone, so are its commits."""
    return lock.previous_unclean and not Path(str(path) + "-wal").exists()


def _check_on_open(path: Path, engine: Engine, journal_lost: bool) -> list[str]:
    """Damage is found here, before anyone works on the store. Returns warnings to show."""
    warnings: list[str] = []
    if path.stat().st_size <= FULL_PAGE_CHECK_LIMIT:
        problems = _page_problems(engine)
        if problems:
            raise damaged_error(path, "The store's file is damaged: some of its pages cannot "
                                "be read.")
    _edge_probe(engine)
    if journal_lost:
        problem = _deep_check(engine)
        if problem:
            raise damaged_error(path, "CareCoord was not closed properly last time and the "
                                f"store's journal file is missing, and now {problem}.")
        warnings.append(JOURNAL_LOST_WARNING)
    return warnings


def open_store(data_dir: Path, key: bytes | None, *, upgrade: bool = True,
               backup_before_upgrade: bool = True, lock: StoreLock | None = None) -> Store:
    """Open the store, holding its lock until close. Damage raises DamagedStoreError, a
    store from a newer CareCoord raises NewerStoreError; both name the backup to offer."""
    path = db_path(data_dir)
    if not path.exists():
        raise StoreError(
            f"There is no CareCoord store in {data_dir}. Run 'carecoord init' or "
            "'carecoord demo' to make one."
        )
    own_lock = lock is None
    lock = lock or StoreLock.acquire(data_dir)
    engine = None
    try:
        if problem := _file_problem(path):
            raise damaged_error(path, problem)
        journal_lost = _journal_lost(path, lock)
        engine = make_engine(path, key)
        try:
            with engine.connect():
                pass
        except StoreError as exc:
            # A wrong key and a damaged first page look the same to SQLCipher.
            raise damaged_error(path, str(exc)) from None
        lock.mark_open()
        warnings = _check_on_open(path, engine, journal_lost)
        if migrate.current_revision(engine) is None:
            # Only create_store makes a store from nothing; an existing file with no schema
            # was cut short while being made, and must not be quietly turned into an empty one.
            raise damaged_error(path, "The store's file holds no CareCoord data.")
        try:
            upgrade_due = migrate.needs_upgrade(engine)
        except StoreError:
            from carecoord.store.backup import newest_backup

            raise NewerStoreError("This store was made by a newer version of CareCoord. "
                                  "Install the newer version to open it.",
                                  newest_backup(data_dir)) from None
        if upgrade_due:
            if not upgrade:
                raise StoreError("This store needs an upgrade: run 'carecoord db upgrade'.")
            if backup_before_upgrade:
                from carecoord.store.backup import backup_before_upgrade as take_backup

                take_backup(engine, data_dir, key)
            migrate.upgrade(engine)
        factory = make_session_factory(engine)
        if warnings:
            _record_lost_journal(factory)
        with factory() as s:
            meta = {m.key: m.value for m in s.scalars(select(StoreMeta))}
    except BaseException as exc:
        if engine is not None:
            engine.dispose()
        # A store that did not open leaves the lock file saying what it said before, so a
        # crash before this attempt is still noticed next time.
        if own_lock:
            lock.release(clean=False)
        if isinstance(exc, StoreError) or not isinstance(exc, Exception):
            raise
        if looks_damaged(exc):
            raise damaged_error(path) from exc
        raise StoreError(f"The store at {path} could not be read: {exc}") from exc
    return Store(data_dir, engine, factory, key, meta.get("store_id", ""),
                 meta.get("is_demo") == "1", lock, tuple(warnings))
