from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from carecoord.domain.enums import AppointmentMode, AppointmentStatus
from carecoord.domain.errors import NotFoundError, RuleError, ValidationError
from carecoord.services import appointments as appts
from carecoord.services import settings as team_settings
from carecoord.services.appointments import AppointmentInput
from tests.services.conftest import audit_since, last_audit_id, with_today

MONDAY = dt.datetime(2026, 11, 30)  # a Monday after the fixed today (Sunday 22 November)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time in the week of MONDAY: day 0 is Monday."""
    return MONDAY + dt.timedelta(days=day, hours=hour, minutes=minute)


def visit(starts_at, minutes=30, professional_id=None, purpose="Review of breathing",
          **extra) -> AppointmentInput:
    return AppointmentInput(mode=extra.pop("mode", AppointmentMode.HOME_VISIT),
                            starts_at=starts_at, minutes=minutes, purpose=purpose,
                            professional_id=professional_id,
                            with_name=extra.pop("with_name", None if professional_id else
                                                "Practice nurse"), **extra)


def kinds(warnings) -> list[str]:
    return [w.kind for w in warnings]


# ---- booking and its checks -------------------------------------------------------------


def test_book_records_everything_and_is_audited(ctx, person, me, store):
    before = last_audit_id(store)
    booked = appts.book(ctx, person.id, AppointmentInput(
        mode="clinic", starts_at="30/11/2026 10:15", minutes="45",
        purpose="  Check-up on breathing  ", place="Riverside Clinic, room 3",
        professional_id=me, transport_needs="Hospital transport", access_needs="Wheelchair"))
    a = booked.appointment
    assert booked.warnings == ()
    assert (a.starts_at, a.ends_at) == (at(0, 10, 15), at(0, 11))
    assert a.mode == AppointmentMode.CLINIC and a.status == AppointmentStatus.BOOKED
    assert a.purpose == "Check-up on breathing" and a.who == "Jo Bloggs"
    assert (a.transport_needs, a.access_needs, a.sequence) == ("Hospital transport",
                                                               "Wheelchair", 0)
    [ev] = audit_since(store, before)
    assert (ev.username, ev.action, ev.entity, ev.entity_id) == ("jo", "create",
                                                                 "appointment", str(a.id))


@pytest.mark.parametrize("purpose", ["", "   ", None])
def test_an_empty_purpose_is_refused(ctx, person, purpose):
    with pytest.raises(ValidationError, match="what the appointment is for") as e:
        appts.book(ctx, person.id, visit(at(0, 9), purpose=purpose))
    assert e.value.field == "purpose"


@pytest.mark.parametrize(("minutes", "message"), [
    (0, "at least one minute"), (-5, "at least one minute"), (481, "more than 480"),
    ("ten", "in minutes"), ("", "in minutes")])
def test_minutes_out_of_range_are_refused(ctx, person, minutes, message):
    with pytest.raises(ValidationError, match=message):
        appts.book(ctx, person.id, visit(at(0, 9), minutes=minutes))


def test_eight_hours_is_the_longest_allowed(ctx, person):
    assert appts.book(ctx, person.id, visit(at(0, 9), minutes=480)).appointment.minutes == 480


@pytest.mark.parametrize(("starts_at", "message"), [
    ("31/02/2026 10:00", "February 2026 has 28 days"),
    ("30/11/2026 25:00", "not a time of day"),
    ("30/11/2026", "not a date and time"),
    ("", "Enter the date and time"),
    ("29/03/2026 01:30", "clocks go forward"),
    (dt.date(2026, 11, 30), "time of the appointment"),
])
def test_impossible_times_are_refused(ctx, person, starts_at, message):
    with pytest.raises(ValidationError, match=message):
        appts.book(ctx, person.id, visit(starts_at))


def test_aware_times_are_stored_as_london_wall_time(ctx, person):
    summer_utc = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
    a = appts.book(ctx, person.id, visit(summer_utc)).appointment
    assert a.starts_at == dt.datetime(2026, 7, 1, 10, 0)


