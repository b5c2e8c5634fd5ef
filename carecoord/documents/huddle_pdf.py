"""The huddle agenda on paper: who is to be discussed and why, then the notes and outcomes.

Pure: an AgendaDocument in (services/huddle.py builds it), PDF bytes out. A4, the print font
embedded, the title and language set. Every page says it holds personal information, and
"Page x of y". A person with no notes yet gets lines to write on, so the agenda can be
printed before the meeting and written on during it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate

from carecoord.documents.flowables import WritingLines
from carecoord.documents.fonts import TextPrep, fonts
from carecoord.documents.paragraph import Paragraph
from carecoord.documents.styles import INK, MUTED, PAGE, RULE, Layout, look, styles

if TYPE_CHECKING:
    from carecoord.services.huddle import AgendaDocument, AgendaEntry

EDGE = 10 * mm
HEADER_SIZE = 9


def _day(d) -> str:
    return f"{d.day} {d:%B %Y}"


class _NumberedCanvas(Canvas):
    """Holds the pages back so each can say 'Page x of y'."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self.saveState()
            self.setFillColor(INK)
            self.setFont(fonts().bold, HEADER_SIZE)
            self.drawRightString(PAGE[0] - look(Layout.STANDARD).margin_right, EDGE,
                                 f"Page {number} of {total}")
            self.restoreState()
            super().showPage()
        self.page_count = total
        super().save()


def _decorate(canv: Canvas, doc: AgendaDocument, prep: TextPrep) -> None:
    lk = look(Layout.STANDARD)
    left, right = lk.margin_left, PAGE[0] - lk.margin_right
    top = PAGE[1] - EDGE - HEADER_SIZE
    canv.saveState()
    canv.setFillColor(INK)
    x = left
    for font, chunk in prep.canvas_runs(f"Huddle agenda: {doc.title}, {_day(doc.held_on)}",
                                        bold=True):
        canv.setFont(font, HEADER_SIZE)
        canv.drawString(x, top, chunk)
        x += canv.stringWidth(chunk, font, HEADER_SIZE)
    canv.setFont(fonts().bold, HEADER_SIZE)
    canv.drawRightString(right, top, "Confidential: personal information")
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.8)
    canv.line(left, top - HEADER_SIZE * 0.6, right, top - HEADER_SIZE * 0.6)
    canv.line(left, EDGE + HEADER_SIZE * 1.3, right, EDGE + HEADER_SIZE * 1.3)
    canv.setFillColor(MUTED)
    x = left
    for font, chunk in prep.canvas_runs(f"Printed {_day(doc.printed_on)} by {doc.printed_by}. "
                                        f"CareCoord {doc.app_version}"):
        canv.setFont(font, HEADER_SIZE)
        canv.drawString(x, EDGE, chunk)
        x += canv.stringWidth(chunk, font, HEADER_SIZE)
    canv.restoreState()


def _entry(e: AgendaEntry, prep: TextPrep, st: dict) -> KeepTogether:
    m = prep.markup
    lead = f" · Lead: {m(e.lead_name)}" if e.lead_name else " · No lead professional"
    parts = [
        Paragraph(f"{e.position}. {m(e.name)}", st["h3"], ltr=True),
        Paragraph(f"NHS number {m(e.nhs_formatted)}{lead}", st["muted"]),
        Paragraph(f"<b>Why:</b> {m(e.reason)}", st["body"]),
    ]
    if e.notes:
        parts.append(Paragraph(f"<b>Notes:</b> {m(e.notes)}", st["body"]))
    if e.outcomes:
        parts.append(Paragraph("<b>Outcomes:</b>", st["label"]))
        parts += [Paragraph(m(o[:1].upper() + o[1:]), st["bullet"], bulletText="•")
                  for o in e.outcomes]
    if not e.notes and not e.outcomes:
        parts += [Paragraph("<b>Notes and outcomes:</b>", st["label"]),
                  WritingLines(3, look(Layout.STANDARD).body * 2)]
    return KeepTogether(parts)


def render_agenda(doc: AgendaDocument) -> bytes:
    f = fonts()
    prep = TextPrep()
    lk = look(Layout.STANDARD)
    st = styles(Layout.STANDARD)
    buf = io.BytesIO()
    title = f"Huddle agenda: {doc.title}, {_day(doc.held_on)}"
    template = BaseDocTemplate(buf, pagesize=PAGE, title=title, author=doc.printed_by,
                               subject="Huddle agenda with notes and outcomes",
                               creator=f"CareCoord {doc.app_version}", lang="en-GB",
                               displayDocTitle=1, initialFontName=f.regular)
    frame = Frame(lk.margin_left, lk.margin_bottom, lk.frame_width,
                  PAGE[1] - lk.margin_top - lk.margin_bottom, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="body")
    template.addPageTemplates([PageTemplate(
        id="agenda", frames=[frame], pagesize=PAGE,
        onPage=lambda canv, _doc: _decorate(canv, doc, prep))])
    people = len(doc.entries)
    story = [Paragraph("Huddle agenda", st["title"]),
             Paragraph(f"{prep.markup(doc.title)}, {_day(doc.held_on)}. "
                       f"{people} {'person' if people == 1 else 'people'} to discuss.",
                       st["body"])]
    if not doc.entries:
        story.append(Paragraph("No one is on this agenda.", st["muted"]))
    story += [_entry(e, prep, st) for e in doc.entries]
    template.build(story, canvasmaker=_NumberedCanvas)
    return buf.getvalue()
