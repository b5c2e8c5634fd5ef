"""Content that breaks naive layouts: many goals, very long text, names in other scripts."""

from __future__ import annotations

import datetime as dt

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from carecoord.documents import rtl
from carecoord.documents.fonts import BOLD, FALLBACK, FALLBACK_BOLD, REGULAR, TextPrep, fonts
from carecoord.domain.enums import ActionSide, GoalDomain, OwnerKind
from carecoord.services import goals, plans
from carecoord.services.people import PersonInput, create_person
from carecoord.services.printing import Layout, render_plan
from tests.documents.conftest import build_plan
from tests.documents.pdf_probe import full_text, page_texts, reader, runs, unembedded_fonts

GIVEN, FAMILY = "Ольга 秀英", "Παπαδοπούλου محمد"
LONG_WORD = "Pneumonoultramicroscopic" * 12 + "silicovolcanoconiosis"  # ~300 characters


def _width(run) -> float:
    """The run's width in the registered font whose face it names in the PDF."""
    f = fonts()
    faces = [BOLD, REGULAR] + [face for fb in f.fallbacks for face in (fb.bold, fb.name)]
    name = next((face for face in faces
                 if getFont(face).face.name.decode() == run.font), REGULAR)
    return stringWidth(run.text, name, run.size)


@pytest.fixture
def hard_person(ctx):
    person = create_person(ctx, PersonInput("401 023 2137", GIVEN, FAMILY, "01/02/1950"))
    what_matters = (("My family and my garden matter to me. " * 80)[:3000] + "\n\n" + LONG_WORD)
    made = build_plan(ctx, person.id, agree=False, goals_count=28, what_matters=what_matters)
    plan = made["plan"]
    g = goals.add_goal(ctx, plan.id, goals.GoalInput(LONG_WORD, GoalDomain.SOCIAL))
    goals.add_action(ctx, g.id, goals.ActionInput(LONG_WORD, ActionSide.PERSON,
                                                  OwnerKind.PERSON, GIVEN,
                                                  due_to=dt.date(2027, 1, 1)))
    goals.add_goal(ctx, plan.id, goals.GoalInput("Ещё одна цель: гулять в парке",
                                                 GoalDomain.SOCIAL))
    assert len(plans.working_plan(ctx, person.id).goals) == 30
    return person


@pytest.mark.parametrize("layout", list(Layout))
def test_thirty_goals_long_text_and_other_scripts_print_without_overflow(ctx, hard_person,
                                                                        tmp_path, layout):
    out = tmp_path / "hard.pdf"
    result = render_plan(ctx, hard_person.id, out, layout, professional=False)
    pdf = reader(out)
    pages = page_texts(pdf)
    assert result.pages == len(pages) >= 8  # the pages grew; nothing was squeezed or cut
    assert all(f"of {len(pages)}" in p for p in pages)
    assert unembedded_fonts(pdf) == []
    page_width = A4[0]
    over = [(r.page, r.text[:30], round(r.x + _width(r), 1)) for r in runs(pdf)
            if r.text.strip() and "DRAFT" not in r.text and r.x + _width(r) > page_width - 20]
    assert over == []
    text = full_text(pdf)
    assert "Goal 30:" in text
    assert LONG_WORD[:40] in text.replace(" ", "")


def test_letters_the_font_lacks_are_never_silently_dropped(ctx, hard_person, tmp_path):
    out = tmp_path / "names.pdf"
    result = render_plan(ctx, hard_person.id, out)
    text = full_text(reader(out))
    f = fonts()
    for ch in rtl.shape(GIVEN + FAMILY).replace(" ", ""):
        # Each letter is either printed (in Atkinson or a fallback font) or reported. Arabic
        # letters print in their joined forms.
        assert ch in text or ch in result.unprintable, ch
    # No common font on any laptop we target covers Chinese as TrueType, so these are
    # reported and shown as a visible marker, with a sentence explaining it.
    assert {"秀", "英"} <= result.unprintable
    assert f.marker in text
    assert "could not be printed with the fonts on this computer" in text
    if f.fallback:
        assert "Ольга" in text and "Παπαδοπούλου" in text
        assert not (set("ОльгаΠαπαδοπούλου") & result.unprintable)


def test_text_prep_escapes_markup_and_marks_unknown_letters():
    prep = TextPrep()
    markup = prep.markup("Tea & <b>biscuits</b>\nat 3")
    assert "&amp;" in markup and "&lt;b&gt;" in markup and "<br/>" in markup
    assert prep.unprintable == set()
    prep.markup("王")
    assert prep.unprintable == {"王"}
    runs_ = prep.canvas_runs("Ann Ж", bold=True)
    assert runs_[0] == (BOLD, "Ann ")
    if fonts().fallback:
        assert runs_[1][0] in (FALLBACK, FALLBACK_BOLD)
