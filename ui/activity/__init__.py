"""The activity log on a person's record: contacts, admissions, discharges and the outcome."""
