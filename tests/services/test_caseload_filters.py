"""Caseload filters at their boundary dates, the counts, saved views, and the extra row
fields load() fills."""

from __future__ import annotations

import datetime as dt
import json
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecoord.domain.enums import AlertKind, ContactKind, Frailty, PriorityTier
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services import activity, caseload, lifestyle, people, plans, team
from carecoord.services import caseload_filters as cf
from carecoord.services.caseload import NO_PLAN, CaseloadRow
from carecoord.services.caseload_filters import CaseloadFilter, FilterExtras, SavedView

TODAY = dt.date(2026, 11, 22)
DAY = dt.timedelta(days=1)

_BASE = CaseloadRow(1, "9434765919", "Smith", "Ann", None, dt.date(1940, 3, 12), "North",
                    "high", "mild", 7, "Jo Bloggs", "agreed", None, None, "active",
                    "ann smith 9434765919")


def row(person_id: int = 1, **kw) -> CaseloadRow:
    return _BASE._replace(person_id=person_id, **kw)


def kept(rows, flt, extras=FilterExtras(), today=TODAY) -> list[int]:
    return [r.person_id for r in cf.apply(rows, flt, today, extras)]


# ---- review dates -----------------------------------------------------------------------


def test_review_due_in_14_days_includes_day_14_not_15():
    rows = [row(1, review_date=TODAY + 14 * DAY), row(2, review_date=TODAY + 15 * DAY),
            row(3, review_date=TODAY), row(4, review_date=TODAY - DAY)]
    assert kept(rows, CaseloadFilter(review="due_14")) == [1, 3]


def test_review_due_in_7_days_includes_day_7_not_8():
    rows = [row(1, review_date=TODAY + 7 * DAY), row(2, review_date=TODAY + 8 * DAY)]
    assert kept(rows, CaseloadFilter(review="due_7")) == [1]


def test_overdue_means_before_today_so_due_today_is_not_overdue():
    rows = [row(1, review_date=TODAY - DAY), row(2, review_date=TODAY)]
    assert kept(rows, CaseloadFilter(review="overdue")) == [1]
    assert kept(rows, CaseloadFilter(review="due_7")) == [2]
    assert kept(rows, CaseloadFilter(review="due_or_overdue")) == [1, 2]


def test_review_filters_look_only_at_plans_in_force():
    late = TODAY - 30 * DAY
    rows = [row(1, review_date=late, plan_status="under_review"),
            row(2, review_date=late, plan_status="draft"),
            row(3, review_date=None, plan_status="agreed")]
    assert kept(rows, CaseloadFilter(review="overdue")) == [1]
    assert kept(rows, CaseloadFilter(review="due_or_overdue")) == [1]


# ---- plan status ------------------------------------------------------------------------


def test_agreed_includes_under_review_and_under_review_narrows():
    rows = [row(i, plan_status=s) for i, s in enumerate(
        [NO_PLAN, "offered", "declined", "draft", "agreed", "under_review"], start=1)]
    assert kept(rows, CaseloadFilter(plan_statuses=("agreed",))) == [5, 6]
    assert kept(rows, CaseloadFilter(plan_statuses=("under_review",))) == [6]
    assert kept(rows, CaseloadFilter(plan_statuses=("none", "declined"))) == [1, 3]
    with pytest.raises(ValidationError, match="not a plan status"):
        CaseloadFilter(plan_statuses=("superseded",))


# ---- admissions, off track, appointments, lifestyle --------------------------------------


@pytest.mark.parametrize("n", [0, 1, 14, 30])
def test_unplanned_in_the_last_n_days_includes_n_days_ago_not_n_plus_1(n):
    rows = [row(1, last_unplanned_on=TODAY - n * DAY),
            row(2, last_unplanned_on=TODAY - (n + 1) * DAY),
            row(3, last_unplanned_on=None)]
    assert kept(rows, CaseloadFilter(unplanned_within_days=n)) == [1]


