"""Export, import into an empty store, export again: the same content comes out."""

from __future__ import annotations

import itertools
import json
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from carecoord.interop import fhir_export, fhir_import, snapshot
from carecoord.services import sharing
from carecoord.services.base import Ctx, reading
from carecoord.store.models import Person
from carecoord.store.store import open_store
from tests.interop import fhir_rules, strategies

EXPORTER = fhir_export.Exporter("jo", "Jo Bloggs")


def ids_by_nhs(ctx, nhs_numbers: list[str]) -> list[int]:
    with reading(ctx) as w:
        found = dict(w.session.execute(select(Person.nhs_number, Person.id)
                                       .where(Person.nhs_number.in_(nhs_numbers))).all())
    return [found[n] for n in nhs_numbers]


def test_a_full_record_survives_the_round_trip(ctx, rich, other_ctx, tmp_path):
    first = sharing.export_fhir(ctx, [rich.person_id], tmp_path / "first.json")
    sent = json.loads(first.path.read_bytes())
    fhir_rules.check(sent)

    result = sharing.import_fhir(other_ctx, first.path)
    assert (result.people_added, result.people_matched) == (1, 0)

    [pid] = ids_by_nhs(other_ctx, ["9434765919"])
    again = sharing.export_fhir(other_ctx, [pid], tmp_path / "again.json")
    back = json.loads(again.path.read_bytes())
    fhir_rules.check(back)
    assert fhir_rules.normalised(back) == fhir_rules.normalised(sent)


def test_the_import_keeps_what_the_screens_show(ctx, rich, other_ctx, tmp_path):
    from carecoord.services import appointments, goals, plans, team

    path = sharing.export_fhir(ctx, [rich.person_id], tmp_path / "f.json").path
    sharing.import_fhir(other_ctx, path)
    [pid] = ids_by_nhs(other_ctx, ["9434765919"])
    current = plans.current_plan(other_ctx, pid)
    assert current.number == 2 and current.status.value == "under_review"
    assert current.content.what_matters == "Staying at home, and my garden"
    assert current.agreement_method.value == "representative"
    walk = current.goals[0]
    assert walk.person_words == "I want to walk to the shop again"
    assert [r.score for r in walk.ratings] == [3, 6, 8]
    assert walk.actions[1].status.value == "done"
    assert plans.working_plan(other_ctx, pid).number == 3
    lead = team.current_lead(other_ctx, pid)
    assert lead.name == "Jo Bloggs"
    assert [p.handover_note for p in team.lead_history(other_ctx, pid)] == [
        None, "Priya moving to the south team"]
    moved = [a for a in appointments.for_person(other_ctx, pid).upcoming
             if a.sequence == 1]
    assert moved and moved[0].starts_at.hour == 14
    assert goals  # the goals service reads the imported rows without complaint


@contextmanager
def empty_store(template: tuple, where: Path):
    """A copy of the empty template store, logged in as its first user."""
    from carecoord.security.users import login

    source, key = template
    shutil.copytree(source, where)
    store = open_store(where, key)
    try:
        yield Ctx(store, login(store, "sam", "another long password"),
                  today=lambda: strategies.TODAY)
    finally:
        store.close()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spec=strategies.stores())
def test_generated_stores_survive_the_round_trip(spec, empty_store_template, tmp_path):
    n = next(_counter)
    nhs = [p["details"]["nhs_number"] for p in spec["people"]]
    with empty_store(empty_store_template, tmp_path / f"source-{n}") as source:
        with source.store.session_factory.begin() as s:
            person_ids = strategies.insert(s, spec)
        with reading(source) as w:
            sent = fhir_export.build_bundle(snapshot.load(w.session, person_ids), EXPORTER)
    fhir_rules.check(sent)

    with empty_store(empty_store_template, tmp_path / f"target-{n}") as target:
        path = tmp_path / f"bundle-{n}.json"
        path.write_bytes(fhir_export.to_bytes(sent))
        sharing.import_fhir(target, path)
        with reading(target) as w:
            back = fhir_export.build_bundle(
                snapshot.load(w.session, ids_by_nhs(target, nhs)), EXPORTER)
    # Equal to a Bundle that passed every check, so it passes them too.
    assert fhir_rules.normalised(back) == fhir_rules.normalised(sent)


