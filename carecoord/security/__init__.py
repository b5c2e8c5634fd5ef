"""Keys, users and the audit trail."""
