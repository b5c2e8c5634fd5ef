from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from carecoord.domain.enums import ReferralStatus, ReferralUrgency
from carecoord.domain.errors import NotFoundError, RuleError, ValidationError
from carecoord.services import referrals as refs
from carecoord.services import settings as team_settings
from carecoord.services.referrals import ReferralInput
from carecoord.services.team import handover_lead
from tests.services.conftest import audit_since, last_audit_id

TODAY = dt.date(2026, 11, 22)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def referral(urgency=ReferralUrgency.ROUTINE, referred_on=None, **extra) -> ReferralInput:
    return ReferralInput(service=extra.pop("service", "Pulmonary rehabilitation"),
                         reason=extra.pop("reason", "Breathless walking to the shops"),
                         urgency=urgency, referred_on=referred_on or days_ago(3), **extra)


def test_record_a_referral(ctx, person, me, store):
    before = last_audit_id(store)
    r = refs.record_referral(ctx, person.id, ReferralInput(
        " Memory clinic ", "Forgetting appointments", "urgent", "15/11/2026", referred_by=me))
    assert (r.service, r.urgency, r.referred_on) == ("Memory clinic", ReferralUrgency.URGENT,
                                                      dt.date(2026, 11, 15))
    assert (r.status, r.waiting, r.days_waiting, r.long_wait) == (
        ReferralStatus.AWAITING, True, 7, False)
    assert (r.person_name, r.referred_by_name) == ("Ann Smith", "Jo Bloggs")
    [ev] = audit_since(store, before)
    assert (ev.username, ev.action, ev.entity, ev.person_id) == ("jo", "create", "referral",
                                                                 person.id)


@pytest.mark.parametrize(("changes", "field"), [
    ({"service": " "}, "service"),
    ({"reason": ""}, "reason"),
    ({"urgency": "whenever"}, "urgency"),
    ({"referred_on": "30/02/2026"}, "referred_on"),
    ({"referred_on": dt.date(2026, 11, 23)}, "referred_on"),
    ({"referred_on": dt.date(2026, 11, 10), "seen_on": dt.date(2026, 11, 9)}, "seen_on"),
    ({"seen_on": dt.date(2026, 11, 23)}, "seen_on"),
    ({"status": ReferralStatus.SEEN}, "seen_on"),
])
def test_bad_referrals_are_refused_with_the_field(ctx, person, changes, field):
    data = {"service": "Falls clinic", "reason": "Two falls", "urgency": "routine",
            "referred_on": dt.date(2026, 11, 1), **changes}
    with pytest.raises(ValidationError) as e:
        refs.record_referral(ctx, person.id, ReferralInput(**data))
    assert e.value.field == field
    assert refs.for_person(ctx, person.id) == []


def test_unknown_person_or_referrer(ctx, person):
    with pytest.raises(NotFoundError):
        refs.record_referral(ctx, 9999, referral())
    with pytest.raises(NotFoundError):
        refs.record_referral(ctx, person.id, referral(referred_by=9999))


def test_recording_a_seen_date_marks_it_seen(ctx, person):
    r = refs.record_referral(ctx, person.id, referral(referred_on=days_ago(30),
                                                      seen_on=days_ago(2)))
    assert (r.status, r.waiting, r.long_wait) == (ReferralStatus.SEEN, False, False)


# ---- long waits -------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "flagged"), [(13, False), (14, False), (15, True)])
def test_two_week_wait_is_flagged_after_14_days(ctx, person, days, flagged):
    r = refs.record_referral(ctx, person.id, referral(ReferralUrgency.TWO_WEEK_WAIT,
                                                      days_ago(days)))
    assert (r.days_waiting, r.long_wait) == (days, flagged)


@pytest.mark.parametrize("urgency", [ReferralUrgency.ROUTINE, ReferralUrgency.URGENT])
@pytest.mark.parametrize(("days", "flagged"), [(41, False), (42, False), (43, True)])
def test_others_are_flagged_after_the_set_weeks(ctx, person, urgency, days, flagged):
    assert team_settings.referral_long_wait_weeks(ctx) == 6
    r = refs.record_referral(ctx, person.id, referral(urgency, days_ago(days)))
    assert r.long_wait is flagged


@pytest.mark.parametrize(("days", "flagged"), [(13, False), (14, False), (15, True)])
def test_the_weeks_follow_the_team_setting(ctx, person, days, flagged):
    team_settings.set_referral_long_wait_weeks(ctx, 2)
    r = refs.record_referral(ctx, person.id, referral(referred_on=days_ago(days)))
    assert r.long_wait is flagged


def test_only_waiting_referrals_are_flagged(ctx, person):
    old = days_ago(100)
    accepted = refs.record_referral(ctx, person.id, referral(referred_on=old,
                                                             status=ReferralStatus.ACCEPTED))
    assert accepted.long_wait
    seen = refs.record_referral(ctx, person.id, referral(referred_on=old, seen_on=days_ago(1)))
    declined = refs.record_referral(ctx, person.id, referral(
        referred_on=old, status=ReferralStatus.DECLINED))
    assert not seen.long_wait and not declined.long_wait
    assert seen.days_waiting is declined.days_waiting is None


@given(urgency=st.sampled_from(list(ReferralUrgency)), days=st.integers(0, 400),
       weeks=st.integers(1, 104))
