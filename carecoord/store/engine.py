"""The SQLCipher engine. Every connection gets the raw key and the same pragmas, here only."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from carecoord.domain.errors import StoreError

# Words SQLite and SQLCipher use when a page cannot be decrypted or parsed.
_DAMAGE_WORDS = ("malformed", "not a database", "corrupt")


class RecoverableStoreError(StoreError):
    """The store cannot be used as it is, and restoring a backup is the way out.

    `problem` is one plain sentence; `newest_backup` (a backup.BackupInfo or None) is the backup
    to offer, so a screen can ask "Restore the backup from 21 Nov 14:03?".
    """

    def __init__(self, problem: str, newest_backup=None):
        self.problem = problem
        self.newest_backup = newest_backup
        super().__init__(f"{problem} {_advice(newest_backup)}")

    @property
    def offer(self) -> str | None:
        b = self.newest_backup
        return None if b is None else f"Restore the backup from {b.when}?"


class DamagedStoreError(RecoverableStoreError):
    """The file is truncated, has damaged pages, or lost part of its journal."""


class NewerStoreError(RecoverableStoreError):
    """The store was made or upgraded by a newer version of CareCoord."""


def _advice(backup) -> str:
    if backup is None:
        return ("Nothing has been changed. There is no backup in the store's folder: restore one "
                "from a USB stick with 'carecoord restore FILE'.")
    return (f"Nothing has been changed. The newest backup is from {backup.when}: restore it "
            f"from the sign-in screen, or with 'carecoord restore \"{backup.path}\"'.")


def looks_damaged(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(word in text for word in _DAMAGE_WORDS)


def damaged_error(path: Path, problem: str | None = None) -> DamagedStoreError:
    """A DamagedStoreError naming the newest backup beside the store at `path`."""
    from carecoord.store.backup import newest_backup

    return DamagedStoreError(problem or "The store's file is damaged, so it cannot be read.",
                             newest_backup(Path(path).parent))


def quiet_cipher_log(dbapi_conn) -> None:
    # SQLCipher would otherwise print its own lines on stderr when a page fails to decrypt;
    # the user gets one plain sentence from us instead.
    dbapi_conn.execute("PRAGMA cipher_log_level = NONE")


def _apply_key(dbapi_conn, key: bytes | None) -> None:
    quiet_cipher_log(dbapi_conn)
    if key is None:
        return
    # A raw 256-bit key skips SQLCipher's per-connection KDF (about 160 ms a connection).
    dbapi_conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


def open_raw(path: Path, key: bytes | None):
    """A bare DB-API connection with the key applied, for backup and checks."""
    conn = sqlcipher3.dbapi2.connect(str(path), isolation_level=None, check_same_thread=False)
    _apply_key(conn, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.dbapi2.DatabaseError as exc:
        conn.close()
        raise StoreError(_explain_open_failure(path, exc)) from None
    return conn


def _explain_open_failure(path: Path, exc: Exception) -> str:
    text = str(exc).lower()
    if "not a database" in text or "encrypted" in text:
        return (
            f"The store at {path} could not be opened: the key is wrong, or the file is "
            "damaged. Try the recovery key, or restore the newest backup."
        )
    if "malformed" in text:
        return f"The store at {path} is damaged: part of the file cannot be read."
    if "locked" in text or "busy" in text:
        return "The store is in use by another copy of CareCoord. Close it and try again."
    return f"The store at {path} could not be opened: {exc}."


def make_engine(path: Path, key: bytes | None, *, pooled: bool = True,
                max_page_count: int | None = None) -> Engine:
    """An engine over an encrypted file. key=None gives a plain SQLite file (benchmarks only)."""
    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher3.dbapi2,
        connect_args={"check_same_thread": False},
        poolclass=None if pooled else NullPool,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        _apply_key(dbapi_conn, key)
        try:
            dbapi_conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.dbapi2.DatabaseError as exc:
            raise StoreError(_explain_open_failure(path, exc)) from None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA busy_timeout = 5000")
        # FULL: a battery that dies after commit must not lose the commit.
        cur.execute("PRAGMA synchronous = FULL")
        if max_page_count:
            cur.execute(f"PRAGMA max_page_count = {int(max_page_count)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine, "handle_error")
    def _on_error(context):
        # A damaged page met while working (not only on open) becomes the same plain message,
        # with the newest backup offered, instead of a raw driver error.
        exc = context.original_exception
        if isinstance(exc, sqlcipher3.dbapi2.DatabaseError) and looks_damaged(exc):
            raise damaged_error(path, "Part of the store's file is damaged and cannot be read.")

    return engine
