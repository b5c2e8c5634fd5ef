"""Every lifecycle rule, allowed and refused."""

import datetime as dt

import pytest

from carecoord.domain.enums import (
    ActionSide,
    AgreementMethod,
    GoalDomain,
    OwnerKind,
    PlanStatus,
)
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services import goals, plans, team


def _agreement(ctx, today, **over):
    values = dict(person_agreed_by="Ann Smith", method=AgreementMethod.SIGNED,
                  person_agreed_on=today, lead_professional_id=ctx.actor.professional_id,
                  lead_agreed_on=today)
    values.update(over)
    return plans.Agreement(**values)


def _draft_with_content(ctx, person):
    draft = plans.start_draft(ctx, person.id)
    draft = plans.save_content(ctx, draft.id, plans.with_content(
        draft, what_matters="Staying in my own home with my cat"))
    goal = goals.add_goal(ctx, draft.id, goals.GoalInput("Walk to the shop again",
                                                         GoalDomain.PHYSICAL_HEALTH,
                                                         target_to="2027-03-01"))
    goals.add_action(ctx, goal.id, goals.ActionInput("Walk to the gate every day",
                                                     ActionSide.PERSON, OwnerKind.PERSON, "Ann",
                                                     due_to="2026-12-31"))
    goals.add_action(ctx, goal.id, goals.ActionInput("Physio home visit", ActionSide.TEAM,
                                                     OwnerKind.TEAM_MEMBER, "Jo Bloggs",
                                                     due_from="2026-12-01",
                                                     due_to="2026-12-14"))
    return plans.working_plan(ctx, person.id)


def test_offer_then_decline_then_reoffer_records_dates(ctx, person, today):
    offered = plans.record_offer(ctx, person.id, "20/11/2026")
    assert offered.status == PlanStatus.OFFERED and offered.offered_on == dt.date(2026, 11, 20)
    declined = plans.record_decline(ctx, person.id, note="Wants to think about it")
    assert declined.status == PlanStatus.DECLINED and declined.declined_on == today
    again = plans.record_offer(ctx, person.id)
    assert again.status == PlanStatus.OFFERED


def test_decline_before_offer_date_is_refused(ctx, person):
    plans.record_offer(ctx, person.id, "20/11/2026")
    with pytest.raises(ValidationError):
        plans.record_decline(ctx, person.id, "19/11/2026")


def test_future_offer_date_is_refused(ctx, person):
    with pytest.raises(ValidationError):
        plans.record_offer(ctx, person.id, "01/01/2030")


def test_cannot_offer_when_a_draft_exists(ctx, person):
    plans.start_draft(ctx, person.id)
    with pytest.raises(RuleError):
        plans.record_offer(ctx, person.id)


def test_agreement_needs_both_sign_offs(ctx, person, today):
    draft = _draft_with_content(ctx, person)
    with pytest.raises(RuleError, match="person's sign-off"):
        plans.agree(ctx, draft.id, _agreement(ctx, today, person_agreed_by="  "))
    with pytest.raises(RuleError, match="lead professional"):
        plans.agree(ctx, draft.id, _agreement(ctx, today, lead_professional_id=None))
    with pytest.raises(RuleError, match="how the person agreed"):
        plans.agree(ctx, draft.id, _agreement(ctx, today, method=None))
    assert plans.working_plan(ctx, person.id).status == PlanStatus.DRAFT


def test_agreement_needs_what_matters(ctx, person, today):
    draft = plans.start_draft(ctx, person.id)
    with pytest.raises(RuleError, match="what matters"):
        plans.agree(ctx, draft.id, _agreement(ctx, today))


def test_agreement_dates_cannot_be_in_the_future(ctx, person, today):
    draft = _draft_with_content(ctx, person)
    with pytest.raises(ValidationError):
        plans.agree(ctx, draft.id, _agreement(ctx, today,
                                              person_agreed_on=today + dt.timedelta(days=1)))


def test_agreed_plan_gets_default_six_month_review(ctx, person, today):
    agreed = plans.agree(ctx, _draft_with_content(ctx, person).id, _agreement(ctx, today))
    assert agreed.status == PlanStatus.AGREED
    assert agreed.review_date == dt.date(2027, 5, 22)
    assert agreed.lead_professional_name == "Jo Bloggs"


def test_agreed_plan_is_frozen(ctx, person, today):
    agreed = plans.agree(ctx, _draft_with_content(ctx, person).id, _agreement(ctx, today))
    with pytest.raises(RuleError, match="read-only"):
        plans.save_content(ctx, agreed.id, plans.with_content(agreed, what_matters="changed"))
    with pytest.raises(RuleError):
        goals.add_goal(ctx, agreed.id, goals.GoalInput("x", GoalDomain.SOCIAL))
    with pytest.raises(RuleError):
        goals.update_goal(ctx, agreed.goals[0].id,
                          goals.GoalInput("changed", GoalDomain.SOCIAL))
    with pytest.raises(RuleError):
        goals.retire_action(ctx, agreed.goals[0].actions[0].id)


