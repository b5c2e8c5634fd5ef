"""Self-monitoring readings typed in by hand (seed 001:1685): blood pressure, glucose and others.

Each kind of reading has a plausible range and a usual range. A value outside the plausible
range cannot be right and is refused. A value outside the usual range is possible but unusual,
so it is saved only when the user confirms it: without `confirmed=True` the service raises
`NeedsConfirmation`, whose message is the question to ask.

Kinds live in the ReadingKind table. Until someone records a reading or changes a kind, the
table may be empty; the defaults below then stand in, and are written on the first change.
A two-value kind (blood pressure) keeps its second value's ranges and the names of its values
in a team setting, because the ReadingKind row has room for one range only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace

from sqlalchemy import select

from carecoord.domain.dates import parse_date
from carecoord.domain.enums import Role
from carecoord.domain.errors import PermissionDenied, RuleError, ValidationError
from carecoord.services.base import Ctx, Work, changing, clean, reading, viewing
from carecoord.store.models import Person, Reading, ReadingKind, Setting, User

# A meter's clock may run a little ahead of the laptop's.
FUTURE_ALLOWANCE = dt.timedelta(minutes=5)
_SETTING_PREFIX = "reading_kind:"
_MAX_TEXT = 40


class NeedsConfirmation(ValidationError):
    """The value is possible but unusual. str(error) is the question to put to the user."""


@dataclass(frozen=True)
class Range:
    low: float
    high: float

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class KindView:
    code: str
    name: str
    unit: str
    plausible: Range
    usual: Range
    decimals: int = 0
    # Two-value kinds only: the names of the two values and the second value's ranges.
    value_names: tuple[str, ...] = ()
    plausible2: Range | None = None
    usual2: Range | None = None
    active: bool = True

    @property
    def two_values(self) -> bool:
        return self.plausible2 is not None

    @property
    def phrase(self) -> str:
        """The name as it reads mid-sentence: 'blood glucose', but 'FEV1' or 'INR' kept."""
        if self.name[1:2].isupper():
            return self.name
        return self.name[:1].lower() + self.name[1:]

    @property
    def title(self) -> str:
        return self.name[:1].upper() + self.name[1:]

    def format(self, value: float, value2: float | None = None) -> str:
        """'120/80 mmHg', '7.4 mmol/L', '98%'."""
        text = _number_text(value, self.decimals)
        if value2 is not None:
            text += "/" + _number_text(value2, self.decimals)
        return text + ("" if self.unit == "%" else " ") + self.unit


def _number_text(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


DEFAULT_KINDS: tuple[KindView, ...] = (
    KindView("blood_pressure", "blood pressure", "mmHg", Range(50, 300), Range(90, 160), 0,
             ("systolic", "diastolic"), Range(20, 200), Range(50, 100)),
    KindView("blood_glucose", "blood glucose", "mmol/L", Range(1, 50), Range(4, 12), 1),
    KindView("oxygen_saturation", "oxygen saturation", "%", Range(50, 100), Range(92, 100), 0),
    KindView("weight", "weight", "kg", Range(2, 400), Range(35, 180), 1),
    KindView("peak_flow", "peak flow", "L/min", Range(30, 900), Range(150, 700), 0),
)


BLOOD_PRESSURE = DEFAULT_KINDS[0]
# Units whose readings are whole numbers by convention, for kinds with no setting of their own.
_WHOLE_NUMBER_UNITS = {"mmhg", "%", "l/min", "bpm", "beats/min", "breaths/min"}


@dataclass(frozen=True)
class KindInput:
    """A new kind, or new ranges for an existing one. Numbers may be typed text.

    A kind with two values is a pair whose first value is always the higher, as systolic
    over diastolic.
    """

    code: str
    name: str
    unit: str
    plausible_min: float | str
    plausible_max: float | str
    usual_min: float | str
    usual_max: float | str
    decimals: int | str = 1
    # For a pair of values, such as systolic and diastolic:
    value_names: tuple[str, str] | None = None
    plausible2_min: float | str | None = None
    plausible2_max: float | str | None = None
    usual2_min: float | str | None = None
    usual2_max: float | str | None = None


@dataclass(frozen=True)
class ReadingRow:
    id: int
    kind_code: str
    kind_name: str
    taken_at: dt.datetime
    value: float
    value2: float | None
    display: str
    unusual: bool
    note: str | None
    recorded_by: str | None


@dataclass(frozen=True)
class Line:
    """One line on a chart: (time, value) points oldest first, with the usual band to shade."""

    label: str
    points: tuple[tuple[dt.datetime, float], ...]
    usual: Range


@dataclass(frozen=True)
class Series:
    kind_code: str
    title: str
    unit: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class PersonReadings:
    rows: tuple[ReadingRow, ...]  # newest first, for the table
    series: tuple[Series, ...]  # one per kind with readings, for the chart


# ---- typed text ---------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,7}(?:[.,][0-9]{0,6})?|[.,][0-9]{1,6})", re.ASCII)
_PAIR_SEPARATOR = re.compile(r"\s*/\s*|\s+over\s+|\s+", re.IGNORECASE)


def parse_number(text: object, field: str, what: str) -> float:
    """A number as typed: '7.4', '7,4' (a decimal comma), ' 98 '. Junk gets a plain message."""
    s = str(text if text is not None else "").strip()
    if not s:
        raise ValidationError(f"Enter the {what}.", field)
    if len(s) > _MAX_TEXT or not _NUMBER.fullmatch(s):
        raise ValidationError(f"'{_shorten(s)}' is not a number for the {what}.", field)
    return float(s.replace(",", "."))


def _as_number(value: object, field: str, what: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(min(max(value, -1e9), 1e9))  # huge integers would overflow a float
    return parse_number(value, field, what)


def _shorten(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def _strip_unit(text: str, unit: str) -> str:
    """'7.4 mmol/l' -> '7.4': the kind's own unit may be typed after the number, in any case."""
    if unit and text.lower().endswith(unit.lower()):
        return text[: len(text) - len(unit)].strip()
    return text


