from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from carecoord.domain.enums import Role
from carecoord.domain.errors import PermissionDenied, RuleError, ValidationError
from carecoord.security.users import add_user, login
from carecoord.services import readings as rd
from carecoord.services.base import Ctx
from carecoord.services.readings import KindInput, NeedsConfirmation
from carecoord.store.models import AuditEvent, Reading
from carecoord.store.unit_of_work import unit_of_work

KINDS = {k.code: k for k in rd.DEFAULT_KINDS}
BP, GLUCOSE, SATS = KINDS["blood_pressure"], KINDS["blood_glucose"], KINDS["oxygen_saturation"]
MORNING = dt.datetime(2026, 11, 21, 8, 30)


def ctx_with_role(store, today, role: Role, username: str) -> Ctx:
    with unit_of_work(store.session_factory, write=True) as uow:
        add_user(uow.session, username=username, full_name=username.title(), role=role,
                 password="a good password")
    return Ctx(store, login(store, username, "a good password"), today=lambda: today)


def audits(store, entity: str) -> list[AuditEvent]:
    with store.session_factory() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.entity == entity)
                              .order_by(AuditEvent.id)))


# ---- typed text -----------------------------------------------------------------------


@pytest.mark.parametrize("kind, text, expected", [
    (BP, "120/80", (120.0, 80.0)),
    (BP, " 120 / 80 mmHg ", (120.0, 80.0)),
    (BP, "135 over 85", (135.0, 85.0)),
    (GLUCOSE, "7,4", (7.4, None)),
    (GLUCOSE, "7.4 mmol/l", (7.4, None)),
    (SATS, " 98 % ", (98.0, None)),
    (KINDS["peak_flow"], "450L/min", (450.0, None)),
])
def test_parse_reading_accepts_what_people_type(kind, text, expected):
    assert rd.parse_reading(kind, text) == expected


@pytest.mark.parametrize("kind, text", [
    (BP, "120"), (BP, "120/80/70"), (BP, "high"), (GLUCOSE, ""), (GLUCOSE, "7..4"),
    (GLUCOSE, "nan"), (GLUCOSE, "inf"), (GLUCOSE, "1e3"), (SATS, "9 8"), (GLUCOSE, "٣"),
    (GLUCOSE, "1" * 60),
])
def test_parse_reading_refuses_junk_plainly(kind, text):
    with pytest.raises(ValidationError) as e:
        rd.parse_reading(kind, text)
    assert type(e.value) is ValidationError
    assert str(e.value).endswith(".")


@given(kind=st.sampled_from(rd.DEFAULT_KINDS), text=st.text(max_size=60))
def test_parse_reading_never_raises_anything_but_validation_error(kind, text):
    try:
        values = rd.parse_reading(kind, text)
    except ValidationError:
        return
    assert all(isinstance(v, float) for v in values if v is not None)


@given(kind=st.sampled_from(rd.DEFAULT_KINDS),
       text=st.from_regex(r"\s*[0-9., /%a-zA-Z+-]{0,20}\s*", fullmatch=True),
       confirmed=st.booleans())
def test_parse_then_check_never_raises_anything_but_validation_error(kind, text, confirmed):
    try:
        rd.check_reading(kind, *rd.parse_reading(kind, text), confirmed=confirmed)
    except ValidationError:
        pass


@given(kind=st.sampled_from(rd.DEFAULT_KINDS), data=st.data())
def test_a_formatted_reading_parses_back(kind, data):
    value = data.draw(st.floats(kind.plausible.low, kind.plausible.high))
    value = round(value, kind.decimals)
    value2 = None
    if kind.two_values:
        value2 = round(data.draw(st.floats(kind.plausible2.low, kind.plausible2.high)),
                       kind.decimals)
    assert rd.parse_reading(kind, kind.format(value, value2)) == (value, value2)


# ---- ranges ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind, values, field", [
    (BP, (301, 80), "value"), (BP, (49, 40), "value"), (BP, (120, 201), "value2"),
    (BP, (120, 19), "value2"), (GLUCOSE, (0.9, None), "value"), (GLUCOSE, (50.1, None), "value"),
    (SATS, (101, None), "value"), (SATS, (49, None), "value"),
    (KINDS["weight"], (401, None), "value"), (KINDS["peak_flow"], (20, None), "value"),
])
def test_values_outside_the_plausible_range_are_refused_even_when_confirmed(kind, values, field):
    with pytest.raises(ValidationError) as e:
        rd.check_reading(kind, *values, confirmed=True)
    assert not isinstance(e.value, NeedsConfirmation)
    assert e.value.field == field
    assert "is not possible" in str(e.value)


