"""Arabic-script and Hebrew text on paper: letters joined, lines read right to left, paragraphs
that are wholly right-to-left starting from the right, and mixed lines kept readable."""

from __future__ import annotations

import datetime as dt

import arabic_reshaper
import pytest
from bidi import get_display

from carecoord.documents import rtl
from carecoord.documents.fonts import Fallback, FontSet, TextPrep, fonts
from carecoord.documents.huddle_pdf import render_agenda
from carecoord.documents.styles import PAGE, look
from carecoord.domain.enums import Sector
from carecoord.services import plans, team
from carecoord.services.huddle import AgendaDocument, AgendaEntry
from carecoord.services.people import PersonInput, create_person
from carecoord.services.printing import Layout, render_plan
from tests.documents.conftest import build_plan
from tests.documents.pdf_probe import drawn_lines, reader

# "I don't want to go back into hospital. I want to stay at home with my family."
ARABIC = "لا أريد العودة إلى المستشفى. أريد أن أبقى في منزلي مع عائلتي."
# "Seeing my grandchild matters to me" (with a zero-width non-joiner, as Persian is typed).
PERSIAN = "دیدن نوه\u200cام برایم مهم است"
# "Great pain in my leg and knees": Urdu letters ٹ ڑ ں ھ گ ک ی, all in DejaVu Sans.
URDU_IN_DEJAVU = "میری ٹانگ اور گھٹنوں میں بڑا درد"
# Everyday Urdu: "What matters most to me is to stay in my own home and see my
# granddaughter." Urdu's ہ (heh goal), ے (yeh barree) and ۔ (full stop) are in most sentences.
URDU = "میرے لیے سب سے اہم بات یہ ہے کہ میں اپنے گھر میں رہوں اور اپنی پوتی سے ملوں۔"
MIXED = "I want to see محمد علی on Sundays."


def _seen(text: str) -> str:
    """How the libraries say a harakat-free line should look: joined, then in visual order.
    A zero-width non-joiner keeps two letters apart, then draws nothing."""
    return get_display(arabic_reshaper.reshape(text)).replace("\u200c", "")


def _covers(*letters: str) -> bool:
    return all(fonts().font_for(ch) for ch in letters)


URDU_FONT = _covers("\u06c1", "\u06d2", "\u06d4")
needs_urdu_font = pytest.mark.xfail(
    not URDU_FONT, strict=True,
    reason="No bundled font has Urdu's ہ, ے and ۔: DejaVu Sans lacks them. A fallback "
           "such as Noto Sans Arabic in resources/fonts/fallback/ provides them.")


# -- the text steps on their own -----------------------------------------------------------

@pytest.mark.parametrize("text", [ARABIC, PERSIAN, URDU_IN_DEJAVU, URDU, MIXED,
                                  "שלום עולם 2024!"])
def test_a_line_is_joined_and_ordered_as_the_libraries_say(text):
    assert rtl.display(text) == _seen(text)


def test_letters_take_their_joined_forms():
    shaped = rtl.shape("محمد")
    # Initial meem, medial hah, medial meem, final dal: nothing left in its isolated form.
    assert shaped == "\ufee3\ufea4\ufee4\ufeaa"
    assert rtl.shape("لا") == "\ufefb"  # lam-alef is one ligature
    assert rtl.shape("Ann Smith") == "Ann Smith"


def test_brackets_around_english_in_a_right_to_left_line_face_the_right_way():
    line = rtl.display("میری بیٹی (Mary Smith) 07700 900 123 پر")
    assert "(Mary Smith)" in line
    assert line.endswith(rtl.shape("میری")[::-1])  # the first word read sits on the right


def test_a_vowel_sign_is_kept_and_drawn_just_before_its_letter():
    # DejaVu Sans and Noto Sans Arabic draw a mark from its position towards the right, so
    # on a left-to-right stream of glyphs it must come just before the letter it sits on.
    line = rtl.display("مُحمد")
    at = line.index("\u064f")  # damma, on the first meem
    assert line[at + 1] == "\ufee3"  # initial meem
    assert line == _seen("محمد")[:at] + "\u064f" + _seen("محمد")[at:]


