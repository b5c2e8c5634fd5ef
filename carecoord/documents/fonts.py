"""Fonts for printed documents: Atkinson Hyperlegible Next, registered once per process.

Every font in a CareCoord PDF is embedded, so reportlab's built-in Helvetica is never used.
Atkinson covers Latin scripts only. For other scripts (Greek, Cyrillic, Arabic, Hebrew...)
fallback TrueType fonts are used character by character (by paragraph.py in paragraphs, by
TextPrep.canvas_runs for lines drawn on the canvas): every .ttf in
resources/fonts/fallback/ (a "-Bold" file is the bold of the font it is named after), or when
there are none, DejaVu Sans or another broad font found on the computer. Where several
fallbacks have a letter, the one covering most of its script draws it, so a paragraph in one
script is not a patchwork of fonts. A character that no font has is printed as a visible
marker and reported, never silently dropped.

Arabic-script letters are joined, and right-to-left text put in reading order, by rtl.py:
joining here, as text is prepared; ordering when each line is drawn (paragraph.py) or, for a
single line drawn on the canvas, here.
"""

from __future__ import annotations

import sys
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from carecoord.documents import rtl

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


# Script groups for choosing between fallbacks: a letter's presentation forms count with the
# letter. Anything else is grouped by its 256-character block.
_GROUPS = (
    ("arabic", ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF),
                (0xFE70, 0xFEFF))),
    ("hebrew", ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
)


def _group(code: int) -> str:
    for name, ranges in _GROUPS:
        if any(lo <= code <= hi for lo, hi in ranges):
            return name
    return f"block-{code >> 8:x}"


@dataclass(frozen=True)
class Fallback:
    name: str  # the regular face, as registered with reportlab
    bold: str  # the bold face, or the regular one again when there is no bold file
    file: str
    cmap: frozenset[int] = field(repr=False)


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    fallbacks: tuple[Fallback, ...]
    marker: str
    _main: frozenset[int] = field(repr=False)
    _ranked: dict[str, tuple[Fallback, ...]] = field(default_factory=dict, repr=False,
                                                      compare=False)
    _chosen: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def fallback(self) -> str | None:
        return self.fallbacks[0].name if self.fallbacks else None

    @property
    def fallback_bold(self) -> str | None:
        return self.fallbacks[0].bold if self.fallbacks else None

    @property
    def fallback_file(self) -> str | None:
        return self.fallbacks[0].file if self.fallbacks else None

    def _ranking(self, group: str) -> tuple[Fallback, ...]:
        ranked = self._ranked.get(group)
        if ranked is None:
            def coverage(fb: Fallback) -> int:
                return sum(1 for code in fb.cmap if _group(code) == group)

            ranked = tuple(sorted(self.fallbacks, key=coverage, reverse=True))  # stable
            self._ranked[group] = ranked
        return ranked

    def font_for(self, ch: str) -> str | None:
        """'main', the name of the fallback that draws the character, or None if none can."""
        try:
            return self._chosen[ch]
        except KeyError:
            pass
        code = ord(ch)
        which = "main" if code in self._main else next(
            (fb.name for fb in self._ranking(_group(code)) if code in fb.cmap), None)
        self._chosen[ch] = which
        return which

    def bold_of(self, name: str) -> str:
        return next((fb.bold for fb in self.fallbacks if fb.name == name), name)

    def split(self, text: str) -> list[tuple[str | None, str]]:
        """(fallback face or None for the main font, chunk) runs of text already prepared
        by TextPrep, so every character has a font. A space between two words of a fallback
        font stays in that font: one run instead of three, which reportlab measures and
        breaks into lines much faster."""
        chars: list[tuple[str, str | None]] = []
        for ch in text:
            which = self.font_for(ch)
            face = None if which in ("main", None) else which
            if face is None and ch == " " and chars and chars[-1][1] is not None:
                face = chars[-1][1]
            chars.append((ch, face))
        return _group_runs(chars)


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


_STYLE_WORDS = ("-Bold", "-Italic", "-Oblique", "-Light", "-Medium", "-Semi", "-Extra",
                "-Black", "-Thin", "-Condensed")


def _bundled_fallbacks() -> list[tuple[Path, Path | None]]:
    """(regular, bold) pairs from resources/fonts/fallback/, in name order."""
    folder = fonts_dir() / "fallback"
    out: list[tuple[Path, Path | None]] = []
    for path in sorted(folder.glob("*.ttf")) if folder.is_dir() else []:
        if any(word in path.stem for word in _STYLE_WORDS):
            continue  # a bold (or other weight) of a font listed under its own name
        bold = folder / f"{path.stem.removesuffix('-Regular')}-Bold.ttf"
        out.append((path, bold if bold.is_file() else None))
    return out


