"""The dashboard's figures, each for everyone or filtered by team and by lead professional.

The caseload is the ACTIVE people (discharged and deceased people are left out), limited to
one team (`person.team`) and/or to the people one professional currently leads (their open
lead assignment). Every figure below is over that caseload.

- Coverage: the share with an agreed plan (agreed, or agreed and under review: the plan in
  force) and the share with a plan offered. "Offered" counts every person with a plan at any
  stage (offered, declined, draft, agreed, under review): PRODUCT.md says offered and
  declined plans count for coverage.
- Reviews due per week over the next 12 weeks: plans in force whose review date falls in
  each week. Weeks run Monday to Sunday, starting with this week; this week counts from
  today, because a review dated earlier this week is already overdue and is counted there.
- Overdue reviews by lead: plans in force whose review date is before today, per current
  lead professional (people with no lead are counted under None).
- Unplanned admissions and A&E attendances in the 12 months before and after each person's
  first agreed plan, summed over people (the windows are activity.BeforeAfter's: before is
  [A - 12 months, A), after is [A, A + 12 months), A the first agreement date). "After" is
  only fair for people whose 12 months have passed, so `before_qualifying` and
  `after_qualifying` cover only them, and `qualifying` says how many they are;
  `before_all` covers everyone with an agreed plan.
- Goal achievement: goals on plans in force (agreed or under review), not removed and not
  cancelled, counted by achievement status.
- Lifestyle check coverage: the share with a lifestyle check in the last 12 months (the rule
  of lifestyle.lifestyle_check_coverage, here with the team filter too).
- Experience results: experience.team_results for the lead. That service cannot be limited
  to a team, so with a team filter `experience` is None.

Each figure is one or two SQL aggregate queries; see `dashboard()` for the whole set.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import String, and_, case, func, literal, select, type_coerce

from carecoord.domain.enums import Achievement, GoalLifecycle, PersonStatus, PlanStatus
from carecoord.services.activity import OUTCOME_KINDS, outcome_windows
from carecoord.services.base import Ctx, Work, reading
from carecoord.services.experience import TeamResults, team_results
from carecoord.services.lifestyle import coverage_statement
from carecoord.store.models import (
    CarePlan,
    ContactEvent,
    Goal,
    LeadAssignment,
    Person,
    Professional,
)

WEEKS = 12
IN_FORCE = (PlanStatus.AGREED.value, PlanStatus.UNDER_REVIEW.value)
NO_PLAN = "none"


@dataclass(frozen=True)
class DashboardFilter:
    team: str | None = None
    lead_professional_id: int | None = None


@dataclass(frozen=True)
class Coverage:
    people: int
    agreed: int  # agreed or under review
    offered: int  # any plan: offered, declined, draft, agreed, under review
    by_status: tuple[tuple[str, int], ...]  # ("none" for no plan), for a stacked bar

    @property
    def agreed_share(self) -> float | None:
        return self.agreed / self.people if self.people else None

    @property
    def offered_share(self) -> float | None:
        return self.offered / self.people if self.people else None


@dataclass(frozen=True)
class WeekCount:
    week_start: dt.date  # a Monday
    count: int


@dataclass(frozen=True)
class LeadCount:
    professional_id: int | None  # None: no lead professional
    name: str
    count: int


@dataclass(frozen=True)
class AdmissionsAroundPlan:
    people_with_plan: int  # with a first agreed plan
    before_all: int  # over all of them
    qualifying: int  # whose first agreement was at least 12 months ago
    before_qualifying: int
    after_qualifying: int

    @property
    def change(self) -> float | None:
        """The fractional change for the qualifying people (-0.3 is 30% fewer)."""
        if not self.qualifying or not self.before_qualifying:
            return None
        return (self.after_qualifying - self.before_qualifying) / self.before_qualifying


@dataclass(frozen=True)
class LifestyleCoverage:
    checked: int
    people: int
    since: dt.date

    @property
    def share(self) -> float | None:
        return self.checked / self.people if self.people else None


@dataclass(frozen=True)
class Dashboard:
    filter: DashboardFilter
    today: dt.date
    coverage: Coverage
    reviews_due_by_week: tuple[WeekCount, ...]
    overdue_by_lead: tuple[LeadCount, ...]  # most overdue first
    admissions: AdmissionsAroundPlan
    goal_achievement: tuple[tuple[Achievement, int], ...]  # every status, in enum order
    lifestyle: LifestyleCoverage
    experience: TeamResults | None  # None with a team filter (see the module docstring)

    @property
    def overdue_total(self) -> int:
        return sum(c.count for c in self.overdue_by_lead)


# ---- the caseload the figures cover -----------------------------------------------------


def _population(flt: DashboardFilter):
    """The ids of the active people in the filter. Without a team it is answered from
    ix_person_status alone; with a lead, from ix_lead_assignment_professional_open."""
    p = Person.__table__
    stmt = select(p.c.id).where(p.c.status == PersonStatus.ACTIVE.value)
    if flt.team is not None:
        stmt = stmt.where(p.c.team == flt.team)
    if flt.lead_professional_id is not None:
        stmt = stmt.where(p.c.id.in_(
            select(LeadAssignment.person_id).where(
                LeadAssignment.professional_id == flt.lead_professional_id,
                LeadAssignment.ended_on.is_(None))))
    return stmt


def _people(stmt, flt: DashboardFilter, person_id_col):
    """Limit a statement to the active people in the filter.

    A set membership test rather than a join: SQLite builds the set once from an index
    instead of reading each person's (wide) row. For a whole team or everyone, `+ 0` stops
    SQLite walking the table's person index once per person in the set: reading the table
    straight through is several times faster on a large encrypted store. One lead's few
    hundred people are best found through the index, so the index is left to them.
    """
    column = person_id_col if flt.lead_professional_id is not None else person_id_col + 0
    return stmt.where(column.in_(_population(flt)))


def week_starts(today: dt.date, weeks: int = WEEKS) -> tuple[dt.date, ...]:
    monday = today - dt.timedelta(days=today.weekday())
    return tuple(monday + dt.timedelta(weeks=i) for i in range(weeks))


# ---- coverage, reviews due and overdue: one pass over the plans in force -----------------


def _plans(w: Work, flt: DashboardFilter, today: dt.date
           ) -> tuple[Coverage, tuple[WeekCount, ...], tuple[LeadCount, ...]]:
    """One grouped query: per plan status, the review date when it is due within the 12
    weeks, and the lead when it is overdue. Python then adds the groups up."""
    p = Person.__table__
    plan = CarePlan.__table__.alias("plan")
    lead = LeadAssignment.__table__.alias("lead")
    weeks = week_starts(today)
    horizon = weeks[-1] + dt.timedelta(days=7)
    status = type_coerce(plan.c.status, String)
    in_force = status.in_(IN_FORCE)
    overdue = and_(in_force, plan.c.review_date < today)
    # One row per person, then grouped: grouping on the inner query's columns keeps the
    # SQL portable (PostgreSQL wants GROUP BY to name what is selected).
    per_person = (
        select(func.coalesce(status, literal(NO_PLAN)).label("status"),
               case((and_(in_force, plan.c.review_date >= today,
                          plan.c.review_date < horizon), plan.c.review_date)).label("due"),
               case((overdue, 1), else_=0).label("overdue"),
               case((overdue, lead.c.professional_id)).label("lead"))
        .select_from(p)
        .outerjoin(plan, and_(plan.c.person_id == p.c.id, plan.c.is_current.is_(True)))
        .outerjoin(lead, and_(lead.c.person_id == p.c.id, lead.c.ended_on.is_(None)))
        .where(p.c.status == PersonStatus.ACTIVE.value))
    if flt.team is not None:
        per_person = per_person.where(p.c.team == flt.team)
    if flt.lead_professional_id is not None:
        per_person = per_person.where(lead.c.professional_id == flt.lead_professional_id)
    rows = per_person.subquery("per_person")
    stmt = (select(rows.c.status, type_coerce(rows.c.due, plan.c.review_date.type),
                   rows.c.overdue, rows.c.lead, func.count())
            .group_by(rows.c.status, rows.c.due, rows.c.overdue, rows.c.lead))
    by_status: dict[str, int] = defaultdict(int)
    by_week = [0] * len(weeks)
    by_lead: dict[int | None, int] = defaultdict(int)
    for st, due_on, is_overdue, lead_id, n in w.session.execute(stmt):
        by_status[st] += n
        if due_on is not None:
            by_week[(due_on - weeks[0]).days // 7] += n
        if is_overdue:
            by_lead[lead_id] += n
    people = sum(by_status.values())
    agreed = sum(by_status[s] for s in IN_FORCE)
    order = [NO_PLAN, *(s.value for s in PlanStatus)]
    coverage = Coverage(people, agreed, people - by_status[NO_PLAN],
                        tuple((s, by_status[s]) for s in order if by_status.get(s)))
    names = {i: name for i, name in w.session.execute(
        select(Professional.id, Professional.name).where(
            Professional.id.in_([i for i in by_lead if i is not None])))}
    leads = sorted((LeadCount(i, names.get(i, "Unknown") if i is not None
                              else "No lead professional", n) for i, n in by_lead.items()),
                   key=lambda c: (-c.count, c.professional_id is None, c.name))
    return (coverage, tuple(WeekCount(d, n) for d, n in zip(weeks, by_week, strict=True)),
            tuple(leads))


def coverage(ctx: Ctx, flt: DashboardFilter = DashboardFilter(),
             today: dt.date | None = None) -> Coverage:
    with reading(ctx) as w:
        return _plans(w, flt, today or ctx.today())[0]


def reviews_due_by_week(ctx: Ctx, flt: DashboardFilter = DashboardFilter(),
                        today: dt.date | None = None) -> tuple[WeekCount, ...]:
    with reading(ctx) as w:
        return _plans(w, flt, today or ctx.today())[1]


def overdue_by_lead(ctx: Ctx, flt: DashboardFilter = DashboardFilter(),
                    today: dt.date | None = None) -> tuple[LeadCount, ...]:
    with reading(ctx) as w:
        return _plans(w, flt, today or ctx.today())[2]


# ---- admissions before and after the first agreed plan ----------------------------------


def _admissions(w: Work, flt: DashboardFilter, today: dt.date) -> AdmissionsAroundPlan:
    """Two queries: each person's agreement dates, and their admission and A&E counts per
    day; the first agreement and the calendar-month windows are then worked out in Python,
    exactly as activity.admissions_before_after does for one person."""
    cp = CarePlan.__table__
    # Every agreed version (one pass over the plans), the lowest-numbered kept per person.
    # Picking it in SQL needs a second pass over the wide plan rows, which costs more.
    first: dict[int, tuple[int, dt.date]] = {}
    for pid, number, day in w.session.connection().execute(_people(
            select(cp.c.person_id, cp.c.number, cp.c.agreed_on).select_from(cp)
            .where(cp.c.agreed_on.is_not(None)), flt, cp.c.person_id)):
        if pid not in first or number < first[pid][0]:
            first[pid] = (number, day)
    agreed = {pid: day for pid, (_, day) in first.items()}
    ce = ContactEvent.__table__
    # As in caseload.load: for more than one lead's people, `person_id + 0` reads the table
    # straight through and groups in memory, cheaper than the index plus a row read each.
    who = ce.c.person_id if flt.lead_professional_id is not None else ce.c.person_id + 0
    events = _people(
        select(who, ce.c.occurred_on, func.count()).select_from(ce)
        .where(type_coerce(ce.c.kind, String).in_([k.value for k in OUTCOME_KINDS]),
               ce.c.retired_on.is_(None))
        .group_by(who, ce.c.occurred_on), flt, ce.c.person_id)
    windows = {pid: outcome_windows(day) for pid, day in agreed.items()}
    complete = {pid for pid, (_, _, after_to) in windows.items() if today >= after_to}
    before_all = before_q = after_q = 0
    for pid, day, n in w.session.connection().execute(events):
        win = windows.get(pid)
        if win is None:
            continue
        before_from, agreed_on, after_to = win
        if before_from <= day < agreed_on:
            before_all += n
            if pid in complete:
                before_q += n
        elif agreed_on <= day < after_to and pid in complete:
            after_q += n
    return AdmissionsAroundPlan(len(agreed), before_all, len(complete), before_q, after_q)


def admissions_around_plan(ctx: Ctx, flt: DashboardFilter = DashboardFilter(),
                           today: dt.date | None = None) -> AdmissionsAroundPlan:
    with reading(ctx) as w:
        return _admissions(w, flt, today or ctx.today())


# ---- goals, lifestyle, experience -------------------------------------------------------


def _goals(w: Work, flt: DashboardFilter) -> tuple[tuple[Achievement, int], ...]:
    """Goals grouped by achievement, for the plans in force of the people in the filter.

    The plans are found first (`is_current IS NOT false` reads them in person order rather
    than through the review-date index in random order, as in progress.py), then their goals
    through ix_goal_plan_id.
    """
    cp = CarePlan.__table__
    g = Goal.__table__
    in_force = _people(
        select(cp.c.id).select_from(cp)
        .where(cp.c.is_current.is_not(False), type_coerce(cp.c.status, String).in_(IN_FORCE)),
        flt, cp.c.person_id)
    achievement = type_coerce(g.c.achievement, String)
    stmt = (select(achievement, func.count())
            .where(g.c.plan_id.in_(in_force), g.c.retired_on.is_(None),
                   type_coerce(g.c.lifecycle, String) != GoalLifecycle.CANCELLED.value)
            .group_by(achievement))
    found = {a: n for a, n in w.session.execute(stmt)}
    return tuple((a, int(found.get(a.value, 0))) for a in Achievement)


def goal_achievement(ctx: Ctx, flt: DashboardFilter = DashboardFilter()
                     ) -> tuple[tuple[Achievement, int], ...]:
    with reading(ctx) as w:
        return _goals(w, flt)


def _lifestyle(w: Work, flt: DashboardFilter, today: dt.date) -> LifestyleCoverage:
    stmt, since = coverage_statement(today, flt.lead_professional_id, flt.team)
    people, with_check = w.session.execute(stmt).one()
    return LifestyleCoverage(int(with_check), int(people), since)


def lifestyle_coverage(ctx: Ctx, flt: DashboardFilter = DashboardFilter(),
                       today: dt.date | None = None) -> LifestyleCoverage:
    with reading(ctx) as w:
        return _lifestyle(w, flt, today or ctx.today())


def dashboard(ctx: Ctx, flt: DashboardFilter = DashboardFilter(),
              today: dt.date | None = None) -> Dashboard:
    """Every figure, read in one unit of work (one consistent snapshot), plus the
    experience results from their own service."""
    today = today or ctx.today()
    with reading(ctx) as w:
        cover, weeks, overdue = _plans(w, flt, today)
        admissions = _admissions(w, flt, today)
        goals = _goals(w, flt)
        lifestyle = _lifestyle(w, flt, today)
    experience = (team_results(ctx, flt.lead_professional_id, today=today)
                  if flt.team is None else None)
    return Dashboard(flt, today, cover, weeks, overdue, admissions, goals, lifestyle,
                     experience)


def teams(ctx: Ctx) -> list[str]:
    """The teams active people belong to, for the filter."""
    with reading(ctx) as w:
        return list(w.session.scalars(
            select(Person.team).where(Person.status == PersonStatus.ACTIVE,
                                      Person.team.is_not(None))
            .distinct().order_by(Person.team)))
