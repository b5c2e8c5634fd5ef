"""No heading is the last thing on a page.

One pass over the finished story puts a conditional page break before every heading (or
raises the one already there) so that the heading moves to the next page unless there is
room for it and the start of what follows it. "The start" is worked out through whatever
follows: the first two lines of a paragraph, the whole of a block that cannot split, and,
when a heading is followed straight away by another heading (a section's first goal, a
goal's "What I will do"), that heading and the start of what follows it too. Without this,
a section heading kept only room for three lines while the goal card under it asked for
more, so the card moved on and the heading was left alone.

A block taller than half a page is not waited for: the heading keeps room for a few lines,
so a long block never leaves most of a page empty.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Indenter,
    KeepTogether,
    Paragraph,
    Spacer,
)


def _height(f: Flowable, width: float, page: float) -> float:
    if isinstance(f, KeepTogether):  # its own wrap needs a canvas, so add up its content
        return sum(_height(g, width, page) for g in f._content)
    return f.wrap(width, page)[1] + f.getSpaceBefore() + f.getSpaceAfter()


def _start(rest: Sequence[Flowable], width: float, page: float, leading: float,
           is_heading: Callable[[Flowable], bool]) -> float:
    """The height the first unbreakable piece of `rest` needs."""
    used = 0.0
    for i, f in enumerate(rest):
        if isinstance(f, Indenter):
            width -= f.left
            continue
        if isinstance(f, CondPageBreak):
            after = _start(rest[i + 1:], width, page, leading, is_heading)
            return used + max(f.height, after)
        if isinstance(f, Spacer):
            used += f.height
            continue
        if is_heading(f):
            return used + _height(f, width, page) + _start(rest[i + 1:], width, page, leading,
                                                           is_heading)
        whole = _height(f, width, page)
        if isinstance(f, Paragraph):
            # Two lines: reportlab keeps a paragraph's first two together (no orphans).
            return used + min(whole, f.getSpaceBefore() + leading * 2.4)
        if whole > page / 2:
            return used + leading * 3
        return used + whole
    return used


def keep_headings(story: list[Flowable], width: float, page: float, leading: float,
                  is_heading: Callable[[Flowable], bool]) -> list[Flowable]:
    """`story` with a conditional page break before each heading, big enough for the
    heading and the start of what follows it (at most half a page)."""
    out: list[Flowable] = []
    for i, f in enumerate(story):
        if isinstance(f, Indenter):
            width -= f.left
        if is_heading(f):
            need = _height(f, width, page) + _start(story[i + 1:], width, page, leading,
                                                    is_heading)
            need = min(need, page / 2 + _height(f, width, page))
            if out and isinstance(out[-1], CondPageBreak):
                out[-1].height = max(out[-1].height, need)
            else:
                out.append(CondPageBreak(need))
        out.append(f)
    return out
