"""The SQLCipher engine. Every connection gets the raw key and the same pragmas, here only."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from carecoord.domain.errors import StoreError


def _apply_key(dbapi_conn, key: bytes | None) -> None:
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

    return engine