def test_who_and_the_mode_must_be_known(ctx, person):
    with pytest.raises(ValidationError, match="who the appointment is with"):
        appts.book(ctx, person.id, visit(at(0, 9), with_name="  "))
    with pytest.raises(ValidationError, match="not a kind of appointment"):
        appts.book(ctx, person.id, visit(at(0, 9), mode="carrier pigeon"))
    with pytest.raises(NotFoundError, match="professional"):
        appts.book(ctx, person.id, visit(at(0, 9), professional_id=9999))
    with pytest.raises(NotFoundError, match="person"):
        appts.book(ctx, 9999, visit(at(0, 9)))


def test_no_booking_for_someone_who_has_died(ctx, person):
    from carecoord.domain.enums import PersonStatus
    from carecoord.services.people import set_status

    set_status(ctx, person.id, PersonStatus.DECEASED, "Died at home")
    with pytest.raises(RuleError, match="has died"):
        appts.book(ctx, person.id, visit(at(0, 9)))


# ---- clashes ----------------------------------------------------------------------------


def test_an_overlap_for_the_person_is_a_clash(ctx, person):
    first = appts.book(ctx, person.id, visit(at(0, 10), minutes=60)).appointment
    warnings = appts.book(ctx, person.id, visit(at(0, 10, 30))).warnings
    assert kinds(warnings) == ["person_clash"]
    assert warnings[0].appointment_ids == (first.id,)
    assert "Ann Smith already has an appointment at 10:00–11:00" in warnings[0].message


def test_one_inside_another_is_a_clash(ctx, person):
    appts.book(ctx, person.id, visit(at(0, 10, 20), minutes=10))
    assert kinds(appts.check_booking(ctx, person.id, at(0, 10), 60)) == ["person_clash"]


@pytest.mark.parametrize("start", [at(0, 9), at(0, 11)])
def test_touching_appointments_do_not_clash(ctx, person, start):
    appts.book(ctx, person.id, visit(at(0, 10), minutes=60))  # 10:00 to 11:00
    assert appts.check_booking(ctx, person.id, start, 60) == []  # 9-10 and 11-12


@pytest.mark.parametrize("status", [AppointmentStatus.CANCELLED_BY_PERSON,
                                    AppointmentStatus.CANCELLED_BY_SERVICE])
def test_cancelled_appointments_are_ignored(ctx, person, other_pro, status):
    a = appts.book(ctx, person.id, visit(at(0, 10), professional_id=other_pro)).appointment
    appts.set_status(ctx, a.id, status)
    assert appts.check_booking(ctx, person.id, at(0, 10), 30, professional_id=other_pro) == []


def test_attended_and_missed_appointments_still_count(ctx, person):
    past = dt.datetime(2026, 11, 20, 10, 0)
    a = appts.book(ctx, person.id, visit(past)).appointment
    appts.set_status(ctx, a.id, AppointmentStatus.DID_NOT_ATTEND)
    assert kinds(appts.check_booking(ctx, person.id, past, 30)) == ["person_clash"]


def test_a_professional_booked_with_someone_else_is_a_clash(ctx, person, make_person,
                                                            other_pro):
    bob = make_person()
    theirs = appts.book(ctx, bob.id, visit(at(1, 14), professional_id=other_pro)).appointment
    warnings = appts.check_booking(ctx, person.id, at(1, 14, 15), 30, professional_id=other_pro)
    assert kinds(warnings) == ["professional_clash"]
    assert warnings[0].appointment_ids == (theirs.id,)
    assert "Priya Shah is already booked" in warnings[0].message
    # A different professional at the same time is fine for both of them.
    assert appts.check_booking(ctx, person.id, at(1, 14, 15), 30) == []


