"""What every page carries: name, NHS number, version, date printed, 'Page x of y', the app
version, and a DRAFT watermark when the plan is not agreed.

Several people's plans can share one PDF (batch printing), so pages are numbered within each
person's plan: the canvas holds every page back until the end, then counts them per plan.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from carecoord.documents.fonts import TextPrep, runs_width
from carecoord.documents.styles import INK, MUTED, PAGE, RULE, WATERMARK, Look

EDGE = 10 * mm  # header and footer sit this far from the paper's edge


@dataclass(frozen=True)
class PageInfo:
    key: str  # one per person's plan in the file
    name: str
    nhs: str
    version_text: str
    printed_text: str
    app_text: str
    watermark: str | None
    look: Look


def _fit(prep: TextPrep, text: str, bold: bool, size: float, width: float):
    """Runs of text that fit the width, shortened with an ellipsis rather than overflowing."""
    runs = prep.canvas_runs(text, bold)
    if runs_width(runs, size) <= width:
        return runs
    while text and runs_width(prep.canvas_runs(text + "…", bold), size) > width:
        text = text[:-1]
    return prep.canvas_runs(text.rstrip() + "…", bold)


def _draw_runs(canv: Canvas, x: float, y: float, runs, size: float, align: str = "left"):
    if align == "right":
        x -= runs_width(runs, size)
    for font, chunk in runs:
        canv.setFont(font, size)
        canv.drawString(x, y, chunk)
        x += canv.stringWidth(chunk, font, size)


def _right_edge(look: Look) -> float:
    return PAGE[0] - min(look.margin_right, 20 * mm)


def draw_watermark(canv: Canvas, word: str, bold_font: str) -> None:
    w, h = PAGE
    diagonal = math.hypot(w, h)
    size = min(200.0, diagonal * 0.62 / max(canv.stringWidth(word, bold_font, 1), 1))
    canv.saveState()
    canv.setFillColor(WATERMARK)
    canv.setFillAlpha(0.12)
    canv.translate(w / 2, h / 2)
    canv.rotate(math.degrees(math.atan2(h, w)))
    canv.setFont(bold_font, size)
    canv.drawCentredString(0, -size * 0.35, word)
    canv.restoreState()


def decorate_page(canv: Canvas, info: PageInfo, prep: TextPrep) -> None:
    """The header and footer, drawn as each page begins."""
    canv._plan_info = info  # the numbering pass reads this back for each page
    look = info.look
    size, line = look.small, look.small * 1.35
    left, right = look.margin_left, _right_edge(look)
    width = right - left
    canv.saveState()
    canv.setFillColor(INK)
    top = PAGE[1] - EDGE - size
    nhs = f"NHS number {info.nhs}"
    if look.header_lines == 1:
        right_runs = prep.canvas_runs(info.version_text)
        nhs_runs = prep.canvas_runs("   " + nhs)
        room = width - runs_width(right_runs, size) - runs_width(nhs_runs, size) - 12
        _draw_runs(canv, left, top, _fit(prep, info.name, True, size, room) + nhs_runs, size)
        _draw_runs(canv, right, top, right_runs, size, "right")
        rule_y = top - size * 0.6
    else:
        right_runs = prep.canvas_runs(info.version_text)
        room = width - runs_width(right_runs, size) - 12
        _draw_runs(canv, left, top, _fit(prep, info.name, True, size, room), size)
        _draw_runs(canv, right, top, right_runs, size, "right")
        _draw_runs(canv, left, top - line, prep.canvas_runs(nhs), size)
        rule_y = top - line - size * 0.6
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.8)
    canv.line(left, rule_y, right, rule_y)
    bottom = EDGE + (look.header_lines - 1) * line
    canv.line(left, bottom + size * 1.3, right, bottom + size * 1.3)
    canv.setFillColor(MUTED)
    printed = f"{info.printed_text}. {info.app_text}"
    if look.header_lines == 1:
        _draw_runs(canv, left, bottom, prep.canvas_runs(printed), size)
    else:
        _draw_runs(canv, left, EDGE, prep.canvas_runs(printed), size)
    canv.restoreState()


def _draw_page_number(canv: Canvas, info: PageInfo, number: int, total: int) -> None:
    look = info.look
    size = look.small
    text = f"Page {number} of {total}"
    canv.saveState()
    canv.setFillColor(INK)
    font = canv._plan_fonts.bold
    canv.setFont(font, size)
    if look.header_lines == 1:
        canv.drawRightString(_right_edge(look), EDGE, text)
    else:
        canv.drawString(look.margin_left, EDGE + size * 1.35, text)
    canv.restoreState()


class PlanCanvas(Canvas):
    """Holds pages back so each can say 'Page x of y', counted within its person's plan."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []
        self._plan_info: PageInfo | None = None
        from carecoord.documents.fonts import fonts

        self._plan_fonts = fonts()

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        totals = Counter(s["_plan_info"].key for s in self._held if s.get("_plan_info"))
        seen: Counter = Counter()
        for state in self._held:
            self.__dict__.update(state)
            info = state.get("_plan_info")
            if info is not None:
                seen[info.key] += 1
                _draw_page_number(self, info, seen[info.key], totals[info.key])
            super().showPage()
        self.page_count = len(self._held)
        super().save()


def page_template(info: PageInfo, prep: TextPrep) -> PageTemplate:
    look = info.look
    frame = Frame(look.margin_left, look.margin_bottom, look.frame_width,
                  PAGE[1] - look.margin_top - look.margin_bottom, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    def finish_page(canv, doc):
        # Translucent and drawn last, so tinted boxes cannot hide it and text stays legible.
        if info.watermark:
            draw_watermark(canv, info.watermark, prep.fonts.bold)

    return PageTemplate(id=info.key, frames=[frame],
                        onPage=lambda canv, doc: decorate_page(canv, info, prep),
                        onPageEnd=finish_page, pagesize=PAGE)


class PlanDocTemplate(BaseDocTemplate):
    """A4, en-GB, our fonts only."""

    def __init__(self, target, *, title: str, author: str, subject: str, creator: str):
        from carecoord.documents.fonts import fonts

        super().__init__(target, pagesize=PAGE, title=title, author=author, subject=subject,
                         creator=creator, lang="en-GB", displayDocTitle=1,
                         initialFontName=fonts().regular, leftMargin=0, rightMargin=0,
                         topMargin=0, bottomMargin=0)