def test_review_starts_a_new_draft_copying_content(ctx, person, today):
    agreed = plans.agree(ctx, _draft_with_content(ctx, person).id, _agreement(ctx, today))
    draft = plans.start_review(ctx, agreed.id)
    assert draft.number == 2 and draft.status == PlanStatus.DRAFT
    assert draft.content.what_matters == agreed.content.what_matters
    assert [g.person_words for g in draft.goals] == [g.person_words for g in agreed.goals]
    assert draft.goals[0].lineage == agreed.goals[0].lineage
    assert len(draft.goals[0].actions) == 2
    # The agreed version stays in force, marked under review, until version 2 is agreed.
    v1 = plans.current_plan(ctx, person.id)
    assert v1.number == 1 and v1.status == PlanStatus.UNDER_REVIEW
    with pytest.raises(RuleError):
        plans.start_review(ctx, agreed.id)


def test_agreeing_version_two_supersedes_version_one(ctx, person, today):
    agreed = plans.agree(ctx, _draft_with_content(ctx, person).id, _agreement(ctx, today))
    draft = plans.start_review(ctx, agreed.id)
    goals.update_goal(ctx, draft.goals[0].id,
                      goals.GoalInput("Walk to the park with my daughter",
                                      GoalDomain.PHYSICAL_HEALTH))
    v2 = plans.agree(ctx, draft.id, _agreement(ctx, today))
    summary = {s.number: s for s in plans.versions(ctx, person.id)}
    assert summary[1].status == PlanStatus.SUPERSEDED and not summary[1].is_current
    assert summary[2].status == PlanStatus.AGREED and summary[2].is_current
    diffs = plans.compare(ctx, agreed.id, v2.id)
    assert any("words" in d.where and d.after == "Walk to the park with my daughter"
               for d in diffs)
    # Earlier versions stay readable.
    assert plans.get_plan(ctx, agreed.id).goals[0].person_words == "Walk to the shop again"


def test_only_agreed_plan_can_be_reviewed(ctx, person):
    draft = plans.start_draft(ctx, person.id)
    with pytest.raises(RuleError):
        plans.start_review(ctx, draft.id)


def test_review_date_can_change_on_agreed_plan_but_not_before_agreement(ctx, person, today):
    agreed = plans.agree(ctx, _draft_with_content(ctx, person).id, _agreement(ctx, today))
    moved = plans.set_review_date(ctx, agreed.id, "01/03/2027")
    assert moved.review_date == dt.date(2027, 3, 1)
    with pytest.raises(ValidationError):
        plans.set_review_date(ctx, agreed.id, today)


def test_actions_need_owner_and_due_window(ctx, person):
    draft = _draft_with_content(ctx, person)
    gid = draft.goals[0].id
    with pytest.raises(ValidationError, match="owner"):
        goals.add_action(ctx, gid, goals.ActionInput("x", ActionSide.PERSON, OwnerKind.PERSON,
                                                     "", due_to="2027-01-01"))
    with pytest.raises(ValidationError, match="due window"):
        goals.add_action(ctx, gid, goals.ActionInput("x", ActionSide.PERSON, OwnerKind.PERSON,
                                                     "Ann"))
    with pytest.raises(ValidationError, match="team"):
        goals.add_action(ctx, gid, goals.ActionInput("x", ActionSide.TEAM, OwnerKind.PERSON,
                                                     "Ann", due_to="2027-01-01"))


def test_goals_reorder_and_retire(ctx, person):
    draft = _draft_with_content(ctx, person)
    second = goals.add_goal(ctx, draft.id, goals.GoalInput("See my grandson",
                                                           GoalDomain.SOCIAL))
    goals.move_goal(ctx, second.id, -1)
    order = [g.person_words for g in plans.working_plan(ctx, person.id).goals]
    assert order == ["See my grandson", "Walk to the shop again"]
    goals.retire_goal(ctx, second.id)
    assert [g.person_words for g in plans.working_plan(ctx, person.id).goals] == [
        "Walk to the shop again"]


def test_ratings_follow_a_goal_across_versions(ctx, person, today):
    agreed = plans.agree(ctx, _draft_with_content(ctx, person).id, _agreement(ctx, today))
    goals.rate_goal(ctx, agreed.goals[0].id, 4, "Hard going", on="01/11/2026")
    draft = plans.start_review(ctx, agreed.id)
    goals.rate_goal(ctx, draft.goals[0].id, 6, at_review=True)
    scores = [r.score for r in plans.working_plan(ctx, person.id).goals[0].ratings]
    assert scores == [4, 6]
    with pytest.raises(ValidationError):
        goals.rate_goal(ctx, draft.goals[0].id, 11)


def test_lead_needed_for_agreement_exists_in_directory(ctx, person, today):
    team.handover_lead(ctx, person.id, ctx.actor.professional_id)
    agreed = plans.agree(ctx, _draft_with_content(ctx, person).id, _agreement(ctx, today))
    assert agreed.lead_professional_id == ctx.actor.professional_id
