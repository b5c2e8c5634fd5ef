"""What every service shares: the context (store, actor, today) and the units of work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from carecoord.domain.errors import NotFoundError, PermissionDenied
from carecoord.security import audit
from carecoord.security.users import Actor
from carecoord.store.store import Store
from carecoord.store.unit_of_work import UnitOfWork, unit_of_work


@dataclass
class Ctx:
    store: Store
    actor: Actor
    today: Callable[[], dt.date] = field(default=dt.date.today)


class Work:
    """A unit of work that knows who is acting, so audit events name them."""

    def __init__(self, ctx: Ctx, uow: UnitOfWork):
        self.ctx = ctx
        self.session: Session = uow.session

    def audit(self, action: str, entity: str, entity_id: object = None,
              person_id: int | None = None, **detail) -> None:
        a = self.ctx.actor
        audit.append(self.session, user_id=a.user_id, username=a.username, action=action,
                     entity=entity, entity_id=entity_id, person_id=person_id, detail=detail)

    def get(self, model, ident: int, what: str | None = None):
        obj = self.session.get(model, ident)
        if obj is None:
            raise NotFoundError(f"That {what or model.__tablename__.replace('_', ' ')} "
                                "no longer exists.")
        return obj


@contextmanager
def changing(ctx: Ctx) -> Iterator[Work]:
    """A write. The huddle-viewer role is refused here, in the service, not only in the UI."""
    if not ctx.actor.can_change:
        raise PermissionDenied("Your role can view records but not change them.")
    with unit_of_work(ctx.store.session_factory, write=True) as uow:
        yield Work(ctx, uow)


@contextmanager
def viewing(ctx: Ctx) -> Iterator[Work]:
    """A read that leaves an audit event, so it takes the write lock for the event."""
    with unit_of_work(ctx.store.session_factory, write=True) as uow:
        yield Work(ctx, uow)


@contextmanager
def reading(ctx: Ctx) -> Iterator[Work]:
    """A read with no audit event of its own (lists; the caller audits the list once)."""
    with unit_of_work(ctx.store.session_factory, write=False) as uow:
        yield Work(ctx, uow)


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None
