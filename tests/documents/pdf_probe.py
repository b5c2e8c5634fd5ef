"""Reading printed plans back: text per page, every text run with its size, and the fonts."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


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