def test_goal_off_track_uses_the_set_worked_out_once():
    rows = [row(1), row(2), row(3)]
    flt = CaseloadFilter(goal_off_track=True)
    assert kept(rows, flt, FilterExtras(off_track=frozenset({2, 3, 99}))) == [2, 3]
    assert kept(rows, flt, FilterExtras(off_track=frozenset())) == []
    with pytest.raises(RuleError, match="still being worked out"):
        cf.apply(rows, flt, TODAY, FilterExtras())


def test_next_appointment_within_n_days_runs_to_the_end_of_day_n():
    last_minute = dt.datetime.combine(TODAY + 3 * DAY, dt.time(23, 59))
    next_morning = dt.datetime.combine(TODAY + 4 * DAY, dt.time(0, 0))
    rows = [row(1, next_appointment=last_minute), row(2, next_appointment=next_morning),
            row(3, next_appointment=None)]
    assert kept(rows, CaseloadFilter(appointment_within_days=3)) == [1]
    assert kept(rows, CaseloadFilter(appointment_within_days=4)) == [1, 2]
    assert kept(rows, CaseloadFilter(no_appointment=True)) == [3]
    with pytest.raises(ValidationError, match="not both"):
        CaseloadFilter(no_appointment=True, appointment_within_days=3)


def test_no_lifestyle_check_in_12_months_counts_the_day_a_year_ago_as_recent():
    rows = [row(1, lifestyle_checked_on=dt.date(2025, 11, 22)),
            row(2, lifestyle_checked_on=dt.date(2025, 11, 21)),
            row(3, lifestyle_checked_on=None)]
    assert kept(rows, CaseloadFilter(no_recent_lifestyle_check=True)) == [2, 3]


# ---- who: leads, teams, tiers, cohorts, alerts, text -----------------------------------


def test_lead_team_priority_frailty_and_not_recorded():
    rows = [row(1, lead_id=7, team="North", priority="high", frailty="mild"),
            row(2, lead_id=None, team=None, priority=None, frailty=None),
            row(3, lead_id=8, team="South", priority="low", frailty="severe")]
    assert kept(rows, CaseloadFilter(lead_ids=(7, None))) == [1, 2]
    assert kept(rows, CaseloadFilter(teams=("South",))) == [3]
    assert kept(rows, CaseloadFilter(teams=(None,))) == [2]
    assert kept(rows, CaseloadFilter(priorities=("high", None))) == [1, 2]
    assert kept(rows, CaseloadFilter(frailties=("severe",))) == [3]
    with pytest.raises(ValidationError, match="not a priority tier"):
        CaseloadFilter(priorities=("urgent",))


def test_my_caseload_needs_to_know_who_i_am():
    rows = [row(1, lead_id=7), row(2, lead_id=8)]
    flt = CaseloadFilter(my_caseload=True)
    assert kept(rows, flt, FilterExtras(me=8)) == [2]
    assert kept(rows, flt, FilterExtras(me=None)) == []


def test_cohorts_match_any_and_filters_combine_with_and():
    rows = [row(1, cohorts=("Dementia", "Housebound"), active_alerts=1),
            row(2, cohorts=("CPA",)), row(3, cohorts=(), active_alerts=2)]
    assert kept(rows, CaseloadFilter(cohorts=("Housebound", "CPA"))) == [1, 2]
    assert kept(rows, CaseloadFilter(active_alert=True)) == [1, 3]
    assert kept(rows, CaseloadFilter(active_alert=True, cohorts=("CPA",))) == []


def test_text_search_and_order_kept_and_input_untouched():
    rows = [row(3, search_key="bob jones 999"), row(1, search_key="ann smith 943"),
            row(2, search_key="cara smithson 998")]
    before = list(rows)
    out = cf.apply(rows, CaseloadFilter(text="smith"), TODAY)
    assert [r.person_id for r in out] == [1, 2]
    assert rows == before
    everyone = cf.apply(rows, CaseloadFilter(), TODAY)
    assert everyone == rows and everyone is not rows


