"""Formats other systems read: FHIR R4 bundles, iCalendar, the subject access zip, CSV."""
