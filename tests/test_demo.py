"""The synthetic demo caseload: valid, consistent with the services' rules, and repeatable."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from carecoord.demo import build_demo_store, directory, plans, populate
from carecoord.demo.dice import Dice
from carecoord.demo.names import LOCALITY_SHARES
from carecoord.domain.dates import add_months
from carecoord.domain.enums import ActionSide, OwnerKind, PlanStatus
from carecoord.domain.errors import StoreError
from carecoord.domain.nhs_number import is_valid
from carecoord.security import audit
from carecoord.security.users import login
from carecoord.services import people, team
from carecoord.services import plans as plan_service
from carecoord.services.base import Ctx
from carecoord.services.setup import store_exists, unlock
from carecoord.store.models import (
    Action,
    AuditEvent,
    CarePlan,
    CareTeamMember,
    Goal,
    LeadAssignment,
    Person,
    Professional,
    User,
)

TODAY = dt.date(2026, 11, 22)
PEOPLE = 200


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = build_demo_store(tmp_path_factory.mktemp("demo") / "store", PEOPLE, seed=7,
                             today=TODAY)
    yield store
    store.close()


def rows(store, sql: str, **params) -> list:
    with store.engine.connect() as c:
        return c.execute(text(sql), params).all()


def test_nhs_numbers_are_valid_unique_and_from_the_test_range(demo):
    numbers = [n for (n,) in rows(demo, "SELECT nhs_number FROM person")]
    assert len(numbers) == PEOPLE
    assert len(set(numbers)) == PEOPLE
    assert all(is_valid(n) and n.startswith("999") for n in numbers)


def test_every_plan_state_appears_in_the_store(demo):
    statuses = {s for (s,) in rows(demo, "SELECT DISTINCT status FROM care_plan")}
    assert statuses == {s.value for s in PlanStatus}
    (without,) = rows(demo, "SELECT count(*) FROM person p WHERE NOT EXISTS "
                            "(SELECT 1 FROM care_plan c WHERE c.person_id = p.id)")[0]
    assert without > 0


def test_plan_states_come_in_realistic_proportions():
    dice = Dice(3)
    kinds = Counter(plans.choose(dice, TODAY).kind for _ in range(4000))
    share = {k: n / 4000 for k, n in kinds.items()}
    assert 0.05 < share[plans.NO_PLAN] < 0.11
    assert share[PlanStatus.AGREED] > 0.45  # the majority state
    for state in (PlanStatus.OFFERED, PlanStatus.DECLINED, PlanStatus.DRAFT,
                  PlanStatus.UNDER_REVIEW):
        assert share[state] > 0.02


def test_plan_versions_follow_the_lifecycle_rules(demo):
    with demo.session_factory() as s:
        by_person = defaultdict(list)
        for p in s.scalars(select(CarePlan).order_by(CarePlan.person_id, CarePlan.number)):
            by_person[p.person_id].append(p)
        due = Counter()
        for versions in by_person.values():
            assert [v.number for v in versions] == list(range(1, len(versions) + 1))
            assert sum(v.is_current for v in versions) == 1
            for older, newer in zip(versions, versions[1:], strict=False):
                assert newer.previous_id == older.id
            for v in versions:
                assert v.offered_on is not None and v.offered_on <= TODAY
                if v.status in (PlanStatus.AGREED, PlanStatus.UNDER_REVIEW,
                                PlanStatus.SUPERSEDED):
                    # Both sign-offs, and the review date the service would set.
                    assert v.person_agreed_by and v.agreement_method
                    assert v.lead_professional_id and v.person_agreed_on and v.lead_agreed_on
                    assert v.agreed_on == max(v.person_agreed_on, v.lead_agreed_on) <= TODAY
                    assert v.review_date == add_months(v.agreed_on, v.review_months)
                    assert v.what_matters.strip()
                else:
                    assert v.agreed_on is None and v.lead_professional_id is None
                if v.status == PlanStatus.SUPERSEDED:
                    assert not v.is_current and v.superseded_on == versions[v.number].agreed_on
                if v.status == PlanStatus.UNDER_REVIEW:
                    assert v.is_current and v.review_started_on
                    draft = versions[v.number]  # the review's new draft comes next
                    assert draft.status == PlanStatus.DRAFT and not draft.is_current
                if v.status == PlanStatus.AGREED:
                    assert v.is_current and v is versions[-1]
                    days = (v.review_date - TODAY).days
                    due["overdue" if days < 0 else "soon" if days <= 14 else "later"] += 1
        assert due["overdue"] and due["soon"] and due["later"]


def test_goals_and_actions_are_complete_and_keep_their_lineage(demo):
    with demo.session_factory() as s:
        plans_by_id = {p.id: p for p in s.scalars(select(CarePlan))}
        goals = list(s.scalars(select(Goal)))
        actions = list(s.scalars(select(Action)))
        members = {(m.person_id, m.professional_id) for m in s.scalars(select(CareTeamMember))}
    per_plan = Counter(g.plan_id for g in goals)
    for plan_id, count in per_plan.items():
        status = plans_by_id[plan_id].status
        assert count == 3 if status != PlanStatus.DRAFT or plans_by_id[plan_id].previous_id \
            else 1 <= count <= 3
    assert not any(plans_by_id[g.plan_id].status in (PlanStatus.OFFERED, PlanStatus.DECLINED)
                   for g in goals)
    goal_plan = {g.id: plans_by_id[g.plan_id] for g in goals}
    per_goal = Counter(a.goal_id for a in actions)
    assert set(per_goal) == set(goal_plan) and set(per_goal.values()) <= {1, 2, 3}
    for a in actions:
        assert a.owner_name and (a.due_from or a.due_to)
        if a.side == ActionSide.TEAM:
            assert a.owner_kind == OwnerKind.TEAM_MEMBER and a.owner_professional_id
            assert (goal_plan[a.goal_id].person_id, a.owner_professional_id) in members
        else:
            assert a.owner_kind in (OwnerKind.PERSON, OwnerKind.CARER)
    # A review's draft copies the goals of the version under review, lineage and all.
    lineages = defaultdict(set)
    for g in goals:
        lineages[g.plan_id].add(g.lineage)
    drafts = [p for p in plans_by_id.values() if p.status == PlanStatus.DRAFT and p.previous_id]
    assert drafts
    for d in drafts:
        assert lineages[d.id] == lineages[d.previous_id]
    assert {g.achievement.value for g in goals} >= {"worsening", "not-achieved", "achieved"}


def test_each_person_has_one_open_lead_and_a_team_across_sectors(demo):
    (bad,) = rows(demo, "SELECT count(*) FROM person p WHERE (SELECT count(*) FROM "
                        "lead_assignment l WHERE l.person_id = p.id "
                        "AND l.ended_on IS NULL) != 1")[0]
    assert bad == 0
    sizes = [n for (n,) in rows(demo, "SELECT count(*) FROM care_team_member "
                                      "WHERE ended_on IS NULL GROUP BY person_id")]
    assert len(sizes) == PEOPLE and min(sizes) >= 3 and max(sizes) <= 6
    sectors = {s for (s,) in rows(demo, "SELECT DISTINCT p.sector FROM care_team_member m "
                                        "JOIN professional p ON p.id = m.professional_id")}
    assert len(sectors) >= 7
    (handovers,) = rows(demo, "SELECT count(*) FROM lead_assignment "
                              "WHERE ended_on IS NOT NULL")[0]
    assert handovers > 0
    # Every open lead is a current member of the person's team.
    (outside,) = rows(demo, "SELECT count(*) FROM lead_assignment l WHERE l.ended_on IS NULL "
                            "AND NOT EXISTS (SELECT 1 FROM care_team_member m WHERE "
                            "m.person_id = l.person_id AND m.professional_id = l.professional_id "
                            "AND m.ended_on IS NULL)")[0]
    assert outside == 0


def test_the_demo_user_leads_a_caseload_in_their_locality(demo):
    with demo.session_factory() as s:
        pro = s.scalar(select(User.professional_id).where(User.username == "demo"))
        teams = list(s.scalars(select(Person.team).join(
            LeadAssignment, LeadAssignment.person_id == Person.id).where(
            LeadAssignment.professional_id == pro, LeadAssignment.ended_on.is_(None))))
    assert len(teams) > 20 and set(teams) == {directory.HOME_LOCALITY}


@pytest.mark.parametrize("people", [1_000, 5_000, 50_000])
def test_leads_are_sized_for_a_realistic_caseload(people):
    """The demo user is one of the home locality's leads, which share its people evenly."""
    home = people * LOCALITY_SHARES[directory.HOME_LOCALITY] / sum(LOCALITY_SHARES.values())
    assert 150 <= home / directory.lead_count(home) <= 300


