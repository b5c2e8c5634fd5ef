"""Team-wide clinical thresholds, kept in the store so every laptop in the team agrees.

Each setting has a default, a plain label and a sensible range. A value typed into a form
may arrive as text; it is checked here and refused with a plain message.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from carecoord.domain.errors import ValidationError
from carecoord.services.base import Ctx, Work, changing, reading
from carecoord.store.models import Setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    default: int
    minimum: int
    maximum: int
    unit: str


HEAVY_WEEK_LIMIT = SettingSpec(
    "heavy_week_limit", "Appointments in one week before it counts as a heavy week",
    default=4, minimum=1, maximum=30, unit="appointments")
REFERRAL_LONG_WAIT_WEEKS = SettingSpec(
    "referral_long_wait_weeks", "Weeks before a routine or urgent referral counts as a long wait",
    default=6, minimum=1, maximum=104, unit="weeks")
DISCHARGE_FOLLOW_UP_DAYS = SettingSpec(
    "discharge_follow_up_days", "Days after a hospital discharge by which the follow-up is due",
    default=2, minimum=0, maximum=28, unit="days")

SPECS: tuple[SettingSpec, ...] = (HEAVY_WEEK_LIMIT, REFERRAL_LONG_WAIT_WEEKS,
                                  DISCHARGE_FOLLOW_UP_DAYS)
_BY_KEY = {s.key: s for s in SPECS}


@dataclass(frozen=True)
class TeamSettings:
    heavy_week_limit: int
    referral_long_wait_weeks: int
    discharge_follow_up_days: int


@contextmanager
def _session(ctx_or_work: Ctx | Work) -> Iterator[Work]:
    """Services read settings inside their own unit of work; screens read them on their own."""
    if isinstance(ctx_or_work, Work):
        yield ctx_or_work
    else:
        with reading(ctx_or_work) as w:
            yield w


def _stored(w: Work, spec: SettingSpec) -> int:
    row = w.session.get(Setting, spec.key)
    if row is None:
        return spec.default
    try:
        value = int(row.value)
    except ValueError:
        return spec.default
    # A value outside the range can only come from outside CareCoord; fall back safely.
    return value if spec.minimum <= value <= spec.maximum else spec.default


def validate(spec: SettingSpec, value: int | str) -> int:
    text = str(value).strip()
    try:
        number = int(text)
    except ValueError:
        raise ValidationError(f"'{text}' is not a whole number.", spec.key) from None
    if not spec.minimum <= number <= spec.maximum:
        raise ValidationError(f"{spec.label} must be between {spec.minimum} and "
                              f"{spec.maximum} {spec.unit}.", spec.key)
    return number


def get(ctx_or_work: Ctx | Work, spec: SettingSpec) -> int:
    with _session(ctx_or_work) as w:
        return _stored(w, spec)


def set_value(ctx: Ctx, spec: SettingSpec, value: int | str) -> int:
    number = validate(spec, value)
    with changing(ctx) as w:
        row = w.session.get(Setting, spec.key)
        old = _stored(w, spec)
        if row is None:
            w.session.add(Setting(key=spec.key, value=str(number)))
        else:
            row.value = str(number)
        w.session.flush()
        w.audit("update", "setting", spec.key, old=old, new=number)
        return number


def team_settings(ctx_or_work: Ctx | Work) -> TeamSettings:
    with _session(ctx_or_work) as w:
        return TeamSettings(*(_stored(w, s) for s in SPECS))


def heavy_week_limit(ctx_or_work: Ctx | Work) -> int:
    return get(ctx_or_work, HEAVY_WEEK_LIMIT)


def referral_long_wait_weeks(ctx_or_work: Ctx | Work) -> int:
    return get(ctx_or_work, REFERRAL_LONG_WAIT_WEEKS)


def discharge_follow_up_days(ctx_or_work: Ctx | Work) -> int:
    return get(ctx_or_work, DISCHARGE_FOLLOW_UP_DAYS)


def set_heavy_week_limit(ctx: Ctx, value: int | str) -> int:
    return set_value(ctx, HEAVY_WEEK_LIMIT, value)


def set_referral_long_wait_weeks(ctx: Ctx, value: int | str) -> int:
    return set_value(ctx, REFERRAL_LONG_WAIT_WEEKS, value)


def set_discharge_follow_up_days(ctx: Ctx, value: int | str) -> int:
    return set_value(ctx, DISCHARGE_FOLLOW_UP_DAYS, value)


def spec_for(key: str) -> SettingSpec:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise ValidationError(f"There is no team setting called '{key}'.", "key") from None
