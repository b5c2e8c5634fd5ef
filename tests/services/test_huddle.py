"""Huddle mode: who the agenda proposes and why, the huddle card, outcomes that show on the
person's record, and the printed agenda."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from carecoord.domain.enums import (
    Achievement,
    ActionSide,
    AlertKind,
    AppointmentMode,
    ContactKind,
    GoalDomain,
    GoalLifecycle,
    OwnerKind,
    PersonStatus,
    ReferralStatus,
    TaskSource,
)
from carecoord.domain.errors import PermissionDenied, RuleError, ValidationError
from carecoord.services import (
    activity,
    appointments,
    goals,
    huddle,
    people,
    plans,
    referrals,
    tasks,
    team,
)
from carecoord.services.huddle import AgendaCriteria, AgendaReason
from carecoord.store.models import ExportRecord
from tests.services.conftest import audit_since, last_audit_id

TODAY = dt.date(2026, 11, 22)
DAY = dt.timedelta(days=1)
EVERY = AgendaCriteria.every_reason()


def agreed_plan(ctx, person_id, review_date, agreed_on=dt.date(2026, 5, 1),
                achievement=Achievement.IN_PROGRESS):
    draft = plans.start_draft(ctx, person_id)
    plans.save_content(ctx, draft.id, plans.with_content(
        draft, what_matters="Staying in my own home with my cat"))
    goal = goals.add_goal(ctx, draft.id, goals.GoalInput(
        "Walk to the shop again", GoalDomain.PHYSICAL_HEALTH, target_to="2027-03-01",
        achievement=achievement))
    goals.add_action(ctx, goal.id, goals.ActionInput(
        "Physio home visit", ActionSide.TEAM, OwnerKind.TEAM_MEMBER, "Jo Bloggs",
        due_from=TODAY - 5 * DAY, due_to=TODAY + 10 * DAY,
        owner_professional_id=ctx.actor.professional_id))
    return plans.agree(ctx, draft.id, plans.Agreement(
        "The person", "signed", agreed_on, ctx.actor.professional_id, agreed_on,
        review_date=review_date))


def contact(ctx, person_id, kind, on, **extra):
    return activity.record_contact(ctx, person_id, activity.ContactInput(kind, on, **extra))


def referral(ctx, person_id, on, status=ReferralStatus.AWAITING):
    return referrals.record_referral(ctx, person_id, referrals.ReferralInput(
        "Falls clinic", "Two falls this month", "routine", on, status=status))


@pytest.fixture
def ward(ctx, person, make_person, me):
    """Ann (review overdue), and people at either side of each rule's boundary."""
    folk = {"ann": person}
    for name in ("bob", "carl", "dora", "ed", "fay", "gus", "hal", "ivy", "joe"):
        folk[name] = make_person(name.capitalize(), "Test")
    agreed_plan(ctx, person.id, review_date=TODAY - DAY)
    contact(ctx, folk["bob"].id, ContactKind.UNPLANNED_ADMISSION, TODAY - 14 * DAY)
    contact(ctx, folk["carl"].id, ContactKind.AE_ATTENDANCE, TODAY - 15 * DAY)
    people.add_alert(ctx, folk["dora"].id, AlertKind.SAFEGUARDING, "Lives with a risk")
    people.update_person(ctx, folk["ed"].id, people.PersonInput(
        people.open_person(ctx, folk["ed"].id).nhs_number, "Ed", "Test", "01/01/1950",
        priority="high"))
    referral(ctx, folk["fay"].id, TODAY - 14 * DAY)
    referral(ctx, folk["gus"].id, TODAY - 2 * DAY, ReferralStatus.CANCELLED)
    agreed_plan(ctx, folk["hal"].id, review_date=TODAY, achievement=Achievement.WORSENING)
    contact(ctx, folk["ivy"].id, ContactKind.UNPLANNED_ADMISSION, TODAY - 2 * DAY)
    people.set_status(ctx, folk["ivy"].id, PersonStatus.DISCHARGED, "Moved away")
    agreed_plan(ctx, folk["joe"].id, review_date=TODAY)  # due today: not overdue
    for p in folk.values():
        team.handover_lead(ctx, p.id, me)
    return folk


