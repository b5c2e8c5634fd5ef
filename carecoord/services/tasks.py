"""Tasks for professionals: an owner, a due window and a status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from carecoord.domain.dates import DueWindow, parse_date
from carecoord.domain.enums import TaskSource, TaskStatus
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services.base import Ctx, Work, changing, clean, reading
from carecoord.store.models import Person, Professional, Task


@dataclass(frozen=True)
class TaskView:
    id: int
    uid: str
    person_id: int | None
    person_name: str | None
    owner_professional_id: int | None
    owner_name: str | None
    description: str
    due: DueWindow
    status: TaskStatus
    source: TaskSource
    contact_event_id: int | None
    completed_on: dt.date | None
    version_id: int
    closed_note: str | None = None  # the note it was done with, or why it was cancelled

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    def overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due.end is not None and self.due.end < today


def _date(value, field: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_date(value, field)


def _name(w: Work, model, ident: int | None) -> str | None:
    if ident is None:
        return None
    if model is Person:
        row = w.session.execute(select(Person.given_name, Person.family_name)
                                .where(Person.id == ident)).one()
        return f"{row.given_name} {row.family_name}"
    return w.session.scalar(select(Professional.name).where(Professional.id == ident))


def task_view(w: Work, t: Task, person_name: str | None = None,
              owner_name: str | None = None) -> TaskView:
    return TaskView(t.id, t.uid, t.person_id, person_name or _name(w, Person, t.person_id),
                    t.owner_professional_id,
                    owner_name or _name(w, Professional, t.owner_professional_id),
                    t.description, DueWindow(t.due_from, t.due_to), t.status, t.source,
                    t.contact_event_id, t.completed_on, t.version_id, t.closed_note)


def add_task(w: Work, *, person_id: int | None, owner_professional_id: int | None,
             description: str, due_from: dt.date | None, due_to: dt.date | None,
             source: TaskSource = TaskSource.MANUAL,
             contact_event_id: int | None = None) -> Task:
    """Create a task inside someone else's unit of work (a discharge, a huddle outcome)."""
    text = clean(description)
    if not text:
        raise ValidationError("Describe the task.", "description")
    DueWindow(due_from, due_to)  # refuses a window that ends before it starts
    if person_id is not None:
        w.get(Person, person_id, "person")
    if owner_professional_id is not None:
        w.get(Professional, owner_professional_id, "professional")
    t = Task(person_id=person_id, owner_professional_id=owner_professional_id,
             description=text, due_from=due_from, due_to=due_to, status=TaskStatus.OPEN,
             source=TaskSource(source), contact_event_id=contact_event_id)
    w.session.add(t)
    w.session.flush()
    w.audit("create", "task", t.id, person_id, source=t.source.value,
            owner=owner_professional_id, due_from=due_from, due_to=due_to)
    return t


def create_task(ctx: Ctx, owner_professional_id: int, description: str,
                due_from: dt.date | str | None = None, due_to: dt.date | str | None = None,
                person_id: int | None = None,
                source: TaskSource | str = TaskSource.MANUAL) -> TaskView:
    if owner_professional_id is None:
        raise ValidationError("Choose who owns the task.", "owner")
    start, end = _date(due_from, "due_from"), _date(due_to, "due_to")
    try:
        source = TaskSource(source)
    except ValueError:
        raise ValidationError(f"'{source}' is not a source of tasks.", "source") from None
    with changing(ctx) as w:
        t = add_task(w, person_id=person_id, owner_professional_id=owner_professional_id,
                     description=description, due_from=start, due_to=end, source=source)
        return task_view(w, t)


def _open_task(w: Work, task_id: int) -> Task:
    t = w.get(Task, task_id, "task")
    if t.status != TaskStatus.OPEN:
        raise RuleError(f"This task is already {t.status.label.lower()}.")
    return t


def complete_task(ctx: Ctx, task_id: int, on: dt.date | str | None = None,
                  note: str | None = None) -> TaskView:
    day = _date(on, "completed_on") or ctx.today()
    if day > ctx.today():
        raise ValidationError("A task cannot be completed on a date in the future.",
                              "completed_on")
    with changing(ctx) as w:
        t = _open_task(w, task_id)
        t.status, t.completed_on, t.closed_note = TaskStatus.DONE, day, clean(note)
        w.session.flush()
        w.audit("complete", "task", t.id, t.person_id, on=day, note=t.closed_note)
        return task_view(w, t)


def cancel_task(ctx: Ctx, task_id: int, reason: str) -> TaskView:
    """A task no longer needed is cancelled with a reason, never deleted."""
    why = clean(reason)
    if not why:
        raise ValidationError("Say why the task is no longer needed.", "reason")
    with changing(ctx) as w:
        t = _open_task(w, task_id)
        t.status, t.closed_note = TaskStatus.CANCELLED, why
        w.session.flush()
        w.audit("cancel", "task", t.id, t.person_id, reason=why)
        return task_view(w, t)


def for_person(ctx: Ctx, person_id: int, include_closed: bool = True) -> list[TaskView]:
    """Open tasks first, soonest due first; then closed ones."""
    with reading(ctx) as w:
        p = w.get(Person, person_id, "person")
        person_name = f"{p.given_name} {p.family_name}"
        q = (select(Task, Professional.name)
             .outerjoin(Professional, Professional.id == Task.owner_professional_id)
             .where(Task.person_id == person_id))
        if not include_closed:
            q = q.where(Task.status == TaskStatus.OPEN)
        out = [task_view(w, t, person_name, owner) for t, owner in w.session.execute(q)]
    return sorted(out, key=lambda t: (not t.is_open, _due_key(t), t.id))


def _due_key(t: TaskView) -> tuple:
    end = t.due.end or t.due.start
    return (end is None, end or dt.date.max)


def my_tasks(ctx: Ctx, professional_id: int | None = None) -> list[TaskView]:
    """Open tasks owned by the signed-in user (or the given professional), by due date;
    tasks with no due date come last."""
    owner = professional_id if professional_id is not None else ctx.actor.professional_id
    if owner is None:
        return []
    with reading(ctx) as w:
        owner_name = _name(w, Professional, owner)
        rows = w.session.execute(
            select(Task, Person.given_name, Person.family_name)
            .outerjoin(Person, Person.id == Task.person_id)
            .where(Task.owner_professional_id == owner, Task.status == TaskStatus.OPEN))
        out = [task_view(w, t, f"{g} {f}" if g else None, owner_name) for t, g, f in rows]
    return sorted(out, key=lambda t: (_due_key(t), t.id))