def parse_reading(kind: KindView, text: object) -> tuple[float, float | None]:
    """Typed text to numbers: '120/80', '120 over 80 mmHg', '7,4', ' 98 % '.

    Only the format is checked here (ranges are `check_reading`'s job). Anything that is not a
    reading raises ValidationError and nothing else.
    """
    s = str(text if text is not None else "").strip()
    if not s:
        raise ValidationError(f"Enter the {kind.phrase}.", "value")
    if len(s) > _MAX_TEXT:
        raise ValidationError(f"That is too long to be a {kind.phrase}.", "value")
    s = _strip_unit(s, kind.unit)
    if kind.two_values:
        parts = _PAIR_SEPARATOR.split(s)
        first, second = kind.value_names
        if len(parts) != 2:
            raise ValidationError(
                f"Type the {kind.phrase} as two numbers, {first} then {second}, "
                "for example 120/80.", "value")
        return (parse_number(parts[0], "value", f"{first} {kind.phrase}"),
                parse_number(parts[1], "value2", f"{second} {kind.phrase}"))
    return parse_number(s, "value", kind.phrase), None


def _describe(kind: KindView, value: float, value2: float | None, which: int | None) -> str:
    """'A blood glucose of 25.0 mmol/L' or 'A systolic blood pressure of 350 mmHg'."""
    if which is None:
        shown, name = kind.format(value, value2), kind.phrase
    else:
        shown = kind.format(value if which == 0 else value2)
        name = f"{kind.value_names[which]} {kind.phrase}"
    return f"{'An' if name[:1].lower() in 'aeiou' else 'A'} {name} of {shown}"