def test_agenda_rules_at_their_boundaries_and_in_order(ctx, ward):
    agenda = huddle.propose_agenda(ctx, EVERY)
    by_name = {c.name.split()[0].lower(): c for c in agenda}
    assert set(by_name) == {"ann", "bob", "dora", "ed", "fay", "hal"}
    assert [c.name.split()[0] for c in agenda] == ["Bob", "Dora", "Ed", "Hal", "Ann", "Fay"]
    assert by_name["bob"].reasons == ("Unplanned admission on 8 November 2026",)
    assert by_name["dora"].reasons == ("Safeguarding alert raised on 22 November 2026",)
    assert by_name["dora"].kinds == (AgendaReason.NEW_ALERT,)
    assert by_name["ed"].reasons == ("High priority",)
    assert by_name["hal"].reasons == ("A goal is off track",)
    assert by_name["ann"].kinds == (AgendaReason.OVERDUE_REVIEW,)
    assert by_name["ann"].reasons == ("Review overdue since 21 November 2026",)
    assert by_name["fay"].reasons == ("Referred to Falls clinic on 8 November 2026",)
    # One day further back brings Carl in; only the admissions, only overdue reviews.
    wider = huddle.propose_agenda(ctx, AgendaCriteria(days=15, new_alerts=False))
    assert [c.name for c in wider] == ["Bob Test", "Carl Test"]
    assert [c.name for c in huddle.propose_agenda(ctx, AgendaCriteria(
        admissions=False, new_alerts=False, overdue_reviews=True))] == ["Ann Smith"]
    # The default: the admission and the new alert, nothing standing.
    assert [c.name for c in huddle.propose_agenda(ctx)] == ["Bob Test", "Dora Test"]


def test_agenda_for_a_lead_or_team_and_with_a_known_off_track_set(ctx, ward, other_pro):
    team.handover_lead(ctx, ward["dora"].id, other_pro)
    mine = huddle.propose_agenda(ctx, AgendaCriteria(lead_professional_id=other_pro))
    assert [c.name for c in mine] == ["Dora Test"]
    assert huddle.propose_agenda(ctx, AgendaCriteria(team="Nowhere")) == []
    given = huddle.propose_agenda(ctx, EVERY, off_track={ward["fay"].id})
    fay = next(c for c in given if c.person_id == ward["fay"].id)
    assert fay.kinds == (AgendaReason.RED_FLAG, AgendaReason.NEW_REFERRAL)
    assert "Hal Test" not in [c.name for c in given]  # the set given is used as it is
    with pytest.raises(ValidationError, match="between 0 and 365"):
        AgendaCriteria(days=400)


def test_outcomes_show_on_the_persons_record(ctx, ward, me, store):
    ann = ward["ann"]
    agenda = huddle.propose_agenda(ctx, EVERY)
    h = huddle.create_huddle(ctx, "Riverside weekly huddle", "20/11/2026",
                             [*agenda, (ward["carl"].id, "Asked for by his GP"), ann.id])
    assert [i.name for i in h.items][-1] == "Carl Test"  # Ann, given twice, is listed once
    assert len(h.items) == len(agenda) + 1
    item = next(i for i in h.items if i.person_id == ann.id)
    assert item.reason == "Review overdue since 21 November 2026"

    before = last_audit_id(store)
    huddle.record_notes(ctx, item.id, "Ann has had two falls; daughter worried.")
    done = huddle.outcome_task(ctx, item.id, "Arrange a falls assessment", me,
                               due_to=TODAY + 7 * DAY)
    moved = huddle.outcome_review_date(ctx, item.id, "01/12/2026")
    assert done.text == ("task for Jo Bloggs: Arrange a falls assessment (by 29 November "
                         "2026), agreed at the huddle on 20 November 2026")
    assert moved.text == ("review date set to 1 December 2026 at the huddle on 20 November "
                          "2026")

    # The task list, the plan, and the audit trail of Ann's record all show it.
    [task] = [t for t in tasks.for_person(ctx, ann.id) if t.source == TaskSource.HUDDLE]
    assert (task.description, task.owner_professional_id, task.due.end) == (
        "Arrange a falls assessment", me, TODAY + 7 * DAY)
    assert task.id in [t.id for t in tasks.my_tasks(ctx)]
    assert plans.current_plan(ctx, ann.id).review_date == dt.date(2026, 12, 1)
    trail = [(e.action, e.entity, e.person_id) for e in audit_since(store, before)]
    assert trail == [("update", "huddle_item", ann.id), ("create", "task", ann.id),
                     ("outcome", "huddle_item", ann.id), ("review_date", "care_plan", ann.id),
                     ("outcome", "huddle_item", ann.id)]
    outcome_events = [e for e in audit_since(store, before) if e.action == "outcome"]
    assert all('"held_on": "2026-11-20"' in e.detail for e in outcome_events)

    # The notes box keeps the outcome lines whatever is typed over it.
    kept = huddle.record_notes(ctx, item.id, "Falls discussed.\nOutcome: typed by hand")
    assert kept.notes == "Falls discussed."
    assert kept.outcomes == (done.text, moved.text)
    stored = huddle.get_huddle(ctx, h.id)
    assert next(i for i in stored.items if i.id == item.id) == kept


