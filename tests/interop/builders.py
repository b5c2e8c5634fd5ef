"""Records built through the services, the way users make them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from carecoord.domain.enums import (
    Achievement,
    ActionSide,
    ActionStatus,
    AgreementMethod,
    AppointmentMode,
    AppointmentStatus,
    ConditionStatus,
    ConsentMethod,
    GoalDomain,
    GoalLifecycle,
    MemberType,
    OwnerKind,
    RecipientKind,
    Sector,
)
from carecoord.services import appointments, carers, consent, goals, people, plans, team
from carecoord.store import models


@dataclass(frozen=True)
class Rich:
    person_id: int
    nurse_id: int
    gp_id: int
    social_id: int
    home_visit_id: int
    cancelled_id: int
    hospice_consent_id: int


def fill_record(ctx, person_id: int) -> Rich:
    pro = team.add_professional
    nurse = pro(ctx, team.ProfessionalInput("Priya Patel", "District nurse",
                                            Sector.COMMUNITY_NURSING,
                                            "Riverside Community Nursing", "0161 496 0001",
                                            "priya.patel@example.nhs.uk", "111"))
    gp = pro(ctx, team.ProfessionalInput("Dr Tom Reid", "GP", Sector.GP_PRACTICE,
                                         "Hillside Surgery", "0161 496 0002"))
    social = pro(ctx, team.ProfessionalInput("Kay Moss", "Social worker", Sector.SOCIAL_CARE,
                                             "Borough Adult Social Care"))
    people.update_person(ctx, person_id, people.PersonInput(
        "943 476 5919", "Ann", "Smith", "12/03/1940", preferred_name="Annie",
        address="4 Mill Lane\nRiverside", postcode="RV1 2AB", phone="0161 496 0100",
        email="ann@example.org", gp_practice="Hillside Surgery", team="North",
        frailty="moderate", priority="high", preferred_language="Welsh",
        interpreter_needed=True, large_print=True, hearing_needs="Hearing aid, left ear",
        decision_support="Daughter helps with letters", about_interests="Gardening",
        about_routines="Up at 7", about_daily_life="Breathless on stairs",
        cohorts=("Housebound", "Carer")))
    people.add_condition(ctx, person_id, "Type 2 diabetes", "44054006", "2015-03-01")
    people.add_condition(ctx, person_id, "Chronic obstructive pulmonary disease", "13645005",
                         "2012-06-01")
    people.add_condition(ctx, person_id, "Osteoarthritis of knee", None, None,
                         ConditionStatus.REMISSION)
    carers.add_carer(ctx, person_id, carers.CarerInput(
        "Beth Smith", "Daughter", "07700 900123", "beth@example.org", None, True,
        "2026-01-05", True, "Works full time"))

    team.handover_lead(ctx, person_id, nurse.id, on=dt.date(2026, 1, 10))
    team.add_member(ctx, person_id, gp.id, started_on=dt.date(2026, 1, 10))
    member = team.add_member(ctx, person_id, social.id, MemberType.AS_REQUIRED,
                             dt.date(2026, 2, 1))
    team.end_member(ctx, member.id, "Care package settled", dt.date(2026, 8, 1))
    team.handover_lead(ctx, person_id, ctx.actor.professional_id, on=dt.date(2026, 6, 1),
                       note="Priya moving to the south team")

    v1 = plans.start_draft(ctx, person_id)
    plans.save_content(ctx, v1.id, plans.PlanContent(
        what_matters="Staying in my own home and seeing my grandchildren",
        if_green="Keep walking to the gate each day", if_amber="Call Priya if breathless",
        if_red="Call 999", in_hours_contact="Community nursing 0161 496 0001",
        out_of_hours_contact="111", crisis_numbers="999", medicines="Inhalers as prescribed",
        respect_form=True, respect_form_location="Kitchen drawer", review_months=6))
    g1 = goals.add_goal(ctx, v1.id, goals.GoalInput(
        "I want to walk to the shop again", GoalDomain.PHYSICAL_HEALTH, "2026-03-01",
        "2026-09-30"))
    goals.add_action(ctx, g1.id, goals.ActionInput(
        "Walk to the gate twice a day", ActionSide.PERSON, OwnerKind.PERSON, "Ann",
        None, "2026-04-30"))
    goals.add_action(ctx, g1.id, goals.ActionInput(
        "Refer to pulmonary rehab", ActionSide.TEAM, OwnerKind.TEAM_MEMBER, "Priya Patel",
        "2026-03-01", "2026-03-31", nurse.id))
    g2 = goals.add_goal(ctx, v1.id, goals.GoalInput(
        "Feel less lonely", GoalDomain.SOCIAL, None, "2026-12-31"))
    goals.add_action(ctx, g2.id, goals.ActionInput(
        "Beth to take me to the lunch club", ActionSide.PERSON, OwnerKind.CARER, "Beth Smith",
        None, "2026-05-31"))
    plans.agree(ctx, v1.id, plans.Agreement("Ann Smith", AgreementMethod.SIGNED,
                                            "2026-03-01", nurse.id, "2026-03-01"))
    goals.rate_goal(ctx, g1.id, 3, "Only to the gate", on="2026-03-01", at_review=True)
    goals.rate_goal(ctx, g1.id, 6, None, on="2026-06-15")

    v2 = plans.start_review(ctx, v1.id)
    plans.save_content(ctx, v2.id, plans.with_content(
        v2, what_matters="Staying at home, and my garden", if_amber="Call Jo if breathless"))
    plans.agree(ctx, v2.id, plans.Agreement("Beth Smith", AgreementMethod.REPRESENTATIVE,
                                            "2026-09-01", ctx.actor.professional_id,
                                            "2026-09-02", "2027-03-01"))
    current = plans.current_plan(ctx, person_id)
    walk = current.goals[0]
    goals.set_goal_progress(ctx, walk.id, GoalLifecycle.ACTIVE, Achievement.IMPROVING)
    goals.set_action_status(ctx, walk.actions[1].id, ActionStatus.DONE, dt.date(2026, 9, 20))
    goals.rate_goal(ctx, walk.id, 8, "To the shop with a stick", on="2026-10-01")
    v3 = plans.start_review(ctx, current.id)
    goals.add_goal(ctx, v3.id, goals.GoalInput("Sleep better", GoalDomain.MENTAL_WELLBEING))

    book = appointments.book
    home = book(ctx, person_id, appointments.AppointmentInput(
        AppointmentMode.HOME_VISIT, dt.datetime(2026, 11, 24, 10, 0), 45,
        "Review of breathing and inhalers", professional_id=nurse.id)).appointment
    appointments.reschedule(ctx, home.id, dt.datetime(2026, 11, 25, 14, 0), reason="Car")
    clinic = book(ctx, person_id, appointments.AppointmentInput(
        AppointmentMode.CLINIC, dt.datetime(2026, 7, 15, 9, 30), 15, "Annual review",
        place="Hillside Surgery, Room 2", professional_id=gp.id)).appointment
    appointments.set_status(ctx, clinic.id, AppointmentStatus.ATTENDED, "Came with Beth")
    cancelled = book(ctx, person_id, appointments.AppointmentInput(
        AppointmentMode.PHONE, dt.datetime(2026, 12, 2, 11, 0), 20, "Diabetes check-in call",
        with_name="Diabetes nurse", transport_needs=None, access_needs="Speak slowly"))
    appointments.set_status(ctx, cancelled.appointment.id,
                            AppointmentStatus.CANCELLED_BY_PERSON, "Away")

    consent.record_consent(ctx, person_id, consent.ConsentInput(
        "Hillside Surgery", RecipientKind.ORGANISATION, "My care plan and appointments",
        "2026-02-01", ConsentMethod.WRITTEN))
    hospice = consent.record_consent(ctx, person_id, consent.ConsentInput(
        "St Mary's Hospice", RecipientKind.ORGANISATION, "My care plan", "2026-03-01",
        ConsentMethod.VERBAL))
    consent.withdraw_consent(ctx, hospice.id, "2026-10-01", "Changed her mind")
    return Rich(person_id, nurse.id, gp.id, social.id, home.id, cancelled.appointment.id,
                hospice.id)


def table_counts(store) -> dict[str, int]:
    """Rows in every table, to prove a refused import wrote nothing."""
    with store.session_factory() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t))
                for t in models.Base.metadata.sorted_tables}
