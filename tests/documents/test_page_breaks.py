"""Where the printed plan's pages break: no heading is left alone at the foot of a page, and
large print does not waste pages."""

from __future__ import annotations

import pytest

from carecoord.documents.styles import PAGE, look
from carecoord.services.printing import Layout, render_plan
from tests.documents.conftest import build_plan
from tests.documents.pdf_probe import reader, runs


def _pages(ctx, person, tmp_path, layout):
    out = tmp_path / f"{layout.value}.pdf"
    render_plan(ctx, person.id, out, layout)
    pdf = reader(out)
    lk = look(layout)
    body = [r for r in runs(pdf) if lk.margin_bottom - 1 <= r.y <= PAGE[1] - lk.margin_top]
    return lk, len(pdf.pages), body


def _lowest(body, page):
    on_page = [r for r in body if r.page == page]
    low = min(r.y for r in on_page)
    return low, [r for r in on_page if r.y < low + 1]


def _fill(lk, count, body) -> list[float]:
    """How far down each page but the last its text reaches, as a share of the frame."""
    top = PAGE[1] - lk.margin_top
    frame = top - lk.margin_bottom
    return [round((top - _lowest(body, page)[0]) / frame, 2) for page in range(count - 1)]


@pytest.mark.parametrize("layout", list(Layout))
def test_no_page_ends_with_a_heading(ctx, person, rich, tmp_path, layout):
    lk, count, body = _pages(ctx, person, tmp_path, layout)
    assert count > 1
    for page in range(count - 1):
        _, last_line = _lowest(body, page)
        # Headings (sections, goals, "What I will do") are bold and bigger than the text.
        headings = [r.text for r in last_line if r.size > lk.body + 0.5]
        assert headings == [], f"page {page + 1} ends with the heading {headings}"


def test_large_print_has_no_nearly_empty_pages(ctx, person, rich, tmp_path):
    lk, count, body = _pages(ctx, person, tmp_path, Layout.LARGE_PRINT)
    fill = _fill(lk, count, body)
    # The last page is the tear-off slip, and the one before it may end early to keep the
    # slip whole.
    assert min(fill[:-1]) >= 0.25, fill


SENTENCE = "I like my garden and seeing my grandchildren on Sundays. "


@pytest.mark.parametrize("sentences", range(1, 22, 3))
def test_no_heading_is_left_alone_wherever_the_pages_fall(ctx, person, tmp_path, sentences):
    """A longer "what matters" moves every later page break, so one of these lands on a
    section heading followed by a goal card, or on "What I will do" followed by an action."""
    build_plan(ctx, person.id, what_matters=SENTENCE * sentences)
    for layout in (Layout.EASY_READ, Layout.LARGE_PRINT):
        lk, count, body = _pages(ctx, person, tmp_path, layout)
        for page in range(count - 1):
            _, last_line = _lowest(body, page)
            headings = [r.text for r in last_line if r.size > lk.body + 0.5]
            assert headings == [], f"{layout.value} page {page + 1} ends with {headings}"
        if layout == Layout.LARGE_PRINT:
            assert min(_fill(lk, count, body)[:-1]) >= 0.25, _fill(lk, count, body)
