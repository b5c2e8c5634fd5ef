"""Simple symbols for each section, drawn with reportlab graphics (no image files, no fonts).

Each is drawn on a 100 x 100 grid and scaled. They are deliberately plain: one idea each,
bold shapes, dark on light, so they still read when printed in black and white.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, Rect
from reportlab.lib import colors

from carecoord.documents.fonts import fonts
from carecoord.documents.styles import AMBER, BLUE, DARK_BLUE, GREEN, RED

WHITE = colors.white
DIM = colors.HexColor("#5A5F63")


def _heart() -> Group:
    p = Path(fillColor=RED, strokeColor=None)
    p.moveTo(50, 14)
    p.curveTo(20, 38, 4, 56, 12, 74)
    p.curveTo(20, 92, 44, 92, 50, 74)
    p.curveTo(56, 92, 80, 92, 88, 74)
    p.curveTo(96, 56, 80, 38, 50, 14)
    p.closePath()
    return Group(p)


def _flag() -> Group:
    return Group(
        Rect(18, 6, 7, 88, fillColor=DARK_BLUE, strokeColor=None),
        Polygon([25, 92, 86, 76, 25, 58], fillColor=GREEN, strokeColor=None),
        Rect(10, 4, 24, 6, fillColor=DARK_BLUE, strokeColor=None),
    )


def _person(x: float, y: float, scale: float, colour) -> list:
    body = Path(fillColor=colour, strokeColor=None)
    body.moveTo(x - 20 * scale, y)
    body.lineTo(x + 20 * scale, y)
    body.curveTo(x + 20 * scale, y + 30 * scale, x + 12 * scale, y + 38 * scale, x, y + 38 * scale)
    body.curveTo(x - 12 * scale, y + 38 * scale, x - 20 * scale, y + 30 * scale, x - 20 * scale, y)
    body.closePath()
    return [body, Circle(x, y + 52 * scale, 12 * scale, fillColor=colour, strokeColor=None)]


def _people() -> Group:
    return Group(*_person(66, 12, 0.9, BLUE), *_person(36, 8, 1.05, DARK_BLUE))


def _calendar() -> Group:
    g = Group(
        Rect(8, 8, 84, 78, rx=6, ry=6, fillColor=WHITE, strokeColor=DARK_BLUE, strokeWidth=5),
        Rect(8, 62, 84, 24, rx=6, ry=6, fillColor=DARK_BLUE, strokeColor=None),
        Rect(26, 78, 7, 18, rx=3, ry=3, fillColor=DIM, strokeColor=None),
        Rect(67, 78, 7, 18, rx=3, ry=3, fillColor=DIM, strokeColor=None),
    )
    for row in range(3):
        for col in range(4):
            lit = (row, col) == (1, 2)
            g.add(Rect(16 + col * 18, 14 + row * 15, 13, 10,
                       fillColor=RED if lit else colors.HexColor("#AEB7BD"), strokeColor=None))
    return g


def _traffic_light(lit: str | None = None) -> Group:
    g = Group(Rect(28, 2, 44, 96, rx=10, ry=10, fillColor=colors.HexColor("#2F3133"),
                   strokeColor=None))
    for y, name, colour in ((76, "red", RED), (50, "amber", AMBER), (24, "green", GREEN)):
        on = lit is None or lit == name
        g.add(Circle(50, y, 11, fillColor=colour if on else DIM, strokeColor=None))
    return g


def _house() -> Group:
    return Group(
        Polygon([6, 52, 50, 92, 94, 52], fillColor=RED, strokeColor=None),
        Rect(16, 8, 68, 48, fillColor=BLUE, strokeColor=None),
        Rect(42, 8, 16, 28, fillColor=WHITE, strokeColor=None),
        Rect(22, 32, 14, 12, fillColor=WHITE, strokeColor=None),
        Rect(64, 32, 14, 12, fillColor=WHITE, strokeColor=None),
    )


def _signpost() -> Group:
    return Group(
        Rect(45, 4, 10, 90, fillColor=DIM, strokeColor=None),
        Polygon([20, 80, 80, 80, 94, 70, 80, 60, 20, 60], fillColor=BLUE, strokeColor=None),
        Polygon([80, 48, 20, 48, 6, 38, 20, 28, 80, 28], fillColor=GREEN, strokeColor=None),
    )


def _carers() -> Group:
    heart = _heart()
    heart.transform = (0.34, 0, 0, 0.34, 33, 62)
    return Group(*_person(28, 6, 0.95, DARK_BLUE), *_person(72, 6, 0.95, BLUE), heart)


def _clipboard() -> Group:
    tick = Path(fillColor=None, strokeColor=GREEN, strokeWidth=9, strokeLineCap=1,
                strokeLineJoin=1)
    tick.moveTo(30, 44)
    tick.lineTo(45, 28)
    tick.lineTo(72, 60)
    return Group(
        Rect(14, 4, 72, 86, rx=6, ry=6, fillColor=WHITE, strokeColor=DARK_BLUE, strokeWidth=5),
        Rect(34, 82, 32, 14, rx=4, ry=4, fillColor=DARK_BLUE, strokeColor=None),
        tick,
    )


def _pencil() -> Group:
    g = Group(
        Polygon([14, 14, 24, 40, 70, 86, 86, 70, 40, 24], fillColor=AMBER, strokeColor=None),
        Polygon([14, 14, 40, 24, 24, 40], fillColor=colors.HexColor("#E8D3A8"),
                strokeColor=None),
        Polygon([14, 14, 22, 17, 17, 22], fillColor=colors.HexColor("#2F3133"),
                strokeColor=None),
        Polygon([70, 86, 86, 70, 94, 78, 78, 94], fillColor=RED, strokeColor=None),
    )
    g.add(Line(8, 6, 60, 6, strokeColor=DARK_BLUE, strokeWidth=4))
    return g


_SYMBOLS: dict[str, Callable[[], Group]] = {
    "heart": _heart, "flag": _flag, "people": _people, "calendar": _calendar,
    "traffic_light": _traffic_light, "house": _house, "signpost": _signpost,
    "carers": _carers, "clipboard": _clipboard, "pencil": _pencil,
}

NAMES = tuple(_SYMBOLS)


def symbol(name: str, size: float, lit: str | None = None) -> Drawing:
    """A square drawing of `size` points. `lit` picks the one lamp lit on a traffic light."""
    group = _traffic_light(lit) if name == "traffic_light" else _SYMBOLS[name]()
    scale = size / 100
    group.transform = (scale, 0, 0, scale, 0, 0)
    d = Drawing(size, size, initialFontName=fonts().regular)
    d.add(group)
    return d