def check_reading(kind: KindView, value: float, value2: float | None = None,
                  confirmed: bool = False) -> None:
    """Refuse the impossible; ask about the unusual unless `confirmed`."""
    if kind.two_values and value2 is None:
        raise ValidationError(f"Enter both the {kind.value_names[0]} and the "
                              f"{kind.value_names[1]} {kind.phrase}.", "value2")
    checks = [(0, value, kind.plausible, kind.usual)]
    if kind.two_values:
        checks.append((1, value2, kind.plausible2, kind.usual2))
    for which, v, plausible, _ in checks:
        if v not in plausible:
            label = which if kind.two_values else None
            unit = kind.unit if kind.unit == "%" else f" {kind.unit}"
            raise ValidationError(
                f"{_describe(kind, value, value2, label)} is not possible: it must be "
                f"between {plausible.low:g} and {plausible.high:g}{unit}; please check it.",
                "value" if which == 0 else "value2")
    if kind.two_values and value <= value2:
        first, second = kind.value_names
        raise ValidationError(f"The {first} {kind.phrase} ({_number_text(value, kind.decimals)}) "
                              f"must be higher than the {second} "
                              f"({_number_text(value2, kind.decimals)}); please check the "
                              "order.", "value")
    if confirmed:
        return
    directions = {which: "high" if v > usual.high else "low"
                  for which, v, _, usual in checks if v not in usual}
    if not directions:
        return
    if len(set(directions.values())) == 1:
        how = f"unusually {next(iter(directions.values()))}"
    else:
        how = "unusual: " + " and ".join(f"the {kind.value_names[i]} is {d}"
                                         for i, d in directions.items())
    raise NeedsConfirmation(f"{_describe(kind, value, value2, None)} is {how}. Save it anyway?",
                            "value" if 0 in directions else "value2")


def is_unusual(kind: KindView, value: float, value2: float | None) -> bool:
    if value not in kind.usual:
        return True
    return kind.two_values and value2 is not None and value2 not in kind.usual2


