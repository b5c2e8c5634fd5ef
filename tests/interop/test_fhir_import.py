"""Importing: bad files are refused whole, and differences wait for the user's decision."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from carecoord.domain.enums import AppointmentMode, AppointmentStatus, Sector
from carecoord.domain.errors import CareCoordError, RuleError, ValidationError
from carecoord.services import appointments, people, plans, sharing, team
from carecoord.services.plans import Agreement
from tests.interop import builders
from tests.interop.test_fhir_roundtrip import ids_by_nhs

ANN = "9434765919"


@pytest.fixture
def ann_bundle(ctx, rich, tmp_path) -> dict:
    path = sharing.export_fhir(ctx, [rich.person_id], tmp_path / "ann.json").path
    return json.loads(path.read_bytes())


def write(tmp_path, data, name="in.json"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    return path


def resource(bundle: dict, rtype: str) -> dict:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype)


def _broken_reference(b):
    resource(b, "Goal")["subject"]["reference"] = "urn:uuid:00000000-0000-4000-8000-000000000000"


def _wrong_type(b):
    b["entry"].append({"fullUrl": "urn:uuid:11111111-1111-4111-8111-111111111111",
                       "resource": {"resourceType": "MedicationRequest",
                                    "id": "11111111-1111-4111-8111-111111111111"}})


def _bad_nhs(b):
    resource(b, "Patient")["identifier"][0]["value"] = "9434765918"


def _impossible_date(b):
    resource(b, "Patient")["birthDate"] = "1940-02-30"


def _impossible_appointment(b):
    resource(b, "Appointment")["start"] = "2026-13-01T10:00:00+00:00"


def _duplicate(b):
    b["entry"].append(copy.deepcopy(b["entry"][1]))


def _transaction(b):
    b["type"] = "transaction"


def _unknown_code(b):
    resource(b, "Goal")["lifecycleStatus"] = "accepted"


BAD_BUNDLES = [
    (_broken_reference, "refers to urn:uuid:00000000-0000-4000-8000-000000000000, which is "
                        "not in the file"),
    (_wrong_type, "MedicationRequest, which CareCoord does not import"),
    (_bad_nhs, "NHS number 943 476 5918, which is not valid"),
    (_impossible_date, "impossible date, 1940-02-30, as its birthDate"),
    (_impossible_appointment, "impossible date and time"),
    (_duplicate, "same fullUrl"),
    (_transaction, "type is 'transaction'"),
    (_unknown_code, "'accepted' as its lifecycle status"),
]


@pytest.mark.parametrize("spoil, message", BAD_BUNDLES,
                         ids=[f.__name__.strip("_") for f, _m in BAD_BUNDLES])
def test_a_bad_bundle_is_refused_and_nothing_is_written(other_ctx, ann_bundle, tmp_path,
                                                        spoil, message):
    spoil(ann_bundle)
    path = write(tmp_path, ann_bundle)
    before = builders.table_counts(other_ctx.store)
    with pytest.raises(ValidationError) as err:
        sharing.import_fhir(other_ctx, path)
    assert message in str(err.value)
    assert str(err.value).startswith("in.json cannot be imported.")
    assert "\n" not in str(err.value)
    assert builders.table_counts(other_ctx.store) == before


@pytest.mark.parametrize("data, message", [
    (b'{"resourceType": "Bundle", "type": ', "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not UTF-8 text"),
    (json.dumps({"resourceType": "Patient", "id": "x"}).encode(), "a FHIR Patient, not a Bundle"),
    (b"[1, 2, 3]", "not a FHIR resource"),
    (json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}).encode(),
     "no entries"),
])
def test_files_that_are_not_bundles_are_refused(other_ctx, tmp_path, data, message):
    before = builders.table_counts(other_ctx.store)
    with pytest.raises(ValidationError, match=message):
        sharing.preview_import(other_ctx, write(tmp_path, data))
    with pytest.raises(ValidationError, match=message):
        sharing.import_fhir(other_ctx, write(tmp_path, data))
    assert builders.table_counts(other_ctx.store) == before


def test_a_missing_file_gets_a_plain_message(other_ctx, tmp_path):
    with pytest.raises(ValidationError, match="There is no file called gone.json"):
        sharing.import_fhir(other_ctx, tmp_path / "gone.json")


def test_records_that_belong_to_someone_else_here_are_refused(ctx, ann_bundle, tmp_path):
    """Ann's records under a different NHS number would steal her rows' identities."""
    resource(ann_bundle, "Patient")["identifier"][0]["value"] = "4010232137"
    before = builders.table_counts(ctx.store)
    with pytest.raises(ValidationError, match="already in this store under a different person"):
        sharing.import_fhir(ctx, write(tmp_path, ann_bundle))
    assert builders.table_counts(ctx.store) == before


def test_importing_the_same_file_again_changes_nothing(ctx, rich, tmp_path):
    path = sharing.export_fhir(ctx, [rich.person_id], tmp_path / "ann.json").path
    preview = sharing.preview_import(ctx, path)
    assert preview.people_matched == ("Ann Smith (943 476 5919)",)
    assert preview.nothing_to_change
    before = builders.table_counts(ctx.store)
    result = sharing.import_fhir(ctx, path)
    assert (result.people_added, result.records_added, result.took_theirs) == (0, 0, 0)
    after = builders.table_counts(ctx.store)
    assert after.pop("audit_event") == before.pop("audit_event") + 2  # person + file
    assert after == before


@pytest.fixture
def changed_elsewhere(ctx, rich, other_ctx, tmp_path):
    """Ann's record taken to another laptop, changed there, and exported back."""
    first = sharing.export_fhir(ctx, [rich.person_id], tmp_path / "out.json").path
    sharing.import_fhir(other_ctx, first)
    [pid] = ids_by_nhs(other_ctx, [ANN])
    mine = people.open_person(other_ctx, pid)
    people.update_person(other_ctx, pid, people.PersonInput(
        "9434765919", "Ann", "Smith", mine.date_of_birth, preferred_name="Annie",
        address=mine.address, postcode=mine.postcode, phone="0161 496 0999",
        email=mine.email, gp_practice=mine.gp_practice, team=mine.team, frailty="severe",
        priority="high", preferred_language="Welsh", interpreter_needed=True,
        large_print=True, hearing_needs=mine.hearing_needs,
        decision_support=mine.decision_support, about_interests=mine.about_interests,
        about_routines=mine.about_routines, about_daily_life=mine.about_daily_life,
        cohorts=mine.cohorts))
    other_nurse = [p for p in team.directory(other_ctx) if p.name == "Priya Patel"][0]
    home = [a for a in appointments.for_person(other_ctx, pid).upcoming
            if a.mode == AppointmentMode.HOME_VISIT][0]
    appointments.set_status(other_ctx, home.id, AppointmentStatus.CANCELLED_BY_SERVICE,
                            "Nurse off sick")
    appointments.book(other_ctx, pid, appointments.AppointmentInput(
        AppointmentMode.CLINIC, dt.datetime(2026, 12, 10, 11, 0), 30, "Check-up",
        professional_id=other_nurse.id))
    draft = plans.working_plan(other_ctx, pid)
    plans.agree(other_ctx, draft.id, Agreement("Ann Smith", "verbal", "2026-11-20",
                                               other_nurse.id, "2026-11-21"))
    return sharing.export_fhir(other_ctx, [pid], tmp_path / "back.json").path