def test_filter_values_are_checked():
    with pytest.raises(ValidationError, match="whole number"):
        CaseloadFilter(unplanned_within_days=-1)
    with pytest.raises(ValidationError, match="whole number"):
        CaseloadFilter(appointment_within_days=True)
    with pytest.raises(ValidationError, match="not a review filter"):
        CaseloadFilter(review="soon")
    with pytest.raises(ValidationError, match="must be a list"):
        CaseloadFilter(teams="North")


# ---- counts -----------------------------------------------------------------------------


def test_counts_at_their_boundaries():
    rows = [row(1, review_date=TODAY - DAY), row(2, review_date=TODAY),
            row(3, review_date=TODAY + 7 * DAY), row(4, review_date=TODAY + 8 * DAY),
            row(5, review_date=TODAY + 14 * DAY), row(6, review_date=TODAY + 15 * DAY),
            row(7, plan_status=NO_PLAN, lead_id=None, active_alerts=1),
            row(8, plan_status="draft", review_date=TODAY - DAY,
                last_unplanned_on=TODAY - 14 * DAY),
            row(9, plan_status="under_review", last_unplanned_on=TODAY - 15 * DAY,
                lifestyle_checked_on=dt.date(2025, 11, 22))]
    c = cf.counts(rows, TODAY)
    assert (c.total, c.no_plan, c.draft, c.agreed, c.under_review) == (9, 1, 1, 7, 1)
    assert (c.review_overdue, c.review_due_7, c.review_due_14) == (1, 2, 4)
    assert (c.no_lead, c.with_alert, c.unplanned_14, c.lifestyle_checked) == (1, 1, 1, 1)
    assert c.off_track is None and c.with_any_plan == 8
    assert cf.counts(rows, TODAY, FilterExtras(off_track=frozenset({1, 2, 50}))).off_track == 2
    assert cf.counts([], TODAY).share(0) is None


# ---- saved views ------------------------------------------------------------------------


def test_built_in_views():
    names = [v.name for v in cf.BUILT_IN_VIEWS]
    assert names == ["My caseload", "Overdue reviews"]
    mine, overdue = cf.BUILT_IN_VIEWS
    rows = [row(1, lead_id=5, review_date=TODAY - DAY), row(2, lead_id=6, review_date=TODAY)]
    extras = FilterExtras(me=6)
    assert kept(rows, mine.filter, extras) == [2]
    assert kept(rows, overdue.filter, extras) == [1]
    assert overdue.sort_column == "review_date" and all(v.built_in for v in cf.BUILT_IN_VIEWS)


def test_a_view_round_trips_through_json():
    view = SavedView("Frail, off track", CaseloadFilter(
        lead_ids=(3, None), frailties=("severe",), goal_off_track=True,
        unplanned_within_days=30, plan_statuses=("agreed",)), sort_column="last_unplanned_on",
        descending=True, columns=("nhs_number", "cohorts"))
    back = SavedView.from_json(view.to_json())
    assert back == view
    assert back.columns == ("family_name", "nhs_number", "cohorts")  # the name is always shown
    assert json.loads(view.to_json())["filter"]["lead_ids"] == [3, None]


filters = st.builds(
    CaseloadFilter,
    text=st.text(max_size=20),
    my_caseload=st.booleans(),
    lead_ids=st.lists(st.one_of(st.none(), st.integers(1, 10**6)), max_size=4).map(tuple),
    teams=st.lists(st.one_of(st.none(), st.text(max_size=15)), max_size=3).map(tuple),
    priorities=st.lists(st.sampled_from([None, *PriorityTier.values()]), max_size=3).map(tuple),
    frailties=st.lists(st.sampled_from([None, *Frailty.values()]), max_size=3).map(tuple),
    cohorts=st.lists(st.text(min_size=1, max_size=15), max_size=3).map(tuple),
    plan_statuses=st.lists(st.sampled_from([c.value for c in cf.PlanChoice]),
                           max_size=3).map(tuple),
    review=st.one_of(st.none(), st.sampled_from([r.value for r in cf.ReviewDue])),
    goal_off_track=st.booleans(),
    unplanned_within_days=st.one_of(st.none(), st.integers(0, cf.MAX_DAYS)),
    no_appointment=st.booleans(),
    active_alert=st.booleans(),
    no_recent_lifestyle_check=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(filters, st.sampled_from([c for c, _ in cf.COLUMNS]), st.booleans())
def test_any_filter_round_trips(flt, column, descending):
    view = SavedView("A view", flt, sort_column=column, descending=descending)
    assert SavedView.from_json(view.to_json()) == view


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=60), st.binary(max_size=40).map(
    lambda b: b.decode("latin-1")), st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
        lambda inner: st.one_of(st.lists(inner, max_size=4),
                                st.dictionaries(st.text(max_size=12), inner, max_size=5)),
        max_leaves=12).map(json.dumps)))