def test_check_booking_saves_nothing_and_matches_book(ctx, person, store):
    appts.book(ctx, person.id, visit(at(0, 10)))
    before = last_audit_id(store)
    checked = appts.check_booking(ctx, person.id, at(0, 10, 15), 30)
    assert audit_since(store, before) == []
    assert len(appts.for_person(ctx, person.id).upcoming) == 1
    assert tuple(checked) == appts.book(ctx, person.id, visit(at(0, 10, 15))).warnings


# ---- heavy weeks ------------------------------------------------------------------------


def test_at_the_limit_is_fine_and_over_it_is_a_heavy_week(ctx, person):
    assert team_settings.heavy_week_limit(ctx) == 4
    for day in range(4):  # Monday to Thursday: exactly the limit
        assert appts.book(ctx, person.id, visit(at(day, 10))).warnings == ()
    fifth = appts.book(ctx, person.id, visit(at(4, 10))).warnings
    assert kinds(fifth) == ["heavy_week"]
    assert "5th appointment in the week beginning 30 November" in fifth[0].message
    assert len(fifth[0].appointment_ids) == 4


def test_heavy_week_uses_iso_weeks_and_ignores_cancellations(ctx, person):
    sunday_before = MONDAY - dt.timedelta(hours=2)  # 22:00 the Sunday before
    next_monday = MONDAY + dt.timedelta(days=7)
    appts.book(ctx, person.id, visit(sunday_before))
    appts.book(ctx, person.id, visit(next_monday))
    for day in range(3):
        appts.book(ctx, person.id, visit(at(day, 10)))
    spare = appts.book(ctx, person.id, visit(at(3, 10))).appointment
    assert appts.check_booking(ctx, person.id, at(6, 23, 0), 30) != []  # Sunday: same week
    appts.set_status(ctx, spare.id, AppointmentStatus.CANCELLED_BY_SERVICE)
    assert appts.check_booking(ctx, person.id, at(6, 23, 0), 30) == []


def test_the_limit_follows_the_team_setting(ctx, person):
    team_settings.set_heavy_week_limit(ctx, 2)
    appts.book(ctx, person.id, visit(at(0, 10)))
    appts.book(ctx, person.id, visit(at(1, 10)))
    assert kinds(appts.check_booking(ctx, person.id, at(2, 10), 30)) == ["heavy_week"]


def test_a_booking_can_raise_every_warning_at_once(ctx, person, make_person, other_pro):
    team_settings.set_heavy_week_limit(ctx, 1)
    appts.book(ctx, person.id, visit(at(0, 10)))
    appts.book(ctx, make_person().id, visit(at(2, 10), professional_id=other_pro))
    warnings = appts.check_booking(ctx, person.id, at(0, 10), 30, professional_id=other_pro)
    assert kinds(warnings) == ["person_clash", "heavy_week"]
    warnings = appts.check_booking(ctx, person.id, at(2, 10), 30, professional_id=other_pro)
    assert kinds(warnings) == ["professional_clash", "heavy_week"]


# ---- status -----------------------------------------------------------------------------


def test_a_past_appointment_can_be_marked_attended_and_corrected(ctx, person, store):
    a = appts.book(ctx, person.id, visit(dt.datetime(2026, 11, 20, 10))).appointment
    before = last_audit_id(store)
    assert appts.set_status(ctx, a.id, "attended").status == AppointmentStatus.ATTENDED
    assert appts.set_status(ctx, a.id, AppointmentStatus.DID_NOT_ATTEND).status == (
        AppointmentStatus.DID_NOT_ATTEND)
    events = audit_since(store, before)
    assert [(e.username, e.action, e.entity) for e in events] == [
        ("jo", "status", "appointment")] * 2


