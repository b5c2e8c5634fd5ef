"""Referrals: for a person and across my caseload."""
