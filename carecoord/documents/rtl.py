"""Right-to-left text (Arabic script, Hebrew) for reportlab, which draws every string left to
right, one glyph per character, and knows nothing of joining letters.

Two steps, done at different times:

- `shape` joins Arabic-script letters by swapping each for the presentation form its
  neighbours call for (arabic-reshaper). It works on the text in the order it was typed, so it
  runs before reportlab breaks a paragraph into lines.
- `visual_order` puts one line's characters in the order they are seen, left to right (the
  Unicode bidirectional algorithm, from python-bidi). It runs on each line after the
  paragraph has been broken into lines, so a paragraph of several lines still reads from its
  first line down.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import arabic_reshaper
from bidi import algorithm as python_uba
from bidi import get_base_level, get_display
from bidi.mirror import MIRRORED

# Letters written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko and the other blocks up
# to U+08FF, the Hebrew and Arabic presentation forms, and the right-to-left blocks of the
# supplementary planes.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"
                  "\U00010800-\U00010fff\U0001e800-\U0001efff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff]")

# Harakat (short-vowel signs) are kept: they are part of what the person wrote. The ALLAH word
# ligature is left off because few fonts have it; lam-alef, which every reader expects, stays
# on (the reshaper's default).
_reshaper = arabic_reshaper.ArabicReshaper(configuration={
    "delete_harakat": False,
    "ARABIC LIGATURE ALLAH": False,
})

# Joiners and direction marks: they steer joining and ordering and draw nothing. Joiners are
# read by `shape`; direction marks are not kept, because fonts seldom map them and reportlab
# would measure and draw them as missing glyphs. The text's letters decide its direction.
STEERING = frozenset("\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                     "\u2066\u2067\u2068\u2069")
_INVISIBLE = {"BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def shape(text: str) -> str:
    """Arabic-script letters replaced by their joined presentation forms; other text as it is."""
    if not _ARABIC.search(text):
        return text
    return _reshaper.reshape(text)


def starts_rtl(text: str) -> bool:
    """Whether a paragraph reads right to left: its first letter with a direction decides
    (rules P2 and P3 of the bidirectional algorithm)."""
    return has_rtl(text) and get_base_level(text) == 1


@dataclass(frozen=True)
class Placed:
    index: int  # where the character sits in the line as typed
    char: str  # what to draw: mirrored inside right-to-left runs, such as ')' for '('


_DIGITS = re.compile(r"\d+")


def _levels(line: str, rtl: bool) -> list[int]:
    """The embedding level of each character (odd reads right to left).

    python-bidi's `get_display` returns only the reordered string, but the caller must know
    where each character came from, to keep its font, weight and colour. With `debug=True` it
    returns the levels its Rust implementation (Unicode 6.3 and later: bracket pairs, isolates)
    worked out, one per byte of UTF-8. Should a later release print them differently, the
    package's pure-Python implementation, which predates bracket pairs, gives them instead.
    """
    dump = get_display(line, base_dir="R" if rtl else "L", debug=True)
    per_byte: list[int] = []
    if isinstance(dump, str):
        # The dump is pretty-printed: the text inside it cannot hold a real line break, so
        # this heading and the closing bracket are found only where the dump itself has them.
        start = dump.find("\n    levels: [\n")
        end = dump.find("\n    ],", start)
        if start >= 0 and end > start:
            per_byte = [int(n) for n in _DIGITS.findall(dump, start, end)]
    if len(per_byte) == len(line.encode()):
        levels, at = [], 0
        for ch in line:
            levels.append(per_byte[at])
            at += len(ch.encode())
        return levels
    return _python_levels(line, rtl)


# The pure-Python implementation knows embeddings but not isolates, which came later.
_ISOLATES_AS_EMBEDDINGS = str.maketrans("\u2066\u2067\u2068\u2069", "\u202a\u202b\u202a\u202c")


def _python_levels(line: str, rtl: bool) -> list[int]:
    storage = python_uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    python_uba.get_embedding_levels(line.translate(_ISOLATES_AS_EMBEDDINGS), storage)
    for index, ch in enumerate(storage["chars"]):
        ch["index"] = index
    python_uba.explicit_embed_and_overrides(storage)
    python_uba.resolve_weak_types(storage)
    python_uba.resolve_neutral_types(storage, False)
    python_uba.resolve_implicit_levels(storage, False)
    levels = [1 if rtl else 0] * len(line)  # characters the algorithm set aside draw nothing
    for ch in storage["chars"]:
        levels[ch["index"]] = ch["level"]
    return levels


def visual_order(line: str, rtl: bool) -> list[Placed]:
    """One line's characters in the order they are drawn, left to right.

    `rtl` is the direction of the paragraph the line belongs to. Characters that only steer
    the algorithm (direction marks, joiners) are left out, as they draw nothing.
    """
    if not line:
        return []
    base = 1 if rtl else 0
    levels = _levels(line, rtl)
    kinds = [unicodedata.bidirectional(ch) for ch in line]
    # L1: separators, and white space before them or at the end of the line, take the
    # paragraph's level.
    trailing = True
    for i in range(len(line) - 1, -1, -1):
        if kinds[i] in ("S", "B"):
            levels[i], trailing = base, True
        elif trailing and (kinds[i] == "WS" or kinds[i] in _INVISIBLE):
            levels[i] = base
        else:
            trailing = False
    # L2: from the highest level down to the lowest odd one, reverse every run at that level
    # or higher.
    order = [i for i in range(len(line)) if kinds[i] not in _INVISIBLE]
    top = max(levels)
    lowest_odd = min((lv for lv in levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        out, run = [], []
        for i in order:
            if levels[i] >= level:
                run.append(i)
            else:
                out += run[::-1] + [i]
                run = []
        order = out + run[::-1]
    # L4: inside right-to-left runs, brackets and the like take their mirror image. A mark (a
    # vowel sign) stays before its letter in a reversed run, with no L3 swap: the fonts draw
    # a mark from where it is put towards the right, over the glyph that follows it.
    return [Placed(i, MIRRORED.get(line[i], line[i]) if levels[i] % 2 else line[i])
            for i in order]


def display(line: str, rtl: bool | None = None) -> str:
    """A whole line, shaped and in visual order: for text drawn straight on the canvas."""
    shaped = shape(line)
    if not has_rtl(shaped):
        return shaped
    rtl = starts_rtl(shaped) if rtl is None else rtl
    return "".join(p.char for p in visual_order(shaped, rtl))
