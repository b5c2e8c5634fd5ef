"""Calendar files, read back with the icalendar package as a calendar program would."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from carecoord.domain.enums import AppointmentMode
from carecoord.services import appointments, people, sharing

CONDITION_WORDS = ("diabetes", "pulmonary", "osteoarthritis", "copd", "breathing", "inhaler")


def events(path) -> dict[str, object]:
    cal = Calendar.from_ical(path.read_bytes())
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//CareCoord//")
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def uid_of(ctx, appointment_id: int) -> str:
    return appointments.get_appointment(ctx, appointment_id).uid + "@carecoord"


def test_a_persons_calendar_reads_back(ctx, rich, tmp_path):
    result = sharing.export_ics_person(ctx, rich.person_id, tmp_path / "ann.ics")
    found = events(result.path)
    assert len(found) == 3
    home = found[uid_of(ctx, rich.home_visit_id)]
    assert int(home["SEQUENCE"]) == 1
    start = home.decoded("DTSTART")
    assert start == dt.datetime(2026, 11, 25, 14, 0, tzinfo=start.tzinfo)
    assert str(start.tzinfo) == "Europe/London" or getattr(start.tzinfo, "key", "") == \
        "Europe/London"
    assert home.decoded("DTEND") - start == dt.timedelta(minutes=45)
    assert str(home["SUMMARY"]) == "Community nursing visit"
    assert str(home["LOCATION"]) == "4 Mill Lane, Riverside, RV1 2AB"
    assert str(home["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in home
    cancelled = found[uid_of(ctx, rich.cancelled_id)]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == "Phone appointment"


def test_summer_times_carry_the_british_summer_time_offset(ctx, rich, tmp_path):
    found = events(sharing.export_ics_person(ctx, rich.person_id, tmp_path / "a.ics").path)
    clinic = next(e for e in found.values() if str(e["SUMMARY"]) == "GP practice appointment")
    start = clinic.decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 7, 15, 8, 30, tzinfo=dt.UTC)
    assert str(clinic["LOCATION"]) == "Hillside Surgery, Room 2"


def test_summaries_never_name_a_condition_or_the_purpose(ctx, rich, tmp_path):
    text = sharing.export_ics_person(ctx, rich.person_id, tmp_path / "a.ics").path.read_text()
    for event in events(tmp_path / "a.ics").values():
        summary = str(event["SUMMARY"]).lower()
        assert not any(word in summary for word in CONDITION_WORDS), summary
    for word in CONDITION_WORDS:  # nor anywhere else in the file
        assert word not in text.lower(), word


def test_the_uid_stays_and_the_sequence_rises_on_each_reschedule(ctx, rich, tmp_path):
    uid = uid_of(ctx, rich.home_visit_id)
    first = events(sharing.export_ics_person(ctx, rich.person_id, tmp_path / "1.ics").path)
    appointments.reschedule(ctx, rich.home_visit_id, dt.datetime(2026, 11, 26, 9, 0))
    second = events(sharing.export_ics_person(ctx, rich.person_id, tmp_path / "2.ics").path)
    assert set(first) == set(second)
    assert int(second[uid]["SEQUENCE"]) == int(first[uid]["SEQUENCE"]) + 1 == 2
    assert second[uid].decoded("DTSTART").hour == 9


def test_my_week_holds_only_that_week_with_names_and_addresses(ctx, rich, tmp_path):
    bob = people.create_person(ctx, people.PersonInput(
        "401 023 2137", "Bob", "Jones", "01/01/1950", address="9 Quay St", postcode="RV2 1CD"))
    appointments.book(ctx, bob.id, appointments.AppointmentInput(
        AppointmentMode.HOME_VISIT, dt.datetime(2026, 11, 27, 9, 0), 30, "Dressing",
        professional_id=rich.nurse_id))
    appointments.book(ctx, bob.id, appointments.AppointmentInput(
        AppointmentMode.HOME_VISIT, dt.datetime(2026, 12, 1, 9, 0), 30, "Dressing",
        professional_id=rich.nurse_id))  # the week after
    result = sharing.export_ics_week(ctx, rich.nurse_id, "26/11/2026", tmp_path)
    assert result.path.name == "my-week-2026-W48.ics"
    found = events(result.path)
    summaries = sorted(str(e["SUMMARY"]) for e in found.values())
    assert summaries == ["Community nursing visit: Ann Smith", "Community nursing visit: Bob Jones"]
    assert sorted(str(e["LOCATION"]) for e in found.values()) == [
        "4 Mill Lane, Riverside, RV1 2AB", "9 Quay St, RV2 1CD"]
    assert result.people_count == 2 and "NOT encrypted" in result.warning


def test_an_empty_week_is_still_a_valid_calendar(ctx, rich, tmp_path):
    result = sharing.export_ics_week(ctx, rich.gp_id, dt.date(2030, 1, 7), tmp_path / "w.ics")
    cal = Calendar.from_ical(result.path.read_bytes())
    assert cal.walk("VEVENT") == [] and result.people_count == 0


def test_an_unknown_professional_is_a_plain_error(ctx, tmp_path):
    from carecoord.domain.errors import NotFoundError

    with pytest.raises(NotFoundError, match="professional no longer exists"):
        sharing.export_ics_week(ctx, 999, dt.date(2026, 11, 23), tmp_path / "w.ics")
    assert not (tmp_path / "w.ics").exists()
