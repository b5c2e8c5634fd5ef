"""The audit trail: append-only and hash-chained, so an altered or removed row is detected."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecoord.store.models import AuditEvent
from carecoord.store.models.base import utcnow

GENESIS = "0" * 64


def _digest(prev_hash: str, at: dt.datetime, user_id: int | None, username: str, action: str,
            entity: str, entity_id: str | None, person_id: int | None, detail: str) -> str:
    payload = json.dumps(
        [prev_hash, at.isoformat(timespec="microseconds"), user_id, username, action, entity,
         entity_id, person_id, detail],
        separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(session: Session, *, user_id: int | None, username: str, action: str, entity: str,
           entity_id: object = None, person_id: int | None = None,
           detail: dict | str | None = None) -> AuditEvent:
    """Call inside a write transaction (BEGIN IMMEDIATE) so no other writer can interleave."""
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    prev = prev or GENESIS
    at = utcnow()
    detail_text = detail if isinstance(detail, str) else json.dumps(
        detail or {}, sort_keys=True, ensure_ascii=False, default=str)
    eid = None if entity_id is None else str(entity_id)
    event = AuditEvent(at=at, user_id=user_id, username=username, action=action, entity=entity,
                       entity_id=eid, person_id=person_id, detail=detail_text, prev_hash=prev,
                       hash=_digest(prev, at, user_id, username, action, entity, eid, person_id,
                                    detail_text))
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    reason: str


def verify_chain(session: Session, batch: int = 5000) -> ChainProblem | None:
    """Walk the chain in order; return the first broken row, or None when it is whole."""
    prev = GENESIS
    last_id = 0
    while True:
        rows = session.execute(
            select(AuditEvent.id, AuditEvent.at, AuditEvent.user_id, AuditEvent.username,
                   AuditEvent.action, AuditEvent.entity, AuditEvent.entity_id,
                   AuditEvent.person_id, AuditEvent.detail, AuditEvent.prev_hash,
                   AuditEvent.hash)
            .where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            return None
        for r in rows:
            if r.prev_hash != prev:
                return ChainProblem(r.id, "it does not follow the row before it (a row was "
                                          "removed, inserted or reordered)")
            expected = _digest(r.prev_hash, r.at, r.user_id, r.username, r.action, r.entity,
                               r.entity_id, r.person_id, r.detail)
            if expected != r.hash:
                return ChainProblem(r.id, "its content was changed after it was written")
            prev = r.hash
            last_id = r.id
