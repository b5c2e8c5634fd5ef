"""Render resources/icons/carecoord.svg to the PNG sizes desktops ask for, and a Windows .ico.

    .venv/bin/python packaging/render_icons.py

The PNGs and the .ico are committed; run this again only when the SVG changes. Qt's own ICO
writer stores a single image, so the multi-size .ico is written with Pillow (already installed:
reportlab depends on it).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico holds


def render(renderer, size: int):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts, plugins
    renderer = QSvgRenderer(str(ICONS / "carecoord.svg"))
    if not renderer.isValid():
        print("carecoord.svg could not be read", file=sys.stderr)
        return 1
    pngs: dict[int, bytes] = {}
    for size in SIZES:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        render(renderer, size).save(buffer, "PNG")
        pngs[size] = bytes(buffer.data())
        (ICONS / f"carecoord-{size}.png").write_bytes(pngs[size])
    images = [Image.open(io.BytesIO(pngs[s])) for s in ICO_SIZES]
    largest = images[-1]
    largest.save(ICONS / "carecoord.ico", format="ICO",
                 sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])
    print(f"wrote {len(SIZES)} PNGs and carecoord.ico to {ICONS.name}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
