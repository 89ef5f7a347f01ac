"""Persistence only: models, engine, migrations and queries. Imports nothing from the domain."""
