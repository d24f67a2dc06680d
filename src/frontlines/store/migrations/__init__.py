"""Alembic migrations for the event store, run programmatically when a Store opens."""
