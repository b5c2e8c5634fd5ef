"""A small bar chart of the person's own 0–10 ratings of a goal over time.

Drawn with plain reportlab shapes so every label's font and size is ours: the chart must
obey large print (16 pt minimum) and embed only our fonts.
"""

from __future__ import annotations

import calendar
import datetime as dt

from reportlab.graphics.shapes import Drawing, Line, Rect, String

from carecoord.documents.fonts import fonts
from carecoord.documents.styles import BLUE, INK, MUTED, RULE


def _label(d: dt.date) -> tuple[str, str]:
    return f"{d.day} {calendar.month_abbr[d.month]}", str(d.year)


def ratings_chart(ratings: tuple[tuple[dt.date, int], ...], width: float, font_size: float,
                  most: int = 8) -> Drawing:
    """Bars for the latest `most` ratings, oldest on the left, each labelled with its date."""
    f = fonts()
    shown = ratings[-most:]
    fs = font_size
    left, bottom, top_pad = fs * 2.0, fs * 2.6, fs * 1.4
    plot_h = max(60.0, fs * 5)
    height = bottom + plot_h + top_pad
    d = Drawing(width, height, initialFontName=f.regular)
    plot_w = width - left - fs * 0.5
    # Axis: 0, 5 and 10, with faint guide lines.
    for value in (0, 5, 10):
        y = bottom + plot_h * value / 10
        d.add(Line(left, y, left + plot_w, y, strokeColor=RULE if value else INK,
                   strokeWidth=0.6 if value else 1))
        d.add(String(left - fs * 0.4, y - fs * 0.35, str(value), fontName=f.regular,
                     fontSize=fs, fillColor=MUTED, textAnchor="end"))
    slot = plot_w / max(len(shown), 1)
    bar_w = min(slot * 0.55, fs * 3)
    previous_year = None
    for i, (when, score) in enumerate(shown):
        cx = left + slot * (i + 0.5)
        h = plot_h * max(0, min(score, 10)) / 10
        d.add(Rect(cx - bar_w / 2, bottom, bar_w, max(h, 0.8), fillColor=BLUE,
                   strokeColor=None))
        d.add(String(cx, bottom + h + fs * 0.25, str(score), fontName=f.bold, fontSize=fs,
                     fillColor=INK, textAnchor="middle"))
        day_month, year = _label(when)
        d.add(String(cx, bottom - fs * 1.15, day_month, fontName=f.regular, fontSize=fs,
                     fillColor=INK, textAnchor="middle"))
        if year != previous_year:
            d.add(String(cx, bottom - fs * 2.3, year, fontName=f.regular, fontSize=fs,
                         fillColor=MUTED, textAnchor="middle"))
        previous_year = year
    return d


def chart_width(count: int, font_size: float, frame_width: float, most: int = 8) -> float:
    """Wide enough for each date label, never wider than the text column."""
    per_bar = font_size * 4.2
    return min(frame_width, font_size * 2.5 + per_bar * min(count, most))
