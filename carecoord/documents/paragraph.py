"""reportlab's Paragraph, taught to draw every script: each character in a font that has it,
and right-to-left text in the order it is read.

Fonts are given per character here rather than in the markup, so that a fallback font takes
the weight of the text around it: a name in Arabic script inside a bold heading is bold.

reportlab breaks a paragraph into lines in the order the text was typed, which is right for
every script, then draws each line from left to right. So each line is put into visual order
(rtl.visual_order) only as it is drawn, leaving the logical text alone for measuring and for
splitting across pages. Letters were joined earlier, when the text was marked up
(fonts.TextPrep).

A paragraph whose first letter with a direction is right-to-left (a whole paragraph in Urdu)
reads right to left: it starts from the right, and a bullet sits on the right. Any other
paragraph stays left to right, with right-to-left words (a name in Arabic script) in their
own order within it.
"""

from __future__ import annotations

from copy import copy

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.paragraph import ParaLines
from reportlab.rl_config import paraFontSizeHeightOffset

from carecoord.documents import rtl
from carecoord.documents.fonts import fonts


class Paragraph(_Paragraph):
    """`ltr=True` keeps a paragraph left to right whatever letter comes first: for a line of
    ours with no letters before the person's words, such as "1. " and a name."""

    def __init__(self, text, style=None, bulletText=None, frags=None,  # noqa: N803 (reportlab)
                 caseSensitive=1, encoding="utf8", ltr: bool = False):  # noqa: N803
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
        self.frags = _in_fonts(self.frags)
        plain = _plain(self.frags)
        self._bidi = rtl.has_rtl(plain)
        self._rtl = self._bidi and not ltr and rtl.starts_rtl(plain)

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        parts = super().split(availWidth, availHeight)
        for part in parts:
            # Direction belongs to the whole paragraph, not to the part on each page.
            part._bidi, part._rtl = self._bidi, self._rtl
        return parts

    def drawPara(self, debug=0):  # noqa: N802 (reportlab's name)
        if not self._bidi:
            return super().drawPara(debug)
        logical, style, bullet = self.blPara, self.style, self.bulletText
        self.blPara = _visual(logical, self._rtl)
        right_bullet = self._rtl and isinstance(bullet, str) and bullet
        if self._rtl:
            self.style = _mirrored(style)
        if right_bullet:
            self.bulletText = None
        try:
            super().drawPara(debug)
        finally:
            self.blPara, self.style, self.bulletText = logical, style, bullet
        if right_bullet:
            self._draw_bullet_right(bullet)

    def _draw_bullet_right(self, bullet: str) -> None:
        style, canv = self.style, self.canv
        font = style.bulletFontName or style.fontName
        size = style.bulletFontSize or style.fontSize
        # The first line's baseline, found as reportlab's drawPara finds it.
        first = self.blPara.lines[0] if self.blPara.kind else self.blPara
        drop = first.fontSize if paraFontSizeHeightOffset else getattr(first, "ascent",
                                                                      first.fontSize)
        x = self.width - style.bulletIndent - stringWidth(bullet, font, size)
        canv.saveState()
        canv.setFillColor(style.textColor)
        canv.setFont(font, size)
        canv.drawString(x, self.height - drop, bullet)
        canv.restoreState()


def _in_fonts(frags) -> list:
    """Fragments split where the font changes: the main font, or a fallback for letters it
    lacks, in the fragment's own weight."""
    f = fonts()
    out = []
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or getattr(frag, "cbDefn", None) is not None:
            out.append(frag)
            continue
        runs = f.split(text)
        if len(runs) == 1 and runs[0][0] is None:
            out.append(frag)
            continue
        for face, chunk in runs:
            name = frag.fontName if face is None else (
                f.bold_of(face) if getattr(frag, "bold", 0) else face)
            out.append(frag.clone(text=chunk, fontName=name))
    return out


def _plain(frags) -> str:
    """The paragraph's text, from parsed fragments or, after a page split, their words."""
    parts = []
    for f in frags:
        text = getattr(f, "text", None)
        parts.append(text if text is not None else " ".join(getattr(f, "words", ())))
    return "".join(parts)


def _mirrored(style):
    """The style for a right-to-left paragraph: starts from the right, with the indents (and
    so the room for a bullet) on the other side. The width of the lines does not change."""
    style = copy(style)
    if style.alignment == TA_LEFT:
        style.alignment = TA_RIGHT
    style.leftIndent, style.rightIndent = style.rightIndent, style.leftIndent
    return style


def _visual(para: ParaLines, rtl_para: bool) -> ParaLines:
    """A copy of the broken lines with each line's text in visual order."""
    out = copy(para)
    if para.kind == 0:
        # One font and style throughout: each line is a list of words.
        out.lines = []
        for extra, words in para.lines:
            line = " ".join(words)
            out.lines.append((extra, ["".join(p.char for p in rtl.visual_order(line,
                                                                              rtl_para))]))
        return out
    out.lines = [_visual_fragline(line, rtl_para) for line in para.lines]
    return out


def _visual_fragline(line, rtl_para: bool):
    """A line made of fragments (runs of one font, weight and colour), reordered character by
    character, then regrouped into fragments."""
    texts = [getattr(f, "text", None) for f in line.words]
    if any(t is None or getattr(f, "cbDefn", None) for t, f in zip(texts, line.words,
                                                                     strict=True)):
        return line  # an image or anchor: nothing of ours, leave it alone
    owner: list[int] = []
    for n, t in enumerate(texts):
        owner += [n] * len(t)
    text = "".join(texts)
    words = []
    for placed in rtl.visual_order(text, rtl_para):
        n = owner[placed.index]
        if words and words[-1][0] == n:
            words[-1][1].append(placed.char)
        else:
            words.append((n, [placed.char]))
    return line.clone(words=[line.words[n].clone(text="".join(chars)) for n, chars in words])
