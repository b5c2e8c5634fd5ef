"""Bulk writing for the demo generator.

The ORM unit of work costs far more per row than SQLite does, so the generator assigns
primary keys itself (no RETURNING), fills every NOT NULL column, and writes plain values with
multi-row INSERT statements whose column lists come from the models' tables. A writer
thread runs the statements while the generator draws the next people: SQLite does its work
with the GIL released, so the two overlap on a machine with two or more cores. Rows are
queued in the models' dependency order, so a parent is always written before its children.
"""

from __future__ import annotations

import datetime as dt
import itertools
import queue
import threading
from collections import Counter
from enum import Enum

import sqlcipher3
from sqlalchemy import Boolean, Date, DateTime, Table, func, insert, select
from sqlalchemy.dialects.sqlite import pysqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from carecoord.demo.dice import Dice
from carecoord.store.models import Base

_QMARK = pysqlite.dialect(paramstyle="qmark")
FLUSH_EVERY = 20_000  # rows queued before they go to the writer thread
MAX_PARAMETERS = 30_000  # below SQLite's default limit of 32,766 bound parameters


class _Iso(dict):
    """Values in SQLAlchemy's SQLite storage form, formatted once per distinct value.
    None and text pass through, so a column may be given either."""

    def __missing__(self, value):
        if value is None or isinstance(value, str):
            text = value
        elif isinstance(value, dt.datetime):
            text = value.isoformat(" ", "microseconds")
        else:
            text = value.isoformat()
        self[value] = text
        return text


