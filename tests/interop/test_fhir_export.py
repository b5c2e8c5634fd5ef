"""The exported Bundle: valid R4, and coded the way partner systems expect."""

from __future__ import annotations

import copy
import json

import pytest

from carecoord.interop import fhir_maps as m
from carecoord.services import people, sharing
from tests.interop import fhir_rules


@pytest.fixture
def bundle(ctx, rich, tmp_path) -> dict:
    result = sharing.export_fhir(ctx, [rich.person_id], tmp_path / "ann.json")
    return json.loads(result.path.read_bytes())


def of_type(bundle: dict, rtype: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype]


def test_every_resource_is_valid_r4_and_keeps_the_extra_rules(bundle):
    fhir_rules.check(bundle)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert kinds == {"Patient", "RelatedPerson", "Condition", "CareTeam", "CarePlan", "Goal",
                     "Appointment", "Consent", "Practitioner", "Organization", "Provenance"}


@pytest.mark.parametrize("break_it, rule", [
    (lambda b: b["entry"].append(copy.deepcopy(b["entry"][0])), "unique"),
    (lambda b: of_type(b, "Goal")[0]["subject"].update(reference="urn:uuid:" + "0" * 32),
     "resolve"),
    (lambda b: of_type(b, "Patient")[0]["identifier"][0].update(value="9434765918"), "NHS"),
    (lambda b: of_type(b, "Provenance")[0]["target"].pop(), "Provenance"),
    (lambda b: of_type(b, "Appointment")[0].update(start="2026-07-15T09:30:00+00:00"),
     "London"),
])
def test_the_rule_checker_catches_what_the_models_miss(bundle, break_it, rule):
    """The checker used across these tests must be able to fail."""
    broken = copy.deepcopy(bundle)
    break_it(broken)
    with pytest.raises(AssertionError, match=rule):
        fhir_rules.check(broken)


def test_the_patient_carries_the_nhs_number_and_preferred_name(bundle):
    [p] = of_type(bundle, "Patient")
    assert p["identifier"] == [{"system": "https://fhir.nhs.uk/Id/nhs-number",
                                "value": "9434765919"}]
    usual = [n for n in p["name"] if n["use"] == "usual"]
    assert usual[0]["given"] == ["Annie"]
    assert p["birthDate"] == "1940-03-12"
    assert {"url": m.INTERPRETER_REQUIRED, "valueBoolean": True} in p["extension"]
    assert p["communication"][0]["language"]["text"] == "Welsh"
    assert p["generalPractitioner"] == [{"display": "Hillside Surgery"}]


def test_the_lead_is_known_by_its_role_with_the_handover_history(bundle):
    [team] = of_type(bundle, "CareTeam")
    leads = [p for p in team["participant"]
             if fhir_rules.codes(p["role"][0], m.CS_CARE_TEAM_ROLE) == [m.LEAD_ROLE]]
    assert [p["member"]["display"] for p in leads] == ["Priya Patel", "Jo Bloggs"]
    assert leads[0]["period"] == {"start": "2026-01-10", "end": "2026-06-01"}
    assert "end" not in leads[1]["period"]
    ended = [p for p in team["participant"] if p["member"]["display"] == "Kay Moss"]
    assert ended[0]["period"]["end"] == "2026-08-01"
    assert fhir_rules.codes(ended[0]["role"][0], m.CS_CARE_TEAM_ROLE) == ["as_required"]


def test_plan_versions_map_status_intent_period_author_and_agreement(bundle):
    plans = {p["title"][-1]: p for p in of_type(bundle, "CarePlan")}
    assert {n: p["status"] for n, p in plans.items()} == {"1": "revoked", "2": "active",
                                                          "3": "draft"}
    assert all(p["intent"] == "plan" for p in plans.values())
    v2 = plans["2"]
    assert v2["period"] == {"start": "2026-09-02", "end": "2027-03-01"}
    assert v2["author"]["display"] == "Jo Bloggs"
    assert v2["replaces"][0]["reference"] == f"urn:uuid:{plans['1']['id']}"
    assert any("Under review" in n["text"] for n in v2["note"])
    assert any("Agreed by Beth Smith (by a representative)" in n["text"] for n in v2["note"])
    assert v2["description"] == "Staying at home, and my garden"
    goals = {g["id"]: g for g in of_type(bundle, "Goal")}
    assert all(ref["reference"][9:] in goals for ref in v2["goal"])
    done = [a for a in v2["activity"] if a["detail"]["status"] == "completed"]
    assert done[0]["detail"]["description"] == "Refer to pulmonary rehab"
    assert done[0]["detail"]["scheduledPeriod"] == {"start": "2026-03-01", "end": "2026-03-31"}
    assert done[0]["detail"]["performer"][0]["display"] == "Priya Patel"


def test_goals_keep_the_persons_words_and_both_statuses(bundle):
    walk = next(g for g in of_type(bundle, "Goal")
                if g["description"]["text"] == "I want to walk to the shop again"
                and g["achievementStatus"]["coding"][0]["code"] == "improving")
    assert walk["lifecycleStatus"] == "active"
    assert walk["achievementStatus"]["coding"][0]["system"] == m.GOAL_ACHIEVEMENT
    assert walk["target"] == [{"dueDate": "2026-09-30"}]
    assert walk["category"][0]["coding"][0]["code"] == "physical_health"
    assert walk["expressedBy"] == walk["subject"]