def test_actions_go_on_a_draft_never_on_the_agreed_plan(ctx, ward, me):
    ann = ward["ann"]
    h = huddle.create_huddle(ctx, "Huddle", TODAY, [ann.id])
    in_force = plans.current_plan(ctx, ann.id)
    goal_id = in_force.goals[0].id
    action = goals.ActionInput("Check the stair rail", ActionSide.TEAM, OwnerKind.TEAM_MEMBER,
                               "Jo Bloggs", due_to="2026-12-05", owner_professional_id=me)
    with pytest.raises(RuleError, match="not changed without the person"):
        huddle.outcome_action(ctx, h.items[0].id, goal_id, action)
    assert not huddle.huddle_card(ctx, ann.id).can_add_actions

    plans.start_review(ctx, in_force.id)
    done = huddle.outcome_action(ctx, h.items[0].id, goal_id, action)  # mapped to the draft
    draft = plans.working_plan(ctx, ann.id)
    assert done.action.id in [a.id for g in draft.goals for a in g.actions]
    assert done.action.id not in [a.id for g in plans.current_plan(ctx, ann.id).goals
                                  for a in g.actions]
    assert done.item.outcomes[-1].startswith("action for Jo Bloggs: Check the stair rail")
    assert huddle.huddle_card(ctx, ann.id).draft_plan_id == draft.id


def test_the_read_only_huddle_screen_can_view_but_not_record(ctx, viewer_ctx, ward, me):
    h = huddle.create_huddle(ctx, "Huddle", TODAY, [ward["ann"].id])
    card = huddle.huddle_card(viewer_ctx, ward["ann"].id)
    assert card.name == "Ann Smith"
    with pytest.raises(PermissionDenied):
        huddle.outcome_task(viewer_ctx, h.items[0].id, "Visit", me)
    with pytest.raises(PermissionDenied):
        huddle.create_huddle(viewer_ctx, "Huddle", TODAY, [ward["ann"].id])


def test_the_huddle_card(ctx, ward, me, other_pro):
    ann = ward["ann"]
    team.add_member(ctx, ann.id, other_pro)
    plan = plans.current_plan(ctx, ann.id)
    goal = plan.goals[0]
    for day, score in ((TODAY - 60 * DAY, 6), (TODAY - 30 * DAY, 5), (TODAY - 3 * DAY, 4)):
        goals.rate_goal(ctx, goal.id, score, on=day, at_review=True)
    people.add_alert(ctx, ann.id, AlertKind.RISK_TO_STAFF, "Dog in the house")
    contact(ctx, ann.id, ContactKind.GP_CONTACT, TODAY - 10 * DAY)
    contact(ctx, ann.id, ContactKind.GP_CONTACT, TODAY - 31 * DAY)  # too old for a contact
    contact(ctx, ann.id, ContactKind.UNPLANNED_ADMISSION, TODAY - 60 * DAY,
            discharged_on=TODAY - 55 * DAY)
    tasks.create_task(ctx, me, "Ring the pharmacy", due_to=TODAY + 3 * DAY, person_id=ann.id)
    tasks.create_task(ctx, me, "Much later", due_from=TODAY + 40 * DAY, person_id=ann.id)
    appointments.book(ctx, ann.id, appointments.AppointmentInput(
        AppointmentMode.HOME_VISIT, dt.datetime.combine(TODAY + 5 * DAY, dt.time(10)), 30,
        "Check on breathing", professional_id=me))

    card = huddle.huddle_card(ctx, ann.id)
    assert card.what_matters == "Staying in my own home with my cat"
    assert card.alerts == ("Risk to staff: Dog in the house",)
    [g] = card.goals
    assert (g.words, g.latest_rating, g.trend, g.achievement) == (
        "Walk to the shop again", 4, "Getting worse", "In progress")
    assert g.off_track == ("The rating fell at two reviews in a row",)
    assert card.team_members[0].name == card.lead_name == "Jo Bloggs"
    assert "Priya Shah" in [m.name for m in card.team_members]
    assert [e.what for e in card.events] == [
        "GP contact", "Unplanned admission, discharged 28 September 2026"]
    assert card.events[1].unplanned
    kinds = [(d.kind, d.overdue) for d in card.due]
    # Overdue first, oldest first: the follow-up after the discharge 55 days ago, then the
    # review that fell due yesterday.
    assert kinds[:2] == [("task", True), ("review", True)]
    assert card.due[0].text.startswith("Follow up after discharge")
    assert ("action", False) in kinds and ("appointment", False) in kinds
    assert all(overdue for _, overdue in kinds[:2]) and not any(o for _, o in kinds[2:])
    texts = [d.text for d in card.due]
    assert any(t.startswith("Ring the pharmacy") for t in texts)
    assert not any(t.startswith("Much later") for t in texts)
    assert {d.section for d in card.due} == {"plan", "tasks", "appointments"}
    assert card.review_state == "overdue" and card.plan_status == "Agreed"