def parse_taken_at(value: dt.datetime | dt.date | str | None, now: dt.datetime) -> dt.datetime:
    """When the reading was taken: a datetime, '22/11/2026 08:30', '2026-11-22 08:30', or a
    date alone (today means now; an earlier day, whose time is not known, means midday)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return now
    if isinstance(value, dt.datetime):
        moment = value.replace(tzinfo=None)
    elif isinstance(value, dt.date):
        moment = now if value == now.date() else dt.datetime.combine(value, dt.time(12))
    else:
        parts = str(value).strip().replace("T", " ").split()
        if not parts:  # e.g. a lone "T": nothing that could be a date
            raise ValidationError(f"'{_shorten(str(value).strip())}' is not a date and time. "
                                  "Use the form 22/11/2026 08:30.", "taken_at")
        day = parse_date(parts[0], "taken_at", required=True)
        if len(parts) == 1:
            return parse_taken_at(day, now)
        try:
            if len(parts) != 2:
                raise ValueError
            hour, minute = (int(p) for p in parts[1].split(":"))
            clock = dt.time(hour, minute)
        except ValueError:
            raise ValidationError(f"'{_shorten(str(value).strip())}' is not a date and time. "
                                  "Use the form 22/11/2026 08:30.", "taken_at") from None
        moment = dt.datetime.combine(day, clock)
    return moment.replace(second=0, microsecond=0)


# ---- kinds --------------------------------------------------------------------------------


def _extras_key(code: str) -> str:
    return _SETTING_PREFIX + code


def _extras(w: Work, code: str) -> dict:
    row = w.session.get(Setting, _extras_key(code))
    try:
        extras = json.loads(row.value) if row else {}
    except ValueError:
        extras = {}
    return extras if isinstance(extras, dict) else {}


def _kind_view(w: Work, k: ReadingKind) -> KindView:
    default = next((d for d in DEFAULT_KINDS if d.code == k.code), None)
    extras = _extras(w, k.code)
    whole = k.unit.strip().lower() in _WHOLE_NUMBER_UNITS
    view = KindView(k.code, k.name, k.unit, Range(k.plausible_min, k.plausible_max),
                    Range(k.usual_min, k.usual_max),
                    extras.get("decimals", default.decimals if default else 0 if whole else 1),
                    active=k.active)
    if not k.two_values:
        return view
    if "plausible2" in extras:
        return replace(view, value_names=tuple(extras["value_names"]),
                       plausible2=Range(*extras["plausible2"]), usual2=Range(*extras["usual2"]))
    # A pair stored without its second range (written by another tool): a pressure in mmHg
    # is checked as a blood pressure; any other pair checks both values on the first range.
    like = default or (BLOOD_PRESSURE if k.unit.strip().lower() == "mmhg" else None)
    if like is not None:
        return replace(view, value_names=like.value_names, plausible2=like.plausible2,
                       usual2=like.usual2)
    return replace(view, value_names=("first", "second"), plausible2=view.plausible,
                   usual2=view.usual)


def _save_extras(w: Work, kind: KindView) -> None:
    extras: dict = {"decimals": kind.decimals}
    if kind.two_values:
        extras.update(value_names=list(kind.value_names),
                      plausible2=[kind.plausible2.low, kind.plausible2.high],
                      usual2=[kind.usual2.low, kind.usual2.high])
    value = json.dumps(extras, sort_keys=True)
    row = w.session.get(Setting, _extras_key(kind.code))
    if row is None:
        w.session.add(Setting(key=_extras_key(kind.code), value=value))
    else:
        row.value = value


def _write_kind(w: Work, kind: KindView, row: ReadingKind | None = None) -> ReadingKind:
    row = row or ReadingKind(code=kind.code)
    row.name, row.unit, row.two_values = kind.name, kind.unit, kind.two_values
    row.plausible_min, row.plausible_max = kind.plausible.low, kind.plausible.high
    row.usual_min, row.usual_max = kind.usual.low, kind.usual.high
    row.active = kind.active
    w.session.add(row)
    _save_extras(w, kind)
    w.session.flush()
    return row


def ensure_default_kinds(w: Work) -> None:
    """Write the default kinds the first time the table is needed for a change."""
    if w.session.scalar(select(ReadingKind.id).limit(1)) is not None:
        return
    for kind in DEFAULT_KINDS:
        _write_kind(w, kind)
    w.audit("seed", "reading_kind", None, None, codes=[k.code for k in DEFAULT_KINDS])


def _all_kinds(w: Work) -> list[KindView]:
    rows = list(w.session.scalars(select(ReadingKind).order_by(ReadingKind.id)))
    return [_kind_view(w, k) for k in rows] if rows else list(DEFAULT_KINDS)


def reading_kinds(ctx: Ctx, include_retired: bool = False) -> list[KindView]:
    with reading(ctx) as w:
        return [k for k in _all_kinds(w) if include_retired or k.active]


def _kind_row(w: Work, code: str) -> ReadingKind:
    row = w.session.scalar(select(ReadingKind).where(ReadingKind.code == code))
    if row is None:
        raise ValidationError(f"There is no kind of reading called '{code}'.", "kind")
    return row


def _may_configure(ctx: Ctx) -> None:
    if ctx.actor.role not in (Role.CLINICIAN, Role.ADMIN):
        raise PermissionDenied("Only a clinician or an administrator can change the kinds of "
                               "reading.")


_CODE = re.compile(r"[a-z][a-z0-9_]{1,39}", re.ASCII)


def _validate_kind(data: KindInput) -> KindView:
    code = (data.code or "").strip().lower().replace(" ", "_")
    if not _CODE.fullmatch(code):
        raise ValidationError("A code is 2 to 40 lower-case letters, digits or underscores, "
                              "starting with a letter.", "code")
    name = (data.name or "").strip()
    unit = (data.unit or "").strip()
    if not name or len(name) > 100:
        raise ValidationError("Enter the name of the reading, for example 'temperature'.",
                              "name")
    if not unit or len(unit) > 20:
        raise ValidationError("Enter the unit, for example '°C'.", "unit")
    try:
        decimals = int(str(data.decimals).strip())
    except ValueError:
        decimals = -1
    if not 0 <= decimals <= 3:
        raise ValidationError("Show between 0 and 3 decimal places.", "decimals")

    def ranges(p_lo, p_hi, u_lo, u_hi, suffix: str, what: str) -> tuple[Range, Range]:
        plausible = Range(parse_number(p_lo, "plausible_min" + suffix, f"lowest possible {what}"),
                          parse_number(p_hi, "plausible_max" + suffix, f"highest possible {what}"))
        usual = Range(parse_number(u_lo, "usual_min" + suffix, f"lowest usual {what}"),
                      parse_number(u_hi, "usual_max" + suffix, f"highest usual {what}"))
        if plausible.low >= plausible.high:
            raise ValidationError(f"The lowest possible {what} must be below the highest.",
                                  "plausible_min" + suffix)
        if usual.low >= usual.high:
            raise ValidationError(f"The lowest usual {what} must be below the highest.",
                                  "usual_min" + suffix)
        if usual.low < plausible.low or usual.high > plausible.high:
            raise ValidationError(f"The usual range of the {what} must lie inside the possible "
                                  "range.", "usual_min" + suffix)
        return plausible, usual

    if data.value_names:
        names = tuple((n or "").strip() for n in data.value_names)
        if len(names) != 2 or not all(names):
            raise ValidationError("Name both values, for example 'systolic' and 'diastolic'.",
                                  "value_names")
        plausible, usual = ranges(data.plausible_min, data.plausible_max, data.usual_min,
                                  data.usual_max, "", f"{names[0]} value")
        plausible2, usual2 = ranges(data.plausible2_min, data.plausible2_max, data.usual2_min,
                                    data.usual2_max, "2", f"{names[1]} value")
        return KindView(code, name, unit, plausible, usual, decimals, names, plausible2, usual2)
    plausible, usual = ranges(data.plausible_min, data.plausible_max, data.usual_min,
                              data.usual_max, "", "value")
    return KindView(code, name, unit, plausible, usual, decimals)


def add_kind(ctx: Ctx, data: KindInput) -> KindView:
    """A new kind of reading with its ranges (clinicians and administrators)."""
    _may_configure(ctx)
    kind = _validate_kind(data)
    with changing(ctx) as w:
        ensure_default_kinds(w)
        if w.session.scalar(select(ReadingKind.id).where(ReadingKind.code == kind.code)):
            raise RuleError(f"There is already a kind of reading with the code '{kind.code}'.")
        row = _write_kind(w, kind)
        w.audit("create", "reading_kind", row.id, None, code=kind.code, unit=kind.unit,
                plausible=[kind.plausible.low, kind.plausible.high],
                usual=[kind.usual.low, kind.usual.high])
        return _kind_view(w, row)


def update_kind(ctx: Ctx, data: KindInput) -> KindView:
    """New name, unit or ranges for the kind with `data.code`. Saved readings are unchanged."""
    _may_configure(ctx)
    kind = _validate_kind(data)
    with changing(ctx) as w:
        ensure_default_kinds(w)
        row = _kind_row(w, kind.code)
        if row.two_values != kind.two_values:
            raise RuleError("A kind of reading cannot change between one value and two; add a "
                            "new kind instead.")
        before = _kind_view(w, row)
        _write_kind(w, replace(kind, active=row.active), row)
        w.audit("update", "reading_kind", row.id, None, code=kind.code,
                before=_kind_summary(before), after=_kind_summary(kind))
        return _kind_view(w, row)


def _kind_summary(k: KindView) -> dict:
    out = {"name": k.name, "unit": k.unit, "plausible": [k.plausible.low, k.plausible.high],
           "usual": [k.usual.low, k.usual.high], "decimals": k.decimals}
    if k.two_values:
        out.update(plausible2=[k.plausible2.low, k.plausible2.high],
                   usual2=[k.usual2.low, k.usual2.high])
    return out


def set_kind_active(ctx: Ctx, code: str, active: bool) -> KindView:
    """Retire a kind (no new readings; old ones stay on the record) or bring it back."""
    _may_configure(ctx)
    with changing(ctx) as w:
        ensure_default_kinds(w)
        row = _kind_row(w, code)
        row.active = bool(active)
        w.session.flush()
        w.audit("restore" if active else "retire", "reading_kind", row.id, None, code=code)
        return _kind_view(w, row)


# ---- readings -----------------------------------------------------------------------------


def _now(ctx: Ctx) -> dt.datetime:
    return dt.datetime.combine(ctx.today(), dt.datetime.now().time()).replace(microsecond=0)


def record_reading(ctx: Ctx, person_id: int, kind_code: str, text: str | None = None, *,
                   value: float | None = None, value2: float | None = None,
                   taken_at: dt.datetime | dt.date | str | None = None,
                   note: str | None = None, confirmed: bool = False) -> ReadingRow:
    """Save a reading typed as `text` ('120/80') or given as numbers.

    Raises ValidationError for anything impossible, and NeedsConfirmation (a ValidationError)
    for an unusual value unless `confirmed` is true.
    """
    now = _now(ctx)
    moment = parse_taken_at(taken_at, now)
    if moment > now + FUTURE_ALLOWANCE:
        raise ValidationError("A reading cannot be taken in the future.", "taken_at")
    with changing(ctx) as w:
        person = w.get(Person, person_id, "person")
        ensure_default_kinds(w)
        row = _kind_row(w, kind_code)
        kind = _kind_view(w, row)
        if not kind.active:
            raise RuleError(f"{kind.title} readings are no longer recorded.")
        if moment.date() < person.date_of_birth:
            raise ValidationError("A reading cannot be taken before the person was born.",
                                  "taken_at")
        if text is not None:
            value, value2 = parse_reading(kind, text)
        else:
            value = _as_number(value, "value", kind.phrase)
            value2 = None if value2 is None else _as_number(value2, "value2", kind.phrase)
        check_reading(kind, value, value2, confirmed)
        r = Reading(person_id=person_id, kind_id=row.id, taken_at=moment, value=value,
                    value2=value2, note=clean(note), recorded_by=ctx.actor.user_id)
        w.session.add(r)
        w.session.flush()
        unusual = is_unusual(kind, r.value, r.value2)
        w.audit("create", "reading", r.id, person_id, kind=kind.code,
                value=kind.format(r.value, r.value2), taken_at=moment,
                confirmed_unusual=unusual)
        return _row(kind, r, ctx.actor.full_name)


def retire_reading(ctx: Ctx, reading_id: int, reason: str) -> None:
    """A reading entered in error is retired with a reason, never deleted."""
    reason = clean(reason)
    if not reason:
        raise ValidationError("Say why the reading is being removed.", "reason")
    with changing(ctx) as w:
        r = w.get(Reading, reading_id, "reading")
        if r.retired_on is not None:
            raise RuleError("This reading was already removed.")
        r.retired_on, r.retired_reason = ctx.today(), reason
        w.audit("retire", "reading", r.id, r.person_id, reason=reason)


def _row(kind: KindView, r: Reading, recorded_by: str | None) -> ReadingRow:
    return ReadingRow(r.id, kind.code, kind.name, r.taken_at, r.value, r.value2,
                      kind.format(r.value, r.value2), is_unusual(kind, r.value, r.value2),
                      r.note, recorded_by)


def readings_for(ctx: Ctx, person_id: int, kind_code: str | None = None) -> PersonReadings:
    """The person's readings: table rows newest first, and chart series oldest first."""
    with viewing(ctx) as w:
        w.get(Person, person_id, "person")
        kinds = {k.id: _kind_view(w, k) for k in w.session.scalars(select(ReadingKind))}
        q = (select(Reading, User.full_name)
             .outerjoin(User, User.id == Reading.recorded_by)
             .where(Reading.person_id == person_id, Reading.retired_on.is_(None)))
        if kind_code is not None:
            q = q.join(ReadingKind, ReadingKind.id == Reading.kind_id).where(
                ReadingKind.code == kind_code)
        found = w.session.execute(q.order_by(Reading.taken_at.desc(), Reading.id.desc())).all()
        w.audit("view", "reading", None, person_id, kind=kind_code, rows=len(found))
    rows = tuple(_row(kinds[r.kind_id], r, name) for r, name in found)
    return PersonReadings(rows, _series(rows, kinds))


def _series(rows: tuple[ReadingRow, ...], kinds: dict[int, KindView]) -> tuple[Series, ...]:
    by_code = {k.code: k for k in kinds.values()}
    out = []
    for code in dict.fromkeys(r.kind_code for r in reversed(rows)):
        kind = by_code[code]
        mine = [r for r in reversed(rows) if r.kind_code == code]
        lines = [Line(kind.value_names[0] if kind.two_values else kind.name,
                      tuple((r.taken_at, r.value) for r in mine), kind.usual)]
        if kind.two_values:
            lines.append(Line(kind.value_names[1],
                              tuple((r.taken_at, r.value2) for r in mine if r.value2 is not None),
                              kind.usual2))
        out.append(Series(code, kind.title, kind.unit, tuple(lines)))
    return tuple(out)
