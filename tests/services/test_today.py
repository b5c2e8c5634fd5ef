"""Today: my reviews, actions, tasks, follow-ups, appointments and long-waiting referrals,
each at its boundary, each saying where in the record to open."""

from __future__ import annotations

import datetime as dt

from carecoord.domain.enums import (
    ActionSide,
    ActionStatus,
    AppointmentMode,
    ContactKind,
    GoalDomain,
    OwnerKind,
    PersonStatus,
)
from carecoord.services import activity, appointments, goals, people, plans, referrals, tasks
from carecoord.services import team as team_service
from carecoord.services.today import inbox
from tests.services.conftest import with_today

TODAY = dt.date(2026, 11, 22)
DAY = dt.timedelta(days=1)


def agree(ctx, person_id, review_date, actions=()):
    draft = plans.start_draft(ctx, person_id)
    plans.save_content(ctx, draft.id, plans.with_content(draft, what_matters="My garden"))
    goal = goals.add_goal(ctx, draft.id, goals.GoalInput("Get out into the garden",
                                                         GoalDomain.PHYSICAL_HEALTH))
    for text, start, end, owner in actions:
        goals.add_action(ctx, goal.id, goals.ActionInput(
            text, ActionSide.TEAM, OwnerKind.TEAM_MEMBER, "Someone", due_from=start,
            due_to=end, owner_professional_id=owner))
    on = dt.date(2026, 6, 1)
    return plans.agree(ctx, draft.id, plans.Agreement("The person", "verbal", on,
                                                      ctx.actor.professional_id, on,
                                                      review_date=review_date))


def led_by(ctx, make_person, me, given, review_date=None, actions=()):
    p = make_person(given, "Test")
    team_service.handover_lead(ctx, p.id, me)
    if review_date is not None:
        agree(ctx, p.id, review_date, actions)
    return p


def names(items):
    return [i.person_name.split()[0] for i in items]


def test_my_reviews_due_within_14_days_or_overdue(ctx, make_person, me, other_pro):
    led_by(ctx, make_person, me, "Late", TODAY - DAY)
    led_by(ctx, make_person, me, "Today", TODAY)
    led_by(ctx, make_person, me, "Fourteen", TODAY + 14 * DAY)
    led_by(ctx, make_person, me, "Fifteen", TODAY + 15 * DAY)
    theirs = led_by(ctx, make_person, me, "Theirs", TODAY - DAY)
    team_service.handover_lead(ctx, theirs.id, other_pro)
    gone = led_by(ctx, make_person, me, "Gone", TODAY - DAY)
    people.set_status(ctx, gone.id, PersonStatus.DISCHARGED, "Moved away")

    box = inbox(ctx)
    assert names(box.reviews) == ["Late", "Today", "Fourteen"]
    assert [(i.overdue, i.section, i.kind) for i in box.reviews] == [
        (True, "plan", "review"), (False, "plan", "review"), (False, "plan", "review")]
    assert [(i.text, i.when_text) for i in box.reviews] == [
        ("Care plan review", "Overdue since 21 Nov"), ("Care plan review", "Due today"),
        ("Care plan review", "Due 6 Dec")]
    assert names(inbox(ctx, other_pro).reviews) == ["Theirs"]


def test_my_actions_open_or_ending_within_7_days(ctx, make_person, me, other_pro):
    p = led_by(ctx, make_person, me, "Ann", TODAY + 60 * DAY, actions=[
        ("Ends in seven", None, TODAY + 7 * DAY, me),
        ("Ends in eight", None, TODAY + 8 * DAY, me),
        ("Opened today", TODAY, TODAY + 30 * DAY, me),
        ("Opens tomorrow", TODAY + DAY, TODAY + 30 * DAY, me),
        ("Late.", None, TODAY - DAY, me),
        ("Someone else's", None, TODAY, other_pro),
    ])
    box = inbox(ctx)
    # Overdue first, then by the end of the window.
    assert [(i.text, i.when_text) for i in box.actions] == [
        ("Late", "Overdue since 21 Nov"), ("Ends in seven", "Due by 29 Nov"),
        ("Opened today", "Due by 22 Dec")]
    assert box.actions[0].overdue and not box.actions[0].urgent
    assert {i.section for i in box.actions} == {"plan"}
    # Done actions drop off.
    plan = plans.current_plan(ctx, p.id)
    late = next(a for a in plan.goals[0].actions if a.description == "Late.")
    goals.set_action_status(ctx, late.id, ActionStatus.DONE)
    assert "Late" not in [i.text for i in inbox(ctx).actions]


