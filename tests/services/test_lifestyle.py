from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, text

from carecoord.domain.enums import (
    ActivityLevel,
    GoalDomain,
    InterventionTopic,
    LifestyleService,
    PersonStatus,
    PlanStatus,
    ReferralOffer,
    Role,
    Sector,
    SmokingStatus,
)
from carecoord.domain.errors import PermissionDenied, RuleError, ValidationError
from carecoord.domain.nhs_number import check_digit
from carecoord.security.users import add_user, login
from carecoord.services import lifestyle as ls
from carecoord.services import plans
from carecoord.services.base import Ctx
from carecoord.services.lifestyle import CheckInput, InterventionInput
from carecoord.services.people import PersonInput, create_person, set_status
from carecoord.services.team import ProfessionalInput, add_professional, handover_lead
from carecoord.store.models import AuditEvent, LifestyleCheck
from carecoord.store.unit_of_work import unit_of_work

TODAY = dt.date(2026, 11, 22)


def _numbers():
    for n in itertools.count(2000000):
        nine = f"99{n:07d}"
        digit = check_digit(nine)
        if digit is not None:
            yield nine + str(digit)


@pytest.fixture
def new_person(ctx):
    numbers = _numbers()

    def make(given: str = "Bob"):
        return create_person(ctx, PersonInput(next(numbers), given, "Jones", "01/01/1950"))

    return make


def audits(store, entity: str) -> list[AuditEvent]:
    with store.session_factory() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.entity == entity)
                              .order_by(AuditEvent.id)))


# ---- BMI and the ranges ---------------------------------------------------------------


@pytest.mark.parametrize("height, weight, bmi", [
    (170, 70, 24.2), (180, 100, 30.9), (150, 45, 20.0), (160, 64, 25.0), (200, 60, 15.0),
])
def test_bmi_is_weight_over_height_squared_to_one_decimal(height, weight, bmi):
    assert ls.compute_bmi(height, weight) == bmi


def test_bmi_rounds_half_up():
    # 1.5 m, 50.6250 kg is exactly 22.5; 51.1875 kg is 22.75 (round() would give 22.8 or 22.7)
    assert ls.compute_bmi(150, 51.1875) == 22.8
    assert ls.round_1dp(24.25) == 24.3
    assert ls.round_1dp(24.05) == 24.1


@pytest.mark.parametrize("bmi, band", [(18.4, "Underweight"), (18.5, "Healthy weight"),
                                       (24.9, "Healthy weight"), (25.0, "Overweight"),
                                       (30.0, "Obese"), (40.0, "Severely obese"), (None, None)])
def test_bmi_bands(bmi, band):
    assert ls.bmi_band(bmi) == band


def test_the_check_computes_and_stores_bmi(ctx, person, store):
    check = ls.record_check(ctx, person.id, CheckInput(
        smoking="current", alcohol_units_week="14", activity="inactive", height_cm="170",
        weight_kg="70,0", diet_note=" Skips lunch ", wellbeing_score="6",
        wellbeing_note="Lonely since moving"))
    assert (check.bmi, check.bmi_band) == (24.2, "Healthy weight")
    assert (check.smoking, check.activity) == (SmokingStatus.CURRENT, ActivityLevel.INACTIVE)
    assert (check.alcohol_units_week, check.wellbeing_score) == (14.0, 6)
    assert (check.checked_on, check.diet_note, check.recorded_by) == (TODAY, "Skips lunch",
                                                                      "Jo Bloggs")
    with store.session_factory() as s:
        assert s.get(LifestyleCheck, check.id).bmi == 24.2
    [event] = audits(store, "lifestyle_check")
    assert (event.username, event.action, event.person_id) == ("jo", "create", person.id)


def test_no_bmi_without_both_height_and_weight(ctx, person):
    assert ls.record_check(ctx, person.id, CheckInput(weight_kg="70")).bmi is None


