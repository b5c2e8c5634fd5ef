"""The encrypted SQLite store: engine, ORM models, unit of work, migrations and backups."""
