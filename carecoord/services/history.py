"""The audit trail of one person's record, in words a professional can read."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select

from carecoord.domain.dates import format_date
from carecoord.services.base import Ctx, reading
from carecoord.store.models import AuditEvent


@dataclass(frozen=True)
class AuditLine:
    at: dt.datetime
    username: str
    action: str
    entity: str
    what: str
    detail: str


_ENTITIES = {
    "person": "the record",
    "care_plan": "the care plan",
    "goal": "a goal",
    "action": "an action",
    "condition": "a condition",
    "alert": "an alert",
    "lead": "the lead professional",
    "care_team_member": "the care team",
    "carer": "a carer",
    "appointment": "an appointment",
    "referral": "a referral",
    "task": "a task",
    "consent": "a consent to share",
    "export": "an export",
}

_ACTIONS = {
    "create": "Added",
    "update": "Changed",
    "view": "Opened",
    "retire": "Removed",
    "end": "Ended",
    "agree": "Agreed",
    "review": "Started a review of",
    "offer": "Recorded an offer of",
    "decline": "Recorded that the person declined",
    "draft": "Started writing",
    "progress": "Updated progress on",
    "rate": "Recorded a rating for",
    "reorder": "Reordered",
    "review_date": "Set the review date of",
    "handover": "Handed over",
    "status": "Changed the status of",
    "print": "Printed",
    "export": "Exported",
}

# Detail keys that are internal identifiers, not something a reader needs.
_HIDDEN = {"previous", "superseded", "delta"}

_KEYS = {
    "number": "version",
    "from_number": "from version",
    "plan": "plan version",
    "method": "how agreed",
    "review_date": "next review",
    "on": "date",
    "side": "part",
    "old": "was",
    "new": "now",
    "to": "to",
}

_FIELDS = {
    "person_words": "the goal's words",
    "domain": "area of life",
    "target_from": "target date",
    "target_to": "target date",
    "lifecycle": "goal status",
    "achievement": "how it is going",
    "description": "what will be done",
    "owner_name": "who will do it",
    "owner_kind": "who will do it",
    "owner_professional_id": "who will do it",
    "due_from": "due window",
    "due_to": "due window",
    "given_name": "first name",
    "family_name": "last name",
    "nhs_number": "NHS number",
    "gp_practice": "GP practice",
    "about_interests": "interests",
    "about_routines": "routines",
    "about_daily_life": "daily life",
}

_VALUES = {
    "person": "What I will do",
    "team": "What my team will do",
    "signed": "signed",
    "verbal": "verbal",
    "representative": "by a representative",
    "lpa": "by lasting power of attorney",
}


def describe_action(action: str, entity: str) -> str:
    verb = _ACTIONS.get(action, action.replace("_", " ").capitalize())
    noun = _ENTITIES.get(entity, entity.replace("_", " "))
    return f"{verb} {noun}"


def _field_label(name: str) -> str:
    from carecoord.services.plans import CONTENT_LABELS

    return _FIELDS.get(name) or CONTENT_LABELS.get(name, name.replace("_", " "))


def _value(value: object) -> str:
    text = str(value)
    try:
        return format_date(dt.date.fromisoformat(text), "%-d %B %Y")
    except ValueError:
        pass
    return _VALUES.get(text, text.replace("_", " ") if text.islower() else text)


def summarise_detail(detail: str) -> str:
    """Turn the stored JSON detail into a short plain sentence fragment."""
    if not detail:
        return ""
    try:
        data = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(data, dict):
        return str(data)
    parts = []
    for key, value in data.items():
        if key in _HIDDEN or value in (None, "", [], {}):
            continue
        label = _KEYS.get(key, key.replace("_", " "))
        if key == "fields" and isinstance(value, list):
            names = dict.fromkeys(_field_label(str(v)) for v in value)  # once each, in order
            parts.append("changed: " + ", ".join(names))
        elif isinstance(value, list):
            parts.append(f"{label}: {', '.join(_value(v) for v in value)}")
        else:
            parts.append(f"{label}: {_value(value)}")
    return "; ".join(parts)


def record_history(ctx: Ctx, person_id: int, limit: int = 500) -> list[AuditLine]:
    """Newest first. Reading the trail is not itself a change to the record."""
    with reading(ctx) as w:
        rows = w.session.execute(
            select(AuditEvent.at, AuditEvent.username, AuditEvent.action, AuditEvent.entity,
                   AuditEvent.detail)
            .where(AuditEvent.person_id == person_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
        ).all()
    return [AuditLine(r.at, r.username, r.action, r.entity, describe_action(r.action, r.entity),
                      summarise_detail(r.detail)) for r in rows]
