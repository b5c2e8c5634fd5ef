"""The agenda a huddle is offered first: what changed in the look-back window (admissions,
newly raised alerts), not the standing states that cover much of a caseload."""

from __future__ import annotations

import dataclasses
import datetime as dt

from carecoord.domain.enums import AlertKind, ContactKind
from carecoord.services import activity, huddle, people
from carecoord.services.huddle import DEFAULT_REASONS, AgendaCriteria, AgendaReason

TODAY = dt.date(2026, 11, 22)
DAY = dt.timedelta(days=1)


def raise_alert(ctx, person_id, on: dt.date, kind=AlertKind.SAFEGUARDING):
    then = dataclasses.replace(ctx, today=lambda: on)
    return people.add_alert(then, person_id, kind, "Concern raised by a neighbour")


def test_an_alert_is_new_within_the_look_back_and_standing_after(ctx, make_person):
    recent = make_person("Rita", "Recent")
    edge = make_person("Eve", "Edge")
    old = make_person("Olga", "Old")
    ended = make_person("Enid", "Ended")
    raise_alert(ctx, recent.id, TODAY - 2 * DAY)
    raise_alert(ctx, edge.id, TODAY - 14 * DAY, AlertKind.RISK_TO_STAFF)
    raise_alert(ctx, old.id, TODAY - 15 * DAY)
    gone = raise_alert(ctx, ended.id, TODAY - DAY)
    people.end_alert(ctx, gone.id, "Resolved")

    default = huddle.propose_agenda(ctx)
    assert [c.name for c in default] == ["Rita Recent", "Eve Edge"]  # newest first
    assert default[0].reasons == ("Safeguarding alert raised on 20 November 2026",)
    assert default[1].kinds == (AgendaReason.NEW_ALERT,)

    every = {c.name: c for c in huddle.propose_agenda(ctx, AgendaCriteria.every_reason())}
    assert set(every) == {"Rita Recent", "Eve Edge", "Olga Old"}
    # The old alert is a standing red flag, offered only when that reason is ticked.
    assert every["Olga Old"].kinds == (AgendaReason.RED_FLAG,)
    assert every["Olga Old"].reasons == ("Safeguarding alert",)
    assert every["Rita Recent"].kinds == (AgendaReason.NEW_ALERT,)
    # A longer look-back makes the old alert new again.
    wider = huddle.propose_agenda(ctx, AgendaCriteria(days=15))
    assert [c.name for c in wider] == ["Rita Recent", "Eve Edge", "Olga Old"]


def test_standing_reasons_are_left_out_by_default(ctx, make_person):
    high = make_person("Hugh", "High")
    people.update_person(ctx, high.id, people.PersonInput(
        people.open_person(ctx, high.id).nhs_number, "Hugh", "High", "01/01/1950",
        priority="high"))
    admitted = make_person("Ada", "Admitted")
    activity.record_contact(ctx, admitted.id, activity.ContactInput(
        ContactKind.AE_ATTENDANCE, TODAY - 3 * DAY))
    assert [c.name for c in huddle.propose_agenda(ctx)] == ["Ada Admitted"]
    every = huddle.propose_agenda(ctx, AgendaCriteria.every_reason())
    assert [c.name for c in every] == ["Ada Admitted", "Hugh High"]
    assert DEFAULT_REASONS == {AgendaReason.ADMISSION, AgendaReason.NEW_ALERT}
    defaults = AgendaCriteria()
    asked = {AgendaReason.ADMISSION: defaults.admissions,
             AgendaReason.NEW_ALERT: defaults.new_alerts,
             AgendaReason.RED_FLAG: defaults.red_flags,
             AgendaReason.OVERDUE_REVIEW: defaults.overdue_reviews,
             AgendaReason.NEW_REFERRAL: defaults.new_referrals}
    assert {r for r, on in asked.items() if on} == DEFAULT_REASONS
