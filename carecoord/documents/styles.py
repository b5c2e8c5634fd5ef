"""The three printed layouts and their paragraph styles.

Large print follows the usual guidance: at least 16 pt everywhere (we use 18 pt for body text),
line spacing of 1.5, left-aligned, no italics, no capitals for emphasis, short lines.
Easy read puts one idea on each line, with plenty of space and a symbol for each section.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from carecoord.documents.fonts import fonts


class Layout(StrEnum):
    STANDARD = "standard"
    LARGE_PRINT = "large_print"
    EASY_READ = "easy_read"

    @property
    def label(self) -> str:
        return {"standard": "Standard", "large_print": "Large print",
                "easy_read": "Easy read"}[self.value]


# NHS identity colours, chosen for contrast on white paper.
INK = colors.HexColor("#212B32")
MUTED = colors.HexColor("#4C6272")
BLUE = colors.HexColor("#005EB8")
DARK_BLUE = colors.HexColor("#003087")
PALE_BLUE = colors.HexColor("#E8F1FA")
PALE_GREY = colors.HexColor("#F0F4F5")
RULE = colors.HexColor("#AEB7BD")
GREEN = colors.HexColor("#007F3B")
PALE_GREEN = colors.HexColor("#E6F4EC")
AMBER = colors.HexColor("#FFB81C")
DARK_AMBER = colors.HexColor("#8A5A00")
PALE_AMBER = colors.HexColor("#FFF5DC")
RED = colors.HexColor("#D5281B")
PALE_RED = colors.HexColor("#FBE9E7")
WATERMARK = colors.HexColor("#D5281B")

PAGE = A4


@dataclass(frozen=True)
class Look:
    layout: Layout
    body: float
    leading: float
    h1: float
    h2: float
    h3: float
    small: float  # the smallest text used anywhere, page header and footer included
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    header_lines: int
    gap: float  # space between blocks
    symbols: bool
    symbol_size: float
    tables: bool  # multi-column tables read well in standard print only
    one_idea_per_line: bool

    @property
    def frame_width(self) -> float:
        return PAGE[0] - self.margin_left - self.margin_right

    @property
    def header_height(self) -> float:
        return self.header_lines * self.small * 1.35 + 8

    @property
    def footer_height(self) -> float:
        return self.header_lines * self.small * 1.35 + 8


_LOOKS = {
    Layout.STANDARD: Look(Layout.STANDARD, body=12, leading=16, h1=24, h2=17, h3=13.5,
                          small=9, margin_left=20 * mm, margin_right=20 * mm,
                          margin_top=22 * mm, margin_bottom=20 * mm, header_lines=1, gap=8,
                          symbols=True, symbol_size=22, tables=True, one_idea_per_line=False),
    # A narrower measure keeps lines short (about 45 characters at 18 pt).
    Layout.LARGE_PRINT: Look(Layout.LARGE_PRINT, body=18, leading=27, h1=30, h2=24, h3=20,
                             small=16, margin_left=20 * mm, margin_right=38 * mm,
                             margin_top=34 * mm, margin_bottom=32 * mm, header_lines=2,
                             gap=14, symbols=False, symbol_size=0, tables=False,
                             one_idea_per_line=False),
    Layout.EASY_READ: Look(Layout.EASY_READ, body=16, leading=24, h1=28, h2=22, h3=18,
                           small=12, margin_left=18 * mm, margin_right=22 * mm,
                           margin_top=26 * mm, margin_bottom=24 * mm, header_lines=1, gap=14,
                           symbols=True, symbol_size=64, tables=False,
                           one_idea_per_line=True),
}


def look(layout: Layout | str) -> Look:
    return _LOOKS[Layout(layout)]


@cache
def styles(layout: Layout) -> dict[str, ParagraphStyle]:
    lk, f = look(layout), fonts()
    base = ParagraphStyle("body", fontName=f.regular, fontSize=lk.body, leading=lk.leading,
                          textColor=INK, alignment=TA_LEFT, spaceAfter=lk.gap * 0.5,
                          bulletFontName=f.regular, bulletFontSize=lk.body,
                          splitLongWords=1, allowWidows=0, allowOrphans=0)

    def s(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    def heading(size: float, colour=DARK_BLUE) -> dict:
        return {"fontName": f.bold, "fontSize": size, "leading": size * 1.3,
                "textColor": colour}

    return {
        "body": base,
        "title": s("title", **heading(lk.h1), spaceAfter=lk.gap),
        "h2": s("h2", **heading(lk.h2), spaceBefore=lk.gap * 1.2, spaceAfter=lk.gap * 0.6,
                keepWithNext=1),
        "h3": s("h3", **heading(lk.h3, INK), spaceBefore=lk.gap * 0.6,
                spaceAfter=lk.gap * 0.3, keepWithNext=1),
        "label": s("label", fontName=f.bold, keepWithNext=1, spaceAfter=lk.gap * 0.2),
        "muted": s("muted", textColor=MUTED),
        "bullet": s("bullet", leftIndent=lk.body * 1.3, bulletIndent=lk.body * 0.2,
                    spaceAfter=lk.gap * 0.35),
        "cell": s("cell", spaceAfter=0),
        "cell_bold": s("cell_bold", fontName=f.bold, spaceAfter=0),
        "box": s("box", spaceAfter=lk.gap * 0.3),
        "box_title": s("box_title", fontName=f.bold, fontSize=lk.h3, leading=lk.h3 * 1.35,
                       spaceAfter=lk.gap * 0.3),
        "goal": s("goal", fontName=f.bold, fontSize=lk.h3, leading=lk.h3 * 1.35,
                  textColor=INK, spaceBefore=lk.gap, spaceAfter=lk.gap * 0.3, keepWithNext=1),
        "status": s("status", fontName=f.bold, textColor=DARK_BLUE, spaceAfter=lk.gap * 0.4),
        "slip": s("slip", spaceAfter=lk.gap * 0.3),
    }