def _system_fallbacks() -> list[tuple[Path, Path | None]]:
    return [(Path(regular), Path(bold) if bold and Path(bold).is_file() else None)
            for regular, bold in _SYSTEM_FALLBACKS if Path(regular).is_file()]


def _face_names(index: int) -> tuple[str, str]:
    suffix = "" if index == 0 else f"{index + 1}"
    return FALLBACK + suffix, FALLBACK_BOLD.replace("-Bold", f"{suffix}-Bold")


def _register_fallback(index: int, regular: Path, bold: Path | None) -> list[Fallback]:
    """The font registered under our own face names, or nothing if it cannot be read."""
    name, bold_name = _face_names(index)
    font = _load(name, regular)
    if font is None:
        return []
    if bold is None or _load(bold_name, bold) is None:
        bold_name = name
    # So that <b> inside a <font face=...> of ours picks the bold, as for any family.
    for bold_flag in (0, 1):
        for italic_flag in (0, 1):
            addMapping(name, bold_flag, italic_flag, bold_name if bold_flag else name)
    return [Fallback(name, bold_name, str(regular), _cmap(font))]


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
    fallbacks: list[Fallback] = []
    for regular, bold in _bundled_fallbacks():
        fallbacks += _register_fallback(len(fallbacks), regular, bold)
    for regular, bold in [] if fallbacks else _system_fallbacks():
        fallbacks += _register_fallback(0, regular, bold)
        if fallbacks:
            break
    marker = next(m for m in _MARKERS
                  if ord(m) in main_cmap or any(ord(m) in fb.cmap for fb in fallbacks)
                  or m == "?")
    return FontSet(REGULAR, BOLD, ITALIC, BOLD_ITALIC, tuple(fallbacks), marker, main_cmap)


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

    Arabic-script letters are joined first (rtl.shape). One instance per rendered document,
    so the document can say when a marker was used.
    """

    def __init__(self, font_set: FontSet | None = None):
        self.fonts = font_set or fonts()
        self.unprintable: set[str] = set()

    def _chars(self, text: str) -> list[tuple[str, str | None]]:
        """(character, fallback face or None for the main font), letters joined."""
        out: list[tuple[str, str | None]] = []
        f = self.fonts
        for ch in rtl.shape(text):
            if ch in rtl.STEERING:
                continue  # joiners have done their work; direction marks are not drawn
            if ch != "\n" and not ch.isprintable():
                ch = " "  # tabs and control characters
            which = "main" if ch == "\n" else f.font_for(ch)
            if which is not None:
                out.append((ch, None if which == "main" else which))
                continue
            if ch.isspace():
                out.append((" ", None))
                continue
            # A joined form no font has: the plain letter(s) print unjoined but readable.
            plain = unicodedata.normalize("NFKC", ch)
            where = [f.font_for(c) for c in plain]
            if plain != ch and all(where):
                out += [(c, None if w == "main" else w) for c, w in zip(plain, where,
                                                                        strict=True)]
                continue
            self.unprintable.update(c for c, w in zip(plain, where, strict=True) if not w)
            which = f.font_for(f.marker) or "main"
            out.append((f.marker, None if which == "main" else which))
        return out

    def markup(self, text: str | None) -> str:
        """Escape text for a Paragraph and keep its line breaks. The Paragraph
        (paragraph.py) gives each character its font, in the weight around it."""
        if not text:
            return ""
        prepared = "".join(ch for ch, _ in self._chars(text))
        return escape(prepared).replace("\n", "<br/>")

    def canvas_runs(self, text: str, bold: bool = False) -> list[tuple[str, str]]:
        """(font name, chunk) pairs for drawing one line straight on a canvas, left to right:
        right-to-left text is already in the order it is seen."""
        f = self.fonts
        chars = self._chars(text)
        line = "".join(ch for ch, _ in chars)
        if rtl.has_rtl(line):
            chars = [(p.char, chars[p.index][1])
                     for p in rtl.visual_order(line, rtl.starts_rtl(line))]
        main = f.bold if bold else f.regular
        return [((f.bold_of(face) if bold else face) if face else main, chunk)
                for face, chunk in _group_runs(chars)]


def _group_runs(chars: list[tuple[str, str | None]]) -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = []
    for ch, face in chars:
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + ch)
        else:
            out.append((face, ch))
    return out


def runs_width(runs: list[tuple[str, str]], size: float) -> float:
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in runs)