def test_plausible_refusal_names_the_value_and_range():
    with pytest.raises(ValidationError, match=r"^A systolic blood pressure of 350 mmHg is not "
                                              r"possible: it must be between 50 and 300 mmHg"):
        rd.check_reading(BP, 350, 80)
    with pytest.raises(ValidationError, match=r"^An oxygen saturation of 101% is not possible"):
        rd.check_reading(SATS, 101)


@pytest.mark.parametrize("values", [(50, 50), (80, 120)])
def test_systolic_must_exceed_diastolic(values):
    with pytest.raises(ValidationError, match="systolic blood pressure .* must be higher"):
        rd.check_reading(BP, *values, confirmed=True)


def test_the_range_edges_are_plausible_and_usual():
    rd.check_reading(GLUCOSE, 4)
    rd.check_reading(GLUCOSE, 12)
    rd.check_reading(BP, 160, 100)
    rd.check_reading(GLUCOSE, 1, confirmed=True)
    rd.check_reading(GLUCOSE, 50, confirmed=True)


@pytest.mark.parametrize("kind, values, message", [
    (GLUCOSE, (25, None), "A blood glucose of 25.0 mmol/L is unusually high. Save it anyway?"),
    (GLUCOSE, (3.1, None), "A blood glucose of 3.1 mmol/L is unusually low. Save it anyway?"),
    (BP, (190, 85), "A blood pressure of 190/85 mmHg is unusually high. Save it anyway?"),
    (BP, (120, 45), "A blood pressure of 120/45 mmHg is unusually low. Save it anyway?"),
    (BP, (170, 45), "A blood pressure of 170/45 mmHg is unusual: the systolic is high and the "
                    "diastolic is low. Save it anyway?"),
    (SATS, (88, None), "An oxygen saturation of 88% is unusually low. Save it anyway?"),
])
def test_unusual_values_ask_for_confirmation(kind, values, message):
    with pytest.raises(NeedsConfirmation) as e:
        rd.check_reading(kind, *values)
    assert str(e.value) == message
    rd.check_reading(kind, *values, confirmed=True)


# ---- recording ------------------------------------------------------------------------


def test_record_a_reading_typed_as_text_is_saved_and_audited(ctx, person, store):
    row = rd.record_reading(ctx, person.id, "blood_pressure", "132/84", taken_at=MORNING,
                            note="  after breakfast ")
    assert (row.value, row.value2, row.display, row.unusual) == (132, 84, "132/84 mmHg", False)
    assert (row.taken_at, row.note, row.recorded_by) == (MORNING, "after breakfast", "Jo Bloggs")
    [event] = audits(store, "reading")
    assert (event.username, event.action, event.person_id) == ("jo", "create", person.id)
    assert "132/84 mmHg" in event.detail
    seeded = audits(store, "reading_kind")
    assert [e.action for e in seeded] == ["seed"]


def test_unusual_reading_is_not_saved_until_confirmed(ctx, person, store):
    with pytest.raises(NeedsConfirmation, match="unusually high"):
        rd.record_reading(ctx, person.id, "blood_glucose", "25", taken_at=MORNING)
    with store.session_factory() as s:
        assert s.scalar(select(Reading.id)) is None
    row = rd.record_reading(ctx, person.id, "blood_glucose", "25", taken_at=MORNING,
                            confirmed=True)
    assert row.unusual and row.display == "25.0 mmol/L"
    assert '"confirmed_unusual": true' in audits(store, "reading")[-1].detail


def test_impossible_reading_is_refused_and_not_saved(ctx, person, store):
    with pytest.raises(ValidationError, match="is not possible"):
        rd.record_reading(ctx, person.id, "oxygen_saturation", "101", confirmed=True)
    with store.session_factory() as s:
        assert s.scalar(select(Reading.id)) is None


def test_numbers_can_be_given_instead_of_text(ctx, person):
    row = rd.record_reading(ctx, person.id, "blood_pressure", value=128, value2="82",
                            taken_at=MORNING)
    assert (row.value, row.value2) == (128, 82)
    with pytest.raises(ValidationError, match="Enter both"):
        rd.record_reading(ctx, person.id, "blood_pressure", value=128, taken_at=MORNING)
    with pytest.raises(ValidationError, match="Enter the blood glucose"):
        rd.record_reading(ctx, person.id, "blood_glucose", taken_at=MORNING)


@pytest.mark.parametrize("taken_at", ["23/11/2026 08:00", dt.date(2026, 11, 23),
                                      dt.datetime(2026, 11, 23, 0, 1)])
def test_future_times_are_refused(ctx, person, taken_at):
    with pytest.raises(ValidationError, match="cannot be taken in the future"):
        rd.record_reading(ctx, person.id, "weight", "70", taken_at=taken_at)