def test_direction_marks_and_joiners_are_used_then_left_out():
    prep = TextPrep()
    runs_ = prep.canvas_runs("\u200fنوه\u200cام")
    drawn = "".join(chunk for _, chunk in runs_)
    assert "\u200c" not in drawn and "\u200f" not in drawn
    assert prep.unprintable == set()


def test_the_python_levels_stand_in_if_the_rust_ones_cannot_be_read(monkeypatch):
    line = rtl.shape("میری بیٹی (Mary) پر")
    expected = rtl.visual_order(line, True)
    monkeypatch.setattr(rtl, "get_display", lambda *a, **k: "something else")
    fallback = rtl.visual_order(line, True)
    assert [p.char for p in fallback] == [p.char for p in expected]


def test_a_fallback_covering_more_of_a_script_draws_all_of_it():
    f = fonts()
    broad = Fallback("Broad", "Broad", "broad.ttf",
                     frozenset([0x0627, 0x0628, 0x03B1, 0x05D0]))
    arabic = Fallback("Arabic", "Arabic-Bold", "arabic.ttf",
                      frozenset([0x0627, 0x0628, 0x06C1, 0xFBA6, 0xFEFB]))
    fs = FontSet(f.regular, f.bold, f.italic, f.bold_italic, (broad, arabic), "?",
                 frozenset(range(0x20, 0x7F)))
    # Both have alef; the one with more Arabic draws it, so a word is not two fonts.
    assert fs.font_for("\u0627") == "Arabic"
    assert fs.font_for("\u06c1") == "Arabic"
    assert fs.font_for("\u03b1") == "Broad"  # Greek: only the first has it
    assert fs.font_for("a") == "main"
    assert fs.font_for("\u4e00") is None
    assert fs.bold_of("Arabic") == "Arabic-Bold"


def test_a_joined_form_no_font_has_prints_as_the_plain_letter():
    f = fonts()
    # A font with Urdu's heh goal but none of its joined forms.
    only_plain = Fallback(f.fallbacks[0].name, f.fallbacks[0].bold, "plain.ttf",
                          frozenset([0x06C1, 0x0020]))
    fs = FontSet(f.regular, f.bold, f.italic, f.bold_italic, (only_plain,), "?",
                 frozenset(range(0x20, 0x7F)))
    prep = TextPrep(fs)
    assert prep.markup("ہہ") == "\u06c1\u06c1"  # unjoined, but there and readable
    assert prep.unprintable == set()


def test_right_to_left_words_in_bold_text_are_bold_too(monkeypatch):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from carecoord.documents import paragraph
    from carecoord.documents.styles import styles

    f = fonts()
    pdfmetrics.registerFont(TTFont("TestFallbackBold", f.fallbacks[0].file))
    with_bold = Fallback(f.fallbacks[0].name, "TestFallbackBold", f.fallbacks[0].file,
                         f.fallbacks[0].cmap)
    fs = FontSet(f.regular, f.bold, f.italic, f.bold_italic, (with_bold,), f.marker,
                 f._main)
    monkeypatch.setattr(paragraph, "fonts", lambda: fs)
    st = styles(Layout.STANDARD)
    name = TextPrep(fs).markup("محمد")
    heading = paragraph.Paragraph(f"Goal 1: {name}", st["goal"])
    label = paragraph.Paragraph(f"<b>Name:</b> {name}", st["body"])
    assert {fr.fontName for fr in heading.frags} == {f.bold, "TestFallbackBold"}
    assert [fr.fontName for fr in label.frags][-1] == with_bold.name  # the value is not bold


# -- on paper ------------------------------------------------------------------------------

@pytest.fixture
def plan_in(ctx):
    def make(what_matters: str, given: str = "Amina", family: str = "Khan"):
        person = create_person(ctx, PersonInput("401 023 2137", given, family, "01/02/1950"))
        build_plan(ctx, person.id, goals_count=1, what_matters=what_matters)
        return person
    return make


