from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecoord.domain.enums import AgreementMethod, ContactKind, TaskSource, TaskStatus
from carecoord.domain.errors import NotFoundError, RuleError, ValidationError
from carecoord.services import activity, plans, tasks
from carecoord.services import settings as team_settings
from carecoord.services.activity import ContactInput
from carecoord.services.team import handover_lead
from tests.services.conftest import audit_since, last_audit_id, with_today

TODAY = dt.date(2026, 11, 22)


def agree_plan(ctx, person_id: int, lead_id: int, on: dt.date) -> int:
    draft = plans.start_draft(ctx, person_id)
    plans.save_content(ctx, draft.id, plans.PlanContent(what_matters="Staying in my own home"))
    plans.agree(ctx, draft.id, plans.Agreement("Ann Smith", AgreementMethod.SIGNED, on,
                                               lead_id, on))
    return draft.id


def log(ctx, person_id, kind, on, **extra):
    return activity.record_contact(ctx, person_id, ContactInput(kind, on, **extra))


# ---- recording contacts -----------------------------------------------------------------


def test_an_ordinary_contact_makes_no_task(ctx, person, store):
    before = last_audit_id(store)
    result = log(ctx, person.id, ContactKind.GP_CONTACT, "20/11/2026", note=" Chest review ")
    assert result.follow_up is None and result.plan_to_review_id is None
    assert (result.event.kind, result.event.occurred_on, result.event.note) == (
        ContactKind.GP_CONTACT, dt.date(2026, 11, 20), "Chest review")
    [ev] = audit_since(store, before)
    assert (ev.username, ev.action, ev.entity) == ("jo", "create", "contact_event")
    assert tasks.for_person(ctx, person.id) == []


@pytest.mark.parametrize(("kind", "on", "extra", "field"), [
    ("teleport", "20/11/2026", {}, "kind"),
    (ContactKind.GP_CONTACT, "", {}, "occurred_on"),
    (ContactKind.GP_CONTACT, "32/01/2026", {}, "occurred_on"),
    (ContactKind.CALL_999, dt.date(2026, 11, 23), {}, "occurred_on"),
    (ContactKind.AE_ATTENDANCE, "20/11/2026", {"discharged_on": "21/11/2026"}, "discharged_on"),
    (ContactKind.UNPLANNED_ADMISSION, "20/11/2026", {"discharged_on": "19/11/2026"},
     "discharged_on"),
    (ContactKind.UNPLANNED_ADMISSION, "20/11/2026", {"discharged_on": "23/11/2026"},
     "discharged_on"),
])
def test_bad_contacts_are_refused(ctx, person, kind, on, extra, field):
    with pytest.raises(ValidationError) as e:
        log(ctx, person.id, kind, on, **extra)
    assert e.value.field == field
    assert activity.for_person(ctx, person.id) == []


def test_unknown_person(ctx):
    with pytest.raises(NotFoundError):
        log(ctx, 9999, ContactKind.HOME_VISIT, TODAY)


# ---- discharge follow-up ----------------------------------------------------------------


def test_a_discharge_creates_a_follow_up_for_the_current_lead(ctx, person, me, other_pro,
                                                              store):
    handover_lead(ctx, person.id, me, on=dt.date(2026, 1, 1))
    handover_lead(ctx, person.id, other_pro, on=dt.date(2026, 9, 1))  # Priya leads now
    before = last_audit_id(store)
    result = log(ctx, person.id, ContactKind.DISCHARGE, "20/11/2026")
    task = result.follow_up
    assert result.follow_up_created and result.message is None
    assert task.owner_professional_id == other_pro and task.owner_name == "Priya Shah"
    assert task.source == TaskSource.DISCHARGE_FOLLOW_UP
    assert task.contact_event_id == result.event.id
    assert (task.due.start, task.due.end) == (dt.date(2026, 11, 20), dt.date(2026, 11, 22))
    assert "20 November 2026" in task.description
    assert [t.id for t in tasks.my_tasks(ctx, other_pro)] == [task.id]
    assert tasks.my_tasks(ctx) == []
    assert [(e.username, e.action, e.entity) for e in audit_since(store, before)] == [
        ("jo", "create", "contact_event"), ("jo", "create", "task")]


