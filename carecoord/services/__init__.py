"""Services: each opens a unit of work, reads or writes the ORM, records audit events, and
returns frozen dataclasses. The UI and the command line call these and nothing lower."""
