"""Alembic environment for dossier's store: runs on the connection dossier passes in
(``config.attributes["connection"]``), inside dossier's own transaction and lock; or, from the
``alembic`` command line, on ``sqlalchemy.url``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from dossier.store.migrate import target_metadata
from dossier.store.search import include_object

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata(),
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as conn:
        context.configure(
            connection=conn, target_metadata=target_metadata(), include_object=include_object
        )
        with context.begin_transaction():
            context.run_migrations()


run()