@example(urgency=ReferralUrgency.TWO_WEEK_WAIT, days=14, weeks=6)
@example(urgency=ReferralUrgency.TWO_WEEK_WAIT, days=15, weeks=6)
@example(urgency=ReferralUrgency.ROUTINE, days=42, weeks=6)
def test_long_wait_means_more_than_the_allowed_days(urgency, days, weeks):
    allowed = 14 if urgency == ReferralUrgency.TWO_WEEK_WAIT else weeks * 7
    flagged = refs.is_long_wait(urgency, TODAY - dt.timedelta(days=days), TODAY, weeks)
    assert flagged == (days > allowed)


# ---- moving a referral on ---------------------------------------------------------------


def test_status_moves_and_seen_date(ctx, person, store):
    r = refs.record_referral(ctx, person.id, referral(referred_on=days_ago(20)))
    before = last_audit_id(store)
    r = refs.update_status(ctx, r.id, ReferralStatus.ACCEPTED)
    assert r.status == ReferralStatus.ACCEPTED and r.waiting
    r = refs.update_status(ctx, r.id, "seen")
    assert (r.status, r.seen_on, r.waiting) == (ReferralStatus.SEEN, TODAY, False)
    assert [(e.username, e.action) for e in audit_since(store, before)] == [
        ("jo", "status"), ("jo", "status")]
    with pytest.raises(RuleError, match="cannot become"):
        refs.update_status(ctx, r.id, ReferralStatus.AWAITING)
    corrected = refs.set_seen_on(ctx, r.id, days_ago(1))
    assert corrected.seen_on == days_ago(1)


def test_seen_on_cannot_be_before_referred_on(ctx, person):
    r = refs.record_referral(ctx, person.id, referral(referred_on=days_ago(10)))
    with pytest.raises(ValidationError, match="before the referral was made") as e:
        refs.update_status(ctx, r.id, ReferralStatus.SEEN, seen_on=days_ago(11))
    assert e.value.field == "seen_on"
    with pytest.raises(ValidationError, match="before the referral was made"):
        refs.set_seen_on(ctx, r.id, days_ago(11))
    with pytest.raises(ValidationError, match="future"):
        refs.set_seen_on(ctx, r.id, TODAY + dt.timedelta(days=1))
    assert refs.set_seen_on(ctx, r.id, days_ago(10)).seen_on == days_ago(10)  # same day is fine


def test_closed_referrals_stay_closed(ctx, person):
    r = refs.record_referral(ctx, person.id, referral())
    refs.update_status(ctx, r.id, ReferralStatus.CANCELLED, note="No longer wanted")
    with pytest.raises(RuleError, match="Record a new referral"):
        refs.update_status(ctx, r.id, ReferralStatus.SEEN)
    with pytest.raises(RuleError, match="not seen through it"):
        refs.set_seen_on(ctx, r.id, TODAY)
    with pytest.raises(RuleError, match="already"):
        refs.update_status(ctx, r.id, ReferralStatus.CANCELLED)
    with pytest.raises(ValidationError, match="only recorded when the person was seen"):
        refs.update_status(ctx, refs.record_referral(ctx, person.id, referral()).id,
                           ReferralStatus.ACCEPTED, seen_on=TODAY)


# ---- outstanding lists ------------------------------------------------------------------


def test_outstanding_for_the_person_oldest_first(ctx, person):
    newer = refs.record_referral(ctx, person.id, referral(referred_on=days_ago(2)))
    older = refs.record_referral(ctx, person.id, referral(referred_on=days_ago(9)))
    refs.record_referral(ctx, person.id, referral(referred_on=days_ago(5), seen_on=TODAY))
    assert [r.id for r in refs.outstanding_for_person(ctx, person.id)] == [older.id, newer.id]
    assert len(refs.for_person(ctx, person.id)) == 3


def test_outstanding_across_my_caseload(ctx, person, make_person, me, other_pro):
    mine_too, theirs, handed_on = make_person("Cath", "Brown"), make_person(), make_person()
    handover_lead(ctx, person.id, me, on=dt.date(2026, 1, 1))
    handover_lead(ctx, mine_too.id, me, on=dt.date(2026, 1, 1))
    handover_lead(ctx, theirs.id, other_pro, on=dt.date(2026, 1, 1))
    handover_lead(ctx, handed_on.id, me, on=dt.date(2026, 1, 1))
    handover_lead(ctx, handed_on.id, other_pro, on=dt.date(2026, 6, 1))

    recent = refs.record_referral(ctx, person.id, referral(referred_on=days_ago(3)))
    long_wait = refs.record_referral(ctx, mine_too.id, referral(
        ReferralUrgency.TWO_WEEK_WAIT, days_ago(20)))
    refs.record_referral(ctx, person.id, referral(referred_on=days_ago(3), seen_on=TODAY))
    refs.record_referral(ctx, theirs.id, referral())
    refs.record_referral(ctx, handed_on.id, referral())

    mine = refs.outstanding_for_my_caseload(ctx)
    assert [(r.id, r.person_name) for r in mine] == [(long_wait.id, "Cath Brown"),
                                                     (recent.id, "Ann Smith")]
    assert mine[0].long_wait and not mine[1].long_wait
    assert len(refs.outstanding_for_my_caseload(ctx, other_pro)) == 2