@pytest.mark.parametrize("field, value, message", [
    ("height_cm", "49.9", "height of 49.9 cm cannot be right"),
    ("height_cm", "251", "between 50 and 250 cm"),
    ("height_cm", "1.7", "Height is in centimetres: 1.7 m is 170 cm"),
    ("height_cm", "tall", "not a number"),
    ("weight_kg", "1.9", "weight of 1.9 kg cannot be right"),
    ("weight_kg", "401", "between 2 and 400 kg"),
    ("weight_kg", "-70", "cannot be right"),
    ("alcohol_units_week", "-1", "weekly alcohol intake of -1 units cannot be right"),
    ("alcohol_units_week", "301", "between 0 and 300 units"),
    ("alcohol_units_week", "lots", "not a number"),
    ("wellbeing_score", "11", "from 0 to 10"),
    ("wellbeing_score", "5.5", "from 0 to 10"),
    ("smoking", "sometimes", "Choose an answer"),
    ("activity", "very", "Choose an answer"),
    ("checked_on", "23/11/2026", "cannot be dated in the future"),
    ("checked_on", "31/02/2026", "February 2026 has 28 days"),
])
def test_out_of_range_values_are_refused_with_a_plain_message(ctx, person, field, value,
                                                              message):
    data = CheckInput(**{"smoking": "never", field: value})
    with pytest.raises(ValidationError, match=message) as e:
        ls.record_check(ctx, person.id, data)
    assert e.value.field == field


def test_range_edges_are_accepted():
    values = ls.validate_check(CheckInput(height_cm=50, weight_kg=2, alcohol_units_week=0,
                                          wellbeing_score=0), TODAY)
    assert values["bmi"] == 8.0
    values = ls.validate_check(CheckInput(height_cm=250, weight_kg=400, alcohol_units_week=300,
                                          wellbeing_score=10), TODAY)
    assert values["bmi"] == 64.0


def test_an_impossible_pair_of_height_and_weight_is_refused():
    with pytest.raises(ValidationError, match="give a BMI of 0.3, which cannot be right"):
        ls.validate_check(CheckInput(height_cm=250, weight_kg=2), TODAY)


def test_an_empty_check_is_refused(ctx, person):
    with pytest.raises(ValidationError, match="Nothing was recorded"):
        ls.record_check(ctx, person.id, CheckInput())
    assert ls.record_check(ctx, person.id, CheckInput(smoking="never")).smoking == "never"


@given(st.one_of(st.text(max_size=30), st.floats(allow_nan=True), st.integers()))
def test_typed_measurements_raise_only_validation_errors(value):
    for field in ("height_cm", "weight_kg", "alcohol_units_week", "wellbeing_score"):
        try:
            ls.validate_check(CheckInput(**{"smoking": "never", field: value}), TODAY)
        except ValidationError:
            pass


# ---- brief interventions --------------------------------------------------------------


def test_check_with_interventions_in_one_step(ctx, person, store):
    check = ls.record_check(ctx, person.id, CheckInput(smoking="current"), (
        InterventionInput("smoking", advice="Very brief advice given", leaflet_given=True,
                          referral="accepted"),
        InterventionInput("wellbeing", advice="Talked about local groups",
                          referral="declined", service="talking_therapies"),
    ))
    smoking, wellbeing = check.interventions
    assert (smoking.topic, smoking.leaflet_given) == (InterventionTopic.SMOKING, True)
    assert (smoking.referral, smoking.service) == (ReferralOffer.ACCEPTED,
                                                   LifestyleService.STOP_SMOKING)
    assert (wellbeing.referral, wellbeing.service) == (ReferralOffer.DECLINED,
                                                       LifestyleService.TALKING_THERAPIES)
    assert len(audits(store, "brief_intervention")) == 2


def test_an_intervention_can_be_added_later(ctx, person):
    check = ls.record_check(ctx, person.id, CheckInput(alcohol_units_week="30"))
    item = ls.add_intervention(ctx, check.id, InterventionInput("alcohol", leaflet_given=True))
    assert (item.referral, item.service) == (ReferralOffer.NOT_OFFERED, None)
    assert ls.checks_for(ctx, person.id)[0].interventions == (item,)


@pytest.mark.parametrize("data, message", [
    (InterventionInput("smoking"), "Record the advice given"),
    (InterventionInput("smoking", advice="x", service="stop_smoking"), "no referral was offered"),
    (InterventionInput("gardening", advice="x"), "Choose an answer"),
    (InterventionInput("smoking", advice="x", referral="maybe"), "Choose an answer"),
])
def test_bad_interventions_are_refused(ctx, person, data, message):
    check = ls.record_check(ctx, person.id, CheckInput(smoking="current"))
    with pytest.raises(ValidationError, match=message):
        ls.add_intervention(ctx, check.id, data)