def test_tasks_follow_ups_appointments_and_referrals(ctx, make_person, me, other_pro):
    p = led_by(ctx, make_person, me, "Ann")
    tasks.create_task(ctx, me, "Due in seven", due_to=TODAY + 7 * DAY, person_id=p.id)
    tasks.create_task(ctx, me, "Due in eight", due_to=TODAY + 8 * DAY, person_id=p.id)
    tasks.create_task(ctx, me, "No date at all")
    tasks.create_task(ctx, other_pro, "Not mine", due_to=TODAY, person_id=p.id)
    activity.record_contact(ctx, p.id, activity.ContactInput(
        ContactKind.UNPLANNED_ADMISSION, TODAY - 20 * DAY, discharged_on=TODAY - DAY))
    for hour, day in ((9, TODAY), (14, TODAY), (9, TODAY + DAY)):
        appointments.book(ctx, p.id, appointments.AppointmentInput(
            AppointmentMode.CLINIC, dt.datetime.combine(day, dt.time(hour)), 30,
            "Breathing review", place="Riverside clinic", professional_id=me))
    cancelled = appointments.book(ctx, p.id, appointments.AppointmentInput(
        AppointmentMode.PHONE, dt.datetime.combine(TODAY, dt.time(11)), 15, "Phone call",
        professional_id=me)).appointment
    appointments.set_status(ctx, cancelled.id, "cancelled_by_person")
    for on in (TODAY - 42 * DAY, TODAY - 43 * DAY):
        referrals.record_referral(ctx, p.id, referrals.ReferralInput(
            "Memory clinic", "Forgetting things", "routine", on))

    box = inbox(ctx)
    assert [(i.text, i.when_text) for i in box.tasks] == [
        ("Due in seven", "Due by 29 Nov"), ("No date at all", "No date")]
    assert [(i.kind, i.section) for i in box.follow_ups] == [("follow_up", "tasks")]
    assert box.follow_ups[0].text.startswith("Follow up after discharge from hospital on 21 "
                                             "November 2026")
    assert [i.when.hour for i in box.appointments] == [9, 14]
    assert box.appointments[0].text == "Breathing review (clinic, Riverside clinic)"
    assert [i.when_text for i in box.appointments] == ["09:00–09:30", "14:00–14:30"]
    assert [i.section for i in box.appointments] == ["appointments", "appointments"]
    # Routine referrals are long waits after 6 weeks: day 43 is, day 42 is not.
    assert [(i.kind, i.section, i.overdue) for i in box.referrals] == [
        ("referral", "referrals", True)]
    assert (box.referrals[0].text, box.referrals[0].when_text) == (
        "Routine referral: Memory clinic", "Waiting 43 days")
    assert not box.referrals[0].urgent
    assert all(i.person_id == p.id for i in box.items if i.kind != "task" or i.person_id)
    assert box.overdue == 1


def test_no_professional_record_means_an_empty_inbox(ctx, store, today):
    from carecoord.security.users import Actor
    from carecoord.services.base import Ctx

    nobody = Ctx(store, Actor(None, "admin", "Admin", ctx.actor.role, None), lambda: today)
    assert inbox(nobody).is_empty


def test_the_day_comes_from_the_context(ctx, make_person, me):
    led_by(ctx, make_person, me, "Ann", TODAY + 20 * DAY)
    assert inbox(ctx).reviews == ()
    later = inbox(with_today(ctx, TODAY + 6 * DAY))
    assert names(later.reviews) == ["Ann"] and later.today == TODAY + 6 * DAY
