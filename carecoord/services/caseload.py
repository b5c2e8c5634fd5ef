"""The caseload: one lightweight row per person, loaded in one query, filtered in memory.

Rows are plain tuples (NamedTuple) so a Qt table model can hold 50,000 of them cheaply, and
search-as-you-type never goes back to the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import and_, func, select

from carecoord.domain.dates import review_state
from carecoord.domain.enums import AppointmentStatus, PersonStatus, PlanStatus
from carecoord.domain.nhs_number import format_nhs
from carecoord.services.base import Ctx, reading, viewing
from carecoord.store.models import (
    Appointment,
    CarePlan,
    LeadAssignment,
    Person,
    Professional,
    User,
)

NO_PLAN = "none"


class CaseloadRow(NamedTuple):
    person_id: int
    nhs_number: str
    family_name: str
    given_name: str
    preferred_name: str | None
    date_of_birth: dt.date
    team: str | None
    priority: str | None
    frailty: str | None
    lead_id: int | None
    lead_name: str | None
    plan_status: str
    review_date: dt.date | None
    next_appointment: dt.datetime | None
    status: str
    search_key: str

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def nhs_formatted(self) -> str:
        return format_nhs(self.nhs_number)


PLAN_STATUS_LABELS = {
    NO_PLAN: "No plan",
    PlanStatus.OFFERED.value: "Offered",
    PlanStatus.DECLINED.value: "Declined",
    PlanStatus.DRAFT.value: "Draft",
    PlanStatus.AGREED.value: "Agreed",
    PlanStatus.UNDER_REVIEW.value: "Under review",
    PlanStatus.SUPERSEDED.value: "Superseded",
}


@dataclass(frozen=True)
class CaseloadQuery:
    lead_professional_id: int | None = None
    include_inactive: bool = False


def _statement(query: CaseloadQuery, now: dt.datetime):
    lead = LeadAssignment.__table__.alias("lead")
    pro = Professional.__table__.alias("lead_pro")
    plan = CarePlan.__table__.alias("plan")
    p = Person.__table__
    next_appt = (
        select(func.min(Appointment.starts_at))
        .where(Appointment.person_id == p.c.id, Appointment.starts_at >= now,
               Appointment.status == AppointmentStatus.BOOKED.value)
        .correlate(p).scalar_subquery()
    )
    stmt = (
        select(p.c.id, p.c.nhs_number, p.c.family_name, p.c.given_name, p.c.preferred_name,
               p.c.date_of_birth, p.c.team, p.c.priority, p.c.frailty, lead.c.professional_id,
               pro.c.name, plan.c.status, plan.c.review_date, next_appt, p.c.status)
        .select_from(p)
        .outerjoin(lead, and_(lead.c.person_id == p.c.id, lead.c.ended_on.is_(None)))
        .outerjoin(pro, pro.c.id == lead.c.professional_id)
        .outerjoin(plan, and_(plan.c.person_id == p.c.id, plan.c.is_current.is_(True)))
    )
    if not query.include_inactive:
        stmt = stmt.where(p.c.status == PersonStatus.ACTIVE.value)
    if query.lead_professional_id is not None:
        stmt = stmt.where(lead.c.professional_id == query.lead_professional_id)
    return stmt


def _row(r) -> CaseloadRow:
    key = " ".join(filter(None, (r[3], r[4], r[2], r[1]))).lower()
    return CaseloadRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                       r[11] or NO_PLAN, r[12], r[13], r[14], key)


def load(ctx: Ctx, query: CaseloadQuery = CaseloadQuery(), audit: bool = True
         ) -> list[CaseloadRow]:
    now = dt.datetime.combine(ctx.today(), dt.datetime.now().time())
    with reading(ctx) as w:
        rows = [_row(r) for r in w.session.execute(_statement(query, now))]
    if audit:
        with viewing(ctx) as w:
            w.audit("view", "caseload", None, None, rows=len(rows),
                    lead=query.lead_professional_id)
    return rows


def professional_for_username(ctx: Ctx, username: str) -> int | None:
    with reading(ctx) as w:
        return w.session.scalar(select(User.professional_id)
                                .where(User.username == username.strip().lower()))


def search(rows: Iterable[CaseloadRow], text: str) -> list[CaseloadRow]:
    """Name or NHS number, as typed: '943 476', 'smith ann', 'annie'. Every word must match."""
    words = text.lower().split()
    if not words:
        return list(rows)
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len("".join(words)):
        return [r for r in rows if digits in r.nhs_number]
    return [r for r in rows if all(word in r.search_key for word in words)]


def is_overdue(row: CaseloadRow, today: dt.date) -> bool:
    return row.plan_status in (PlanStatus.AGREED.value, PlanStatus.UNDER_REVIEW.value) and (
        review_state(row.review_date, today) == "overdue")


def sort_key(column: str):
    """A key that sorts None last in either direction by pairing it with a flag."""
    def key(row: CaseloadRow):
        value = getattr(row, column)
        if isinstance(value, str):
            value = value.lower()
        return (value is None, value if value is not None else 0)
    return key


def sort_rows(rows: list[CaseloadRow], column: str, descending: bool = False
              ) -> list[CaseloadRow]:
    present = [r for r in rows if getattr(r, column) is not None]
    missing = [r for r in rows if getattr(r, column) is None]
    present.sort(key=sort_key(column), reverse=descending)
    return present + missing
