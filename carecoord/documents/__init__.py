"""Printed documents: the person's care plan in standard, large print and easy read layouts.

Pure rendering: `plan_pdf.render` turns a `PlanDocument` into PDF bytes. Assembling the
document from the store, writing files and logging exports is carecoord.services.printing.
"""

from carecoord.documents.plan_data import PlanDocument
from carecoord.documents.plan_pdf import Rendered, plan_pdf_bytes, render, render_many
from carecoord.documents.styles import Layout

__all__ = ["Layout", "PlanDocument", "Rendered", "plan_pdf_bytes", "render", "render_many"]
