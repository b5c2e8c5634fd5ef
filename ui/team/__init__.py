"""The care team: directory, members and the lead professional."""
