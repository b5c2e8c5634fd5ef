"""The person's words for statuses, dates and windows. No internal code ever reaches paper.

Dates are built by hand rather than with '%-d', which Windows does not support.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

from carecoord.domain.enums import (
    Achievement,
    ActionStatus,
    AgreementMethod,
    AppointmentMode,
    GoalLifecycle,
    PlanStatus,
    ReferralStatus,
)

_LONDON = ZoneInfo("Europe/London")


def day(d: dt.date | None) -> str:
    """'7 December 2026'."""
    if d is None:
        return ""
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


def weekday(d: dt.date) -> str:
    """'Monday 7 December 2026'."""
    return f"{calendar.day_name[d.weekday()]} {day(d)}"


def time_of_day(t: dt.datetime | dt.time) -> str:
    """'10:30am', '2pm', '12 noon' — the NHS style."""
    h, m = t.hour, t.minute
    if h == 12 and m == 0:
        return "12 noon"
    suffix = "am" if h < 12 else "pm"
    h12 = h % 12 or 12
    return f"{h12}{suffix}" if m == 0 else f"{h12}:{m:02d}{suffix}"


def moment(at: dt.datetime) -> str:
    """An audit time (stored in UTC) as UK local time: '22 Nov 2026, 4:46pm'."""
    local = at.replace(tzinfo=dt.UTC).astimezone(_LONDON)
    return f"{local.day} {calendar.month_abbr[local.month]} {local.year}, {time_of_day(local)}"


def _month(d: dt.date) -> str:
    return f"{calendar.month_name[d.month]} {d.year}"


def _is_month_end(d: dt.date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def window(start: dt.date | None, end: dt.date | None) -> str:
    """A due window in words: 'by the end of March 2027', 'between 1 and 14 May 2027'."""
    if start and end:
        if start == end:
            return f"on {day(end)}"
        if start.day == 1 and _is_month_end(end) and (start.year, start.month) == (
                end.year, end.month):
            return f"during {_month(end)}"
        if (start.year, start.month) == (end.year, end.month):
            return f"between {start.day} and {day(end)}"
        return f"between {day(start)} and {day(end)}"
    if end:
        return f"by the end of {_month(end)}" if _is_month_end(end) else f"by {day(end)}"
    if start:
        return f"from {day(start)}"
    return "no set date"


def goal_status(lifecycle: GoalLifecycle, achievement: Achievement) -> str:
    """A goal's status as the person would say it."""
    if achievement == Achievement.ACHIEVED or (
            lifecycle == GoalLifecycle.COMPLETED and achievement != Achievement.NOT_ACHIEVED):
        return "Done"
    if lifecycle == GoalLifecycle.COMPLETED:
        return "Finished, though it did not turn out as I hoped"
    if lifecycle == GoalLifecycle.CANCELLED:
        return "We have stopped working on this"
    if lifecycle == GoalLifecycle.ON_HOLD:
        return "On hold for now"
    if lifecycle == GoalLifecycle.PROPOSED:
        return "Not started yet"
    return {
        Achievement.IMPROVING: "I'm working on this, and it is getting better",
        Achievement.WORSENING: "I'm working on this, and it has been harder lately",
        Achievement.NO_CHANGE: "I'm working on this. No change yet",
        Achievement.NOT_ACHIEVED: "I'm working on this. It has not worked out yet",
    }.get(achievement, "I'm working on this")


def goal_is_done(lifecycle: GoalLifecycle, achievement: Achievement) -> bool:
    return goal_status(lifecycle, achievement) == "Done"


def action_status(status: ActionStatus, completed_on: dt.date | None = None) -> str:
    if status == ActionStatus.DONE:
        return f"Done on {day(completed_on)}" if completed_on else "Done"
    return {ActionStatus.NOT_STARTED: "Not started yet", ActionStatus.IN_PROGRESS: "Started",
            ActionStatus.CANCELLED: "No longer needed"}[status]


def appointment_kind(mode: AppointmentMode, place: str | None, with_name: str | None) -> str:
    who = f" with {with_name}" if with_name else ""
    if mode == AppointmentMode.HOME_VISIT:
        return f"Home visit{' from ' + with_name if with_name else ''}"
    if mode == AppointmentMode.PHONE:
        return f"Phone call{who}"
    if mode == AppointmentMode.VIDEO:
        return f"Video call{who}"
    return f"Appointment{who}{' at ' + place if place else ''}"


SEEN_REFERRAL_DAYS = 90


def referral_words(service: str, status: ReferralStatus, referred_on: dt.date,
                   seen_on: dt.date | None, today: dt.date) -> str | None:
    """A referral in plain words for the person's copy, or None if it is not for the paper:
    open referrals, and ones seen in the last three months."""
    if status == ReferralStatus.AWAITING:
        return (f"We asked {service} to see you on {day(referred_on)}. "
                "You are waiting to hear from them.")
    if status == ReferralStatus.ACCEPTED:
        return f"{service} has agreed to see you. They will contact you with a date."
    if status == ReferralStatus.SEEN and (
            seen_on is None or (today - seen_on).days <= SEEN_REFERRAL_DAYS):
        return f"You saw {service}" + (f" on {day(seen_on)}." if seen_on else ".")
    return None


def agreement(method: AgreementMethod | None, who: str | None, person_name: str) -> str:
    who = who or person_name
    if method == AgreementMethod.SIGNED:
        return f"{who} signed to agree"
    if method == AgreementMethod.VERBAL:
        return f"{who} agreed in conversation"
    if method == AgreementMethod.REPRESENTATIVE:
        return f"{who} agreed on {person_name}'s behalf"
    if method == AgreementMethod.LASTING_POWER_OF_ATTORNEY:
        return f"{who} agreed, holding lasting power of attorney"
    return f"{who} agreed"


def plan_state(status: PlanStatus, superseded_on: dt.date | None) -> str | None:
    """A sentence about the version, when it is not simply the agreed plan."""
    if status == PlanStatus.DRAFT:
        return "This plan is a draft. It has not been agreed yet."
    if status == PlanStatus.UNDER_REVIEW:
        return ("We are looking at this plan again with you. It stays in place until the new "
                "version is agreed.")
    if status == PlanStatus.SUPERSEDED:
        when = f" on {day(superseded_on)}" if superseded_on else ""
        return f"This is an old version. It was replaced{when}. Ask your team for the newest one."
    return None


# Full stops, question and exclamation marks, with Urdu's full stop (۔) and the Arabic
# question mark (؟) among them.
_SENTENCE_END = re.compile("(?<=[.!?\u06d4\u061f])\\s+(?=\\S)")


def ideas(text: str) -> list[str]:
    """Split text into short lines, one idea each: by line, then by sentence."""
    out: list[str] = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-•*").strip()
        if line:
            out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def lines(text: str) -> list[str]:
    """The lines a person typed, without blank ones or list marks."""
    return [ln.strip().lstrip("-•*").strip() for ln in (text or "").splitlines()
            if ln.strip().lstrip("-•*").strip()]


def audit_words(action: str, entity: str) -> str:
    verbs = {"view": "Viewed", "update": "Changed", "create": "Added", "agree": "Agreed",
             "print": "Printed", "export": "Exported", "retire": "Removed", "draft": "Drafted",
             "review": "Started review of", "handover": "Handed over", "rate": "Rated",
             "progress": "Updated progress of", "offer": "Offered", "decline": "Declined",
             "status": "Changed status of", "end": "Ended", "reorder": "Reordered"}
    what = entity.replace("_", " ")
    return f"{verbs.get(action, action.capitalize())} {what}"