def test_differences_are_listed_field_by_field(ctx, changed_elsewhere):
    preview = sharing.preview_import(ctx, changed_elsewhere)
    by_what = {c.what: c for c in preview.conflicts}
    phone = by_what["Details: Phone"]
    assert (phone.mine, phone.theirs) == ("0161 496 0100", "0161 496 0999")
    assert phone.person == "Ann Smith (943 476 5919)"
    assert (by_what["Details: Frailty"].mine, by_what["Details: Frailty"].theirs) == (
        "Moderate", "Severe")
    status = next(c for c in preview.conflicts if c.what.endswith(": Status")
                  and c.what.startswith("Appointment"))
    assert (status.mine, status.theirs) == ("Booked", "Cancelled by the service")
    reason = next(c for c in preview.conflicts if c.what.endswith(": Status reason")
                  and c.what.startswith("Appointment"))
    assert (reason.mine, reason.theirs, reason.key) == (
        "(blank)", "Nurse off sick", status.key.replace(":status", ":status_reason"))
    plan_lines = [c for c in preview.conflicts if c.key == f"plans:{ANN}"]
    assert any(c.what == "Care plan version 3: Status" and (c.mine, c.theirs) == (
        "Draft", "Agreed") for c in plan_lines)
    assert all(c.can_take_theirs for c in plan_lines)
    assert any("new appointment" in a for a in preview.additions)
    assert f"person:{ANN}:phone" in preview.decisions_needed


def test_undecided_differences_refuse_the_import(ctx, rich, changed_elsewhere):
    before = builders.table_counts(ctx.store)
    with pytest.raises(RuleError, match="preview the import and choose"):
        sharing.import_fhir(ctx, changed_elsewhere)
    with pytest.raises(ValidationError, match="not a choice"):
        sharing.import_fhir(ctx, changed_elsewhere, {"*": "overwrite"})
    assert builders.table_counts(ctx.store) == before


def test_keeping_mine_changes_none_of_my_values_but_adds_new_records(ctx, rich,
                                                                   changed_elsewhere):
    result = sharing.import_fhir(ctx, changed_elsewhere, {"*": sharing.KEEP_MINE})
    assert result.took_theirs == 0 and result.kept_mine > 0
    ann = people.open_person(ctx, rich.person_id)
    assert ann.phone == "0161 496 0100" and ann.frailty.value == "moderate"
    upcoming = appointments.for_person(ctx, rich.person_id).upcoming
    assert any(a.purpose == "Check-up" for a in upcoming)
    assert appointments.get_appointment(ctx, rich.home_visit_id).status == \
        AppointmentStatus.BOOKED
    assert plans.working_plan(ctx, rich.person_id).status.value == "draft"


