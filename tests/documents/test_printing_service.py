"""The printing service: the export log, audit, versions, batches and cancelling."""

from __future__ import annotations

import hashlib
import time

import pytest
from reportlab.pdfbase import pdfmetrics
from sqlalchemy import select

from carecoord.documents import fonts as fonts_module
from carecoord.domain.enums import ExportKind
from carecoord.domain.errors import NotFoundError, RuleError, ValidationError
from carecoord.services import plans
from carecoord.services.people import PersonInput, create_person
from carecoord.services.printing import (
    Layout,
    plan_document,
    plan_pdf_bytes,
    render_batch,
    render_plan,
)
from carecoord.store.models import AuditEvent, ExportRecord
from tests.documents.conftest import build_plan
from tests.documents.pdf_probe import page_texts, reader, runs

# Valid NHS numbers (Modulus 11) for extra people.
OTHERS = (("401 023 2129", "Bob", "Jones", True), ("401 023 2110", "Cara", "Ng", False),
          ("401 023 2102", "Dev", "Rao", True))


def _rows(ctx, model):
    with ctx.store.session_factory() as s:
        return list(s.scalars(select(model).order_by(model.id)))


def test_each_print_is_logged_with_the_files_sha256_and_audited(ctx, person, rich, tmp_path):
    out = tmp_path / "ann.pdf"
    result = render_plan(ctx, person.id, out, Layout.LARGE_PRINT)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert result.sha256 == digest
    [row] = _rows(ctx, ExportRecord)
    assert (row.kind, row.person_id, row.people_count) == (ExportKind.PDF, person.id, 1)
    assert (row.sha256, row.file_name, row.username) == (digest, "ann.pdf", "jo")
    assert row.user_id == ctx.actor.user_id and row.recipient is None
    assert '"layout": "large_print"' in row.detail
    prints = [e for e in _rows(ctx, AuditEvent) if e.action == "print"]
    assert len(prints) == 1 and prints[0].person_id == person.id
    assert digest in prints[0].detail


def test_a_failed_write_is_a_plain_error_and_is_not_logged(ctx, person, rich, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ValidationError, match="could not be saved"):
        render_plan(ctx, person.id, blocker / "plan.pdf")
    assert _rows(ctx, ExportRecord) == []


def test_nothing_to_print_without_a_written_plan(ctx, person, tmp_path):
    with pytest.raises(RuleError, match="no care plan"):
        render_plan(ctx, person.id, tmp_path / "x.pdf")
    plans.record_offer(ctx, person.id)
    with pytest.raises(RuleError, match="nothing to print"):
        render_plan(ctx, person.id, tmp_path / "x.pdf")


def test_a_plan_id_must_belong_to_the_person(ctx, person, rich, tmp_path):
    other = create_person(ctx, PersonInput("401 023 2129", "Bob", "Jones", "01/01/1950"))
    with pytest.raises(NotFoundError):
        render_plan(ctx, other.id, tmp_path / "x.pdf", plan_id=rich["plan"].id)


def test_preview_is_audited_as_a_view_and_is_deterministic_in_content(ctx, person, rich):
    doc = plan_document(ctx, person.id)
    views = [e for e in _rows(ctx, AuditEvent) if e.action == "view"]
    assert views and views[-1].entity == "care_plan" and views[-1].person_id == person.id
    assert doc.version == 1 and doc.lead.name == "Jo Bloggs"
    assert [t.is_lead for t in doc.team] == [True, False, False]
    # Only upcoming, booked appointments; soonest first.
    assert [a.purpose for a in doc.appointments] == ["Walking practice", "Medicines review"]
    # Recently seen referrals are left to the professional copy.
    assert [r.service for r in doc.referrals] == ["Falls prevention service"]
    assert doc.goals[0].ratings[-1][1] == 6


def _people(ctx, count):
    ids = []
    for nhs, given, family, with_plan in OTHERS[:count]:
        p = create_person(ctx, PersonInput(nhs, given, family, "01/01/1950",
                                           large_print=given == "Dev"))
        if with_plan:
            build_plan(ctx, p.id)
        ids.append(p.id)
    return ids


