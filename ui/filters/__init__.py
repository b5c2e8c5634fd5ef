"""Caseload filters, saved views, the column chooser and the CSV export of a view."""
