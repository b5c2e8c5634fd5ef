"""Reference rows the demo needs, written by the services that own them: the kinds of
reading and the experience questionnaire (each seeding leaves its own audit event)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from carecoord.security.users import SYSTEM
from carecoord.services import experience, readings
from carecoord.services.base import Ctx, Work
from carecoord.store.models import ReadingKind
from carecoord.store.store import Store
from carecoord.store.unit_of_work import UnitOfWork


def seed(store: Store, uow: UnitOfWork, today: dt.date) -> tuple[dict[str, int], list[int]]:
    """The reading kinds by code, and the active experience question ids in order."""
    w = Work(Ctx(store, SYSTEM, today=lambda: today), uow)
    readings.ensure_default_kinds(w)
    kinds = {code: kid for code, kid in uow.session.execute(
        select(ReadingKind.code, ReadingKind.id))}
    questions = [q.id for q in experience.ensure_questions(w) if q.active]
    return kinds, questions