def _render(ctx, person, tmp_path, layout=Layout.STANDARD, professional=False):
    out = tmp_path / f"{layout.value}{'-pro' if professional else ''}.pdf"
    result = render_plan(ctx, person.id, out, layout, professional=professional)
    return result, drawn_lines(reader(out))


def _line_with(lines, needle: str):
    found = [d for d in lines if needle in d.text]
    assert found, needle
    return found[0]


def _column(layout: Layout) -> tuple[float, float]:
    lk = look(layout)
    return lk.margin_left, PAGE[0] - lk.margin_right


@pytest.mark.parametrize("layout", list(Layout))
@pytest.mark.parametrize("professional", [False, True])
def test_what_matters_in_arabic_script_prints_joined_and_right_to_left(ctx, plan_in, tmp_path,
                                                                       layout, professional):
    person = plan_in(ARABIC + "\n\n" + PERSIAN + "\n\n" + URDU_IN_DEJAVU)
    result, lines = _render(ctx, person, tmp_path, layout, professional)
    assert result.unprintable == frozenset()
    drawn = "\n".join(d.text for d in lines)
    assert "could not be printed" not in drawn
    for text in (ARABIC, PERSIAN, URDU_IN_DEJAVU):
        # Each word joined and in visual order, as the libraries would show it.
        for word in _seen(text).split():
            assert word in drawn, word
    assert "\ufefb" in drawn  # lam-alef, one ligature
    typed = set(ARABIC + PERSIAN + URDU_IN_DEJAVU) - set(" .\u200c")
    assert not typed & set(drawn)  # only joined or isolated presentation forms are drawn


@pytest.mark.parametrize("layout", list(Layout))
def test_a_wholly_right_to_left_paragraph_starts_from_the_right(ctx, plan_in, tmp_path,
                                                                layout):
    person = plan_in(URDU_IN_DEJAVU)
    _, lines = _render(ctx, person, tmp_path, layout)
    line = _line_with(lines, _seen(URDU_IN_DEJAVU))
    left, right = _column(layout)
    assert right - 30 < line.right <= right + 0.5, (line, right)
    assert line.x > left + 60


def test_a_long_right_to_left_paragraph_reads_from_its_first_line_down(ctx, plan_in,
                                                                       tmp_path):
    person = plan_in(" ".join([URDU_IN_DEJAVU] * 6))
    _, lines = _render(ctx, person, tmp_path, Layout.LARGE_PRINT)
    urdu = [d for d in lines if rtl.has_rtl(d.text)]
    assert len(urdu) >= 4
    ordered = sorted(urdu, key=lambda d: (d.page, -d.y))
    first, last = rtl.shape("میری")[::-1], rtl.shape("درد")[::-1]
    # The first word typed is at the right end of the top line, the last word at the left
    # end of the bottom line, and every line but the last is full to the left margin's side.
    assert ordered[0].text.rstrip().endswith(first)
    assert ordered[-1].text.lstrip().startswith(last)
    _, right = _column(Layout.LARGE_PRINT)
    assert all(abs(d.right - ordered[0].right) < 0.5 for d in ordered)


def test_a_mixed_line_keeps_its_english_in_order_and_starts_on_the_left(ctx, plan_in,
                                                                        tmp_path):
    person = plan_in(MIXED)
    _, lines = _render(ctx, person, tmp_path)
    line = _line_with(lines, "I want to see")
    assert line.text == "I want to see " + _seen("محمد علی") + " on Sundays."
    left, _ = _column(Layout.STANDARD)
    assert line.x < left + 20


def test_a_bullet_of_right_to_left_words_sits_on_the_right(ctx, person, tmp_path):
    build_plan(ctx, person.id, goals_count=1, agree=False)
    plan = plans.working_plan(ctx, person.id)
    plans.save_content(ctx, plan.id, plans.with_content(
        plan, self_management=URDU_IN_DEJAVU + "\nWalk daily."))
    out = tmp_path / "bullets.pdf"
    render_plan(ctx, person.id, out)
    lines = drawn_lines(reader(out))
    urdu = _line_with(lines, _seen(URDU_IN_DEJAVU))
    english = _line_with(lines, "Walk daily.")
    bullets = [d for d in lines if d.text.strip() == "•" and abs(d.y - urdu.y) < 0.01]
    assert bullets and bullets[0].x > urdu.right  # the bullet is to the right of the words
    english_bullet = [d for d in lines if d.text.strip() == "•" and abs(d.y - english.y) < 0.5]
    assert english_bullet and english_bullet[0].right < english.x


