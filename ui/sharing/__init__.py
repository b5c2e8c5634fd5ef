"""Sharing a record: consent to share, exports for the person or a recipient, FHIR import,
and the export log."""