def test_an_admission_with_its_discharge_date_starts_the_follow_up(ctx, person, me):
    handover_lead(ctx, person.id, me, on=dt.date(2026, 1, 1))
    team_settings.set_discharge_follow_up_days(ctx, 5)
    result = log(ctx, person.id, ContactKind.UNPLANNED_ADMISSION, "10/11/2026",
                 discharged_on="18/11/2026", note="Chest infection")
    assert result.event.discharge_date == dt.date(2026, 11, 18)
    assert (result.follow_up.due.start, result.follow_up.due.end) == (
        dt.date(2026, 11, 18), dt.date(2026, 11, 23))
    assert result.follow_up.owner_professional_id == me


def test_a_discharge_added_later_starts_the_follow_up(ctx, person, me, store):
    handover_lead(ctx, person.id, me, on=dt.date(2026, 1, 1))
    admitted = log(ctx, person.id, ContactKind.UNPLANNED_ADMISSION, "15/11/2026")
    assert admitted.follow_up is None
    before = last_audit_id(store)
    result = activity.record_discharge(ctx, admitted.event.id, "21/11/2026")
    assert result.event.discharged_on == dt.date(2026, 11, 21)
    assert result.follow_up.due.end == dt.date(2026, 11, 23)
    assert [(e.username, e.action, e.entity) for e in audit_since(store, before)] == [
        ("jo", "discharge", "contact_event"), ("jo", "create", "task")]
    with pytest.raises(RuleError, match="already recorded"):
        activity.record_discharge(ctx, admitted.event.id, "22/11/2026")


def test_discharge_dates_are_checked(ctx, person):
    admitted = log(ctx, person.id, ContactKind.UNPLANNED_ADMISSION, "15/11/2026")
    with pytest.raises(ValidationError, match="before the admission"):
        activity.record_discharge(ctx, admitted.event.id, "14/11/2026")
    with pytest.raises(ValidationError, match="future"):
        activity.record_discharge(ctx, admitted.event.id, "23/11/2026")
    visit = log(ctx, person.id, ContactKind.HOME_VISIT, "15/11/2026")
    with pytest.raises(RuleError, match="Only an unplanned admission"):
        activity.record_discharge(ctx, visit.event.id, "16/11/2026")


def test_the_same_discharge_entered_twice_makes_one_task(ctx, person, me):
    handover_lead(ctx, person.id, me, on=dt.date(2026, 1, 1))
    first = log(ctx, person.id, ContactKind.UNPLANNED_ADMISSION, "10/11/2026",
                discharged_on="18/11/2026")
    second = log(ctx, person.id, ContactKind.DISCHARGE, "18/11/2026")
    assert not second.follow_up_created and second.follow_up.id == first.follow_up.id
    assert len(tasks.for_person(ctx, person.id)) == 1


def test_without_a_lead_the_follow_up_goes_to_the_recorder(ctx, person, me):
    result = log(ctx, person.id, ContactKind.DISCHARGE, TODAY)
    assert result.follow_up.owner_professional_id == me
    assert "has no lead professional" in result.message


def test_a_discharge_offers_a_review_of_the_agreed_plan(ctx, person, me):
    handover_lead(ctx, person.id, me, on=dt.date(2026, 1, 1))
    plan_id = agree_plan(ctx, person.id, me, dt.date(2026, 6, 1))
    assert log(ctx, person.id, ContactKind.DISCHARGE, TODAY).plan_to_review_id == plan_id


def test_a_mistaken_entry_is_removed_with_its_follow_up(ctx, person, me, store):
    handover_lead(ctx, person.id, me, on=dt.date(2026, 1, 1))
    result = log(ctx, person.id, ContactKind.DISCHARGE, "21/11/2026")
    before = last_audit_id(store)
    removed = activity.retire_contact(ctx, result.event.id, "Wrong person")
    assert removed.retired_on == TODAY and removed.retired_reason == "Wrong person"
    assert activity.for_person(ctx, person.id) == []
    assert [e.id for e in activity.for_person(ctx, person.id, include_removed=True)] == [
        result.event.id]
    follow_up = tasks.for_person(ctx, person.id)[0]
    assert follow_up.status == TaskStatus.CANCELLED
    assert follow_up.closed_note == "The log entry it followed was removed: Wrong person"
    assert [(e.username, e.action, e.entity) for e in audit_since(store, before)] == [
        ("jo", "cancel", "task"), ("jo", "retire", "contact_event")]
    # Entering the discharge again, correctly, starts a fresh follow-up.
    assert log(ctx, person.id, ContactKind.DISCHARGE, "21/11/2026").follow_up_created


