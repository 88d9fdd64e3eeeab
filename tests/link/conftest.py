"""A store target on SQLite or on a fresh PostgreSQL database (as in tests/store).

The PostgreSQL variant needs the server named by ``$DOSSIER_TEST_POSTGRES`` (default
``postgresql://postgres@127.0.0.1:5432/postgres``); without one it is skipped, unless
``DOSSIER_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

ADMIN_URL_ENV = "DOSSIER_TEST_POSTGRES"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REQUIRE_ENV = "DOSSIER_REQUIRE_POSTGRES"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def link_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A target for :func:`open_store`: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "link.db")
        return
    import psycopg

    admin = os.environ.get(ADMIN_URL_ENV, DEFAULT_ADMIN_URL)
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"no PostgreSQL at {make_url(admin)!s}: {exc}")
        pytest.skip(f"no PostgreSQL at {make_url(admin)!s}: {exc}")
    name = f"dossier_link_{uuid.uuid4().hex[:12]}"
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