def test_an_english_sentence_starting_with_an_arabic_script_name_reads_left_to_right(
        ctx, person, tmp_path):
    build_plan(ctx, person.id, goals_count=1)
    lead = team.add_professional(ctx, team.ProfessionalInput(
        "محمد علی", "Community matron", Sector.COMMUNITY_NURSING, organisation="Riverside",
        phone="01632 960 777"))
    team.handover_lead(ctx, person.id, lead.id, on=ctx.today())
    out = tmp_path / "lead.pdf"
    render_plan(ctx, person.id, out)
    lines = drawn_lines(reader(out))
    left, _ = _column(Layout.STANDARD)
    sentence = _line_with(lines, "is my main contact")
    assert sentence.text.startswith(_seen("محمد علی") + " is my main contact (my lead")
    assert sentence.x < left + 1
    # In the team table too, the name comes first, then our words.
    cell = _line_with(lines, "(main")
    assert cell.text.startswith(_seen("محمد علی") + " (main")


def test_large_print_keeps_right_to_left_text_at_sixteen_points_or_more(ctx, plan_in,
                                                                        tmp_path):
    person = plan_in(ARABIC, given="محمد", family="علی")
    _, lines = _render(ctx, person, tmp_path, Layout.LARGE_PRINT)
    sizes = [d.size for d in lines if rtl.has_rtl(d.text)]
    assert sizes and min(sizes) >= 16


def test_a_name_in_arabic_script_prints_joined_in_the_page_header(ctx, plan_in, tmp_path):
    person = plan_in("Staying at home.", given="محمد", family="علی")
    result, lines = _render(ctx, person, tmp_path)
    assert result.unprintable == frozenset()
    header = [d for d in lines if d.page == 0 and d.y > PAGE[1] - 60]
    assert any(_seen("محمد علی") in d.text for d in header), header


@needs_urdu_font
def test_everyday_urdu_prints_with_no_letters_missing(ctx, plan_in, tmp_path):
    person = plan_in(URDU)
    result, lines = _render(ctx, person, tmp_path)
    assert result.unprintable == frozenset()
    drawn = "\n".join(d.text for d in lines)
    for word in _seen(URDU).split():
        assert word in drawn, word


def test_urdu_letters_no_font_has_are_named_in_the_warning(ctx, plan_in, tmp_path):
    if URDU_FONT:
        pytest.skip("a bundled font has every Urdu letter")
    person = plan_in(URDU)
    result, lines = _render(ctx, person, tmp_path)
    # The letters as typed are named, not the joined forms that were looked for.
    assert result.unprintable == {"\u06c1", "\u06d2", "\u06d4"}
    drawn = "\n".join(d.text for d in lines)
    assert "could not be printed with the fonts on this computer" in drawn
    assert fonts().marker in drawn


def test_the_huddle_agenda_prints_arabic_script_names_joined():
    doc = AgendaDocument(
        huddle_id=1, title="Riverside huddle", held_on=dt.date(2026, 11, 23),
        printed_on=dt.date(2026, 11, 22), printed_by="Jo Bloggs", app_version="1.0",
        entries=(AgendaEntry(1, 7, "محمد علی", "943 476 5919", "Jo Bloggs",
                             "Review overdue", "Daughter says " + ARABIC[:21], ()),))
    lines = drawn_lines(reader(render_agenda(doc)))
    # The number is ours, so the heading reads left to right, the name within it joined.
    heading = _line_with(lines, "1. ")
    assert heading.text == "1. " + _seen("محمد علی")
    assert heading.x < look(Layout.STANDARD).margin_left + 1
    assert _line_with(lines, "Daughter says").text == (
        "Notes: Daughter says " + _seen(ARABIC[:21]))
