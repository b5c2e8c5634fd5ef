"""The before-and-after sentence under a person's contacts: its noun agrees with the count."""

from __future__ import annotations

import datetime as dt

import pytest

from carecoord.services.activity import BeforeAfter


def _counts(before: int, after: int) -> BeforeAfter:
    return BeforeAfter(first_agreed_on=dt.date(2025, 3, 1), before_from=dt.date(2024, 3, 1),
                       after_to=dt.date(2026, 3, 1), before=before, after=after,
                       after_complete=True, after_days_elapsed=365, after_days_total=365)


def test_one_admission_is_singular():
    text = _counts(1, 0).describe()
    assert text.startswith("1 unplanned admission or A&E attendance in the 12 months before")
    assert "1 unplanned admissions" not in text


@pytest.mark.parametrize("n", [0, 2, 11])
def test_other_counts_are_plural(n):
    assert _counts(n, 1).describe().startswith(
        f"{n} unplanned admissions or A&E attendances in the 12 months before")
