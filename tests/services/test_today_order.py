"""Today, read as a community matron reads it at 8 am: today's appointments first, then the
referrals that have waited too long (two-week waits before urgent before routine, whatever
the routine ones have waited), then follow-ups and tasks, then reviews and actions; a calm
summary by kind; and each item's "what" never repeating its "when"."""

from __future__ import annotations

import datetime as dt

from carecoord.domain.enums import AppointmentMode, ContactKind
from carecoord.services import activity, appointments, referrals, tasks
from carecoord.services.today import GROUP_ORDER, inbox
from tests.services.conftest import with_today
from tests.services.test_today import TODAY, led_by

DAY = dt.timedelta(days=1)


def refer(ctx, person_id, service, urgency, days_ago):
    referrals.record_referral(ctx, person_id, referrals.ReferralInput(
        service, "A reason", urgency, TODAY - days_ago * DAY))


def book(ctx, person_id, me, hour, minute=0, purpose="Breathing review", day=TODAY):
    appointments.book(ctx, person_id, appointments.AppointmentInput(
        AppointmentMode.HOME_VISIT, dt.datetime.combine(day, dt.time(hour, minute)), 45,
        purpose, place="12 Oak Road", professional_id=me))


def a_full_day(ctx, make_person, me):
    """Two appointments, four long waits and one short one, a follow-up, two tasks, an
    overdue review and an action due soon."""
    ann = led_by(ctx, make_person, me, "Ann", TODAY - 30 * DAY, actions=[
        ("Bring a kettle tipper", None, TODAY + 3 * DAY, me)])
    bob = led_by(ctx, make_person, me, "Bob")
    book(ctx, bob.id, me, 15)
    book(ctx, ann.id, me, 9, 30)
    book(ctx, ann.id, me, 9, 0, day=TODAY + DAY)  # tomorrow: not today's
    refer(ctx, ann.id, "Social prescribing", "routine", 120)
    refer(ctx, bob.id, "Audiology", "urgent", 50)
    refer(ctx, ann.id, "Two-week wait: Suspected lung cancer", "two_week_wait", 20)
    refer(ctx, bob.id, "Breast clinic", "two_week_wait", 41)
    refer(ctx, bob.id, "Colorectal clinic", "two_week_wait", 10)  # within its two weeks
    tasks.create_task(ctx, me, "Chase the equipment delivery", None, TODAY, ann.id)
    tasks.create_task(ctx, me, "Ring the pharmacy", None, TODAY - 2 * DAY, bob.id)
    activity.record_contact(ctx, bob.id, activity.ContactInput(
        ContactKind.UNPLANNED_ADMISSION, TODAY - 9 * DAY, discharged_on=TODAY - DAY))
    return ann, bob


def test_appointments_first_then_long_waits_then_tasks_then_reviews(ctx, make_person, me):
    a_full_day(ctx, make_person, me)
    box = inbox(ctx)
    assert GROUP_ORDER == ("appointments", "referrals", "follow_ups", "tasks", "reviews",
                           "actions")
    kinds = [i.kind for i in box.items]
    assert kinds == ["appointment"] * 2 + ["referral"] * 4 + ["follow_up"] + ["task"] * 2 + [
        "review", "action"]
    assert [i.when_text for i in box.appointments] == ["09:30–10:15", "15:00–15:45"]


def test_two_week_waits_come_first_however_long_the_routine_ones_have_waited(
        ctx, make_person, me):
    a_full_day(ctx, make_person, me)
    waits = inbox(ctx).referrals
    assert [(i.text, i.when_text, i.urgent) for i in waits] == [
        ("Two-week wait referral: Breast clinic", "Waiting 41 days", True),
        ("Two-week wait referral: Suspected lung cancer", "Waiting 20 days", True),
        ("Urgent referral: Audiology", "Waiting 50 days", True),
        ("Routine referral: Social prescribing", "Waiting 120 days", False),
    ]
    # Only the referral waits are urgent: an overdue task or review is not shown in red.
    assert [i.kind for i in inbox(ctx).items if i.urgent] == ["referral"] * 3


def test_the_summary_counts_each_kind_calmly(ctx, make_person, me):
    a_full_day(ctx, make_person, me)
    parts = inbox(ctx).headline
    assert " · ".join(p.text for p in parts) == (
        "2 appointments today · 3 urgent referral waits · 1 routine referral wait · "
        "1 follow-up after discharge · 2 tasks due · 1 review overdue · "
        "1 plan action due soon")
    assert [p.text for p in parts if p.urgent] == ["3 urgent referral waits"]


def test_a_quiet_day_says_there_are_no_appointments(ctx, make_person, me):
    led_by(ctx, make_person, me, "Ann", TODAY + 5 * DAY)
    assert [p.text for p in inbox(ctx).headline] == ["No appointments today",
                                                     "1 review due soon"]


def _ways_of_writing(when: dt.date | dt.datetime) -> list[str]:
    day = when.date() if isinstance(when, dt.datetime) else when
    out = [f"{day.day} {day:%B}", f"{day.day} {day:%b}", day.isoformat(), f"{day:%d/%m/%Y}"]
    if isinstance(when, dt.datetime):
        out.append(f"{when:%H:%M}")
    return out


def test_what_never_repeats_when(ctx, make_person, me):
    a_full_day(ctx, make_person, me)
    box = inbox(ctx)
    assert len(box.items) == 11
    for item in box.items:
        assert item.when is not None and item.when_text
        for written in _ways_of_writing(item.when):
            assert written not in item.text, (item.kind, item.text, item.when_text)


def test_when_is_said_plainly(ctx, make_person, me):
    p = led_by(ctx, make_person, me, "Ann")
    for text, start, end in (
            ("Not open yet", TODAY + 2 * DAY, TODAY + 4 * DAY),
            ("Across a month", dt.date(2026, 11, 29), dt.date(2026, 12, 2)),
            ("Tomorrow", None, TODAY + DAY),
            ("Opened, ends later", TODAY - 3 * DAY, TODAY + 20 * DAY),
            ("Last year's", None, dt.date(2025, 12, 30)),
            ("Open-ended", TODAY - DAY, None)):
        tasks.create_task(ctx, me, text, start, end, p.id)
    said = {i.text: i.when_text for i in inbox(ctx).tasks}
    assert said == {
        "Not open yet": "24–26 Nov",
        "Tomorrow": "Due tomorrow",
        "Opened, ends later": "Due by 12 Dec",
        "Last year's": "Overdue since 30 Dec 2025",
        "Open-ended": "From 21 Nov",
    }
    friday = {i.text: i.when_text for i in inbox(with_today(ctx, dt.date(2026, 11, 27))).tasks}
    assert friday["Across a month"] == "29 Nov – 2 Dec"
    # The year is left out only for this year's dates, as the reader's today decides.
    later = {i.text: i.when_text for i in inbox(with_today(ctx, dt.date(2027, 1, 4))).tasks}
    assert later["Opened, ends later"] == "Overdue since 12 Dec 2026"


def test_a_home_visit_at_home_does_not_say_home_twice(ctx, make_person, me):
    p = led_by(ctx, make_person, me, "Ann")
    appointments.book(ctx, p.id, appointments.AppointmentInput(
        AppointmentMode.HOME_VISIT, dt.datetime.combine(TODAY, dt.time(11)), 30,
        "Care coordination.", place="Home", professional_id=me))
    assert inbox(ctx).appointments[0].text == "Care coordination (home visit)"
