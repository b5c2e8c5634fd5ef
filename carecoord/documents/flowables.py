"""Small flowables the plan needs: the tear-off line, lines to write on, a checkpoint."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import ActionFlowable, Flowable

from carecoord.documents.styles import MUTED, RULE


class CutLine(Flowable):
    """A dashed line across the column with a short instruction, for the tear-off slip."""

    def __init__(self, label: str, font: str, size: float):
        super().__init__()
        self.label, self.font, self.size = label, font, size

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.size * 2.2

    def draw(self):
        c, y = self.canv, self.size * 0.9
        label_w = c.stringWidth(self.label, self.font, self.size)
        gap_from = (self.width - label_w) / 2 - 8
        c.saveState()
        c.setStrokeColor(MUTED)
        c.setLineWidth(1.2)
        c.setDash(6, 4)
        c.line(0, y, gap_from, y)
        c.line(gap_from + label_w + 16, y, self.width, y)
        c.setFillColor(MUTED)
        c.setFont(self.font, self.size)
        c.drawCentredString(self.width / 2, y - self.size * 0.35, self.label)
        c.restoreState()


class WritingLines(Flowable):
    """Ruled lines to write on, spaced for handwriting at the layout's size."""

    def __init__(self, count: int, spacing: float):
        super().__init__()
        self.count, self.spacing = count, spacing

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.count * self.spacing + 4

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(RULE)
        c.setLineWidth(0.9)
        for i in range(self.count):
            y = 2 + i * self.spacing
            c.line(0, y, self.width, y)
        c.restoreState()


class Cancelled(Exception):
    """Raised inside a batch build when the user cancels."""


class Checkpoint(ActionFlowable):
    """Runs between two people's plans in one file: reports progress, honours a cancel."""

    def __init__(self, on_reach: Callable[[], None]):
        super().__init__()
        self.on_reach = on_reach

    def apply(self, doc):
        self.on_reach()

    def identity(self, maxLen=None):  # noqa: N803 (reportlab's name)
        return "Checkpoint"
