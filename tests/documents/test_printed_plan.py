"""The printed plan, read back with pypdf: sections, page furniture, fonts, sizes, privacy."""

from __future__ import annotations

import re

import pytest

from carecoord import __version__
from carecoord.documents.plan_story import SECTIONS, SLIP_TITLE
from carecoord.domain import enums
from carecoord.services import plans
from carecoord.services.printing import Layout, plan_document, plan_pdf_bytes, render_plan
from tests.documents.conftest import ALERT_TEXT, SNOMED, build_plan
from tests.documents.pdf_probe import (
    font_names,
    full_text,
    italic_fonts,
    page_texts,
    reader,
    runs,
    unembedded_fonts,
)

LAYOUTS = list(Layout)


def _print(ctx, person, tmp_path, layout=Layout.STANDARD, **kw):
    out = tmp_path / f"{layout.value}-{kw.get('professional', False)}.pdf"
    result = render_plan(ctx, person.id, out, layout, **kw)
    return result, reader(out)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_section_is_present_in_order_and_the_slip_comes_last(ctx, person, rich,
                                                                   tmp_path, layout):
    _, pdf = _print(ctx, person, tmp_path, layout)
    text = full_text(pdf)
    positions = [text.find(title) for _, title, _ in SECTIONS]
    assert all(p >= 0 for p in positions), dict(zip([s[1] for s in SECTIONS], positions,
                                                    strict=True))
    assert positions == sorted(positions)
    assert text.rfind(SLIP_TITLE) > positions[-1]
    # Goals carry both halves of co-management, and the review date is given.
    assert text.find("What I will do") < text.find("What my team will do")
    assert "22 May 2027" in text
    assert "Cut or tear along this line" in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_page_shows_name_nhs_number_page_x_of_y_version_and_date(ctx, person, rich,
                                                                      tmp_path, layout):
    result, pdf = _print(ctx, person, tmp_path, layout)
    pages = page_texts(pdf)
    assert len(pages) == result.pages > 1
    for number, text in enumerate(pages, start=1):
        assert "Ann Smith" in text
        assert "NHS number 943 476 5919" in text
        assert f"Page {number} of {len(pages)}" in text
        assert "version 1" in text
        assert "Printed 22 November 2026" in text
        assert f"CareCoord {__version__}" in text


def test_draft_watermark_only_when_the_plan_is_not_agreed(ctx, person, tmp_path):
    made = build_plan(ctx, person.id, agree=False)
    result, pdf = _print(ctx, person, tmp_path)
    assert result.draft
    assert all("DRAFT" in text for text in page_texts(pdf))
    assert "This plan is a draft" in full_text(pdf)

    agreed = plans.agree(ctx, made["plan"].id, plans.Agreement(
        "Ann Smith", enums.AgreementMethod.VERBAL, ctx.today(), made["lead"].id, ctx.today()))
    result, pdf = _print(ctx, person, tmp_path)
    assert not result.draft
    assert "DRAFT" not in full_text(pdf)

    # A review starts version 2 as a draft; version 1 stays in force and prints clean.
    plans.start_review(ctx, agreed.id)
    result, pdf = _print(ctx, person, tmp_path)
    assert result.version == 2 and result.draft
    assert all("DRAFT" in text for text in page_texts(pdf))
    old, old_pdf = _print(ctx, person, tmp_path, plan_id=agreed.id)
    assert old.version == 1 and not old.draft
    old_text = full_text(old_pdf)
    assert "DRAFT" not in old_text
    assert "We are looking at this plan again with you" in old_text


def test_a_replaced_version_is_marked_replaced_not_draft(ctx, person, tmp_path):
    made = build_plan(ctx, person.id)
    v1 = made["plan"]
    v2 = plans.start_review(ctx, v1.id)
    plans.agree(ctx, v2.id, plans.Agreement("Ann Smith", enums.AgreementMethod.SIGNED,
                                            ctx.today(), made["lead"].id, ctx.today()))
    result, pdf = _print(ctx, person, tmp_path, plan_id=v1.id)
    pages = page_texts(pdf)
    assert not result.draft
    assert all("REPLACED" in t and "DRAFT" not in t for t in pages)
    assert "This is an old version" in " ".join(pages)