def test_the_store_is_sound(demo):
    assert rows(demo, "PRAGMA foreign_key_check") == []
    assert rows(demo, "PRAGMA integrity_check") == [("ok",)]
    with demo.session_factory() as s:
        assert audit.verify_chain(s) is None
        events = [e.action for e in s.scalars(select(AuditEvent))]
    assert events.count("demo_data") == 1
    assert len(events) < 10  # one event for the generation, not one per row
    assert demo.is_demo


def test_populate_adds_to_an_existing_store_and_counts_what_it_wrote(store, person):
    summary = populate(store, 40, seed=2, today=TODAY)
    assert summary.people == 40 and summary.rows > 40 * 20
    assert rows(store, "SELECT count(*) FROM person") == [(41,)]
    assert rows(store, "SELECT count(*) FROM care_plan") == [(summary.plans,)]
    assert rows(store, "SELECT count(*) FROM action") == [(summary.actions,)]
    assert rows(store, "PRAGMA foreign_key_check") == []
    again = populate(store, 10, seed=2, today=TODAY)  # same seed and day, yet no uid clash
    assert again.people == 10
    with store.session_factory() as s:
        # The signed-in user of this store (not 'demo') leads people in the home locality.
        pro = s.scalar(select(User.professional_id).where(User.username == "jo"))
        assert s.scalar(select(LeadAssignment.id).where(
            LeadAssignment.professional_id == pro).limit(1)) is not None


