"""The dashboard's figures agree with counts made directly in SQL (and, for admissions
around the plan, with the one-person service summed over people) on a seeded demo store,
for everyone, a team, a lead, and both."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from carecoord.demo import build_demo_store
from carecoord.domain.enums import Achievement
from carecoord.security.users import login
from carecoord.services import activity, dashboard, lifestyle
from carecoord.services.base import Ctx
from carecoord.services.dashboard import DashboardFilter
from carecoord.services.experience import team_results

TODAY = dt.date(2026, 11, 22)
IN_FORCE = "('agreed', 'under_review')"
SCOPE = """p.status = 'active' AND (:team IS NULL OR p.team = :team)
    AND (:lead IS NULL OR p.id IN (SELECT person_id FROM lead_assignment
                                   WHERE ended_on IS NULL AND professional_id = :lead))"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = build_demo_store(tmp_path_factory.mktemp("dash") / "store", 300, seed=3,
                             today=TODAY)
    yield store
    store.close()


@pytest.fixture(scope="module")
def dctx(demo):
    return Ctx(demo, login(demo, "demo", "demo"), today=lambda: TODAY)


def sql(store, query: str, **params) -> list:
    with store.engine.connect() as c:
        return c.execute(text(query), params).all()


def one(store, query: str, **params):
    return sql(store, query, **params)[0]


@pytest.fixture(scope="module")
def busy_lead(demo) -> tuple[int, str]:
    lead, team = one(demo, """
        SELECT l.professional_id, p.team FROM lead_assignment l JOIN person p
          ON p.id = l.person_id
        WHERE l.ended_on IS NULL AND p.status = 'active'
        GROUP BY l.professional_id, p.team ORDER BY count(*) DESC, 1 LIMIT 1""")
    return lead, team


@pytest.fixture(scope="module", params=["everyone", "team", "lead", "team and lead"])
def flt(request, busy_lead) -> DashboardFilter:
    lead, team = busy_lead
    return {"everyone": DashboardFilter(), "team": DashboardFilter(team=team),
            "lead": DashboardFilter(lead_professional_id=lead),
            "team and lead": DashboardFilter(team=team, lead_professional_id=lead),
            }[request.param]


@pytest.fixture(scope="module")
def board(dctx, flt) -> dashboard.Dashboard:
    return dashboard.dashboard(dctx, flt)


def scope(flt: DashboardFilter) -> dict:
    return {"team": flt.team, "lead": flt.lead_professional_id}


def test_coverage(demo, flt, board):
    people, agreed, offered = one(demo, f"""
        SELECT count(*),
               coalesce(sum(CASE WHEN c.status IN {IN_FORCE} THEN 1 ELSE 0 END), 0),
               coalesce(sum(CASE WHEN c.id IS NOT NULL THEN 1 ELSE 0 END), 0)
        FROM person p LEFT JOIN care_plan c ON c.person_id = p.id AND c.is_current = 1
        WHERE {SCOPE}""", **scope(flt))
    c = board.coverage
    assert (c.people, c.agreed, c.offered) == (people, agreed, offered)
    assert people > 0 and 0 < agreed < offered <= people
    assert sum(n for _, n in c.by_status) == people
    assert c.agreed_share == pytest.approx(agreed / people)


def test_reviews_due_per_week(demo, flt, board):
    weeks = board.reviews_due_by_week
    assert len(weeks) == 12 and weeks[0].week_start == dt.date(2026, 11, 16)  # this Monday
    assert all(b.week_start - a.week_start == dt.timedelta(days=7)
               for a, b in zip(weeks, weeks[1:], strict=False))
    for w in weeks:
        start = max(w.week_start, TODAY)
        (expected,) = one(demo, f"""
            SELECT count(*) FROM person p JOIN care_plan c
              ON c.person_id = p.id AND c.is_current = 1
            WHERE c.status IN {IN_FORCE} AND c.review_date >= :start AND c.review_date < :end
              AND {SCOPE}""", start=start.isoformat(),
                          end=(w.week_start + dt.timedelta(days=7)).isoformat(), **scope(flt))
        assert w.count == expected, w
    assert sum(w.count for w in weeks) > 0