@pytest.mark.parametrize("text, expected", [
    ("21/11/2026 08:30", dt.datetime(2026, 11, 21, 8, 30)),
    ("2026-11-21T08:30", dt.datetime(2026, 11, 21, 8, 30)),
    ("20/11/2026", dt.datetime(2026, 11, 20, 12, 0)),
])
def test_taken_at_as_typed(text, expected):
    assert rd.parse_taken_at(text, dt.datetime(2026, 11, 22, 9, 0)) == expected


@pytest.mark.parametrize("text", ["21/11/2026 25:00", "21/11/2026 8", "yesterday", "31/02/2026",
                                  "21/11/2026 08:30 pm"])
def test_taken_at_junk_is_refused(text):
    with pytest.raises(ValidationError):
        rd.parse_taken_at(text, dt.datetime(2026, 11, 22, 9, 0))


def test_a_date_alone_today_means_now():
    now = dt.datetime(2026, 11, 22, 9, 15)
    assert rd.parse_taken_at(dt.date(2026, 11, 22), now) == now
    assert rd.parse_taken_at("", now) == now


def test_unknown_kind_is_refused(ctx, person):
    with pytest.raises(ValidationError, match="no kind of reading called 'pulse'"):
        rd.record_reading(ctx, person.id, "pulse", "70")


def test_huddle_viewer_cannot_record(store, today, ctx, person):
    viewer = ctx_with_role(store, today, Role.HUDDLE_VIEWER, "screen")
    with pytest.raises(PermissionDenied):
        rd.record_reading(viewer, person.id, "weight", "70")


# ---- table and chart ------------------------------------------------------------------


def test_readings_for_gives_table_rows_and_chart_series(ctx, person, store):
    for day, text in ((19, "140/90"), (20, "150/95"), (21, "138/88")):
        rd.record_reading(ctx, person.id, "blood_pressure", text,
                          taken_at=dt.datetime(2026, 11, day, 9, 0))
    rd.record_reading(ctx, person.id, "weight", "82.5", taken_at=dt.datetime(2026, 11, 20, 7))
    wrong = rd.record_reading(ctx, person.id, "weight", "28.5", taken_at=MORNING,
                              confirmed=True)
    rd.retire_reading(ctx, wrong.id, "Typed 28.5 for 82.5")

    got = rd.readings_for(ctx, person.id)
    assert [r.display for r in got.rows] == ["138/88 mmHg", "150/95 mmHg", "82.5 kg",
                                            "140/90 mmHg"]
    assert [s.kind_code for s in got.series] == ["blood_pressure", "weight"]
    bp = got.series[0]
    assert [line.label for line in bp.lines] == ["systolic", "diastolic"]
    assert [v for _, v in bp.lines[0].points] == [140, 150, 138]
    assert [v for _, v in bp.lines[1].points] == [90, 95, 88]
    assert bp.lines[0].points[0][0] == dt.datetime(2026, 11, 19, 9, 0)
    assert (bp.lines[1].usual.low, bp.lines[1].usual.high) == (50, 100)
    assert got.series[1].title == "Weight" and got.series[1].unit == "kg"

    only = rd.readings_for(ctx, person.id, "weight")
    assert [r.display for r in only.rows] == ["82.5 kg"]
    assert audits(store, "reading")[-1].action == "view"
    with pytest.raises(RuleError):
        rd.retire_reading(ctx, wrong.id, "again")


# ---- configurable kinds ---------------------------------------------------------------


TEMPERATURE = KindInput("temperature", "temperature", "°C", "30", "45", "35,5", "38", 1)


def test_reading_kinds_are_the_defaults_until_changed(ctx):
    kinds = rd.reading_kinds(ctx)
    assert [k.code for k in kinds] == ["blood_pressure", "blood_glucose", "oxygen_saturation",
                                       "weight", "peak_flow"]
    assert kinds[0].two_values and kinds[0].value_names == ("systolic", "diastolic")


def test_a_clinician_adds_a_kind_and_readings_use_its_ranges(ctx, person, store):
    kind = rd.add_kind(ctx, TEMPERATURE)
    assert (kind.usual.low, kind.plausible.high, kind.decimals) == (35.5, 45, 1)
    assert [k.code for k in rd.reading_kinds(ctx)][-1] == "temperature"
    with pytest.raises(NeedsConfirmation, match=r"A temperature of 39.2 °C is unusually high"):
        rd.record_reading(ctx, person.id, "temperature", "39,2 °C", taken_at=MORNING)
    with pytest.raises(ValidationError, match="not possible"):
        rd.record_reading(ctx, person.id, "temperature", "46", taken_at=MORNING)
    assert rd.record_reading(ctx, person.id, "temperature", "37.1", taken_at=MORNING
                             ).display == "37.1 °C"
    assert [e.action for e in audits(store, "reading_kind")] == ["seed", "create"]
    with pytest.raises(RuleError, match="already a kind"):
        rd.add_kind(ctx, TEMPERATURE)


