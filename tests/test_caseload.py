import csv
import datetime as dt
import io

import pytest

from carecoord.domain.enums import PlanStatus
from carecoord.interop.caseload_csv import neutralise, write_caseload_csv
from carecoord.services import caseload, people, plans, team
from carecoord.services.caseload import CaseloadRow
from carecoord.services.exports import export_caseload_csv
from carecoord.store.models import ExportRecord


def _row(i, family, given, nhs, review=None, status="agreed"):
    key = f"{given} {family} {nhs}".lower()
    return CaseloadRow(i, nhs, family, given, None, dt.date(1940, 1, 1), "North", None, None,
                       None, None, status, review, None, "active", key)


ROWS = [_row(1, "Smith", "Ann", "9434765919"), _row(2, "Jones", "Bob", "9990000018"),
        _row(3, "Smithson", "Cara", "9990000026", status="none")]


def test_search_by_name_words_and_nhs_digits():
    assert [r.person_id for r in caseload.search(ROWS, "smith")] == [1, 3]
    assert [r.person_id for r in caseload.search(ROWS, "ann smith")] == [1]
    assert [r.person_id for r in caseload.search(ROWS, "943 476")] == [1]
    assert [r.person_id for r in caseload.search(ROWS, "")] == [1, 2, 3]
    # As the caseload shows the name: "Smith, Ann".
    assert [r.person_id for r in caseload.search(ROWS, "Smith, Ann")] == [1]
    assert [r.person_id for r in caseload.search(ROWS, "smith,")] == [1, 3]


def test_sort_puts_missing_values_last_both_ways():
    rows = [_row(1, "A", "a", "1", dt.date(2027, 1, 1)), _row(2, "B", "b", "2"),
            _row(3, "C", "c", "3", dt.date(2026, 1, 1))]
    assert [r.person_id for r in caseload.sort_rows(rows, "review_date")] == [3, 1, 2]
    assert [r.person_id for r in caseload.sort_rows(rows, "review_date", True)] == [1, 3, 2]


def test_overdue_boundary():
    today = dt.date(2026, 11, 22)
    assert caseload.is_overdue(_row(1, "A", "a", "1", today - dt.timedelta(days=1)), today)
    assert not caseload.is_overdue(_row(1, "A", "a", "1", today), today)
    assert not caseload.is_overdue(_row(1, "A", "a", "1", None), today)


def test_load_joins_lead_and_current_plan(ctx, person):
    team.handover_lead(ctx, person.id, ctx.actor.professional_id)
    plans.record_offer(ctx, person.id)
    other = people.create_person(ctx, people.PersonInput("999 000 0018", "Bob", "Jones",
                                                         "01/02/1950"))
    rows = {r.person_id: r for r in caseload.load(ctx)}
    assert rows[person.id].lead_name == "Jo Bloggs"
    assert rows[person.id].plan_status == PlanStatus.OFFERED.value
    assert rows[other.id].plan_status == caseload.NO_PLAN and rows[other.id].lead_name is None
    mine = caseload.load(ctx, caseload.CaseloadQuery(
        lead_professional_id=ctx.actor.professional_id))
    assert [r.person_id for r in mine] == [person.id]


@pytest.mark.parametrize("cell", ["=SUM(A1:A9)", "+44 1234", "-2+3", "@cmd", "\t=1"])
def test_csv_neutralises_formula_cells(cell):
    assert neutralise(cell).startswith("'")
    row = _row(1, cell, "Ann", "9434765919")
    text = write_caseload_csv([row]).decode("utf-8")
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed[1][1] == "'" + cell


def test_csv_keeps_accents_and_ordinary_text():
    row = _row(1, "Ó Súilleabháin", "Siobhán", "9434765919")
    text = write_caseload_csv([row]).decode("utf-8-sig")
    assert "Ó Súilleabháin" in text and "943 476 5919" in text
    assert neutralise("Smith") == "Smith"


def test_csv_export_is_logged_with_hash(ctx, person, tmp_path):
    import hashlib

    rows = caseload.load(ctx)
    written = export_caseload_csv(ctx, rows, tmp_path / "caseload.csv")
    data = (tmp_path / "caseload.csv").read_bytes()
    assert written.sha256 == hashlib.sha256(data).hexdigest()
    with ctx.store.session_factory() as s:
        record = s.query(ExportRecord).one()
    assert record.sha256 == written.sha256 and record.people_count == 1
    assert record.username == "jo"


def test_cancelled_csv_writes_nothing(ctx, tmp_path):
    rows = ROWS * 100
    with pytest.raises(InterruptedError):
        write_caseload_csv(rows, cancelled=lambda: True)


def test_unwritable_folder_gives_a_plain_message(ctx, tmp_path):
    from carecoord.domain.errors import StoreError
    from carecoord.services.exports import write_atomically

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="could not be written"):
        write_atomically(blocker / "inside" / "out.csv", b"data")


@pytest.mark.parametrize("target", ["/dev/null", "."])
def test_exports_never_replace_devices_or_folders(target):
    from carecoord.domain.errors import StoreError
    from carecoord.services.exports import write_atomically

    with pytest.raises(StoreError, match="not an ordinary file"):
        write_atomically(target, b"data")