def test_the_printed_agenda_carries_the_outcomes(ctx, ward, me, tmp_path, store):
    h = huddle.create_huddle(ctx, "Riverside weekly huddle", TODAY,
                             [ward["ann"].id, ward["bob"].id])
    huddle.record_notes(ctx, h.items[0].id, "Two falls")
    huddle.outcome_task(ctx, h.items[0].id, "Arrange a falls assessment", me)
    doc = huddle.agenda_document(ctx, h.id)
    assert [e.name for e in doc.entries] == ["Ann Smith", "Bob Test"]
    assert doc.entries[0].notes == "Two falls" and len(doc.entries[0].outcomes) == 1
    assert doc.entries[1].lead_name == "Jo Bloggs" and doc.entries[1].outcomes == ()
    written = huddle.print_agenda(ctx, h.id, tmp_path / "agenda.pdf")
    data = (tmp_path / "agenda.pdf").read_bytes()
    assert data.startswith(b"%PDF") and written.size == len(data)
    assert b"AtkinsonHyperlegibleNext" in data and b"FontFile2" in data  # embedded
    assert b"/Lang (en-GB)" in data
    with store.session_factory() as s:
        record = s.scalars(select(ExportRecord)).one()
    assert (record.people_count, record.sha256) == (2, written.sha256)
    assert [s.title for s in huddle.huddles(ctx)] == ["Riverside weekly huddle"]


def test_agenda_edits(ctx, ward):
    h = huddle.create_huddle(ctx, "Huddle", TODAY, [ward["ann"].id, ward["bob"].id])
    added = huddle.add_to_agenda(ctx, h.id, ward["carl"].id)
    assert added.position == 3 and added.reason == "Picked for discussion"
    assert huddle.add_to_agenda(ctx, h.id, ward["carl"].id).id == added.id
    moved = huddle.move_item(ctx, added.id, -2)
    assert [i.name for i in moved.items] == ["Carl Test", "Ann Smith", "Bob Test"]
    with pytest.raises(ValidationError, match="at least one person"):
        huddle.create_huddle(ctx, "Empty", TODAY, [])
    with pytest.raises(ValidationError, match="title"):
        huddle.create_huddle(ctx, "  ", TODAY, [ward["ann"].id])


def test_goal_lifecycle_closed_goals_are_not_red_flags(ctx, ward):
    hal = ward["hal"]
    goal = plans.current_plan(ctx, hal.id).goals[0]
    assert "Hal Test" in [c.name for c in huddle.propose_agenda(ctx, EVERY)]
    goals.set_goal_progress(ctx, goal.id, GoalLifecycle.COMPLETED, Achievement.WORSENING)
    assert "Hal Test" not in [c.name for c in huddle.propose_agenda(ctx, EVERY)]


def test_cards_for_no_plan_and_a_first_draft(ctx, ward, me):
    bob = huddle.huddle_card(ctx, ward["bob"].id)
    assert (bob.plan_status, bob.plan_id, bob.goals, bob.what_matters) == ("No plan", None, (), "")
    assert bob.events[0].what == "Unplanned admission" and not bob.can_add_actions
    draft = plans.start_draft(ctx, ward["carl"].id)
    carl = huddle.huddle_card(ctx, ward["carl"].id)
    assert (carl.plan_status, carl.draft_plan_id, carl.review_date) == ("Draft", draft.id, None)
    assert carl.can_add_actions