def table_digest(store) -> str:
    """Everything the generator wrote, in order; set-up's own rows (made with the clock and
    uuid4) are left out."""
    skip_tables = {"audit_event", "user_account", "store_meta", "alembic_version"}
    with store.session_factory() as s:
        own_pro = s.scalar(select(User.professional_id).where(User.username == "demo"))
        own_org = s.scalar(select(Professional.organisation_id).where(Professional.id == own_pro))
    digest = hashlib.sha256()
    for (name,) in rows(store, "SELECT name FROM sqlite_master WHERE type = 'table' "
                               "ORDER BY name"):
        if name in skip_tables:
            continue
        for row in rows(store, f"SELECT * FROM {name} ORDER BY 1"):  # noqa: S608
            if (name, row.id if "id" in row._fields else None) in (
                    ("professional", own_pro), ("organisation", own_org)):
                continue
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_the_same_seed_and_day_give_the_same_data(tmp_path):
    digests = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        store = build_demo_store(tmp_path / name, 60, seed=seed, today=TODAY)
        digests.append(table_digest(store))
        store.close()
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


def test_progress_is_reported_in_steps_to_the_end(tmp_path):
    calls = []
    store = build_demo_store(tmp_path / "s", 250, progress=lambda d, t: calls.append((d, t)),
                             today=TODAY)
    store.close()
    assert calls[0] == (0, 250) and calls[-1] == (250, 250)
    done = [d for d, _ in calls]
    assert done == sorted(done) and 50 <= len(calls) <= 102


def test_a_cancelled_build_leaves_nothing_behind(tmp_path):
    def cancel(done, total):
        if done > 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_demo_store(tmp_path / "s", 100, progress=cancel, today=TODAY)
    assert not store_exists(tmp_path / "s")
    assert list((tmp_path / "s").iterdir()) == []
    build_demo_store(tmp_path / "s", 5, today=TODAY).close()  # the folder can be used again


def test_demo_user_logs_in_and_the_store_opens_with_the_demo_passphrase(tmp_path,
                                                                        memory_keyring):
    data_dir = tmp_path / "s"
    build_demo_store(data_dir, 20, today=TODAY).close()
    memory_keyring.items.clear()  # as on a computer with no keyring holding the key
    store = unlock(data_dir, passphrase="demo")
    try:
        actor = login(store, "demo", "demo")
        assert actor.professional_id is not None and store.is_demo
    finally:
        store.close()


def test_the_services_read_generated_people(demo):
    ctx = Ctx(demo, login(demo, "demo", "demo"), today=lambda: TODAY)
    with demo.session_factory() as s:
        sample = {}
        for plan in s.scalars(select(CarePlan).order_by(CarePlan.id)):
            sample.setdefault(plan.status, plan.person_id)
        sample["none"] = s.scalar(select(Person.id).where(~Person.id.in_(
            select(CarePlan.person_id))).limit(1))
    for person_id in sample.values():
        view = people.open_person(ctx, person_id)
        assert view.conditions and view.nhs_number.startswith("999")
        working = plan_service.working_plan(ctx, person_id)
        current = plan_service.current_plan(ctx, person_id)
        if working is not None:
            assert current is not None
            assert working.has_content == bool(working.goals)
            for goal in working.goals:
                assert goal.actions
            if working.previous_id:
                assert plan_service.compare(ctx, working.previous_id, working.id) is not None
        members = team.team_for(ctx, person_id)
        assert members[0].is_lead and 3 <= len(members) <= 6
        assert team.lead_history(ctx, person_id)[-1].ended_on is None


def test_a_demo_store_is_never_built_over_another(tmp_path):
    build_demo_store(tmp_path / "s", 3, today=TODAY).close()
    with pytest.raises(StoreError, match="already exists"):
        build_demo_store(tmp_path / "s", 3, today=TODAY)
    unlock(tmp_path / "s", passphrase="demo").close()  # the first store is untouched


def test_a_broken_link_rolls_the_whole_load_back(store, monkeypatch):
    from carecoord.demo import activity
    from carecoord.store.models import Referral

    def broken_referrals(bulk, dice, p, today):
        bulk.add(Referral, person_id=p.id, service="Podiatry", reason="Foot check",
                 urgency="routine", referred_on=today, referred_by=999_999)

    monkeypatch.setattr(activity, "referrals", broken_referrals)
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        populate(store, 5, today=TODAY)
    assert rows(store, "SELECT count(*) FROM person") == [(0,)]
    assert rows(store, "PRAGMA cache_size") != [(-65536,)]  # the load's cache is undone


def test_some_goals_fell_at_two_reviews_in_a_row(demo):
    """The caseload's 'off track' filter needs ratings that fall at successive reviews."""
    by_goal = defaultdict(list)
    for lineage, score in rows(demo, "SELECT goal_lineage, score FROM goal_rating "
                                     "WHERE at_review ORDER BY rated_on, id"):
        by_goal[lineage].append(score)
    falling = [s for s in by_goal.values() if len(s) >= 3 and s[-3] > s[-2] > s[-1]]
    assert falling
    assert all(0 <= score <= 10 for scores in by_goal.values() for score in scores)