def test_a_retired_check_leaves_the_list_and_takes_no_more(ctx, person):
    check = ls.record_check(ctx, person.id, CheckInput(smoking="never"))
    ls.retire_check(ctx, check.id, "Wrong person")
    assert ls.checks_for(ctx, person.id) == []
    with pytest.raises(RuleError, match="removed"):
        ls.add_intervention(ctx, check.id, InterventionInput("smoking", advice="x"))


def test_huddle_viewer_is_refused(store, today, ctx, person):
    with unit_of_work(store.session_factory, write=True) as uow:
        add_user(uow.session, username="screen", full_name="Screen",
                 role=Role.HUDDLE_VIEWER, password="a good password")
    viewer = Ctx(store, login(store, "screen", "a good password"), today=lambda: today)
    with pytest.raises(PermissionDenied):
        ls.record_check(viewer, person.id, CheckInput(smoking="never"))
    check = ls.record_check(ctx, person.id, CheckInput(smoking="current"))
    with pytest.raises(PermissionDenied):
        ls.add_prevention_goal(viewer, person.id, check.id, "smoking", "Stop by spring")


# ---- a prevention goal in one step ----------------------------------------------------


def _agreed_plan(ctx, person_id: int) -> plans.PlanView:
    draft = plans.start_draft(ctx, person_id)
    plans.save_content(ctx, draft.id, plans.with_content(draft, what_matters="My garden"))
    return plans.agree(ctx, draft.id, plans.Agreement(
        "Ann Smith", "signed", TODAY, ctx.actor.professional_id, TODAY))


@pytest.fixture
def check(ctx, person):
    return ls.record_check(ctx, person.id, CheckInput(smoking="current"))


def test_prevention_goal_with_no_plan_starts_a_draft(ctx, person, check, store):
    made = ls.add_prevention_goal(ctx, person.id, check.id, "smoking", "  Stop smoking by "
                                  "my birthday ", target_to="01/03/2027")
    assert (made.started_draft, made.started_review) == (True, False)
    plan = plans.working_plan(ctx, person.id)
    assert (plan.id, plan.status, plan.number) == (made.plan_id, PlanStatus.DRAFT, 1)
    [goal] = plan.goals
    assert goal == made.goal
    assert (goal.person_words, goal.domain) == ("Stop smoking by my birthday",
                                                GoalDomain.LIFESTYLE)
    assert goal.target.end == dt.date(2027, 3, 1)
    assert made.message == "A draft plan was started, and the goal was added to it."
    [link] = [e for e in audits(store, "lifestyle_check") if e.action == "prevention_goal"]
    assert link.entity_id == str(check.id) and f'"goal": {goal.id}' in link.detail


def test_prevention_goal_goes_into_an_existing_draft(ctx, person, check):
    draft = plans.start_draft(ctx, person.id)
    made = ls.add_prevention_goal(ctx, person.id, check.id, "activity", "Walk to the shop")
    assert (made.plan_id, made.started_draft, made.started_review) == (draft.id, False, False)
    assert [g.person_words for g in plans.working_plan(ctx, person.id).goals] == [
        "Walk to the shop"]
    assert plans.versions(ctx, person.id)[0].status == PlanStatus.DRAFT


def test_prevention_goal_on_an_agreed_plan_starts_a_review(ctx, person, check):
    agreed = _agreed_plan(ctx, person.id)
    made = ls.add_prevention_goal(ctx, person.id, check.id, "smoking", "Cut down to five a day")
    assert (made.started_review, made.started_draft, made.plan_number) == (True, False, 2)
    assert "under review" in made.message
    old, new = plans.versions(ctx, person.id)
    assert (old.id, old.status) == (agreed.id, PlanStatus.UNDER_REVIEW)
    assert (new.id, new.status) == (made.plan_id, PlanStatus.DRAFT)
    assert plans.get_plan(ctx, agreed.id).goals == ()  # the agreed version is untouched
    # a second goal from the same check joins the review's draft, not a third version
    again = ls.add_prevention_goal(ctx, person.id, check.id, "alcohol", "Two dry days a week")
    assert (again.plan_id, again.started_review) == (made.plan_id, False)
    assert len(plans.versions(ctx, person.id)) == 2


def test_prevention_goal_after_an_offer_starts_the_draft(ctx, person, check):
    plans.record_offer(ctx, person.id)
    made = ls.add_prevention_goal(ctx, person.id, check.id, "diet_weight", "Lose a stone")
    assert made.started_draft
    assert plans.working_plan(ctx, person.id).status == PlanStatus.DRAFT