def test_a_future_appointment_cannot_be_marked_attended(ctx, person):
    a = appts.book(ctx, person.id, visit(dt.datetime(2026, 11, 23, 9))).appointment
    with pytest.raises(RuleError, match="has not come yet"):
        appts.set_status(ctx, a.id, AppointmentStatus.ATTENDED)
    with pytest.raises(RuleError, match="has not come yet"):
        appts.set_status(ctx, a.id, AppointmentStatus.DID_NOT_ATTEND)
    # Later the same day it is fine: the day has come.
    today_later = appts.book(ctx, person.id, visit(dt.datetime(2026, 11, 22, 23))).appointment
    appts.set_status(ctx, today_later.id, AppointmentStatus.ATTENDED)


@pytest.mark.parametrize(("first", "then", "message"), [
    (AppointmentStatus.ATTENDED, AppointmentStatus.BOOKED, "cannot be changed"),
    (AppointmentStatus.ATTENDED, AppointmentStatus.CANCELLED_BY_PERSON, "cannot be changed"),
    (AppointmentStatus.CANCELLED_BY_PERSON, AppointmentStatus.ATTENDED, "Book a new one"),
    (AppointmentStatus.CANCELLED_BY_SERVICE, AppointmentStatus.BOOKED, "Book a new one"),
    (AppointmentStatus.ATTENDED, AppointmentStatus.ATTENDED, "already marked"),
])
def test_nonsensical_moves_are_refused(ctx, person, first, then, message):
    a = appts.book(ctx, person.id, visit(dt.datetime(2026, 11, 20, 10))).appointment
    appts.set_status(ctx, a.id, first)
    with pytest.raises(RuleError, match=message):
        appts.set_status(ctx, a.id, then)
    assert appts.get_appointment(ctx, a.id).status == first


def test_unknown_status_and_appointment(ctx, person):
    a = appts.book(ctx, person.id, visit(at(0, 9))).appointment
    with pytest.raises(ValidationError, match="not an appointment status"):
        appts.set_status(ctx, a.id, "postponed")
    with pytest.raises(NotFoundError):
        appts.set_status(ctx, 9999, AppointmentStatus.ATTENDED)


def test_cancelling_raises_the_calendar_sequence(ctx, person):
    a = appts.book(ctx, person.id, visit(at(0, 9))).appointment
    assert appts.set_status(ctx, a.id, AppointmentStatus.CANCELLED_BY_PERSON).sequence == 1


def test_the_reason_is_kept_on_the_appointment_and_in_the_audit(ctx, person, store):
    a = appts.book(ctx, person.id, visit(at(0, 9))).appointment
    assert a.status_reason is None
    before = last_audit_id(store)
    gone = appts.set_status(ctx, a.id, AppointmentStatus.CANCELLED_BY_PERSON,
                            "  In hospital after a fall  ")
    assert gone.status_reason == "In hospital after a fall"
    assert appts.get_appointment(ctx, a.id).status_reason == "In hospital after a fall"
    [listed] = appts.for_person(ctx, person.id).upcoming
    assert listed.status_reason == "In hospital after a fall"
    [ev] = audit_since(store, before)
    assert '"reason": "In hospital after a fall"' in ev.detail


def test_a_corrected_outcome_carries_its_own_reason(ctx, person):
    a = appts.book(ctx, person.id, visit(dt.datetime(2026, 11, 20, 10))).appointment
    missed = appts.set_status(ctx, a.id, AppointmentStatus.DID_NOT_ATTEND, "No answer at door")
    assert missed.status_reason == "No answer at door"
    # The reason belonged to 'did not attend'; the audit keeps it, the correction clears it.
    came = appts.set_status(ctx, a.id, AppointmentStatus.ATTENDED, "   ")
    assert came.status_reason is None
    again = appts.set_status(ctx, a.id, AppointmentStatus.DID_NOT_ATTEND, "Out when we called")
    assert again.status_reason == "Out when we called"


def test_a_refused_move_leaves_the_reason_alone(ctx, person):
    a = appts.book(ctx, person.id, visit(at(0, 9))).appointment
    appts.set_status(ctx, a.id, AppointmentStatus.CANCELLED_BY_SERVICE, "Nurse off sick")
    with pytest.raises(RuleError, match="Book a new one"):
        appts.set_status(ctx, a.id, AppointmentStatus.ATTENDED, "Came anyway")
    assert appts.get_appointment(ctx, a.id).status_reason == "Nurse off sick"


