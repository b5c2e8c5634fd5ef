"""Junk in the 'taken at' box gets a plain message, never a crash (found by fuzzing)."""

import datetime as dt

import pytest

from carecoord.domain.errors import ValidationError
from carecoord.services.readings import parse_taken_at

NOW = dt.datetime(2026, 11, 22, 10, 30)


@pytest.mark.parametrize("text", ["T", " T ", "TT", "T 08:30", "22/11/2026 8", "22/11/2026 x:y"])
def test_junk_times_are_refused_plainly(text):
    with pytest.raises(ValidationError, match="not a date|Use the form|is not a date"):
        parse_taken_at(text, NOW)


def test_a_date_and_time_are_read():
    assert parse_taken_at("22/11/2026 08:30", NOW) == dt.datetime(2026, 11, 22, 8, 30)
    assert parse_taken_at("2026-11-22T08:30", NOW) == dt.datetime(2026, 11, 22, 8, 30)
