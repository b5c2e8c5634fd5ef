from __future__ import annotations

import datetime as dt

import pytest

from carecoord.domain.enums import TaskSource, TaskStatus
from carecoord.domain.errors import NotFoundError, RuleError, ValidationError
from carecoord.services import tasks
from tests.services.conftest import audit_since, last_audit_id

TODAY = dt.date(2026, 11, 22)


def test_create_a_task(ctx, person, me, store):
    before = last_audit_id(store)
    t = tasks.create_task(ctx, me, "  Phone the pharmacy about blister packs ",
                          due_from="23/11/2026", due_to=dt.date(2026, 11, 27),
                          person_id=person.id)
    assert t.description == "Phone the pharmacy about blister packs"
    assert (t.due.start, t.due.end) == (dt.date(2026, 11, 23), dt.date(2026, 11, 27))
    assert (t.status, t.source, t.person_name, t.owner_name) == (
        TaskStatus.OPEN, TaskSource.MANUAL, "Ann Smith", "Jo Bloggs")
    [ev] = audit_since(store, before)
    assert (ev.username, ev.action, ev.entity, ev.person_id) == ("jo", "create", "task",
                                                                 person.id)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"description": " "}, ValidationError, "Describe the task"),
    ({"due_from": "10/12/2026", "due_to": "01/12/2026"}, ValidationError, "end before"),
    ({"due_to": "31/11/2026"}, ValidationError, "November 2026 has 30 days"),
    ({"owner_professional_id": None}, ValidationError, "who owns"),
    ({"owner_professional_id": 9999}, NotFoundError, "professional"),
    ({"person_id": 9999}, NotFoundError, "person"),
    ({"source": "telepathy"}, ValidationError, "not a source"),
])
def test_bad_tasks_are_refused(ctx, me, kwargs, error, message):
    args = {"owner_professional_id": me, "description": "Visit", **kwargs}
    with pytest.raises(error, match=message):
        tasks.create_task(ctx, **args)
    assert tasks.my_tasks(ctx) == []


def test_complete_and_cancel(ctx, person, me, store):
    a = tasks.create_task(ctx, me, "Check the new inhaler", person_id=person.id)
    b = tasks.create_task(ctx, me, "Book interpreter", person_id=person.id)
    before = last_audit_id(store)
    done = tasks.complete_task(ctx, a.id, on="21/11/2026")
    assert (done.status, done.completed_on) == (TaskStatus.DONE, dt.date(2026, 11, 21))
    gone = tasks.cancel_task(ctx, b.id, "Family will interpret, as the person prefers")
    assert gone.status == TaskStatus.CANCELLED
    assert [(e.username, e.action) for e in audit_since(store, before)] == [
        ("jo", "complete"), ("jo", "cancel")]
    with pytest.raises(RuleError, match="already done"):
        tasks.complete_task(ctx, a.id)
    with pytest.raises(RuleError, match="already cancelled"):
        tasks.cancel_task(ctx, b.id, "again")


def test_the_closing_note_and_reason_are_kept_on_the_task(ctx, person, me, store):
    a = tasks.create_task(ctx, me, "Check the new inhaler", person_id=person.id)
    b = tasks.create_task(ctx, me, "Book interpreter", person_id=person.id)
    c = tasks.create_task(ctx, me, "Chase results", person_id=person.id)
    assert a.closed_note is None
    before = last_audit_id(store)
    done = tasks.complete_task(ctx, a.id, note="  Using it well; spacer given  ")
    gone = tasks.cancel_task(ctx, b.id, "Family will interpret")
    quiet = tasks.complete_task(ctx, c.id, note="   ")
    assert done.closed_note == "Using it well; spacer given"
    assert gone.closed_note == "Family will interpret"
    assert quiet.closed_note is None
    listed = {t.id: t.closed_note for t in tasks.for_person(ctx, person.id)}
    assert listed == {a.id: "Using it well; spacer given", b.id: "Family will interpret",
                      c.id: None}
    complete, cancel, _ = audit_since(store, before)
    assert '"note": "Using it well; spacer given"' in complete.detail
    assert '"reason": "Family will interpret"' in cancel.detail


def test_completion_needs_a_real_date_and_cancelling_a_reason(ctx, me):
    t = tasks.create_task(ctx, me, "Chase results")
    with pytest.raises(ValidationError, match="future"):
        tasks.complete_task(ctx, t.id, on=TODAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="why"):
        tasks.cancel_task(ctx, t.id, "  ")
    assert tasks.complete_task(ctx, t.id).completed_on == TODAY


def test_my_tasks_are_mine_open_and_by_due_date(ctx, person, me, other_pro, make_person):
    bob = make_person("Bob", "Jones")
    late = tasks.create_task(ctx, me, "Later", due_to="10/12/2026", person_id=person.id)
    soon = tasks.create_task(ctx, me, "Soon", due_from="20/11/2026", due_to="24/11/2026",
                             person_id=bob.id)
    undated = tasks.create_task(ctx, me, "Whenever", person_id=person.id)
    starts = tasks.create_task(ctx, me, "From the 1st", due_from="01/12/2026")
    tasks.create_task(ctx, other_pro, "Not mine", due_to="23/11/2026", person_id=person.id)
    done = tasks.create_task(ctx, me, "Done already", due_to="21/11/2026")
    tasks.complete_task(ctx, done.id)

    mine = tasks.my_tasks(ctx)
    assert [t.id for t in mine] == [soon.id, starts.id, late.id, undated.id]
    assert mine[0].person_name == "Bob Jones" and mine[1].person_name is None
    assert [t.description for t in tasks.my_tasks(ctx, other_pro)] == ["Not mine"]
    assert not mine[0].overdue(TODAY) and mine[0].overdue(dt.date(2026, 11, 25))


def test_a_persons_tasks_open_first(ctx, person, me, other_pro):
    a = tasks.create_task(ctx, other_pro, "Someone else's", due_to="30/11/2026",
                          person_id=person.id)
    b = tasks.create_task(ctx, me, "Mine", due_to="25/11/2026", person_id=person.id)
    c = tasks.create_task(ctx, me, "Finished", due_to="01/11/2026", person_id=person.id)
    tasks.complete_task(ctx, c.id)
    listed = tasks.for_person(ctx, person.id)
    assert [t.id for t in listed] == [b.id, a.id, c.id]
    assert listed[1].owner_name == "Priya Shah"
    assert [t.id for t in tasks.for_person(ctx, person.id, include_closed=False)] == [b.id, a.id]
