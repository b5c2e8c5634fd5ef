"""The dashboard: the caseload's figures drawn as charts."""