def test_conditions_are_coded_in_snomed_ct(bundle):
    conditions = {c["code"]["text"]: c for c in of_type(bundle, "Condition")}
    diabetes = conditions["Type 2 diabetes"]
    assert diabetes["code"]["coding"] == [{"system": "http://snomed.info/sct",
                                           "code": "44054006"}]
    assert diabetes["onsetDateTime"] == "2015-03-01"
    knee = conditions["Osteoarthritis of knee"]
    assert "coding" not in knee["code"]
    assert knee["clinicalStatus"]["coding"][0]["code"] == "remission"


def test_appointments_map_status_and_london_time(bundle):
    appts = {a["description"]: a for a in of_type(bundle, "Appointment")}
    summer = appts["Annual review"]
    assert summer["status"] == "fulfilled"
    assert summer["start"] == "2026-07-15T09:30:00+01:00"
    assert summer["end"] == "2026-07-15T09:45:00+01:00"
    winter = appts["Review of breathing and inhalers"]
    assert (winter["status"], winter["start"]) == ("booked", "2026-11-25T14:00:00+00:00")
    called_off = appts["Diabetes check-in call"]
    assert called_off["status"] == "cancelled"
    assert called_off["cancelationReason"]["coding"][0]["code"] == "pat"
    assert called_off["cancelationReason"]["text"] == "Away"
    assert "cancelationReason" not in summer and "cancelationReason" not in winter
    assert {"url": m.EXT + "status-note", "valueString": "Came with Beth"} in \
        summer["extension"]
    kinds = [p["actor"]["reference"] for p in winter["participant"]]
    patient = of_type(bundle, "Patient")[0]["id"]
    assert f"urn:uuid:{patient}" in kinds and len(kinds) == 2


def test_a_missed_appointment_says_why_in_its_cancelation_reason(ctx, rich, tmp_path):
    import datetime as dt

    from carecoord.domain.enums import AppointmentMode, AppointmentStatus
    from carecoord.services import appointments

    missed = appointments.book(ctx, rich.person_id, appointments.AppointmentInput(
        AppointmentMode.HOME_VISIT, dt.datetime(2026, 11, 19, 9, 0), 30, "Dressing change",
        with_name="District nurse")).appointment
    appointments.set_status(ctx, missed.id, AppointmentStatus.DID_NOT_ATTEND,
                            "No answer at the door")
    path = sharing.export_fhir(ctx, [rich.person_id], tmp_path / "ann.json").path
    sent = json.loads(path.read_bytes())
    fhir_rules.check(sent)
    [res] = [a for a in of_type(sent, "Appointment") if a["description"] == "Dressing change"]
    assert res["status"] == "noshow"
    assert res["cancelationReason"] == {"text": "No answer at the door"}
    assert not any(e["url"] == m.EXT + "status-note" for e in res["extension"])


def test_consents_name_the_recipient_and_show_withdrawal(bundle):
    consents = {c["provision"]["actor"][0]["reference"]["display"]: c
                for c in of_type(bundle, "Consent")}
    surgery = consents["Hillside Surgery"]
    assert surgery["status"] == "active"
    org = surgery["provision"]["actor"][0]["reference"]["reference"]
    assert org in {f"urn:uuid:{o['id']}" for o in of_type(bundle, "Organization")}
    hospice = consents["St Mary's Hospice"]
    assert hospice["status"] == "inactive"
    assert hospice["provision"]["period"] == {"start": "2026-03-01", "end": "2026-10-01"}


def test_provenance_names_who_exported_and_targets_everything(bundle):
    [prov] = of_type(bundle, "Provenance")
    assert prov["agent"][0]["who"]["display"] == "Jo Bloggs"
    assert prov["agent"][0]["who"]["identifier"]["value"] == "jo"
    assert len(prov["target"]) == len(bundle["entry"]) - 1


def test_many_people_share_one_directory_and_all_validate(ctx, rich, tmp_path):
    from carecoord.services import team

    bob = people.create_person(ctx, people.PersonInput("401 023 2137", "Bob", "Jones",
                                                       "01/01/1950"))
    team.handover_lead(ctx, bob.id, rich.nurse_id)
    result = sharing.export_fhir(ctx, [rich.person_id, bob.id], tmp_path)
    assert result.path.parent == tmp_path and result.people_count == 2
    assert result.warning and "NOT encrypted" in result.warning
    bundle = json.loads(result.path.read_bytes())
    fhir_rules.check(bundle)
    nurses = [p for p in of_type(bundle, "Practitioner") if p["name"][0]["text"] == "Priya Patel"]
    assert len(nurses) == 1
    assert len(of_type(bundle, "Patient")) == 2


def test_a_person_with_nothing_but_details_exports_validly(ctx, person, tmp_path):
    result = sharing.export_fhir(ctx, [person.id], tmp_path / "bare.json")
    bundle = json.loads(result.path.read_bytes())
    fhir_rules.check(bundle)
    assert result.warning is None
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == [
        "Patient", "CareTeam", "Provenance"]
