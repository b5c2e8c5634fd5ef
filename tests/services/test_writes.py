"""Across every write in these services: the huddle viewer is refused, and everyone else
leaves an audit event that names them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest

from carecoord.domain.enums import (
    AppointmentMode,
    AppointmentStatus,
    ConsentMethod,
    ContactKind,
    RecipientKind,
    ReferralStatus,
    ReferralUrgency,
)
from carecoord.domain.errors import PermissionDenied
from carecoord.security.audit import verify_chain
from carecoord.services import (
    activity,
    appointments,
    carers,
    consent,
    referrals,
    settings,
    tasks,
)
from tests.services.conftest import audit_since, last_audit_id


@dataclass
class Made:
    """One of each thing a write can act on, made by the clinician."""

    person_id: int
    professional_id: int
    appointment_id: int
    referral_id: int
    task_id: int
    admission_id: int
    carer_id: int
    second_carer_id: int
    consent_id: int


VISIT = appointments.AppointmentInput(AppointmentMode.PHONE, dt.datetime(2026, 12, 1, 10), 20,
                                      "Catch-up call", with_name="Practice nurse")


@pytest.fixture
def made(ctx, person, me) -> Made:
    carer = carers.CarerInput("Sue Smith", "Daughter", consent_to_involve=True)
    return Made(
        person.id, me,
        appointments.book(ctx, person.id, replace(VISIT, professional_id=me)).appointment.id,
        referrals.record_referral(ctx, person.id, referrals.ReferralInput(
            "Falls clinic", "Two falls", ReferralUrgency.ROUTINE, dt.date(2026, 11, 1))).id,
        tasks.create_task(ctx, me, "Check equipment", person_id=person.id).id,
        activity.record_contact(ctx, person.id, activity.ContactInput(
            ContactKind.UNPLANNED_ADMISSION, dt.date(2026, 11, 10))).event.id,
        carers.add_carer(ctx, person.id, carer).id,
        carers.add_carer(ctx, person.id, carer).id,
        consent.record_consent(ctx, person.id, consent.ConsentInput(
            "Riverside Hospice", RecipientKind.ORGANISATION, "My plan", dt.date(2026, 11, 1),
            ConsentMethod.VERBAL)).id,
    )


WRITES = {
    "book appointment": lambda c, m: appointments.book(c, m.person_id, VISIT),
    "set appointment status": lambda c, m: appointments.set_status(
        c, m.appointment_id, AppointmentStatus.CANCELLED_BY_PERSON),
    "reschedule appointment": lambda c, m: appointments.reschedule(
        c, m.appointment_id, dt.datetime(2026, 12, 2, 10)),
    "record referral": lambda c, m: referrals.record_referral(
        c, m.person_id, referrals.ReferralInput("Dietitian", "Weight loss",
                                                ReferralUrgency.URGENT, dt.date(2026, 11, 20))),
    "update referral status": lambda c, m: referrals.update_status(
        c, m.referral_id, ReferralStatus.ACCEPTED),
    "set referral seen": lambda c, m: referrals.set_seen_on(
        c, m.referral_id, dt.date(2026, 11, 21)),
    "create task": lambda c, m: tasks.create_task(c, m.professional_id, "Ring GP"),
    "complete task": lambda c, m: tasks.complete_task(c, m.task_id),
    "cancel task": lambda c, m: tasks.cancel_task(c, m.task_id, "Not needed"),
    "record contact": lambda c, m: activity.record_contact(c, m.person_id, activity.ContactInput(
        ContactKind.DISCHARGE, dt.date(2026, 11, 21))),
    "record discharge": lambda c, m: activity.record_discharge(c, m.admission_id,
                                                               dt.date(2026, 11, 20)),
    "retire contact": lambda c, m: activity.retire_contact(c, m.admission_id, "Wrong person"),
    "add carer": lambda c, m: carers.add_carer(c, m.person_id, carers.CarerInput("Tom", "Son")),
    "update carer": lambda c, m: carers.update_carer(c, m.carer_id, carers.CarerInput(
        "Sue Smith", "Daughter", phone="0161 496 0000", consent_to_involve=True)),
    "nominate carer": lambda c, m: carers.nominate(c, m.second_carer_id),
    "end carer": lambda c, m: carers.end_carer(c, m.carer_id, "Moved away"),
    "record consent": lambda c, m: consent.record_consent(c, m.person_id, consent.ConsentInput(
        "Dr Ahmed", RecipientKind.PERSON, "My plan", dt.date(2026, 11, 2), ConsentMethod.WRITTEN)),
    "withdraw consent": lambda c, m: consent.withdraw_consent(c, m.consent_id),
    "change a setting": lambda c, m: settings.set_heavy_week_limit(c, 5),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_the_huddle_viewer_cannot_write(viewer_ctx, made, store, write):
    before = last_audit_id(store)
    with pytest.raises(PermissionDenied, match="can view records but not change them"):
        WRITES[write](viewer_ctx, made)
    assert audit_since(store, before) == []


def test_the_huddle_viewer_can_still_read(viewer_ctx, made):
    assert len(appointments.for_person(viewer_ctx, made.person_id).upcoming) == 1
    assert len(appointments.week_for_professional(viewer_ctx, made.professional_id,
                                                  dt.date(2026, 12, 1))) == 1
    assert len(referrals.outstanding_for_person(viewer_ctx, made.person_id)) == 1
    assert len(tasks.for_person(viewer_ctx, made.person_id)) == 1
    assert len(carers.carers_for(viewer_ctx, made.person_id)) == 2
    assert consent.has_consent(viewer_ctx, made.person_id, "riverside hospice")


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_leaves_an_audit_event_naming_the_user(ctx, made, store, write):
    before = last_audit_id(store)
    WRITES[write](ctx, made)
    events = audit_since(store, before)
    assert events, f"{write} left no audit event"
    assert {(e.user_id, e.username) for e in events} == {(ctx.actor.user_id, "jo")}
    with store.session_factory() as s:
        assert verify_chain(s) is None


def test_every_write_service_is_covered_above():
    """A new write function must join WRITES, so both rules above keep applying to it."""
    import inspect

    covered = set()
    for module in (activity, appointments, carers, consent, referrals, settings, tasks):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and "changing(ctx)" in inspect.getsource(fn):
                covered.add(f"{module.__name__.rsplit('.', 1)[1]}.{name}")
    called = {"activity.record_contact", "activity.record_discharge", "activity.retire_contact",
              "appointments.book", "appointments.set_status", "appointments.reschedule",
              "carers.add_carer", "carers.update_carer", "carers.nominate", "carers.end_carer",
              "consent.record_consent", "consent.withdraw_consent",
              "referrals.record_referral", "referrals.update_status", "referrals.set_seen_on",
              "settings.set_value", "tasks.create_task", "tasks.complete_task",
              "tasks.cancel_task"}
    assert covered == called