def test_a_two_value_kind_can_be_added_and_its_second_range_is_kept(ctx, person):
    rd.add_kind(ctx, KindInput("standing_bp", "standing blood pressure", "mmHg", 50, 300, 90,
                               160, 0, ("systolic", "diastolic"), 20, 200, 50, 100))
    kind = next(k for k in rd.reading_kinds(ctx) if k.code == "standing_bp")
    assert kind.two_values and (kind.usual2.low, kind.usual2.high) == (50, 100)
    with pytest.raises(ValidationError, match="diastolic standing blood pressure of 210"):
        rd.record_reading(ctx, person.id, "standing_bp", "250/210", confirmed=True)


def test_ranges_can_be_changed_and_kinds_retired(ctx, person):
    rd.update_kind(ctx, KindInput("blood_glucose", "blood glucose", "mmol/L", 1, 50, 4, 15, 1))
    rd.record_reading(ctx, person.id, "blood_glucose", "14", taken_at=MORNING)  # now usual
    rd.set_kind_active(ctx, "peak_flow", False)
    assert "peak_flow" not in [k.code for k in rd.reading_kinds(ctx)]
    assert "peak_flow" in [k.code for k in rd.reading_kinds(ctx, include_retired=True)]
    with pytest.raises(RuleError, match="no longer recorded"):
        rd.record_reading(ctx, person.id, "peak_flow", "400")
    with pytest.raises(RuleError, match="between one value and two"):
        rd.update_kind(ctx, KindInput("blood_pressure", "bp", "mmHg", 50, 300, 90, 160))


@pytest.mark.parametrize("data, message", [
    (KindInput("Temp!", "temperature", "°C", 30, 45, 35, 38), "A code is"),
    (KindInput("temp", "", "°C", 30, 45, 35, 38), "name of the reading"),
    (KindInput("temp", "temperature", "", 30, 45, 35, 38), "unit"),
    (KindInput("temp", "temperature", "°C", 45, 30, 35, 38), "must be below the highest"),
    (KindInput("temp", "temperature", "°C", 30, 45, 38, 35), "usual value must be below"),
    (KindInput("temp", "temperature", "°C", 30, 45, 25, 38), "must lie inside"),
    (KindInput("temp", "temperature", "°C", "thirty", 45, 35, 38), "not a number"),
    (KindInput("temp", "temperature", "°C", 30, 45, 35, 38, 9), "decimal places"),
])
def test_a_bad_kind_is_refused(ctx, data, message):
    with pytest.raises(ValidationError, match=message):
        rd.add_kind(ctx, data)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.HUDDLE_VIEWER])
def test_only_clinicians_and_admins_configure_kinds(store, today, role):
    other = ctx_with_role(store, today, role, "someone")
    with pytest.raises(PermissionDenied):
        rd.add_kind(other, TEMPERATURE)
    admin = ctx_with_role(store, today, Role.ADMIN, "admin")
    assert rd.add_kind(admin, TEMPERATURE).code == "temperature"


def test_kinds_written_by_another_tool_still_check_both_values(ctx, person, store):
    """A store whose kinds were written without the second range (a demo or an import)."""
    from carecoord.store.models import ReadingKind

    with unit_of_work(store.session_factory, write=True) as uow:
        uow.session.add_all([
            ReadingKind(code="bp", name="Blood pressure", unit="mmHg", two_values=True,
                        plausible_min=50, plausible_max=260, usual_min=90, usual_max=140),
            ReadingKind(code="spo2", name="Oxygen saturation", unit="%", two_values=False,
                        plausible_min=50, plausible_max=100, usual_min=94, usual_max=100),
            ReadingKind(code="grip", name="Grip strength", unit="kg", two_values=True,
                        plausible_min=1, plausible_max=90, usual_min=10, usual_max=60)])
    kinds = {k.code: k for k in rd.reading_kinds(ctx)}
    assert set(kinds) == {"bp", "spo2", "grip"}  # no defaults added beside them
    with pytest.raises(NeedsConfirmation, match=r"^A blood pressure of 150/95 mmHg is "
                                                r"unusually high"):
        rd.record_reading(ctx, person.id, "bp", "150/95", taken_at=MORNING)
    with pytest.raises(ValidationError, match="diastolic blood pressure of 210 mmHg"):
        rd.record_reading(ctx, person.id, "bp", "250/210", taken_at=MORNING, confirmed=True)
    assert rd.record_reading(ctx, person.id, "spo2", "96", taken_at=MORNING).display == "96%"
    assert kinds["grip"].value_names == ("first", "second")
    assert rd.record_reading(ctx, person.id, "grip", "30/25", taken_at=MORNING
                             ).display == "30.0/25.0 kg"
