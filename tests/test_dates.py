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


# ---- portable formatting ---------------------------------------------------------------------

def test_format_date_drops_the_leading_zero_without_the_platform_flag():
    from carecoord.domain.dates import format_date

    assert format_date(dt.date(2026, 3, 3), "%-d %B %Y") == "3 March 2026"
    assert format_date(dt.date(2026, 11, 22), "%A %-d %b") == "Sunday 22 Nov"
    assert format_date(dt.datetime(2026, 1, 5, 9, 7), "%-d %b %Y %H:%M") == "5 Jan 2026 09:07"


def test_no_date_is_formatted_with_the_non_portable_flag_outside_format_date():
    """'%-d' fails on Windows: every such pattern must go through format_date."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    # An f-string format spec or a strftime/strptime call using %-d.
    bad = re.compile(r"\{[^{}]*:[^{}]*%-d[^{}]*\}|strftime\([^)]*%-d")
    offenders = [f"{path.relative_to(root)}:{n}"
                 for folder in ("carecoord", "ui")
                 for path in sorted((root / folder).rglob("*.py"))
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if bad.search(line)]
    assert offenders == []


def test_the_non_portable_flag_is_only_ever_a_pattern_given_to_format_date():
    """Catches what a line search cannot: a pattern kept in a variable, split over lines,
    or passed to format() or time.strftime. Outside the module that defines format_date,
    '%-d' may appear in code only as a literal pattern handed straight to format_date."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    defining_module = root / "carecoord" / "domain" / "dates.py"

    def is_format_date(call: ast.Call) -> bool:
        f = call.func
        return (isinstance(f, ast.Name) and f.id == "format_date") or (
            isinstance(f, ast.Attribute) and f.attr == "format_date")

    offenders = []
    for folder in ("carecoord", "ui"):
        for path in sorted((root / folder).rglob("*.py")):
            if path == defining_module:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            allowed = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and is_format_date(node):
                    patterns = node.args[1:] + [k.value for k in node.keywords]
                    allowed.update(id(p) for p in patterns if isinstance(p, ast.Constant))
                if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                              | ast.AsyncFunctionDef):
                    body = node.body
                    if body and isinstance(body[0], ast.Expr) and isinstance(
                            body[0].value, ast.Constant):
                        allowed.add(id(body[0].value))  # a docstring may name the flag
            offenders += [f"{path.relative_to(root)}:{node.lineno}"
                          for node in ast.walk(tree)
                          if isinstance(node, ast.Constant) and isinstance(node.value, str)
                          and "%-d" in node.value and id(node) not in allowed]
    assert offenders == []