# ---- rescheduling -----------------------------------------------------------------------


def test_rescheduling_keeps_history_and_bumps_sequence(ctx, person, store):
    a = appts.book(ctx, person.id, visit(at(0, 9))).appointment
    before = last_audit_id(store)
    moved = appts.reschedule(ctx, a.id, at(1, 14), reason="Person asked for an afternoon")
    again = appts.reschedule(ctx, a.id, "02/12/2026 15:00", minutes=45)
    assert (moved.appointment.sequence, again.appointment.sequence) == (1, 2)
    assert (again.appointment.starts_at, again.appointment.minutes) == (at(2, 15), 45)
    assert again.appointment.uid == a.uid  # the calendar entry stays the same one
    history = appts.history(ctx, a.id)
    assert [(h.old_starts_at, h.new_starts_at) for h in history] == [
        (at(0, 9), at(1, 14)), (at(1, 14), at(2, 15))]
    assert history[0].reason == "Person asked for an afternoon"
    assert history[0].changed_by == "Jo Bloggs"
    events = audit_since(store, before)
    assert [(e.username, e.action) for e in events] == [("jo", "reschedule")] * 2


def test_rescheduling_warns_but_never_clashes_with_itself(ctx, person):
    a = appts.book(ctx, person.id, visit(at(0, 9), minutes=60)).appointment
    assert appts.reschedule(ctx, a.id, at(0, 9, 30)).warnings == ()
    appts.book(ctx, person.id, visit(at(1, 9)))
    assert kinds(appts.reschedule(ctx, a.id, at(1, 9)).warnings) == ["person_clash"]
    assert kinds(appts.check_booking(ctx, person.id, at(1, 9), 30, appointment_id=a.id)) == [
        "person_clash"]


def test_a_cancelled_or_past_appointment_cannot_be_rescheduled(ctx, person):
    a = appts.book(ctx, person.id, visit(at(0, 9))).appointment
    appts.set_status(ctx, a.id, AppointmentStatus.CANCELLED_BY_SERVICE)
    with pytest.raises(RuleError, match="cancelled appointment cannot be rescheduled"):
        appts.reschedule(ctx, a.id, at(1, 9))
    b = appts.book(ctx, person.id, visit(dt.datetime(2026, 11, 20, 9))).appointment
    appts.set_status(ctx, b.id, AppointmentStatus.ATTENDED)
    with pytest.raises(RuleError, match="already happened"):
        appts.reschedule(ctx, b.id, at(1, 9))
    c = appts.book(ctx, person.id, visit(at(3, 9))).appointment
    with pytest.raises(RuleError, match="already booked for"):
        appts.reschedule(ctx, c.id, at(3, 9))
    assert appts.history(ctx, a.id) == appts.history(ctx, c.id) == []


# ---- lists ------------------------------------------------------------------------------


def test_a_persons_list_splits_upcoming_and_past(ctx, person):
    old = appts.book(ctx, person.id, visit(dt.datetime(2026, 10, 1, 9))).appointment
    recent = appts.book(ctx, person.id, visit(dt.datetime(2026, 11, 21, 9))).appointment
    today = appts.book(ctx, person.id, visit(dt.datetime(2026, 11, 22, 8))).appointment
    later = appts.book(ctx, person.id, visit(at(0, 9))).appointment
    lists = appts.for_person(ctx, person.id)
    assert [a.id for a in lists.upcoming] == [today.id, later.id]
    assert [a.id for a in lists.past] == [recent.id, old.id]


