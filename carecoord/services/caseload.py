"""The caseload: one lightweight row per person, loaded in one query, filtered in memory.

Rows are plain tuples (NamedTuple) so a Qt table model can hold 50,000 of them cheaply, and
search-as-you-type never goes back to the database. Filters over these rows live in
caseload_filters.

How load() reads the store (EXPLAIN QUERY PLAN on a 50,000-person store; `make bench`
writes the plans of every query it sends to tests/perf/RESULTS.md):

- The main query walks `person` through ix_person_status (status = 'active'); for one lead
  it starts instead from ix_lead_assignment_professional_open (professional_id, ended_on).
  For each person it seeks the open lead in uq_lead_assignment_one_open (person_id, partial
  on ended_on IS NULL), the lead's name by the professional primary key, and the plan in
  force in ix_care_plan_current (person_id, is_current, status, review_date), which covers
  it: the wide plan rows (all the plan's text) are never read.
- The next appointment is a correlated `ORDER BY starts_at LIMIT 1` on the covering
  ix_appointment_person_status_starts (person_id, status, starts_at): it stops at the first
  booked one instead of reading every future appointment, as min() would.
- Four side queries, each one pass, merged by person id in Python:
  - cohorts: the covering unique index on person_cohort (person_id, cohort);
  - admissions and A&E: for everyone, a straight read of contact_event grouped in memory
    (cheaper than ix_contact_event_person_kind_on plus a row read each for retired_on); for
    one lead, that index;
  - lifestyle checks: ix_lifestyle_check_person_on (person_id, checked_on);
  - alerts not ended: ix_alert_person_id.
  With a lead given, each side query is limited to that lead's people, found in
  ix_lead_assignment_professional_open.

Results are read through SQLAlchemy Core, not the ORM, and enum columns come back as their
plain codes: at 50,000 rows the ORM layer and the enum conversion cost about 200 ms.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import String, and_, case, func, select, type_coerce

from carecoord.domain.dates import review_state
from carecoord.domain.enums import AppointmentStatus, ContactKind, PersonStatus, PlanStatus
from carecoord.domain.nhs_number import format_nhs
from carecoord.services.base import Ctx, Work, reading, viewing
from carecoord.store.models import (
    Alert,
    Appointment,
    CarePlan,
    ContactEvent,
    LeadAssignment,
    LifestyleCheck,
    Person,
    PersonCohort,
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
    # Added for the caseload filters, the huddle and the reports. Defaults keep rows made
    # by hand (tests, imports) valid.
    cohorts: tuple[str, ...] = ()  # sorted
    last_admission_on: dt.date | None = None  # latest unplanned admission
    last_ae_on: dt.date | None = None  # latest A&E attendance
    last_unplanned_on: dt.date | None = None  # the later of the two
    lifestyle_checked_on: dt.date | None = None  # latest lifestyle check
    active_alerts: int = 0  # alerts not ended

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def nhs_formatted(self) -> str:
        return format_nhs(self.nhs_number)


_NHS = CaseloadRow._fields.index("nhs_number")
_KEY = CaseloadRow._fields.index("search_key")

PLAN_STATUS_LABELS = {
    NO_PLAN: "No plan",
    PlanStatus.OFFERED.value: "Offered",
    PlanStatus.DECLINED.value: "Declined",
    PlanStatus.DRAFT.value: "Draft",
    PlanStatus.AGREED.value: "Agreed",
    PlanStatus.UNDER_REVIEW.value: "Under review",
    PlanStatus.SUPERSEDED.value: "Superseded",
}

# What counts as an unplanned admission or A&E visit (the same as the outcome measure).
UNPLANNED_KINDS = (ContactKind.UNPLANNED_ADMISSION.value, ContactKind.AE_ATTENDANCE.value)


@dataclass(frozen=True)
class CaseloadQuery:
    lead_professional_id: int | None = None
    include_inactive: bool = False


def _code(column):
    """An enum column read as its stored code: no per-row conversion to the enum."""
    return type_coerce(column, String)


def _statement(query: CaseloadQuery, now: dt.datetime):
    lead = LeadAssignment.__table__.alias("lead")
    pro = Professional.__table__.alias("lead_pro")
    plan = CarePlan.__table__.alias("plan")
    p = Person.__table__
    a = Appointment.__table__
    next_appt = (
        select(a.c.starts_at)
        .where(a.c.person_id == p.c.id, a.c.starts_at >= now,
               a.c.status == AppointmentStatus.BOOKED.value)
        .order_by(a.c.starts_at).limit(1)
        .correlate(p).scalar_subquery()
    )
    stmt = (
        select(p.c.id, p.c.nhs_number, p.c.family_name, p.c.given_name, p.c.preferred_name,
               p.c.date_of_birth, p.c.team, _code(p.c.priority), _code(p.c.frailty),
               lead.c.professional_id, pro.c.name, _code(plan.c.status), plan.c.review_date,
               next_appt, _code(p.c.status))
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


def _lead_people(query: CaseloadQuery):
    return (select(LeadAssignment.person_id)
            .where(LeadAssignment.professional_id == query.lead_professional_id,
                   LeadAssignment.ended_on.is_(None)))


def _limited(stmt, column, query: CaseloadQuery):
    if query.lead_professional_id is None:
        return stmt
    return stmt.where(column.in_(_lead_people(query)))


class _Side(NamedTuple):
    cohorts: dict[int, tuple[str, ...]]
    unplanned: dict[int, tuple[dt.date | None, dt.date | None]]
    lifestyle: dict[int, dt.date]
    alerts: dict[int, int]


def _pairs(conn, stmt) -> dict:
    return {key: value for key, value in conn.execute(stmt)}


def _side_data(w: Work, query: CaseloadQuery) -> _Side:
    conn = w.session.connection()
    grouped: dict[int, list[str]] = defaultdict(list)
    pc = PersonCohort.__table__
    for pid, cohort in conn.execute(_limited(
            select(pc.c.person_id, pc.c.cohort).order_by(pc.c.person_id, pc.c.cohort),
            pc.c.person_id, query)):
        grouped[pid].append(cohort)
    cohorts = {pid: tuple(names) for pid, names in grouped.items()}

    ce = ContactEvent.__table__
    kind = _code(ce.c.kind)
    admitted = func.max(case((kind == ContactKind.UNPLANNED_ADMISSION.value, ce.c.occurred_on)))
    ae = func.max(case((kind == ContactKind.AE_ATTENDANCE.value, ce.c.occurred_on)))
    # For everyone, grouping by `person_id + 0` makes SQLite read the table straight
    # through and group in memory: cheaper than walking the index and fetching each row for
    # `retired_on`. For one lead's people the index is the quicker way in.
    # The grouped expression is also the one selected, as PostgreSQL requires.
    who = ce.c.person_id if query.lead_professional_id is not None else ce.c.person_id + 0
    unplanned = {pid: (adm, a_e) for pid, adm, a_e in conn.execute(_limited(
        select(who, admitted, ae)
        .where(kind.in_(UNPLANNED_KINDS), ce.c.retired_on.is_(None))
        .group_by(who), ce.c.person_id, query))}

    lc = LifestyleCheck.__table__
    lifestyle = _pairs(conn, _limited(
        select(lc.c.person_id, func.max(lc.c.checked_on))
        .where(lc.c.retired_on.is_(None)).group_by(lc.c.person_id), lc.c.person_id,
        query))

    al = Alert.__table__
    alerts = _pairs(conn, _limited(
        select(al.c.person_id, func.count()).where(al.c.retired_on.is_(None))
        .group_by(al.c.person_id), al.c.person_id, query))
    return _Side(cohorts, unplanned, lifestyle, alerts)


def _later(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a >= b else b


_NO_EVENTS = (None, None)


def _rows(result, side: _Side) -> list[CaseloadRow]:
    make = CaseloadRow._make
    cohorts, unplanned = side.cohorts, side.unplanned
    lifestyle, alerts = side.lifestyle, side.alerts
    out = []
    append = out.append
    for (pid, nhs, family, given, preferred, born, team, priority, frailty, lead_id,
         lead_name, plan_status, review, next_appt, status) in result:
        key = (f"{given} {preferred} {family} {nhs}" if preferred
               else f"{given} {family} {nhs}").lower()
        adm, a_e = unplanned.get(pid, _NO_EVENTS)
        append(make((pid, nhs, family, given, preferred, born, team, priority, frailty,
                     lead_id, lead_name, plan_status or NO_PLAN, review, next_appt, status,
                     key, cohorts.get(pid, ()), adm, a_e, _later(adm, a_e),
                     lifestyle.get(pid), alerts.get(pid, 0))))
    return out


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building 50,000 rows makes a few hundred thousand objects, none of them in a
    reference cycle. Left running, Python's cycle collector would walk everything the app
    holds (the previous rows included) hundreds of times during the load: a fifth or more
    of its time. It is paused only while the rows are built."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(ctx: Ctx, query: CaseloadQuery = CaseloadQuery(), audit: bool = True
         ) -> list[CaseloadRow]:
    now = dt.datetime.combine(ctx.today(), dt.datetime.now().time())
    with reading(ctx) as w, _collector_paused():
        side = _side_data(w, query)
        rows = _rows(w.session.connection().execute(_statement(query, now)), side)
    if audit:
        with viewing(ctx) as w:
            w.audit("view", "caseload", None, None, rows=len(rows),
                    lead=query.lead_professional_id)
    return rows
def professional_for_username(ctx: Ctx, username: str) -> int | None:
    with reading(ctx) as w:
        return w.session.scalar(select(User.professional_id)
                                .where(User.username == username.strip().lower()))


_SEPARATORS = str.maketrans({ch: " " for ch in ",;()"})


def search_words(text: str) -> list[str]:
    """The words of a search, as the caseload reads them: case does not matter, and a name
    typed as the caseload shows it ("Baker, Raymond") is two words."""
    return text.translate(_SEPARATORS).lower().split()


def search(rows: Iterable[CaseloadRow], text: str) -> list[CaseloadRow]:
    """Name or NHS number, as typed: '943 476', 'smith ann', 'annie', 'Smith, Ann'. Every
    word must match."""
    words = search_words(text)
    if not words:
        return list(rows)
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len("".join(words)):
        return [r for r in rows if digits in r[_NHS]]
    # One word at a time, each narrowing the last: a plain substring test per row, by
    # position rather than by name, is what keeps a keystroke fast at 50,000 rows.
    out = rows if isinstance(rows, list) else list(rows)
    for word in dict.fromkeys(words):
        out = [r for r in out if word in r[_KEY]]
    return out if out is not rows else list(out)


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
    """Rows sorted by one column, rows with no value last in either direction. The sort is
    stable, so rows that tie keep their order. Under 50 ms for 50,000 rows on any column."""
    if column not in CaseloadRow._fields:
        present = [r for r in rows if getattr(r, column) is not None]
        missing = [r for r in rows if getattr(r, column) is None]
        present.sort(key=sort_key(column), reverse=descending)
        return present + missing
    i = CaseloadRow._fields.index(column)
    present = [r for r in rows if r[i] is not None]
    missing = [r for r in rows if r[i] is None] if len(present) < len(rows) else []
    if present:
        present = _sorted_present(present, i, descending)
    return present + missing


def _sorted_present(present: list[CaseloadRow], i: int, descending: bool) -> list[CaseloadRow]:
    get = itemgetter(i)
    text = isinstance(present[0][i], str)
    keys = [r[i].lower() for r in present] if text else list(map(get, present))
    if len(set(keys)) * 4 <= len(present):
        # Few distinct values (a lead, a status, a team): sort those and keep each group in
        # its order, which is what a stable sort gives, at a fraction of the cost.
        buckets: dict = {}
        for key, row in zip(keys, present, strict=True):
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = [row]
            else:
                bucket.append(row)
        out: list[CaseloadRow] = []
        for key in sorted(buckets, reverse=descending):
            out.extend(buckets[key])
        return out
    if not text:
        return sorted(present, key=get, reverse=descending)
    order = sorted(range(len(present)), key=keys.__getitem__, reverse=descending)
    return [present[j] for j in order]
