"""One unit of work per user action: a session, one transaction, commit or roll back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from carecoord.domain.errors import StoreError


@dataclass
class UnitOfWork:
    session: Session
    pending_audit: list = field(default_factory=list)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


def explain_operational_error(exc: OperationalError) -> str:
    text = str(exc.orig).lower() if exc.orig else str(exc).lower()
    if "full" in text:
        return ("The disk is full, so nothing was saved. Free some space and save again; "
                "your typing is still in the form.")
    if "locked" in text or "busy" in text:
        return ("Another copy of CareCoord is using this store, so nothing was saved. "
                "Close the other copy and try again.")
    if "readonly" in text or "read-only" in text:
        return "The store is read-only on this computer, so nothing was saved."
    return f"The store could not save this change: {exc.orig or exc}"


@contextmanager
def unit_of_work(factory: sessionmaker[Session], *, write: bool) -> Iterator[UnitOfWork]:
    """Writers take the write lock up front (BEGIN IMMEDIATE) so the audit chain stays linear."""
    session = factory()
    if write:
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
    uow = UnitOfWork(session)
    try:
        yield uow
        session.commit()
    except OperationalError as exc:
        session.rollback()
        raise StoreError(explain_operational_error(exc)) from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
