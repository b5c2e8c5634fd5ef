from sqlalchemy import select, text

from carecoord.security import audit
from carecoord.services.integrity import run_check
from carecoord.services.people import open_person
from carecoord.store.models import AuditEvent


def test_every_write_and_view_names_the_user(ctx, person):
    open_person(ctx, person.id)
    with ctx.store.session_factory() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.person_id == person.id)).all()
    assert [(e.action, e.username) for e in events] == [("create", "jo"), ("view", "jo")]


def test_chain_verifies_when_untouched(ctx, person):
    report = run_check(ctx.store)
    assert report.ok, report.lines()


def test_altering_one_row_is_detected_and_named(ctx, person):
    open_person(ctx, person.id)
    with ctx.store.session_factory() as s:
        target = s.scalar(select(AuditEvent.id).where(AuditEvent.action == "create"))
        s.execute(text("UPDATE audit_event SET username = 'someone' WHERE id = :i"),
                  {"i": target})
        s.commit()
    report = run_check(ctx.store)
    assert not report.ok
    assert report.audit_problem.startswith(f"event {target}:")
    assert "changed" in report.audit_problem


def test_deleting_a_row_breaks_the_chain(ctx, person):
    open_person(ctx, person.id)
    with ctx.store.session_factory() as s:
        first = s.scalar(select(AuditEvent.id).order_by(AuditEvent.id).limit(1))
        s.execute(text("DELETE FROM audit_event WHERE id = :i"), {"i": first})
        s.commit()
        problem = audit.verify_chain(s)
    assert problem is not None and "removed" in problem.reason