def _storage(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    return value


class _Table:
    def __init__(self, table: Table, next_id: int, iso: _Iso, uid, stamp: str):
        self.name = table.name
        self.columns = [c.name for c in table.columns]
        self.next_id = itertools.count(next_id).__next__
        self.make = self._row_maker(table, iso, uid, stamp)
        self.id_index = self.columns.index("id")
        self.pending: list[tuple] = []
        one_row = str(insert(table).compile(dialect=_QMARK))
        head, _, values = one_row.partition(" VALUES ")
        self.head, self.values = f"{head} VALUES ", values
        self.per_statement = max(1, MAX_PARAMETERS // len(self.columns))
        self._sql: dict[int, str] = {}

    def _row_maker(self, table: Table, iso: _Iso, uid, stamp: str):
        """A function that takes the table's columns as keyword arguments, each with its
        default, and returns the row in column order, ready for the driver: a missing id or
        uid is drawn, dates are formatted, and created_at defaults to the generation stamp
        and updated_at to created_at. It is written out and compiled once per table, as
        namedtuple and dataclasses do, because this call runs for every row."""
        env = {"_iso": iso, "_uid": uid, "_next_id": self.next_id, "_stamp": stamp}
        params, items = [], []
        for n, col in enumerate(table.columns):
            name = col.name
            default = col.default.arg if col.default is not None and col.default.is_scalar else None
            if isinstance(col.type, Boolean) and default is None and not col.nullable:
                default = False
            env[f"_default_{n}"] = 1 if name == "version_id" else _storage(default)
            params.append(f"{name}=_default_{n}")
            if name == "id":
                items.append("_next_id() if id is None else id")
            elif name == "uid":
                items.append("_uid() if uid is None else uid")
            elif name == "created_at":
                items.append("_stamp if created_at is None else _iso[created_at]")
            elif name == "updated_at":
                items.append("(_iso[updated_at] if updated_at is not None else "
                             "_stamp if created_at is None else _iso[created_at])")
            elif isinstance(col.type, (Date, DateTime)):
                items.append(f"_iso[{name}]")
            else:
                items.append(name)
        source = f"def make(*, {', '.join(params)}):\n    return ({', '.join(items)},)\n"
        exec(compile(source, f"<demo row for {self.name}>", "exec"), env)  # noqa: S102
        return env["make"]

    def sql(self, rows: int) -> str:
        text = self._sql.get(rows)
        if text is None:
            text = self.head + ", ".join([self.values] * rows)
            if rows == self.per_statement:
                self._sql[rows] = text
        return text


class _WriterThread(threading.Thread):
    def __init__(self, dbapi_connection):
        super().__init__(name="demo-writer", daemon=True)
        self.cursor = dbapi_connection.cursor()
        self.jobs: queue.Queue = queue.Queue(maxsize=32)
        self.error: BaseException | None = None

    def run(self) -> None:
        while (job := self.jobs.get()) is not None:
            if self.error is None:
                try:
                    self.cursor.execute(*job)
                except BaseException as exc:  # noqa: BLE001 - handed to the generating thread
                    self.error = exc

    def stop(self) -> None:
        self.jobs.put(None)
        self.join()
        self.cursor.close()


class Bulk:
    """Collects rows per table; `flush` queues them for the writer thread in
    foreign-key order. Use as a context manager so the thread always stops."""

    def __init__(self, session: Session, dice: Dice, default_stamp: dt.datetime):
        self.session = session
        self.dice = dice
        self.iso = _Iso()
        self.default_stamp = self.iso[default_stamp]
        self.counts: Counter[str] = Counter()
        self._tables: dict[Table, _Table] = {}  # in dependency order, parents first
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key:
                highest = session.scalar(select(func.max(table.c.id)))
                self._tables[table] = _Table(table, (highest or 0) + 1, self.iso, dice.uid,
                                             self.default_stamp)
        self._by_model: dict[type, _Table] = {}
        self._pending_rows = 0
        self._thread: _WriterThread | None = None

    def __enter__(self) -> Bulk:
        return self

    def __exit__(self, *exc) -> None:
        self.close(flush=exc[0] is None)

    def _table(self, model) -> _Table:
        t = self._by_model.get(model)
        if t is None:
            t = self._by_model[model] = self._tables[model.__table__]
        return t

    def reserve(self, model) -> int:
        """An id for a row that will be added later, when others must point to it first."""
        return self._table(model).next_id()

    def add(self, model, **values) -> int:
        """Queue one row and return its id. Columns left out take their defaults; dates may
        be date or datetime objects; enums are stored as their codes."""
        t = self._by_model.get(model) or self._table(model)
        row = t.make(**values)
        t.pending.append(row)
        self._pending_rows += 1
        if self._pending_rows >= FLUSH_EVERY:
            self.flush()
        return row[t.id_index]

    def flush(self) -> None:
        """Queue everything collected so far, parents before children."""
        if not self._pending_rows:
            return
        if self._thread is None:
            dbapi = self.session.connection().connection.driver_connection
            self._thread = _WriterThread(dbapi)
            self._thread.start()
        for t in self._tables.values():
            rows, t.pending = t.pending, []
            for start in range(0, len(rows), t.per_statement):
                chunk = rows[start:start + t.per_statement]
                self._put((t.sql(len(chunk)), list(itertools.chain.from_iterable(chunk))))
            self.counts[t.name] += len(rows)
        self._pending_rows = 0

    def _put(self, job) -> None:
        self._raise_writer_error()
        self._thread.jobs.put(job)

    def _raise_writer_error(self) -> None:
        """Raise what the writer met as SQLAlchemy would have, so the unit of work explains
        a full disk or a locked store in the usual plain words."""
        error = self._thread.error if self._thread is not None else None
        if isinstance(error, sqlcipher3.dbapi2.Error):
            raise DBAPIError.instance(None, None, error, sqlcipher3.dbapi2.Error,
                                      hide_parameters=True) from error
        if error is not None:
            raise error

    def close(self, flush: bool = True) -> None:
        """Write what is left and wait for the writer; raise the first error it met."""
        try:
            if flush:
                self.flush()
        finally:
            if self._thread is not None:
                self._thread.stop()
        self._raise_writer_error()