def test_taking_theirs_writes_exactly_the_chosen_differences(ctx, rich, changed_elsewhere):
    preview = sharing.preview_import(ctx, changed_elsewhere)
    decisions = {k: sharing.KEEP_MINE for k in preview.decisions_needed}
    decisions[f"person:{ANN}:phone"] = sharing.TAKE_THEIRS
    decisions[f"plans:{ANN}"] = sharing.TAKE_THEIRS
    home = next(c.key.rsplit(":", 1)[0] for c in preview.conflicts
                if c.what.endswith(": Status reason"))
    decisions[f"{home}:status"] = decisions[f"{home}:status_reason"] = sharing.TAKE_THEIRS
    result = sharing.import_fhir(ctx, changed_elsewhere, decisions)
    assert result.took_theirs == 4
    gone = appointments.get_appointment(ctx, rich.home_visit_id)
    assert (gone.status, gone.status_reason) == (AppointmentStatus.CANCELLED_BY_SERVICE,
                                                 "Nurse off sick")
    ann = people.open_person(ctx, rich.person_id)
    assert ann.phone == "0161 496 0999" and ann.frailty.value == "moderate"
    current = plans.current_plan(ctx, rich.person_id)
    assert (current.number, current.status.value) == (3, "agreed")
    statuses = [v.status.value for v in plans.versions(ctx, rich.person_id)]
    assert statuses == ["superseded", "superseded", "agreed"]
    # The nurse from the other laptop is the same directory entry, matched by uid.
    assert current.lead_professional_id == rich.nurse_id


def test_plans_written_separately_cannot_replace_mine(ctx, person, other_ctx, tmp_path):
    for c in (ctx, other_ctx):
        found = people.find_by_nhs(c, ANN) or people.create_person(
            c, people.PersonInput(ANN, "Ann", "Smith", "12/03/1940", preferred_name="Annie"))
        draft = plans.start_draft(c, found.id)
        plans.save_content(c, draft.id,
                           plans.PlanContent(what_matters=f"Written by {c.actor.username}"))
    [pid] = ids_by_nhs(other_ctx, [ANN])
    path = sharing.export_fhir(other_ctx, [pid], tmp_path / "theirs.json").path
    preview = sharing.preview_import(ctx, path)
    plan_lines = [c for c in preview.conflicts if c.key == f"plans:{ANN}"]
    assert plan_lines and not any(c.can_take_theirs for c in plan_lines)
    assert "changed separately" in plan_lines[0].note
    with pytest.raises(RuleError, match="changed separately"):
        sharing.import_fhir(ctx, path, {"*": sharing.KEEP_MINE,
                                        f"plans:{ANN}": sharing.TAKE_THEIRS})
    sharing.import_fhir(ctx, path, {"*": sharing.TAKE_THEIRS})  # falls back to keeping mine
    assert plans.working_plan(ctx, person.id).content.what_matters == "Written by jo"


def test_directory_entries_are_matched_by_name_and_role(ctx, rich, other_ctx, tmp_path):
    mine = team.add_professional(other_ctx, team.ProfessionalInput(
        "Priya Patel", "District nurse", Sector.COMMUNITY_NURSING,
        "Riverside Community Nursing", "0161 496 0001", "priya.patel@example.nhs.uk", "111"))
    path = sharing.export_fhir(ctx, [rich.person_id], tmp_path / "ann.json").path
    preview = sharing.preview_import(other_ctx, path)
    assert "Priya Patel (District nurse)" not in preview.professionals_new
    assert "Dr Tom Reid (GP)" in preview.professionals_new
    sharing.import_fhir(other_ctx, path)
    [pid] = ids_by_nhs(other_ctx, [ANN])
    assert [p.professional.id for p in team.lead_history(other_ctx, pid)][0] == mine.id
    assert len([p for p in team.directory(other_ctx) if p.name == "Priya Patel"]) == 1


def test_a_read_only_user_cannot_import(other_ctx, ann_bundle, tmp_path):
    from dataclasses import replace

    from carecoord.domain.enums import Role

    viewer = replace(other_ctx, actor=replace(other_ctx.actor, role=Role.HUDDLE_VIEWER))
    with pytest.raises(CareCoordError, match="can view records but not change them"):
        sharing.import_fhir(viewer, write(tmp_path, ann_bundle))


def test_an_import_is_audited_on_the_record_and_the_chain_holds(ctx, rich, changed_elsewhere):
    from sqlalchemy import select

    from carecoord.security.audit import verify_chain
    from carecoord.store.models import AuditEvent

    sharing.import_fhir(ctx, changed_elsewhere, {"*": sharing.TAKE_THEIRS})
    with ctx.store.session_factory() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "import")).all()
        assert {(e.entity, e.person_id) for e in events} == {("person", rich.person_id),
                                                             ("file", None)}
        summary = json.loads(next(e.detail for e in events if e.entity == "file"))
        assert f"person:{ANN}:phone" in summary["took_theirs"]
        assert verify_chain(s) is None
