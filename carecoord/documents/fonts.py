"""Fonts for printed documents: Atkinson Hyperlegible Next, registered once per process.

Every font in a CareCoord PDF is embedded, so reportlab's built-in Helvetica is never used.
Atkinson covers Latin scripts only. For other scripts (Greek, Cyrillic, Arabic, Hebrew...)
a fallback TrueType font is used character by character: any .ttf in resources/fonts/fallback/,
then DejaVu Sans or another broad font found on the computer. A character that no font has
is printed as a visible marker and reported, never silently dropped.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

REGULAR = "AtkinsonHyperlegibleNext"
BOLD = "AtkinsonHyperlegibleNext-Bold"
ITALIC = "AtkinsonHyperlegibleNext-Italic"
BOLD_ITALIC = "AtkinsonHyperlegibleNext-BoldItalic"
FALLBACK = "CareCoordFallback"
FALLBACK_BOLD = "CareCoordFallback-Bold"

# Broad-coverage TrueType fonts commonly installed, tried in order when no bundled
# fallback exists. (regular, bold); bold may be missing.
_SYSTEM_FALLBACKS: tuple[tuple[str, str | None], ...] = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("C:/Windows/Fonts/segoeui.ttf", "C:/Windows/Fonts/segoeuib.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", None),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", None),
)

# Shown in place of a character no font can draw. The white square is preferred; a question
# mark is the last resort because every font has one.
_MARKERS = ("\u25a1", "?")


def fonts_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / "fonts"


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    fallback: str | None
    fallback_bold: str | None
    fallback_file: str | None
    marker: str
    _main: frozenset[int] = field(repr=False)
    _extra: frozenset[int] = field(repr=False)

    def font_for(self, ch: str) -> str | None:
        """'main', 'fallback', or None when no font has the character."""
        code = ord(ch)
        if code in self._main:
            return "main"
        if code in self._extra:
            return "fallback"
        return None


_lock = threading.Lock()
_registered: FontSet | None = None


def _cmap(font: TTFont) -> frozenset[int]:
    return frozenset(font.face.charToGlyph)


def _load(name: str, path: Path | str) -> TTFont | None:
    try:
        font = TTFont(name, str(path))
    except (TTFError, OSError, ValueError):
        return None
    pdfmetrics.registerFont(font)
    return font


def _fallback_candidates() -> list[tuple[Path, Path | None]]:
    bundled = sorted((fonts_dir() / "fallback").glob("*.ttf")) if (
        fonts_dir() / "fallback").is_dir() else []
    out: list[tuple[Path, Path | None]] = [(p, None) for p in bundled]
    for regular, bold in _SYSTEM_FALLBACKS:
        if Path(regular).is_file():
            out.append((Path(regular), Path(bold) if bold and Path(bold).is_file() else None))
    return out


def _register() -> FontSet:
    d = fonts_dir()
    main = None
    for name, file in ((REGULAR, "Regular"), (BOLD, "Bold"), (ITALIC, "Italic"),
                       (BOLD_ITALIC, "BoldItalic")):
        font = _load(name, d / f"AtkinsonHyperlegibleNext-{file}.ttf")
        if font is None:
            raise RuntimeError(f"The print font AtkinsonHyperlegibleNext-{file}.ttf is missing "
                               f"from {d}. Reinstall CareCoord.")
        main = main or font
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                  boldItalic=BOLD_ITALIC)
    main_cmap = _cmap(main)
    fallback = fallback_bold = fallback_file = None
    extra: frozenset[int] = frozenset()
    for regular, bold in _fallback_candidates():
        font = _load(FALLBACK, regular)
        if font is None:
            continue
        fallback, fallback_file, extra = FALLBACK, str(regular), _cmap(font)
        fallback_bold = FALLBACK
        if bold is not None and _load(FALLBACK_BOLD, bold) is not None:
            fallback_bold = FALLBACK_BOLD
        for bold_flag in (0, 1):
            for italic_flag in (0, 1):
                addMapping(FALLBACK, bold_flag, italic_flag,
                           fallback_bold if bold_flag else FALLBACK)
        break
    marker = next(m for m in _MARKERS if ord(m) in main_cmap or ord(m) in extra or m == "?")
    return FontSet(REGULAR, BOLD, ITALIC, BOLD_ITALIC, fallback, fallback_bold, fallback_file,
                   marker, main_cmap, extra)


def fonts() -> FontSet:
    """Register the fonts the first time; later calls return the same set at no cost."""
    global _registered
    if _registered is None:
        with _lock:
            if _registered is None:
                _registered = _register()
    return _registered


class TextPrep:
    """Turns stored text into safe Paragraph markup and canvas runs, noting unprintable text.

    One instance per rendered document, so the document can say when a marker was used.
    """

    def __init__(self, font_set: FontSet | None = None):
        self.fonts = font_set or fonts()
        self.unprintable: set[str] = set()

    def runs(self, text: str) -> list[tuple[bool, str]]:
        """Split text into (uses_fallback, chunk) runs; unknown characters become the marker."""
        out: list[tuple[bool, str]] = []
        f = self.fonts
        for ch in text:
            if ch != "\n" and not ch.isprintable():
                ch = " "  # tabs and control characters
            which = "main" if ch == "\n" else f.font_for(ch)
            if which is None:
                if ch.isspace():
                    ch, which = " ", "main"
                else:
                    self.unprintable.add(ch)
                    ch = f.marker
                    which = f.font_for(ch) or "main"
            use_fallback = which == "fallback"
            if out and out[-1][0] == use_fallback:
                out[-1] = (use_fallback, out[-1][1] + ch)
            else:
                out.append((use_fallback, ch))
        return out

    def markup(self, text: str | None) -> str:
        """Escape text for a Paragraph and keep its line breaks."""
        if not text:
            return ""
        parts = []
        for use_fallback, chunk in self.runs(text):
            safe = escape(chunk).replace("\n", "<br/>")
            parts.append(f'<font face="{FALLBACK}">{safe}</font>' if use_fallback else safe)
        return "".join(parts)

    def canvas_runs(self, text: str, bold: bool = False) -> list[tuple[str, str]]:
        """(font name, chunk) pairs for drawing straight on a canvas."""
        f = self.fonts
        main = f.bold if bold else f.regular
        extra = (f.fallback_bold if bold else f.fallback) or main
        return [(extra if fb else main, chunk) for fb, chunk in self.runs(text)]


def runs_width(runs: list[tuple[str, str]], size: float) -> float:
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in runs)