def test_week_for_professional_spans_the_caseload(ctx, person, make_person, me, other_pro):
    bob = make_person("Bob", "Jones")
    a1 = appts.book(ctx, bob.id, visit(at(2, 9), professional_id=me)).appointment
    a2 = appts.book(ctx, person.id, visit(at(0, 16), professional_id=me)).appointment
    a3 = appts.book(ctx, person.id, visit(at(6, 23, 30), professional_id=me)).appointment
    appts.book(ctx, person.id, visit(at(7, 0), professional_id=me))  # next week
    appts.book(ctx, person.id, visit(at(0, 0) - dt.timedelta(minutes=1), professional_id=me))
    appts.book(ctx, bob.id, visit(at(1, 9), professional_id=other_pro))  # someone else's
    gone = appts.book(ctx, bob.id, visit(at(3, 9), professional_id=me)).appointment
    appts.set_status(ctx, gone.id, AppointmentStatus.CANCELLED_BY_PERSON)

    week = appts.week_for_professional(ctx, me, dt.date(2026, 12, 2))  # a Wednesday
    assert [i.appointment_id for i in week] == [a2.id, a1.id, gone.id, a3.id]
    assert [i.person_name for i in week[:2]] == ["Ann Smith", "Bob Jones"]
    assert week[0].nhs_number == "9434765919"
    live = appts.week_for_professional(ctx, me, "30/11/2026", include_cancelled=False)
    assert [i.appointment_id for i in live] == [a2.id, a1.id, a3.id]


def test_week_view_is_one_query_on_the_professional_index(ctx, person, me):
    appts.book(ctx, person.id, visit(at(0, 9), professional_id=me))
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    engine = ctx.store.engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        appts.week_for_professional(ctx, me, MONDAY.date())
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert len(seen) == 1
    statement, parameters = seen[0]
    with engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters))
    assert "ix_appointment_professional_starts" in plan


# ---- the clash rule against a brute-force check -----------------------------------------


def minutes_of(start: dt.datetime, length: int) -> set[dt.datetime]:
    return {start + dt.timedelta(minutes=m) for m in range(length)}


moments = st.integers(min_value=0, max_value=3 * 24 * 60).map(
    lambda m: MONDAY + dt.timedelta(minutes=m))
lengths = st.integers(min_value=1, max_value=appts.MAX_MINUTES)


@given(moments, lengths, moments, lengths)
def test_overlap_rule_matches_shared_minutes(a, a_len, b, b_len):
    shared = bool(minutes_of(a, a_len) & minutes_of(b, b_len))
    assert appts.overlaps(a, a_len, b, b_len) == shared == appts.overlaps(b, b_len, a, a_len)


_people = itertools.count()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(existing=st.lists(st.tuples(moments, lengths, st.booleans()), max_size=6),
       candidate=st.tuples(moments, lengths))
def test_stored_clashes_match_brute_force(ctx, make_person, existing, candidate):
    who = make_person("Case", f"Number{next(_people)}")
    expected = set()
    for start, length, cancelled in existing:
        a = appts.book(ctx, who.id, visit(start, minutes=length)).appointment
        if cancelled:
            appts.set_status(ctx, a.id, AppointmentStatus.CANCELLED_BY_SERVICE)
        elif minutes_of(start, length) & minutes_of(*candidate):
            expected.add(a.id)
    warnings = [w for w in appts.check_booking(ctx, who.id, *candidate)
                if w.kind == "person_clash"]
    found = set(warnings[0].appointment_ids) if warnings else set()
    assert found == expected


def test_the_fixed_today_is_used_for_upcoming(ctx, person):
    a = appts.book(ctx, person.id, visit(dt.datetime(2026, 11, 25, 9))).appointment
    later = with_today(ctx, dt.date(2026, 11, 26))
    assert [x.id for x in appts.for_person(later, person.id).past] == [a.id]


def test_stored_times_have_no_seconds(ctx, person):
    a = appts.book(ctx, person.id, visit(at(0, 9) + dt.timedelta(seconds=42))).appointment
    assert appts.get_appointment(ctx, a.id).starts_at == at(0, 9)
