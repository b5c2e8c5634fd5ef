from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from carecoord.domain.errors import ConflictError, NotFoundError, RuleError, ValidationError
from carecoord.services import carers
from carecoord.services.carers import CarerInput
from carecoord.store.models import Carer
from tests.services.conftest import audit_since, last_audit_id

TODAY = dt.date(2026, 11, 22)


def daughter(**changes) -> CarerInput:
    base = CarerInput("Sue Smith", "Daughter", phone="07700 900123", email="sue@example.org",
                      consent_to_involve=True, own_needs="Works full time; needs evening calls")
    return dataclasses.replace(base, **changes)


def test_add_a_carer(ctx, person, store):
    before = last_audit_id(store)
    c = carers.add_carer(ctx, person.id, daughter())
    assert (c.name, c.relationship, c.phone) == ("Sue Smith", "Daughter", "07700 900123")
    assert c.consent_to_involve and c.consent_recorded_on == TODAY  # recorded today by default
    assert c.own_needs.startswith("Works full time") and c.is_current and not c.nominated
    [ev] = audit_since(store, before)
    assert (ev.username, ev.action, ev.entity, ev.person_id) == ("jo", "create", "carer",
                                                                 person.id)


@pytest.mark.parametrize(("changes", "error", "message"), [
    ({"name": " "}, ValidationError, "carer's name"),
    ({"relationship": ""}, ValidationError, "related"),
    ({"email": "sue at home"}, ValidationError, "not an email"),
    ({"consent_recorded_on": "30/02/2026"}, ValidationError, "February"),
    ({"consent_recorded_on": dt.date(2026, 11, 23)}, ValidationError, "future"),
    ({"consent_to_involve": False, "nominated": True}, RuleError, "not agreed to involve"),
])
def test_bad_carers_are_refused(ctx, person, changes, error, message):
    with pytest.raises(error, match=message):
        carers.add_carer(ctx, person.id, daughter(**changes))
    assert carers.carers_for(ctx, person.id, include_ended=True) == []


def test_unknown_person(ctx):
    with pytest.raises(NotFoundError):
        carers.add_carer(ctx, 9999, daughter())


def test_only_one_nominated_carer_at_a_time(ctx, person, make_person, store):
    sue = carers.add_carer(ctx, person.id, daughter(nominated=True))
    tom = carers.add_carer(ctx, person.id, daughter(name="Tom Smith", relationship="Son"))
    other_persons = carers.add_carer(ctx, make_person().id, daughter(nominated=True))
    before = last_audit_id(store)
    assert carers.nominate(ctx, tom.id).nominated
    listed = carers.carers_for(ctx, person.id)
    assert [(c.name, c.nominated) for c in listed] == [("Tom Smith", True),
                                                       ("Sue Smith", False)]
    assert carers.nominated_carer(ctx, person.id).id == tom.id
    # Another person's nominated carer is untouched.
    assert carers.carers_for(ctx, other_persons.person_id)[0].nominated
    assert [(e.username, e.action, e.entity_id) for e in audit_since(store, before)] == [
        ("jo", "nominate", str(tom.id)), ("jo", "unnominate", str(sue.id))]
    with pytest.raises(RuleError, match="already the nominated carer"):
        carers.nominate(ctx, tom.id)


def test_adding_a_nominated_carer_replaces_the_last(ctx, person):
    sue = carers.add_carer(ctx, person.id, daughter(nominated=True))
    tom = carers.add_carer(ctx, person.id, daughter(name="Tom Smith", nominated=True))
    assert carers.nominated_carer(ctx, person.id).id == tom.id
    sue_again = carers.update_carer(ctx, sue.id, daughter(nominated=True))
    assert sue_again.nominated and carers.nominated_carer(ctx, person.id).id == sue.id


def test_a_carer_without_consent_cannot_be_nominated(ctx, person):
    neighbour = carers.add_carer(ctx, person.id, CarerInput("Raj Patel", "Neighbour"))
    assert not neighbour.consent_to_involve and neighbour.consent_recorded_on is None
    with pytest.raises(RuleError, match="not agreed to involve Raj Patel"):
        carers.nominate(ctx, neighbour.id)


def test_changing_consent_records_its_date(ctx, person, store):
    c = carers.add_carer(ctx, person.id, daughter(consent_recorded_on="01/10/2026"))
    assert c.consent_recorded_on == dt.date(2026, 10, 1)
    same = carers.update_carer(ctx, c.id, daughter(phone="07700 900999"))
    assert same.consent_recorded_on == dt.date(2026, 10, 1)  # consent did not change
    before = last_audit_id(store)
    withdrawn = carers.update_carer(ctx, c.id, daughter(consent_to_involve=False),
                                    expected_version=same.version_id)
    assert not withdrawn.consent_to_involve and withdrawn.consent_recorded_on == TODAY
    [ev] = audit_since(store, before)
    assert (ev.username, ev.action) == ("jo", "update")
    assert "consent_to_involve" in ev.detail
    with pytest.raises(ConflictError):
        carers.update_carer(ctx, c.id, daughter(), expected_version=same.version_id)


def test_a_carer_is_ended_not_deleted(ctx, person, store):
    c = carers.add_carer(ctx, person.id, daughter(nominated=True))
    before = last_audit_id(store)
    ended = carers.end_carer(ctx, c.id, "Moved abroad", on="20/11/2026")
    assert (ended.ended_on, ended.end_reason, ended.nominated) == (
        dt.date(2026, 11, 20), "Moved abroad", False)
    with store.session_factory() as s:
        row = s.scalar(select(Carer).where(Carer.id == c.id))
    assert row is not None and row.name == "Sue Smith"
    assert (row.retired_on, row.retired_reason) == (dt.date(2026, 11, 20), "Moved abroad")
    assert carers.carers_for(ctx, person.id) == []
    assert [x.id for x in carers.carers_for(ctx, person.id, include_ended=True)] == [c.id]
    assert carers.nominated_carer(ctx, person.id) is None
    [ev] = audit_since(store, before)
    assert (ev.username, ev.action, ev.entity) == ("jo", "end", "carer")
    with pytest.raises(RuleError, match="stopped being a carer"):
        carers.update_carer(ctx, c.id, daughter())
    with pytest.raises(RuleError, match="stopped being a carer"):
        carers.end_carer(ctx, c.id, "again")


def test_ending_needs_a_reason_and_a_real_date(ctx, person):
    c = carers.add_carer(ctx, person.id, daughter())
    with pytest.raises(ValidationError, match="why"):
        carers.end_carer(ctx, c.id, "")
    with pytest.raises(ValidationError, match="future"):
        carers.end_carer(ctx, c.id, "Moving", on=dt.date(2026, 12, 1))
    assert carers.carers_for(ctx, person.id)[0].is_current