_counter = itertools.count()


@settings(max_examples=25, deadline=None)
@given(spec=strategies.stores())
def test_parsing_an_export_gives_back_the_snapshot(spec):
    """The pure half of the round trip, without a store: Snapshot -> Bundle -> Snapshot."""
    snap = _as_snapshot(spec)
    bundle = fhir_export.build_bundle(snap, EXPORTER)
    again = fhir_import.parse(fhir_export.to_bytes(bundle), strategies.TODAY)
    rebuilt = fhir_export.build_bundle(again, EXPORTER)
    assert fhir_rules.normalised(rebuilt) == fhir_rules.normalised(bundle)
    # Equal Bundles would also come from a field both directions forgot; check the values.
    assert _reasons(again) == _reasons(snap)


def _reasons(snap: snapshot.Snapshot) -> dict[str, tuple]:
    return {a["uid"]: (a["status"], a["status_reason"])
            for rec in snap.people for a in rec.appointments}


def _as_snapshot(spec: dict) -> snapshot.Snapshot:
    """The generated spec in the exporter's shape, as the loader would have read it."""
    snap = snapshot.Snapshot()
    d = spec["directory"]
    for o in d["orgs"]:
        snap.organisations[o["uid"]] = dict(o)
    used: set[str] = set()

    def pro(r: dict) -> str | None:
        if r.get("pro"):
            used.add(r["pro"]["uid"])
            return r["pro"]["uid"]
        return None

    def strip(r: dict, *drop: str) -> dict:
        return {k: v for k, v in r.items() if k not in ("pro", "org", *drop)}

    for p in spec["people"]:
        rec = snapshot.PersonRecord(details=dict(p["details"]), cohorts=sorted(p["cohorts"]))
        rec.conditions = [{"uid": str(uuid.uuid4()), **c} for c in p["conditions"]]
        rec.carers = [{"uid": str(uuid.uuid4()), **c} for c in p["carers"]]
        rec.consents = sorted(
            ({"uid": str(uuid.uuid4()), **strip(c),
              "organisation_uid": c["org"]["uid"] if c["org"] else None}
             for c in p["consents"]), key=lambda c: c["given_on"])
        rec.appointments = sorted(
            ({"uid": str(uuid.uuid4()), **strip(a), "professional_uid": pro(a)}
             for a in p["appointments"]), key=lambda a: (a["starts_at"], a["uid"]))
        rec.members = [{"uid": str(uuid.uuid4()), **strip(x), "professional_uid": pro(x)}
                       for x in p["members"]]
        rec.leads = [{"uid": str(uuid.uuid4()), **strip(x), "professional_uid": pro(x)}
                     for x in p["leads"]]
        previous = None
        for plan in p["plans"]:
            uid = str(uuid.uuid4())
            rec.plans.append({
                "uid": uid, **strip(plan, "goals"), "previous_uid": previous,
                "lead_professional_uid": pro(plan),
                "goals": [{"uid": str(uuid.uuid4()), **strip(g, "actions"),
                           "actions": [{"uid": str(uuid.uuid4()), **strip(a),
                                        "owner_professional_uid": pro(a)}
                                       for a in g["actions"]]}
                          for g in plan["goals"]]})
            previous = uid
        rec.ratings = [dict(r) for r in p["ratings"]]
        snap.people.append(rec)
    for x in d["pros"]:
        if x["uid"] in used:
            snap.professionals[x["uid"]] = {**strip(x), "organisation_uid":
                                            x["org"]["uid"] if x["org"] else None}
    for uid in list(snap.organisations):
        if not any(p["organisation_uid"] == uid for p in snap.professionals.values()) and \
                not any(c["organisation_uid"] == uid for r in snap.people for c in r.consents):
            del snap.organisations[uid]
    return snap
