"""A PostgreSQL connection lost between two writes (the server restarted, an admin killed the
session) is replaced, and the next write goes through; a server that is gone gives one clear
StoreError, never silent loss."""

from __future__ import annotations

import os

import psycopg
import pytest
from sqlalchemy import make_url

from dossier.errors import StoreError
from dossier.store import open_store

pytestmark = pytest.mark.postgres


def kill_sessions(url: str) -> int:
    """Terminate every other session on the database of ``url``."""
    admin = os.environ.get("DOSSIER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = make_url(url).database
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return len(rows)


def test_a_lost_connection_is_replaced_before_the_next_write(postgres_url, make_extraction):
    first, second = make_extraction("The first article."), make_extraction("The second one.")
    with open_store(postgres_url) as store:
        assert store.add(first)
        assert kill_sessions(postgres_url) >= 1  # the pooled connection is now dead
        assert store.add(second)
        assert store.counts()["documents"] == 2
        assert store.get(second.document.id) == second


def test_a_server_that_is_gone_is_a_clear_error():
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:1"):
        open_store("postgresql://postgres@127.0.0.1:1/nowhere")
