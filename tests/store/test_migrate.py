"""Migrations (Alembic): a new store is built by them, an old one (schema 2, before migrations)
is upgraded with its data kept, the result is the schema the code declares, and several
processes opening a new store at once build it once."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, insert, inspect, select

from dossier.model import Extraction
from dossier.store import migrate, open_store
from dossier.store.engine import make_engine, resolve_url
from dossier.store.schema import meta, stories
from dossier.store.search import include_object


def _engine(target: str):
    return make_engine(resolve_url(target))


def test_a_new_store_is_at_the_newest_migration_and_matches_the_code(store_target: str) -> None:
    open_store(store_target).close()
    engine = _engine(store_target)
    with engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, migrate.target_metadata())
    engine.dispose()
    assert diff == []  # the migrations build exactly the tables, columns and indexes declared


def test_a_schema_2_store_is_upgraded_and_keeps_its_articles(
    store_target: str, make_extraction
) -> None:
    # Build the store as dossier's schema 2 did: revision 0001's tables, version "2" in meta,
    # no alembic_version table.
    engine = _engine(store_target)
    with engine.begin() as conn:
        migrate.stamp(conn, "base")
        from alembic import command

        command.upgrade(migrate.config(conn), "0001")
        conn.exec_driver_sql("DROP TABLE alembic_version")
        conn.execute(insert(meta).values(key="schema_version", value="2"))
        conn.exec_driver_sql(
            "INSERT INTO stories (id, plover, reports) VALUES ('story_old', 'AGREE', '[]')"
        )
    engine.dispose()
    extraction: Extraction = make_extraction("An article stored before the upgrade.")
    with open_store(store_target) as store:
        store.add(extraction)
        with store.engine.connect() as conn:
            assert migrate.current(conn) == migrate.head()
            row = conn.execute(select(stories)).one()
            columns = {c["name"] for c in inspect(conn).get_columns("ledgers")}
        assert store.get(extraction.document.id) == extraction
    assert (row.id, row.documents, row.disputed) == ("story_old", 0, [])
    assert {"label", "documents"} <= columns


OPEN = "import sys; from dossier.store import open_store; open_store(sys.argv[1]).close()"


def test_processes_opening_a_new_store_at_once_build_it_once(store_target: str) -> None:
    runs = [
        subprocess.Popen([sys.executable, "-c", OPEN, store_target], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    errors = [run.communicate(timeout=120)[1].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], errors
    engine = _engine(store_target)
    with engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
    engine.dispose()


def test_migrations_run_from_the_alembic_command_line_too(tmp_path) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    cfg = migrate.config()
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "0001")
    command.upgrade(cfg, "head")
    engine = create_engine(url)
    with engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
    engine.dispose()
