"""The demo caseload: every person exports to valid FHIR, and comes back unchanged."""

from __future__ import annotations

import json

from sqlalchemy import select

from carecoord.demo import build_demo_store
from carecoord.security.users import login
from carecoord.services import sharing
from carecoord.services.base import Ctx, reading
from carecoord.store.models import Person
from tests.interop import fhir_rules
from tests.interop.conftest import TODAY
from tests.interop.test_fhir_roundtrip import ids_by_nhs


def test_every_demo_person_exports_validly_and_round_trips(tmp_path, other_ctx):
    store = build_demo_store(tmp_path / "demo", 40, seed=11, today=TODAY)
    try:
        ctx = Ctx(store, login(store, "demo", "demo"), today=lambda: TODAY)
        with reading(ctx) as w:
            ids = list(w.session.scalars(select(Person.id).order_by(Person.id)))
        result = sharing.export_fhir(ctx, ids, tmp_path / "demo.json")
    finally:
        store.close()
    sent = json.loads(result.path.read_bytes())
    fhir_rules.check(sent)
    patients = [e["resource"] for e in sent["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert len(patients) == 40

    sharing.import_fhir(other_ctx, result.path)
    nhs = [p["identifier"][0]["value"] for p in patients]
    again = sharing.export_fhir(other_ctx, ids_by_nhs(other_ctx, nhs), tmp_path / "again.json")
    assert fhir_rules.normalised(json.loads(again.path.read_bytes())) == \
        fhir_rules.normalised(sent)