def test_garbage_is_refused_in_one_plain_sentence(text):
    try:
        SavedView.from_json(text)
    except ValidationError as exc:
        assert str(exc).endswith(".")
    views, _ = cf.views_from_json(text)
    assert all(isinstance(v, SavedView) for v in views)


def test_stored_views_skip_damaged_entries_and_clashing_names():
    good = SavedView("Housebound", CaseloadFilter(cohorts=("Housebound",)))
    text = json.dumps([good.to_dict(), {"name": "Bad", "filter": {"review": "later"}},
                       SavedView("my caseload").to_dict(), good.to_dict(), "nonsense"])
    views, skipped = cf.views_from_json(text)
    assert views == [good] and skipped == 4
    assert cf.views_from_json(cf.views_to_json([*cf.BUILT_IN_VIEWS, good])) == ([good], 0)
    assert cf.views_from_json("{not json") == ([], 1)


def test_unknown_keys_from_a_newer_version_are_ignored():
    data = {"format": 2, "name": "Later", "filter": {"review": "overdue", "mood": "calm"},
            "sort": {"column": "a_column_we_dropped"}, "columns": ["family_name", "shoe_size"]}
    view = SavedView.from_dict(data)
    assert view.filter == CaseloadFilter(review="overdue")
    assert (view.sort_column, view.columns) == ("family_name", ("family_name",))


def test_filter_describes_itself():
    flt = CaseloadFilter(my_caseload=True, review="overdue", lead_ids=(3,),
                         unplanned_within_days=14)
    assert flt.describe({3: "Priya Shah"}) == (
        "My caseload; Lead: Priya Shah; Review overdue; Admission or A&E in the last 14 days")
    assert CaseloadFilter().describe() == "Everyone"


# ---- choices ----------------------------------------------------------------------------


def test_choices_list_what_is_there_with_counts():
    rows = [row(1, lead_id=7, lead_name="Jo", cohorts=("CPA",)),
            row(2, lead_id=7, lead_name="Jo", team=None, cohorts=("Dementia", "CPA")),
            row(3, lead_id=None, lead_name=None)]
    c = cf.choices(rows)
    assert [(x.value, x.label, x.count) for x in c.leads] == [
        (7, "Jo", 2), (None, "No lead professional", 1)]
    assert [(x.value, x.count) for x in c.teams] == [("North", 2), (None, 1)]
    assert [(x.value, x.count) for x in c.cohorts] == [("Dementia", 1), ("CPA", 2)]


# ---- speed, as a guard against a slow rule creeping in -----------------------------------


def test_every_filter_at_once_stays_fast_at_50000_rows():
    rng = random.Random(4)
    rows = [row(i, lead_id=rng.randint(1, 150),
                review_date=TODAY + rng.randint(-60, 200) * DAY,
                plan_status=rng.choice(["agreed", "under_review", "draft", NO_PLAN]),
                cohorts=rng.choice([(), ("CPA",), ("Dementia", "Housebound")]),
                last_unplanned_on=rng.choice([None, TODAY - rng.randint(0, 400) * DAY]),
                search_key=f"given{i} family{i % 977} {9990000000 + i}")
            for i in range(50_000)]
    extras = FilterExtras(me=5, off_track=frozenset(range(0, 50_000, 3)))
    heavy = CaseloadFilter(text="family1", review="due_or_overdue", goal_off_track=True,
                           plan_statuses=("agreed",), cohorts=("CPA", "Dementia"),
                           unplanned_within_days=365, no_recent_lifestyle_check=True)
    for flt in (CaseloadFilter(text="family12"), heavy, CaseloadFilter(cohorts=("CPA",))):
        started = time.perf_counter()
        cf.apply(rows, flt, TODAY, extras)
        # The budget is 50 ms; five times that here, so a busy test machine cannot fail it.
        assert time.perf_counter() - started < 0.25