@pytest.mark.parametrize("words, topic, target, message", [
    ("   ", "smoking", None, "own words"),
    ("Stop", "knitting", None, "Choose an answer"),
    ("Stop", "smoking", "01/01/2026", "already passed"),
])
def test_prevention_goal_refusals_change_nothing(ctx, person, check, words, topic, target,
                                                 message):
    with pytest.raises(ValidationError, match=message):
        ls.add_prevention_goal(ctx, person.id, check.id, topic, words, target_to=target)
    assert plans.working_plan(ctx, person.id) is None


def test_prevention_goal_needs_the_persons_own_check(ctx, person, check, new_person):
    other = new_person()
    with pytest.raises(RuleError, match="belongs to someone else"):
        ls.add_prevention_goal(ctx, other.id, check.id, "smoking", "Stop")
    assert plans.working_plan(ctx, other.id) is None


# ---- coverage -------------------------------------------------------------------------


def _count_directly(store, since: str, today: str, lead: int | None = None) -> tuple[int, int]:
    lead_join = ("JOIN lead_assignment l ON l.person_id = p.id AND l.ended_on IS NULL "
                 "AND l.professional_id = :lead" if lead else "")
    with store.session_factory() as s:
        people = s.execute(text(f"SELECT COUNT(*) FROM person p {lead_join} "
                                "WHERE p.status = 'active'"), {"lead": lead}).scalar()
        checked = s.execute(text(
            f"SELECT COUNT(DISTINCT p.id) FROM person p {lead_join} "
            "JOIN lifestyle_check c ON c.person_id = p.id "
            "WHERE p.status = 'active' AND c.retired_on IS NULL "
            "AND c.checked_on >= :since AND c.checked_on <= :today"),
            {"lead": lead, "since": since, "today": today}).scalar()
    return checked, people


def test_coverage_matches_a_direct_count(ctx, person, new_person, store):
    me = ctx.actor.professional_id
    other = add_professional(ctx, ProfessionalInput("Priya Shah", "District nurse",
                                                    Sector.COMMUNITY_NURSING)).id
    people = [person] + [new_person(f"P{i}") for i in range(7)]
    for p in people[:5]:
        handover_lead(ctx, p.id, me, on=dt.date(2025, 1, 1))
    for p in people[5:]:
        handover_lead(ctx, p.id, other, on=dt.date(2025, 1, 1))

    def check(p, day):
        return ls.record_check(ctx, p.id, CheckInput(smoking="never", checked_on=day))

    check(people[0], dt.date(2025, 11, 22))  # exactly 12 months ago: counts
    check(people[1], dt.date(2025, 11, 21))  # a day too early
    check(people[2], TODAY)
    check(people[2], dt.date(2026, 5, 1))  # two checks count once
    ls.retire_check(ctx, check(people[3], dt.date(2026, 6, 1)).id, "Entered in error")
    check(people[5], dt.date(2026, 1, 1))
    check(people[6], dt.date(2026, 2, 1))
    set_status(ctx, people[6].id, PersonStatus.DECEASED)  # not active: left out

    everyone = ls.lifestyle_check_coverage(ctx)
    assert (everyone.checked, everyone.people) == _count_directly(store, "2025-11-22",
                                                                  "2026-11-22")
    assert (everyone.checked, everyone.people, everyone.since) == (3, 7, dt.date(2025, 11, 22))
    assert everyone.share == pytest.approx(3 / 7)

    mine = ls.lifestyle_check_coverage(ctx, lead_professional_id=me)
    assert (mine.checked, mine.people) == _count_directly(store, "2025-11-22", "2026-11-22",
                                                          lead=me) == (2, 5)
    theirs = ls.lifestyle_check_coverage(ctx, lead_professional_id=other)
    assert (theirs.checked, theirs.people) == (1, 2)

    # a day earlier the window takes in 21 November 2025, and still has the May check
    earlier = ls.lifestyle_check_coverage(ctx, today=dt.date(2026, 11, 21))
    assert (earlier.checked, earlier.people) == _count_directly(store, "2025-11-21",
                                                                "2026-11-21") == (4, 7)


def test_coverage_of_nobody_has_no_share(ctx):
    result = ls.lifestyle_check_coverage(ctx, lead_professional_id=999)
    assert (result.checked, result.people, result.share) == (0, 0, None)