def test_overdue_reviews_by_lead(demo, flt, board):
    expected = dict(sql(demo, f"""
        SELECT l.professional_id, count(*) FROM person p
        JOIN care_plan c ON c.person_id = p.id AND c.is_current = 1
        LEFT JOIN lead_assignment l ON l.person_id = p.id AND l.ended_on IS NULL
        WHERE c.status IN {IN_FORCE} AND c.review_date < :today AND {SCOPE}
        GROUP BY l.professional_id""", today=TODAY.isoformat(), **scope(flt)))
    got = {c.professional_id: c.count for c in board.overdue_by_lead}
    assert got == expected and board.overdue_total > 0
    counts = [c.count for c in board.overdue_by_lead]
    assert counts == sorted(counts, reverse=True)
    names = dict(sql(demo, "SELECT id, name FROM professional"))
    assert all(c.name == names[c.professional_id] for c in board.overdue_by_lead)


def test_admissions_before_and_after_the_first_plan(demo, dctx, flt, board):
    ids = [i for (i,) in sql(demo, f"SELECT p.id FROM person p WHERE {SCOPE}", **scope(flt))]
    each = [activity.admissions_before_after(dctx, i) for i in ids]
    with_plan = [b for b in each if b.has_plan]
    done = [b for b in with_plan if b.after_complete]
    a = board.admissions
    assert a.people_with_plan == len(with_plan)
    assert a.before_all == sum(b.before for b in with_plan)
    assert a.qualifying == len(done)
    assert (a.before_qualifying, a.after_qualifying) == (sum(b.before for b in done),
                                                         sum(b.after for b in done))
    (direct,) = one(demo, f"""
        SELECT count(DISTINCT c.person_id) FROM care_plan c JOIN person p ON p.id = c.person_id
        WHERE c.agreed_on IS NOT NULL AND {SCOPE}""", **scope(flt))
    assert a.people_with_plan == direct
    if flt == DashboardFilter():
        assert a.qualifying > 0 and a.before_all > 0  # the demo data exercises the rule


def test_goal_achievement(demo, flt, board):
    expected = dict(sql(demo, f"""
        SELECT g.achievement, count(*) FROM goal g
        JOIN care_plan c ON c.id = g.plan_id JOIN person p ON p.id = c.person_id
        WHERE c.is_current = 1 AND c.status IN {IN_FORCE} AND g.retired_on IS NULL
          AND g.lifecycle != 'cancelled' AND {SCOPE}
        GROUP BY g.achievement""", **scope(flt)))
    assert [a for a, _ in board.goal_achievement] == list(Achievement)
    assert {a.value: n for a, n in board.goal_achievement if n} == expected


def test_lifestyle_and_experience(demo, dctx, flt, board):
    since = dt.date(2025, 11, 22)
    people, checked = one(demo, f"""
        SELECT count(*), coalesce(sum(CASE WHEN EXISTS (
            SELECT 1 FROM lifestyle_check k WHERE k.person_id = p.id AND k.retired_on IS NULL
              AND k.checked_on >= :since AND k.checked_on <= :today) THEN 1 ELSE 0 END), 0)
        FROM person p WHERE {SCOPE}""", since=since.isoformat(), today=TODAY.isoformat(),
                          **scope(flt))
    assert (board.lifestyle.people, board.lifestyle.checked, board.lifestyle.since) == (
        people, checked, since)
    if flt.team is None:
        theirs = lifestyle.lifestyle_check_coverage(dctx, flt.lead_professional_id)
        assert (theirs.people, theirs.checked) == (people, checked)
        assert board.experience == team_results(dctx, flt.lead_professional_id)
    else:
        assert board.experience is None


def test_the_parts_match_the_whole(dctx, flt, board):
    assert dashboard.coverage(dctx, flt) == board.coverage
    assert dashboard.reviews_due_by_week(dctx, flt) == board.reviews_due_by_week
    assert dashboard.overdue_by_lead(dctx, flt) == board.overdue_by_lead
    assert dashboard.admissions_around_plan(dctx, flt) == board.admissions
    assert dashboard.goal_achievement(dctx, flt) == board.goal_achievement


def test_teams_for_the_filter(demo, dctx):
    expected = [t for (t,) in sql(demo, """SELECT DISTINCT team FROM person
                                           WHERE status = 'active' AND team IS NOT NULL
                                           ORDER BY team""")]
    assert dashboard.teams(dctx) == expected and len(expected) > 1


def test_an_empty_caseload_has_no_shares(ctx):
    board = dashboard.dashboard(ctx)
    assert board.coverage.people == 0 and board.coverage.agreed_share is None
    assert board.admissions.change is None and board.lifestyle.share is None
    assert sum(w.count for w in board.reviews_due_by_week) == 0