def test_alerts_never_reach_the_patient_copy_unless_asked(ctx, person, rich, tmp_path):
    _, patient = _print(ctx, person, tmp_path)
    _, pro = _print(ctx, person, tmp_path, professional=True)
    needle = "Dog at the property"
    assert needle not in full_text(patient)
    assert needle in full_text(pro)
    # The document itself holds no alert unless one was asked for.
    assert plan_document(ctx, person.id).alerts == ()
    _, asked = _print(ctx, person, tmp_path, Layout.LARGE_PRINT, show_alerts=True)
    assert needle in full_text(asked)
    assert ALERT_TEXT.startswith(needle)


def test_the_professional_copy_adds_conditions_codes_referrals_and_audit(ctx, person, rich,
                                                                        tmp_path):
    _, pro = _print(ctx, person, tmp_path, professional=True)
    text = full_text(pro)
    for expected in ("Chronic obstructive pulmonary disease", SNOMED, "Two falls in three months",
                     "Routine", "Recent activity on this record", "Professional copy",
                     "Works full time"):
        assert expected in text, expected
    assert SLIP_TITLE not in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_patient_copy_prints_no_internal_codes_or_hidden_fields(ctx, person, rich,
                                                                   tmp_path, layout):
    _, pdf = _print(ctx, person, tmp_path, layout)
    text = full_text(pdf)
    codes = {m.value for enum in vars(enums).values()
             if isinstance(enum, type) and issubclass(enum, enums.LabelledEnum)
             for m in enum if re.search(r"[_-]", m.value)}
    found = sorted(c for c in codes if re.search(rf"\b{re.escape(c)}\b", text))
    assert found == []
    assert SNOMED not in text
    assert "Two falls in three months" not in text  # the referral's clinical reason
    assert "Works full time" not in text  # the carer's own needs
    assert "I'm working on this, and it is getting better" in text


def test_large_print_has_nothing_under_16_pt_and_no_italics(ctx, person, rich, tmp_path):
    _, pdf = _print(ctx, person, tmp_path, Layout.LARGE_PRINT, show_alerts=True)
    sizes = [(r.size, r.text) for r in runs(pdf)]
    assert sizes
    too_small = [s for s in sizes if s[0] < 16 - 1e-6]
    assert too_small == []
    assert italic_fonts(pdf) == set()


def test_large_print_of_a_draft_keeps_header_footer_and_chart_large(ctx, person, tmp_path):
    build_plan(ctx, person.id, agree=False)
    _, pdf = _print(ctx, person, tmp_path, Layout.LARGE_PRINT)
    found = runs(pdf)
    assert min(r.size for r in found) >= 16
    assert any(r.text.startswith("Page 1 of") for r in found)
    assert any("Jul" in r.text for r in found)  # the ratings chart's date labels


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("professional", [False, True])
def test_every_font_is_embedded_and_helvetica_is_never_used(ctx, person, tmp_path, layout,
                                                            professional):
    build_plan(ctx, person.id, agree=False)  # a draft, so the watermark is drawn too
    _, pdf = _print(ctx, person, tmp_path, layout, professional=professional)
    assert unembedded_fonts(pdf) == []
    names = font_names(pdf)
    assert names and all(n.startswith("AtkinsonHyperlegibleNext") for n in names), names


def test_metadata_title_author_subject_and_language(ctx, person, rich, tmp_path):
    _, pdf = _print(ctx, person, tmp_path)
    meta = pdf.metadata
    assert meta.title == "Care plan for Ann Smith"
    assert meta.author == "Jo Bloggs"
    assert meta.subject == "Personalised care and support plan, version 1"
    assert pdf.trailer["/Root"]["/Lang"] == "en-GB"


def test_plan_pdf_bytes_is_pure_and_matches_the_document(ctx, person, rich):
    from sqlalchemy import func, select

    from carecoord.store.models import ExportRecord

    doc = plan_document(ctx, person.id)
    data = plan_pdf_bytes(doc, Layout.EASY_READ)
    assert data.startswith(b"%PDF")
    assert "My care plan" in full_text(reader(data))
    with ctx.store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(ExportRecord)) == 0
    with pytest.raises(ValueError):
        plan_pdf_bytes(doc, Layout.STANDARD, professional=True)
