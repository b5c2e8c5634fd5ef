"""Caseload filters, the always-visible counts, and saved views.

Everything here is pure: it works on the rows `caseload.load` returns, so a keystroke never
goes back to the store. `apply` keeps the order of the rows it is given, so the screen can
filter rows it has already sorted.

The rules, each at its boundary (today is the day the filter is applied):

- Plan status is the status of the plan in force. "agreed" matches agreed plans AND plans
  under review: a plan under review is still the agreed plan in force while its next version
  is written, so a person does not drop out of "agreed" the moment a review starts.
  "under_review" alone narrows to those. "none" is a person with no plan row at all.
- Review dates count only for plans in force (agreed or under review); a draft's review date
  means nothing yet.
  - overdue: the review date is before today. Due today is not overdue.
  - due_7: from today to 7 days ahead, both ends included (day 7 is in, day 8 is out).
  - due_14: from today to 14 days ahead, both ends included, so it includes due_7.
  - due_or_overdue: overdue, or due within 14 days.
- Goal off track: the person is in the set `progress.off_track_person_ids` gives (see
  progress.py for the rule). That costs about half a second at 50,000 people, so it is worked
  out once per load (`load_extras`) and kept in `FilterExtras`.
- Unplanned admission or A&E visit in the last N days: the latest one (not removed) was on or
  after today minus N days. N = 0 means today; exactly N days ago is in, N + 1 is out.
- Next appointment within N days: the next booked appointment (from when the caseload was
  loaded) starts on or before the end of today plus N days. "None booked": no booked
  appointment from now on.
- No lifestyle check in the last 12 months: none dated from the same day a year ago up to
  today (the window lifestyle.lifestyle_check_coverage uses).
- Lists (leads, teams, priorities, frailties, cohorts, plan statuses) match any of their
  values; an empty list does not filter. In leads, teams, priorities and frailties `None`
  stands for "not recorded" (no lead professional, no team...). Different filters combine
  with AND.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from operator import itemgetter
from typing import Any

from carecoord.domain.dates import add_months
from carecoord.domain.enums import COHORTS, Frailty, PlanStatus, PriorityTier, cohort_label
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services import caseload
from carecoord.services.base import Ctx
from carecoord.services.caseload import NO_PLAN, CaseloadRow

MAX_DAYS = 3660  # ten years: enough for any "in the last N days"

_F = CaseloadRow._fields
_ID, _LEAD, _TEAM = _F.index("person_id"), _F.index("lead_id"), _F.index("team")
_PRIORITY, _FRAILTY = _F.index("priority"), _F.index("frailty")
_PLAN, _REVIEW = _F.index("plan_status"), _F.index("review_date")
_NEXT, _COHORTS = _F.index("next_appointment"), _F.index("cohorts")
_UNPLANNED, _LIFESTYLE = _F.index("last_unplanned_on"), _F.index("lifestyle_checked_on")
_ALERTS = _F.index("active_alerts")

IN_FORCE = frozenset({PlanStatus.AGREED.value, PlanStatus.UNDER_REVIEW.value})


class PlanChoice(StrEnum):
    NONE = NO_PLAN
    OFFERED = PlanStatus.OFFERED.value
    DECLINED = PlanStatus.DECLINED.value
    DRAFT = PlanStatus.DRAFT.value
    AGREED = PlanStatus.AGREED.value  # includes under review
    UNDER_REVIEW = PlanStatus.UNDER_REVIEW.value

    @property
    def label(self) -> str:
        return _PLAN_LABELS[self]

    @property
    def matches(self) -> frozenset[str]:
        return IN_FORCE if self == PlanChoice.AGREED else frozenset({self.value})


_PLAN_LABELS = {
    PlanChoice.NONE: "No plan",
    PlanChoice.OFFERED: "Offered",
    PlanChoice.DECLINED: "Declined",
    PlanChoice.DRAFT: "Draft",
    PlanChoice.AGREED: "Agreed (including under review)",
    PlanChoice.UNDER_REVIEW: "Agreed, under review",
}


class ReviewDue(StrEnum):
    OVERDUE = "overdue"
    DUE_7 = "due_7"
    DUE_14 = "due_14"
    DUE_OR_OVERDUE = "due_or_overdue"

    @property
    def label(self) -> str:
        return {"overdue": "Review overdue", "due_7": "Review due within 7 days",
                "due_14": "Review due within 14 days",
                "due_or_overdue": "Review due within 14 days or overdue"}[self.value]


def _tuple(value: Any, name: str) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(f"The {name.replace('_', ' ')} filter must be a list.", name)
    return tuple(value)


def _days(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
        raise ValidationError(f"The number of days must be a whole number from 0 to "
                              f"{MAX_DAYS}.", name)
    return value


def _member(values: tuple, allowed: Iterable, name: str, what: str) -> tuple:
    allowed = set(allowed)
    for v in values:
        if v not in allowed:
            raise ValidationError(f"'{v}' is not {what}.", name)
    return values


@dataclass(frozen=True)
class CaseloadFilter:
    """What to show. The default shows everyone. See the module docstring for each rule."""

    text: str = ""  # name or NHS number, as caseload.search reads it
    my_caseload: bool = False  # the signed-in user's own caseload (FilterExtras.me)
    lead_ids: tuple[int | None, ...] = ()  # None: no lead professional
    teams: tuple[str | None, ...] = ()
    priorities: tuple[str | None, ...] = ()
    frailties: tuple[str | None, ...] = ()
    cohorts: tuple[str, ...] = ()  # any of these
    plan_statuses: tuple[str, ...] = ()  # PlanChoice values
    review: str | None = None  # a ReviewDue value
    goal_off_track: bool = False
    unplanned_within_days: int | None = None
    appointment_within_days: int | None = None
    no_appointment: bool = False
    active_alert: bool = False
    no_recent_lifestyle_check: bool = False

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "text", str(self.text or ""))
        for name in ("lead_ids", "teams", "priorities", "frailties", "cohorts",
                     "plan_statuses"):
            put(self, name, _tuple(getattr(self, name), name))
        for lead in self.lead_ids:
            if lead is not None and (isinstance(lead, bool) or not isinstance(lead, int)):
                raise ValidationError(f"'{lead}' is not a professional.", "lead_ids")
        put(self, "priorities", _member(self.priorities, [*PriorityTier.values(), None],
                                        "priorities", "a priority tier"))
        put(self, "frailties", _member(self.frailties, [*Frailty.values(), None],
                                       "frailties", "a frailty category"))
        put(self, "plan_statuses", _member(self.plan_statuses, [c.value for c in PlanChoice],
                                           "plan_statuses", "a plan status"))
        for team in self.teams:
            if team is not None and not isinstance(team, str):
                raise ValidationError(f"'{team}' is not a team.", "teams")
        for cohort in self.cohorts:
            if not isinstance(cohort, str):
                raise ValidationError(f"'{cohort}' is not a cohort.", "cohorts")
        if self.review is not None:
            _member((self.review,), [r.value for r in ReviewDue], "review",
                    "a review filter")
            put(self, "review", ReviewDue(self.review).value)
        put(self, "unplanned_within_days",
            _days(self.unplanned_within_days, "unplanned_within_days"))
        put(self, "appointment_within_days",
            _days(self.appointment_within_days, "appointment_within_days"))
        if self.no_appointment and self.appointment_within_days is not None:
            raise ValidationError("Choose either an appointment within some days or no "
                                  "appointment booked, not both.", "no_appointment")

    @property
    def is_everyone(self) -> bool:
        return self == CaseloadFilter()

    @property
    def needs_off_track(self) -> bool:
        return self.goal_off_track

    def with_text(self, text: str) -> CaseloadFilter:
        return replace(self, text=text)

    def describe(self, lead_names: Mapping[int, str] | None = None) -> str:
        """What the filter shows, in a short line: 'My caseload; review overdue'."""
        names = lead_names or {}
        parts: list[str] = []
        if self.my_caseload:
            parts.append("My caseload")
        if self.lead_ids:
            parts.append("Lead: " + ", ".join(
                "no lead" if i is None else names.get(i, f"professional {i}")
                for i in self.lead_ids))
        for label, values in (("Team", self.teams), ("Priority", self.priorities),
                              ("Frailty", self.frailties)):
            if values:
                parts.append(f"{label}: " + ", ".join(
                    "not recorded" if v is None else v.replace("_", " ") for v in values))
        if self.cohorts:
            parts.append("Cohort: " + ", ".join(self.cohorts))
        if self.plan_statuses:
            parts.append("Plan: " + ", ".join(PlanChoice(s).label.lower()
                                              for s in self.plan_statuses))
        if self.review:
            parts.append(ReviewDue(self.review).label)
        if self.goal_off_track:
            parts.append("A goal off track")
        if self.unplanned_within_days is not None:
            parts.append(f"Admission or A&E in the last {self.unplanned_within_days} days")
        if self.appointment_within_days is not None:
            parts.append(f"Appointment within {self.appointment_within_days} days")
        if self.no_appointment:
            parts.append("No appointment booked")
        if self.active_alert:
            parts.append("Has an alert")
        if self.no_recent_lifestyle_check:
            parts.append("No lifestyle check in 12 months")
        if self.text.strip():
            parts.append(f"Search: {self.text.strip()}")
        return "; ".join(parts) if parts else "Everyone"

    # ---- JSON (saved views are kept by the screen in its settings) -----------------------

    def to_dict(self) -> dict:
        """Only what differs from the default, so old settings stay small and readable."""
        out: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping) -> CaseloadFilter:
        """Unknown keys (from a newer version) are ignored; bad values are refused."""
        if not isinstance(data, Mapping):
            raise ValidationError("A saved filter must be a set of named values.", "filter")
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        for flag in ("my_caseload", "goal_off_track", "no_appointment", "active_alert",
                     "no_recent_lifestyle_check"):
            if flag in kwargs and not isinstance(kwargs[flag], bool):
                raise ValidationError(f"'{flag.replace('_', ' ')}' must be true or false.", flag)
        if "text" in kwargs and not isinstance(kwargs["text"], str):
            raise ValidationError("The search text must be text.", "text")
        return cls(**kwargs)


@dataclass(frozen=True)
class FilterExtras:
    """What the filters need beyond the rows: who 'my' is, and who has a goal off track.

    `off_track` is None until worked out; a filter that needs it is refused until then.
    """

    me: int | None = None
    off_track: frozenset[int] | None = None


def load_extras(ctx: Ctx, today: dt.date | None = None) -> FilterExtras:
    """About half a second at 50,000 people: run it on the worker thread after each load."""
    from carecoord.services.progress import off_track_person_ids

    return FilterExtras(ctx.actor.professional_id,
                        frozenset(off_track_person_ids(ctx, today or ctx.today())))


def apply(rows: Sequence[CaseloadRow], flt: CaseloadFilter, today: dt.date,
          extras: FilterExtras = FilterExtras()) -> list[CaseloadRow]:
    """The rows the filter keeps, in the order given. Pure; under 50 ms at 50,000 rows.

    Each rule narrows the list left by the one before, the cheapest and most selective first.
    """
    out = rows if isinstance(rows, list) else list(rows)
    if flt.my_caseload:
        me = extras.me
        out = [r for r in out if r[_LEAD] == me] if me is not None else []
    if flt.lead_ids:
        leads = frozenset(flt.lead_ids)
        out = [r for r in out if r[_LEAD] in leads]
    if flt.review:
        out = _by_review(out, ReviewDue(flt.review), today)
    if flt.goal_off_track:
        if extras.off_track is None:
            raise RuleError("Goals off track are still being worked out. Try again in a "
                            "moment.")
        off = extras.off_track
        out = [r for r in out if r[_ID] in off]
    if flt.unplanned_within_days is not None:
        since = today - dt.timedelta(days=flt.unplanned_within_days)
        out = [r for r in out if r[_UNPLANNED] is not None and r[_UNPLANNED] >= since]
    if flt.active_alert:
        out = [r for r in out if r[_ALERTS]]
    if flt.teams:
        teams = frozenset(flt.teams)
        out = [r for r in out if r[_TEAM] in teams]
    if flt.priorities:
        wanted = frozenset(flt.priorities)
        out = [r for r in out if r[_PRIORITY] in wanted]
    if flt.frailties:
        wanted = frozenset(flt.frailties)
        out = [r for r in out if r[_FRAILTY] in wanted]
    if flt.plan_statuses:
        wanted = frozenset().union(*(PlanChoice(s).matches for s in flt.plan_statuses))
        out = [r for r in out if r[_PLAN] in wanted]
    if flt.cohorts:
        wanted = frozenset(flt.cohorts)
        out = [r for r in out if r[_COHORTS] and not wanted.isdisjoint(r[_COHORTS])]
    if flt.no_appointment:
        out = [r for r in out if r[_NEXT] is None]
    if flt.appointment_within_days is not None:
        before = dt.datetime.combine(today + dt.timedelta(days=flt.appointment_within_days + 1),
                                     dt.time.min)
        out = [r for r in out if r[_NEXT] is not None and r[_NEXT] < before]
    if flt.no_recent_lifestyle_check:
        since = add_months(today, -12)
        out = [r for r in out
               if r[_LIFESTYLE] is None or not since <= r[_LIFESTYLE] <= today]
    if flt.text.strip():
        out = caseload.search(out, flt.text)
    return out if out is not rows else list(out)


def _by_review(rows: list[CaseloadRow], which: ReviewDue, today: dt.date) -> list[CaseloadRow]:
    horizon = today + dt.timedelta(days=7 if which == ReviewDue.DUE_7 else 14)
    in_force = IN_FORCE
    kept = [r for r in rows if r[_PLAN] in in_force and r[_REVIEW] is not None]
    if which == ReviewDue.OVERDUE:
        return [r for r in kept if r[_REVIEW] < today]
    if which == ReviewDue.DUE_OR_OVERDUE:
        return [r for r in kept if r[_REVIEW] <= horizon]
    return [r for r in kept if today <= r[_REVIEW] <= horizon]


# ---- the counts always on screen --------------------------------------------------------


@dataclass(frozen=True)
class CaseloadCounts:
    total: int
    no_plan: int
    offered: int  # offered, not yet decided
    declined: int
    draft: int
    agreed: int  # agreed or under review: the plan in force
    under_review: int
    review_overdue: int
    review_due_7: int  # today to 7 days ahead
    review_due_14: int  # today to 14 days ahead (includes the 7)
    no_lead: int
    with_alert: int
    unplanned_14: int  # an unplanned admission or A&E visit in the last 14 days
    lifestyle_checked: int  # a lifestyle check in the last 12 months
    off_track: int | None  # None until goals off track have been worked out

    @property
    def with_any_plan(self) -> int:
        """Offered, declined, draft or agreed: what counts for 'offered' coverage."""
        return self.total - self.no_plan

    def share(self, count: int | None) -> float | None:
        return None if count is None or not self.total else count / self.total


def counts(rows: Sequence[CaseloadRow], today: dt.date,
           extras: FilterExtras | None = None) -> CaseloadCounts:
    """Counts for the rows given (everyone, or the current view). Pure.

    Each column is tallied once at C speed (Counter over itemgetter), then the few hundred
    distinct dates are compared, rather than comparing 50,000 rows in Python several times.
    """
    # (plan status, review date) pairs: a few thousand distinct ones at 50,000 rows.
    pairs = Counter(map(itemgetter(_PLAN, _REVIEW), rows))
    statuses: Counter = Counter()
    reviews: Counter = Counter()
    for (status, day), n in pairs.items():
        statuses[status] += n
        if day is not None and status in IN_FORCE:
            reviews[day] += n
    day7, day14 = today + dt.timedelta(days=7), today + dt.timedelta(days=14)
    since14, since12m = today - dt.timedelta(days=14), add_months(today, -12)
    unplanned = Counter(map(itemgetter(_UNPLANNED), rows))
    checked = Counter(map(itemgetter(_LIFESTYLE), rows))
    alerts = Counter(map(itemgetter(_ALERTS), rows))
    off_track = None
    if extras is not None and extras.off_track is not None:
        off_track = len(extras.off_track.intersection(map(itemgetter(_ID), rows)))
    return CaseloadCounts(
        total=len(rows),
        no_plan=statuses[NO_PLAN],
        offered=statuses[PlanStatus.OFFERED.value],
        declined=statuses[PlanStatus.DECLINED.value],
        draft=statuses[PlanStatus.DRAFT.value],
        agreed=statuses[PlanStatus.AGREED.value] + statuses[PlanStatus.UNDER_REVIEW.value],
        under_review=statuses[PlanStatus.UNDER_REVIEW.value],
        review_overdue=sum(n for d, n in reviews.items() if d < today),
        review_due_7=sum(n for d, n in reviews.items() if today <= d <= day7),
        review_due_14=sum(n for d, n in reviews.items() if today <= d <= day14),
        no_lead=list(map(itemgetter(_LEAD), rows)).count(None),
        with_alert=len(rows) - alerts[0],
        unplanned_14=sum(n for d, n in unplanned.items() if d is not None and d >= since14),
        lifestyle_checked=sum(n for d, n in checked.items()
                              if d is not None and since12m <= d <= today),
        off_track=off_track)


# ---- what the filter lists offer --------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: Any  # None: not recorded
    label: str
    count: int


@dataclass(frozen=True)
class FilterChoices:
    leads: tuple[Choice, ...]
    teams: tuple[Choice, ...]
    cohorts: tuple[Choice, ...]


def choices(rows: Sequence[CaseloadRow]) -> FilterChoices:
    """The leads, teams and cohorts present in the rows, with how many people each has:
    most people first for leads and teams, the usual order for cohorts."""
    lead_names = {r[_LEAD]: r.lead_name for r in rows}
    lead_counts = Counter(r[_LEAD] for r in rows)
    leads = sorted(lead_counts.items(), key=lambda kv: (kv[0] is None, -kv[1],
                                                        lead_names.get(kv[0]) or ""))
    team_counts = Counter(r[_TEAM] for r in rows)
    teams = sorted(team_counts.items(), key=lambda kv: (kv[0] is None, -kv[1], kv[0] or ""))
    cohort_counts = Counter(c for r in rows for c in r[_COHORTS])
    order = {name: i for i, name in enumerate(COHORTS)}
    cohorts = sorted(cohort_counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    return FilterChoices(
        tuple(Choice(k, (lead_names.get(k) if k is not None else None)
                     or "No lead professional", n) for k, n in leads),
        tuple(Choice(k, k or "No team", n) for k, n in teams),
        tuple(Choice(k, cohort_label(k), n) for k, n in cohorts))


# ---- saved views ------------------------------------------------------------------------

# Every column a view can show, as (row field, heading), in their usual order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("family_name", "Name"),
    ("nhs_number", "NHS number"),
    ("date_of_birth", "Born"),
    ("lead_name", "Lead professional"),
    ("plan_status", "Plan"),
    ("review_date", "Review due"),
    ("next_appointment", "Next appointment"),
    ("team", "Team"),
    ("priority", "Priority"),
    ("frailty", "Frailty"),
    ("cohorts", "Cohorts"),
    ("last_unplanned_on", "Last admission or A&E"),
    ("lifestyle_checked_on", "Lifestyle check"),
    ("active_alerts", "Alerts"),
)
COLUMN_TITLES = dict(COLUMNS)
DEFAULT_COLUMNS: tuple[str, ...] = tuple(key for key, _ in COLUMNS[:10])
ALWAYS_SHOWN = "family_name"  # a row must say who it is
VIEW_FORMAT = 1


@dataclass(frozen=True)
class SavedView:
    """A named filter with its sort and columns. Built-in views cannot be changed."""

    name: str
    filter: CaseloadFilter = field(default_factory=CaseloadFilter)
    sort_column: str = "family_name"
    descending: bool = False
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    built_in: bool = False

    def __post_init__(self) -> None:
        name = " ".join(str(self.name or "").split())
        if not name:
            raise ValidationError("Give the view a name.", "name")
        if len(name) > 80:
            raise ValidationError("A view's name must be 80 characters or fewer.", "name")
        object.__setattr__(self, "name", name)
        if not isinstance(self.filter, CaseloadFilter):
            raise ValidationError("A view needs a filter.", "filter")
        if self.sort_column not in COLUMN_TITLES:
            raise ValidationError(f"'{self.sort_column}' is not a column to sort by.",
                                  "sort_column")
        cols = [c for c in dict.fromkeys(_tuple(self.columns, "columns")) if c in COLUMN_TITLES]
        if ALWAYS_SHOWN not in cols:
            cols.insert(0, ALWAYS_SHOWN)
        object.__setattr__(self, "columns", tuple(cols))
        object.__setattr__(self, "descending", bool(self.descending))

    def to_dict(self) -> dict:
        return {"format": VIEW_FORMAT, "name": self.name, "filter": self.filter.to_dict(),
                "sort": {"column": self.sort_column, "descending": self.descending},
                "columns": list(self.columns)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: Any) -> SavedView:
        if not isinstance(data, Mapping):
            raise ValidationError("This saved view could not be read.", "view")
        sort = data.get("sort") or {}
        if not isinstance(sort, Mapping):
            raise ValidationError("This saved view's sort could not be read.", "sort")
        columns = data.get("columns", DEFAULT_COLUMNS)
        column = sort.get("column", "family_name")
        if column not in COLUMN_TITLES:  # a column a later version dropped
            column = "family_name"
        return cls(name=data.get("name", ""),
                   filter=CaseloadFilter.from_dict(data.get("filter") or {}),
                   sort_column=column, descending=sort.get("descending") is True,
                   columns=tuple(c for c in _tuple(columns, "columns") if isinstance(c, str)))

    @classmethod
    def from_json(cls, text: str) -> SavedView:
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            raise ValidationError("This saved view could not be read.", "view") from None
        return cls.from_dict(data)


BUILT_IN_VIEWS: tuple[SavedView, ...] = (
    SavedView("My caseload", CaseloadFilter(my_caseload=True), built_in=True),
    SavedView("Overdue reviews", CaseloadFilter(review=ReviewDue.OVERDUE.value),
              sort_column="review_date",
              columns=("family_name", "nhs_number", "lead_name", "plan_status",
                       "review_date", "next_appointment", "team"),
              built_in=True),
)


def views_to_json(views: Iterable[SavedView]) -> str:
    """The user's own views as one JSON text for the settings; built-in ones are left out."""
    return json.dumps([v.to_dict() for v in views if not v.built_in], ensure_ascii=False)


def views_from_json(text: str | None) -> tuple[list[SavedView], int]:
    """The user's views from the settings, and how many could not be read (those are
    skipped, so one damaged entry does not lose the rest). Names clashing with a built-in
    view or an earlier view are skipped too."""
    if not text:
        return [], 0
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return [], 1
    if not isinstance(data, list):
        return [], 1
    out: list[SavedView] = []
    taken = {v.name.casefold() for v in BUILT_IN_VIEWS}
    skipped = 0
    for item in data:
        try:
            view = SavedView.from_dict(item)
        except (ValidationError, TypeError, ValueError):
            skipped += 1
            continue
        if view.name.casefold() in taken:
            skipped += 1
            continue
        taken.add(view.name.casefold())
        out.append(view)
    return out, skipped


def all_views(user_views: Iterable[SavedView] = ()) -> list[SavedView]:
    return [*BUILT_IN_VIEWS, *user_views]
