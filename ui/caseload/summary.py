"""Counts the Today and Dashboard screens show, taken from the caseload rows already loaded.

Pure functions over CaseloadRow tuples, so they run on the worker thread with the load.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from carecoord.domain.enums import PlanStatus
from carecoord.services.caseload import NO_PLAN, CaseloadRow
from ui.caseload.model import review_mark


@dataclass(frozen=True)
class ReviewCounts:
    people: int = 0
    overdue: int = 0
    due_soon: int = 0


@dataclass(frozen=True)
class CaseloadSummary:
    everyone: ReviewCounts = ReviewCounts()
    mine: ReviewCounts = ReviewCounts()
    plan_status: dict[str, int] = field(default_factory=dict)

    @property
    def agreed(self) -> int:
        return (self.plan_status.get(PlanStatus.AGREED.value, 0)
                + self.plan_status.get(PlanStatus.UNDER_REVIEW.value, 0))

    @property
    def offered(self) -> int:
        """Offered at some point: still offered, declined, drafted or agreed."""
        return self.everyone.people - self.plan_status.get(NO_PLAN, 0)


def _reviews(rows: list[CaseloadRow], today: dt.date) -> ReviewCounts:
    marks = Counter(review_mark(r, today) for r in rows)
    return ReviewCounts(len(rows), marks["overdue"], marks["due_7"] + marks["due_14"])


def summarise(rows: list[CaseloadRow], today: dt.date, lead_id: int | None) -> CaseloadSummary:
    mine = [r for r in rows if lead_id is not None and r.lead_id == lead_id]
    return CaseloadSummary(everyone=_reviews(rows, today), mine=_reviews(mine, today),
                           plan_status=dict(Counter(r.plan_status for r in rows)))
