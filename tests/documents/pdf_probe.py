"""Reading printed plans back: text per page, every text run with its size, and the fonts."""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream


def reader(source: bytes | Path) -> PdfReader:
    return PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)


def page_texts(pdf: PdfReader) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in pdf.pages]


def full_text(pdf: PdfReader) -> str:
    return " ".join(page_texts(pdf))


@dataclass(frozen=True)
class Run:
    page: int
    x: float
    y: float
    size: float  # effective size on paper: Tf size times the text and user space scaling
    font: str  # BaseFont, without the subset prefix
    text: str


def _mult(m, n):
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]


def runs(pdf: PdfReader) -> list[Run]:
    out: list[Run] = []
    for index, page in enumerate(pdf.pages):
        def visit(text, cm, tm, font_dict, font_size, index=index):
            if not text.strip() or font_dict is None:
                return
            m = _mult(tm, cm)
            scale = math.hypot(m[2], m[3])
            name = str(font_dict.get("/BaseFont", "")).lstrip("/").split("+")[-1]
            out.append(Run(index, m[4], m[5], font_size * scale, name, text.strip("\n")))
        page.extract_text(visitor_text=visit)
    return out


def _font_objects(pdf: PdfReader):
    for index, page in enumerate(pdf.pages):
        fonts = page["/Resources"].get_object().get("/Font") or {}
        for key, ref in fonts.get_object().items():
            yield index, key, ref.get_object()


def unembedded_fonts(pdf: PdfReader) -> list[str]:
    """Fonts whose descriptor (or descendant's, for Type0) carries no font file."""
    missing = []
    for index, key, font in _font_objects(pdf):
        targets = [font]
        if font.get("/Subtype") == "/Type0":
            targets = [d.get_object() for d in font["/DescendantFonts"]]
        for f in targets:
            desc = f.get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            if not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(f"page {index + 1} {key} {f.get('/BaseFont')}")
    return missing


def font_names(pdf: PdfReader) -> set[str]:
    return {str(f.get("/BaseFont", "")).lstrip("/").split("+")[-1]
            for _, _, f in _font_objects(pdf)}


def italic_fonts(pdf: PdfReader) -> set[str]:
    out = set()
    for _, _, font in _font_objects(pdf):
        name = str(font.get("/BaseFont", ""))
        desc = font.get("/FontDescriptor")
        angle = desc.get_object().get("/ItalicAngle", 0) if desc is not None else 0
        if "Italic" in name or "Oblique" in name or float(angle) != 0:
            out.add(name)
    return out


@dataclass(frozen=True)
class Drawn:
    """One line of text as drawn: its characters in the order they sit from left to right.

    Read from the content stream rather than with pypdf's text extraction, which puts
    right-to-left letters back into typed order and so cannot show what is on the paper."""
    page: int
    x: float  # left end on the page
    right: float  # right end on the page
    y: float
    size: float
    text: str


_BF = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BF_RANGE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _to_unicode(font) -> dict[int, str]:
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, uni in _BF.findall(block):
            out[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, start in _BF_RANGE.findall(block):
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(int(start, 16) + n)
    return out


def _widths(font) -> dict[int, float]:
    first = int(font.get("/FirstChar", 0))
    return {first + i: float(w) for i, w in enumerate(font.get("/Widths", []))}


def drawn_lines(pdf: PdfReader) -> list[Drawn]:
    out: list[Drawn] = []
    for index, page in enumerate(pdf.pages):
        fonts = {k: v.get_object() for k, v in
                 (page["/Resources"].get_object().get("/Font") or {}).items()}
        decoded = {k: (_to_unicode(f), _widths(f)) for k, f in fonts.items()}
        ops = ContentStream(page.get_contents(), pdf).operations
        ctm, stack = [1, 0, 0, 1, 0, 0], []
        line_m = [1, 0, 0, 1, 0, 0]
        font, size, leading = None, 0.0, 0.0
        current: dict | None = None

        def finish(index=index):
            nonlocal current
            if current and current["text"]:
                out.append(Drawn(index, current["x"], current["x"] + current["w"],
                                 current["y"], current["size"], current["text"]))
            current = None

        for operands, op in ops:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop()
            elif op == b"cm":
                ctm = _mult([float(v) for v in operands], ctm)
            elif op in (b"BT", b"ET"):
                finish()
                line_m = [1, 0, 0, 1, 0, 0]
            elif op == b"Tm":
                finish()
                line_m = [float(v) for v in operands]
            elif op in (b"Td", b"TD"):
                finish()
                line_m = _mult([1, 0, 0, 1, float(operands[0]), float(operands[1])], line_m)
                if op == b"TD":
                    leading = -float(operands[1])
            elif op == b"T*":
                finish()
                line_m = _mult([1, 0, 0, 1, 0, -leading], line_m)
            elif op == b"TL":
                leading = float(operands[0])
            elif op == b"Tf":
                font, size = operands[0], float(operands[1])
            elif op in (b"Tj", b"TJ"):
                strings = operands[0] if op == b"TJ" else [operands[0]]
                chars, widths = decoded[font]
                for s in strings:
                    if not isinstance(s, (bytes, str)) and not hasattr(s, "original_bytes"):
                        continue
                    raw = s.original_bytes if hasattr(s, "original_bytes") else (
                        s.encode("latin-1") if isinstance(s, str) else s)
                    m = _mult(line_m, ctm)
                    if abs(m[1]) > 1e-6:
                        continue  # rotated (the watermark)
                    if current is None:
                        current = {"x": m[4], "y": m[5], "size": size * m[3], "text": "",
                                   "w": 0.0}
                    current["text"] += "".join(chars.get(b, "") for b in raw)
                    current["w"] += sum(widths.get(b, 0) for b in raw) / 1000 * size * m[0]
        finish()
    return _joined(out)


def _joined(pieces: list[Drawn]) -> list[Drawn]:
    """Pieces drawn one after another on a line (runs in different fonts) as one line."""
    out: list[Drawn] = []
    for d in pieces:
        last = out[-1] if out else None
        if (last and last.page == d.page and abs(last.y - d.y) < 0.01
                and abs(last.right - d.x) < 0.5):
            out[-1] = Drawn(d.page, last.x, d.right, d.y, max(last.size, d.size),
                            last.text + d.text)
        else:
            out.append(d)
    return [d for d in out if d.text.strip()]