# ---- before and after the first agreed plan ---------------------------------------------

AGREED = dt.date(2025, 3, 15)


def test_no_plan_no_comparison(ctx, person):
    counts = activity.admissions_before_after(ctx, person.id)
    assert not counts.has_plan and counts.before is None and counts.after is None
    assert "No plan has been agreed" in counts.describe()


def test_counts_at_the_twelve_month_boundaries(ctx, person, me):
    agree_plan(ctx, person.id, me, AGREED)
    admission, ae = ContactKind.UNPLANNED_ADMISSION, ContactKind.AE_ATTENDANCE
    log(ctx, person.id, admission, dt.date(2024, 3, 14))  # a day too early: not counted
    log(ctx, person.id, admission, dt.date(2024, 3, 15))  # first day of "before"
    log(ctx, person.id, ae, dt.date(2025, 3, 14))  # last day of "before"
    log(ctx, person.id, ae, dt.date(2025, 3, 15))  # the agreement day is "after"
    log(ctx, person.id, admission, dt.date(2026, 3, 14))  # last day of "after"
    log(ctx, person.id, admission, dt.date(2026, 3, 15))  # a day too late: not counted
    # Other kinds of contact are not the outcome.
    log(ctx, person.id, ContactKind.GP_CONTACT, dt.date(2025, 6, 1))
    log(ctx, person.id, ContactKind.CALL_999, dt.date(2025, 6, 1))
    mistaken = log(ctx, person.id, admission, dt.date(2025, 6, 1))
    activity.retire_contact(ctx, mistaken.event.id, "Entered twice")

    counts = activity.admissions_before_after(ctx, person.id)
    assert (counts.first_agreed_on, counts.before_from, counts.after_to) == (
        AGREED, dt.date(2024, 3, 15), dt.date(2026, 3, 15))
    assert (counts.before, counts.after) == (2, 2)
    assert counts.after_complete and counts.after_days_elapsed == counts.after_days_total == 365
    assert counts.describe().endswith("in the 12 months after.")


@pytest.mark.parametrize(("today", "complete", "elapsed"), [
    (dt.date(2026, 3, 14), False, 364),  # the last day of the window has not yet passed
    (dt.date(2026, 3, 15), True, 365),
    (dt.date(2026, 11, 22), True, 365),
])
def test_twelve_months_have_passed_only_at_the_anniversary(ctx, person, me, today, complete,
                                                           elapsed):
    agree_plan(ctx, person.id, me, AGREED)
    counts = activity.admissions_before_after(with_today(ctx, today), person.id)
    assert (counts.after_complete, counts.after_days_elapsed) == (complete, elapsed)


def test_an_honest_flag_when_twelve_months_have_not_passed(ctx, person, me):
    agree_plan(ctx, person.id, me, dt.date(2026, 6, 1))
    log(ctx, person.id, ContactKind.AE_ATTENDANCE, dt.date(2026, 8, 1))
    counts = activity.admissions_before_after(ctx, person.id)
    assert not counts.after_complete
    assert (counts.after, counts.after_days_elapsed, counts.after_days_total) == (1, 174, 365)
    assert "in the 174 days since. 12 months have not yet passed" in counts.describe()


def test_the_first_agreed_plan_is_the_reference(ctx, person, me):
    first = agree_plan(ctx, person.id, me, AGREED)
    draft = plans.start_review(ctx, first)
    plans.agree(ctx, draft.id, plans.Agreement("Ann Smith", AgreementMethod.VERBAL,
                                               dt.date(2026, 9, 1), me, dt.date(2026, 9, 1)))
    assert activity.admissions_before_after(ctx, person.id).first_agreed_on == AGREED


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_windows_are_a_year_either_side_without_gaps(agreed):
    before_from, middle, after_to = activity.outcome_windows(agreed)
    assert middle == agreed
    assert 365 <= (agreed - before_from).days <= 366
    assert 365 <= (after_to - agreed).days <= 366
    assert after_to.day == before_from.day  # 29 February falls back the same way both sides
