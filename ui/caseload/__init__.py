"""The caseload: a table model over lightweight rows, and the screen around it."""
