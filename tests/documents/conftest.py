"""A realistic person and plan, built through the services, for the printing tests."""

from __future__ import annotations

import datetime as dt

import pytest

from carecoord.domain.enums import (
    Achievement,
    ActionSide,
    AgreementMethod,
    AlertKind,
    AppointmentMode,
    AppointmentStatus,
    GoalDomain,
    MemberType,
    OwnerKind,
    ReferralStatus,
    ReferralUrgency,
    Sector,
)
from carecoord.services import goals, people, plans, team
from carecoord.services.base import changing
from carecoord.store.models import Appointment, Carer, Referral

ALERT_TEXT = "Dog at the property: ask for it to be shut away before visiting"
SNOMED = "195967001"

WHAT_MATTERS = (
    "I want to stay in my own home, near my garden and my cat Biscuit.\n\n"
    "Seeing my granddaughter on Sundays matters more than anything. "
    "I don't want to go back into hospital if it can be helped."
)


def _pro(ctx, name, role, sector, org, phone, **kw):
    return team.add_professional(ctx, team.ProfessionalInput(
        name, role, sector, organisation=org, phone=phone, **kw))


def build_plan(ctx, person_id: int, *, agree: bool = True, goals_count: int = 3,
               what_matters: str = WHAT_MATTERS) -> dict:
    """A plan with goals, actions, ratings, a team with a lead, appointments and carers."""
    today = ctx.today()
    lead = _pro(ctx, "Jo Bloggs", "Community matron", Sector.COMMUNITY_NURSING,
                "Riverside Community Nursing", "01632 960 123",
                email="jo.bloggs@nhs.example", out_of_hours="District nurses: 01632 960 999")
    physio = _pro(ctx, "Sam Patel", "Physiotherapist", Sector.COMMUNITY_NURSING,
                  "Riverside Therapy", "01632 960 456")
    gp = _pro(ctx, "Dr Helen Okafor", "GP", Sector.GP_PRACTICE, "Riverside Surgery",
              "01632 960 001")
    team.handover_lead(ctx, person_id, lead.id, on=today - dt.timedelta(days=60))
    team.add_member(ctx, person_id, physio.id)
    team.add_member(ctx, person_id, gp.id, MemberType.AS_REQUIRED)
    plan = plans.start_draft(ctx, person_id)
    plans.save_content(ctx, plan.id, plans.PlanContent(
        what_matters=what_matters,
        if_green="I can walk to the kitchen without getting out of breath.\n"
                 "Keep taking my inhalers as usual.",
        if_amber="If I am more breathless than usual for two days, or my ankles swell, "
                 "start my rescue pack and phone Jo.",
        if_red="If I cannot catch my breath, have chest pain or feel confused, call 999.",
        in_hours_contact="Jo Bloggs, community matron: 01632 960 123 (Monday to Friday, "
                         "9am to 5pm)",
        out_of_hours_contact="District nurses: 01632 960 999, or NHS 111",
        crisis_numbers="Samaritans: 116 123",
        self_management="Walk to the end of the garden twice a day.\nEat little and often.",
        self_monitoring="Check my oxygen level each morning and write it in my diary.",
        medicines="My medicines list is in the blue folder in the kitchen drawer.",
        equipment="Perching stool in the kitchen. Pendant alarm.",
        preferred_place_of_care="At home, with my daughter nearby.",
        respect_form=True, respect_form_location="Red folder by the front door",
        lasting_power_of_attorney=True,
        lasting_power_of_attorney_location="My daughter Mary keeps it",
    ))
    made = []
    for i in range(goals_count):
        g = goals.add_goal(ctx, plan.id, goals.GoalInput(
            person_words=("I want to walk to the shops on my own" if i == 0 else
                          f"Goal number {i + 1}: feel more confident at home"),
            domain=GoalDomain.PHYSICAL_HEALTH, target_to=dt.date(2027, 3, 31),
            achievement=Achievement.IMPROVING if i == 0 else Achievement.IN_PROGRESS))
        goals.add_action(ctx, g.id, goals.ActionInput(
            "Walk to the end of the road every day with my stick", ActionSide.PERSON,
            OwnerKind.PERSON, "Ann Smith", due_to=dt.date(2027, 1, 31)))
        goals.add_action(ctx, g.id, goals.ActionInput(
            "Visit at home to practise walking outside", ActionSide.TEAM,
            OwnerKind.TEAM_MEMBER, "Sam Patel", due_from=dt.date(2026, 12, 1),
            due_to=dt.date(2026, 12, 14), owner_professional_id=physio.id))
        if i == 0:
            for days, score in ((120, 3), (60, 5), (10, 6)):
                goals.rate_goal(ctx, g.id, score, on=today - dt.timedelta(days=days))
        made.append(g)
    if agree:
        plan = plans.agree(ctx, plan.id, plans.Agreement(
            "Ann Smith", AgreementMethod.SIGNED, today, lead.id, today))
    with changing(ctx) as w:
        w.session.add_all([
            Appointment(person_id=person_id, starts_at=dt.datetime.combine(
                today + dt.timedelta(days=9), dt.time(10, 30)), minutes=45,
                mode=AppointmentMode.HOME_VISIT, professional_id=physio.id,
                with_name="Sam Patel", purpose="Walking practice",
                access_needs="Ring the bell and wait: I am slow to the door"),
            Appointment(person_id=person_id, starts_at=dt.datetime.combine(
                today + dt.timedelta(days=20), dt.time(14, 0)), minutes=20,
                mode=AppointmentMode.CLINIC, place="Riverside Surgery",
                with_name="Dr Helen Okafor", purpose="Medicines review",
                transport_needs="Hospital transport booked"),
            Appointment(person_id=person_id, starts_at=dt.datetime.combine(
                today + dt.timedelta(days=5), dt.time(9, 0)), mode=AppointmentMode.PHONE,
                purpose="Cancelled call", status=AppointmentStatus.CANCELLED_BY_SERVICE),
            Appointment(person_id=person_id, starts_at=dt.datetime.combine(
                today - dt.timedelta(days=5), dt.time(9, 0)), mode=AppointmentMode.PHONE,
                purpose="A call last week"),
            Carer(person_id=person_id, name="Mary Smith", relationship="Daughter",
                  phone="07700 900 123", consent_to_involve=True, nominated=True,
                  own_needs="Works full time"),
            Referral(person_id=person_id, service="Falls prevention service",
                     reason="Two falls in three months", urgency=ReferralUrgency.ROUTINE,
                     referred_on=today - dt.timedelta(days=30)),
            Referral(person_id=person_id, service="Respiratory clinic",
                     reason="Review of breathlessness", urgency=ReferralUrgency.URGENT,
                     referred_on=today - dt.timedelta(days=400),
                     seen_on=today - dt.timedelta(days=380), status=ReferralStatus.SEEN),
        ])
    people.add_alert(ctx, person_id, AlertKind.RISK_TO_STAFF, ALERT_TEXT)
    people.add_condition(ctx, person_id, "Chronic obstructive pulmonary disease", SNOMED)
    return {"plan": plan, "lead": lead, "physio": physio, "goals": made}


@pytest.fixture
def rich(ctx, person):
    return build_plan(ctx, person.id)
