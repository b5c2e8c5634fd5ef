import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecoord.domain.dates import DueWindow, add_months, parse_date, review_state
from carecoord.domain.errors import ValidationError


@pytest.mark.parametrize("text,expected", [("31/12/2026", dt.date(2026, 12, 31)),
                                           ("2026-02-28", dt.date(2026, 2, 28)),
                                           ("29/02/2028", dt.date(2028, 2, 29))])
def test_dates_in_either_form(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text,fragment", [("31/02/1950", "February 1950 has 28 days"),
                                           ("29/02/2027", "February 2027 has 28 days"),
                                           ("12/13/2020", "no month 13"),
                                           ("yesterday", "not a date"),
                                           ("01/01/0001", "looks wrong")])
def test_impossible_dates_get_a_plain_message(text, fragment):
    with pytest.raises(ValidationError, match=fragment):
        parse_date(text)


@given(st.text(max_size=20))
def test_parse_date_only_raises_validation_errors(text):
    try:
        parse_date(text)
    except ValidationError:
        pass


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 11, 22), 6) == dt.date(2027, 5, 22)


def test_review_state_boundaries():
    today = dt.date(2026, 11, 22)
    assert review_state(today - dt.timedelta(days=1), today) == "overdue"
    assert review_state(today, today) == "due_7"
    assert review_state(today + dt.timedelta(days=7), today) == "due_7"
    assert review_state(today + dt.timedelta(days=8), today) == "due_14"
    assert review_state(today + dt.timedelta(days=14), today) == "due_14"
    assert review_state(today + dt.timedelta(days=15), today) is None
    assert review_state(None, today) is None


def test_due_window_cannot_end_before_it_starts():
    with pytest.raises(ValidationError):
        DueWindow(dt.date(2026, 5, 2), dt.date(2026, 5, 1))
    assert DueWindow(None, dt.date(2027, 3, 1)).describe() == "by 1 March 2027"
