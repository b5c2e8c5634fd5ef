import datetime as dt

import pytest

from carecoord.domain.enums import AlertKind, PersonStatus
from carecoord.domain.errors import ConflictError, ValidationError
from carecoord.services import people
from carecoord.services.people import PersonInput


def test_create_validates_nhs_number_names_and_dates(ctx):
    with pytest.raises(ValidationError, match="check digit"):
        people.create_person(ctx, PersonInput("943 476 5918", "Ann", "Smith", "12/03/1940"))
    with pytest.raises(ValidationError, match="first name"):
        people.create_person(ctx, PersonInput("943 476 5919", " ", "Smith", "12/03/1940"))
    with pytest.raises(ValidationError, match="February 1940 has 29 days"):
        people.create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "30/02/1940"))
    with pytest.raises(ValidationError, match="future"):
        people.create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "01/01/2027"))


def test_duplicate_nhs_number_is_refused(ctx, person):
    with pytest.raises(ValidationError, match="already"):
        people.create_person(ctx, PersonInput("9434765919", "Other", "Person", "01/01/1950"))


def test_open_person_is_audited_and_shows_age(ctx, person, today):
    view = people.open_person(ctx, person.id)
    assert view.nhs_formatted == "943 476 5919"
    assert view.age(today) == 86
    assert view.display_name == "Ann (Annie) Smith"


def test_stale_update_is_refused_not_overwritten(ctx, person):
    data = PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940", phone="01234 567890")
    people.update_person(ctx, person.id, data, expected_version=person.version_id)
    with pytest.raises(ConflictError):
        people.update_person(ctx, person.id, data, expected_version=person.version_id)


def test_status_changes_keep_the_record(ctx, person, today):
    view = people.set_status(ctx, person.id, PersonStatus.DISCHARGED, "Moved out of area")
    assert view.status == PersonStatus.DISCHARGED and view.status_changed_on == today
    assert people.open_person(ctx, person.id).family_name == "Smith"


def test_conditions_and_alerts_are_retired_not_deleted(ctx, person):
    c = people.add_condition(ctx, person.id, "COPD", "13645005", "2015-06-01")
    a = people.add_alert(ctx, person.id, AlertKind.SAFEGUARDING, "Lives with a relative "
                         "who has been aggressive to staff")
    people.retire_condition(ctx, c.id, "Entered in error")
    people.end_alert(ctx, a.id, "Relative moved out")
    view = people.open_person(ctx, person.id)
    assert view.conditions[0].retired_on is not None
    assert view.alerts[0].retired_on is not None and view.active_alerts == ()
    with pytest.raises(ValidationError, match="SNOMED"):
        people.add_condition(ctx, person.id, "Asthma", "abc")
    with pytest.raises(ValidationError, match="future"):
        people.add_condition(ctx, person.id, "Asthma", onset=dt.date(2030, 1, 1))


def test_cohorts_are_checked(ctx, person):
    updated = people.update_person(ctx, person.id, PersonInput(
        "943 476 5919", "Ann", "Smith", "12/03/1940", cohorts=("Housebound", "Dementia")))
    assert updated.cohorts == ("Dementia", "Housebound")
    with pytest.raises(ValidationError):
        people.update_person(ctx, person.id, PersonInput(
            "943 476 5919", "Ann", "Smith", "12/03/1940", cohorts=("Frequent flyer",)))


def test_a_new_person_can_be_made_with_their_lead_in_one_step(ctx):
    from carecoord.services import caseload, team

    me = ctx.actor.professional_id
    made = people.create_person(ctx, PersonInput("401 023 2137", "Cara", "Ndlovu",
                                                 "05/06/1961"), lead_professional_id=me)
    assert team.current_lead(ctx, made.id).id == me
    [period] = team.lead_history(ctx, made.id)
    assert period.started_on == ctx.today() and period.ended_on is None
    [member] = team.team_for(ctx, made.id)
    assert member.is_lead and member.professional.id == me
    mine = caseload.load(ctx, caseload.CaseloadQuery(lead_professional_id=me), audit=False)
    assert [r.person_id for r in mine] == [made.id], "she is in my caseload straight away"


def test_a_lead_that_cannot_be_named_leaves_no_half_made_person(ctx):
    from carecoord.domain.errors import NotFoundError, RuleError
    from carecoord.services import team
    from carecoord.services.team import ProfessionalInput
    from carecoord.store.models import Professional

    data = PersonInput("401 023 2137", "Cara", "Ndlovu", "05/06/1961", cohorts=("CPA",))
    with pytest.raises(NotFoundError):
        people.create_person(ctx, data, lead_professional_id=9999)
    assert people.find_by_nhs(ctx, "4010232137") is None

    gone = team.add_professional(ctx, ProfessionalInput("Sam Patel", "District nurse",
                                                        "community_nursing"))
    with ctx.store.session_factory() as s, s.begin():
        s.get(Professional, gone.id).retired_on = ctx.today()
    with pytest.raises(RuleError, match="no longer in the directory"):
        people.create_person(ctx, data, lead_professional_id=gone.id)
    assert people.find_by_nhs(ctx, "4010232137") is None


def test_without_a_lead_the_person_is_made_as_before(ctx):
    from carecoord.services import team

    made = people.create_person(ctx, PersonInput("401 023 2137", "Cara", "Ndlovu",
                                                 "05/06/1961"))
    assert team.current_lead(ctx, made.id) is None and team.team_for(ctx, made.id) == []


def test_a_jargon_cohort_is_stored_as_its_code_and_shown_in_plain_words(ctx, person):
    from carecoord.domain.enums import COHORT_LABELS, COHORTS, cohort_label

    assert "CPA" in COHORTS, "stores, FHIR bundles and filters hold the code"
    assert cohort_label("CPA") == "Care programme approach (mental health)"
    assert cohort_label("Housebound") == "Housebound"
    assert set(COHORT_LABELS) <= set(COHORTS)
    updated = people.update_person(ctx, person.id, PersonInput(
        "943 476 5919", "Ann", "Smith", "12/03/1940", cohorts=("CPA",)))
    assert updated.cohorts == ("CPA",)
