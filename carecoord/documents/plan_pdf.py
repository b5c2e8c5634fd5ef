"""Render one or many printed plans to PDF bytes. Pure: no store, no files."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.platypus import NextPageTemplate, PageBreak

from carecoord.documents import wording as say
from carecoord.documents.flowables import Checkpoint
from carecoord.documents.fonts import TextPrep, fonts
from carecoord.documents.page_template import (
    PageInfo,
    PlanCanvas,
    PlanDocTemplate,
    page_template,
)
from carecoord.documents.plan_data import PlanDocument
from carecoord.documents.plan_story import PlanStory
from carecoord.documents.styles import Layout, look


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int
    unprintable: frozenset[str]  # characters no font could draw, printed as a marker


def _page_info(key: str, doc: PlanDocument, layout: Layout, professional: bool) -> PageInfo:
    kind = "Professional copy" if professional else "Care plan"
    state = {"DRAFT": " (draft)", "REPLACED": " (old version)"}.get(doc.watermark or "", "")
    return PageInfo(key=key, name=doc.name, nhs=doc.nhs_formatted,
                    version_text=f"{kind} version {doc.version}{state}",
                    printed_text=f"Printed {say.day(doc.printed_on)}",
                    app_text=f"CareCoord {doc.app_version}", watermark=doc.watermark,
                    look=look(layout))


def _check(doc: PlanDocument, professional: bool) -> None:
    if professional and not doc.professional_detail:
        raise ValueError("A professional copy needs a document assembled with professional "
                         "detail.")


def render_many(items: Sequence[tuple[PlanDocument, Layout]], professional: bool = False,
                on_each: Callable[[int], None] | None = None, title: str | None = None
                ) -> Rendered:
    """Several people's plans in one PDF, each numbered 'Page x of y' within itself.

    `on_each(i)` runs as the i-th plan starts; it may raise to stop the build (cancel).
    """
    if not items:
        raise ValueError("Nothing to print.")
    fonts()  # registered once per process
    for doc, _ in items:
        _check(doc, professional)
    first = items[0][0]
    buf = io.BytesIO()
    if title is None:
        title = (f"Care plan for {first.name}" if len(items) == 1
                 else f"Care plans for {len(items)} people")
        if professional:
            title += " (professional copy)"
    subject = (f"Personalised care and support plan, version {first.version}"
               if len(items) == 1 else "Personalised care and support plans")
    template = PlanDocTemplate(buf, title=title, author=first.printed_by, subject=subject,
                               creator=f"CareCoord {first.app_version}")
    story = []
    preps: list[TextPrep] = []
    templates = []
    for i, (doc, layout) in enumerate(items):
        prep = TextPrep()
        preps.append(prep)
        key = f"plan-{i}"
        templates.append(page_template(_page_info(key, doc, Layout(layout), professional),
                                       prep))
        if i:
            story += [NextPageTemplate(key), PageBreak()]
        if on_each is not None:
            story.append(Checkpoint(lambda i=i: on_each(i)))
        story += PlanStory(doc, Layout(layout), professional, prep).build()
    template.addPageTemplates(templates)
    template.build(story, canvasmaker=PlanCanvas)
    unprintable = frozenset().union(*(p.unprintable for p in preps))
    return Rendered(buf.getvalue(), template.canv.page_count, unprintable)


def render(doc: PlanDocument, layout: Layout | str = Layout.STANDARD,
           professional: bool = False) -> Rendered:
    return render_many([(doc, Layout(layout))], professional)


def plan_pdf_bytes(doc: PlanDocument, layout: Layout | str = Layout.STANDARD,
                   professional: bool = False) -> bytes:
    return render(doc, layout, professional).data
