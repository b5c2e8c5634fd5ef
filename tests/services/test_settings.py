from __future__ import annotations

import pytest

from carecoord.domain.errors import ValidationError
from carecoord.services import settings
from tests.services.conftest import audit_since, last_audit_id


def test_defaults(ctx):
    assert settings.team_settings(ctx) == settings.TeamSettings(
        heavy_week_limit=4, referral_long_wait_weeks=6, discharge_follow_up_days=2)


def test_set_and_read_back_with_an_audit_event(ctx, store):
    before = last_audit_id(store)
    assert settings.set_heavy_week_limit(ctx, " 6 ") == 6
    assert settings.set_referral_long_wait_weeks(ctx, 8) == 8
    assert settings.set_discharge_follow_up_days(ctx, "0") == 0
    assert settings.set_heavy_week_limit(ctx, 5) == 5
    assert settings.team_settings(ctx) == settings.TeamSettings(5, 8, 0)
    events = audit_since(store, before)
    assert [(e.username, e.action, e.entity_id) for e in events] == [
        ("jo", "update", "heavy_week_limit"), ("jo", "update", "referral_long_wait_weeks"),
        ("jo", "update", "discharge_follow_up_days"), ("jo", "update", "heavy_week_limit")]
    assert '"old": 6' in events[-1].detail and '"new": 5' in events[-1].detail


@pytest.mark.parametrize(("spec", "value", "message"), [
    (settings.HEAVY_WEEK_LIMIT, 0, "between 1 and 30"),
    (settings.HEAVY_WEEK_LIMIT, 31, "between 1 and 30"),
    (settings.HEAVY_WEEK_LIMIT, "four", "not a whole number"),
    (settings.HEAVY_WEEK_LIMIT, 4.5, "not a whole number"),
    (settings.REFERRAL_LONG_WAIT_WEEKS, 0, "between 1 and 104"),
    (settings.DISCHARGE_FOLLOW_UP_DAYS, -1, "between 0 and 28"),
    (settings.DISCHARGE_FOLLOW_UP_DAYS, "", "not a whole number"),
])
def test_bad_values_are_refused_and_nothing_changes(ctx, spec, value, message):
    with pytest.raises(ValidationError, match=message) as e:
        settings.set_value(ctx, spec, value)
    assert e.value.field == spec.key
    assert settings.get(ctx, spec) == spec.default


def test_a_damaged_stored_value_falls_back_to_the_default(ctx, store):
    from carecoord.store.models import Setting
    from carecoord.store.unit_of_work import unit_of_work

    with unit_of_work(store.session_factory, write=True) as uow:
        uow.session.add(Setting(key="heavy_week_limit", value="lots"))
        uow.session.add(Setting(key="referral_long_wait_weeks", value="5000"))
    assert settings.heavy_week_limit(ctx) == 4
    assert settings.referral_long_wait_weeks(ctx) == 6


def test_settings_are_found_by_key(ctx):
    assert settings.spec_for("discharge_follow_up_days") is settings.DISCHARGE_FOLLOW_UP_DAYS
    with pytest.raises(ValidationError, match="no team setting"):
        settings.spec_for("coffee_strength")