def test_batch_into_one_file_numbers_pages_per_person(ctx, person, rich, tmp_path):
    ids = [person.id, *_people(ctx, 3)]  # Cara has no plan: skipped, not fatal
    seen = []
    out = tmp_path / "clinic.pdf"
    result = render_batch(ctx, ids, out, Layout.STANDARD,
                          progress=lambda done, total: seen.append((done, total)))
    assert result.paths == (out,) and not result.cancelled
    assert result.printed == (ids[0], ids[1], ids[3])
    assert [pid for pid, _ in result.skipped] == [ids[2]]
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)
    pages = page_texts(reader(out))
    assert len(pages) == result.pages
    firsts = [i for i, t in enumerate(pages) if "Page 1 of" in t]
    assert len(firsts) == 3
    assert "943 476 5919" in pages[0] and "401 023 2129" in pages[firsts[1]]
    assert "401 023 2102" in pages[-1]
    [row] = _rows(ctx, ExportRecord)
    assert row.people_count == 3 and row.person_id is None
    assert row.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    prints = {e.person_id for e in _rows(ctx, AuditEvent) if e.action == "print"}
    assert prints == set(result.printed)


def test_batch_into_a_folder_writes_and_logs_one_file_each(ctx, person, rich, tmp_path):
    ids = [person.id, *_people(ctx, 1)]
    result = render_batch(ctx, ids, tmp_path / "out", layout=None, one_file=False)
    names = sorted(p.name for p in result.paths)
    assert names == ["care-plan-401-023-2129-jones.pdf", "care-plan-943-476-5919-smith.pdf"]
    rows = _rows(ctx, ExportRecord)
    assert len(rows) == 2
    for path, row in zip(result.paths, rows, strict=True):
        assert row.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_layout_none_prints_each_person_as_they_asked(ctx, person, rich, tmp_path):
    ids = [person.id, *_people(ctx, 3)]
    result = render_batch(ctx, ids, tmp_path / "mixed.pdf", layout=None)
    pdf = reader(result.paths[0])
    pages = page_texts(pdf)
    dev = {i for i, t in enumerate(pages) if "401 023 2102" in t}
    ann = {i for i, t in enumerate(pages) if "943 476 5919" in t}
    assert dev and ann
    sizes = runs(pdf)
    assert min(r.size for r in sizes if r.page in dev) >= 16  # Dev asked for large print
    assert min(r.size for r in sizes if r.page in ann) < 12  # Ann has the standard layout
    rows = _rows(ctx, ExportRecord)
    assert "large_print" in rows[0].detail and "standard" in rows[0].detail


def test_cancelling_a_one_file_batch_writes_and_logs_nothing(ctx, person, rich, tmp_path):
    ids = [person.id, *_people(ctx, 3)]
    calls = {"n": 0}

    def cancelled():
        calls["n"] += 1
        return calls["n"] > 5  # part-way through printing

    out = tmp_path / "clinic.pdf"
    result = render_batch(ctx, ids, out, cancelled=cancelled)
    assert result.cancelled and result.paths == ()
    assert not out.exists()
    assert _rows(ctx, ExportRecord) == []


def test_cancelling_a_folder_batch_keeps_what_was_done(ctx, person, rich, tmp_path):
    ids = [person.id, *_people(ctx, 3)]
    done = []
    result = render_batch(ctx, ids, tmp_path / "out", one_file=False,
                          progress=lambda d, t: done.append(d),
                          cancelled=lambda: len(done) >= 1)
    assert result.cancelled
    assert len(result.paths) == 1 and result.paths[0].exists()
    assert len(_rows(ctx, ExportRecord)) == 1


def test_fonts_are_registered_once_per_process(ctx, person, rich, monkeypatch):
    fonts_module.fonts()
    calls = []
    monkeypatch.setattr(pdfmetrics, "registerFont", lambda *a, **k: calls.append(a))
    doc = plan_document(ctx, person.id)
    plan_pdf_bytes(doc, Layout.STANDARD)
    plan_pdf_bytes(doc, Layout.EASY_READ)
    assert calls == []
    assert fonts_module.fonts() is fonts_module.fonts()


def test_rendering_one_plan_is_quick_once_warm(ctx, person, rich):
    doc = plan_document(ctx, person.id)
    plan_pdf_bytes(doc, Layout.STANDARD)
    best = min(_timed(lambda: plan_pdf_bytes(doc, Layout.STANDARD)) for _ in range(3))
    # The budget is 250 ms on a clinic laptop; allow a loaded test machine some slack.
    assert best < 0.75


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start
