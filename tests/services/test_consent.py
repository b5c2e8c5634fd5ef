from __future__ import annotations

import datetime as dt

import pytest

from carecoord.domain.enums import ConsentMethod, RecipientKind
from carecoord.domain.errors import NotFoundError, PermissionDenied, RuleError, ValidationError
from carecoord.services import consent
from carecoord.services.base import reading
from carecoord.services.consent import ConsentInput
from tests.services.conftest import audit_since, last_audit_id, with_today

TODAY = dt.date(2026, 11, 22)
HOSPICE = "St Mary's Hospice"


def to_hospice(**changes) -> ConsentInput:
    data = {"recipient": HOSPICE, "recipient_kind": RecipientKind.ORGANISATION,
            "scope": "My care plan and my appointments", "given_on": "01/11/2026",
            "method": ConsentMethod.WRITTEN, **changes}
    return ConsentInput(**data)


def test_refused_without_consent(ctx, person):
    assert not consent.has_consent(ctx, person.id, HOSPICE)
    with pytest.raises(PermissionDenied) as e:
        consent.require_consent(ctx, person.id, HOSPICE)
    assert str(e.value) == (f"Ann Smith has not agreed to share their record with {HOSPICE}. "
                            "Record their consent first.")


def test_allowed_with_consent_matching_any_case(ctx, person, store):
    before = last_audit_id(store)
    given = consent.record_consent(ctx, person.id, to_hospice())
    assert given.current and given.given_on == dt.date(2026, 11, 1)
    [ev] = audit_since(store, before)
    assert (ev.username, ev.action, ev.entity, ev.person_id) == (
        "jo", "create", "consent_to_share", person.id)
    for spelling in (HOSPICE, "st mary's hospice", "  ST MARY'S   HOSPICE "):
        assert consent.require_consent(ctx, person.id, spelling).id == given.id
        assert consent.has_consent(ctx, person.id, spelling)
    with pytest.raises(PermissionDenied, match="with St Mary's Surgery"):
        consent.require_consent(ctx, person.id, "St Mary's Surgery")


def test_refused_again_after_withdrawal(ctx, person, store):
    given = consent.record_consent(ctx, person.id, to_hospice())
    before = last_audit_id(store)
    withdrawn = consent.withdraw_consent(ctx, given.id, note="Changed her mind")
    assert (withdrawn.withdrawn_on, withdrawn.withdrawn_note, withdrawn.current) == (
        TODAY, "Changed her mind", False)
    [ev] = audit_since(store, before)
    assert (ev.username, ev.action, ev.entity) == ("jo", "withdraw", "consent_to_share")
    assert not consent.has_consent(ctx, person.id, HOSPICE)
    with pytest.raises(PermissionDenied, match="withdrew consent .* on 22 November 2026"):
        consent.require_consent(ctx, person.id, HOSPICE)
    # Yesterday it was still in force: the history is kept, not overwritten.
    assert consent.has_consent(with_today(ctx, dt.date(2026, 11, 21)), person.id, HOSPICE)
    # New consent can be recorded after a withdrawal, and it is honoured.
    again = consent.record_consent(ctx, person.id, to_hospice(given_on=TODAY))
    assert consent.require_consent(ctx, person.id, HOSPICE).id == again.id
    assert [c.id for c in consent.consents_for(ctx, person.id)] == [again.id, given.id]
    assert consent.consents_for(ctx, person.id, include_withdrawn=False)[0].id == again.id


def test_consent_is_not_in_force_before_it_was_given(ctx, person):
    consent.record_consent(ctx, person.id, to_hospice(given_on="20/11/2026"))
    assert not consent.has_consent(with_today(ctx, dt.date(2026, 11, 19)), person.id, HOSPICE)
    assert consent.has_consent(with_today(ctx, dt.date(2026, 11, 20)), person.id, HOSPICE)


def test_consent_is_per_person(ctx, person, make_person):
    consent.record_consent(ctx, person.id, to_hospice())
    with pytest.raises(PermissionDenied, match="Bob Jones has not agreed"):
        consent.require_consent(ctx, make_person().id, HOSPICE)


def test_require_consent_inside_an_exports_unit_of_work(ctx, person):
    consent.record_consent(ctx, person.id, to_hospice(recipient="Dr Ahmed",
                                                      recipient_kind="person"))
    with reading(ctx) as w:
        assert consent.require_consent(w, person.id, "dr ahmed").recipient == "Dr Ahmed"
        assert not consent.has_consent(w, person.id, HOSPICE)


@pytest.mark.parametrize(("changes", "field"), [
    ({"recipient": "  "}, "recipient"),
    ({"recipient_kind": "robot"}, "recipient_kind"),
    ({"scope": ""}, "scope"),
    ({"given_on": ""}, "given_on"),
    ({"given_on": "29/02/2026"}, "given_on"),
    ({"given_on": dt.date(2026, 11, 23)}, "given_on"),
    ({"method": "telepathy"}, "method"),
])
def test_bad_consent_is_refused(ctx, person, changes, field):
    with pytest.raises(ValidationError) as e:
        consent.record_consent(ctx, person.id, to_hospice(**changes))
    assert e.value.field == field
    assert consent.consents_for(ctx, person.id) == []


def test_duplicates_and_bad_withdrawals(ctx, person):
    given = consent.record_consent(ctx, person.id, to_hospice())
    with pytest.raises(RuleError, match="already has a consent to share with St Mary"):
        consent.record_consent(ctx, person.id, to_hospice(recipient="ST MARY'S HOSPICE"))
    with pytest.raises(ValidationError, match="before it was given"):
        consent.withdraw_consent(ctx, given.id, on="31/10/2026")
    with pytest.raises(ValidationError, match="future"):
        consent.withdraw_consent(ctx, given.id, on=dt.date(2026, 11, 23))
    consent.withdraw_consent(ctx, given.id, on="10/11/2026")
    with pytest.raises(RuleError, match="already withdrawn on 10 November 2026"):
        consent.withdraw_consent(ctx, given.id)
    with pytest.raises(NotFoundError):
        consent.withdraw_consent(ctx, 9999)
    with pytest.raises(ValidationError, match="Name who"):
        consent.require_consent(ctx, person.id, " ")
    assert not consent.has_consent(ctx, person.id, "")


def test_an_organisation_in_the_directory_is_linked(ctx, person, other_pro):
    linked = consent.record_consent(ctx, person.id, to_hospice(recipient="riverside nursing"))
    assert linked.organisation_id is not None
    assert consent.record_consent(ctx, person.id, to_hospice()).organisation_id is None
