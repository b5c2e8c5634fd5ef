"""The export log (what, for whom, by whom, when, SHA-256) and the subject access zip."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import replace

import pytest
from sqlalchemy import select

from carecoord.domain.enums import AlertKind, ExportKind, Role
from carecoord.domain.errors import PermissionDenied, StoreError
from carecoord.security.audit import verify_chain
from carecoord.services import people, sharing, tasks
from carecoord.store.models import AuditEvent
from tests.interop import fhir_rules


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_each_export_is_logged_with_the_hash_of_the_file_written(ctx, rich, tmp_path):
    fhir = sharing.export_fhir(ctx, [rich.person_id], tmp_path / "a.json", "Hillside Surgery")
    cal = sharing.export_ics_person(ctx, rich.person_id, tmp_path / "a.ics")
    log = sharing.export_log(ctx, rich.person_id)
    assert [x.kind for x in log[:2]] == [ExportKind.ICS, ExportKind.FHIR]
    by_file = {x.file_name: x for x in log}
    assert by_file["a.json"].sha256 == sha(tmp_path / "a.json") == fhir.sha256
    assert by_file["a.ics"].sha256 == sha(tmp_path / "a.ics") == cal.sha256
    line = by_file["a.json"]
    assert (line.username, line.recipient, line.people_count) == ("jo", "Hillside Surgery", 1)
    assert line.person_name == "Ann Smith" and line.nhs_number == "943 476 5919"
    assert line.id == fhir.export_id


def test_exports_leave_audit_events_on_each_persons_record(ctx, rich, tmp_path):
    bob = people.create_person(ctx, people.PersonInput("401 023 2137", "Bob", "Jones",
                                                       "01/01/1950"))
    many = sharing.export_fhir(ctx, [rich.person_id, bob.id], tmp_path / "two.json")
    assert many.people_count == 2 and many.warning
    for pid in (rich.person_id, bob.id):
        assert [x.id for x in sharing.export_log(ctx, pid)][0] == many.export_id
    everyone = sharing.export_log(ctx)
    assert everyone[0].id == many.export_id and everyone[0].person_id is None
    assert everyone[0].people_count == 2
    with ctx.store.session_factory() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
        assert {e.person_id for e in events} == {rich.person_id, bob.id}
        assert all(json.loads(e.detail)["sha256"] == many.sha256 for e in events)
        assert verify_chain(s) is None


def test_the_store_wide_log_is_not_for_the_huddle_screen(ctx, rich):
    viewer = replace(ctx, actor=replace(ctx.actor, role=Role.HUDDLE_VIEWER))
    with pytest.raises(PermissionDenied):
        sharing.export_log(viewer)
    assert sharing.export_log(viewer, rich.person_id) == []


def test_the_warning_is_available_before_writing():
    assert sharing.unencrypted_warning(1) is None
    assert "1000 people" in sharing.unencrypted_warning(1000)


def test_a_failed_write_leaves_no_log_entry(ctx, rich, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="could not be written"):
        sharing.export_fhir(ctx, [rich.person_id], blocker / "a.json")
    assert sharing.export_log(ctx, rich.person_id) == []


def test_the_subject_access_zip_holds_the_whole_record(ctx, rich, tmp_path):
    people.add_alert(ctx, rich.person_id, AlertKind.SAFEGUARDING, "Lives alone; key safe 1234")
    chore = tasks.create_task(ctx, rich.nurse_id, "Ring the pharmacy", person_id=rich.person_id)
    tasks.complete_task(ctx, chore.id, note="Blister pack from Friday")
    earlier = sharing.export_fhir(ctx, [rich.person_id], tmp_path / "gp.json", "Hillside Surgery")
    result = sharing.export_record(ctx, rich.person_id, tmp_path)
    assert result.path.name.startswith("subject-access-9434765919-")
    assert result.kind == ExportKind.RECORD and result.recipient is None
    assert result.sha256 == sha(result.path)
    with zipfile.ZipFile(result.path) as z:
        assert sorted(z.namelist()) == ["README.txt", "care-plan.pdf", "exports.csv",
                                        "other-records.json", "record-history.csv",
                                        "record.fhir.json"]
        readme = z.read("README.txt").decode()
        pdf = z.read("care-plan.pdf")
        bundle = json.loads(z.read("record.fhir.json"))
        other = json.loads(z.read("other-records.json"))
        history = list(csv.reader(io.StringIO(z.read("record-history.csv").decode("utf-8-sig"))))
        exports = list(csv.reader(io.StringIO(z.read("exports.csv").decode("utf-8-sig"))))
    assert "Ann Smith" in readme and "943 476 5919" in readme and "care-plan.pdf" in readme
    assert pdf.startswith(b"%PDF")
    fhir_rules.check(bundle)
    assert other["alerts"][0]["text"] == "Lives alone; key safe 1234"
    assert [t["closed_note"] for t in other["tasks"]] == ["Blister pack from Friday"]
    [called_off] = [a for e in bundle["entry"] if (a := e["resource"])["resourceType"] ==
                    "Appointment" and a["status"] == "cancelled"]
    assert called_off["cancelationReason"]["text"] == "Away"
    actions = {row[2] for row in history[1:]}
    assert {"create", "update", "agree", "reschedule", "export"} <= actions
    assert any(row[0] == "jo" or row[1] == "jo" for row in history[1:])
    assert exports[1][5] == "gp.json" and exports[1][6] == earlier.sha256
    assert sharing.export_log(ctx, rich.person_id)[0].id == result.export_id


def test_a_record_with_no_plan_says_so_in_the_readme(ctx, person, tmp_path):
    result = sharing.export_record(ctx, person.id, tmp_path / "sar.zip")
    with zipfile.ZipFile(result.path) as z:
        assert "care-plan.pdf" not in z.namelist()
        assert "a care plan has not been written yet" in z.read("README.txt").decode()


def test_history_cells_cannot_run_as_formulas(ctx, person, tmp_path):
    people.add_condition(ctx, person.id, "=HYPERLINK(\"http://x\")")
    result = sharing.export_record(ctx, person.id, tmp_path / "sar.zip")
    with zipfile.ZipFile(result.path) as z:
        text = z.read("record-history.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