# ---- the fields load() adds -------------------------------------------------------------


def test_load_fills_cohorts_admissions_lifestyle_and_alerts(ctx, person, make_person, me):
    other = make_person("Bob", "Jones")
    people.update_person(ctx, person.id, people.PersonInput(
        "943 476 5919", "Ann", "Smith", "12/03/1940", preferred_name="Annie",
        cohorts=("Housebound", "Dementia")))
    day = TODAY - 20 * DAY
    activity.record_contact(ctx, person.id, activity.ContactInput(
        ContactKind.UNPLANNED_ADMISSION, day - 10 * DAY))
    activity.record_contact(ctx, person.id, activity.ContactInput(ContactKind.AE_ATTENDANCE,
                                                                  day))
    removed = activity.record_contact(ctx, person.id, activity.ContactInput(
        ContactKind.AE_ATTENDANCE, TODAY - DAY)).event
    activity.retire_contact(ctx, removed.id, "Entered on the wrong record")
    activity.record_contact(ctx, other.id, activity.ContactInput(ContactKind.GP_CONTACT,
                                                                 TODAY))
    lifestyle.record_check(ctx, person.id, lifestyle.CheckInput(smoking="never",
                                                                checked_on=TODAY - 5 * DAY))
    people.add_alert(ctx, person.id, AlertKind.SAFEGUARDING, "Lives with a risk")
    ended = people.add_alert(ctx, person.id, AlertKind.CLINICAL, "Old alert")
    people.end_alert(ctx, ended.id, "No longer applies")
    team.handover_lead(ctx, person.id, me)
    plans.record_offer(ctx, person.id)

    rows = {r.person_id: r for r in caseload.load(ctx)}
    ann, bob = rows[person.id], rows[other.id]
    assert ann.cohorts == ("Dementia", "Housebound")
    assert (ann.last_admission_on, ann.last_ae_on, ann.last_unplanned_on) == (
        day - 10 * DAY, day, day)
    assert ann.lifestyle_checked_on == TODAY - 5 * DAY and ann.active_alerts == 1
    assert ann.plan_status == "offered" and type(ann.plan_status) is str
    assert "annie" in ann.search_key
    assert (bob.cohorts, bob.last_unplanned_on, bob.active_alerts) == ((), None, 0)
    mine = caseload.load(ctx, caseload.CaseloadQuery(lead_professional_id=me), audit=False)
    assert [r.person_id for r in mine] == [person.id] and mine[0].cohorts == ann.cohorts


def test_sort_rows_is_stable_and_puts_missing_last_for_new_columns():
    rows = [row(1, last_unplanned_on=None), row(2, last_unplanned_on=TODAY),
            row(3, last_unplanned_on=TODAY - DAY), row(4, last_unplanned_on=TODAY)]
    assert [r.person_id for r in caseload.sort_rows(rows, "last_unplanned_on")] == [3, 2, 4, 1]
    assert [r.person_id for r in caseload.sort_rows(rows, "last_unplanned_on", True)] == [
        2, 4, 3, 1]
    named = [row(i, family_name=n) for i, n in enumerate(["b", "A", "a", "C"], start=1)]
    assert [r.person_id for r in caseload.sort_rows(named, "family_name")] == [2, 3, 1, 4]
    assert [r.person_id for r in caseload.sort_rows(named, "family_name", True)] == [
        4, 1, 2, 3]
