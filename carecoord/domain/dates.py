"""Dates as people type them, due windows, and the review schedule."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from carecoord.domain.errors import ValidationError

REVIEW_DUE_SOON_DAYS = (14, 7)
_NO_PAD_DAY = "%-d"


def format_date(value: dt.date | dt.datetime, pattern: str) -> str:
    """strftime, where "%-d" is the day of the month without a leading zero ("3 March").

    The C library's "%-d" works on Linux and macOS only; Windows raises or prints it as it
    stands. Every date people read is written through here, so it reads the same everywhere.
    """
    return value.strftime(pattern.replace(_NO_PAD_DAY, str(value.day)))

DEFAULT_REVIEW_MONTHS = 6


def parse_date(text: str | None, field: str = "date", required: bool = False) -> dt.date | None:
    """Parse 'YYYY-MM-DD' or 'DD/MM/YYYY'; an impossible date gets a plain message."""
    if text is None or not str(text).strip():
        if required:
            raise ValidationError(f"Enter the {field.replace('_', ' ')}.", field)
        return None
    s = str(text).strip()
    try:
        if "/" in s:
            day, month, year = (int(p) for p in s.split("/"))
        else:
            year, month, day = (int(p) for p in s.split("-"))
    except ValueError:
        raise ValidationError(
            f"The {field.replace('_', ' ')} '{s}' is not a date. Use the form 31/12/2026.",
            field,
        ) from None
    if not 1 <= month <= 12:
        raise ValidationError(f"There is no month {month}.", field)
    if not 1900 <= year <= 2200:
        raise ValidationError(f"The year {year} looks wrong. Please check it.", field)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValidationError(
            f"{calendar.month_name[month]} {year} has {last} days, so day {day} is impossible.",
            field,
        )
    return dt.date(year, month, day)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def review_state(review_date: dt.date | None, today: dt.date) -> str | None:
    """'overdue', 'due_7', 'due_14' or None. Due on the day itself counts as due, not overdue."""
    if review_date is None:
        return None
    days = (review_date - today).days
    if days < 0:
        return "overdue"
    if days <= 7:
        return "due_7"
    if days <= 14:
        return "due_14"
    return None


@dataclass(frozen=True, slots=True)
class DueWindow:
    """A due window: 'by the end of March' or 'between 1 and 14 May', not only a date."""

    start: dt.date | None
    end: dt.date | None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError("A due window cannot end before it starts.", "due")

    def describe(self) -> str:
        fmt = "%-d %B %Y"
        if self.start and self.end:
            if self.start == self.end:
                return f"by {format_date(self.end, fmt)}"
            return f"between {format_date(self.start, fmt)} and {format_date(self.end, fmt)}"
        if self.end:
            return f"by {format_date(self.end, fmt)}"
        if self.start:
            return f"from {format_date(self.start, fmt)}"
        return "no set date"

    def is_due(self, today: dt.date, within_days: int = 0) -> bool:
        """Due once the window has opened, or its end is within `within_days` of today."""
        horizon = today + dt.timedelta(days=within_days)
        if self.start is not None and self.start <= today:
            return True
        return self.end is not None and self.end <= horizon
