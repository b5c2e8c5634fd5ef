"""Exports to a recipient need a consent in force; the person's own copy needs none."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from carecoord.domain.enums import ConsentMethod, RecipientKind
from carecoord.domain.errors import PermissionDenied
from carecoord.services import consent, people, sharing
from carecoord.store.models import ExportRecord


def export_count(ctx) -> int:
    with ctx.store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(ExportRecord))


def test_an_export_to_a_consented_recipient_is_logged_with_them(ctx, rich, tmp_path):
    result = sharing.export_fhir(ctx, [rich.person_id], tmp_path / "gp.json",
                                 recipient="  hillside   SURGERY ")
    assert result.recipient == "hillside SURGERY"
    assert sharing.export_log(ctx, rich.person_id)[0].recipient == "hillside SURGERY"


@pytest.mark.parametrize("export", [
    lambda ctx, pid, out, who: sharing.export_fhir(ctx, [pid], out, recipient=who),
    lambda ctx, pid, out, who: sharing.export_ics_person(ctx, pid, out, recipient=who),
], ids=["fhir", "ics"])
def test_no_consent_means_no_file_and_no_log(ctx, rich, tmp_path, export):
    before = export_count(ctx)
    out = tmp_path / "refused.out"
    with pytest.raises(PermissionDenied, match="has not agreed to share .* with Acme Care"):
        export(ctx, rich.person_id, out, "Acme Care")
    with pytest.raises(PermissionDenied, match="withdrew consent .* on 1 October 2026"):
        export(ctx, rich.person_id, out, "St Mary's Hospice")
    assert not out.exists()
    assert export_count(ctx) == before


def test_withdrawing_consent_stops_the_next_export(ctx, rich, tmp_path):
    given = consent.record_consent(ctx, rich.person_id, consent.ConsentInput(
        "Riverside Hospital", RecipientKind.ORGANISATION, "Care plan", "2026-11-01",
        ConsentMethod.VERBAL))
    sharing.export_fhir(ctx, [rich.person_id], tmp_path / "1.json", "Riverside Hospital")
    consent.withdraw_consent(ctx, given.id, dt.date(2026, 11, 22), "Asked us to stop")
    with pytest.raises(PermissionDenied, match="withdrew consent"):
        sharing.export_fhir(ctx, [rich.person_id], tmp_path / "2.json", "Riverside Hospital")
    assert not (tmp_path / "2.json").exists()


def test_one_person_without_consent_stops_a_many_person_export(ctx, rich, tmp_path):
    bob = people.create_person(ctx, people.PersonInput("401 023 2137", "Bob", "Jones",
                                                       "01/01/1950"))
    before = export_count(ctx)
    with pytest.raises(PermissionDenied, match="Bob Jones has not agreed"):
        sharing.export_fhir(ctx, [rich.person_id, bob.id], tmp_path / "both.json",
                            "Hillside Surgery")
    assert not (tmp_path / "both.json").exists() and export_count(ctx) == before


def test_the_persons_own_copy_needs_no_consent(ctx, person, tmp_path):
    assert consent.consents_for(ctx, person.id) == []
    assert sharing.export_fhir(ctx, [person.id], tmp_path / "own.json").recipient is None
    assert sharing.export_ics_person(ctx, person.id, tmp_path / "own.ics").size > 0
    assert sharing.export_record(ctx, person.id, tmp_path / "own.zip").size > 0
