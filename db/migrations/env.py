"""Alembic environment: runs on the connection db.engine.upgrade hands over, or on a URL.

For `alembic revision --autogenerate` during development:
    RECRUITMENT_DATABASE_URL=sqlite:////tmp/x.db alembic -c db/alembic.ini revision --autogenerate
"""

from alembic import context
from sqlalchemy import create_engine

from db.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    from recruitment.settings import database_url  # development use only

    with create_engine(database_url()).begin() as conn:
        _migrate(conn)


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds tables safely.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
