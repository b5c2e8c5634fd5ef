"""Appointments as an iCalendar file (RFC 5545), with the `icalendar` package.

What goes in, and why:
- UID is the appointment's stable uid, so a calendar program updates an event rather than
  adding a second one; SEQUENCE is the appointment's sequence, which rises on each
  reschedule, so the newer copy wins. A cancellation stays in the file as STATUS:CANCELLED,
  so the event disappears from calendars that had it.
- Times are Europe/London wall-clock times with a VTIMEZONE, so they stay right across the
  clock changes.
- SUMMARY says only what kind of contact it is ("Community nursing visit", "Clinic
  appointment"), never the purpose or "who with" as typed, a diagnosis or a condition:
  calendars are synced to phones and shared. A mental health team is named as "Care team"
  for the same reason. DESCRIPTION names the professional from the directory, nothing more.
- LOCATION is the place typed on the appointment; for a home visit with no place typed it
  is the person's home address. The person's own copy holds their own address. In a
  professional's week it also holds the address, because a visit cannot be made without it;
  that file names each person, holds several people, and is flagged as unencrypted before
  it is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from carecoord.domain.enums import AppointmentMode, AppointmentStatus, Sector
from carecoord.version import __version__

LONDON = ZoneInfo("Europe/London")
PRODID = f"-//CareCoord//CareCoord {__version__}//EN"
UID_DOMAIN = "carecoord"

CANCELLED = (AppointmentStatus.CANCELLED_BY_PERSON, AppointmentStatus.CANCELLED_BY_SERVICE)

# Who the visit is from, in words that say nothing about a condition.
SERVICE = {
    Sector.GP_PRACTICE: "GP practice",
    Sector.COMMUNITY_NURSING: "Community nursing",
    Sector.HOSPITAL_SPECIALIST: "Hospital",
    Sector.SOCIAL_CARE: "Social care",
    Sector.HOUSING: "Housing",
    Sector.PHARMACY: "Pharmacy",
    Sector.VOLUNTARY_SECTOR: "Voluntary sector",
    Sector.MENTAL_HEALTH: "Care team",
}


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    starts_at: dt.datetime  # Europe/London wall-clock time, no tzinfo
    minutes: int
    mode: AppointmentMode
    status: AppointmentStatus
    sequence: int
    sector: Sector | None = None
    location: str | None = None
    with_whom: str | None = None  # the professional, in the person's copy
    person_name: str | None = None  # the person, in a professional's week


def summary(mode: AppointmentMode, sector: Sector | None) -> str:
    service = SERVICE.get(sector) if sector else None
    if mode == AppointmentMode.HOME_VISIT:
        return f"{service} visit" if service else "Home visit"
    if mode == AppointmentMode.CLINIC:
        return f"{service} appointment" if service else "Clinic appointment"
    if mode == AppointmentMode.PHONE:
        return f"{service} phone call" if service else "Phone appointment"
    return f"{service} video call" if service else "Video appointment"


def _event(item: CalendarItem, stamp: dt.datetime) -> Event:
    start = item.starts_at.replace(tzinfo=LONDON)
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=item.minutes)).astimezone(LONDON)
    ev = Event()
    ev.add("uid", f"{item.uid}@{UID_DOMAIN}")
    ev.add("dtstamp", stamp)
    ev.add("sequence", item.sequence)
    ev.add("dtstart", start)
    ev.add("dtend", end)
    text = summary(item.mode, item.sector)
    if item.person_name:
        text = f"{text}: {item.person_name}"
    ev.add("summary", text)
    ev.add("status", "CANCELLED" if item.status in CANCELLED else "CONFIRMED")
    ev.add("transp", "TRANSPARENT" if item.status in CANCELLED else "OPAQUE")
    if item.location:
        ev.add("location", item.location)
    if item.with_whom:
        ev.add("description", f"With {item.with_whom}")
    return ev


def calendar_bytes(items: Iterable[CalendarItem], name: str,
                   now: dt.datetime | None = None) -> bytes:
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    items = list(items)
    for item in items:
        cal.add_component(_event(item, stamp))
    if items:
        # A VTIMEZONE covering just the years the events fall in keeps the file small.
        first = min(i.starts_at for i in items).date()
        last = max(i.starts_at for i in items).date()
        cal.add_missing_timezones(first_date=dt.date(first.year - 1, 1, 1),
                                  last_date=dt.date(last.year + 1, 12, 31))
    return cal.to_ical()
